//! `loadText`'s guesses: whether the first row is a header, what each column's type is, and
//! how file column names become DolphinDB names. Unlike DolphinDB, which samples rows at
//! random, porpoise looks at every row, so the guess is deterministic.

use crate::value::temporal::{parse_date, parse_datetime, parse_month, parse_time_of_day};
use crate::value::Type;
use std::collections::HashSet;

/// DolphinDB's rule: the first row is a header when none of its fields starts with a number.
pub fn looks_like_header(row: &[String]) -> bool {
    !row.iter().any(|f| starts_with_number(f.trim()))
}

fn starts_with_number(s: &str) -> bool {
    let b = s.as_bytes();
    match b.first() {
        Some(c) if c.is_ascii_digit() => true,
        Some(b'-' | b'+' | b'.') => b.get(1).is_some_and(u8::is_ascii_digit),
        _ => false,
    }
}

/// A file column name as a DolphinDB name: characters other than letters, digits and `_`
/// become `_`, and a name not starting with a letter gets a leading `c` (`1_test` →
/// `c1_test`, `test-a!` → `test_a_`). Empty names become `col<i>`.
pub fn column_name(raw: &str, idx: usize) -> String {
    let raw = raw.trim();
    if raw.is_empty() {
        return format!("col{idx}");
    }
    let mut name: String = raw
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !name.chars().next().is_some_and(char::is_alphabetic) {
        name.insert(0, 'c');
    }
    name
}

/// Makes names unique by suffixing repeats with `_1`, `_2`, ...
pub fn unique_names(names: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::new();
    names
        .into_iter()
        .map(|n| {
            let mut candidate = n.clone();
            let mut k = 1;
            while !seen.insert(candidate.clone()) {
                candidate = format!("{n}_{k}");
                k += 1;
            }
            candidate
        })
        .collect()
}

/// The type of a column from all its cells (empty cells are NULLs and do not vote).
pub fn column_type(cells: &[&str]) -> Type {
    let values: Vec<&str> = cells
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    if values.is_empty() {
        return Type::String;
    }
    if values
        .iter()
        .all(|v| v.eq_ignore_ascii_case("true") || v.eq_ignore_ascii_case("false"))
    {
        return Type::Bool;
    }
    if values.iter().all(|v| compact_date(v).is_some()) {
        return Type::Date;
    }
    if values.iter().all(|v| is_integer(v)) {
        let fits_int = values.iter().all(|v| {
            v.parse::<i64>()
                .is_ok_and(|x| x > i32::MIN as i64 && x <= i32::MAX as i64)
        });
        return if fits_int { Type::Int } else { Type::Long };
    }
    if values.iter().all(|v| is_number(v)) {
        return Type::Double;
    }
    if let Some(ty) = temporal_type(&values) {
        return ty;
    }
    if values.iter().all(|v| is_uuid(v)) {
        return Type::Uuid;
    }
    // Repetitive text (at most half the cells distinct) is a SYMBOL column, like tickers or
    // categories; mostly distinct text stays STRING.
    let distinct: HashSet<&str> = values.iter().copied().collect();
    if values.len() >= 2 && distinct.len() * 2 <= values.len() {
        Type::Symbol
    } else {
        Type::String
    }
}

/// `[+-]digits` without a leading zero (`000001` is a code, not a number).
fn is_integer(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !(digits.len() > 1 && digits.starts_with('0'))
}

fn is_number(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let int_part = body.split(['.', 'e', 'E']).next().unwrap_or("");
    body.bytes().any(|b| b.is_ascii_digit())
        && body
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        && !(int_part.len() > 1 && int_part.starts_with('0'))
        && s.parse::<f64>().is_ok_and(f64::is_finite)
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// `yyyyMMdd` (1900 ≤ yyyy ≤ 2100) or `yyMMdd` digits that form a valid date, which
/// DolphinDB reads as DATE rather than INT. Returns the `yyyy.MM.dd` text.
pub fn compact_date(s: &str) -> Option<String> {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (y, rest) = match s.len() {
        8 => {
            let y: i64 = s[..4].parse().ok()?;
            ((1900..=2100).contains(&y).then_some(y)?, &s[4..])
        }
        6 => (2000 + s[..2].parse::<i64>().ok()?, &s[2..]),
        _ => return None,
    };
    let text = format!("{y:04}.{}.{}", &rest[..2], &rest[2..]);
    parse_date(&text).map(|_| text)
}

/// Normalises a date-like cell for the cast kernel: `-` and `/` separators become `.`,
/// compact `yyyyMMdd` gains separators.
pub fn normalise_temporal(s: &str) -> String {
    let t = s.trim();
    if let Some(d) = compact_date(t) {
        return d;
    }
    let (date, time) = match t.find(['T', ' ']) {
        Some(i) => (&t[..i], Some(&t[i..])),
        None => (t, None),
    };
    let date = if date.contains(':') {
        date.to_string()
    } else {
        date.replace(['-', '/'], ".")
    };
    match time {
        Some(rest) => format!("{date}{rest}"),
        None => date,
    }
}

/// The common temporal type of all cells, if every cell is a temporal literal: dates,
/// months (`2012.06M`), times of day, or date-times (the finest precision wins).
fn temporal_type(values: &[&str]) -> Option<Type> {
    let mut found: Option<Type> = None;
    for v in values {
        let norm = normalise_temporal(v);
        let ty = if let Some((ty, _)) = parse_datetime(&norm) {
            ty
        } else if parse_date(&norm).is_some() {
            Type::Date
        } else if norm.strip_suffix('M').and_then(parse_month).is_some() {
            Type::Month
        } else if let Some((ty, _)) = parse_time_of_day(&norm) {
            ty
        } else {
            return None;
        };
        found = Some(match found {
            None => ty,
            Some(prev) if prev == ty => ty,
            Some(prev) => finer(prev, ty)?,
        });
    }
    found
}

/// Two temporal types that can share a column: date-times of different precision widen
/// to the finer one, and so do times of day.
fn finer(a: Type, b: Type) -> Option<Type> {
    const DATETIMES: [Type; 3] = [Type::DateTime, Type::Timestamp, Type::NanoTimestamp];
    const TIMES: [Type; 4] = [Type::Minute, Type::Second, Type::Time, Type::NanoTime];
    for family in [&DATETIMES[..], &TIMES[..]] {
        let pa = family.iter().position(|t| *t == a);
        let pb = family.iter().position(|t| *t == b);
        if let (Some(x), Some(y)) = (pa, pb) {
            return Some(family[x.max(y)]);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(cells: &[&str]) -> Type {
        column_type(cells)
    }

    #[test]
    fn numbers_and_codes() {
        assert_eq!(ty(&["1", "-2", ""]), Type::Int);
        assert_eq!(ty(&["1", "3000000000"]), Type::Long);
        assert_eq!(ty(&["1.5", "2", "-3e2"]), Type::Double);
        assert_eq!(ty(&["000001", "000002"]), Type::String);
        assert_eq!(ty(&["true", "FALSE"]), Type::Bool);
        assert_eq!(ty(&["", ""]), Type::String);
    }

    #[test]
    fn temporal_columns() {
        assert_eq!(ty(&["2012.06.13", "2012-06-14", "2012/06/15"]), Type::Date);
        assert_eq!(ty(&["20120613", "20120614"]), Type::Date);
        assert_eq!(ty(&["12:34:56"]), Type::Second);
        assert_eq!(ty(&["12:34"]), Type::Minute);
        assert_eq!(ty(&["12:34:56.789", "12:34:56"]), Type::Time);
        assert_eq!(ty(&["2012.06.13T13:30:10"]), Type::DateTime);
        assert_eq!(
            ty(&["2012.06.13 13:30:10.008", "2012.06.13T13:30:10"]),
            Type::Timestamp
        );
        assert_eq!(ty(&["2012.06M"]), Type::Month);
        assert_eq!(ty(&["2012.06.13", "12:00:00"]), Type::String);
    }

    #[test]
    fn symbols_repeat_strings_do_not() {
        assert_eq!(ty(&["IBM", "MS", "IBM", "MS"]), Type::Symbol);
        assert_eq!(ty(&["a b", "c d", "e f"]), Type::String);
    }

    #[test]
    fn header_and_names() {
        let row = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(looks_like_header(&row(&["id", "price"])));
        assert!(!looks_like_header(&row(&["id", "1.5"])));
        assert!(!looks_like_header(&row(&["-3", "x"])));
        assert_eq!(column_name("1_test", 0), "c1_test");
        assert_eq!(column_name("test-a!", 0), "test_a_");
        assert_eq!(column_name("", 2), "col2");
        assert_eq!(
            unique_names(vec!["a".into(), "a".into(), "b".into()]),
            vec!["a", "a_1", "b"]
        );
    }
}
