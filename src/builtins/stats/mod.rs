//! Statistics beyond the basic aggregates: `percentile`, `rank`, `mode`, `skew`, `kurtosis`,
//! `stdp`, `varp`, `covar`, `corr`, `beta`, `wavg`, `wsum`, `sum2`..`sum4`, `mad`, `imax`,
//! `imin`, `nunique`; this file holds their registration, `order` the order statistics and
//! `moments` the moment-based ones.
//!
//! All skip NULLs. A matrix reduces per column to a vector and a table to a one-row table.
//! The pure helpers (percentile interpolation, moments, ranking) are shared with the moving
//! window functions.

use super::registry::{Builtin, Kind, Registry};
use moments::{beta, corr, covar, kurtosis, mad, skew, stdp, sum2, sum3, sum4, varp, wavg, wsum};
use order::{imax, imin, mode, nunique, percentile, rank};

mod moments;
mod order;

pub use moments::{beta_from, corr_from, covar_from, kurtosis_from, mad_of, skew_from};
/// The whole-series forms, which the moving-window tests compare the streaming ones with.
#[cfg(test)]
pub use moments::{kurtosis_of, skew_of};
pub use order::{percent_arg, percentile_at, percentile_sorted, Interpolation, RankOpts, Ties};
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
