//! The grouping and accumulation kernel of the DFS aggregation fast path (`dfs_agg`):
//! partitions are folded into a [`Partial`] (groups plus per-aggregate accumulators), and
//! the partials of parallel workers are merged.
//!
//! One integral grouping key is the common case and has its own representation (`i64`
//! keys, no key vectors); when a partition's keys span a small range they are grouped
//! through a dense slot array instead of a hash map.

use crate::error::{Error, Result};
use crate::value::{Physical, Table, Type, VecData, Vector};
use rustc_hash::FxHashMap;
use std::sync::Arc;

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Agg {
    Sum,
    Avg,
    Min,
    Max,
    Count,
    CountStar,
}

pub(super) struct Spec {
    pub agg: Agg,
    /// Index into the columns read (none for `count(*)`).
    pub col: usize,
    pub float: bool,
    pub out_ty: Type,
}

/// One grouping key cell; NULLs are their sentinels, so they group and sort first.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Cell {
    I(i64),
    S(Arc<str>),
}

/// Per-aggregate accumulators, one slot per group.
#[derive(Clone, Default)]
pub(super) struct Acc {
    pub n: Vec<i64>,
    pub f: Vec<f64>,
    pub i: Vec<i64>,
}

/// The groups and accumulators of some partitions. A single integral key keeps its groups
/// in `ints`; any other grouping keeps key vectors in `keys` (only one of them is used).
#[derive(Default)]
pub(super) struct Partial {
    pub ints: Vec<i64>,
    int_index: FxHashMap<i64, u32>,
    pub keys: Vec<Vec<Cell>>,
    index: FxHashMap<Vec<Cell>, u32>,
    pub accs: Vec<Acc>,
}

impl Partial {
    pub fn groups(&self) -> usize {
        self.ints.len() + self.keys.len()
    }

    fn int_group(&mut self, k: i64) -> u32 {
        let ints = &mut self.ints;
        *self.int_index.entry(k).or_insert_with(|| {
            ints.push(k);
            (ints.len() - 1) as u32
        })
    }

    fn key_group(&mut self, k: &[Cell]) -> u32 {
        if let Some(&g) = self.index.get(k) {
            return g;
        }
        let g = self.keys.len() as u32;
        self.keys.push(k.to_vec());
        self.index.insert(k.to_vec(), g);
        g
    }
}

/// Adds one partition's rows to `p`.
pub(super) fn aggregate(p: &mut Partial, t: &Table, n_keys: usize, specs: &[Spec]) -> Result<()> {
    let n = t.n_rows();
    let cols = t.columns();
    if p.accs.len() != specs.len() {
        p.accs = vec![Acc::default(); specs.len()];
    }
    let mut gid = vec![0u32; n];
    if n_keys == 0 {
        p.key_group(&[]);
    } else if n_keys == 1 && cols[0].ty().physical() != Physical::Str {
        match cols[0].data() {
            VecData::I8(x) => int_groups(p, x, &mut gid),
            VecData::I16(x) => int_groups(p, x, &mut gid),
            VecData::I32(x) => int_groups(p, x, &mut gid),
            VecData::I64(x) => int_groups(p, x, &mut gid),
            _ => return Err(Error::runtime("a grouping column is not integral")),
        }
    } else {
        let mut key: Vec<Cell> = Vec::with_capacity(n_keys);
        for (r, g) in gid.iter_mut().enumerate() {
            key.clear();
            key.extend(cols[..n_keys].iter().map(|c| cell_at(c, r)));
            *g = p.key_group(&key);
        }
    }
    let groups = p.groups();
    for (spec, acc) in specs.iter().zip(p.accs.iter_mut()) {
        init(acc, spec, groups);
        if spec.agg == Agg::CountStar {
            for &g in &gid {
                acc.n[g as usize] += 1;
            }
            continue;
        }
        match cols[spec.col].data() {
            VecData::I8(x) => fold(acc, spec, &gid, x),
            VecData::I16(x) => fold(acc, spec, &gid, x),
            VecData::I32(x) => fold(acc, spec, &gid, x),
            VecData::I64(x) => fold(acc, spec, &gid, x),
            VecData::F32(x) => fold(acc, spec, &gid, x),
            VecData::F64(x) => fold(acc, spec, &gid, x),
            _ => return Err(Error::runtime("an aggregated column is not numeric")),
        }
    }
    Ok(())
}

/// Group ids of one integral key column. Keys spanning a small range (ids, codes, dates)
/// go through a slot array, so the hash map is only consulted once per distinct key.
fn int_groups<T: Copy + Into<i64>>(p: &mut Partial, xs: &[T], gid: &mut [u32]) {
    let (mut lo, mut hi) = (i64::MAX, i64::MIN);
    for &x in xs {
        let v: i64 = x.into();
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if xs.is_empty() {
        return;
    }
    let span = (i128::from(hi) - i128::from(lo)) as u128;
    let limit = (xs.len() as u128).max(1024) * 4;
    if span < limit.min(1 << 22) {
        let mut slot = vec![u32::MAX; span as usize + 1];
        for (&x, g) in xs.iter().zip(gid.iter_mut()) {
            let v: i64 = x.into();
            let s = &mut slot[(v - lo) as usize];
            if *s == u32::MAX {
                *s = p.int_group(v);
            }
            *g = *s;
        }
    } else {
        for (&x, g) in xs.iter().zip(gid.iter_mut()) {
            *g = p.int_group(x.into());
        }
    }
}

/// Sizes `acc` for `groups` groups, keeping the existing slots.
pub(super) fn init(acc: &mut Acc, spec: &Spec, groups: usize) {
    acc.n.resize(groups, 0);
    let (f0, i0) = match spec.agg {
        Agg::Min => (f64::INFINITY, i64::MAX),
        Agg::Max => (f64::NEG_INFINITY, i64::MIN),
        _ => (0.0, 0),
    };
    acc.f.resize(groups, f0);
    acc.i.resize(groups, i0);
}

/// A numeric cell with DolphinDB's NULL test.
trait Num: Copy {
    fn null(self) -> bool;
    fn f(self) -> f64;
    fn i(self) -> i64;
}

macro_rules! num_int {
    ($($t:ty),*) => {$(
        impl Num for $t {
            fn null(self) -> bool { self == <$t>::MIN }
            fn f(self) -> f64 { self as f64 }
            fn i(self) -> i64 { i64::from(self) }
        }
    )*};
}
num_int!(i8, i16, i32, i64);

impl Num for f32 {
    fn null(self) -> bool {
        self == f32::MIN || self.is_nan()
    }
    fn f(self) -> f64 {
        f64::from(self)
    }
    fn i(self) -> i64 {
        self as i64
    }
}

impl Num for f64 {
    fn null(self) -> bool {
        self == f64::MIN || self.is_nan()
    }
    fn f(self) -> f64 {
        self
    }
    fn i(self) -> i64 {
        self as i64
    }
}

/// Calls `f(group, x)` for every non-NULL `x`; inlined into one loop per aggregate kind.
#[inline(always)]
fn each<T: Num>(gid: &[u32], xs: &[T], mut f: impl FnMut(usize, T)) {
    for (&g, &x) in gid.iter().zip(xs) {
        if !x.null() {
            f(g as usize, x);
        }
    }
}

fn fold<T: Num>(acc: &mut Acc, spec: &Spec, gid: &[u32], xs: &[T]) {
    let Acc { n, f, i } = acc;
    match (spec.agg, spec.float) {
        (Agg::Sum | Agg::Avg, true) => each(gid, xs, |g, x| {
            n[g] += 1;
            f[g] += x.f();
        }),
        (Agg::Sum | Agg::Avg, false) => each(gid, xs, |g, x| {
            n[g] += 1;
            i[g] = i[g].wrapping_add(x.i());
        }),
        (Agg::Min, true) => each(gid, xs, |g, x| {
            n[g] += 1;
            f[g] = f[g].min(x.f());
        }),
        (Agg::Min, false) => each(gid, xs, |g, x| {
            n[g] += 1;
            i[g] = i[g].min(x.i());
        }),
        (Agg::Max, true) => each(gid, xs, |g, x| {
            n[g] += 1;
            f[g] = f[g].max(x.f());
        }),
        (Agg::Max, false) => each(gid, xs, |g, x| {
            n[g] += 1;
            i[g] = i[g].max(x.i());
        }),
        (Agg::Count | Agg::CountStar, _) => each(gid, xs, |g, _| n[g] += 1),
    }
}

/// Merges `b` into `a`.
pub(super) fn merge(mut a: Partial, b: Partial, specs: &[Spec]) -> Partial {
    if a.groups() == 0 {
        return b;
    }
    if b.groups() == 0 {
        return a;
    }
    let mut map = Vec::with_capacity(b.groups());
    for &k in &b.ints {
        map.push(a.int_group(k) as usize);
    }
    for k in &b.keys {
        map.push(a.key_group(k) as usize);
    }
    let groups = a.groups();
    for ((spec, acc), other) in specs.iter().zip(a.accs.iter_mut()).zip(b.accs) {
        init(acc, spec, groups);
        for (j, &g) in map.iter().enumerate() {
            acc.n[g] += other.n[j];
            match spec.agg {
                Agg::Sum | Agg::Avg => {
                    acc.f[g] += other.f[j];
                    acc.i[g] = acc.i[g].wrapping_add(other.i[j]);
                }
                Agg::Min => {
                    acc.f[g] = acc.f[g].min(other.f[j]);
                    acc.i[g] = acc.i[g].min(other.i[j]);
                }
                Agg::Max => {
                    acc.f[g] = acc.f[g].max(other.f[j]);
                    acc.i[g] = acc.i[g].max(other.i[j]);
                }
                Agg::Count | Agg::CountStar => {}
            }
        }
    }
    a
}

fn int_at(c: &Vector, r: usize) -> i64 {
    match c.data() {
        VecData::I8(x) => i64::from(x[r]),
        VecData::I16(x) => i64::from(x[r]),
        VecData::I32(x) => i64::from(x[r]),
        VecData::I64(x) => x[r],
        _ => 0,
    }
}

fn cell_at(c: &Vector, r: usize) -> Cell {
    match c.data() {
        VecData::Str(x) => Cell::S(x[r].clone()),
        _ => Cell::I(int_at(c, r)),
    }
}
