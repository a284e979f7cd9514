//! Queries over DFS tables: the `from` table is materialised from disk, reading only the
//! columns the query mentions and only the partitions its `where` conditions on
//! partitioning columns (`=`, `in`, `between`, `<`, `<=`, `>`, `>=`) can match; the
//! in-memory SQL then runs as usual (the conditions are still applied to the rows).

use super::Frame;
use crate::ast::{BinOp, Expr, ExprKind, FromItem, Grouping, Name, Select};
use crate::error::Result;
use crate::eval::Interp;
use crate::storage::{Manifest, Pred, TableHandle};
use crate::value::{Scalar, Value};
use std::collections::HashSet;

/// The DFS table a query reads (`from pt` or `from loadTable(...)`, no joins) and the
/// name qualifying its columns, or `None` when the `from` item is something else.
pub(crate) fn dfs_source(
    it: &mut Interp,
    q: &Select,
) -> Result<Option<(std::sync::Arc<TableHandle>, Option<Name>)>> {
    let Some(FromItem::Table { expr, alias }) = &q.from else {
        return Ok(None);
    };
    let simple = match &expr.kind {
        ExprKind::Ident(_) => true,
        ExprKind::Call { func, .. } => {
            matches!(&func.kind, ExprKind::Ident(n) if n.as_ref() == "loadTable")
        }
        _ => false,
    };
    if !simple {
        return Ok(None);
    }
    let Value::DfsTable(h) = it.eval(expr)? else {
        return Ok(None);
    };
    let name: Option<Name> = alias.clone().or_else(|| match &expr.kind {
        ExprKind::Ident(n) => Some(n.clone()),
        _ => None,
    });
    Ok(Some((h, name)))
}

/// A frame for `from <DFS table>`, or `None` when the `from` item is something else.
pub(crate) fn partitioned_frame(it: &mut Interp, q: &Select) -> Result<Option<Frame>> {
    let Some((h, name)) = dfs_source(it, q)? else {
        return Ok(None);
    };
    let columns = needed_columns(&h, q)?;
    let col_refs: Vec<&str> = columns.iter().map(String::as_str).collect();
    let preds = predicates(it, &h, &q.where_)?;
    let table = h.load(&col_refs, &preds, None)?;
    Ok(Some(Frame::single(table, name)))
}

/// The table's columns the query text mentions (all of them for `select *`). A column name
/// appearing anywhere (even inside a string) is read: a superset is always correct.
fn needed_columns(h: &TableHandle, q: &Select) -> Result<Vec<String>> {
    let m = h.storage.manifest(&h.db, &h.table)?;
    let mut exprs: Vec<&Expr> = Vec::new();
    for c in &q.columns {
        if matches!(c.expr.kind, ExprKind::Star) {
            return Ok(Vec::new());
        }
        exprs.push(&c.expr);
    }
    exprs.extend(q.where_.iter());
    exprs.extend(q.having.iter());
    exprs.extend(q.order_by.iter().chain(&q.csort).map(|o| &o.expr));
    if let Some(Grouping::GroupBy(k) | Grouping::ContextBy(k) | Grouping::PivotBy(k)) = &q.group {
        exprs.extend(k.iter().map(|i| &i.expr));
    }
    let mut cols = mentioned_columns(&m, exprs.into_iter());
    if cols.is_empty() {
        // `select count(*)` still needs the row count: read the narrowest column.
        if let Some(c) = m.columns.first() {
            cols.push(c.name.clone());
        }
    }
    Ok(cols)
}

/// The schema's columns whose names appear as words in the expressions' text.
pub(crate) fn mentioned_columns<'a>(
    m: &Manifest,
    exprs: impl Iterator<Item = &'a Expr>,
) -> Vec<String> {
    let mut words = HashSet::new();
    for e in exprs {
        let t = e.to_string();
        for w in t.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
            if !w.is_empty() {
                words.insert(w.to_lowercase());
            }
        }
    }
    m.columns
        .iter()
        .filter(|c| words.contains(&c.name.to_lowercase()))
        .map(|c| c.name.clone())
        .collect()
}

fn column_of(e: &Expr, pcols: &[String]) -> Option<String> {
    match &e.kind {
        ExprKind::Ident(n) => pcols.iter().find(|c| c.eq_ignore_ascii_case(n)).cloned(),
        _ => None,
    }
}

/// Evaluates a condition's other side when it mentions no column of the table.
fn constant(it: &mut Interp, e: &Expr, cols: &HashSet<String>) -> Option<Value> {
    let text = e.to_string();
    let mentions = text
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .any(|w| cols.contains(&w.to_lowercase()));
    if mentions {
        return None;
    }
    it.eval(e).ok()
}

fn scalars(v: &Value) -> Option<Vec<Scalar>> {
    match v {
        Value::Scalar(s) => Some(vec![s.clone()]),
        Value::Vector(x) if !x.is_tuple() => {
            Some((0..x.len()).filter_map(|i| x.scalar_at(i)).collect())
        }
        _ => None,
    }
}

/// Pruning predicates: (partitioning column, predicate) pairs.
pub(crate) type Preds = Vec<(String, Pred)>;

/// Pruning predicates from top-level `where` conditions on partitioning columns.
pub(crate) fn predicates(
    it: &mut Interp,
    h: &TableHandle,
    where_: &[Expr],
) -> Result<Vec<(String, Pred)>> {
    Ok(analyze(it, h, where_)?.0)
}

/// Pruning predicates, and for each top-level `where` condition whether pruning alone
/// decides it: a condition `=`, `<=`, `>=`, `in` or `between` on the column of a VALUE
/// level (same type as the level, constants of that type) holds for every row of every
/// partition that survives pruning, so a scan need not evaluate it.
pub(crate) fn analyze(
    it: &mut Interp,
    h: &TableHandle,
    where_: &[Expr],
) -> Result<(Preds, Vec<bool>)> {
    let m = h.storage.manifest(&h.db, &h.table)?;
    let levels = h.storage.database(&h.db)?.levels.clone();
    let cols: HashSet<String> = m.columns.iter().map(|c| c.name.to_lowercase()).collect();
    let pcols = &m.partition_columns;
    let mut out = Vec::new();
    let mut exact = Vec::with_capacity(where_.len());
    for top in where_ {
        let before = out.len();
        let simple = cond_preds(it, top, pcols, &cols, &mut out);
        let decided = simple
            && out.len() == before + 1
            && out.last().is_some_and(|(col, pred)| {
                let Some(l) = pcols.iter().position(|c| c == col) else {
                    return false;
                };
                let (Some(level), Some(cdef)) =
                    (levels.get(l), m.columns.iter().find(|c| &c.name == col))
                else {
                    return false;
                };
                let ty = level.ty();
                let same = |s: &Scalar| !s.is_null() && s.ty() == ty;
                level.kind == crate::storage::Kind::Value
                    && cdef.ty == ty.id()
                    && match pred {
                        Pred::In(xs) => xs.iter().all(same),
                        Pred::Range(lo, hi) => {
                            lo.iter().chain(hi.iter()).all(same) && (lo.is_some() || hi.is_some())
                        }
                    }
            });
        exact.push(decided);
    }
    Ok((out, exact))
}

/// Adds the predicates of one `where` condition; returns whether the condition was one
/// comparison whose predicate is exact (not `<`/`>`, which pruning treats as `<=`/`>=`).
fn cond_preds(
    it: &mut Interp,
    top: &Expr,
    pcols: &[String],
    cols: &HashSet<String>,
    out: &mut Vec<(String, Pred)>,
) -> bool {
    let mut exact = true;
    let mut conds: Vec<&Expr> = vec![top];
    while let Some(e) = conds.pop() {
        match &e.kind {
            ExprKind::Binary {
                op: BinOp::And,
                lhs,
                rhs,
            } => {
                exact = false;
                conds.push(lhs);
                conds.push(rhs);
            }
            ExprKind::Binary { op, lhs, rhs } => {
                let (col, other, op) = match (column_of(lhs, pcols), column_of(rhs, pcols)) {
                    (Some(c), None) => (c, rhs, *op),
                    (None, Some(c)) => (c, lhs, flip(*op)),
                    _ => continue,
                };
                let Some(v) = constant(it, other, cols) else {
                    continue;
                };
                let Some(Some(s)) = scalars(&v).map(|mut x| (x.len() == 1).then(|| x.remove(0)))
                else {
                    continue;
                };
                let pred = match op {
                    BinOp::Eq => Pred::In(vec![s]),
                    BinOp::Le => Pred::Range(None, Some(s)),
                    BinOp::Ge => Pred::Range(Some(s), None),
                    BinOp::Lt => {
                        exact = false;
                        Pred::Range(None, Some(s))
                    }
                    BinOp::Gt => {
                        exact = false;
                        Pred::Range(Some(s), None)
                    }
                    _ => continue,
                };
                out.push((col, pred));
            }
            ExprKind::Call { func, args } if args.len() == 2 => {
                let fname = match &func.kind {
                    ExprKind::Ident(n) => n.as_ref(),
                    _ => continue,
                };
                let (Some(a), Some(b)) = (args[0].value.as_ref(), args[1].value.as_ref()) else {
                    continue;
                };
                let Some(col) = column_of(a, pcols) else {
                    continue;
                };
                let Some(v) = constant(it, b, cols) else {
                    continue;
                };
                match (fname, &v) {
                    ("in", _) => {
                        if let Some(xs) = scalars(&v) {
                            out.push((col, Pred::In(xs)));
                        }
                    }
                    ("between", Value::Pair(p)) => {
                        if let (Some(lo), Some(hi)) = (p.scalar_at(0), p.scalar_at(1)) {
                            out.push((col, Pred::Range(Some(lo), Some(hi))));
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    exact
}

fn flip(op: BinOp) -> BinOp {
    match op {
        BinOp::Lt => BinOp::Gt,
        BinOp::Le => BinOp::Ge,
        BinOp::Gt => BinOp::Lt,
        BinOp::Ge => BinOp::Le,
        other => other,
    }
}
