//! Streaming kernels for moving-window (`m*`) and cumulative (`cum*`) functions over plain
//! slices. Every kernel is O(n) where a streaming form exists: sums, means and moments keep
//! running accumulators that add the entering element and remove the leaving one, and
//! maximum/minimum keep a monotonic deque of indices. NULLs are skipped everywhere; a window
//! produces a result only when [`Periods::ready`] says so.

use super::prim::Prim;
use crate::value::NULL_F64;
use std::collections::VecDeque;

/// DolphinDB's window rule: without `minPeriods` the first `window - 1` results are NULL and
/// later windows need at least one non-NULL element; with `minPeriods` a window needs that
/// many non-NULL elements (msum docs: `msum(2 1 3 NULL 6 5 4, 3)` is `[,,6,4,9,11,15]`).
#[derive(Clone, Copy, Debug)]
pub struct Periods {
    pub window: usize,
    pub min_periods: Option<usize>,
}

impl Periods {
    /// Whether the window ending at `i` holding `count` non-NULL elements gives a result.
    #[inline(always)]
    pub fn ready(&self, i: usize, count: usize) -> bool {
        match self.min_periods {
            Some(m) => count >= m.max(1),
            None => i + 1 >= self.window && count >= 1,
        }
    }

    /// The first index inside the window ending at `i`.
    #[inline(always)]
    pub fn start(&self, i: usize) -> usize {
        (i + 1).saturating_sub(self.window)
    }
}

/// NULL test for DOUBLE data: the sentinel or NaN.
#[inline(always)]
pub fn is_null(x: f64) -> bool {
    x == NULL_F64 || x.is_nan()
}

/// Sum and count of the non-NULL elements of DOUBLE data. Eight independent accumulators
/// break the dependency chain of a single running sum so the loop vectorises; the NULL test
/// becomes a select instead of a branch.
pub fn sum_valid(x: &[f64]) -> (f64, usize) {
    const LANES: usize = 8;
    let mut acc = [0.0f64; LANES];
    let mut cnt = [0usize; LANES];
    let mut chunks = x.chunks_exact(LANES);
    for c in &mut chunks {
        for l in 0..LANES {
            let v = c[l];
            let ok = !is_null(v);
            acc[l] += if ok { v } else { 0.0 };
            cnt[l] += ok as usize;
        }
    }
    let (mut total, mut n) = (acc.iter().sum::<f64>(), cnt.iter().sum::<usize>());
    for &v in chunks.remainder() {
        if !is_null(v) {
            total += v;
            n += 1;
        }
    }
    (total, n)
}

/// Moving sum and mean: one pass with a running sum and count. `mean` divides by the count.
pub fn moving_sum(x: &[f64], p: Periods, mean: bool) -> Vec<f64> {
    let mut out = super::alloc::big_vec(x.len());
    let (mut acc, mut count) = (0.0f64, 0usize);
    // Sums are recomputed from scratch every `REFRESH` steps so rounding errors of the
    // add/remove updates cannot accumulate over very long inputs.
    const REFRESH: usize = 1 << 16;
    for i in 0..x.len() {
        let v = x[i];
        if !is_null(v) {
            acc += v;
            count += 1;
        }
        if i >= p.window {
            let old = x[i - p.window];
            if !is_null(old) {
                acc -= old;
                count -= 1;
            }
        }
        if i % REFRESH == REFRESH - 1 {
            acc = x[p.start(i)..=i].iter().filter(|v| !is_null(**v)).sum();
        }
        out.push(if !p.ready(i, count) {
            NULL_F64
        } else if mean {
            acc / count as f64
        } else {
            acc
        });
    }
    out
}

/// Moving sum over integers, exact in i64 (LONG output; NULL as `i64::MIN`).
pub fn moving_sum_int(x: &[i64], p: Periods) -> Vec<i64> {
    let mut out = super::alloc::big_vec(x.len());
    let (mut acc, mut count) = (0i64, 0usize);
    for i in 0..x.len() {
        if x[i] != i64::MIN {
            acc = acc.wrapping_add(x[i]);
            count += 1;
        }
        if i >= p.window && x[i - p.window] != i64::MIN {
            acc = acc.wrapping_sub(x[i - p.window]);
            count -= 1;
        }
        out.push(if p.ready(i, count) { acc } else { i64::MIN });
    }
    out
}

/// Moving count of non-NULL elements (INT). Only the leading `window - 1` rule applies.
pub fn moving_count(x: &[f64], p: Periods) -> Vec<i32> {
    let mut out = super::alloc::big_vec(x.len());
    let mut count = 0i32;
    for i in 0..x.len() {
        if !is_null(x[i]) {
            count += 1;
        }
        if i >= p.window && !is_null(x[i - p.window]) {
            count -= 1;
        }
        let ready = match p.min_periods {
            Some(m) => count as usize >= m,
            None => i + 1 >= p.window,
        };
        out.push(if ready { count } else { i32::MIN });
    }
    out
}

/// Running mean and sum of squared deviations with Welford's add and remove updates.
#[derive(Clone, Copy, Default, Debug)]
pub struct Moments {
    pub n: usize,
    pub mean: f64,
    pub m2: f64,
}

impl Moments {
    #[inline(always)]
    pub fn add(&mut self, x: f64) {
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
    }

    #[inline(always)]
    pub fn remove(&mut self, x: f64) {
        if self.n <= 1 {
            *self = Moments::default();
            return;
        }
        let d = x - self.mean;
        self.n -= 1;
        self.mean -= d / self.n as f64;
        self.m2 -= d * (x - self.mean);
        if self.m2 < 0.0 {
            self.m2 = 0.0;
        }
    }

    /// Sample (`ddof = 1`) or population (`ddof = 0`) variance; NULL when undefined.
    pub fn var(&self, ddof: usize) -> f64 {
        if self.n <= ddof || self.n == 0 {
            NULL_F64
        } else {
            self.m2 / (self.n - ddof) as f64
        }
    }
}

/// Moving variance (or standard deviation when `sqrt`), sample or population by `ddof`.
pub fn moving_var(x: &[f64], p: Periods, ddof: usize, sqrt: bool) -> Vec<f64> {
    let mut out = super::alloc::big_vec(x.len());
    let mut m = Moments::default();
    for i in 0..x.len() {
        if !is_null(x[i]) {
            m.add(x[i]);
        }
        if i >= p.window && !is_null(x[i - p.window]) {
            m.remove(x[i - p.window]);
        }
        let v = if p.ready(i, m.n) {
            m.var(ddof)
        } else {
            NULL_F64
        };
        out.push(if sqrt && v != NULL_F64 { v.sqrt() } else { v });
    }
    out
}

/// Moving maximum (`largest`) or minimum with a monotonic deque; keeps the element type.
/// With `index` the result is the position of the first extreme inside the window (mimax).
pub fn moving_extreme<T: Prim>(x: &[T], p: Periods, largest: bool) -> (Vec<T>, Vec<i32>) {
    let mut vals = super::alloc::big_vec(x.len());
    let mut idx = super::alloc::big_vec(x.len());
    let mut dq: VecDeque<usize> = VecDeque::with_capacity(p.window.min(x.len()) + 1);
    let mut count = 0usize;
    // An element entering the window evicts every earlier element it strictly beats; equal
    // elements stay, so the front is the leftmost extreme.
    let beats = |a: T, b: T| if largest { a > b } else { a < b };
    for i in 0..x.len() {
        let v = x[i];
        if !v.is_null() {
            count += 1;
            while let Some(&b) = dq.back() {
                if beats(v, x[b]) {
                    dq.pop_back();
                } else {
                    break;
                }
            }
            dq.push_back(i);
        }
        let start = p.start(i);
        if i >= p.window && !x[i - p.window].is_null() {
            count -= 1;
        }
        while let Some(&f) = dq.front() {
            if f < start {
                dq.pop_front();
            } else {
                break;
            }
        }
        match dq.front() {
            Some(&f) if p.ready(i, count) => {
                vals.push(x[f]);
                idx.push((f - start) as i32);
            }
            _ => {
                vals.push(T::NULL);
                idx.push(i32::MIN);
            }
        }
    }
    (vals, idx)
}

/// Applies `f` to the non-NULL elements of every ready window (gathered into a scratch
/// buffer) — the O(n·window) fallback for statistics without a streaming form (median,
/// percentile, product, skew, kurtosis, rank).
pub fn moving_apply(x: &[f64], p: Periods, mut f: impl FnMut(&[f64], usize) -> f64) -> Vec<f64> {
    let mut out = super::alloc::big_vec(x.len());
    let mut buf = Vec::with_capacity(p.window);
    for i in 0..x.len() {
        let start = p.start(i);
        buf.clear();
        buf.extend(x[start..=i].iter().copied().filter(|v| !is_null(*v)));
        out.push(if p.ready(i, buf.len()) {
            f(&buf, i)
        } else {
            NULL_F64
        });
    }
    out
}

/// Streaming sums over the pairs where both X and Y are non-NULL, for mcovar, mcorr, mbeta,
/// mwsum and mwavg. `f` receives (n, Σx, Σy, Σxx, Σyy, Σxy).
pub fn moving_pairs(
    x: &[f64],
    y: &[f64],
    p: Periods,
    f: impl Fn(f64, [f64; 5]) -> f64,
) -> Vec<f64> {
    let mut out = super::alloc::big_vec(x.len());
    let mut s = [0.0f64; 5];
    let mut n = 0usize;
    let upd = |s: &mut [f64; 5], a: f64, b: f64, sign: f64| {
        s[0] += sign * a;
        s[1] += sign * b;
        s[2] += sign * a * a;
        s[3] += sign * b * b;
        s[4] += sign * a * b;
    };
    for i in 0..x.len() {
        if !is_null(x[i]) && !is_null(y[i]) {
            upd(&mut s, x[i], y[i], 1.0);
            n += 1;
        }
        if i >= p.window {
            let j = i - p.window;
            if !is_null(x[j]) && !is_null(y[j]) {
                upd(&mut s, x[j], y[j], -1.0);
                n -= 1;
            }
        }
        out.push(if p.ready(i, n) {
            let r = f(n as f64, s);
            if r.is_finite() {
                r
            } else {
                NULL_F64
            }
        } else {
            NULL_F64
        });
    }
    out
}

/// The value of the first (or last) element of each window, NULL or not (mfirst, mlast).
pub fn moving_edge<T: Prim>(x: &[T], p: Periods, last: bool) -> Vec<T> {
    let mut out = super::alloc::big_vec(x.len());
    let mut count = 0usize;
    for i in 0..x.len() {
        if !x[i].is_null() {
            count += 1;
        }
        if i >= p.window && !x[i - p.window].is_null() {
            count -= 1;
        }
        out.push(
            if p.ready(i, count) || (p.min_periods.is_none() && i + 1 >= p.window) {
                if last {
                    x[i]
                } else {
                    x[p.start(i)]
                }
            } else {
                T::NULL
            },
        );
    }
    out
}

/// Cumulative sum over DOUBLE data: a NULL repeats the running value, leading NULLs stay
/// NULL (cum-functions docs: `cumsum(1 1 2 3 4 5 NULL 8)` gives `[1,2,4,7,11,16,16,24]`).
pub fn cum_sum(x: &[f64]) -> Vec<f64> {
    let mut out = super::alloc::big_vec(x.len());
    let mut acc = 0.0f64;
    let mut seen = false;
    for &v in x {
        if !is_null(v) {
            acc += v;
            seen = true;
        }
        out.push(if seen { acc } else { NULL_F64 });
    }
    out
}

/// Cumulative sum over integers (LONG), with the same NULL rule as [`cum_sum`].
pub fn cum_sum_int(x: &[i64]) -> Vec<i64> {
    let mut out = super::alloc::big_vec(x.len());
    let mut acc = 0i64;
    let mut seen = false;
    for &v in x {
        if v != i64::MIN {
            acc = acc.wrapping_add(v);
            seen = true;
        }
        out.push(if seen { acc } else { i64::MIN });
    }
    out
}

/// A running fold over the non-NULL elements; NULLs repeat the last result.
pub fn cum_fold<T: Prim, S>(
    x: &[T],
    init: S,
    mut step: impl FnMut(&mut S, T),
    mut value: impl FnMut(&S) -> T,
) -> Vec<T> {
    let mut out = super::alloc::big_vec(x.len());
    let mut st = init;
    let mut seen = false;
    for &v in x {
        if !v.is_null() {
            step(&mut st, v);
            seen = true;
        }
        out.push(if seen { value(&st) } else { T::NULL });
    }
    out
}

/// Cumulative maximum or minimum, keeping the element type.
pub fn cum_extreme<T: Prim>(x: &[T], largest: bool) -> Vec<T> {
    cum_fold(
        x,
        None::<T>,
        |best, v| {
            let better = match *best {
                None => true,
                Some(b) => (largest && v > b) || (!largest && v < b),
            };
            if better {
                *best = Some(v);
            }
        },
        |best| best.unwrap_or(T::NULL),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    const N: f64 = NULL_F64;

    fn p(window: usize, min_periods: Option<usize>) -> Periods {
        Periods {
            window,
            min_periods,
        }
    }

    #[test]
    fn moving_sum_follows_the_docs() {
        let y = [2.0, 1.0, 3.0, N, 6.0, 5.0, 4.0];
        assert_eq!(
            moving_sum(&y, p(3, None), false),
            vec![N, N, 6.0, 4.0, 9.0, 11.0, 15.0]
        );
        assert_eq!(
            moving_sum(&y, p(3, Some(1)), false),
            vec![2.0, 3.0, 6.0, 4.0, 9.0, 11.0, 15.0]
        );
    }

    #[test]
    fn moving_max_index_is_leftmost() {
        let x = [1.2, 2.0, N, 6.0, -1.0, 6.0];
        let (_, idx) = moving_extreme(&x, p(3, None), true);
        assert_eq!(idx, vec![i32::MIN, i32::MIN, 1, 2, 1, 0]);
        let (_, idx) = moving_extreme(&x, p(3, Some(1)), true);
        assert_eq!(idx, vec![0, 1, 1, 2, 1, 0]);
    }

    #[test]
    fn moving_variance_matches_direct() {
        let x = [1.0, 2.0, 4.0, 8.0, 16.0];
        let v = moving_var(&x, p(3, None), 1, false);
        assert!((v[2] - 2.333_333_333).abs() < 1e-6);
        assert!((v[4] - 37.333_333_333).abs() < 1e-6);
    }

    #[test]
    fn cumulative_sum_carries_over_nulls() {
        assert_eq!(cum_sum(&[N, 1.0, N, 2.0]), vec![N, 1.0, 1.0, 3.0]);
        assert_eq!(
            cum_extreme(&[3i32, i32::MIN, 5, 1], false),
            vec![3, 3, 3, 1]
        );
    }
}
