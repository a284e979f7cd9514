//! Literal tokens to values: numbers with type suffixes, temporal literals, durations,
//! typed NULLs, strings with escapes, symbols and space-separated vector literals.

use super::parser::Rule;
use crate::value::{temporal, vector_from_values, DurationUnit, Scalar, Type, Value, Vector};
use pest::iterators::Pair;
use std::sync::Arc;

/// Why a literal token is not a valid value (the caller adds the span).
pub type LitResult<T> = std::result::Result<T, String>;

/// Is this rule one of the literal tokens handled by [`literal_value`]?
pub fn is_literal_rule(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::datetime_lit
            | Rule::date_lit
            | Rule::month_lit
            | Rule::time_lit
            | Rule::minute_lit
            | Rule::typed_null
            | Rule::duration_lit
            | Rule::float_lit
            | Rule::int_lit
            | Rule::neg_number
            | Rule::bool_lit
            | Rule::null_lit
            | Rule::string_lit
            | Rule::symbol_lit
            | Rule::literal
    )
}

/// The value of a literal pair.
pub fn literal_value(pair: Pair<Rule>) -> LitResult<Value> {
    let text = pair.as_str();
    let scalar = |s: Scalar| Ok(Value::Scalar(s));
    match pair.as_rule() {
        Rule::literal => {
            let mut items = pair
                .into_inner()
                .map(literal_value)
                .collect::<LitResult<Vec<_>>>()?;
            if items.len() == 1 {
                return Ok(items.pop().expect("one item was just counted"));
            }
            Ok(Value::vector(vector_from_values(items)))
        }
        Rule::neg_number => {
            let inner = pair
                .into_inner()
                .next()
                .ok_or_else(|| format!("invalid number {text}"))?;
            if inner.as_rule() == Rule::duration_lit {
                return match literal_value(inner)? {
                    Value::Scalar(Scalar::Duration(n, unit)) => {
                        Ok(Value::Scalar(Scalar::Duration(-n, unit)))
                    }
                    other => Ok(other),
                };
            }
            number(inner.as_rule(), inner.as_str(), true)
        }
        Rule::int_lit | Rule::float_lit => number(pair.as_rule(), text, false),
        Rule::bool_lit => scalar(Scalar::bool(text == "true")),
        Rule::null_lit => scalar(Scalar::Void),
        Rule::typed_null => {
            let c = text.chars().nth(2).unwrap_or(' ');
            let ty = Type::from_null_suffix(c)
                .ok_or_else(|| format!("Invalid typed NULL literal {text}"))?;
            scalar(Scalar::null(ty))
        }
        Rule::duration_lit => {
            let digits_end = text
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(text.len());
            let n: i64 = text[..digits_end]
                .parse()
                .map_err(|_| format!("Invalid duration {text}"))?;
            let unit = DurationUnit::from_suffix(&text[digits_end..])
                .ok_or_else(|| format!("Invalid duration {text}"))?;
            scalar(Scalar::Duration(n, unit))
        }
        Rule::date_lit => {
            let days = temporal::parse_date(text).ok_or_else(|| invalid_temporal(text))?;
            scalar(Scalar::from_i64(Type::Date, days))
        }
        Rule::month_lit => {
            let m = temporal::parse_month(&text[..text.len() - 1])
                .ok_or_else(|| invalid_temporal(text))?;
            scalar(Scalar::from_i64(Type::Month, m))
        }
        Rule::time_lit => {
            let (ty, v) =
                temporal::parse_time_of_day(text).ok_or_else(|| invalid_temporal(text))?;
            scalar(Scalar::from_i64(ty, v))
        }
        Rule::minute_lit => {
            let (ty, v) = temporal::parse_time_of_day(&text[..text.len() - 1])
                .ok_or_else(|| invalid_temporal(text))?;
            debug_assert_eq!(ty, Type::Minute);
            scalar(Scalar::from_i64(Type::Minute, v))
        }
        Rule::datetime_lit => {
            let (ty, v) = temporal::parse_datetime(text).ok_or_else(|| invalid_temporal(text))?;
            scalar(Scalar::from_i64(ty, v))
        }
        Rule::string_lit => Ok(string_value(text)),
        Rule::symbol_lit => {
            let names: Vec<Arc<str>> = text[1..].split('`').map(Arc::from).collect();
            if names.len() == 1 {
                scalar(Scalar::string(names[0].clone()))
            } else {
                Ok(Value::vector(Vector::strings(names)))
            }
        }
        rule => Err(format!("unexpected literal {rule:?}")),
    }
}

fn invalid_temporal(text: &str) -> String {
    format!("Invalid temporal literal {text}")
}

/// A number token (`3`, `1b`, `2.5f`, `1e3`), negated when it followed a `-`.
fn number(rule: Rule, text: &str, negative: bool) -> LitResult<Value> {
    let (body, suffix) = match text.chars().last() {
        Some(c) if c.is_ascii_alphabetic() && (rule != Rule::float_lit || "fF".contains(c)) => {
            (&text[..text.len() - 1], Some(c))
        }
        _ => (text, None),
    };
    let sign = if negative { -1 } else { 1 };
    if rule == Rule::float_lit || matches!(suffix, Some('f' | 'F')) {
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
