//! Moving-window functions (`m*`): `msum mavg mmax mmin mcount mvar mstd mvarp mstdp mmed
//! mpercentile mimax mimin mfirst mlast mprod mmad mskew mkurtosis mrank mcorr mcovar mbeta
//! mwsum mwavg msum2`.
//!
//! Every one takes `window` and an optional `minPeriods` (see `kernels::window::Periods` for
//! the NULL rule), returns a result as long as X, and works per column of a matrix or table.
//! Sums, means, variances, extremes, counts, products, the higher moments and the pairwise
//! statistics stream in O(n); median, percentile, rank and the median-based mmad keep a
//! sorted window (O(log window) search plus a memmove per step, see
//! `kernels::window_stream`). Only mmad around the mean recomputes each window: its
//! deviations are taken from a mean that changes every step, so no running form is exact.

use super::args::bool_arg;
use super::numeric::{
    doubles, f64s, i64s, per_column, per_column2, periods, window_arg, with_prims,
};
use super::registry::{Builtin, Registry};
use super::stats::{
    beta_from, corr_from, covar_from, kurtosis_from, mad_of, percent_arg, percentile_at,
    percentile_sorted, skew_from, Interpolation, RankOpts, Ties,
};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::kernels::window::{self as k, is_null, Periods};
use crate::kernels::window_stream::{self as ks, kth_of_two, SortedWindow};
use crate::value::{Type, Value, VecData, Vector, NULL_F64};

pub fn register(reg: &mut Registry) {
    let f = Builtin::new;
    reg.add(
        f("msum(X, window, [minPeriods])", msum)
            .doc("Moving sum over a sliding window: LONG for integral input, DOUBLE otherwise.")
            .example("msum(2 1 3 NULL 6 5 4, 3)", "[,,6,4,9,11,15]"),
    );
    reg.add(f("mavg(X, window, [minPeriods])", mavg)
        .doc("Moving average (DOUBLE); a weights vector as the second argument gives the weighted moving average.")
        .example("mavg(7 4 6 0 -5 32 9 8, 4)", "[,,,4.25,1.25,8.25,9,11]"));
    reg.add(
        f("mmax(X, window, [minPeriods])", mmax)
            .doc("Moving maximum, keeping the type of X.")
            .example("mmax(1 3 2 5 4, 3)", "[,,3,5,5]"),
    );
    reg.add(
        f("mmin(X, window, [minPeriods])", mmin)
            .doc("Moving minimum, keeping the type of X.")
            .example("mmin(1 3 2 5 4, 3)", "[,,1,2,2]"),
    );
    reg.add(
        f("mcount(X, window, [minPeriods])", mcount)
            .doc("Moving count of non-NULL elements (INT).")
            .example("mcount(1 NULL 3 4, 2)", "[,1,1,2]"),
    );
    reg.add(
        f("mvar(X, window, [minPeriods])", mvar)
            .doc("Moving sample variance (DOUBLE).")
            .example("mvar(1 2 4 8, 3)", "[,,2.333333,9.333333]"),
    );
    reg.add(
        f("mstd(X, window, [minPeriods])", mstd)
            .doc("Moving sample standard deviation (DOUBLE).")
            .example("mstd(1 2 3 5, 2)", "[,0.707107,0.707107,1.414214]"),
    );
    reg.add(
        f("mvarp(X, window, [minPeriods])", mvarp)
            .doc("Moving population variance (DOUBLE).")
            .example("mvarp(1 2 4 8, 2)", "[,0.25,1,4]"),
    );
    reg.add(
        f("mstdp(X, window, [minPeriods])", mstdp)
            .doc("Moving population standard deviation (DOUBLE).")
            .example("mstdp(1 2 4 8, 2)", "[,0.5,1,2]"),
    );
    reg.add(
        f("mmed(X, window, [minPeriods])", mmed)
            .doc("Moving median (DOUBLE).")
            .example("mmed(1 5 2 8 3, 3)", "[,,2,5,3]"),
    );
    reg.add(
        f(
            "mpercentile(X, percent, window, [interpolation='linear'], [minPeriods])",
            mpercentile,
        )
        .doc("Moving percentile (DOUBLE) with percentile's interpolation methods.")
        .example("mpercentile(1 5 2 8 3, 50, 3)", "[,,2,5,3]"),
    );
    reg.add(f("mimax(X, window, [minPeriods])", mimax)
        .doc("Position of the first largest element inside each window, counted from the window's start (INT).")
        .example("mimax(1.2 2 NULL 6 -1 6, 3)", "[,,1,2,1,0]"));
    reg.add(f("mimin(X, window, [minPeriods])", mimin)
        .doc("Position of the first smallest element inside each window, counted from the window's start (INT).")
        .example("mimin(1.2 2 NULL 6 -1 6, 3)", "[,,0,0,2,1]"));
    reg.add(
        f("mfirst(X, window, [minPeriods])", mfirst)
            .doc("The first element of each window, keeping the type of X.")
            .example("mfirst(1 2 3 4, 2)", "[,1,2,3]"),
    );
    reg.add(
        f("mlast(X, window, [minPeriods])", mlast)
            .doc("The last element of each window, keeping the type of X.")
            .example("mlast(1 2 3 4, 2)", "[,2,3,4]"),
    );
    reg.add(
        f("mprod(X, window, [minPeriods])", mprod)
            .doc("Moving product (DOUBLE).")
            .example("mprod(1 2 3 4, 2)", "[,2,6,12]"),
    );
    reg.add(
        f("mmad(X, window, [useMedian=false], [minPeriods])", mmad)
            .doc("Moving mean absolute deviation (or median absolute deviation with useMedian).")
            .example("mmad(1 2 3 4 10, 3)", "[,,0.666667,0.666667,2.888889]"),
    );
    reg.add(
        f("mskew(X, window, [biased=true], [minPeriods])", mskew)
            .doc("Moving skewness (DOUBLE).")
            .example("mskew(1 2 3 10, 4)", "[,,,1.018234]"),
    );
    reg.add(
        f(
            "mkurtosis(X, window, [biased=true], [minPeriods])",
            mkurtosis,
        )
        .doc("Moving kurtosis, not excess (DOUBLE).")
        .example("mkurtosis(1 2 3 10, 4)", "[,,,2.2304]"),
    );
    reg.add(f("mrank(X, ascending, window, [ignoreNA=true], [tiesMethod='min'], [percent=false], [minPeriods])", mrank)
        .doc("The rank of each element inside the window that ends at it (0-based).")
        .example("mrank(3 2 4 4 4 NULL 1, false, 3)", "[,,0,0,0,,1]"));
    reg.add(
        f("mcorr(X, Y, window, [minPeriods])", mcorr)
            .doc("Moving Pearson correlation of X and Y.")
            .example("mcorr(1 2 3 4, 2 4 6 9, 3)", "[,,1,0.993399]"),
    );
    reg.add(
        f("mcovar(X, Y, window, [minPeriods])", mcovar)
            .doc("Moving sample covariance of X and Y.")
            .example("mcovar(1 2 3 4, 2 4 6 9, 3)", "[,,2,2.5]"),
    );
    reg.add(
        f("mbeta(Y, X, window, [minPeriods])", mbeta)
            .doc("Moving OLS slope of Y regressed on X.")
            .example("mbeta(2 4 6 9, 1 2 3 4, 3)", "[,,2,2.5]"),
    );
    reg.add(
        f("mwsum(X, Y, window, [minPeriods])", mwsum)
            .doc("Moving sum of X*Y (DOUBLE).")
            .example("mwsum(1 2 3, 3 2 1, 2)", "[,7,7]"),
    );
    reg.add(
        f("mwavg(X, Y, window, [minPeriods])", mwavg)
            .doc("Moving average of X weighted by Y (DOUBLE).")
            .example("mwavg(1 2 3, 3 2 1, 2)", "[,1.4,2.333333]"),
    );
    reg.add(
        f("msum2(X, window, [minPeriods])", msum2)
            .doc("Moving sum of squares (DOUBLE).")
            .example("msum2(2 1 3 7, 3)", "[,,14,59]"),
    );
}

/// A DOUBLE-valued moving kernel over one column.
fn float_moving(
    func: &'static str,
    args: &[Value],
    w: usize,
    kernel: &dyn Fn(&[f64], Periods) -> Vec<f64>,
) -> Result<Value> {
    let p = periods(func, args, w)?;
    per_column(func, &args[0], &|v| Ok(doubles(kernel(&f64s(func, v)?, p))))
}

fn msum(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let p = periods("msum", args, 1)?;
    per_column("msum", &args[0], &|v| {
        if let Some(xs) = i64s(v) {
            return Ok(Vector::longs(k::moving_sum_int(&xs, p)));
        }
        Ok(doubles(k::moving_sum(&f64s("msum", v)?, p, false)))
    })
}

fn mavg(_: &mut Interp, args: &[Value]) -> Result<Value> {
    if let Value::Vector(w) = &args[1] {
        let weights = f64s("mavg", w)?.into_owned();
        if weights.is_empty() || weights.len() > 1024 || weights.iter().any(|x| is_null(*x)) {
            return Err(Error::domain(
                "[mavg] weights must be a non-empty vector of at most 1024 numbers",
            ));
        }
        return per_column("mavg", &args[0], &|v| {
            Ok(doubles(weighted(&f64s("mavg", v)?, &weights)))
        });
    }
    float_moving("mavg", args, 1, &|x, p| k::moving_sum(x, p, true))
}

/// The weighted moving average; a window holding a NULL gives NULL (weights fixed per slot).
fn weighted(x: &[f64], w: &[f64]) -> Vec<f64> {
    let total: f64 = w.iter().sum();
    (0..x.len())
        .map(|i| {
            if i + 1 < w.len() {
                return NULL_F64;
            }
            let win = &x[i + 1 - w.len()..=i];
            if win.iter().any(|v| is_null(*v)) {
                // Renormalise over the non-NULL slots (docs: mavg(Y, 2 3 5) skips the NULL).
                let (s, t) = win
                    .iter()
                    .zip(w)
                    .filter(|(v, _)| !is_null(**v))
                    .fold((0.0, 0.0), |(s, t), (v, q)| (s + v * q, t + q));
                return if t == 0.0 { NULL_F64 } else { s / t };
            }
            win.iter().zip(w).map(|(v, q)| v * q).sum::<f64>() / total
        })
        .collect()
}

fn extreme(func: &'static str, args: &[Value], largest: bool, index: bool) -> Result<Value> {
    let p = periods(func, args, 1)?;
    per_column(func, &args[0], &|v| {
        if index {
            let (_, idx) = k::moving_extreme(&f64s(func, v)?, p, largest);
            return Ok(Vector::ints(idx));
        }
        let data = with_prims!(v.data(), xs => k::moving_extreme(xs, p, largest).0)
            .ok_or_else(|| unsupported(func, v.ty()))?;
        Ok(Vector::new(v.ty(), data))
    })
}

fn unsupported(func: &str, ty: Type) -> Error {
    Error::type_err(format!("[{func}] doesn't support {}", ty.name()))
}

fn mmax(_: &mut Interp, args: &[Value]) -> Result<Value> {
    extreme("mmax", args, true, false)
}

fn mmin(_: &mut Interp, args: &[Value]) -> Result<Value> {
    extreme("mmin", args, false, false)
}

fn mimax(_: &mut Interp, args: &[Value]) -> Result<Value> {
    extreme("mimax", args, true, true)
}

fn mimin(_: &mut Interp, args: &[Value]) -> Result<Value> {
    extreme("mimin", args, false, true)
}

fn mcount(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let p = periods("mcount", args, 1)?;
    per_column("mcount", &args[0], &|v| {
        let nulls: Vec<f64> = (0..v.len())
            .map(|i| if v.is_null_at(i) { NULL_F64 } else { 0.0 })
            .collect();
        Ok(Vector::ints(k::moving_count(&nulls, p)))
    })
}

fn mvar(_: &mut Interp, args: &[Value]) -> Result<Value> {
    float_moving("mvar", args, 1, &|x, p| k::moving_var(x, p, 1, false))
}

fn mstd(_: &mut Interp, args: &[Value]) -> Result<Value> {
    float_moving("mstd", args, 1, &|x, p| k::moving_var(x, p, 1, true))
}

fn mvarp(_: &mut Interp, args: &[Value]) -> Result<Value> {
    float_moving("mvarp", args, 1, &|x, p| k::moving_var(x, p, 0, false))
}

fn mstdp(_: &mut Interp, args: &[Value]) -> Result<Value> {
    float_moving("mstdp", args, 1, &|x, p| k::moving_var(x, p, 0, true))
}

fn mmed(_: &mut Interp, args: &[Value]) -> Result<Value> {
    float_moving("mmed", args, 1, &|x, p| {
        ks::moving_sorted(x, p, |w, _| {
            percentile_sorted(&w.sorted, 50.0, Interpolation::Linear)
        })
    })
}

fn mpercentile(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let pct = percent_arg("mpercentile", &args[1])?;
    let how = Interpolation::parse("mpercentile", args.get(3))?;
    let window = window_arg("mpercentile", &args[2])?;
    let min_periods = super::numeric::min_periods_arg("mpercentile", args.get(4), window)?;
    let p = Periods {
        window,
        min_periods,
    };
    per_column("mpercentile", &args[0], &|v| {
        let x = f64s("mpercentile", v)?;
        Ok(doubles(ks::moving_sorted(&x, p, |w, _| {
            percentile_sorted(&w.sorted, pct, how)
        })))
    })
}

fn edge(func: &'static str, args: &[Value], last: bool) -> Result<Value> {
    let p = periods(func, args, 1)?;
    per_column(func, &args[0], &|v| {
        let data = with_prims!(v.data(), xs => k::moving_edge(xs, p, last))
            .ok_or_else(|| unsupported(func, v.ty()))?;
        Ok(Vector::new(v.ty(), data))
    })
}

fn mfirst(_: &mut Interp, args: &[Value]) -> Result<Value> {
    edge("mfirst", args, false)
}

fn mlast(_: &mut Interp, args: &[Value]) -> Result<Value> {
    edge("mlast", args, true)
}

fn mprod(_: &mut Interp, args: &[Value]) -> Result<Value> {
    float_moving("mprod", args, 1, &|x, p| ks::moving_prod(x, p))
}

/// The window and minPeriods of the moving functions with a boolean option at position 2
/// (mmad, mskew, mkurtosis), and that option.
fn flag_periods(
    func: &'static str,
    args: &[Value],
    flag: &str,
    default: bool,
) -> Result<(bool, Periods)> {
    let on = bool_arg(func, flag, args.get(2), default)?;
    let window = window_arg(func, &args[1])?;
    let min_periods = super::numeric::min_periods_arg(func, args.get(3), window)?;
    Ok((
        on,
        Periods {
            window,
            min_periods,
        },
    ))
}

fn mmad(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let (use_median, p) = flag_periods("mmad", args, "useMedian", false)?;
    per_column("mmad", &args[0], &|v| {
        let x = f64s("mmad", v)?;
        Ok(doubles(if use_median {
            ks::moving_sorted(&x, p, |w, _| median_deviation(w))
        } else {
            k::moving_apply(&x, p, |w, _| mad_of(&mut w.to_vec(), false))
        }))
    })
}

/// The median absolute deviation of a sorted window without sorting the deviations: those of
/// the elements below the median, read right to left, and those of the rest, read left to
/// right, are two ascending runs, so each order statistic is a k-th of two sorted runs.
pub(super) fn median_deviation(w: &SortedWindow) -> f64 {
    let s = &w.sorted;
    let med = percentile_sorted(s, 50.0, Interpolation::Linear);
    let split = s.partition_point(|a| a.total_cmp(&med).is_lt());
    let below = |t: usize| med - s[split - 1 - t];
    let above = |t: usize| s[split + t] - med;
    percentile_at(
        s.len(),
        |k| kth_of_two(below, split, above, s.len() - split, k),
        50.0,
        Interpolation::Linear,
    )
}

fn moments(
    func: &'static str,
    args: &[Value],
    f: fn(f64, f64, f64, f64, bool) -> f64,
) -> Result<Value> {
    let (biased, p) = flag_periods(func, args, "biased", true)?;
    per_column(func, &args[0], &|v| {
        let x = f64s(func, v)?;
        Ok(doubles(ks::moving_moments(&x, p, |n, m2, m3, m4| {
            f(n, m2, m3, m4, biased)
        })))
    })
}

fn mskew(_: &mut Interp, args: &[Value]) -> Result<Value> {
    moments("mskew", args, |n, m2, m3, _, b| skew_from(n, m2, m3, b))
}

fn mkurtosis(_: &mut Interp, args: &[Value]) -> Result<Value> {
    moments("mkurtosis", args, |n, m2, _, m4, b| {
        kurtosis_from(n, m2, m4, b)
    })
}

fn mrank(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let o = RankOpts {
        ascending: bool_arg("mrank", "ascending", args.get(1), true)?,
        group_num: None,
        ignore_na: bool_arg("mrank", "ignoreNA", args.get(3), true)?,
        ties: Ties::parse("mrank", args.get(4), false)?,
        percent: bool_arg("mrank", "percent", args.get(5), false)?,
    };
    let window = window_arg("mrank", &args[2])?;
    let min_periods = super::numeric::min_periods_arg("mrank", args.get(6), window)?;
    let p = Periods {
        window,
        min_periods,
    };
    per_column("mrank", &args[0], &|v| {
        let x = f64s("mrank", v)?;
        let res = moving_rank(&x, p, &o);
        if o.percent || o.ties == Ties::Average {
            return Ok(doubles(res));
        }
        Ok(Vector::ints(
            res.iter()
                .map(|&r| if is_null(r) { i32::MIN } else { r as i32 })
                .collect(),
        ))
    })
}

/// The rank of the last element of each window among the window's elements (NULL counts as
/// the minimum unless ignored), read off the sorted window by binary search.
pub(super) fn moving_rank(x: &[f64], p: Periods, o: &RankOpts) -> Vec<f64> {
    ks::moving_sorted(x, p, |w, i| {
        let v = x[i];
        if o.ignore_na && is_null(v) {
            return NULL_F64;
        }
        let nulls = if o.ignore_na { 0 } else { w.nulls };
        let valid = w.sorted.len();
        let (before, equal) = if is_null(v) {
            (if o.ascending { 0 } else { valid }, nulls)
        } else {
            let (less, eq) = w.less_equal(v);
            if o.ascending {
                (nulls + less, eq)
            } else {
                (valid - less - eq, eq)
            }
        };
        let r = match o.ties {
            Ties::Max => (before + equal - 1) as f64,
            Ties::Average => before as f64 + (equal - 1) as f64 / 2.0,
            _ => before as f64,
        };
        if o.percent {
            (r + 1.0) / (valid + nulls) as f64
        } else {
            r
        }
    })
}

fn pairwise(
    func: &'static str,
    args: &[Value],
    swap: bool,
    f: fn(f64, [f64; 5]) -> f64,
) -> Result<Value> {
    let p = periods(func, args, 2)?;
    let (x, y) = if swap {
        (&args[1], &args[0])
    } else {
        (&args[0], &args[1])
    };
    per_column2(func, x, y, &|a, b| {
        Ok(doubles(k::moving_pairs(
            &f64s(func, a)?,
            &f64s(func, b)?,
            p,
            f,
        )))
    })
}

fn mcorr(_: &mut Interp, args: &[Value]) -> Result<Value> {
    pairwise("mcorr", args, false, |n, s| {
        if n < 2.0 {
            NULL_F64
        } else {
            corr_from(n, s)
        }
    })
}

fn mcovar(_: &mut Interp, args: &[Value]) -> Result<Value> {
    pairwise("mcovar", args, false, |n, s| {
        if n < 2.0 {
            NULL_F64
        } else {
            covar_from(n, s)
        }
    })
}

fn mbeta(_: &mut Interp, args: &[Value]) -> Result<Value> {
    pairwise("mbeta", args, true, |n, s| {
        if n < 2.0 {
            NULL_F64
        } else {
            beta_from(n, s)
        }
    })
}

fn mwsum(_: &mut Interp, args: &[Value]) -> Result<Value> {
    pairwise("mwsum", args, false, |_, s| s[4])
}

fn mwavg(_: &mut Interp, args: &[Value]) -> Result<Value> {
    pairwise("mwavg", args, false, |_, s| s[4] / s[1])
}

fn msum2(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let p = periods("msum2", args, 1)?;
    per_column("msum2", &args[0], &|v| {
        let sq: Vec<f64> = f64s("msum2", v)?
            .iter()
            .map(|&x| if is_null(x) { NULL_F64 } else { x * x })
            .collect();
        Ok(doubles(k::moving_sum(&sq, p, false)))
    })
}

#[cfg(test)]
#[path = "moving_tests.rs"]
mod tests;
