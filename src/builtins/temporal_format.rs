//! `temporalFormat(X, format)` and `temporalParse(X, format)` with DolphinDB's temporal
//! format letters: `yyyy yy MM MMM dd HH hh mm ss aa SSS nnnnnn nnnnnnnnn` (single letters
//! `y M d H h m s` take as many digits as are there). Every other character is a delimiter
//! that must appear unchanged in parsed text.
//!
//! `temporalParse` decides the result type from the fields of the format: date fields alone
//! give DATE (or MONTH without a day), time fields alone give MINUTE, SECOND, TIME or
//! NANOTIME, and both give DATEHOUR, DATETIME, TIMESTAMP or NANOTIMESTAMP. Text that does
//! not match gives NULL of that type.

use super::registry::{Builtin, Registry};
use super::strings::{strs, Strs};
use super::temporal::{pack, parts, temporal_arg};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::value::temporal::{days_from_civil, valid_date, MS_PER_DAY, NS_PER_DAY};
use crate::value::{Scalar, Type, Value, Vector, NULL_I64};
use std::sync::Arc;

pub fn register(reg: &mut Registry) {
    reg.add(
        Builtin::new("temporalFormat(X, format)", temporal_format)
            .aliases(&["datetimeFormat"])
            .doc("Formats temporal values with a pattern of y M d H h m s a SSS nnnnnn letters (STRING).")
            .example("temporalFormat(2018.02.14, \"dd-MMM-yy\")", "14-FEB-18"),
    );
    reg.add(
        Builtin::new("temporalParse(X, format)", temporal_parse)
            .aliases(&["datetimeParse"])
            .doc("Parses strings with a temporal pattern; the pattern's fields decide the type, and text that does not match gives NULL.")
            .example("temporalParse(\"14-02-2018\", \"dd-MM-yyyy\")", "2018.02.14"),
    );
}

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];

/// One element of a temporal pattern: a run of one format letter, or delimiter text.
#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Field(char, usize),
    Lit(String),
}

/// A parsed temporal pattern.
#[derive(Clone, Debug)]
pub(super) struct TPattern {
    toks: Vec<Tok>,
}

fn is_letter(c: char) -> bool {
    matches!(c, 'y' | 'M' | 'd' | 'H' | 'h' | 'm' | 's' | 'a' | 'S' | 'n')
}

/// Parses a temporal pattern, rejecting the forms DolphinDB rejects.
pub(super) fn temporal_pattern(func: &str, text: &str) -> Result<TPattern> {
    let mut toks: Vec<Tok> = Vec::new();
    for c in text.chars() {
        match toks.last_mut() {
            Some(Tok::Field(f, n)) if *f == c => *n += 1,
            Some(Tok::Lit(s)) if !is_letter(c) => s.push(c),
            _ if is_letter(c) => toks.push(Tok::Field(c, 1)),
            _ => toks.push(Tok::Lit(c.to_string())),
        }
    }
    for t in &toks {
        match t {
            Tok::Field('S', n) if *n != 3 => {
                return Err(Error::domain(format!(
                    "Invalid temporal format: '{text}'. Millisecond (S) must have three digits."
                )))
            }
            Tok::Field('n', n) if *n != 6 && *n != 9 => {
                return Err(Error::domain(format!(
                "Invalid temporal format: '{text}'. Nanosecond (n) must have six or nine digits."
            )))
            }
            _ => {}
        }
    }
    let _ = func;
    Ok(TPattern { toks })
}

fn pad(v: i64, width: usize) -> String {
    format!("{v:0width$}")
}

impl TPattern {
    /// Text of one non-NULL value of type `ty`.
    fn format(&self, ty: Type, v: i64) -> Option<String> {
        let p = parts(ty, v)?;
        let (y, mo, d) = p.date.unwrap_or((1970, 1, 1));
        let ns = p.nanos.unwrap_or(0);
        let hour = ns / 3_600_000_000_000;
        let mut out = String::new();
        for t in &self.toks {
            let (c, n) = match t {
                Tok::Lit(s) => {
                    out.push_str(s);
                    continue;
                }
                Tok::Field(c, n) => (*c, *n),
            };
            let width = n.min(2);
            out.push_str(&match c {
                'y' if n == 2 => pad(y.rem_euclid(100), 2),
                'y' => pad(y, if n == 1 { 1 } else { n }),
                'M' if n >= 3 => MONTHS[(mo - 1) as usize].to_string(),
                'M' => pad(mo as i64, width),
                'd' => pad(d as i64, width),
                'H' => pad(hour, width),
                'h' => pad(hour % 12, width),
                'm' => pad(ns / 60_000_000_000 % 60, width),
                's' => pad(ns / 1_000_000_000 % 60, width),
                'a' => (if hour < 12 { "AM" } else { "PM" }).to_string(),
                'S' => pad(ns % 1_000_000_000 / 1_000_000, 3),
                'n' if n == 6 => pad(ns % 1_000_000_000 / 1_000, 6),
                'n' => pad(ns % 1_000_000_000, 9),
                _ => String::new(),
            });
        }
        Some(out)
    }

    fn has(&self, c: char) -> bool {
        self.toks
            .iter()
            .any(|t| matches!(t, Tok::Field(f, _) if *f == c))
    }

    /// The type `temporalParse` returns for this pattern; `None` when it cannot decide.
    fn parse_type(&self) -> Option<Type> {
        let day = self.has('d');
        let month = self.has('y') || self.has('M');
        let time = if self.has('n') {
            4
        } else if self.has('S') {
            3
        } else if self.has('s') {
            2
        } else if self.has('m') {
            1
        } else if self.has('H') || self.has('h') {
            0
        } else {
            -1
        };
        Some(match (day, month, time) {
            (true, _, -1) => Type::Date,
            (false, true, -1) => Type::Month,
            (false, false, 1) => Type::Minute,
            (false, false, 2) => Type::Second,
            (false, false, 3) => Type::Time,
            (false, false, 4) => Type::NanoTime,
            (true, _, 0) => Type::DateHour,
            (true, _, 1 | 2) => Type::DateTime,
            (true, _, 3) => Type::Timestamp,
            (true, _, 4) => Type::NanoTimestamp,
            _ => return None,
        })
    }

    /// Parses one string into the encoding of `ty`; `None` when it does not match.
    fn parse(&self, s: &str, ty: Type) -> Option<i64> {
        let b = s.as_bytes();
        let mut pos = 0;
        let (mut y, mut mo, mut d) = (1970i64, 1u32, 1u32);
        let (mut hh, mut mi, mut sec, mut frac_ns) = (0i64, 0i64, 0i64, 0i64);
        let mut pm: Option<bool> = None;
        let mut twelve = false;
        for (i, t) in self.toks.iter().enumerate() {
            let (c, n) = match t {
                Tok::Lit(l) => {
                    if !b[pos..].starts_with(l.as_bytes()) {
                        return None;
                    }
                    pos += l.len();
                    continue;
                }
                Tok::Field(c, n) => (*c, *n),
            };
            if c == 'a' || (c == 'M' && n >= 3) {
                let len = if c == 'a' { 2 } else { 3 };
                let word = s.get(pos..pos + len)?.to_ascii_uppercase();
                pos += len;
                if c == 'a' {
                    pm = Some(match word.as_str() {
                        "AM" => false,
                        "PM" => true,
                        _ => return None,
                    });
                } else {
                    mo = MONTHS.iter().position(|m| *m == word)? as u32 + 1;
                }
                continue;
            }
            // Adjacent fields need fixed widths; before a delimiter any digit count goes.
            let fixed =
                matches!(self.toks.get(i + 1), Some(Tok::Field(..))) || matches!(c, 'S' | 'n');
            let digits = b[pos..].iter().take_while(|c| c.is_ascii_digit()).count();
            let take = if fixed { n } else { digits };
            if take == 0 || digits < take || take > 9 {
                return None;
            }
            let v: i64 = s[pos..pos + take].parse().ok()?;
            pos += take;
            match c {
                'y' if take <= 2 => y = if v < 40 { 2000 + v } else { 1900 + v },
                'y' => y = v,
                'M' => mo = u32::try_from(v).ok()?,
                'd' => d = u32::try_from(v).ok()?,
                'H' => hh = v,
                'h' => {
                    hh = v;
                    twelve = true;
                }
                'm' => mi = v,
                's' => sec = v,
                'S' => frac_ns = v * 1_000_000,
                'n' if n == 6 => frac_ns = v * 1_000,
                'n' => frac_ns = v,
                _ => return None,
            }
        }
        if pos != b.len() {
            return None;
        }
        if twelve || pm.is_some() {
            if hh > 12 {
                return None;
            }
            hh %= 12;
            if pm == Some(true) {
                hh += 12;
            }
        }
        if hh > 23 || mi > 59 || sec > 59 || !valid_date(y, mo, d) {
            return None;
        }
        let days = days_from_civil(y, mo, d);
        let secs = hh * 3600 + mi * 60 + sec;
        let nod = secs * 1_000_000_000 + frac_ns;
        Some(match ty {
            Type::Date => days,
            Type::Month => y * 12 + mo as i64 - 1,
            Type::Minute => hh * 60 + mi,
            Type::Second => secs,
            Type::Time => nod / 1_000_000,
            Type::NanoTime => nod,
            Type::DateHour => days * 24 + hh,
            Type::DateTime => days * 86_400 + secs,
            Type::Timestamp => days * MS_PER_DAY + nod / 1_000_000,
            _ => days.checked_mul(NS_PER_DAY)?.checked_add(nod)?,
        })
    }
}

/// Formats every element of a temporal scalar or vector (NULL gives "").
pub(super) fn format_values(func: &str, x: &Value, p: &TPattern) -> Result<Value> {
    let t = temporal_arg(func, "X", x)?;
    let text = |v: i64| -> Arc<str> {
        if v == NULL_I64 {
            return Arc::from("");
        }
        Arc::from(p.format(t.ty, v).unwrap_or_default())
    };
    if t.scalar {
        return Ok(Value::Scalar(Scalar::string(text(t.vals[0]))));
    }
    Ok(Value::vector(Vector::strings(
        t.vals.iter().map(|&v| text(v)).collect(),
    )))
}

fn pattern_arg(func: &str, v: &Value) -> Result<TPattern> {
    temporal_pattern(func, &super::args::str_arg(func, "format", v)?)
}

fn temporal_format(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let p = pattern_arg("temporalFormat", &args[1])?;
    format_values("temporalFormat", &args[0], &p)
}

fn temporal_parse(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let x = strs("temporalParse", "X", &args[0])?;
    let p = pattern_arg("temporalParse", &args[1])?;
    let Some(ty) = p.parse_type() else {
        return Ok(match x {
            Strs::S(..) => Value::NULL,
            Strs::V(_, items) => Value::vector(Vector::tuple(vec![Value::NULL; items.len()])),
        });
    };
    let one = |s: &str| p.parse(s, ty).unwrap_or(NULL_I64);
    Ok(match x {
        Strs::S(_, s) => pack(ty, vec![one(s)], true),
        Strs::V(_, items) => pack(ty, items.iter().map(|s| one(s)).collect(), false),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(ty: Type, v: i64, pat: &str) -> String {
        temporal_pattern("t", pat)
            .expect("pattern")
            .format(ty, v)
            .expect("temporal")
    }

    #[test]
    fn documented_formats() {
        let d = days_from_civil(2018, 2, 14);
        assert_eq!(fmt(Type::Date, d, "dd-MM-yyyy"), "14-02-2018");
        assert_eq!(fmt(Type::Date, d, "dd-MMM-yy"), "14-FEB-18");
        assert_eq!(
            fmt(Type::Second, 2 * 3600 + 19 * 60 + 6, "HH.mm.ss"),
            "02.19.06"
        );
        assert_eq!(
            fmt(Type::Second, 14 * 3600 + 19 * 60 + 6, "hhmmssaa"),
            "021906PM"
        );
        let ts = days_from_civil(2018, 2, 6) * MS_PER_DAY + (13 * 3600 + 30 * 60 + 10) * 1000 + 1;
        assert_eq!(
            fmt(Type::Timestamp, ts, "y-M-d-H-m-s-SSS"),
            "2018-2-6-13-30-10-001"
        );
    }

    #[test]
    fn documented_parses() {
        let parse = |s: &str, pat: &str| {
            let p = temporal_pattern("t", pat).expect("pattern");
            let ty = p.parse_type().expect("type");
            (ty, p.parse(s, ty))
        };
        let d = days_from_civil(2018, 2, 14);
        assert_eq!(parse("14-02-2018", "dd-MM-yyyy"), (Type::Date, Some(d)));
        assert_eq!(parse("14-02-2018", "dd/MM/yyyy"), (Type::Date, None));
        assert_eq!(parse("14-02-18", "d-M-y"), (Type::Date, Some(d)));
        assert_eq!(parse("20180214", "yyyyMMdd"), (Type::Date, Some(d)));
        let (ty, v) = parse("2018/2/6 02:33:01 PM", "y/M/d h:m:s a");
        assert_eq!(ty, Type::DateTime);
        assert_eq!(
            v,
            Some(days_from_civil(2018, 2, 6) * 86_400 + 14 * 3600 + 33 * 60 + 1)
        );
        assert_eq!(
            parse("02-FEB-2018", "d-MMM-y").1,
            Some(days_from_civil(2018, 2, 2))
        );
        assert_eq!(parse("02-FEB-2018", "d-M-y").1, None);
        assert!(temporal_pattern("t", "H:m:s.S").is_err());
    }
}
