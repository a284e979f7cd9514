//! Temporal values: the integer encodings DolphinDB uses (days, months, ms/s/ns of day or
//! since 1970) and conversions to and from their literal text (`2012.06.13T13:30:10.008`).

use super::types::Type;

pub const MS_PER_DAY: i64 = 86_400_000;
pub const NS_PER_DAY: i64 = 86_400_000_000_000;

/// Days since 1970-01-01 of a proleptic Gregorian date. (Howard Hinnant's algorithm.)
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// (year, month, day) of days since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

pub fn is_leap_year(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            if is_leap_year(y) {
                29
            } else {
                28
            }
        }
    }
}

pub fn valid_date(y: i64, m: u32, d: u32) -> bool {
    (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)
}

/// DolphinDB's MONTH encoding: `year * 12 + month - 1`.
pub fn month_value(y: i64, m: u32) -> i64 {
    y * 12 + m as i64 - 1
}

pub fn format_date(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}.{m:02}.{d:02}")
}

pub fn format_month(v: i64) -> String {
    let y = v.div_euclid(12);
    let m = v.rem_euclid(12) + 1;
    format!("{y:04}.{m:02}M")
}

fn hms(secs_of_day: i64) -> (i64, i64, i64) {
    (secs_of_day / 3600, secs_of_day / 60 % 60, secs_of_day % 60)
}

pub fn format_second(s: i64) -> String {
    let (h, m, s) = hms(s);
    format!("{h:02}:{m:02}:{s:02}")
}

pub fn format_minute(v: i64) -> String {
    format!("{:02}:{:02}m", v / 60, v % 60)
}

pub fn format_time(ms: i64) -> String {
    let (h, m, s) = hms(ms / 1000);
    format!("{h:02}:{m:02}:{s:02}.{:03}", ms % 1000)
}

pub fn format_nanotime(ns: i64) -> String {
    let (h, m, s) = hms(ns / 1_000_000_000);
    format!("{h:02}:{m:02}:{s:02}.{:09}", ns % 1_000_000_000)
}

pub fn format_datetime(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    format!(
        "{}T{}",
        format_date(days),
        format_second(secs.rem_euclid(86_400))
    )
}

pub fn format_timestamp(ms: i64) -> String {
    let days = ms.div_euclid(MS_PER_DAY);
    format!(
        "{}T{}",
        format_date(days),
        format_time(ms.rem_euclid(MS_PER_DAY))
    )
}

pub fn format_nanotimestamp(ns: i64) -> String {
    let days = ns.div_euclid(NS_PER_DAY);
    format!(
        "{}T{}",
        format_date(days),
        format_nanotime(ns.rem_euclid(NS_PER_DAY))
    )
}

pub fn format_datehour(h: i64) -> String {
    let days = h.div_euclid(24);
    format!("{}T{:02}", format_date(days), h.rem_euclid(24))
}

/// Text of a non-NULL temporal value of type `ty`; `None` for non-temporal types.
pub fn format_temporal(ty: Type, v: i64) -> Option<String> {
    Some(match ty {
        Type::Date => format_date(v),
        Type::Month => format_month(v),
        Type::Time => format_time(v),
        Type::Minute => format_minute(v),
        Type::Second => format_second(v),
        Type::DateTime => format_datetime(v),
        Type::Timestamp => format_timestamp(v),
        Type::NanoTime => format_nanotime(v),
        Type::NanoTimestamp => format_nanotimestamp(v),
        Type::DateHour => format_datehour(v),
        _ => return None,
    })
}

/// Parses `yyyy.MM.dd` into days since epoch.
pub fn parse_date(s: &str) -> Option<i64> {
    let mut it = s.split('.');
    let y: i64 = it.next()?.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    let d: u32 = it.next()?.parse().ok()?;
    if it.next().is_some() || !valid_date(y, m, d) {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

/// Parses `yyyy.MM` (without the `M` suffix) into the MONTH encoding.
pub fn parse_month(s: &str) -> Option<i64> {
    let (y, m) = s.split_once('.')?;
    let y: i64 = y.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    (1..=12).contains(&m).then(|| month_value(y, m))
}

/// Parses a time of day `HH:mm`, `HH:mm:ss`, `HH:mm:ss.fff...` into (type, value):
/// MINUTE for two fields, SECOND for three, TIME for 1–3 fraction digits (ms),
/// NANOTIME for 4–9 fraction digits (ns).
pub fn parse_time_of_day(s: &str) -> Option<(Type, i64)> {
    let (main, frac) = match s.split_once('.') {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    };
    let parts: Vec<&str> = main.split(':').collect();
    let num = |p: &str| -> Option<i64> {
        (!p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let h = num(parts.first()?)?;
    let m = num(parts.get(1)?)?;
    if h > 23 || m > 59 {
        return None;
    }
    match (parts.len(), frac) {
        (2, None) => Some((Type::Minute, h * 60 + m)),
        (3, f) => {
            let sec = num(parts[2])?;
            if sec > 59 {
                return None;
            }
            let secs = h * 3600 + m * 60 + sec;
            match f {
                None => Some((Type::Second, secs)),
                Some(f)
                    if !f.is_empty() && f.len() <= 9 && f.bytes().all(|b| b.is_ascii_digit()) =>
                {
                    let digits: i64 = f.parse().ok()?;
                    if f.len() <= 3 {
                        let ms = digits * 10i64.pow(3 - f.len() as u32);
                        Some((Type::Time, secs * 1000 + ms))
                    } else {
                        let ns = digits * 10i64.pow(9 - f.len() as u32);
                        Some((Type::NanoTime, secs * 1_000_000_000 + ns))
                    }
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// Parses a date-time literal `yyyy.MM.ddTHH:mm:ss[.fff|.fffffffff]` (also with a space
/// instead of `T`, or `HH:mm` only) into (type, value): DATETIME, TIMESTAMP or NANOTIMESTAMP.
pub fn parse_datetime(s: &str) -> Option<(Type, i64)> {
    let (d, t) = s.split_once(['T', ' '])?;
    let days = parse_date(d)?;
    let (ty, tod) = parse_time_of_day(t.trim_start())?;
    Some(match ty {
        Type::Minute => (Type::DateTime, days * 86_400 + tod * 60),
        Type::Second => (Type::DateTime, days * 86_400 + tod),
        Type::Time => (Type::Timestamp, days * MS_PER_DAY + tod),
        _ => (Type::NanoTimestamp, days * NS_PER_DAY + tod),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_encodings() {
        assert_eq!(parse_date("2012.06.13"), Some(15504));
        assert_eq!(parse_month("2012.06"), Some(24149));
        assert_eq!(
            parse_time_of_day("13:30:10.008"),
            Some((Type::Time, 48_610_008))
        );
        assert_eq!(parse_time_of_day("13:30"), Some((Type::Minute, 810)));
        assert_eq!(
            parse_datetime("2012.06.13T13:30:10"),
            Some((Type::DateTime, 1_339_594_210))
        );
        assert_eq!(
            parse_time_of_day("09:00:01.000100001"),
            Some((Type::NanoTime, 32_401_000_100_001))
        );
        assert_eq!(parse_date("2021.02.29"), None);
    }

    #[test]
    fn formatting_round_trips() {
        for s in ["1970.01.01", "2012.06.13", "1901.12.14", "2038.01.19"] {
            assert_eq!(format_date(parse_date(s).expect("valid date")), s);
        }
        assert_eq!(format_month(24149), "2012.06M");
        assert_eq!(
            format_timestamp(parse_datetime("2012.06.13T13:30:10.008").expect("ok").1),
            "2012.06.13T13:30:10.008"
        );
        assert_eq!(format_datetime(-1), "1969.12.31T23:59:59");
    }
}
