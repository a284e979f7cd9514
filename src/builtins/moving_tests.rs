//! Randomised checks that the streaming moving-window kernels agree with the naive
//! recomputation of every window, over data with NULLs, ties and every minPeriods choice.

use super::*;
use crate::builtins::stats::{kurtosis_of, skew_of};

/// A small deterministic generator (64-bit LCG) so failures reproduce.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    /// NULL one time in five; otherwise a small integer (so windows have ties and constant
    /// runs) or, one time in three, a fraction.
    fn value(&mut self) -> f64 {
        match self.next() % 15 {
            0..=2 => NULL_F64,
            3..=7 => (self.next() % 100) as f64 / 7.0 - 5.0,
            _ => (self.next() % 6) as f64,
        }
    }
}

/// Every (data, periods) case of the sweep.
fn cases() -> Vec<(Vec<f64>, Periods)> {
    let mut g = Lcg(42);
    let mut out = Vec::new();
    for round in 0..300 {
        let len = (g.next() % 40) as usize;
        let x: Vec<f64> = (0..len).map(|_| g.value()).collect();
        let window = 1 + (g.next() % 12) as usize;
        let min_periods = match round % 3 {
            0 => None,
            _ => Some(1 + (g.next() as usize % window)),
        };
        out.push((
            x,
            Periods {
                window,
                min_periods,
            },
        ));
    }
    out
}

fn sorted(w: &[f64]) -> Vec<f64> {
    let mut s = w.to_vec();
    s.sort_by(f64::total_cmp);
    s
}

fn same_bits(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| (is_null(*x) && is_null(*y)) || x.to_bits() == y.to_bits())
}

fn close(a: &[f64], b: &[f64], tol: f64) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            (is_null(*x) && is_null(*y))
                || (!is_null(*x) && !is_null(*y) && (x - y).abs() <= tol * x.abs().max(1.0))
        })
}

/// The per-window rank the sorted-window version replaced.
fn naive_rank(x: &[f64], p: Periods, o: &RankOpts) -> Vec<f64> {
    (0..x.len())
        .map(|i| {
            let count = x[p.start(i)..=i].iter().filter(|v| !is_null(**v)).count();
            let v = x[i];
            if !p.ready(i, count) || (o.ignore_na && is_null(v)) {
                return NULL_F64;
            }
            let (mut before, mut equal, mut total) = (0usize, 0usize, 0usize);
            for &w in &x[p.start(i)..=i] {
                if o.ignore_na && is_null(w) {
                    continue;
                }
                total += 1;
                let ord = match (is_null(w), is_null(v)) {
                    (true, true) => std::cmp::Ordering::Equal,
                    (true, false) => std::cmp::Ordering::Less,
                    (false, true) => std::cmp::Ordering::Greater,
                    _ => w.total_cmp(&v),
                };
                let ord = if o.ascending { ord } else { ord.reverse() };
                match ord {
                    std::cmp::Ordering::Less => before += 1,
                    std::cmp::Ordering::Equal => equal += 1,
                    std::cmp::Ordering::Greater => {}
                }
            }
            let r = match o.ties {
                Ties::Max => (before + equal - 1) as f64,
                Ties::Average => before as f64 + (equal - 1) as f64 / 2.0,
                _ => before as f64,
            };
            if o.percent {
                (r + 1.0) / total as f64
            } else {
                r
            }
        })
        .collect()
}

#[test]
fn order_statistics_match_the_naive_windows_exactly() {
    for (x, p) in cases() {
        for (pct, how) in [
            (50.0, Interpolation::Linear),
            (25.0, Interpolation::Nearest),
            (90.0, Interpolation::Lower),
            (10.0, Interpolation::Midpoint),
        ] {
            let naive = k::moving_apply(&x, p, |w, _| percentile_sorted(&sorted(w), pct, how));
            let fast = ks::moving_sorted(&x, p, |w, _| percentile_sorted(&w.sorted, pct, how));
            assert!(same_bits(&naive, &fast), "percentile {pct} {x:?} {p:?}");
        }
        let naive = k::moving_apply(&x, p, |w, _| mad_of(&mut w.to_vec(), true));
        let fast = ks::moving_sorted(&x, p, |w, _| median_deviation(w));
        assert!(
            same_bits(&naive, &fast),
            "mmad {x:?} {p:?}\n{naive:?}\n{fast:?}"
        );
        for ascending in [true, false] {
            for ignore_na in [true, false] {
                for ties in [Ties::Min, Ties::Max, Ties::Average] {
                    let o = RankOpts {
                        ascending,
                        group_num: None,
                        ignore_na,
                        ties,
                        percent: ties == Ties::Max,
                    };
                    let naive = naive_rank(&x, p, &o);
                    let fast = moving_rank(&x, p, &o);
                    assert!(same_bits(&naive, &fast), "mrank {o:?} {x:?} {p:?}");
                }
            }
        }
    }
}

#[test]
fn streaming_moments_and_product_match_the_naive_windows() {
    for (x, p) in cases() {
        for biased in [true, false] {
            let naive = k::moving_apply(&x, p, |w, _| skew_of(w, biased));
            let fast = ks::moving_moments(&x, p, |n, m2, m3, _| skew_from(n, m2, m3, biased));
            assert!(
                close(&naive, &fast, 1e-7),
                "mskew {x:?} {p:?}\n{naive:?}\n{fast:?}"
            );
            let naive = k::moving_apply(&x, p, |w, _| kurtosis_of(w, biased));
            let fast = ks::moving_moments(&x, p, |n, m2, _, m4| kurtosis_from(n, m2, m4, biased));
            assert!(
                close(&naive, &fast, 1e-7),
                "mkurtosis {x:?} {p:?}\n{naive:?}\n{fast:?}"
            );
        }
        let naive = k::moving_apply(&x, p, |w, _| w.iter().product());
        assert!(
            close(&naive, &ks::moving_prod(&x, p), 1e-12),
            "mprod {x:?} {p:?}"
        );
    }
}

/// A long trending series drifts far from the power sums' shift between rebuilds.
#[test]
fn moments_stay_accurate_on_a_trend() {
    let x: Vec<f64> = (0..5000)
        .map(|i| 1e6 + i as f64 * 0.5 + (i % 7) as f64)
        .collect();
    let p = Periods {
        window: 200,
        min_periods: None,
    };
    let naive = k::moving_apply(&x, p, |w, _| skew_of(w, true));
    let fast = ks::moving_moments(&x, p, |n, m2, m3, _| skew_from(n, m2, m3, true));
    assert!(close(&naive, &fast, 1e-6));
}
