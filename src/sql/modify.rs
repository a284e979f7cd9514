//! `update`, `delete` and `insert into`: compute the new table and assign it back to the
//! table's variable (in place, as DolphinDB does for in-memory tables). Like DolphinDB's
//! console, the statements themselves display nothing (they return VOID).

use super::group::{group_rows, sort_groups};
use super::{as_column, bool_mask, expect_table, null_column, select, Frame};
use crate::ast::{Delete, Expr, ExprKind, Insert, InsertSource, Name, Update};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::value::{Scalar, Table, Type, Value, Vector};
use std::sync::Arc;

pub(crate) fn update(it: &mut Interp, u: &Update) -> Result<Value> {
    if u.from.is_some() {
        return Err(Error::runtime(
            "update with a from clause (join) is not supported yet",
        ));
    }
    if let Value::DfsTable(h) = it.eval(&u.table)? {
        super::dfs_modify::update(it, &h, u)?;
        return Ok(Value::NULL);
    }
    let table = target_table(it, &u.table)?;
    let frame = Frame::single(table, table_name(&u.table));
    let table = match update_frame(it, frame, u)? {
        Ok(t) | Err(t) => t,
    };
    it.assign_to(&u.table, Value::table(table))?;
    Ok(Value::NULL)
}

/// Applies an update's `set` clauses to the rows of `frame` its `where` keeps. Returns
/// `Ok(new table)`, or `Err(unchanged table)` when no row was selected.
pub(crate) fn update_frame(
    it: &mut Interp,
    frame: Frame,
    u: &Update,
) -> Result<std::result::Result<Table, Table>> {
    let rows = selected_rows(it, &frame, &u.where_)?;
    if rows.is_empty() && frame.n_rows() > 0 {
        return Ok(Err(frame.table));
    }
    let all = rows.len() == frame.n_rows();
    let sub = if all {
        frame.clone()
    } else {
        frame.with_table(frame.table.gather(&rows))
    };
    // Every set expression sees the table as it was before the update.
    let mut new_cols: Vec<(Name, Arc<Vector>)> = Vec::with_capacity(u.sets.len());
    for (name, e) in &u.sets {
        let col = if u.context_by.is_empty() {
            as_column(sub.eval(it, e)?, sub.n_rows(), name)?
        } else {
            per_group(it, &sub, &u.context_by, e, name)?
        };
        new_cols.push((name.clone(), col));
    }
    let mut table = frame.table;
    for (name, col) in new_cols {
        let merged = if all {
            col
        } else {
            let base = match table.column(&name) {
                Some(c) => c.clone(),
                None => Arc::new(null_column(col.ty(), table.n_rows())),
            };
            Arc::new(scatter(&base, &rows, &col)?)
        };
        table.set_column(name, merged).map_err(Error::runtime)?;
    }
    Ok(Ok(table))
}

pub(crate) fn delete(it: &mut Interp, d: &Delete) -> Result<Value> {
    if let Value::DfsTable(h) = it.eval(&d.table)? {
        super::dfs_modify::delete(it, &h, d)?;
        return Ok(Value::NULL);
    }
    let table = target_table(it, &d.table)?;
    let frame = Frame::single(table, table_name(&d.table));
    let (remaining, _) = delete_frame(it, frame, &d.where_)?;
    it.assign_to(&d.table, Value::table(remaining))?;
    Ok(Value::NULL)
}

/// The rows of `frame` that a delete's `where` conditions don't select, and how many
/// were removed.
pub(crate) fn delete_frame(
    it: &mut Interp,
    frame: Frame,
    where_: &[Expr],
) -> Result<(Table, usize)> {
    let n = frame.n_rows();
    let rows = selected_rows(it, &frame, where_)?;
    let removed = rows.len();
    let mut keep = vec![1i8; n];
    for r in rows {
        keep[r as usize] = 0;
    }
    Ok((frame.table.filter(&keep), removed))
}

pub(crate) fn insert(it: &mut Interp, q: &Insert) -> Result<Value> {
    let mut table = target_table(it, &q.table)?;
    let targets: Vec<usize> = match &q.columns {
        Some(cols) => cols
            .iter()
            .map(|c| table.col_index(c).ok_or_else(|| missing_column(c)))
            .collect::<Result<_>>()?,
        None => (0..table.n_cols()).collect(),
    };
    let batches: Vec<Vec<Value>> = match &q.source {
        InsertSource::Values(rows) => {
            let mut out = Vec::with_capacity(rows.len());
            for row in rows {
                out.push(row.iter().map(|e| it.eval(e)).collect::<Result<Vec<_>>>()?);
            }
            out
        }
        InsertSource::Select(s) => match select::run(it, s)? {
            Value::Table(t) => vec![t
                .columns()
                .iter()
                .map(|c| Value::Vector(c.clone()))
                .collect()],
            other => vec![vec![other]],
        },
    };
    for vals in batches {
        if vals.len() != targets.len() {
            return Err(Error::length(format!(
                "The number of values ({}) doesn't match the number of columns ({})",
                vals.len(),
                targets.len()
            )));
        }
        let n = vals.iter().map(|v| v.size()).max().unwrap_or(0);
        let n = if vals.iter().all(|v| matches!(v, Value::Scalar(_))) {
            1
        } else {
            n
        };
        let mut cols: Vec<Arc<Vector>> = table.columns().to_vec();
        let mut given = vec![false; cols.len()];
        for (&c, v) in targets.iter().zip(vals) {
            let name = table.names()[c].clone();
            let piece = conform(as_column(v, n, &name)?.as_ref().clone(), cols[c].ty())?;
            append(&mut cols[c], &piece)?;
            given[c] = true;
        }
        for (c, col) in cols.iter_mut().enumerate() {
            if !given[c] {
                let ty = col.ty();
                append(col, &null_column(ty, n))?;
            }
        }
        table = Table::from_columns(table.names().to_vec(), cols).map_err(Error::runtime)?;
    }
    it.assign_to(&q.table, Value::table(table))?;
    Ok(Value::NULL)
}

fn missing_column(name: &str) -> Error {
    Error::not_found(format!("Column {name} does not exist in the table."))
}

/// The table a modification statement targets.
fn target_table(it: &mut Interp, e: &Expr) -> Result<Table> {
    let v = it.eval(e)?;
    expect_table(v, "The target of the statement")
}

pub(crate) fn table_name(e: &Expr) -> Option<Name> {
    match &e.kind {
        ExprKind::Ident(n) => Some(n.clone()),
        _ => None,
    }
}

/// Positions of the rows all `where` conditions keep (conditions apply in order).
fn selected_rows(it: &mut Interp, frame: &Frame, conds: &[Expr]) -> Result<Vec<i64>> {
    let mut rows: Vec<i64> = (0..frame.n_rows() as i64).collect();
    for cond in conds {
        let sub = frame.with_table(frame.table.gather(&rows));
        let mask = bool_mask(&sub.eval(it, cond)?, rows.len())?;
        rows = rows
            .into_iter()
            .zip(mask)
            .filter(|(_, m)| *m != 0)
            .map(|(r, _)| r)
            .collect();
    }
    Ok(rows)
}

/// `update ... context by k`: the expression evaluated per group, back in row order.
fn per_group(
    it: &mut Interp,
    sub: &Frame,
    keys: &[Expr],
    e: &Expr,
    name: &str,
) -> Result<Arc<Vector>> {
    let n = sub.n_rows();
    let mut key_cols = Vec::with_capacity(keys.len());
    for k in keys {
        key_cols.push(as_column(sub.eval(it, k)?, n, "context by")?);
    }
    let mut groups = group_rows(&key_cols, n);
    sort_groups(&mut groups, &key_cols);
    let mut out: Option<Vector> = None;
    for rows in &groups {
        let g = sub.with_table(sub.table.gather(rows));
        let col = as_column(g.eval(it, e)?, rows.len(), name)?;
        let acc = out.get_or_insert_with(|| null_column(col.ty(), n));
        let converted = conform(col.as_ref().clone(), acc.ty())?;
        *acc = scatter(acc, rows, &converted)?;
    }
    Ok(Arc::new(out.unwrap_or_else(|| Vector::empty(Type::Any))))
}

/// `base` with `rows` replaced by `vals` (converted to `base`'s type).
fn scatter(base: &Vector, rows: &[i64], vals: &Vector) -> Result<Vector> {
    let vals = conform(vals.clone(), base.ty())?;
    let mut out = base.clone();
    for (k, &r) in rows.iter().enumerate() {
        let s = vals.scalar_at(k).unwrap_or(Scalar::Void);
        let s = if s.is_null() {
            Scalar::null(out.ty())
        } else {
            s
        };
        if !out.set_scalar(r as usize, &s) {
            return Err(incompatible(out.ty(), vals.ty()));
        }
    }
    Ok(out)
}

/// Converts a vector to a column's type: same type as is, same layout of a compatible
/// family re-tagged, otherwise through the cast kernel; literal and non-literal types don't
/// mix (DolphinDB's "Incompatible type" error).
pub(crate) fn conform(v: Vector, ty: Type) -> Result<Vector> {
    if v.ty() == ty || ty == Type::Any {
        return Ok(v);
    }
    if v.ty() == Type::Any && (0..v.len()).all(|i| v.is_null_at(i)) {
        return Ok(null_column(ty, v.len()));
    }
    if v.ty().is_literal() != ty.is_literal() {
        return Err(incompatible(ty, v.ty()));
    }
    if v.ty().is_literal() && ty.is_literal() {
        let src = v.ty();
        return v.retag(ty).ok_or_else(|| incompatible(ty, src));
    }
    let src = v.ty();
    match crate::kernels::cast(&Value::vector(v), ty)? {
        Value::Vector(c) if c.ty() == ty => Ok(Arc::try_unwrap(c).unwrap_or_else(|c| (*c).clone())),
        _ => Err(incompatible(ty, src)),
    }
}

fn incompatible(expected: Type, actual: Type) -> Error {
    Error::type_err(format!(
        "Incompatible type. Expected: {}, Actual: {}",
        expected.name(),
        actual.name()
    ))
}

fn append(col: &mut Arc<Vector>, piece: &Vector) -> Result<()> {
    let ty = col.ty();
    if !Arc::make_mut(col).extend_from(piece) {
        return Err(incompatible(ty, piece.ty()));
    }
    Ok(())
}
