//! Order statistics: `percentile` and its interpolations, `rank` (ties, groups, percent),
//! `mode`, `imax`/`imin` and `nunique`, with the sorting keys they share.

use crate::builtins::args::{bool_arg, int_arg, str_arg};
use crate::builtins::numeric::{double_or_null, per_column, reduce, valid_f64s};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::kernels::window::is_null;
use crate::value::{Scalar, Value, VecData, Vector, NULL_F64};
use std::collections::HashMap;
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

pub(super) fn percentile(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let pct = percent_arg("percentile", &args[1])?;
    let how = Interpolation::parse("percentile", args.get(2))?;
    reduce("percentile", &args[0], &|v| {
        let mut xs = valid_f64s("percentile", v)?;
        xs.sort_by(f64::total_cmp);
        Ok(double_or_null(percentile_sorted(&xs, pct, how)))
    })
}

pub(super) fn rank(_: &mut Interp, args: &[Value]) -> Result<Value> {
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

pub(super) fn mode(_: &mut Interp, args: &[Value]) -> Result<Value> {
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

pub(super) fn imax(_: &mut Interp, args: &[Value]) -> Result<Value> {
    position("imax", &args[0], true)
}

pub(super) fn imin(_: &mut Interp, args: &[Value]) -> Result<Value> {
    position("imin", &args[0], false)
}

pub(super) fn nunique(_: &mut Interp, args: &[Value]) -> Result<Value> {
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
