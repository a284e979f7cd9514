//! Character classes, word tests and literal tokens of the fast path, each a direct
//! transcription of the pest rule named in its comment (`grammar/lexical.pest`,
//! `grammar/expr.pest`). They work on the pre-passed text, where whitespace is only `' '`.

use super::super::literal::LitKind;
use crate::ast::{Adverb, AdverbKind, BinOp};

/// The byte at `i`, or 0 at the end of the text (the fast path gives up on texts holding a
/// NUL byte, so 0 always means the end).
pub fn at(s: &[u8], i: usize) -> u8 {
    s.get(i).copied().unwrap_or(0)
}

/// Is the text plain enough for the fast path: ASCII outside string literals and no NUL?
/// (Non-ASCII letters are name characters for pest; leaving them to pest keeps every
/// character class here ASCII.)
pub fn plain_ascii(s: &[u8]) -> bool {
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            b'"' | b'\'' => i = super::super::prepass::skip_string(s, i),
            0 => return false,
            c if c >= 0x80 => return false,
            _ => i += 1,
        }
    }
    true
}

/// `ident_start`
pub fn ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

/// `ident_char`
pub fn ident_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

pub fn digit(c: u8) -> bool {
    c.is_ascii_digit()
}

/// The end of a run of name characters starting at `i`.
pub fn word_end(s: &[u8], mut i: usize) -> usize {
    while ident_char(at(s, i)) {
        i += 1;
    }
    i
}

/// The end of the spaces starting at `i`.
pub fn spaces_end(s: &[u8], mut i: usize) -> usize {
    while at(s, i) == b' ' {
        i += 1;
    }
    i
}

/// Does `w` (lowercase) start at `i`, in any case (pest's `^"w"`)?
pub fn starts_ci(s: &[u8], i: usize, w: &str) -> bool {
    s.len() >= i + w.len() && s[i..i + w.len()].eq_ignore_ascii_case(w.as_bytes())
}

/// `^"w" ~ !ident_char`
pub fn kw_ci(s: &[u8], i: usize, w: &str) -> bool {
    starts_ci(s, i, w) && !ident_char(at(s, i + w.len()))
}

/// `"w" ~ !ident_char`
pub fn kw(s: &[u8], i: usize, w: &str) -> bool {
    s[i.min(s.len())..].starts_with(w.as_bytes()) && !ident_char(at(s, i + w.len()))
}

/// `reserved_word`: every alternative ends with `!(ident_char | "!")`, and no word of the list
/// is preceded by a shorter word that is its prefix, so it is a whole-word set test.
pub fn reserved_at(s: &[u8], i: usize) -> bool {
    const RESERVED: &[&str] = &[
        "assert", "as", "and", "break", "case", "continue", "catch", "const", "delete", "defg",
        "def", "do", "exec", "else", "from", "for", "false", "insert", "into", "if", "module",
        "not", "null", "on", "or", "return", "select", "then", "try", "throw", "true", "update",
        "use", "where", "when", "while",
    ];
    let e = word_end(s, i);
    // Reserved words have two to eight letters: most names leave after the length test.
    if !(2..=8).contains(&(e - i)) || at(s, e) == b'!' {
        return false;
    }
    // `DEF` (upper case) is the constant of `undef(`f, DEF)`, not the keyword.
    if &s[i..e] == b"DEF" {
        return false;
    }
    let first = s[i] | 0x20;
    RESERVED.iter().any(|w| {
        w.len() == e - i && w.as_bytes()[0] == first && s[i..e].eq_ignore_ascii_case(w.as_bytes())
    })
}

/// `ident`: the end of the name at `i` (with an in-place `!` that is not `!=`).
pub fn ident_at(s: &[u8], i: usize) -> Option<usize> {
    if !ident_start(at(s, i)) || reserved_at(s, i) {
        return None;
    }
    let e = word_end(s, i);
    Some(if at(s, e) == b'!' && at(s, e + 1) != b'=' {
        e + 1
    } else {
        e
    })
}

/// `any_name`: any word, keywords included.
pub fn any_name_at(s: &[u8], i: usize) -> Option<usize> {
    ident_start(at(s, i)).then(|| word_end(s, i))
}

/// `clause_word`
pub fn clause_word(s: &[u8], i: usize) -> bool {
    let then_ws_word = |w: &str, next: &[&str]| {
        if !starts_ci(s, i, w) || at(s, i + w.len()) != b' ' {
            return false;
        }
        let k = spaces_end(s, i + w.len());
        next.iter().any(|n| kw_ci(s, k, n))
    };
    match at(s, i) | 0x20 {
        b'g' | b'c' | b'p' | b'o' | b'i' | b'l' | b'r' | b'f' => {}
        b'a' | b'd' | b'n' | b'e' | b'h' => {}
        _ => return false,
    }
    ["group", "context", "pivot", "order"]
        .iter()
        .any(|w| then_ws_word(w, &["by"]))
        || ["inner", "left", "right", "full", "cross"]
            .iter()
            .any(|w| then_ws_word(w, &["join", "semi", "outer"]))
        || ["asc", "desc", "nulls", "end", "limit", "having", "csort"]
            .iter()
            .any(|w| kw_ci(s, i, w))
        || (starts_ci(s, i, "is") && at(s, i + 2) == b' ' && {
            let mut k = spaces_end(s, i + 2);
            if starts_ci(s, k, "not") && at(s, k + 3) == b' ' {
                k = spaces_end(s, k + 3);
            }
            kw_ci(s, k, "null")
        })
}

/// `operand_start`: what may start the argument of a prefix call `f x`.
pub fn operand_start(s: &[u8], i: usize) -> bool {
    let c = at(s, i);
    if digit(c) || (c == b'.' && digit(at(s, i + 1))) {
        return true;
    }
    if matches!(c, b'"' | b'\'' | b'`' | b'[') {
        return true;
    }
    if !ident_start(c) {
        return false;
    }
    ["true", "false", "NULL", "null"]
        .iter()
        .any(|w| kw(s, i, w))
        || kw_ci(s, i, "select")
        || kw_ci(s, i, "exec")
        || (!clause_word(s, i) && ident_at(s, i).is_some())
}

/// `infix_operand_start`: what may start the right operand of an infix function.
pub fn infix_operand_start(s: &[u8], i: usize) -> bool {
    operand_start(s, i) || at(s, i) == b'(' || (at(s, i) == b'-' && digit(at(s, i + 1)))
}

/// `infix_shape`: `name operand` after a name, which makes that name the left operand of an
/// infix call rather than a prefix call.
pub fn infix_shape(s: &[u8], i: usize) -> bool {
    if clause_word(s, i) {
        return false;
    }
    let Some(e) = ident_at(s, i) else {
        return false;
    };
    if at(s, e) != b' ' {
        return false;
    }
    let k = spaces_end(s, e);
    operand_start(s, k) || at(s, k) == b'('
}

/// `adverb`: `:E`, `:PU` (a template letter and an optional assemble letter).
pub fn adverb_at(s: &[u8], i: usize) -> Option<(Adverb, usize)> {
    if at(s, i) != b':' {
        return None;
    }
    let kind = AdverbKind::from_letter(char::from(at(s, i + 1)))?;
    let mut e = i + 2;
    let mut assemble = None;
    if matches!(at(s, e), b'D' | b'C' | b'U' | b'K') {
        assemble = Some(char::from(at(s, e)));
        e += 1;
    }
    if ident_char(at(s, e)) {
        return None;
    }
    Some((Adverb { kind, assemble }, e))
}

/// `adverb+`: the templates starting at `i` and their end.
pub fn adverbs_at(s: &[u8], mut i: usize) -> (Vec<Adverb>, usize) {
    let mut out = Vec::new();
    while let Some((a, e)) = adverb_at(s, i) {
        out.push(a);
        i = e;
    }
    (out, i)
}

/// `adverb_op_symbol`: an operator symbol usable as a function, and its end.
pub fn op_symbol_at(s: &[u8], i: usize) -> Option<(BinOp, usize)> {
    let two = [at(s, i), at(s, i + 1)];
    let op2 = match &two {
        b"**" => Some(BinOp::Dot),
        b"&&" => Some(BinOp::And),
        b"||" => Some(BinOp::Or),
        b"==" => Some(BinOp::Eq),
        b"!=" | b"<>" => Some(BinOp::Ne),
        b"<=" => Some(BinOp::Le),
        b">=" => Some(BinOp::Ge),
        b"<-" => Some(BinOp::Join),
        b"<<" => Some(BinOp::Shl),
        b">>" => Some(BinOp::Shr),
        _ => None,
    };
    if let Some(op) = op2 {
        return Some((op, i + 2));
    }
    let op = match two[0] {
        b'+' => BinOp::Add,
        b'-' => BinOp::Sub,
        b'*' => BinOp::Mul,
        b'/' => BinOp::Div,
        b'\\' => BinOp::Ratio,
        b'%' => BinOp::Mod,
        b'&' => BinOp::BitAnd,
        b'|' => BinOp::BitOr,
        b'^' => BinOp::BitXor,
        b'<' => BinOp::Lt,
        b'>' => BinOp::Gt,
        b'$' => BinOp::Cast,
        _ => return None,
    };
    Some((op, i + 1))
}

/// `literal_start`
pub fn literal_start(s: &[u8], i: usize) -> bool {
    let c = at(s, i);
    let num = |j: usize| digit(at(s, j)) || (at(s, j) == b'.' && digit(at(s, j + 1)));
    num(i)
        || (c == b'-' && num(i + 1))
        || matches!(c, b'"' | b'\'' | b'`')
        || ["true", "false", "NULL", "null"]
            .iter()
            .any(|w| kw(s, i, w))
}

/// One literal token: its kind, start, end, and whether a `-` precedes its digits.
pub type Token = (LitKind, usize, usize, bool);

/// `literal`: one token or several separated by spaces; the tokens and the end.
pub fn literal(s: &[u8], i: usize) -> Option<(Vec<Token>, usize)> {
    let mut toks = Vec::new();
    let (k, neg, e) = token(s, i)?;
    toks.push((k, i, e, neg));
    let mut end = e;
    while at(s, end) == b' ' {
        let j = spaces_end(s, end);
        match token(s, j) {
            Some((k, neg, e)) => {
                toks.push((k, j, e, neg));
                end = e;
            }
            None => break,
        }
    }
    Some((toks, end))
}

/// `neg_number | scalar_lit`: the kind, whether negated, and the end.
fn token(s: &[u8], i: usize) -> Option<(LitKind, bool, usize)> {
    if at(s, i) == b'-' {
        let j = i + 1;
        let (k, e) = duration(s, j)
            .map(|e| (LitKind::Duration, e))
            .or_else(|| float(s, j).map(|e| (LitKind::Float, e)))
            .or_else(|| int(s, j).map(|e| (LitKind::Int, e)))?;
        return Some((k, true, e));
    }
    scalar(s, i).map(|(k, e)| (k, false, e))
}

/// `scalar_lit`, alternatives in the grammar's order.
pub fn scalar(s: &[u8], i: usize) -> Option<(LitKind, usize)> {
    let c = at(s, i);
    if digit(c) {
        if digits(s, i, 4) && at(s, i + 4) == b'.' {
            let hit = datetime(s, i)
                .map(|e| (LitKind::Datetime, e))
                .or_else(|| date(s, i).map(|e| (LitKind::Date, e)))
                .or_else(|| month(s, i).map(|e| (LitKind::Month, e)));
            if hit.is_some() {
                return hit;
            }
        }
        if digits(s, i, 2) && at(s, i + 2) == b':' {
            let hit = time(s, i)
                .map(|e| (LitKind::Time, e))
                .or_else(|| minute(s, i).map(|e| (LitKind::Minute, e)));
            if hit.is_some() {
                return hit;
            }
        }
        if at(s, i + 1) == b'0'
            && c == b'0'
            && at(s, i + 2).is_ascii_alphabetic()
            && !ident_char(at(s, i + 3))
        {
            return Some((LitKind::TypedNull, i + 3));
        }
        let d = digits_end(s, i);
        if at(s, d).is_ascii_alphabetic() {
            if let Some(e) = duration(s, i) {
                return Some((LitKind::Duration, e));
            }
        }
        if matches!(at(s, d), b'.' | b'e' | b'E') {
            if let Some(e) = float(s, i) {
                return Some((LitKind::Float, e));
            }
        }
        return int(s, i).map(|e| (LitKind::Int, e));
    }
    match c {
        b'.' => float(s, i).map(|e| (LitKind::Float, e)),
        b'"' | b'\'' => string(s, i).map(|e| (LitKind::Str, e)),
        b'`' => {
            let mut e = i;
            while at(s, e) == b'`' {
                e += 1;
                while ident_char(at(s, e)) || at(s, e) == b'.' {
                    e += 1;
                }
            }
            Some((LitKind::Symbol, e))
        }
        _ => {
            if kw(s, i, "true") || kw(s, i, "false") {
                Some((LitKind::Bool, i + if c == b't' { 4 } else { 5 }))
            } else if kw(s, i, "NULL") || kw(s, i, "null") {
                Some((LitKind::Null, i + 4))
            } else {
                None
            }
        }
    }
}

fn digits(s: &[u8], i: usize, n: usize) -> bool {
    (i..i + n).all(|j| digit(at(s, j)))
}

fn digits_end(s: &[u8], mut i: usize) -> usize {
    while digit(at(s, i)) {
        i += 1;
    }
    i
}

/// `!ident_char` after a token.
fn ends(s: &[u8], e: usize) -> Option<usize> {
    (!ident_char(at(s, e))).then_some(e)
}

/// `date_part`
fn date_part(s: &[u8], i: usize) -> Option<usize> {
    (digits(s, i, 4)
        && at(s, i + 4) == b'.'
        && digits(s, i + 5, 2)
        && at(s, i + 7) == b'.'
        && digits(s, i + 8, 2))
    .then_some(i + 10)
}

/// `time_frac?`: one to nine fraction digits after a `.`.
fn time_frac(s: &[u8], i: usize) -> usize {
    if at(s, i) != b'.' || !digit(at(s, i + 1)) {
        return i;
    }
    let mut e = i + 1;
    while e < i + 10 && digit(at(s, e)) {
        e += 1;
    }
    e
}

/// `d2 ~ ":" ~ d2` at `i`.
fn hh_mm(s: &[u8], i: usize) -> bool {
    digits(s, i, 2) && at(s, i + 2) == b':' && digits(s, i + 3, 2)
}

fn datetime(s: &[u8], i: usize) -> Option<usize> {
    let d = date_part(s, i)?;
    let e = match at(s, d) {
        b'T' if hh_mm(s, d + 1) => {
            let mut e = d + 6;
            if at(s, e) == b':' && digits(s, e + 1, 2) {
                e = time_frac(s, e + 3);
            }
            e
        }
        b' ' if hh_mm(s, d + 1) && at(s, d + 6) == b':' && digits(s, d + 7, 2) => {
            time_frac(s, d + 9)
        }
        _ => return None,
    };
    ends(s, e)
}

fn date(s: &[u8], i: usize) -> Option<usize> {
    ends(s, date_part(s, i)?)
}

fn month(s: &[u8], i: usize) -> Option<usize> {
    (digits(s, i, 4) && at(s, i + 4) == b'.' && digits(s, i + 5, 2) && at(s, i + 7) == b'M')
        .then_some(())?;
    ends(s, i + 8)
}

fn time(s: &[u8], i: usize) -> Option<usize> {
    (hh_mm(s, i) && at(s, i + 5) == b':' && digits(s, i + 6, 2)).then_some(())?;
    ends(s, time_frac(s, i + 8))
}

fn minute(s: &[u8], i: usize) -> Option<usize> {
    (hh_mm(s, i) && at(s, i + 5) == b'm').then_some(())?;
    ends(s, i + 6)
}

/// `duration_lit`: digits, then the first unit of the grammar's list that matches.
fn duration(s: &[u8], i: usize) -> Option<usize> {
    let d = digits_end(s, i);
    if d == i {
        return None;
    }
    const UNITS: &[&str] = &["ns", "us", "ms", "s", "m", "H", "d", "w", "M", "y", "B"];
    let unit = UNITS.iter().find(|u| s[d..].starts_with(u.as_bytes()))?;
    ends(s, d + unit.len())
}

/// `exponent?`
fn exponent(s: &[u8], i: usize) -> Option<usize> {
    if !matches!(at(s, i), b'e' | b'E') {
        return None;
    }
    let mut j = i + 1;
    if matches!(at(s, j), b'+' | b'-') {
        j += 1;
    }
    let e = digits_end(s, j);
    (e > j).then_some(e)
}

fn float(s: &[u8], i: usize) -> Option<usize> {
    let d = digits_end(s, i);
    let body = if d > i && at(s, d) == b'.' && at(s, d + 1) != b'.' {
        let e = digits_end(s, d + 1);
        exponent(s, e).unwrap_or(e)
    } else if d == i && at(s, i) == b'.' && digit(at(s, i + 1)) {
        let e = digits_end(s, i + 1);
        exponent(s, e).unwrap_or(e)
    } else if d > i {
        exponent(s, d)?
    } else {
        return None;
    };
    let e = if matches!(at(s, body), b'f' | b'F') {
        body + 1
    } else {
        body
    };
    ends(s, e)
}

fn int(s: &[u8], i: usize) -> Option<usize> {
    let d = digits_end(s, i);
    if d == i {
        return None;
    }
    let e = if matches!(at(s, d), b'b' | b'c' | b'h' | b'i' | b'l' | b'f' | b'F') {
        d + 1
    } else {
        d
    };
    ends(s, e)
}

/// `string_lit`: a quoted string with backslash escapes; `None` when unterminated.
fn string(s: &[u8], i: usize) -> Option<usize> {
    let quote = s[i];
    let mut j = i + 1;
    while j < s.len() {
        match s[j] {
            b'\\' => j += 2,
            c if c == quote => return Some(j + 1),
            _ => j += 1,
        }
    }
    None
}
