//! Streaming forms of the moving-window statistics that have no plain running accumulator:
//! higher moments (mskew, mkurtosis) from shifted power sums, the moving product with the
//! van Herk/Gil-Werman block scheme, and the order statistics (mmed, mpercentile, mrank,
//! mmad with useMedian) over a sorted copy of the window updated by binary search.
//!
//! The sorted window holds exactly the multiset the naive per-window recomputation would sort,
//! so order statistics are bit-identical to it; moments and products are equal up to rounding.

use super::window::{is_null, Periods};
use crate::value::NULL_F64;
use std::cmp::Ordering;

/// The non-NULL elements of the current window in `f64::total_cmp` order. Inserting and
/// removing cost a binary search plus a memmove of at most `window` elements.
#[derive(Default, Debug)]
pub struct SortedWindow {
    pub sorted: Vec<f64>,
    /// NULL elements inside the window (they are not stored in `sorted`).
    pub nulls: usize,
}

impl SortedWindow {
    fn lower_bound(&self, x: f64) -> usize {
        self.sorted
            .partition_point(|a| a.total_cmp(&x) == Ordering::Less)
    }

    fn upper_bound(&self, x: f64) -> usize {
        self.sorted
            .partition_point(|a| a.total_cmp(&x) != Ordering::Greater)
    }

    pub fn insert(&mut self, x: f64) {
        if is_null(x) {
            self.nulls += 1;
        } else {
            let at = self.lower_bound(x);
            self.sorted.insert(at, x);
        }
    }

    /// Removes one element equal to `x`; elements equal under `total_cmp` are bitwise equal,
    /// so which copy goes does not matter.
    pub fn remove(&mut self, x: f64) {
        if is_null(x) {
            self.nulls = self.nulls.saturating_sub(1);
        } else {
            let at = self.lower_bound(x);
            if self.sorted.get(at).is_some_and(|a| a.total_cmp(&x).is_eq()) {
                self.sorted.remove(at);
            }
        }
    }

    /// Elements strictly below and equal to `x` (non-NULL only).
    pub fn less_equal(&self, x: f64) -> (usize, usize) {
        let lo = self.lower_bound(x);
        (lo, self.upper_bound(x) - lo)
    }
}

/// Slides a [`SortedWindow`] over `x`; `f(window, i)` computes the result of each ready window.
pub fn moving_sorted(
    x: &[f64],
    p: Periods,
    mut f: impl FnMut(&SortedWindow, usize) -> f64,
) -> Vec<f64> {
    let mut out = super::alloc::big_vec(x.len());
    let mut w = SortedWindow {
        sorted: Vec::with_capacity(p.window.min(x.len()) + 1),
        nulls: 0,
    };
    for i in 0..x.len() {
        w.insert(x[i]);
        if i >= p.window {
            w.remove(x[i - p.window]);
        }
        out.push(if p.ready(i, w.sorted.len()) {
            f(&w, i)
        } else {
            NULL_F64
        });
    }
    out
}

/// The `k`-th smallest (0-based) of the union of two ascending sequences given by accessors,
/// found by binary search on how many elements come from the first one: O(log(na + nb)).
pub fn kth_of_two(
    a: impl Fn(usize) -> f64,
    na: usize,
    b: impl Fn(usize) -> f64,
    nb: usize,
    k: usize,
) -> f64 {
    // Take `i` from `a` and `k + 1 - i` from `b`; the right `i` has a[i-1] <= b[j] and
    // b[j-1] <= a[i]. The answer is the larger of the two last taken elements.
    let need = k + 1;
    let (mut lo, mut hi) = (need.saturating_sub(nb), need.min(na));
    while lo < hi {
        let i = (lo + hi) / 2;
        let j = need - i;
        // Too few from `a` when a[i] < b[j-1].
        if a(i).total_cmp(&b(j - 1)) == Ordering::Less {
            lo = i + 1;
        } else {
            hi = i;
        }
    }
    let i = lo;
    let j = need - i;
    match (i, j) {
        (0, _) => b(j - 1),
        (_, 0) => a(i - 1),
        _ => {
            let (x, y) = (a(i - 1), b(j - 1));
            if x.total_cmp(&y) == Ordering::Less {
                y
            } else {
                x
            }
        }
    }
}

/// Running sums of the powers 1..4 of `x - shift`. The shift is re-centred on the window's
/// mean every `window` steps (amortised O(1)) and whenever the mean has drifted so far that
/// the central moments would lose precision to cancellation.
#[derive(Default)]
struct PowerSums {
    shift: f64,
    s: [f64; 4],
    n: usize,
}

impl PowerSums {
    #[inline(always)]
    fn update(&mut self, x: f64, sign: f64) {
        let d = x - self.shift;
        let d2 = d * d;
        self.s[0] += sign * d;
        self.s[1] += sign * d2;
        self.s[2] += sign * d2 * d;
        self.s[3] += sign * d2 * d2;
    }

    fn rebuild(&mut self, win: &[f64]) {
        let (sum, n) = win
            .iter()
            .filter(|v| !is_null(**v))
            .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
        *self = PowerSums {
            shift: if n == 0 { 0.0 } else { sum / n as f64 },
            s: [0.0; 4],
            n,
        };
        for &v in win.iter().filter(|v| !is_null(**v)) {
            self.update(v, 1.0);
        }
    }

    /// The central moments m2, m3, m4 (divided by n), and whether they are accurate: they
    /// are not when the shift is further from the mean than one standard deviation.
    fn central(&self) -> ((f64, f64, f64), bool) {
        let n = self.n as f64;
        let (a1, a2, a3, a4) = (self.s[0] / n, self.s[1] / n, self.s[2] / n, self.s[3] / n);
        let m2 = (a2 - a1 * a1).max(0.0);
        let accurate = a1 == 0.0 || a1 * a1 <= m2;
        let m3 = a3 - 3.0 * a1 * a2 + 2.0 * a1 * a1 * a1;
        let m4 = a4 - 4.0 * a1 * a3 + 6.0 * a1 * a1 * a2 - 3.0 * a1 * a1 * a1 * a1;
        ((m2, m3, m4.max(0.0)), accurate)
    }
}

/// Moving higher moments: `f(n, m2, m3, m4)` turns the central moments of each ready window's
/// non-NULL elements into the result (skewness, kurtosis); non-finite results are NULL.
pub fn moving_moments(x: &[f64], p: Periods, f: impl Fn(f64, f64, f64, f64) -> f64) -> Vec<f64> {
    let mut out = super::alloc::big_vec(x.len());
    let mut ps = PowerSums::default();
    // Drift rebuilds are rationed to one per `window / 16` steps: a (nearly) constant window
    // fails the precision check after every rebuild, and must not cost O(window) per step.
    let gap = p.window / 16 + 1;
    let mut last_rebuild = 0usize;
    for i in 0..x.len() {
        if i % p.window == 0 {
            ps.rebuild(&x[p.start(i)..=i]);
            last_rebuild = i;
        } else {
            if !is_null(x[i]) {
                ps.update(x[i], 1.0);
                ps.n += 1;
            }
            if i >= p.window && !is_null(x[i - p.window]) {
                ps.update(x[i - p.window], -1.0);
                ps.n -= 1;
            }
        }
        if !p.ready(i, ps.n) {
            out.push(NULL_F64);
            continue;
        }
        let mut m = ps.central();
        if !m.1 && i - last_rebuild >= gap {
            ps.rebuild(&x[p.start(i)..=i]);
            last_rebuild = i;
            m = ps.central();
        }
        let r = f(ps.n as f64, m.0 .0, m.0 .1, m.0 .2);
        out.push(if r.is_finite() { r } else { NULL_F64 });
    }
    out
}

/// Moving product of the non-NULL elements. Blocks of `window` elements get prefix and
/// suffix products; every window spans at most two blocks, so its product is one suffix
/// times one prefix — O(n) with no division, so zeros and overflow need no special cases.
pub fn moving_prod(x: &[f64], p: Periods) -> Vec<f64> {
    let n = x.len();
    let w = p.window.max(1);
    let val = |v: f64| if is_null(v) { 1.0 } else { v };
    let mut prefix = Vec::with_capacity(n);
    for i in 0..n {
        prefix.push(if i % w == 0 {
            val(x[i])
        } else {
            prefix[i - 1] * val(x[i])
        });
    }
    let mut suffix = vec![0.0; n];
    for i in (0..n).rev() {
        suffix[i] = if i % w == w - 1 || i == n - 1 {
            val(x[i])
        } else {
            val(x[i]) * suffix[i + 1]
        };
    }
    let mut out = super::alloc::big_vec(n);
    let mut count = 0usize;
    for i in 0..n {
        if !is_null(x[i]) {
            count += 1;
        }
        if i >= w && !is_null(x[i - w]) {
            count -= 1;
        }
        let s = p.start(i);
        out.push(if !p.ready(i, count) {
            NULL_F64
        } else if s.is_multiple_of(w) {
            prefix[i]
        } else {
            suffix[s] * prefix[i]
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kth_of_two_merges_in_order() {
        let a = [1.0, 4.0, 6.0];
        let b = [2.0, 3.0, 5.0, 7.0];
        for k in 0..7 {
            let got = kth_of_two(|i| a[i], 3, |j| b[j], 4, k);
            assert_eq!(got, (k + 1) as f64);
        }
        assert_eq!(kth_of_two(|i| a[i], 3, |_| 0.0, 0, 2), 6.0);
        assert_eq!(kth_of_two(|_| 0.0, 0, |j| b[j], 4, 0), 2.0);
    }

    #[test]
    fn product_spans_two_blocks() {
        let p = Periods {
            window: 3,
            min_periods: None,
        };
        let x = [1.0, 2.0, 3.0, 4.0, NULL_F64, 0.0, 5.0];
        assert_eq!(
            moving_prod(&x, p),
            vec![NULL_F64, NULL_F64, 6.0, 24.0, 12.0, 0.0, 0.0]
        );
    }
}
