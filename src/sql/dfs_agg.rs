//! Simple group-by aggregations over DFS tables (`select k, sum(a), avg(b), min(c), max(d),
//! count(x), count(*) from pt [where ...] [group by k1, k2]`), computed per partition in
//! parallel and merged, so no table of all the rows is ever built.
//!
//! Only that shape takes this path (plain columns as keys and arguments, the five
//! aggregates, no `having`/`distinct`, no user function shadowing an aggregate); anything
//! else returns `None` and the general path materialises the rows. `where` conditions that
//! partition pruning decides exactly are not evaluated at all; the others run through the
//! ordinary evaluator on each partition (on this thread) before aggregation.

use super::dfs_groups::{aggregate, init, merge, Acc, Agg, Cell, Partial, Spec};
use super::naming::{dedupe, item_name};
use super::Frame;
use crate::ast::{Expr, ExprKind, Grouping, Name, Select, SelectItem};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::storage::PartitionMeta;
use crate::value::{Physical, Table, Type, Value, VecData, Vector};
use rayon::prelude::*;
use std::sync::Arc;

/// Runs `q` on the fast path when it has the simple shape, else `Ok(None)`.
pub(crate) fn try_run(it: &mut Interp, q: &Select) -> Result<Option<Value>> {
    let keys: &[SelectItem] = match &q.group {
        None => &[],
        Some(Grouping::GroupBy(k)) => k,
        _ => return Ok(None),
    };
    if q.distinct || !q.having.is_empty() || q.columns.is_empty() || !q.csort.is_empty() {
        return Ok(None);
    }
    let Some((h, name)) = super::dfs::dfs_source(it, q)? else {
        return Ok(None);
    };
    let m = h.storage.manifest(&h.db, &h.table)?;
    let schema: Vec<Name> = m
        .columns
        .iter()
        .map(|c| Name::from(c.name.as_str()))
        .collect();
    let col_type = |n: &str| {
        m.columns
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(n))
            .map(|c| {
                (
                    c.name.clone(),
                    Type::from_id(i64::from(c.ty)).unwrap_or(Type::Void),
                )
            })
    };
    // Columns to read: keys first, then aggregate arguments.
    let mut read: Vec<(String, Type)> = Vec::new();
    fn slot(read: &mut Vec<(String, Type)>, name: String, ty: Type) -> usize {
        match read.iter().position(|(n, _)| *n == name) {
            Some(i) => i,
            None => {
                read.push((name, ty));
                read.len() - 1
            }
        }
    }
    let mut key_names = Vec::new();
    for k in keys {
        let ExprKind::Ident(n) = &k.expr.kind else {
            return Ok(None);
        };
        let Some((real, ty)) = col_type(n) else {
            return Ok(None);
        };
        if !matches!(
            ty.physical(),
            Physical::I8 | Physical::I16 | Physical::I32 | Physical::I64 | Physical::Str
        ) {
            return Ok(None);
        }
        slot(&mut read, real, ty);
        key_names.push(item_name(k, &schema));
    }
    let n_keys = read.len();
    if n_keys != keys.len() {
        return Ok(None);
    }
    let mut specs = Vec::new();
    let mut names = key_names.clone();
    for item in &q.columns {
        let name = item_name(item, &schema);
        if let ExprKind::Ident(n) = &item.expr.kind {
            if key_names.iter().any(|k| k.eq_ignore_ascii_case(n))
                && key_names.iter().any(|k| k.eq_ignore_ascii_case(&name))
            {
                continue;
            }
            return Ok(None);
        }
        let ExprKind::Call { func, args } = &item.expr.kind else {
            return Ok(None);
        };
        let ExprKind::Ident(f) = &func.kind else {
            return Ok(None);
        };
        if args.len() != 1 || it.functions.contains_key(f) {
            return Ok(None);
        }
        let Some(arg) = args[0].value.as_ref() else {
            return Ok(None);
        };
        let agg = match (f.as_ref(), &arg.kind) {
            ("count", ExprKind::Star) => Agg::CountStar,
            ("count", _) => Agg::Count,
            ("sum", _) => Agg::Sum,
            ("avg", _) => Agg::Avg,
            ("min", _) => Agg::Min,
            ("max", _) => Agg::Max,
            _ => return Ok(None),
        };
        let spec = if agg == Agg::CountStar {
            Spec {
                agg,
                col: 0,
                float: false,
                out_ty: Type::Int,
            }
        } else {
            let ExprKind::Ident(c) = &arg.kind else {
                return Ok(None);
            };
            let Some((real, ty)) = col_type(c) else {
                return Ok(None);
            };
            let numeric = matches!(
                ty.physical(),
                Physical::I8
                    | Physical::I16
                    | Physical::I32
                    | Physical::I64
                    | Physical::F32
                    | Physical::F64
            ) && ty != Type::Bool;
            if !numeric || (matches!(agg, Agg::Sum | Agg::Avg) && ty.is_temporal()) {
                return Ok(None);
            }
            let Some(out_ty) = sample_type(it, f, ty) else {
                return Ok(None);
            };
            Spec {
                agg,
                col: slot(&mut read, real, ty),
                float: matches!(ty.physical(), Physical::F32 | Physical::F64),
                out_ty,
            }
        };
        specs.push(spec);
        names.push(name);
    }
    if specs.is_empty() {
        return Ok(None);
    }
    // The `where` conditions pruning does not decide, and the columns they need.
    let (preds, exact) = super::dfs::analyze(it, &h, &q.where_)?;
    let residual: Vec<&Expr> = q
        .where_
        .iter()
        .zip(&exact)
        .filter(|(_, e)| !**e)
        .map(|(c, _)| c)
        .collect();
    let mut read_names: Vec<String> = read.iter().map(|(n, _)| n.clone()).collect();
    if !residual.is_empty() {
        for c in super::dfs::mentioned_columns(&m, residual.iter().copied()) {
            if !read_names.contains(&c) {
                read_names.push(c);
            }
        }
    }
    if read_names.is_empty() {
        read_names.extend(m.columns.first().map(|c| c.name.clone()));
    }
    let snap = h.storage.snapshot(&h.db, &h.table)?;
    let parts: Vec<PartitionMeta> = snap.prune(&preds)?.into_iter().cloned().collect();
    let cols: Vec<&str> = read_names.iter().map(String::as_str).collect();
    let partial = if residual.is_empty() {
        // Each worker folds its partitions into one partial; partials merge at the end.
        parts
            .par_iter()
            .try_fold(Partial::default, |mut acc, p| -> Result<Partial> {
                aggregate(&mut acc, &snap.read(p, &cols)?, n_keys, &specs)?;
                Ok(acc)
            })
            .try_reduce(Partial::default, |a, b| Ok(merge(a, b, &specs)))?
    } else {
        let tables: Vec<Table> = parts
            .par_iter()
            .map(|p| snap.read(p, &cols))
            .collect::<Result<_>>()?;
        let mut kept = Vec::with_capacity(tables.len());
        for t in tables {
            let mut frame = Frame::single(t, name.clone());
            for c in &residual {
                frame = frame.filter(it, c)?;
            }
            kept.push(frame.table);
        }
        kept.par_iter()
            .try_fold(Partial::default, |mut acc, t| -> Result<Partial> {
                aggregate(&mut acc, t, n_keys, &specs)?;
                Ok(acc)
            })
            .try_reduce(Partial::default, |a, b| Ok(merge(a, b, &specs)))?
    };
    drop(snap);
    let result = finish_groups(partial, &read, n_keys, &specs, names)?;
    let dummy = Frame::single(Table::new(), None);
    let top = super::select::eval_top(it, q.top.as_ref())?;
    let limit = super::select::eval_limit(it, q)?;
    super::select::finish(it, q, result, keys.is_empty(), top, limit, None, &dummy).map(Some)
}

/// The type the aggregate builtin returns for a column of type `ty`.
fn sample_type(it: &mut Interp, f: &str, ty: Type) -> Option<Type> {
    let b = crate::builtins::lookup(f)?;
    let sample = crate::kernels::cast(&Value::vector(Vector::ints(vec![1, 2])), ty).ok()?;
    match (b.func)(it, &[sample]).ok()? {
        Value::Scalar(s) => Some(s.ty()),
        _ => None,
    }
}

/// Builds the result table: groups sorted by key, keys first, then the aggregates.
fn finish_groups(
    mut p: Partial,
    read: &[(String, Type)],
    n_keys: usize,
    specs: &[Spec],
    mut names: Vec<Name>,
) -> Result<Table> {
    if !p.ints.is_empty() {
        p.keys = p.ints.iter().map(|&k| vec![Cell::I(k)]).collect();
    }
    if n_keys == 0 && p.keys.is_empty() {
        // No partition matched: one row of empty aggregates.
        p.keys.push(Vec::new());
        p.accs = specs
            .iter()
            .map(|s| {
                let mut a = Acc::default();
                init(&mut a, s, 1);
                a
            })
            .collect();
    } else if p.accs.len() != specs.len() {
        // No partition matched a grouped query: every aggregate column is empty.
        p.accs = specs
            .iter()
            .map(|s| {
                let mut a = Acc::default();
                init(&mut a, s, 0);
                a
            })
            .collect();
    }
    let mut order: Vec<usize> = (0..p.keys.len()).collect();
    order.sort_by(|&a, &b| p.keys[a].cmp(&p.keys[b]));
    let mut cols: Vec<Arc<Vector>> = Vec::with_capacity(names.len());
    for (k, (_, ty)) in read.iter().enumerate().take(n_keys) {
        let v = if ty.physical() == Physical::Str {
            let xs = order
                .iter()
                .map(|&g| match &p.keys[g][k] {
                    Cell::S(s) => s.clone(),
                    Cell::I(_) => Arc::from(""),
                })
                .collect();
            Vector::new(*ty, VecData::Str(xs))
        } else {
            let xs = order
                .iter()
                .map(|&g| match p.keys[g][k] {
                    Cell::I(i) => Some(i),
                    Cell::S(_) => None,
                })
                .collect();
            ints(*ty, xs)
        };
        cols.push(Arc::new(v));
    }
    for (spec, acc) in specs.iter().zip(&p.accs) {
        let has = |g: usize| acc.n[g] > 0;
        let v = match (spec.agg, spec.float) {
            (Agg::Count | Agg::CountStar, _) => {
                ints(spec.out_ty, order.iter().map(|&g| Some(acc.n[g])).collect())
            }
            (Agg::Avg, _) => floats(
                spec.out_ty,
                order
                    .iter()
                    .map(|&g| {
                        has(g).then(|| {
                            let s = if spec.float {
                                acc.f[g]
                            } else {
                                acc.i[g] as f64
                            };
                            s / acc.n[g] as f64
                        })
                    })
                    .collect(),
            ),
            (_, true) => floats(
                spec.out_ty,
                order.iter().map(|&g| has(g).then_some(acc.f[g])).collect(),
            ),
            (_, false) => ints(
                spec.out_ty,
                order.iter().map(|&g| has(g).then_some(acc.i[g])).collect(),
            ),
        };
        cols.push(Arc::new(v));
    }
    dedupe(&mut names);
    Table::from_columns(names, cols).map_err(Error::runtime)
}

/// An integral result column of type `ty` (`None` is NULL). `raw` keeps sentinel values.
fn ints(ty: Type, xs: Vec<Option<i64>>) -> Vector {
    match ty.physical() {
        Physical::I8 => Vector::new(
            ty,
            VecData::I8(xs.iter().map(|x| x.map_or(i8::MIN, |v| v as i8)).collect()),
        ),
        Physical::I16 => Vector::new(
            ty,
            VecData::I16(
                xs.iter()
                    .map(|x| x.map_or(i16::MIN, |v| v as i16))
                    .collect(),
            ),
        ),
        Physical::I32 => Vector::new(
            ty,
            VecData::I32(
                xs.iter()
                    .map(|x| x.map_or(i32::MIN, |v| v as i32))
                    .collect(),
            ),
        ),
        Physical::F64 | Physical::F32 => {
            floats(ty, xs.iter().map(|x| x.map(|v| v as f64)).collect())
        }
        Physical::I64 => Vector::new(
            ty,
            VecData::I64(xs.iter().map(|x| x.unwrap_or(i64::MIN)).collect()),
        ),
        _ => Vector::new(
            Type::Long,
            VecData::I64(xs.iter().map(|x| x.unwrap_or(i64::MIN)).collect()),
        ),
    }
}

/// A floating result column of type `ty` (`None` is NULL).
fn floats(ty: Type, xs: Vec<Option<f64>>) -> Vector {
    match ty.physical() {
        Physical::F32 => Vector::new(
            ty,
            VecData::F32(
                xs.iter()
                    .map(|x| x.map_or(f32::MIN, |v| v as f32))
                    .collect(),
            ),
        ),
        Physical::F64 => Vector::new(
            ty,
            VecData::F64(xs.iter().map(|x| x.unwrap_or(f64::MIN)).collect()),
        ),
        _ => ints(ty, xs.iter().map(|x| x.map(|v| v as i64)).collect()),
    }
}
