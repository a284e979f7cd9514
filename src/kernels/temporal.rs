//! Temporal arithmetic and conversions between temporal types.
//!
//! Temporal values are integers (days, months, seconds, ms, ns ... see `value::temporal`), so:
//! * temporal ± integer keeps the temporal type and moves it by raw units
//!   (`2012.06.13 + 1` is the next day, a TIMESTAMP moves by milliseconds); time-of-day types
//!   (MINUTE, SECOND, TIME, NANOTIME) wrap within a day;
//! * temporal − temporal of one type is the raw difference (INT for 4-byte types, LONG for
//!   8-byte ones), e.g. DATE − DATE counts days;
//! * temporal ± DURATION (`1d`, `2H`, `30m`, `1M`, `1y`, `3B`) moves by that amount; month and
//!   year steps clamp to the end of the month (`2020.01.31 + 1M` → `2020.02.29`, as
//!   `temporalAdd` documents), `B` steps over weekends.
//!
//! Conversions follow the temporal casting table: date types (DATE, MONTH) and date-time types
//! convert among each other, date-time types also give a time of day, and time-of-day types
//! convert only among themselves.

use super::arith::numeric;
use super::prim::{map1, num, Flat, Num, Operand, Prim};
use super::unsupported;
use crate::ast::BinOp;
use crate::error::{Error, Result};
use crate::value::temporal::{civil_from_days, days_from_civil, days_in_month, NS_PER_DAY};
use crate::value::{DurationUnit, Physical, Scalar, Type, NULL_I32, NULL_I64};

/// Nanoseconds per stored unit, for every type except MONTH.
fn tick_ns(ty: Type) -> Option<i128> {
    Some(match ty {
        Type::Date => NS_PER_DAY as i128,
        Type::DateHour => 3_600_000_000_000,
        Type::DateTime | Type::Second => 1_000_000_000,
        Type::Timestamp | Type::Time => 1_000_000,
        Type::NanoTimestamp | Type::NanoTime => 1,
        Type::Minute => 60_000_000_000,
        _ => return None,
    })
}

fn is_time_of_day(ty: Type) -> bool {
    matches!(
        ty,
        Type::Minute | Type::Second | Type::Time | Type::NanoTime
    )
}

fn is_absolute(ty: Type) -> bool {
    ty.is_temporal() && !is_time_of_day(ty)
}

/// Units per day of a time-of-day type, for wrapping.
fn day_ticks(ty: Type) -> Option<i64> {
    tick_ns(ty)
        .filter(|_| is_time_of_day(ty))
        .map(|t| (NS_PER_DAY as i128 / t) as i64)
}

/// Converts one non-NULL temporal value; `None` when the casting table forbids it.
pub(crate) fn convert(v: i64, from: Type, to: Type) -> Option<i64> {
    if from == to {
        return Some(v);
    }
    if is_absolute(from) && is_absolute(to) {
        let (from, v) = if from == Type::Month {
            let (y, m) = (v.div_euclid(12), v.rem_euclid(12) as u32 + 1);
            (Type::Date, days_from_civil(y, m, 1))
        } else {
            (from, v)
        };
        let ns = v as i128 * tick_ns(from)?;
        if to == Type::Month {
            let days = ns.div_euclid(NS_PER_DAY as i128) as i64;
            let (y, m, _) = civil_from_days(days);
            return Some(y * 12 + m as i64 - 1);
        }
        return i64::try_from(ns.div_euclid(tick_ns(to)?)).ok();
    }
    if is_time_of_day(to)
        && (is_time_of_day(from)
            || matches!(
                from,
                Type::DateHour | Type::DateTime | Type::Timestamp | Type::NanoTimestamp
            ))
    {
        let ns = (v as i128 * tick_ns(from)?).rem_euclid(NS_PER_DAY as i128);
        return Some((ns / tick_ns(to)?) as i64);
    }
    None
}

/// The type two temporal types are compared in: the finer of two date(-time) types or of two
/// time-of-day types; `None` compares raw values.
pub(crate) fn common_type(a: Type, b: Type) -> Option<Type> {
    let fine = |t: Type| tick_ns(t).unwrap_or(i128::MAX);
    if (is_absolute(a) && is_absolute(b)) || (is_time_of_day(a) && is_time_of_day(b)) {
        let t = if fine(a) <= fine(b) { a } else { b };
        // MONTH vs MONTH never gets here (equal types are not converted).
        return Some(if t == Type::Month { Type::Date } else { t });
    }
    None
}

/// Maps every non-NULL integer of `a` through `f` into `out`'s layout (`None` → NULL).
pub(crate) fn map_i64(a: Operand<'_>, out: Type, f: impl Fn(i64) -> Option<i64>) -> Option<Flat> {
    let x: Num<i64> = num(a)?;
    Some(match out.physical() {
        Physical::I32 => map1(&x, |p| {
            if p.is_null() {
                NULL_I32
            } else {
                f(p).and_then(|v| i32::try_from(v).ok()).unwrap_or(NULL_I32)
            }
        })
        .into_flat(out),
        Physical::I64 => map1(&x, |p| {
            if p.is_null() {
                NULL_I64
            } else {
                f(p).unwrap_or(NULL_I64)
            }
        })
        .into_flat(out),
        _ => return None,
    })
}

/// Converts a temporal operand to another temporal type (elementwise).
pub(crate) fn convert_operand(a: Operand<'_>, to: Type) -> Result<Flat> {
    let from = a.ty();
    if convert(0, from, to).is_none() && from != to {
        return Err(cast_error(from, to));
    }
    map_i64(a, to, |v| convert(v, from, to)).ok_or_else(|| cast_error(from, to))
}

pub(crate) fn cast_error(from: Type, to: Type) -> Error {
    Error::type_err(format!("Can't convert {from} to {to}"))
}

/// Arithmetic where at least one side is temporal or a DURATION.
pub(crate) fn arith(op: BinOp, a: Operand<'_>, b: Operand<'_>) -> Result<Flat> {
    let (lt, rt) = (a.ty(), b.ty());
    let plain = |t: Type| t.is_integral() || t == Type::Bool || t == Type::Void;
    let add_sub = matches!(op, BinOp::Add | BinOp::Sub);
    if lt.is_temporal() && rt == Type::Duration && add_sub {
        if let Operand::S(Scalar::Duration(n, u)) = b {
            let n = if op == BinOp::Sub {
                n.wrapping_neg()
            } else {
                *n
            };
            return add_duration(a, n, *u);
        }
    }
    if lt == Type::Duration && rt.is_temporal() && op == BinOp::Add {
        if let Operand::S(Scalar::Duration(n, u)) = a {
            return add_duration(b, *n, *u);
        }
    }
    if lt.is_temporal() && plain(rt) && add_sub {
        return wrap_day(numeric(op, lt, a, b)?, lt);
    }
    if rt.is_temporal() && plain(lt) && op == BinOp::Add {
        return wrap_day(numeric(op, rt, a, b)?, rt);
    }
    let raw = |t: Type| {
        if t.physical() == Physical::I64 {
            Type::Long
        } else {
            Type::Int
        }
    };
    if lt.is_temporal() && lt == rt && op == BinOp::Sub {
        return numeric(op, raw(lt), a, b);
    }
    // Temporal values are stored as integers, so `* / %` work on the raw values.
    if matches!(op, BinOp::Mul | BinOp::Div | BinOp::Mod)
        && (lt.is_temporal() || plain(lt))
        && (rt.is_temporal() || plain(rt))
    {
        let wide = raw(lt) == Type::Long || raw(rt) == Type::Long;
        return numeric(op, if wide { Type::Long } else { Type::Int }, a, b);
    }
    Err(unsupported(op, lt, rt))
}

/// Time-of-day results stay within one day.
fn wrap_day(f: Flat, ty: Type) -> Result<Flat> {
    let Some(day) = day_ticks(ty) else {
        return Ok(f);
    };
    let op = match &f {
        Flat::S(s) => Operand::S(s),
        Flat::V(v) => Operand::V(v),
    };
    map_i64(op, ty, |v| Some(v.rem_euclid(day))).ok_or_else(|| Error::runtime("wrap failed"))
}

/// Moves every value of `a` by `n` units of `unit`.
fn add_duration(a: Operand<'_>, n: i64, unit: DurationUnit) -> Result<Flat> {
    let ty = a.ty();
    let bad = || {
        Error::type_err(format!(
            "The duration unit {} can't be applied to {ty}",
            unit.suffix()
        ))
    };
    let months = match unit {
        DurationUnit::Month => Some(n),
        DurationUnit::Y => Some(n.checked_mul(12).unwrap_or(i64::MAX)),
        _ => None,
    };
    if let Some(k) = months {
        if is_time_of_day(ty) {
            return Err(bad());
        }
        return map_i64(a, ty, |v| add_months(v, ty, k)).ok_or_else(bad);
    }
    if unit == DurationUnit::B {
        if is_time_of_day(ty) || ty == Type::Month {
            return Err(bad());
        }
        return map_i64(a, ty, |v| {
            shift_days(v, ty, |d| Some(add_business_days(d, n)))
        })
        .ok_or_else(bad);
    }
    let unit_ns: i128 = match unit {
        DurationUnit::Ns => 1,
        DurationUnit::Us => 1_000,
        DurationUnit::Ms => 1_000_000,
        DurationUnit::S => 1_000_000_000,
        DurationUnit::M => 60_000_000_000,
        DurationUnit::H => 3_600_000_000_000,
        DurationUnit::D => NS_PER_DAY as i128,
        DurationUnit::W => 7 * NS_PER_DAY as i128,
        _ => return Err(bad()),
    };
    let tick = tick_ns(ty).ok_or_else(bad)?;
    let delta = i64::try_from(n as i128 * unit_ns / tick).map_err(|_| bad())?;
    let day = day_ticks(ty);
    map_i64(a, ty, |v| {
        let r = v.wrapping_add(delta);
        Some(match day {
            Some(d) => r.rem_euclid(d),
            None => r,
        })
    })
    .ok_or_else(bad)
}

/// Applies `f` to the day part of an absolute temporal value, keeping the time of day.
fn shift_days(v: i64, ty: Type, f: impl Fn(i64) -> Option<i64>) -> Option<i64> {
    let per_day = (NS_PER_DAY as i128 / tick_ns(ty)?) as i64;
    let (days, rest) = (v.div_euclid(per_day), v.rem_euclid(per_day));
    f(days)?.checked_mul(per_day)?.checked_add(rest)
}

fn add_months(v: i64, ty: Type, k: i64) -> Option<i64> {
    if ty == Type::Month {
        return Some(v.wrapping_add(k));
    }
    shift_days(v, ty, |days| {
        let (y, m, d) = civil_from_days(days);
        let total = (y * 12 + m as i64 - 1).checked_add(k)?;
        let (ny, nm) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
        // Far outside every temporal range; also keeps the civil arithmetic from overflowing.
        if ny.abs() > 1_000_000_000 {
            return None;
        }
        Some(days_from_civil(ny, nm, d.min(days_in_month(ny, nm))))
    })
}

/// Adds `n` weekdays (Monday..Friday). A weekend start first moves to the adjacent weekday.
fn add_business_days(days: i64, n: i64) -> i64 {
    // 1970-01-01 was a Thursday: weekday index 0 = Monday.
    let weekday = |d: i64| (d + 3).rem_euclid(7);
    let step = if n >= 0 { 1 } else { -1 };
    // Whole weeks first (5 weekdays = 7 days), then at most four single steps plus weekends.
    // Counts this large leave every temporal range anyway; capping avoids `abs` overflow.
    let count = n.unsigned_abs().min(1 << 40) as i64;
    let weeks = (count - 1).max(0) / 5;
    let mut d = days.saturating_add(step * weeks * 7);
    let mut left = count - weeks * 5;
    while left > 0 {
        d += step;
        if weekday(d) < 5 {
            left -= 1;
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::binary;
    use crate::value::temporal::{parse_date, parse_datetime};
    use crate::value::Value;

    fn date(s: &str) -> Value {
        Value::Scalar(Scalar::I32(Type::Date, parse_date(s).expect("date") as i32))
    }

    fn dur(n: i64, u: DurationUnit) -> Value {
        Value::Scalar(Scalar::Duration(n, u))
    }

    fn text(v: &Value) -> String {
        super::super::text::scalar_text(v.as_scalar().expect("scalar"))
    }

    #[test]
    fn date_plus_int_and_difference() {
        let d = binary(BinOp::Add, &date("2012.06.13"), &Value::int(1)).expect("add");
        assert_eq!(text(&d), "2012.06.14");
        assert_eq!(d.ty(), Type::Date);
        let one = binary(BinOp::Add, &Value::int(1), &date("2012.06.13")).expect("add");
        assert_eq!(one.ty(), Type::Date);
        let diff = binary(BinOp::Sub, &date("2012.06.13"), &date("2012.06.01")).expect("sub");
        assert_eq!(diff.as_scalar(), Some(&Scalar::int(12)));
    }

    #[test]
    fn durations_clamp_month_ends() {
        let r = binary(
            BinOp::Add,
            &date("2020.01.31"),
            &dur(1, DurationUnit::Month),
        )
        .expect("1M");
        assert_eq!(text(&r), "2020.02.29");
        let r = binary(BinOp::Add, &date("2020.02.29"), &dur(1, DurationUnit::Y)).expect("1y");
        assert_eq!(text(&r), "2021.02.28");
        let (ty, v) = parse_datetime("2012.07.31T13:30:10.008").expect("ts");
        let ts = Value::Scalar(Scalar::I64(ty, v));
        let r = binary(BinOp::Sub, &ts, &dur(1, DurationUnit::Month)).expect("-1M");
        assert_eq!(text(&r), "2012.06.30T13:30:10.008");
        let r = binary(BinOp::Add, &ts, &dur(2, DurationUnit::H)).expect("2H");
        assert_eq!(text(&r), "2012.07.31T15:30:10.008");
        // 2017.01.13 is a Friday.
        let r = binary(BinOp::Add, &date("2017.01.13"), &dur(1, DurationUnit::B)).expect("1B");
        assert_eq!(text(&r), "2017.01.16");
    }

    #[test]
    fn business_days_and_raw_operations() {
        // 2017.01.13 is a Friday; ten weekdays later is Friday 2017.01.27.
        let r = binary(BinOp::Add, &date("2017.01.13"), &dur(10, DurationUnit::B)).expect("10B");
        assert_eq!(text(&r), "2017.01.27");
        let r = binary(BinOp::Sub, &date("2017.01.16"), &dur(1, DurationUnit::B)).expect("-1B");
        assert_eq!(text(&r), "2017.01.13");
        let r = binary(BinOp::Mod, &date("1970.01.08"), &Value::int(7)).expect("mod");
        assert_eq!(r.as_scalar(), Some(&Scalar::int(0)));
        let huge = binary(
            BinOp::Add,
            &date("2017.01.13"),
            &dur(i64::MAX, DurationUnit::Y),
        );
        assert!(huge.expect("huge duration").is_null_scalar());
    }

    #[test]
    fn time_of_day_wraps() {
        let s = Value::Scalar(Scalar::I32(Type::Second, 86_399));
        let r = binary(BinOp::Add, &s, &Value::int(2)).expect("add");
        assert_eq!(text(&r), "00:00:01");
        let r = binary(BinOp::Add, &s, &dur(30, DurationUnit::M)).expect("30m");
        assert_eq!(text(&r), "00:29:59");
    }

    #[test]
    fn conversions() {
        let dt = parse_datetime("2012.06.13T13:30:10").expect("dt").1;
        assert_eq!(convert(dt, Type::DateTime, Type::Date), Some(15504));
        assert_eq!(convert(dt, Type::DateTime, Type::Second), Some(48_610));
        assert_eq!(convert(15504, Type::Date, Type::Month), Some(24149));
        assert_eq!(
            convert(24149, Type::Month, Type::Date),
            parse_date("2012.06.01")
        );
        assert_eq!(convert(-1, Type::DateTime, Type::Date), Some(-1));
        assert_eq!(convert(810, Type::Minute, Type::Second), Some(48_600));
        assert_eq!(convert(1, Type::Date, Type::Second), None);
        assert_eq!(convert(1, Type::Second, Type::Date), None);
    }
}
