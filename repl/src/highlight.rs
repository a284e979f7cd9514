//! Syntax highlighting of the line being edited: a small forgiving tokenizer (the line is
//! usually unfinished, so the real parser cannot be used) and ANSI colouring.

/// What a highlighted stretch of the line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Keyword,
    Ident,
    Number,
    String,
    Symbol,
    Comment,
    Other,
}

/// A stretch `start..end` (byte offsets) of one kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
}

/// Splits `line` into tokens. Numbers include temporal literals (`2020.01.01`,
/// `13:30:10.008`, `2012.06.13T13:30:10`, `1l`, `00i`) because their characters run
/// together; an unterminated string or block comment runs to the end of the line.
pub fn tokenize(line: &str, is_keyword: &dyn Fn(&str) -> bool) -> Vec<Token> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        let kind = if c == b'/' && bytes.get(i + 1) == Some(&b'/') {
            i = bytes.len();
            TokenKind::Comment
        } else if c == b'/' && bytes.get(i + 1) == Some(&b'*') {
            i = line[i + 2..]
                .find("*/")
                .map_or(bytes.len(), |p| i + 2 + p + 2);
            TokenKind::Comment
        } else if c == b'"' || c == b'\'' {
            i += 1;
            while i < bytes.len() && bytes[i] != c {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            i = (i + 1).min(bytes.len());
            TokenKind::String
        } else if c == b'`' {
            i += 1;
            while i < bytes.len() && is_word_byte(bytes[i]) {
                i += 1;
            }
            TokenKind::Symbol
        } else if c.is_ascii_digit() {
            while i < bytes.len() && is_number_byte(bytes, i) {
                i += 1;
            }
            TokenKind::Number
        } else if c.is_ascii_alphabetic() || c == b'_' {
            while i < bytes.len() && is_word_byte(bytes[i]) {
                i += 1;
            }
            if is_keyword(&line[start..i]) {
                TokenKind::Keyword
            } else {
                TokenKind::Ident
            }
        } else {
            // Step over one whole character so multi-byte text is never split.
            i += line[i..].chars().next().map_or(1, char::len_utf8);
            TokenKind::Other
        };
        out.push(Token {
            kind,
            start,
            end: i.min(bytes.len()),
        });
    }
    out
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Digits, letters (suffixes, `T`, `M`), `.` and `:` continue a number, except `..` (a
/// range) and a `:` that is not followed by a digit (a pair such as `1:x`).
fn is_number_byte(bytes: &[u8], i: usize) -> bool {
    let b = bytes[i];
    let next = bytes.get(i + 1).copied();
    match b {
        b'.' => next != Some(b'.') && (i == 0 || bytes[i - 1] != b'.'),
        b':' => next.is_some_and(|n| n.is_ascii_digit()),
        _ => is_word_byte(b),
    }
}

fn colour(kind: TokenKind) -> Option<&'static str> {
    match kind {
        TokenKind::Keyword => Some("\x1b[1;35m"),
        TokenKind::Number => Some("\x1b[36m"),
        TokenKind::String => Some("\x1b[32m"),
        TokenKind::Symbol => Some("\x1b[33m"),
        TokenKind::Comment => Some("\x1b[2;37m"),
        TokenKind::Ident | TokenKind::Other => None,
    }
}

/// The line with ANSI colours; `bracket` is the byte offset of a bracket to emphasise (the
/// partner of the one at the cursor).
pub fn highlight_line(
    line: &str,
    is_keyword: &dyn Fn(&str) -> bool,
    bracket: Option<usize>,
) -> String {
    let mut out = String::with_capacity(line.len() + 16);
    for t in tokenize(line, is_keyword) {
        let text = &line[t.start..t.end];
        if bracket == Some(t.start) && t.kind == TokenKind::Other {
            out.push_str("\x1b[1;4m");
            out.push_str(text);
            out.push_str("\x1b[0m");
        } else if let Some(c) = colour(t.kind) {
            out.push_str(c);
            out.push_str(text);
            out.push_str("\x1b[0m");
        } else {
            out.push_str(text);
        }
    }
    out
}

/// The offset of the bracket matching the one at `pos` (or just before it), skipping
/// brackets inside strings and comments.
pub fn matching_bracket(
    line: &str,
    pos: usize,
    is_keyword: &dyn Fn(&str) -> bool,
) -> Option<usize> {
    let tokens = tokenize(line, is_keyword);
    let brackets: Vec<(usize, u8)> = tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Other && t.end == t.start + 1)
        .map(|t| (t.start, line.as_bytes()[t.start]))
        .filter(|(_, b)| b"()[]{}".contains(b))
        .collect();
    let at = brackets
        .iter()
        .position(|&(p, _)| p == pos)
        .or_else(|| brackets.iter().position(|&(p, _)| p + 1 == pos))?;
    let (_, b) = brackets[at];
    let (open, close, forward) = match b {
        b'(' => (b'(', b')', true),
        b'[' => (b'[', b']', true),
        b'{' => (b'{', b'}', true),
        b')' => (b'(', b')', false),
        b']' => (b'[', b']', false),
        _ => (b'{', b'}', false),
    };
    let mut depth = 0i32;
    let step = |k: usize| -> Option<usize> {
        if forward {
            Some(k + 1).filter(|&n| n < brackets.len())
        } else {
            k.checked_sub(1)
        }
    };
    let mut k = at;
    loop {
        let (p, c) = brackets[k];
        if c == open {
            depth += if forward { 1 } else { -1 };
        } else if c == close {
            depth += if forward { -1 } else { 1 };
        }
        if depth == 0 {
            return (k != at).then_some(p);
        }
        k = step(k)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kw(w: &str) -> bool {
        matches!(w, "def" | "select" | "from" | "where")
    }

    fn kinds(line: &str) -> Vec<(TokenKind, &str)> {
        tokenize(line, &kw)
            .into_iter()
            .filter(|t| !line[t.start..t.end].trim().is_empty())
            .map(|t| (t.kind, &line[t.start..t.end]))
            .collect()
    }

    #[test]
    fn tokenizes_literals_keywords_and_comments() {
        use TokenKind::*;
        assert_eq!(
            kinds("x = 2020.01.01T13:30:10 + 1..3 // c"),
            vec![
                (Ident, "x"),
                (Other, "="),
                (Number, "2020.01.01T13:30:10"),
                (Other, "+"),
                (Number, "1"),
                (Other, "."),
                (Other, "."),
                (Number, "3"),
                (Comment, "// c"),
            ]
        );
        assert_eq!(
            kinds("select `a from t where s=\"x\\\"y\""),
            vec![
                (Keyword, "select"),
                (Symbol, "`a"),
                (Keyword, "from"),
                (Ident, "t"),
                (Keyword, "where"),
                (Ident, "s"),
                (Other, "="),
                (String, "\"x\\\"y\""),
            ]
        );
        assert_eq!(kinds("'unterminated"), vec![(String, "'unterminated")]);
        assert_eq!(
            kinds("/* a */ 1"),
            vec![(Comment, "/* a */"), (Number, "1")]
        );
        assert_eq!(
            kinds("é+1"),
            vec![(Other, "é"), (Other, "+"), (Number, "1")]
        );
    }

    #[test]
    fn finds_matching_brackets_outside_strings() {
        let line = "f(a, \")\", [1, 2])";
        assert_eq!(matching_bracket(line, 1, &kw), Some(line.len() - 1));
        assert_eq!(matching_bracket(line, line.len(), &kw), Some(1));
        assert_eq!(matching_bracket(line, 10, &kw), Some(15));
        assert_eq!(matching_bracket("f(a", 1, &kw), None);
        assert_eq!(matching_bracket("abc", 1, &kw), None);
    }

    #[test]
    fn highlighting_keeps_the_text() {
        let line = "def f(x) { return `a + 1 } // end";
        let shown = highlight_line(line, &kw, Some(5));
        let mut plain = String::new();
        let mut in_escape = false;
        for ch in shown.chars() {
            match ch {
                '\x1b' => in_escape = true,
                'm' if in_escape => in_escape = false,
                _ if in_escape => {}
                _ => plain.push(ch),
            }
        }
        assert_eq!(plain, line);
    }
}
