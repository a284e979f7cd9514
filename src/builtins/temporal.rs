//! Temporal functions: the clock (`today now`), calendar fields (`year monthOfYear dayOfMonth
//! dayOfWeek weekday dayOfYear quarterOfYear weekOfYear hour minuteOfHour secondOfMinute
//! millisecond microsecond nanosecond daysInMonth isLeapYear`) and arithmetic
//! (`temporalAdd concatDateTime`). Period boundaries live in `temporal_periods.rs`.
//!
//! The type constructors `date month minute second ...` live in `convert.rs`. Every function
//! here decodes each stored integer once into a date and a time of day ([`parts`]) and
//! writes a typed result; a NULL element gives a NULL result.

use super::args::{bool_arg, int_arg, str_arg};
use super::registry::{Builtin, Registry};
use crate::ast::BinOp;
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::value::temporal::{
    civil_from_days, days_from_civil, days_in_month, is_leap_year, MS_PER_DAY, NS_PER_DAY,
};
use crate::value::{DurationUnit, Physical, Scalar, Type, Value, VecData, Vector};
use crate::value::{NULL_I32, NULL_I64, NULL_I8};

pub fn register(reg: &mut Registry) {
    reg.add(
        Builtin::new("today()", today)
            .doc("The current local date (DATE).")
            .example("today() == date(now())", "true"),
    );
    reg.add(
        Builtin::new("now([nanoSecond=false])", now)
            .doc("The current local time as a TIMESTAMP, or a NANOTIMESTAMP when nanoSecond is true.")
            .example("typestr(now(true))", "NANOTIMESTAMP"),
    );
    field(
        reg,
        "year(X)",
        year,
        "The year (INT).",
        "year(2012.06.13)",
        "2012",
    );
    field(
        reg,
        "monthOfYear(X)",
        month_of_year,
        "The month of the year, 1 to 12 (INT).",
        "monthOfYear(2012.06.13T13:30:10)",
        "6",
    );
    field(
        reg,
        "dayOfMonth(X)",
        day_of_month,
        "The day of the month, 1 to 31 (INT).",
        "dayOfMonth(2012.06.13)",
        "13",
    );
    field(
        reg,
        "dayOfWeek(X)",
        day_of_week,
        "The day of the week: 0 is Monday ... 6 is Sunday (INT).",
        "dayOfWeek(2012.12.05)",
        "2",
    );
    field(
        reg,
        "dayOfYear(X)",
        day_of_year,
        "The day of the year, 1 to 366 (INT).",
        "dayOfYear(2012.03.01)",
        "61",
    );
    field(
        reg,
        "quarterOfYear(X)",
        quarter_of_year,
        "The quarter of the year, 1 to 4 (INT).",
        "quarterOfYear(2012.08.01)",
        "3",
    );
    field(
        reg,
        "weekOfYear(X)",
        week_of_year,
        "The ISO 8601 week of the year, 1 to 53; weeks start on Monday (INT).",
        "weekOfYear(2012.01.07)",
        "1",
    );
    reg.add(
        Builtin::new("hour(X)", hour)
            .aliases(&["hourOfDay"])
            .doc("The hour of the day, 0 to 23 (INT).")
            .example("hour(2012.06.13T13:30:10)", "13"),
    );
    field(
        reg,
        "minuteOfHour(X)",
        minute_of_hour,
        "The minute of the hour, 0 to 59 (INT).",
        "minuteOfHour(13:30:10)",
        "30",
    );
    field(
        reg,
        "secondOfMinute(X)",
        second_of_minute,
        "The second of the minute, 0 to 59 (INT).",
        "secondOfMinute(13:30:10)",
        "10",
    );
    field(
        reg,
        "millisecond(X)",
        millisecond,
        "The millisecond within the second, 0 to 999 (INT).",
        "millisecond(13:30:10.008)",
        "8",
    );
    field(
        reg,
        "microsecond(X)",
        microsecond,
        "The microsecond within the second, 0 to 999999 (INT).",
        "microsecond(13:30:10.008007006)",
        "8007",
    );
    field(
        reg,
        "nanosecond(X)",
        nanosecond,
        "The nanosecond within the second, 0 to 999999999 (INT).",
        "nanosecond(13:30:10.008007006)",
        "8007006",
    );
    field(
        reg,
        "daysInMonth(X)",
        days_in_month_fn,
        "The number of days in X's month (INT).",
        "daysInMonth(2012.02.01)",
        "29",
    );
    field(
        reg,
        "isLeapYear(X)",
        is_leap_year_fn,
        "Whether X falls in a leap year (BOOL).",
        "isLeapYear(2012.06.13)",
        "true",
    );
    reg.add(
        Builtin::new("weekday(X, [startFromSunday=true])", weekday)
            .doc("The weekday: 0 is Sunday ... 6 is Saturday, or 0 is Monday ... 6 is Sunday when startFromSunday is false (INT).")
            .example("weekday(2012.12.05)", "3"),
    );
    reg.add(
        Builtin::new("temporalAdd(obj, duration, [unit])", temporal_add)
            .aliases(&["datetimeAdd"])
            .doc("Adds duration (a DURATION, or an integer with unit ns us ms s m H d w M y B) to a temporal value; month and year steps clamp to the month end.")
            .example("temporalAdd(2012.07.31T13:30:10.008, -1, \"M\")", "2012.06.30T13:30:10.008"),
    );
    reg.add(
        Builtin::new("concatDateTime(date, time)", concat_date_time)
            .doc("Combines a DATE with a SECOND, TIME or NANOTIME into a DATETIME, TIMESTAMP or NANOTIMESTAMP.")
            .example("concatDateTime(2019.06.15, 13:25:10)", "2019.06.15T13:25:10"),
    );
}

pub(super) fn field(
    reg: &mut Registry,
    sig: &'static str,
    f: super::registry::BuiltinFn,
    doc: &'static str,
    example: &'static str,
    expected: &'static str,
) {
    reg.add(Builtin::new(sig, f).doc(doc).example(example, expected));
}

/// A temporal value decoded: its calendar date (absent for time-of-day types) and its
/// nanoseconds since midnight (absent for DATE and MONTH).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Parts {
    pub date: Option<(i64, u32, u32)>,
    pub nanos: Option<i64>,
}

/// Decodes one non-NULL temporal value of type `ty`; `None` for non-temporal types.
pub(super) fn parts(ty: Type, v: i64) -> Option<Parts> {
    let split = |per_day: i64, ns_per_unit: i64| {
        let (days, rest) = (v.div_euclid(per_day), v.rem_euclid(per_day));
        Parts {
            date: Some(civil_from_days(days)),
            nanos: Some(rest * ns_per_unit),
        }
    };
    let time = |ns_per_unit: i64| Parts {
        date: None,
        nanos: Some(v.rem_euclid(NS_PER_DAY / ns_per_unit) * ns_per_unit),
    };
    Some(match ty {
        Type::Date => Parts {
            date: Some(civil_from_days(v)),
            nanos: None,
        },
        Type::Month => Parts {
            date: Some((v.div_euclid(12), v.rem_euclid(12) as u32 + 1, 1)),
            nanos: None,
        },
        Type::DateHour => split(24, 3_600_000_000_000),
        Type::DateTime => split(86_400, 1_000_000_000),
        Type::Timestamp => split(MS_PER_DAY, 1_000_000),
        Type::NanoTimestamp => split(NS_PER_DAY, 1),
        Type::Minute => time(60_000_000_000),
        Type::Second => time(1_000_000_000),
        Type::Time => time(1_000_000),
        Type::NanoTime => time(1),
        _ => return None,
    })
}

/// The temporal argument: its type, its values widened to i64 (NULL as `NULL_I64`), and
/// whether it was a scalar.
pub(super) struct Temporal {
    pub ty: Type,
    pub vals: Vec<i64>,
    pub scalar: bool,
}

pub(super) fn temporal_arg(func: &str, param: &str, v: &Value) -> Result<Temporal> {
    let bad = || {
        Error::type_err(format!(
            "The argument [{param}] of [{func}] must be a temporal scalar or vector, not {}",
            v.type_str()
        ))
    };
    let widen32 = |x: i32| if x == NULL_I32 { NULL_I64 } else { x as i64 };
    match v {
        Value::Scalar(s) if s.ty().is_temporal() => {
            let val = match s {
                Scalar::I32(_, x) => widen32(*x),
                Scalar::I64(_, x) => *x,
                _ => return Err(bad()),
            };
            Ok(Temporal {
                ty: s.ty(),
                vals: vec![val],
                scalar: true,
            })
        }
        Value::Vector(x) | Value::Pair(x) if x.ty().is_temporal() => {
            let vals = match x.data() {
                VecData::I32(d) => d.iter().map(|&a| widen32(a)).collect(),
                VecData::I64(d) => d.clone(),
                _ => return Err(bad()),
            };
            Ok(Temporal {
                ty: x.ty(),
                vals,
                scalar: false,
            })
        }
        _ => Err(bad()),
    }
}

/// Packs i64 results (`NULL_I64` for NULL) into a scalar or vector of type `out`.
pub(super) fn pack(out: Type, vals: Vec<i64>, scalar: bool) -> Value {
    if scalar {
        let v = vals.first().copied().unwrap_or(NULL_I64);
        return Value::Scalar(Scalar::from_i64(out, v));
    }
    let data = match out.physical() {
        Physical::I8 => VecData::I8(
            vals.iter()
                .map(|&v| if v == NULL_I64 { NULL_I8 } else { v as i8 })
                .collect(),
        ),
        Physical::I32 => VecData::I32(
            vals.iter()
                .map(|&v| i32::try_from(v).unwrap_or(NULL_I32))
                .collect(),
        ),
        _ => VecData::I64(vals),
    };
    Value::vector(Vector::new(out, data))
}

/// Which part of a value a function reads.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Need {
    /// A calendar month (MONTH is enough).
    Month,
    /// A calendar day (MONTH is not enough).
    Day,
    /// A time of day.
    Time,
}

/// Maps every element of a temporal argument through `f` into type `out`.
pub(super) fn map_parts(
    func: &str,
    x: &Value,
    need: Need,
    out: Type,
    f: impl Fn(Parts, i64) -> Option<i64>,
) -> Result<Value> {
    let t = temporal_arg(func, "X", x)?;
    let ok = match need {
        Need::Month => parts(t.ty, 0).is_some_and(|p| p.date.is_some()),
        Need::Day => parts(t.ty, 0).is_some_and(|p| p.date.is_some()) && t.ty != Type::Month,
        Need::Time => parts(t.ty, 0).is_some_and(|p| p.nanos.is_some()),
    };
    if !ok {
        return Err(Error::type_err(format!(
            "The argument [X] of [{func}] doesn't support {}",
            t.ty
        )));
    }
    let ty = t.ty;
    let vals = t
        .vals
        .iter()
        .map(|&v| {
            if v == NULL_I64 {
                return NULL_I64;
            }
            parts(ty, v).and_then(|p| f(p, v)).unwrap_or(NULL_I64)
        })
        .collect();
    Ok(pack(out, vals, t.scalar))
}

fn date_of(p: Parts) -> Option<(i64, u32, u32)> {
    p.date
}

pub(super) fn days_of(p: Parts) -> Option<i64> {
    p.date.map(|(y, m, d)| days_from_civil(y, m, d))
}

fn today(it: &mut Interp, _: &[Value]) -> Result<Value> {
    // The session clock is simulated inside `porpoise scheduler --from` runs.
    let days = crate::jobs::clock::today_days(it);
    Ok(Value::Scalar(Scalar::from_i64(Type::Date, days)))
}

fn now(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let nano = bool_arg("now", "nanoSecond", args.first(), false)?;
    Ok(Value::Scalar(if nano {
        Scalar::I64(Type::NanoTimestamp, crate::jobs::clock::now_ns(it))
    } else {
        Scalar::I64(Type::Timestamp, crate::jobs::clock::now_ms(it))
    }))
}

fn year(_: &mut Interp, a: &[Value]) -> Result<Value> {
    map_parts("year", &a[0], Need::Month, Type::Int, |p, _| {
        date_of(p).map(|d| d.0)
    })
}

fn month_of_year(_: &mut Interp, a: &[Value]) -> Result<Value> {
    map_parts("monthOfYear", &a[0], Need::Month, Type::Int, |p, _| {
        date_of(p).map(|d| d.1 as i64)
    })
}

fn day_of_month(_: &mut Interp, a: &[Value]) -> Result<Value> {
    map_parts("dayOfMonth", &a[0], Need::Day, Type::Int, |p, _| {
        date_of(p).map(|d| d.2 as i64)
    })
}

/// Monday = 0 ... Sunday = 6; 1970.01.01 was a Thursday.
pub(super) fn monday_index(days: i64) -> i64 {
    (days + 3).rem_euclid(7)
}

fn day_of_week(_: &mut Interp, a: &[Value]) -> Result<Value> {
    map_parts("dayOfWeek", &a[0], Need::Day, Type::Int, |p, _| {
        days_of(p).map(monday_index)
    })
}

fn weekday(_: &mut Interp, a: &[Value]) -> Result<Value> {
    let sunday = bool_arg("weekday", "startFromSunday", a.get(1), true)?;
    map_parts("weekday", &a[0], Need::Day, Type::Int, |p, _| {
        days_of(p).map(|d| {
            let m = monday_index(d);
            if sunday {
                (m + 1) % 7
            } else {
                m
            }
        })
    })
}

fn day_of_year(_: &mut Interp, a: &[Value]) -> Result<Value> {
    map_parts("dayOfYear", &a[0], Need::Day, Type::Int, |p, _| {
        let (y, m, d) = p.date?;
        Some(days_from_civil(y, m, d) - days_from_civil(y, 1, 1) + 1)
    })
}

fn quarter_of_year(_: &mut Interp, a: &[Value]) -> Result<Value> {
    map_parts("quarterOfYear", &a[0], Need::Month, Type::Int, |p, _| {
        date_of(p).map(|d| (d.1 as i64 - 1) / 3 + 1)
    })
}

/// ISO 8601 week number: the week (Monday to Sunday) containing the year's first Thursday
/// is week 1.
fn iso_week(days: i64) -> i64 {
    let thursday = days - monday_index(days) + 3;
    let (y, _, _) = civil_from_days(thursday);
    (thursday - days_from_civil(y, 1, 1)) / 7 + 1
}

fn week_of_year(_: &mut Interp, a: &[Value]) -> Result<Value> {
    map_parts("weekOfYear", &a[0], Need::Day, Type::Int, |p, _| {
        days_of(p).map(iso_week)
    })
}

fn hour(_: &mut Interp, a: &[Value]) -> Result<Value> {
    map_parts("hour", &a[0], Need::Time, Type::Int, |p, _| {
        p.nanos.map(|n| n / 3_600_000_000_000)
    })
}

fn minute_of_hour(_: &mut Interp, a: &[Value]) -> Result<Value> {
    map_parts("minuteOfHour", &a[0], Need::Time, Type::Int, |p, _| {
        p.nanos.map(|n| n / 60_000_000_000 % 60)
    })
}

fn second_of_minute(_: &mut Interp, a: &[Value]) -> Result<Value> {
    map_parts("secondOfMinute", &a[0], Need::Time, Type::Int, |p, _| {
        p.nanos.map(|n| n / 1_000_000_000 % 60)
    })
}

fn millisecond(_: &mut Interp, a: &[Value]) -> Result<Value> {
    map_parts("millisecond", &a[0], Need::Time, Type::Int, |p, _| {
        p.nanos.map(|n| n % 1_000_000_000 / 1_000_000)
    })
}

fn microsecond(_: &mut Interp, a: &[Value]) -> Result<Value> {
    map_parts("microsecond", &a[0], Need::Time, Type::Int, |p, _| {
        p.nanos.map(|n| n % 1_000_000_000 / 1_000)
    })
}

fn nanosecond(_: &mut Interp, a: &[Value]) -> Result<Value> {
    map_parts("nanosecond", &a[0], Need::Time, Type::Int, |p, _| {
        p.nanos.map(|n| n % 1_000_000_000)
    })
}

fn days_in_month_fn(_: &mut Interp, a: &[Value]) -> Result<Value> {
    map_parts("daysInMonth", &a[0], Need::Month, Type::Int, |p, _| {
        date_of(p).map(|(y, m, _)| days_in_month(y, m) as i64)
    })
}

fn is_leap_year_fn(_: &mut Interp, a: &[Value]) -> Result<Value> {
    map_parts("isLeapYear", &a[0], Need::Month, Type::Bool, |p, _| {
        date_of(p).map(|(y, _, _)| is_leap_year(y) as i64)
    })
}

fn temporal_add(_: &mut Interp, a: &[Value]) -> Result<Value> {
    let obj = &a[0];
    if !obj.ty().is_temporal() {
        return Err(Error::type_err(format!(
            "The argument [obj] of [temporalAdd] must be a temporal scalar or vector, not {}",
            obj.type_str()
        )));
    }
    let duration = match (&a[1], a.get(2)) {
        (d @ Value::Scalar(Scalar::Duration(..)), _) => d.clone(),
        (n, Some(unit)) if !unit.is_void() => {
            let k = int_arg("temporalAdd", "duration", n)?;
            // The documented examples also spell the unit as a CHAR ('M').
            let unit: std::sync::Arc<str> = match unit {
                Value::Scalar(Scalar::I8(Type::Char, c)) if *c > 0 => {
                    ((*c as u8) as char).to_string().into()
                }
                u => str_arg("temporalAdd", "unit", u)?,
            };
            let u = DurationUnit::from_suffix(&unit).ok_or_else(|| {
                Error::domain(format!(
                    "The argument [unit] of [temporalAdd] must be one of ns, us, ms, s, m, H, d, w, M, y, B; trading calendar '{unit}' is not supported"
                ))
            })?;
            Value::Scalar(Scalar::Duration(k, u))
        }
        (other, _) => {
            return Err(Error::type_err(format!(
                "The argument [duration] of [temporalAdd] must be a DURATION, or an integer with a unit, not {}",
                other.type_str()
            )))
        }
    };
    crate::kernels::binary(BinOp::Add, obj, &duration)
}

fn concat_date_time(_: &mut Interp, a: &[Value]) -> Result<Value> {
    let d = temporal_arg("concatDateTime", "date", &a[0])?;
    let t = temporal_arg("concatDateTime", "time", &a[1])?;
    if d.ty != Type::Date {
        return Err(Error::type_err(format!(
            "The argument [date] of [concatDateTime] must be DATE, not {}",
            d.ty
        )));
    }
    let (out, per_day) = match t.ty {
        Type::Second => (Type::DateTime, 86_400),
        Type::Time => (Type::Timestamp, MS_PER_DAY),
        Type::NanoTime => (Type::NanoTimestamp, NS_PER_DAY),
        other => {
            return Err(Error::type_err(format!(
            "The argument [time] of [concatDateTime] must be SECOND, TIME or NANOTIME, not {other}"
        )))
        }
    };
    let n = match (d.scalar, t.scalar) {
        (true, true) => 1,
        (true, false) => t.vals.len(),
        (false, true) => d.vals.len(),
        (false, false) if d.vals.len() == t.vals.len() => d.vals.len(),
        _ => {
            return Err(Error::length(format!(
                "The arguments of [concatDateTime] have different lengths: {} and {}",
                d.vals.len(),
                t.vals.len()
            )))
        }
    };
    let at = |x: &Temporal, i: usize| if x.scalar { x.vals[0] } else { x.vals[i] };
    let vals = (0..n)
        .map(|i| {
            let (dv, tv) = (at(&d, i), at(&t, i));
            if dv == NULL_I64 || tv == NULL_I64 {
                NULL_I64
            } else {
                dv.saturating_mul(per_day).saturating_add(tv)
            }
        })
        .collect();
    Ok(pack(out, vals, d.scalar && t.scalar))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_weeks() {
        // 2012.01.01 is a Sunday: it belongs to week 52 of 2011.
        assert_eq!(iso_week(days_from_civil(2012, 1, 1)), 52);
        assert_eq!(iso_week(days_from_civil(2012, 1, 2)), 1);
        assert_eq!(iso_week(days_from_civil(2020, 12, 31)), 53);
    }
}
