//! Period boundaries: `monthBegin monthEnd quarterBegin quarterEnd yearBegin yearEnd
//! weekBegin`. Periods are counted in months (`month_total`: months since year 0) or days;
//! the `Begin` functions also take DolphinDB's `offset` and `n`, which group n periods at a
//! time counting from offset's period.

use super::args::int_arg;
use super::registry::{Builtin, Registry};
use super::temporal::{days_of, field, map_parts, monday_index, parts, temporal_arg, Need, Parts};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::value::temporal::{days_from_civil, days_in_month};
use crate::value::{Scalar, Type, Value, NULL_I64};

pub fn register(reg: &mut Registry) {
    field(
        reg,
        "monthBegin(X, [offset], [n=1])",
        month_begin,
        "The first day of X's month (DATE).",
        "monthBegin(2016.12.06)",
        "2016.12.01",
    );
    field(
        reg,
        "monthEnd(X)",
        month_end,
        "The last day of X's month (DATE).",
        "monthEnd(2016.02.06)",
        "2016.02.29",
    );
    reg.add(
        Builtin::new(
            "yearBegin(X, [startingMonth=1], [offset], [n=1])",
            year_begin,
        )
        .doc("The first day of the year (starting in startingMonth) that X belongs to (DATE).")
        .example("yearBegin(2012.06.12, 4)", "2012.04.01"),
    );
    reg.add(
        Builtin::new("yearEnd(X, [endingMonth=12])", year_end)
            .doc("The last day of the year (ending in endingMonth) that X belongs to (DATE).")
            .example("yearEnd(2012.06.12, 3)", "2013.03.31"),
    );
    reg.add(
        Builtin::new("quarterBegin(X, [startingMonth=1], [offset], [n=1])", quarter_begin)
            .doc("The first day of the quarter that X belongs to; quarters start in startingMonth (DATE).")
            .example("quarterBegin(2012.06.12)", "2012.04.01"),
    );
    reg.add(
        Builtin::new("quarterEnd(X, [endingMonth=12])", quarter_end)
            .doc("The last day of the quarter that X belongs to; quarters end in endingMonth (DATE).")
            .example("quarterEnd(2012.06.12)", "2012.06.30"),
    );
    reg.add(
        Builtin::new("weekBegin(X, [weekday=0], [offset], [n=1])", week_begin)
            .doc("The latest date on or before X that falls on weekday (0 is Monday ... 6 is Sunday) (DATE).")
            .example("weekBegin(2012.12.05)", "2012.12.03"),
    );
}

/// Days since epoch of day `d` of the month `total` months after year 0's January,
/// clamping `d` to the month's length (`u32::MAX` means the last day).
fn day_in_month(total: i64, d: u32) -> i64 {
    let (y, m) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
    days_from_civil(y, m, d.min(days_in_month(y, m)))
}

fn month_total(y: i64, m: u32) -> i64 {
    y * 12 + m as i64 - 1
}

fn month_begin(_: &mut Interp, a: &[Value]) -> Result<Value> {
    months_begin("monthBegin", a, 1, 1, 1)
}

fn month_end(_: &mut Interp, a: &[Value]) -> Result<Value> {
    map_parts("monthEnd", &a[0], Need::Month, Type::Date, |p, _| {
        p.date
            .map(|(y, m, _)| day_in_month(month_total(y, m), u32::MAX))
    })
}

/// A month-number argument (1 to 12) with a default.
fn month_arg(func: &str, param: &str, v: Option<&Value>, default: u32) -> Result<u32> {
    match v {
        None | Some(Value::Scalar(Scalar::Void)) => Ok(default),
        Some(v) => {
            let m = int_arg(func, param, v)?;
            u32::try_from(m)
                .ok()
                .filter(|m| (1..=12).contains(m))
                .ok_or_else(|| {
                    Error::domain(format!(
                        "The argument [{param}] of [{func}] must be an integer between 1 and 12"
                    ))
                })
        }
    }
}

/// Month number (`month_total`) of the first month of the period of `len` months
/// containing (y, m) whose periods start in month `start`.
fn period_start(y: i64, m: u32, start: u32, len: i64) -> i64 {
    month_total(y, m) - (m as i64 - start as i64).rem_euclid(len)
}

/// First day of the period of `len` months containing (y, m) whose periods start in
/// month `start`.
#[cfg(test)]
fn period_begin(y: i64, m: u32, start: u32, len: i64) -> i64 {
    day_in_month(period_start(y, m, start, len), 1)
}

/// The optional `offset` and `n` arguments at `at` and `at + 1`: with n > 1, periods are
/// grouped n at a time counting from offset's period (by default X's minimum), so the
/// result is the first day of the group. `None` means one period at a time.
fn offset_n(func: &str, a: &[Value], at: usize) -> Result<Option<(Parts, i64)>> {
    let given = |i: usize| a.get(i).filter(|v| !v.is_void());
    let n = match given(at + 1) {
        None => 1,
        Some(v) => int_arg(func, "n", v)?,
    };
    if n < 1 {
        return Err(Error::domain(format!(
            "The argument [n] of [{func}] must be a positive integer"
        )));
    }
    if n == 1 {
        return Ok(None);
    }
    let off = match given(at) {
        Some(v) => {
            let t = temporal_arg(func, "offset", v)?;
            if !t.scalar {
                return Err(Error::type_err(format!(
                    "The argument [offset] of [{func}] must be a scalar"
                )));
            }
            (t.ty, t.vals[0])
        }
        None => {
            let t = temporal_arg(func, "X", &a[0])?;
            let min = t.vals.iter().copied().filter(|v| *v != NULL_I64).min();
            (t.ty, min.unwrap_or(NULL_I64))
        }
    };
    if off.1 == NULL_I64 {
        return Ok(None);
    }
    Ok(parts(off.0, off.1)
        .filter(|p| p.date.is_some())
        .map(|p| (p, n)))
}

/// `monthBegin`, `quarterBegin` and `yearBegin`: periods of `len` months starting in month
/// `start`, optionally grouped by `offset`/`n` (arguments from index `at`).
fn months_begin(func: &str, a: &[Value], start: u32, len: i64, at: usize) -> Result<Value> {
    let group = offset_n(func, a, at)?;
    let base = group.and_then(|(p, n)| {
        p.date
            .map(|(y, m, _)| (period_start(y, m, start, len), len * n))
    });
    map_parts(func, &a[0], Need::Month, Type::Date, |p, _| {
        let (y, m, _) = p.date?;
        let mut total = period_start(y, m, start, len);
        if let Some((off, step)) = base {
            total = off + (total - off).div_euclid(step) * step;
        }
        Some(day_in_month(total, 1))
    })
}

/// Last day of the period of `len` months containing (y, m) whose periods end in month `end`.
fn period_end(y: i64, m: u32, end: u32, len: i64) -> i64 {
    let total = month_total(y, m);
    let ahead = (end as i64 - m as i64).rem_euclid(len);
    day_in_month(total + ahead, u32::MAX)
}

fn year_begin(_: &mut Interp, a: &[Value]) -> Result<Value> {
    let start = month_arg("yearBegin", "startingMonth", a.get(1), 1)?;
    months_begin("yearBegin", a, start, 12, 2)
}

fn year_end(_: &mut Interp, a: &[Value]) -> Result<Value> {
    let end = month_arg("yearEnd", "endingMonth", a.get(1), 12)?;
    map_parts("yearEnd", &a[0], Need::Month, Type::Date, |p, _| {
        p.date.map(|(y, m, _)| period_end(y, m, end, 12))
    })
}

fn quarter_begin(_: &mut Interp, a: &[Value]) -> Result<Value> {
    let start = month_arg("quarterBegin", "startingMonth", a.get(1), 1)?;
    months_begin("quarterBegin", a, start, 3, 2)
}

fn quarter_end(_: &mut Interp, a: &[Value]) -> Result<Value> {
    let end = month_arg("quarterEnd", "endingMonth", a.get(1), 12)?;
    map_parts("quarterEnd", &a[0], Need::Month, Type::Date, |p, _| {
        p.date.map(|(y, m, _)| period_end(y, m, end, 3))
    })
}

fn week_begin(_: &mut Interp, a: &[Value]) -> Result<Value> {
    let wd = match a.get(1) {
        None | Some(Value::Scalar(Scalar::Void)) => 0,
        Some(v) => {
            let w = int_arg("weekBegin", "weekday", v)?;
            if !(0..=6).contains(&w) {
                return Err(Error::domain(
                    "The argument [weekday] of [weekBegin] must be an integer between 0 and 6",
                ));
            }
            w
        }
    };
    let start = |d: i64| d - (monday_index(d) - wd).rem_euclid(7);
    let base =
        offset_n("weekBegin", a, 2)?.and_then(|(p, n)| days_of(p).map(|d| (start(d), 7 * n)));
    map_parts("weekBegin", &a[0], Need::Day, Type::Date, |p, _| {
        let d = start(days_of(p)?);
        Some(match base {
            Some((off, step)) => off + (d - off).div_euclid(step) * step,
            None => d,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::temporal::NS_PER_DAY;

    #[test]
    fn periods() {
        assert_eq!(period_begin(2012, 6, 10, 12), days_from_civil(2011, 10, 1));
        assert_eq!(period_end(2012, 6, 3, 12), days_from_civil(2013, 3, 31));
        assert_eq!(period_end(2012, 5, 12, 3), days_from_civil(2012, 6, 30));
        let p = parts(Type::Timestamp, -1).expect("timestamp");
        assert_eq!(p.date, Some((1969, 12, 31)));
        assert_eq!(p.nanos, Some(NS_PER_DAY - 1_000_000));
    }
}
