//! Moment-based statistics of one series (`stdp`, `varp`, `skew`, `kurtosis`, `sum2`..`sum4`,
//! `mad`) and of pairs of series (`covar`, `corr`, `beta`, `wavg`, `wsum`).

use super::order::{percentile_sorted, Interpolation};
use crate::builtins::args::bool_arg;
use crate::builtins::numeric::{double_or_null, f64s, i64s, reduce, same_len, valid_f64s};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::kernels::window::is_null;
use crate::value::{Scalar, Type, Value, Vector, NULL_F64};
/// Skewness of NULL-free data; `biased=false` applies the sample correction.
pub fn skew_of(xs: &[f64], biased: bool) -> f64 {
    let n = xs.len() as f64;
    if xs.is_empty() {
        return NULL_F64;
    }
    let mean = xs.iter().sum::<f64>() / n;
    let (m2, m3) = xs.iter().fold((0.0, 0.0), |(a, b), x| {
        let d = x - mean;
        (a + d * d, b + d * d * d)
    });
    skew_from(n, m2 / n, m3 / n, biased)
}

/// Skewness from the count and the central moments m2, m3 (each divided by n).
pub fn skew_from(n: f64, m2: f64, m3: f64, biased: bool) -> f64 {
    let g1 = m3 / m2.powf(1.5);
    let res = if biased {
        g1
    } else {
        g1 * (n * (n - 1.0)).sqrt() / (n - 2.0)
    };
    if res.is_finite() {
        res
    } else {
        NULL_F64
    }
}

/// Kurtosis (not excess) of NULL-free data; `biased=false` gives the sample estimate plus 3,
/// so `kurtosis(X, false) - 3` matches pandas (kurtosis docs).
pub fn kurtosis_of(xs: &[f64], biased: bool) -> f64 {
    let n = xs.len() as f64;
    if xs.is_empty() {
        return NULL_F64;
    }
    let mean = xs.iter().sum::<f64>() / n;
    let (m2, m4) = xs.iter().fold((0.0, 0.0), |(a, b), x| {
        let d = (x - mean) * (x - mean);
        (a + d, b + d * d)
    });
    kurtosis_from(n, m2 / n, m4 / n, biased)
}

/// Kurtosis from the count and the central moments m2, m4 (each divided by n).
pub fn kurtosis_from(n: f64, m2: f64, m4: f64, biased: bool) -> f64 {
    let g2 = m4 / (m2 * m2);
    let res = if biased {
        g2
    } else {
        ((n + 1.0) * (g2 - 3.0) + 6.0) * (n - 1.0) / ((n - 2.0) * (n - 3.0)) + 3.0
    };
    if res.is_finite() {
        res
    } else {
        NULL_F64
    }
}

/// Mean absolute deviation (or median absolute deviation) of NULL-free data.
pub fn mad_of(xs: &mut [f64], use_median: bool) -> f64 {
    if xs.is_empty() {
        return NULL_F64;
    }
    if !use_median {
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        return xs.iter().map(|x| (x - mean).abs()).sum::<f64>() / xs.len() as f64;
    }
    xs.sort_by(f64::total_cmp);
    let med = percentile_sorted(xs, 50.0, Interpolation::Linear);
    let mut dev: Vec<f64> = xs.iter().map(|x| (x - med).abs()).collect();
    dev.sort_by(f64::total_cmp);
    percentile_sorted(&dev, 50.0, Interpolation::Linear)
}

pub(super) fn skew(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let biased = bool_arg("skew", "biased", args.get(1), true)?;
    reduce("skew", &args[0], &|v| {
        Ok(double_or_null(skew_of(&valid_f64s("skew", v)?, biased)))
    })
}

pub(super) fn kurtosis(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let biased = bool_arg("kurtosis", "biased", args.get(1), true)?;
    reduce("kurtosis", &args[0], &|v| {
        Ok(double_or_null(kurtosis_of(
            &valid_f64s("kurtosis", v)?,
            biased,
        )))
    })
}

fn variance(func: &str, v: &Vector, sqrt: bool) -> Result<Scalar> {
    let mut m = crate::kernels::window::Moments::default();
    for &x in f64s(func, v)?.iter() {
        if !is_null(x) {
            m.add(x);
        }
    }
    let r = m.var(0);
    Ok(double_or_null(if sqrt && !is_null(r) {
        r.sqrt()
    } else {
        r
    }))
}

pub(super) fn stdp(_: &mut Interp, args: &[Value]) -> Result<Value> {
    reduce("stdp", &args[0], &|v| variance("stdp", v, true))
}

pub(super) fn varp(_: &mut Interp, args: &[Value]) -> Result<Value> {
    reduce("varp", &args[0], &|v| variance("varp", v, false))
}

/// Sums over the pairs where both are non-NULL: (n, Σx, Σy, Σxx, Σyy, Σxy).
fn pair_sums(func: &str, x: &Value, y: &Value) -> Result<(f64, [f64; 5])> {
    let (Some(a), Some(b)) = (as_column(x), as_column(y)) else {
        return Err(Error::type_err(format!(
            "[{func}] The arguments must be vectors, not {} and {}",
            x.type_str(),
            y.type_str()
        )));
    };
    let n = a.len().max(b.len());
    let a = if a.len() == 1 && n > 1 {
        a.gather(&vec![0; n])
    } else {
        a
    };
    let b = if b.len() == 1 && n > 1 {
        b.gather(&vec![0; n])
    } else {
        b
    };
    same_len(func, &a, &b)?;
    let (xa, xb) = (f64s(func, &a)?, f64s(func, &b)?);
    let mut s = [0.0; 5];
    let mut cnt = 0.0;
    for (&p, &q) in xa.iter().zip(xb.iter()) {
        if is_null(p) || is_null(q) {
            continue;
        }
        cnt += 1.0;
        s[0] += p;
        s[1] += q;
        s[2] += p * p;
        s[3] += q * q;
        s[4] += p * q;
    }
    Ok((cnt, s))
}

fn as_column(v: &Value) -> Option<Vector> {
    match v {
        Value::Vector(x) | Value::Pair(x) if !x.is_tuple() => Some(x.as_ref().clone()),
        Value::Scalar(s) => Some(Vector::repeat(s, 1)),
        _ => None,
    }
}

/// Sample covariance from pair sums.
pub fn covar_from(n: f64, s: [f64; 5]) -> f64 {
    (s[4] - s[0] * s[1] / n) / (n - 1.0)
}

/// Pearson correlation from pair sums.
pub fn corr_from(n: f64, s: [f64; 5]) -> f64 {
    let sxy = s[4] - s[0] * s[1] / n;
    let sxx = s[2] - s[0] * s[0] / n;
    let syy = s[3] - s[1] * s[1] / n;
    sxy / (sxx * syy).sqrt()
}

/// The slope of the second series (Y) on the first (X) from pair sums over (X, Y).
pub fn beta_from(n: f64, s: [f64; 5]) -> f64 {
    (s[4] - s[0] * s[1] / n) / (s[2] - s[0] * s[0] / n)
}

fn pair_stat(func: &str, args: &[Value], swap: bool, f: fn(f64, [f64; 5]) -> f64) -> Result<Value> {
    let (x, y) = if swap {
        (&args[1], &args[0])
    } else {
        (&args[0], &args[1])
    };
    let (n, s) = pair_sums(func, x, y)?;
    let min = if func == "wavg" || func == "wsum" {
        1.0
    } else {
        2.0
    };
    Ok(Value::Scalar(if n < min {
        Scalar::null(Type::Double)
    } else {
        double_or_null(f(n, s))
    }))
}

pub(super) fn covar(_: &mut Interp, args: &[Value]) -> Result<Value> {
    pair_stat("covar", args, false, covar_from)
}

pub(super) fn corr(_: &mut Interp, args: &[Value]) -> Result<Value> {
    pair_stat("corr", args, false, corr_from)
}

pub(super) fn beta(_: &mut Interp, args: &[Value]) -> Result<Value> {
    pair_stat("beta", args, true, beta_from)
}

pub(super) fn wavg(_: &mut Interp, args: &[Value]) -> Result<Value> {
    pair_stat("wavg", args, false, |_, s| s[4] / s[1])
}

pub(super) fn wsum(_: &mut Interp, args: &[Value]) -> Result<Value> {
    pair_stat("wsum", args, false, |_, s| s[4])
}

fn power_sum(func: &'static str, x: &Value, k: u32) -> Result<Value> {
    reduce(func, x, &|v| {
        if let Some(xs) = i64s(v) {
            let mut acc = 0i64;
            let mut n = 0;
            for &p in xs.iter().filter(|p| **p != i64::MIN) {
                acc = acc.wrapping_add(p.wrapping_pow(k));
                n += 1;
            }
            return Ok(if n == 0 {
                Scalar::null(Type::Long)
            } else {
                Scalar::long(acc)
            });
        }
        let xs = valid_f64s(func, v)?;
        if xs.is_empty() {
            return Ok(Scalar::null(Type::Double));
        }
        Ok(double_or_null(xs.iter().map(|p| p.powi(k as i32)).sum()))
    })
}

pub(super) fn sum2(_: &mut Interp, args: &[Value]) -> Result<Value> {
    power_sum("sum2", &args[0], 2)
}

pub(super) fn sum3(_: &mut Interp, args: &[Value]) -> Result<Value> {
    power_sum("sum3", &args[0], 3)
}

pub(super) fn sum4(_: &mut Interp, args: &[Value]) -> Result<Value> {
    power_sum("sum4", &args[0], 4)
}

pub(super) fn mad(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let use_median = bool_arg("mad", "useMedian", args.get(1), false)?;
    reduce("mad", &args[0], &|v| {
        Ok(double_or_null(mad_of(
            &mut valid_f64s("mad", v)?,
            use_median,
        )))
    })
}
