//! The newline pre-pass (which also turns comments, tabs and byte-order marks into spaces,
//! see [`blank`]). DolphinDB ends a statement at a newline, except inside `()`, `[]`
//! and expression braces, after a trailing binary operator or comma, and inside a multi-line
//! SQL query. This pass replaces exactly those newlines by spaces, byte for byte, so every
//! offset (and so every span and line number) stays valid, and the grammar can treat the
//! remaining newlines as statement separators.

/// Brackets deeper than this are rejected before pest sees them, so that neither the parser
/// nor the lowering can overflow the stack on hostile input.
pub const MAX_NESTING: usize = 200;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Frame {
    Paren,
    Bracket,
    /// `{` holding an expression: lambda, dictionary, partial application.
    ExprBrace,
    /// `{` holding statements (and the top level).
    Block,
}

/// What came last before the current position, ignoring spaces and comments.
#[derive(Clone, PartialEq, Eq)]
enum Prev {
    /// Nothing on this statement yet (start of text, after `;` or a significant newline).
    Start,
    Char(u8),
    /// A two-character operator such as `->` or `>=`.
    Op2([u8; 2]),
    Word(String),
}

/// The result of the pre-pass.
pub struct Masked {
    pub text: String,
    /// Set when brackets nest deeper than [`MAX_NESTING`]: the byte offset of the bracket.
    pub too_deep: Option<usize>,
}

/// SQL clause words that continue a query on the next line.
const SQL_CONTINUATIONS: &[&str] = &[
    "from", "where", "group", "context", "pivot", "order", "having", "limit", "csort", "inner",
    "left", "right", "full", "cross", "join", "on", "and", "or", "set", "values", "select", "exec",
    "asc", "desc", "nulls", "when", "then", "else", "end", "map",
];

/// Replaces insignificant newlines by spaces (see the module documentation).
pub fn mask_newlines(src: &str) -> Masked {
    let bytes = src.as_bytes();
    let mut out = bytes.to_vec();
    let mut stack: Vec<(Frame, bool)> = vec![(Frame::Block, false)];
    let mut prev = Prev::Start;
    let mut too_deep = None;
    let mut op_run = 0;
    // Inside `insert into t ...`, a next line starting with `select` continues the statement;
    // after any other query it starts a new one.
    let mut insert_stmt = false;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'"' | b'\'' => {
                i = skip_string(bytes, i);
                prev = Prev::Char(b'"');
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = skip_line(bytes, i);
                blank(&mut out, i, end);
                i = end;
                continue;
            }
            b'#' if src[i..].starts_with("#include") => {
                let end = skip_line(bytes, i);
                blank(&mut out, i, end);
                i = end;
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = skip_block_comment(bytes, i);
                // An unterminated comment stays, so that the parser reports it.
                if bytes[..end].ends_with(b"*/") && end >= i + 4 {
                    blank(&mut out, i, end);
                }
                i = end;
                continue;
            }
            0xEF if bytes[i..].starts_with("\u{FEFF}".as_bytes()) => {
                blank(&mut out, i, i + 3);
                i += 3;
                continue;
            }
            b'\n' => {
                let (frame, in_sql) = *stack.last().expect("the stack always holds the top frame");
                let continues = frame != Frame::Block
                    || is_continuation(&prev)
                    || (in_sql && next_line_continues_sql(bytes, i + 1, insert_stmt));
                if continues {
                    out[i] = b' ';
                } else {
                    if let Some(top) = stack.last_mut() {
                        top.1 = false;
                    }
                    insert_stmt = false;
                    prev = Prev::Start;
                }
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                out[i] = b' ';
                i += 1;
                continue;
            }
            b';' => {
                if let Some(top) = stack.last_mut() {
                    top.1 = false;
                }
                insert_stmt = false;
                prev = Prev::Start;
                i += 1;
                continue;
            }
            b'(' | b'[' | b'{' => {
                let frame = match c {
                    b'(' => Frame::Paren,
                    b'[' => Frame::Bracket,
                    _ if opens_block(&prev) => Frame::Block,
                    _ => Frame::ExprBrace,
                };
                stack.push((frame, false));
                if stack.len() > MAX_NESTING && too_deep.is_none() {
                    too_deep = Some(i);
                }
                prev = if frame == Frame::Block {
                    Prev::Start
                } else {
                    Prev::Char(c)
                };
                i += 1;
                continue;
            }
            b')' | b']' | b'}' => {
                if stack.len() > 1 {
                    stack.pop();
                }
                prev = Prev::Char(c);
                i += 1;
                continue;
            }
            _ => {}
        }
        if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] >= 0x80)
            {
                i += 1;
            }
            let word = src[start..i].to_ascii_lowercase();
            if matches!(
                word.as_str(),
                "select" | "exec" | "update" | "delete" | "insert"
            ) {
                if let Some(top) = stack.last_mut() {
                    top.1 = true;
                }
                insert_stmt |= word == "insert";
            }
            prev = Prev::Word(word);
            continue;
        }
        if c.is_ascii_digit() || c == b'`' {
            // Numbers and symbols: consume them whole so `1.` or `` `a.b `` do not look
            // like operators.
            i += 1;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'_' | b'.' | b'`'))
            {
                i += 1;
            }
            prev = Prev::Word(String::new());
            continue;
        }
        // Runs of prefix operators (`- - - x`, `!!!x`, `< < <x> > >`) nest like brackets.
        if matches!(prev, Prev::Char(b'-' | b'!' | b'<') | Prev::Op2(_))
            && matches!(c, b'-' | b'!' | b'<')
        {
            op_run += 1;
            if op_run > MAX_NESTING && too_deep.is_none() {
                too_deep = Some(i);
            }
        } else {
            op_run = 0;
        }
        prev = match (&prev, c) {
            (Prev::Char(p), _) if is_op_char(*p) => Prev::Op2([*p, c]),
            _ => Prev::Char(c),
        };
        i += 1;
    }
    Masked {
        text: String::from_utf8(out).expect("only whole characters were replaced by spaces"),
        too_deep,
    }
}

/// Does a `{` after `prev` open a block of statements (rather than an expression brace)?
fn opens_block(prev: &Prev) -> bool {
    match prev {
        Prev::Start => true,
        Prev::Char(c) => matches!(c, b')' | b'}'),
        Prev::Op2(_) => false,
        Prev::Word(w) => matches!(w.as_str(), "else" | "do" | "try" | "timer"),
    }
}

/// Does the text before a newline end with a binary operator or a comma?
fn is_continuation(prev: &Prev) -> bool {
    match prev {
        // The pre-pass also continues after a trailing `?` (the ternary operator);
        // `obviously_incomplete` does not count it.
        Prev::Char(c) => ends_with_operator(*c) || *c == b'?',
        Prev::Op2(op) => {
            matches!(op[1], b'=' | b'&' | b'|' | b'<' | b'-' | b'+' | b'*')
                || op == b"->"
                || op == b">>"
                || op == b"<>"
        }
        Prev::Word(w) => matches!(w.as_str(), "and" | "or"),
        Prev::Start => false,
    }
}

fn is_op_char(c: u8) -> bool {
    matches!(
        c,
        b'+' | b'-'
            | b'*'
            | b'/'
            | b'\\'
            | b'%'
            | b'&'
            | b'|'
            | b'^'
            | b'='
            | b'<'
            | b'>'
            | b'!'
            | b':'
            | b'$'
            | b'.'
    )
}

/// Does the line starting at `i` begin with a SQL clause word?
fn next_line_continues_sql(bytes: &[u8], mut i: usize, insert_stmt: bool) -> bool {
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\r') {
        i += 1;
    }
    let start = i;
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
        i += 1;
    }
    let word = String::from_utf8_lossy(&bytes[start..i]).to_ascii_lowercase();
    // `limit = 5` on the next line assigns a variable that happens to share a clause's name.
    let mut j = i;
    while j < bytes.len() && bytes[j] == b' ' {
        j += 1;
    }
    let assigns = bytes.get(j) == Some(&b'=') && bytes.get(j + 1) != Some(&b'=');
    let query_start = matches!(word.as_str(), "select" | "exec");
    SQL_CONTINUATIONS.contains(&word.as_str()) && !assigns && (insert_stmt || !query_start)
}

/// Skips a quoted string starting at `i`; returns the offset after it (or the end of text).
pub fn skip_string(bytes: &[u8], i: usize) -> usize {
    string_end(bytes, i).unwrap_or(bytes.len())
}

/// The offset after the string starting at `i`, or `None` if it is not terminated.
fn string_end(bytes: &[u8], i: usize) -> Option<usize> {
    let quote = bytes[i];
    let mut j = i + 1;
    while j < bytes.len() {
        match bytes[j] {
            b'\\' => j += 2,
            c if c == quote => return Some(j + 1),
            _ => j += 1,
        }
    }
    None
}

/// Replaces `out[from..to]` by spaces. Comments, tabs and byte-order marks become plain
/// spaces so that the grammar's implicit whitespace is a single `" "` test: pest tries it
/// between every two tokens, and trying comment and tab alternatives there was the largest
/// single cost of parsing.
fn blank(out: &mut [u8], from: usize, to: usize) {
    for b in &mut out[from..to] {
        *b = b' ';
    }
}

fn skip_line(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i] != b'\n' {
        i += 1;
    }
    i
}

fn skip_block_comment(bytes: &[u8], i: usize) -> usize {
    let mut j = i + 2;
    while j + 1 < bytes.len() {
        if bytes[j] == b'*' && bytes[j + 1] == b'/' {
            return j + 2;
        }
        j += 1;
    }
    bytes.len()
}

/// A cheap check for text that cannot be complete: an open bracket, an unterminated string
/// or block comment, or a trailing binary operator or comma.
pub fn obviously_incomplete(src: &str) -> bool {
    let bytes = src.as_bytes();
    let mut depth: i64 = 0;
    let mut last: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'"' | b'\'' => {
                let Some(end) = string_end(bytes, i) else {
                    return true;
                };
                i = end;
                last = Some(b'"');
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = skip_line(bytes, i);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = skip_block_comment(bytes, i);
                if end == bytes.len() && !src.ends_with("*/") {
                    return true;
                }
                i = end;
                continue;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth -= 1,
            _ => {}
        }
        if !c.is_ascii_whitespace() {
            last = Some(c);
        }
        i += 1;
    }
    depth > 0 || last.is_some_and(ends_with_operator)
}

/// Is `c`, as the last character before a newline, a binary operator (or comma) that
/// continues the statement on the next line?
fn ends_with_operator(c: u8) -> bool {
    matches!(
        c,
        b'+' | b'-'
            | b'*'
            | b'/'
            | b'\\'
            | b'%'
            | b'&'
            | b'|'
            | b'^'
            | b'='
            | b','
            | b'<'
            | b':'
            | b'$'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(s: &str) -> String {
        mask_newlines(s).text
    }

    #[test]
    fn newlines_inside_brackets_become_spaces() {
        assert_eq!(masked("f(1,\n2)\nx"), "f(1, 2)\nx");
        assert_eq!(masked("x = [1,\n2]\ny"), "x = [1, 2]\ny");
        assert_eq!(masked("x = a +\nb\nc"), "x = a + b\nc");
    }

    #[test]
    fn blocks_keep_newlines_but_expression_braces_do_not() {
        assert_eq!(masked("if (x) {\na\nb\n}"), "if (x) {\na\nb\n}");
        assert_eq!(masked("d = {'a':1,\n'b':2}"), "d = {'a':1, 'b':2}");
        assert_eq!(masked("f(def(x){\na\nb\n})"), "f(def(x){\na\nb\n})");
    }

    #[test]
    fn strings_are_left_alone_and_comments_blanked() {
        assert_eq!(masked("x = \"(\t\"\ny"), "x = \"(\t\"\ny");
        assert_eq!(masked("x = 1 // (\ny"), "x = 1     \ny");
        assert_eq!(
            masked("x =\t/* a\n( */ 1"),
            format!("x ={}1", " ".repeat(11))
        );
        assert_eq!(masked("x = /* open"), "x = /* open");
    }

    #[test]
    fn a_query_line_after_a_query_starts_a_new_statement() {
        assert_eq!(
            masked("select * from t where a > n\nselect * from t"),
            "select * from t where a > n\nselect * from t"
        );
        assert_eq!(
            masked("insert into t\nselect 1 as a"),
            "insert into t select 1 as a"
        );
        assert_eq!(
            masked("select * from t\nlimit = 5"),
            "select * from t\nlimit = 5"
        );
    }

    #[test]
    fn multi_line_sql_continues() {
        assert_eq!(
            masked("select *\nfrom t\nwhere x > 1\ny = 2"),
            "select * from t where x > 1\ny = 2"
        );
    }

    #[test]
    fn incomplete_text() {
        assert!(obviously_incomplete("f(1, "));
        assert!(obviously_incomplete("x = \"abc"));
        assert!(obviously_incomplete("/* abc"));
        assert!(obviously_incomplete("x = 1 +"));
        assert!(!obviously_incomplete("x = 1"));
        assert!(!obviously_incomplete("x = \"a\""));
    }
}
