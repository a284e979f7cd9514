//! Literal tokens to values: numbers with type suffixes, temporal literals, durations,
//! typed NULLs, strings with escapes, symbols and space-separated vector literals.

use super::parser::Rule;
use crate::value::{temporal, vector_from_values, DurationUnit, Scalar, Type, Value, Vector};
use pest::iterators::Pair;
use std::sync::Arc;

/// Why a literal token is not a valid value (the caller adds the span).
pub type LitResult<T> = std::result::Result<T, String>;

/// The kinds of literal token, shared by the pest lowering and the hand-written fast path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LitKind {
    Datetime,
    Date,
    Month,
    Time,
    Minute,
    TypedNull,
    Duration,
    Float,
    Int,
    Bool,
    Null,
    Str,
    Symbol,
}

/// The literal kind of a token rule (`None` for other rules).
fn lit_kind(rule: Rule) -> Option<LitKind> {
    Some(match rule {
        Rule::datetime_lit => LitKind::Datetime,
        Rule::date_lit => LitKind::Date,
        Rule::month_lit => LitKind::Month,
        Rule::time_lit => LitKind::Time,
        Rule::minute_lit => LitKind::Minute,
        Rule::typed_null => LitKind::TypedNull,
        Rule::duration_lit => LitKind::Duration,
        Rule::float_lit => LitKind::Float,
        Rule::int_lit => LitKind::Int,
        Rule::bool_lit => LitKind::Bool,
        Rule::null_lit => LitKind::Null,
        Rule::string_lit => LitKind::Str,
        Rule::symbol_lit => LitKind::Symbol,
        _ => return None,
    })
}

/// Is this rule one of the literal tokens handled by [`literal_value`]?
pub fn is_literal_rule(rule: Rule) -> bool {
    matches!(rule, Rule::neg_number | Rule::literal) || lit_kind(rule).is_some()
}

/// The value of a literal pair.
pub fn literal_value(pair: Pair<Rule>) -> LitResult<Value> {
    let text = pair.as_str();
    match pair.as_rule() {
        Rule::literal => {
            let items = pair
                .into_inner()
                .map(literal_value)
                .collect::<LitResult<Vec<_>>>()?;
            Ok(literal_items(items))
        }
        Rule::neg_number => {
            let inner = pair
                .into_inner()
                .next()
                .ok_or_else(|| format!("invalid number {text}"))?;
            let kind = lit_kind(inner.as_rule()).ok_or_else(|| format!("invalid number {text}"))?;
            token_value(kind, inner.as_str(), true)
        }
        rule => match lit_kind(rule) {
            Some(kind) => token_value(kind, text, false),
            None => Err(format!("unexpected literal {rule:?}")),
        },
    }
}

/// One literal token as is, several space-separated ones as a vector (`1 2 3`).
pub fn literal_items(mut items: Vec<Value>) -> Value {
    if items.len() == 1 {
        return items.pop().expect("one item was just counted");
    }
    Value::vector(vector_from_values(items))
}

/// The value of one literal token; `negative` when it followed a `-` (`neg_number`, only
/// durations and numbers).
pub fn token_value(kind: LitKind, text: &str, negative: bool) -> LitResult<Value> {
    let scalar = |s: Scalar| Ok(Value::Scalar(s));
    match kind {
        LitKind::Int | LitKind::Float => number(kind, text, negative),
        LitKind::Bool => scalar(Scalar::bool(text == "true")),
        LitKind::Null => scalar(Scalar::Void),
        LitKind::TypedNull => {
            let c = text.chars().nth(2).unwrap_or(' ');
            let ty = Type::from_null_suffix(c)
                .ok_or_else(|| format!("Invalid typed NULL literal {text}"))?;
            scalar(Scalar::null(ty))
        }
        LitKind::Duration => {
            let digits_end = text
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(text.len());
            let n: i64 = text[..digits_end]
                .parse()
                .map_err(|_| format!("Invalid duration {text}"))?;
            let unit = DurationUnit::from_suffix(&text[digits_end..])
                .ok_or_else(|| format!("Invalid duration {text}"))?;
            scalar(Scalar::Duration(if negative { -n } else { n }, unit))
        }
        LitKind::Date => {
            let days = temporal::parse_date(text).ok_or_else(|| invalid_temporal(text))?;
            scalar(Scalar::from_i64(Type::Date, days))
        }
        LitKind::Month => {
            let m = temporal::parse_month(&text[..text.len() - 1])
                .ok_or_else(|| invalid_temporal(text))?;
            scalar(Scalar::from_i64(Type::Month, m))
        }
        LitKind::Time => {
            let (ty, v) =
                temporal::parse_time_of_day(text).ok_or_else(|| invalid_temporal(text))?;
            scalar(Scalar::from_i64(ty, v))
        }
        LitKind::Minute => {
            let (ty, v) = temporal::parse_time_of_day(&text[..text.len() - 1])
                .ok_or_else(|| invalid_temporal(text))?;
            debug_assert_eq!(ty, Type::Minute);
            scalar(Scalar::from_i64(Type::Minute, v))
        }
        LitKind::Datetime => {
            let (ty, v) = temporal::parse_datetime(text).ok_or_else(|| invalid_temporal(text))?;
            scalar(Scalar::from_i64(ty, v))
        }
        LitKind::Str => Ok(string_value(text)),
        LitKind::Symbol => {
            let names: Vec<Arc<str>> = text[1..].split('`').map(Arc::from).collect();
            if names.len() == 1 {
                scalar(Scalar::string(names[0].clone()))
            } else {
                Ok(Value::vector(Vector::strings(names)))
            }
        }
    }
}

fn invalid_temporal(text: &str) -> String {
    format!("Invalid temporal literal {text}")
}

/// A number token (`3`, `1b`, `2.5f`, `1e3`), negated when it followed a `-`.
fn number(kind: LitKind, text: &str, negative: bool) -> LitResult<Value> {
    let (body, suffix) = match text.chars().last() {
        Some(c) if c.is_ascii_alphabetic() && (kind != LitKind::Float || "fF".contains(c)) => {
            (&text[..text.len() - 1], Some(c))
        }
        _ => (text, None),
    };
    let sign = if negative { -1 } else { 1 };
    if kind == LitKind::Float || matches!(suffix, Some('f' | 'F')) {
        let v: f64 = body.parse().map_err(|_| format!("Invalid number {text}"))?;
        let v = v * sign as f64;
        return Ok(Value::Scalar(match suffix {
            Some('f') => Scalar::float(v as f32),
            _ => Scalar::double(v),
        }));
    }
    let Ok(magnitude) = body.parse::<i128>() else {
        // Wider than any integer type: DolphinDB reads it as a DOUBLE.
        let v: f64 = body.parse().map_err(|_| format!("Invalid number {text}"))?;
        return Ok(Value::double(v * sign as f64));
    };
    let v = magnitude * sign as i128;
    let out_of_range = || format!("The literal {text} is out of range");
    let s = match suffix {
        None => {
            if v > i32::MIN as i128 && v <= i32::MAX as i128 {
                Scalar::int(v as i32)
            } else if v > i64::MIN as i128 && v <= i64::MAX as i128 {
                Scalar::long(v as i64)
            } else {
                Scalar::double(v as f64)
            }
        }
        Some('b') => Scalar::bool(v != 0),
        Some('c') => Scalar::char(i8::try_from(v).map_err(|_| out_of_range())?),
        Some('h') => Scalar::short(i16::try_from(v).map_err(|_| out_of_range())?),
        Some('i') => Scalar::int(i32::try_from(v).map_err(|_| out_of_range())?),
        Some('l') => Scalar::long(i64::try_from(v).map_err(|_| out_of_range())?),
        Some(c) => return Err(format!("Invalid number suffix {c} in {text}")),
    };
    Ok(Value::Scalar(s))
}

/// A quoted string: a one-character single-quoted literal is a CHAR, anything else a STRING.
fn string_value(text: &str) -> Value {
    let quote = text.chars().next().unwrap_or('"');
    let inner = &text[1..text.len().saturating_sub(1).max(1)];
    let s = unescape(inner);
    if quote == '\'' {
        let mut chars = s.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            if c.is_ascii() {
                return Value::Scalar(Scalar::char(c as u8 as i8));
            }
        }
    }
    Value::string(s)
}

/// Resolves `\n \r \t \\ \' \" \0`; other escapes keep their backslash (regex patterns).
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('0') => out.push('\0'),
            Some('\\') => out.push('\\'),
            Some('\'') => out.push('\''),
            Some('"') => out.push('"'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}
