//! Cumulative functions (`cum*`): `cumsum cumprod cummax cummin cumavg cumcount cumvar cumstd
//! cumvarp cumstdp cummed cumpercentile cumrank cumfirstNot cumlastNot`.
//!
//! NULL rule (cum-functions docs, `cumsum(1 1 2 3 4 5 NULL 8 ...)`): a NULL element repeats
//! the running result and leading NULLs stay NULL. Each works per column of a matrix or table.
//! Sums follow `sum` (LONG for integral input, DOUBLE for floating); extremes keep the type.

use super::args::bool_arg;
use super::numeric::{doubles, f64s, i64s, per_column, with_prims};
use super::registry::{Builtin, Registry};
use super::stats::{percent_arg, percentile_sorted, Interpolation, Ties};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::kernels::window::{self as k, is_null, Moments};
use crate::value::{Value, VecData, Vector, NULL_F64};

pub fn register(reg: &mut Registry) {
    let f = Builtin::new;
    reg.add(f("cumsum(X)", cumsum)
        .doc("Cumulative sum: LONG for integral input, DOUBLE otherwise; a NULL repeats the running sum.")
        .example("cumsum(1 2 NULL 4)", "[1,3,3,7]"));
    reg.add(
        f("cumprod(X)", cumprod)
            .doc("Cumulative product: LONG for integral input, DOUBLE otherwise.")
            .example("cumprod(1 2 3 4)", "[1,2,6,24]"),
    );
    reg.add(
        f("cummax(X)", cummax)
            .doc("Cumulative maximum, keeping the type of X.")
            .example("cummax(1 3 2 5 4)", "[1,3,3,5,5]"),
    );
    reg.add(
        f("cummin(X)", cummin)
            .doc("Cumulative minimum, keeping the type of X.")
            .example("cummin(4 3 5 1 2)", "[4,3,3,1,1]"),
    );
    reg.add(
        f("cumavg(X)", cumavg)
            .doc("Cumulative average (DOUBLE).")
            .example("cumavg(1 2 3 4)", "[1,1.5,2,2.5]"),
    );
    reg.add(
        f("cumcount(X)", cumcount)
            .doc("Cumulative count of non-NULL elements (INT).")
            .example("cumcount(1 NULL 3)", "[1,1,2]"),
    );
    reg.add(
        f("cumvar(X)", cumvar)
            .doc("Cumulative sample variance (DOUBLE).")
            .example("cumvar(1 2 4)", "[,0.5,2.333333]"),
    );
    reg.add(
        f("cumstd(X)", cumstd)
            .doc("Cumulative sample standard deviation (DOUBLE).")
            .example("cumstd(1 2 4)", "[,0.707107,1.527525]"),
    );
    reg.add(
        f("cumvarp(X)", cumvarp)
            .doc("Cumulative population variance (DOUBLE).")
            .example("cumvarp(1 2 4)", "[0,0.25,1.555556]"),
    );
    reg.add(
        f("cumstdp(X)", cumstdp)
            .doc("Cumulative population standard deviation (DOUBLE).")
            .example("cumstdp(1 3 5)", "[0,1,1.632993]"),
    );
    reg.add(
        f("cummed(X)", cummed)
            .doc("Cumulative median (DOUBLE).")
            .example("cummed(1 5 2 8)", "[1,3,2,3.5]"),
    );
    reg.add(
        f(
            "cumpercentile(X, percent, [interpolation='linear'])",
            cumpercentile,
        )
        .doc("Cumulative percentile (DOUBLE) with percentile's interpolation methods.")
        .example("cumpercentile(1 5 2 8, 50)", "[1,3,2,3.5]"),
    );
    reg.add(
        f(
            "cumrank(X, [ascending=true], [ignoreNA=true], [tiesMethod='min'], [percent=false])",
            cumrank,
        )
        .doc("The rank of each element among the elements up to it (0-based).")
        .example("cumrank(3 1 2 5 2)", "[0,0,1,3,1]"),
    );
    reg.add(
        f("cumfirstNot(X)", cumfirstnot)
            .doc("The first non-NULL element so far, keeping the type of X.")
            .example("cumfirstNot(NULL 2 3)", "[,2,2]"),
    );
    reg.add(
        f("cumlastNot(X)", cumlastnot)
            .doc("The last non-NULL element so far, keeping the type of X.")
            .example("cumlastNot(1 NULL 3 NULL)", "[1,1,3,3]"),
    );
}

fn cumsum(_: &mut Interp, args: &[Value]) -> Result<Value> {
    per_column("cumsum", &args[0], &|v| {
        if let Some(xs) = i64s(v) {
            return Ok(Vector::longs(k::cum_sum_int(&xs)));
        }
        Ok(doubles(k::cum_sum(&f64s("cumsum", v)?)))
    })
}

fn cumprod(_: &mut Interp, args: &[Value]) -> Result<Value> {
    per_column("cumprod", &args[0], &|v| {
        if let Some(xs) = i64s(v) {
            return Ok(Vector::longs(k::cum_fold(
                &xs,
                1i64,
                |acc, x| *acc = acc.wrapping_mul(x),
                |acc| *acc,
            )));
        }
        Ok(doubles(k::cum_fold(
            &f64s("cumprod", v)?,
            1.0f64,
            |acc, x| *acc *= x,
            |acc| *acc,
        )))
    })
}

fn extreme(func: &'static str, args: &[Value], largest: bool) -> Result<Value> {
    per_column(func, &args[0], &|v| {
        let data = with_prims!(v.data(), xs => k::cum_extreme(xs, largest)).ok_or_else(|| {
            Error::type_err(format!("[{func}] doesn't support {}", v.ty().name()))
        })?;
        Ok(Vector::new(v.ty(), data))
    })
}

fn cummax(_: &mut Interp, args: &[Value]) -> Result<Value> {
    extreme("cummax", args, true)
}

fn cummin(_: &mut Interp, args: &[Value]) -> Result<Value> {
    extreme("cummin", args, false)
}

fn cumavg(_: &mut Interp, args: &[Value]) -> Result<Value> {
    per_column("cumavg", &args[0], &|v| {
        Ok(doubles(k::cum_fold(
            &f64s("cumavg", v)?,
            (0.0f64, 0usize),
            |acc, x| {
                acc.0 += x;
                acc.1 += 1;
            },
            |acc| acc.0 / acc.1 as f64,
        )))
    })
}

fn cumcount(_: &mut Interp, args: &[Value]) -> Result<Value> {
    per_column("cumcount", &args[0], &|v| {
        let mut n = 0i32;
        Ok(Vector::ints(
            (0..v.len())
                .map(|i| {
                    if !v.is_null_at(i) {
                        n += 1;
                    }
                    n
                })
                .collect(),
        ))
    })
}

fn moments(func: &'static str, args: &[Value], ddof: usize, sqrt: bool) -> Result<Value> {
    per_column(func, &args[0], &|v| {
        let out = k::cum_fold(
            &f64s(func, v)?,
            Moments::default(),
            |m, x| m.add(x),
            |m| {
                let r = m.var(ddof);
                if sqrt && !is_null(r) {
                    r.sqrt()
                } else {
                    r
                }
            },
        );
        Ok(doubles(out))
    })
}

fn cumvar(_: &mut Interp, args: &[Value]) -> Result<Value> {
    moments("cumvar", args, 1, false)
}

fn cumstd(_: &mut Interp, args: &[Value]) -> Result<Value> {
    moments("cumstd", args, 1, true)
}

fn cumvarp(_: &mut Interp, args: &[Value]) -> Result<Value> {
    moments("cumvarp", args, 0, false)
}

fn cumstdp(_: &mut Interp, args: &[Value]) -> Result<Value> {
    moments("cumstdp", args, 0, true)
}

/// Runs `f` over the sorted non-NULL prefix at each position (binary insertion keeps it
/// sorted); NULL elements repeat the previous result.
fn sorted_prefix(x: &[f64], mut f: impl FnMut(&[f64], f64) -> f64) -> Vec<f64> {
    let mut sorted: Vec<f64> = Vec::new();
    let mut last = NULL_F64;
    x.iter()
        .map(|&v| {
            if !is_null(v) {
                let pos = sorted.partition_point(|s| *s <= v);
                sorted.insert(pos, v);
                last = f(&sorted, v);
            }
            last
        })
        .collect()
}

fn cummed(_: &mut Interp, args: &[Value]) -> Result<Value> {
    per_column("cummed", &args[0], &|v| {
        Ok(doubles(sorted_prefix(&f64s("cummed", v)?, |s, _| {
            percentile_sorted(s, 50.0, Interpolation::Linear)
        })))
    })
}

fn cumpercentile(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let pct = percent_arg("cumpercentile", &args[1])?;
    let how = Interpolation::parse("cumpercentile", args.get(2))?;
    per_column("cumpercentile", &args[0], &|v| {
        Ok(doubles(sorted_prefix(
            &f64s("cumpercentile", v)?,
            |s, _| percentile_sorted(s, pct, how),
        )))
    })
}

fn cumrank(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let ascending = bool_arg("cumrank", "ascending", args.get(1), true)?;
    let ignore_na = bool_arg("cumrank", "ignoreNA", args.get(2), true)?;
    let ties = Ties::parse("cumrank", args.get(3), false)?;
    let percent = bool_arg("cumrank", "percent", args.get(4), false)?;
    per_column("cumrank", &args[0], &|v| {
        let x = f64s("cumrank", v)?;
        let mut sorted: Vec<f64> = Vec::new();
        let mut nulls = 0usize;
        let res: Vec<f64> = x
            .iter()
            .map(|&e| {
                if is_null(e) {
                    if ignore_na {
                        return NULL_F64;
                    }
                    nulls += 1;
                } else {
                    let pos = sorted.partition_point(|s| *s <= e);
                    sorted.insert(pos, e);
                }
                let total = sorted.len() + if ignore_na { 0 } else { nulls };
                // NULL is the smallest value when it takes part in the ranking.
                let (less, equal) = if is_null(e) {
                    (0, nulls)
                } else {
                    let lo = sorted.partition_point(|s| *s < e);
                    let hi = sorted.partition_point(|s| *s <= e);
                    let n0 = if ignore_na { 0 } else { nulls };
                    (lo + n0, hi - lo)
                };
                let before = if ascending {
                    less
                } else {
                    total - less - equal
                };
                let r = match ties {
                    Ties::Max => (before + equal - 1) as f64,
                    Ties::Average => before as f64 + (equal - 1) as f64 / 2.0,
                    _ => before as f64,
                };
                if percent {
                    (r + 1.0) / total as f64
                } else {
                    r
                }
            })
            .collect();
        if percent || ties == Ties::Average {
            return Ok(doubles(res));
        }
        Ok(Vector::ints(
            res.iter()
                .map(|&r| if is_null(r) { i32::MIN } else { r as i32 })
                .collect(),
        ))
    })
}

/// `cumfirstNot` / `cumlastNot` as a gather: each position takes the index of the first (or
/// latest) non-NULL element seen so far, which works for every element type.
fn pick(func: &'static str, args: &[Value], last: bool) -> Result<Value> {
    per_column(func, &args[0], &|v| {
        if matches!(v.data(), VecData::Any(_)) {
            return Err(Error::type_err(format!("[{func}] doesn't support a tuple")));
        }
        let mut chosen: i64 = -1;
        let idx: Vec<i64> = (0..v.len())
            .map(|i| {
                if !v.is_null_at(i) && (last || chosen < 0) {
                    chosen = i as i64;
                }
                chosen
            })
            .collect();
        Ok(v.gather(&idx))
    })
}

fn cumfirstnot(_: &mut Interp, args: &[Value]) -> Result<Value> {
    pick("cumfirstNot", args, false)
}

fn cumlastnot(_: &mut Interp, args: &[Value]) -> Result<Value> {
    pick("cumlastNot", args, true)
}
