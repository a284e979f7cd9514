//! Number formatting with Java-style patterns: `decimalFormat(X, format)` and the
//! dispatcher `format(X, format)` (numbers go to `decimalFormat`, temporal values to
//! `temporalFormat`).
//!
//! Pattern symbols: `0` a mandatory digit, `#` an optional digit, `.` the decimal point,
//! `,` the grouping separator (the digits after the last one give the group size), `%`
//! multiplies by 100, `E` starts the exponent of scientific notation (its `0`s give the
//! minimum exponent digits) and `;` separates a pattern for negative numbers. Any other
//! character is copied as a prefix or suffix. Rounding is half-up on the shortest decimal
//! text of the number (so `0.345` with `.##` gives `.35`, as DolphinDB documents).

use super::registry::{Builtin, Registry};
use super::temporal_format::{format_values, temporal_pattern};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::value::{Scalar, Type, Value, VecData, Vector};
use std::sync::Arc;

pub fn register(reg: &mut Registry) {
    reg.add(
        Builtin::new("decimalFormat(X, format)", decimal_format)
            .doc("Formats numbers with a pattern of 0 # . , % E ; (STRING); NULL gives an empty string.")
            .example("decimalFormat(123456789.166, \"#,###.##\")", "123,456,789.17"),
    );
    reg.add(
        Builtin::new("format(X, format)", format)
            .doc("Formats X with a pattern: decimalFormat for numbers, temporalFormat for temporal values (STRING).")
            .example("2018.01.02.format(\"MM/dd/yyyy\")", "01/02/2018"),
    );
}

/// One side (positive or negative) of a parsed pattern.
#[derive(Clone, Debug, Default)]
struct Side {
    prefix: String,
    suffix: String,
}

/// A parsed decimal pattern.
#[derive(Clone, Debug)]
pub(super) struct Pattern {
    pos: Side,
    neg: Option<Side>,
    percent: bool,
    min_int: usize,
    group: Option<usize>,
    min_frac: usize,
    max_frac: usize,
    /// Minimum exponent digits when the pattern is scientific.
    exp: Option<usize>,
}

fn is_number_char(c: char) -> bool {
    matches!(c, '0' | '#' | ',' | '.' | 'E')
}

/// Splits one subpattern into prefix, number part and suffix.
fn split_side(p: &str) -> (String, String, String) {
    let start = p.find(is_number_char).unwrap_or(p.len());
    let rest = &p[start..];
    let end = rest.find(|c| !is_number_char(c)).unwrap_or(rest.len());
    (
        p[..start].to_string(),
        rest[..end].to_string(),
        rest[end..].to_string(),
    )
}

pub(super) fn parse_pattern(func: &str, text: &str) -> Result<Pattern> {
    let bad = |why: &str| {
        Error::domain(format!(
            "The argument [format] of [{func}] is not a valid number format '{text}': {why}"
        ))
    };
    let (pos_text, neg_text) = match text.split_once(';') {
        Some((a, b)) => (a, Some(b)),
        None => (text, None),
    };
    let (prefix, number, suffix) = split_side(pos_text);
    if number.is_empty() {
        return Err(bad("no digit symbol"));
    }
    let (mantissa, exp) = match number.split_once('E') {
        Some((m, e)) => {
            if e.is_empty() || e.chars().any(|c| c != '0') {
                return Err(bad("E must be followed by one or more 0s"));
            }
            (m, Some(e.len()))
        }
        None => (number.as_str(), None),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if frac_part.contains([',', '.']) {
        return Err(bad("misplaced separator in the fraction"));
    }
    let min_frac = frac_part.chars().take_while(|c| *c == '0').count();
    if frac_part[min_frac..].contains('0') {
        return Err(bad("0s must come before #s after the decimal point"));
    }
    let group = int_part
        .rfind(',')
        .map(|i| int_part.len() - i - 1)
        .filter(|g| *g > 0);
    let percent = prefix.contains('%') || suffix.contains('%');
    if percent && exp.is_some() {
        return Err(bad("% and E cannot both appear"));
    }
    let neg = neg_text.map(|n| {
        let (p, _, s) = split_side(n);
        Side {
            prefix: p,
            suffix: s,
        }
    });
    Ok(Pattern {
        pos: Side { prefix, suffix },
        neg,
        percent,
        min_int: int_part.chars().filter(|c| *c == '0').count(),
        group,
        min_frac,
        max_frac: frac_part.len(),
        exp,
    })
}

/// Rounds the decimal text `digits` (with `point` integer digits) half-up to `frac` fraction
/// digits; returns (integer digits, fraction digits).
fn round_text(int_digits: &str, frac_digits: &str, frac: usize) -> (String, String) {
    let mut d: Vec<u8> = int_digits.bytes().collect();
    d.extend(
        frac_digits
            .bytes()
            .chain(std::iter::repeat(b'0'))
            .take(frac),
    );
    let mut n_int = int_digits.len();
    if frac_digits.as_bytes().get(frac).is_some_and(|c| *c >= b'5') {
        let mut i = d.len();
        loop {
            if i == 0 {
                d.insert(0, b'1');
                n_int += 1;
                break;
            }
            i -= 1;
            if d[i] == b'9' {
                d[i] = b'0';
            } else {
                d[i] += 1;
                break;
            }
        }
    }
    let (a, b) = d.split_at(n_int);
    let int = String::from_utf8_lossy(a)
        .trim_start_matches('0')
        .to_string();
    (int, String::from_utf8_lossy(b).into_owned())
}

/// Integer and fraction digits of a finite, non-negative number's shortest text.
fn decimal_text(x: f64) -> (String, String) {
    let s = format!("{x}");
    match s.split_once('.') {
        Some((a, b)) => (a.to_string(), b.to_string()),
        None => (s, String::new()),
    }
}

/// A number to format: exact integers keep all their digits.
#[derive(Clone, Copy)]
pub(super) enum Num {
    Int(i128),
    Float(f64),
}

impl Pattern {
    pub(super) fn apply(&self, n: Num) -> String {
        let n = match n {
            Num::Int(v) if self.percent => Num::Int(v * 100),
            Num::Float(v) if self.percent => Num::Float(v * 100.0),
            other => other,
        };
        let negative = match n {
            Num::Int(v) => v < 0,
            Num::Float(v) => v < 0.0,
        };
        let (int, frac, exp) = match (n, self.exp) {
            (Num::Int(v), None) => (v.unsigned_abs().to_string(), String::new(), None),
            (Num::Float(v), None) => {
                let (a, b) = decimal_text(v.abs());
                let (a, b) = round_text(&a, &b, self.max_frac);
                (a, b, None)
            }
            (n, Some(_)) => {
                let v = match n {
                    Num::Int(v) => v as f64,
                    Num::Float(v) => v,
                };
                let (a, b, e) = self.scientific(v.abs());
                (a, b, Some(e))
            }
        };
        let mut frac = frac;
        while frac.len() > self.min_frac && frac.ends_with('0') {
            frac.pop();
        }
        let mut int = int;
        if int.len() < self.min_int {
            int = "0".repeat(self.min_int - int.len()) + &int;
        }
        if int.is_empty() && frac.is_empty() {
            int.push('0');
        }
        if let Some(g) = self.group {
            int = group_digits(&int, g);
        }
        let mut body = int;
        if !frac.is_empty() {
            body.push('.');
            body.push_str(&frac);
        }
        if let Some(e) = exp {
            let digits = e.unsigned_abs().to_string();
            let width = self.exp.unwrap_or(1);
            body.push('E');
            if e < 0 {
                body.push('-');
            }
            body.push_str(&"0".repeat(width.saturating_sub(digits.len())));
            body.push_str(&digits);
        }
        let is_zero = !body.bytes().any(|c| (b'1'..=b'9').contains(&c));
        match (&self.neg, negative && !is_zero) {
            (Some(neg), true) => format!("{}{body}{}", neg.prefix, neg.suffix),
            (None, true) => format!("-{}{body}{}", self.pos.prefix, self.pos.suffix),
            _ => format!("{}{body}{}", self.pos.prefix, self.pos.suffix),
        }
    }

    /// Mantissa digits and exponent of `v` (non-negative) in scientific notation with
    /// `max(min_int, 1)` integer digits.
    fn scientific(&self, v: f64) -> (String, String, i64) {
        let int_digits = self.min_int.max(1) as i64;
        if v == 0.0 || !v.is_finite() {
            return ("0".repeat(int_digits as usize), String::new(), 0);
        }
        let mut e = v.log10().floor() as i64 - (int_digits - 1);
        for _ in 0..2 {
            let m = v / 10f64.powi(e as i32);
            let (a, b) = decimal_text(m);
            let (a, b) = round_text(&a, &b, self.max_frac);
            if a.len() as i64 > int_digits {
                e += 1;
                continue;
            }
            if (a.len() as i64) < int_digits && e > -400 {
                e -= 1;
                continue;
            }
            return (a, b, e);
        }
        let m = v / 10f64.powi(e as i32);
        let (a, b) = decimal_text(m);
        let (a, b) = round_text(&a, &b, self.max_frac);
        (a, b, e)
    }
}

fn group_digits(int: &str, g: usize) -> String {
    let n = int.len();
    let mut out = String::with_capacity(n + n / g);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(g) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The pattern argument: a STRING scalar.
fn pattern_text(func: &str, v: &Value) -> Result<Arc<str>> {
    super::args::str_arg(func, "format", v)
}

fn numbers_to_strings(func: &str, x: &Value, p: &Pattern) -> Result<Value> {
    let one = |s: &Scalar| -> Option<String> {
        if s.is_null() {
            return Some(String::new());
        }
        Some(match s {
            Scalar::F32(v) => p.apply(Num::Float(*v as f64)),
            Scalar::F64(v) => p.apply(Num::Float(*v)),
            s => p.apply(Num::Int(s.as_i64()? as i128)),
        })
    };
    let numeric = |t: Type| t.is_numeric() || t == Type::Bool;
    let bad = || {
        Error::type_err(format!(
            "The argument [X] of [{func}] must be an integral or floating scalar or vector, not {}",
            x.type_str()
        ))
    };
    match x {
        Value::Scalar(s) if numeric(s.ty()) => Ok(Value::string(one(s).ok_or_else(bad)?)),
        Value::Vector(v) if numeric(v.ty()) => {
            let out: Vec<Arc<str>> = match v.data() {
                VecData::F64(d) => d
                    .iter()
                    .map(|&f| {
                        Arc::from(if Scalar::F64(f).is_null() {
                            String::new()
                        } else {
                            p.apply(Num::Float(f))
                        })
                    })
                    .collect(),
                _ => (0..v.len())
                    .map(|i| Arc::from(v.scalar_at(i).and_then(|s| one(&s)).unwrap_or_default()))
                    .collect(),
            };
            Ok(Value::vector(Vector::strings(out)))
        }
        Value::Vector(v) if v.is_empty() && v.is_tuple() => {
            Ok(Value::vector(Vector::strings(Vec::new())))
        }
        _ => Err(bad()),
    }
}

fn decimal_format(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let p = parse_pattern("decimalFormat", &pattern_text("decimalFormat", &args[1])?)?;
    numbers_to_strings("decimalFormat", &args[0], &p)
}

fn format(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let text = pattern_text("format", &args[1])?;
    if args[0].ty().is_temporal() {
        let pat = temporal_pattern("format", &text)?;
        return format_values("format", &args[0], &pat);
    }
    if args[0].ty().is_literal() {
        return Ok(args[0].clone());
    }
    let p = parse_pattern("format", &text)?;
    numbers_to_strings("format", &args[0], &p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(x: f64, pat: &str) -> String {
        parse_pattern("t", pat)
            .expect("pattern")
            .apply(Num::Float(x))
    }

    fn i(x: i128, pat: &str) -> String {
        parse_pattern("t", pat).expect("pattern").apply(Num::Int(x))
    }

    #[test]
    fn documented_examples() {
        assert_eq!(i(123, "00000"), "00123");
        assert_eq!(f(123.45, "0"), "123");
        assert_eq!(f(123.45, "0.0"), "123.5");
        assert_eq!(f(123.45, "0.000"), "123.450");
        assert_eq!(f(0.45, ".0"), ".5");
        assert_eq!(f(123.456789110, "0.000###"), "123.456789");
        assert_eq!(f(0.345, ".##"), ".35");
        assert_eq!(f(0.125, "0.00%"), "12.50%");
        assert_eq!(f(0.12567, "#.##%"), "12.57%");
        assert_eq!(f(1234567.89, "0.##E00"), "1.23E06");
        assert_eq!(f(0.0000000000123456789, "0.000E0"), "1.235E-11");
        assert_eq!(i(123456789, "#,###"), "123,456,789");
        assert_eq!(f(123456789.166, "#,###.##"), "123,456,789.17");
        assert_eq!(f(8.695886, "00.00"), "08.70");
        assert_eq!(f(-123.45, "0.0;(0.0)"), "(123.5)");
        assert_eq!(f(-123.45, "0.0"), "-123.5");
        assert_eq!(i(0, "#,###"), "0");
        assert_eq!(f(9.996, "0.00"), "10.00");
    }

    #[test]
    fn bad_patterns() {
        assert!(parse_pattern("t", "abc").is_err());
        assert!(parse_pattern("t", "0.#0").is_err());
        assert!(parse_pattern("t", "0.0E#").is_err());
    }
}
