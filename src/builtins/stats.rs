//! Statistics beyond the basic aggregates: `percentile`, `rank`, `mode`, `skew`, `kurtosis`,
//! `stdp`, `varp`, `covar`, `corr`, `beta`, `wavg`, `wsum`, `sum2`..`sum4`, `mad`, `imax`,
//! `imin`, `nunique`.
//!
//! All skip NULLs. A matrix reduces per column to a vector and a table to a one-row table.
//! The pure helpers (percentile interpolation, moments, ranking) are shared with the moving
//! window functions.

use super::args::{bool_arg, int_arg, str_arg};
use super::numeric::{double_or_null, f64s, i64s, per_column, reduce, same_len, valid_f64s};
use super::registry::{Builtin, Kind, Registry};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::kernels::window::is_null;
use crate::value::{Scalar, Type, Value, VecData, Vector, NULL_F64};
use std::collections::HashMap;

pub fn register(reg: &mut Registry) {
    let agg = |sig, f| Builtin::new(sig, f).kind(Kind::Aggregate);
    reg.add(agg("percentile(X, percent, [interpolation='linear'])", percentile)
        .doc("The given percentile (0-100) of the non-NULL elements; interpolation is linear, lower, higher, nearest or midpoint.")
        .example("percentile(6 47 49 15 42 41 7 39 43 40 36, 54)", "40.4"));
    reg.add(Builtin::new("rank(X, [ascending=true], [groupNum], [ignoreNA=true], [tiesMethod='min'], [percent=false])", rank)
        .doc("The 0-based rank of each element; ties take the min, max, average or first rank; groupNum buckets the sorted elements.")
        .example("rank(9 1 6 1 3 3)", "[5,0,4,0,2,2]"));
    reg.add(
        agg("mode(X)", mode)
            .doc("The most frequent non-NULL element (the first one found on ties).")
            .example("mode(1 2 2 3 3 3)", "3"),
    );
    reg.add(
        agg("skew(X, [biased=true])", skew)
            .doc("The skewness of the non-NULL elements; biased=false corrects the bias.")
            .example("skew(1 2 3 10)", "1.018234"),
    );
    reg.add(agg("kurtosis(X, [biased=true])", kurtosis)
        .doc("The kurtosis (not excess) of the non-NULL elements; biased=false corrects the bias.")
        .example("kurtosis(1..10)", "1.775758"));
    reg.add(
        agg("stdp(X)", stdp)
            .doc("The population standard deviation of the non-NULL elements.")
            .example("stdp(1 2 3 4)", "1.118034"),
    );
    reg.add(
        agg("varp(X)", varp)
            .doc("The population variance of the non-NULL elements.")
            .example("varp(1 2 3 4)", "1.25"),
    );
    reg.add(
        agg("covar(X, Y)", covar)
            .doc("The sample covariance of the pairs where both X and Y are non-NULL.")
            .example("covar(1 2 3 4, 2 4 6 9)", "3.833333"),
    );
    reg.add(
        agg("corr(X, Y)", corr)
            .doc("The Pearson correlation of the pairs where both X and Y are non-NULL.")
            .example("corr(1 2 3 4, 2 4 6 8)", "1"),
    );
    reg.add(
        agg("beta(Y, X)", beta)
            .doc("The OLS slope of Y regressed on X: covar(X, Y) / var(X).")
            .example("beta(2 4 6 8, 1 2 3 4)", "2"),
    );
    reg.add(
        agg("wavg(X, Y)", wavg)
            .doc("The average of X weighted by Y, over pairs where both are non-NULL.")
            .example("wavg(1 2 3, 3 2 1)", "1.666667"),
    );
    reg.add(
        agg("wsum(X, Y)", wsum)
            .doc("The sum of X*Y over pairs where both are non-NULL, as DOUBLE.")
            .example("wsum(1 2 3, 3 2 1)", "10"),
    );
    reg.add(
        agg("sum2(X)", sum2)
            .doc("The sum of squares of the non-NULL elements (LONG for integers, else DOUBLE).")
            .example("sum2(1 2 3)", "14"),
    );
    reg.add(
        agg("sum3(X)", sum3)
            .doc("The sum of cubes of the non-NULL elements (LONG for integers, else DOUBLE).")
            .example("sum3(1 2 3)", "36"),
    );
    reg.add(agg("sum4(X)", sum4)
        .doc("The sum of fourth powers of the non-NULL elements (LONG for integers, else DOUBLE).")
        .example("sum4(1 2 3)", "98"));
    reg.add(agg("mad(X, [useMedian=false])", mad)
        .doc("The mean absolute deviation from the mean, or with useMedian the median absolute deviation from the median.")
        .example("mad(1 2 3 4 10)", "2.4"));
    reg.add(
        agg("imax(X)", imax)
            .doc("The position of the first largest non-NULL element (-1 if there is none).")
            .example("imax(3 9 2 9)", "1"),
    );
    reg.add(
        agg("imin(X)", imin)
            .doc("The position of the first smallest non-NULL element (-1 if there is none).")
            .example("imin(3 1 2 1)", "1"),
    );
    reg.add(
        agg("nunique(X)", nunique)
            .doc("The number of distinct elements, NULL counted as one value.")
            .example("nunique(1 2 2 NULL 3)", "4"),
    );
}

/// How `percentile` picks a value between the i-th and (i+1)-th sorted elements.
#[derive(Clone, Copy, Debug)]
pub enum Interpolation {
    Linear,
    Lower,
    Higher,
    Nearest,
    Midpoint,
}

impl Interpolation {
    pub fn parse(func: &str, v: Option<&Value>) -> Result<Interpolation> {
        let Some(v) = v.filter(|v| !v.is_void()) else {
            return Ok(Interpolation::Linear);
        };
        Ok(match &*str_arg(func, "interpolation", v)? {
            "linear" => Interpolation::Linear,
            "lower" => Interpolation::Lower,
            "higher" => Interpolation::Higher,
            "nearest" => Interpolation::Nearest,
            "midpoint" => Interpolation::Midpoint,
            other => {
                return Err(Error::domain(format!(
                    "[{func}] interpolation must be 'linear', 'lower', 'higher', 'nearest' or 'midpoint', not '{other}'"
                )))
            }
        })
    }
}

/// The `pct` percentile of sorted, NULL-free data (NULL when empty).
pub fn percentile_sorted(xs: &[f64], pct: f64, how: Interpolation) -> f64 {
    percentile_at(xs.len(), |k| xs[k], pct, how)
}

/// The `pct` percentile of `len` sorted, NULL-free values read through `at(k)` (the k-th
/// smallest), so callers with an implicit order (mmad's two deviation runs) need not sort.
pub fn percentile_at(len: usize, at: impl Fn(usize) -> f64, pct: f64, how: Interpolation) -> f64 {
    if len == 0 {
        return NULL_F64;
    }
    let pos = pct / 100.0 * (len - 1) as f64;
    let i = (pos.floor() as usize).min(len - 1);
    let j = (i + 1).min(len - 1);
    let frac = pos - i as f64;
    match how {
        Interpolation::Linear => {
            let (a, b) = (at(i), at(j));
            a + (b - a) * frac
        }
        Interpolation::Lower => at(i),
        Interpolation::Higher => {
            if frac > 0.0 {
                at(j)
            } else {
                at(i)
            }
        }
        // Halfway picks the even index, as numpy does (docs: percentile(a, 5, "nearest") is 6).
        Interpolation::Nearest => {
            if frac < 0.5 || (frac == 0.5 && i.is_multiple_of(2)) {
                at(i)
            } else {
                at(j)
            }
        }
        Interpolation::Midpoint => (at(i) + at(j)) / 2.0,
    }
}

/// The `percent` argument: a number in [0, 100].
pub fn percent_arg(func: &str, v: &Value) -> Result<f64> {
    let p = v.as_scalar().and_then(|s| s.as_f64());
    match p {
        Some(p) if (0.0..=100.0).contains(&p) => Ok(p),
        _ => Err(Error::domain(format!(
            "[{func}] percent must be a number between 0 and 100"
        ))),
    }
}

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

/// How tied elements are ranked.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Ties {
    Min,
    Max,
    Average,
    First,
}

impl Ties {
    pub fn parse(func: &str, v: Option<&Value>, allow_first: bool) -> Result<Ties> {
        let Some(v) = v.filter(|v| !v.is_void()) else {
            return Ok(Ties::Min);
        };
        Ok(match &*str_arg(func, "tiesMethod", v)? {
            "min" => Ties::Min,
            "max" => Ties::Max,
            "average" => Ties::Average,
            "first" if allow_first => Ties::First,
            other => {
                return Err(Error::domain(format!(
                    "[{func}] tiesMethod must be 'min', 'max', 'average'{}, not '{other}'",
                    if allow_first { " or 'first'" } else { "" }
                )))
            }
        })
    }
}

/// Options of `rank` (and `mrank`).
#[derive(Clone, Copy, Debug)]
pub struct RankOpts {
    pub ascending: bool,
    pub group_num: Option<usize>,
    pub ignore_na: bool,
    pub ties: Ties,
    pub percent: bool,
}

/// Sort keys of a column: numbers (temporal values by their count) or strings.
enum Keys<'a> {
    Num(std::borrow::Cow<'a, [f64]>),
    Str(&'a [std::sync::Arc<str>]),
}

impl Keys<'_> {
    fn of<'a>(func: &str, v: &'a Vector) -> Result<Keys<'a>> {
        match v.data() {
            VecData::Str(s) => Ok(Keys::Str(s)),
            VecData::U128(_) | VecData::Any(_) => Err(Error::type_err(format!(
                "[{func}] doesn't support {}",
                v.ty().name()
            ))),
            d => crate::kernels::data_prims::<f64>(d)
                .map(Keys::Num)
                .ok_or_else(|| Error::type_err(format!("[{func}] doesn't support this type"))),
        }
    }
    fn is_null(&self, i: usize) -> bool {
        match self {
            Keys::Num(x) => is_null(x[i]),
            Keys::Str(x) => x[i].is_empty(),
        }
    }
    /// Order with NULL as the minimum.
    fn cmp(&self, i: usize, j: usize) -> std::cmp::Ordering {
        match self {
            Keys::Num(x) => {
                let (a, b) = (x[i], x[j]);
                match (is_null(a), is_null(b)) {
                    (true, true) => std::cmp::Ordering::Equal,
                    (true, false) => std::cmp::Ordering::Less,
                    (false, true) => std::cmp::Ordering::Greater,
                    _ => a.total_cmp(&b),
                }
            }
            Keys::Str(x) => x[i].cmp(&x[j]),
        }
    }
}

/// Ranks a column: INT ranks, or DOUBLE for `average` ties and percent form.
pub fn rank_column(func: &str, v: &Vector, o: &RankOpts) -> Result<Vector> {
    let keys = Keys::of(func, v)?;
    let n = v.len();
    let mut idx: Vec<usize> = (0..n)
        .filter(|&i| !(o.ignore_na && keys.is_null(i)))
        .collect();
    idx.sort_by(|&a, &b| {
        let c = keys.cmp(a, b);
        if o.ascending {
            c
        } else {
            c.reverse()
        }
    });
    let m = idx.len();
    let mut ranks = vec![NULL_F64; n];
    let mut p = 0;
    while p < m {
        let mut q = p + 1;
        while q < m && keys.cmp(idx[p], idx[q]).is_eq() {
            q += 1;
        }
        for (k, &i) in idx[p..q].iter().enumerate() {
            let r = if let Some(g) = o.group_num {
                group_of(p, m, g) as f64
            } else {
                match o.ties {
                    Ties::Min => p as f64,
                    Ties::Max => (q - 1) as f64,
                    Ties::Average => (p + q - 1) as f64 / 2.0,
                    Ties::First => (p + k) as f64,
                }
            };
            ranks[i] = if o.percent { (r + 1.0) / m as f64 } else { r };
        }
        p = q;
    }
    if o.percent || (o.ties == Ties::Average && o.group_num.is_none()) {
        return Ok(Vector::doubles(ranks));
    }
    Ok(Vector::ints(
        ranks
            .iter()
            .map(|&r| if is_null(r) { i32::MIN } else { r as i32 })
            .collect(),
    ))
}

/// The group of rank `r` when `m` sorted elements go into `g` groups, the first `m % g`
/// groups holding one extra element (rank docs).
fn group_of(r: usize, m: usize, g: usize) -> usize {
    let (q, rem) = (m / g, m % g);
    let big = rem * (q + 1);
    if r < big {
        r / (q + 1)
    } else {
        rem + (r - big).checked_div(q).unwrap_or(0)
    }
}

fn percentile(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let pct = percent_arg("percentile", &args[1])?;
    let how = Interpolation::parse("percentile", args.get(2))?;
    reduce("percentile", &args[0], &|v| {
        let mut xs = valid_f64s("percentile", v)?;
        xs.sort_by(f64::total_cmp);
        Ok(double_or_null(percentile_sorted(&xs, pct, how)))
    })
}

fn rank(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let group_num = match args.get(2).filter(|v| !v.is_void()) {
        None => None,
        Some(v) => {
            let g = int_arg("rank", "groupNum", v)?;
            if g < 1 {
                return Err(Error::domain("[rank] groupNum must be a positive integer"));
            }
            Some(g as usize)
        }
    };
    let o = RankOpts {
        ascending: bool_arg("rank", "ascending", args.get(1), true)?,
        group_num,
        ignore_na: bool_arg("rank", "ignoreNA", args.get(3), true)?,
        ties: Ties::parse("rank", args.get(4), true)?,
        percent: bool_arg("rank", "percent", args.get(5), false)?,
    };
    per_column("rank", &args[0], &|v| rank_column("rank", v, &o))
}

fn mode(_: &mut Interp, args: &[Value]) -> Result<Value> {
    reduce("mode", &args[0], &|v| {
        let mut counts: HashMap<Scalar, (usize, usize)> = HashMap::new();
        for i in 0..v.len() {
            if v.is_null_at(i) {
                continue;
            }
            if let Some(s) = v.scalar_at(i) {
                let e = counts.entry(s).or_insert((0, i));
                e.0 += 1;
            }
        }
        Ok(counts
            .into_iter()
            .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
            .map(|(s, _)| s)
            .unwrap_or_else(|| Scalar::null(v.ty())))
    })
}

fn skew(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let biased = bool_arg("skew", "biased", args.get(1), true)?;
    reduce("skew", &args[0], &|v| {
        Ok(double_or_null(skew_of(&valid_f64s("skew", v)?, biased)))
    })
}

fn kurtosis(_: &mut Interp, args: &[Value]) -> Result<Value> {
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

fn stdp(_: &mut Interp, args: &[Value]) -> Result<Value> {
    reduce("stdp", &args[0], &|v| variance("stdp", v, true))
}

fn varp(_: &mut Interp, args: &[Value]) -> Result<Value> {
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

fn covar(_: &mut Interp, args: &[Value]) -> Result<Value> {
    pair_stat("covar", args, false, covar_from)
}

fn corr(_: &mut Interp, args: &[Value]) -> Result<Value> {
    pair_stat("corr", args, false, corr_from)
}

fn beta(_: &mut Interp, args: &[Value]) -> Result<Value> {
    pair_stat("beta", args, true, beta_from)
}

fn wavg(_: &mut Interp, args: &[Value]) -> Result<Value> {
    pair_stat("wavg", args, false, |_, s| s[4] / s[1])
}

fn wsum(_: &mut Interp, args: &[Value]) -> Result<Value> {
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

fn sum2(_: &mut Interp, args: &[Value]) -> Result<Value> {
    power_sum("sum2", &args[0], 2)
}

fn sum3(_: &mut Interp, args: &[Value]) -> Result<Value> {
    power_sum("sum3", &args[0], 3)
}

fn sum4(_: &mut Interp, args: &[Value]) -> Result<Value> {
    power_sum("sum4", &args[0], 4)
}

fn mad(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let use_median = bool_arg("mad", "useMedian", args.get(1), false)?;
    reduce("mad", &args[0], &|v| {
        Ok(double_or_null(mad_of(
            &mut valid_f64s("mad", v)?,
            use_median,
        )))
    })
}

fn position(func: &str, x: &Value, largest: bool) -> Result<Value> {
    reduce(func, x, &|v| {
        let keys = Keys::of(func, v)?;
        let mut best: Option<usize> = None;
        for i in 0..v.len() {
            if keys.is_null(i) {
                continue;
            }
            let better = match best {
                None => true,
                Some(b) => {
                    let c = keys.cmp(i, b);
                    (largest && c.is_gt()) || (!largest && c.is_lt())
                }
            };
            if better {
                best = Some(i);
            }
        }
        Ok(Scalar::int(best.map(|b| b as i32).unwrap_or(-1)))
    })
}

fn imax(_: &mut Interp, args: &[Value]) -> Result<Value> {
    position("imax", &args[0], true)
}

fn imin(_: &mut Interp, args: &[Value]) -> Result<Value> {
    position("imin", &args[0], false)
}

fn nunique(_: &mut Interp, args: &[Value]) -> Result<Value> {
    reduce("nunique", &args[0], &|v| {
        let set: std::collections::HashSet<Scalar> =
            (0..v.len()).filter_map(|i| v.scalar_at(i)).collect();
        Ok(Scalar::int(set.len() as i32))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentile_interpolations_follow_the_docs() {
        let mut a = vec![6., 47., 49., 15., 42., 41., 7., 39., 43., 40., 36.];
        a.sort_by(f64::total_cmp);
        assert_eq!(percentile_sorted(&a, 50.0, Interpolation::Linear), 40.0);
        assert!((percentile_sorted(&a, 54.0, Interpolation::Linear) - 40.4).abs() < 1e-9);
        assert_eq!(percentile_sorted(&a, 25.0, Interpolation::Lower), 15.0);
        assert_eq!(percentile_sorted(&a, 75.0, Interpolation::Higher), 43.0);
        assert_eq!(percentile_sorted(&a, 5.0, Interpolation::Midpoint), 6.5);
        assert_eq!(percentile_sorted(&a, 5.0, Interpolation::Nearest), 6.0);
    }

    #[test]
    fn groups_of_ranks() {
        let got: Vec<usize> = (0..9).map(|r| group_of(r, 9, 6)).collect();
        assert_eq!(got, vec![0, 0, 1, 1, 2, 2, 3, 4, 5]);
    }
}
