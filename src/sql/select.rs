//! `select` / `exec`: `from` → `where` → grouping or projection → `distinct` → `order by`
//! → `top` / `limit`, then `exec` shaping (one column gives a vector, or a scalar for an
//! aggregate).

use super::group::{self, group_rows};
use super::naming::{dedupe, item_name};
use super::order::order_positions;
use super::{as_column, join, Frame};
use crate::ast::{Expr, ExprKind, Grouping, Name, Select, SelectItem};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::value::{Table, Value};

/// Runs a select or exec query.
pub(crate) fn run(it: &mut Interp, q: &Select) -> Result<Value> {
    if q.from.is_some() {
        if let Some(v) = super::dfs_agg::try_run(it, q)? {
            return Ok(v);
        }
    }
    let mut frame = match &q.from {
        Some(f) => match super::dfs::partitioned_frame(it, q)? {
            Some(frame) => frame,
            None => join::eval_from(it, f)?,
        },
        None => Frame::single(Table::new(), None),
    };
    for cond in &q.where_ {
        frame = frame.filter(it, cond)?;
    }
    let top = eval_top(it, q.top.as_ref())?;
    let limit = eval_limit(it, q)?;
    let (mut result, aggregate, same_rows) = match &q.group {
        Some(Grouping::PivotBy(keys)) => return group::pivot_by(it, &frame, q, keys),
        Some(Grouping::GroupBy(keys)) => {
            let (t, _) = group::group_by(it, &frame, q, keys)?;
            (t, false, false)
        }
        Some(Grouping::ContextBy(keys)) => {
            let limit_rows = limit.map(|(_, count)| count);
            let t = group::context_by(it, &frame, q, keys, top, limit_rows)?;
            return finish(it, q, t, false, None, None, None, &frame);
        }
        None => {
            let (t, agg) = project(it, &frame, q)?;
            (t, agg, !agg)
        }
    };
    if q.distinct {
        result = distinct(&result);
    }
    let order_frame = (same_rows && !q.distinct).then_some(&frame);
    result = order(it, q, result, order_frame)?;
    finish(it, q, result, aggregate, top, limit, Some(()), &frame)
}

/// Applies `top`/`limit` (unless grouping consumed them) and shapes an `exec` result.
#[allow(clippy::too_many_arguments)]
pub(crate) fn finish(
    it: &mut Interp,
    q: &Select,
    mut result: Table,
    aggregate: bool,
    top: Option<(usize, usize)>,
    limit: Option<(usize, i64)>,
    ordered: Option<()>,
    _frame: &Frame,
) -> Result<Value> {
    if ordered.is_none() {
        result = order(it, q, result, None)?;
    }
    let n = result.n_rows();
    if let Some((a, b)) = top {
        result = result.slice(a.min(n), b.min(n));
    }
    if let Some((offset, count)) = limit {
        let n = result.n_rows();
        result = if count >= 0 {
            let start = offset.min(n);
            result.slice(start, start.saturating_add(count as usize))
        } else {
            result.slice(n.saturating_sub(count.unsigned_abs() as usize), n)
        };
    }
    if !q.exec {
        return Ok(Value::table(result));
    }
    let group_keys = match &q.group {
        Some(Grouping::GroupBy(k)) => k.len(),
        _ => 0,
    };
    if result.n_cols() == 1 || (group_keys > 0 && result.n_cols() == group_keys + 1) {
        let col = result.columns()[result.n_cols() - 1].clone();
        if aggregate && col.len() == 1 {
            return Ok(col.get(0).unwrap_or(Value::NULL));
        }
        return Ok(Value::Vector(col));
    }
    Ok(Value::table(result))
}

/// The select list over the whole frame. Returns the table and whether every item was a
/// scalar (an aggregate query, one row).
fn project(it: &mut Interp, frame: &Frame, q: &Select) -> Result<(Table, bool)> {
    let items = expand(q, frame);
    let mut vals = Vec::with_capacity(items.len());
    for (item, _) in &items {
        vals.push(frame.eval(it, &item.expr)?);
    }
    let aggregate = !vals.is_empty()
        && vals
            .iter()
            .all(|v| !matches!(v, Value::Vector(_) | Value::Pair(_) | Value::Table(_)));
    let n = if aggregate { 1 } else { frame.n_rows() };
    let mut names: Vec<Name> = items.iter().map(|(_, n)| n.clone()).collect();
    dedupe(&mut names);
    let mut cols = Vec::with_capacity(vals.len());
    for (v, name) in vals.into_iter().zip(&names) {
        cols.push(as_column(v, n, name)?);
    }
    let t = Table::from_columns(names, cols).map_err(Error::runtime)?;
    Ok((t, aggregate))
}

/// Select items with `*` expanded, each with its output name.
fn expand(q: &Select, frame: &Frame) -> Vec<(SelectItem, Name)> {
    let cols = frame.table.names();
    let mut out = Vec::new();
    for item in &q.columns {
        if matches!(item.expr.kind, ExprKind::Star) {
            for c in cols {
                let e = Expr::new(ExprKind::Ident(c.clone()), item.expr.span);
                out.push((
                    SelectItem {
                        expr: e,
                        alias: None,
                    },
                    c.clone(),
                ));
            }
        } else {
            out.push((item.clone(), item_name(item, cols)));
        }
    }
    out
}

/// Keeps the first of each set of identical rows, in input order.
fn distinct(t: &Table) -> Table {
    let mut groups = group_rows(t.columns(), t.n_rows());
    groups.sort_by_key(|g| g[0]);
    let firsts: Vec<i64> = groups.iter().map(|g| g[0]).collect();
    t.gather(&firsts)
}

/// `order by`: keys are evaluated over the result columns and, when the result has the
/// source rows, the source columns too (so a query can sort by a column it doesn't select).
fn order(it: &mut Interp, q: &Select, result: Table, source: Option<&Frame>) -> Result<Table> {
    if q.order_by.is_empty() || result.n_rows() < 2 {
        return Ok(result);
    }
    let frame = match source {
        Some(src) if src.n_rows() == result.n_rows() => {
            let mut t = src.table.clone();
            for (name, col) in result.names().iter().zip(result.columns()) {
                t.set_column(name.clone(), col.clone())
                    .map_err(Error::runtime)?;
            }
            src.with_table(t)
        }
        _ => Frame::single(result.clone(), None),
    };
    let n = result.n_rows();
    let mut cols = Vec::with_capacity(q.order_by.len());
    for k in &q.order_by {
        let v = frame.eval(it, &k.expr)?;
        if matches!(v, Value::Scalar(_)) {
            continue;
        }
        cols.push((as_column(v, n, "order by")?, k));
    }
    Ok(result.gather(&order_positions(n, &cols)))
}

/// `top n` → rows `[0, n)`; `top a:b` → rows `[a, b)`.
pub(crate) fn eval_top(it: &mut Interp, top: Option<&Expr>) -> Result<Option<(usize, usize)>> {
    let Some(e) = top else {
        return Ok(None);
    };
    let bad = || Error::type_err("top must be followed by a non-negative integer or a pair a:b");
    match it.eval(e)? {
        Value::Scalar(s) => {
            let n = s.as_i64().filter(|n| *n >= 0).ok_or_else(bad)?;
            Ok(Some((0, n as usize)))
        }
        Value::Pair(p) => {
            let a = p.scalar_at(0).and_then(|s| s.as_i64()).ok_or_else(bad)?;
            let b = p.scalar_at(1).and_then(|s| s.as_i64()).ok_or_else(bad)?;
            Ok(Some((a.max(0) as usize, b.max(0) as usize)))
        }
        _ => Err(bad()),
    }
}

/// `limit n` / `limit offset, n`; a negative n means the last rows.
pub(crate) fn eval_limit(it: &mut Interp, q: &Select) -> Result<Option<(usize, i64)>> {
    let Some(l) = &q.limit else {
        return Ok(None);
    };
    let int = |v: Value| -> Result<i64> {
        v.as_scalar()
            .and_then(|s| s.as_i64())
            .ok_or_else(|| Error::type_err("limit must be an integer"))
    };
    let count = int(it.eval(&l.count)?)?;
    let offset = match &l.offset {
        Some(o) => int(it.eval(o)?)?.max(0) as usize,
        None => 0,
    };
    Ok(Some((offset, count)))
}
