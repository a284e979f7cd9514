//! `group by`, `context by` and `pivot by`: rows are grouped by hashing the key columns once,
//! each group's rows are gathered into a sub-frame, and the select list is evaluated per
//! group with the group's column slices bound.

use super::naming::{dedupe, item_name};
use super::order::{atom, cmp_cells, order_positions, Atom};
use super::{as_column, bool_mask, Frame};
use crate::ast::{Expr, ExprKind, Name, OrderItem, Select, SelectItem};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::value::{vector_from_values, Matrix, Table, Value, VecData, Vector};
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// Row positions of each group, in input order; groups in order of first appearance.
pub(crate) fn group_rows(keys: &[Arc<Vector>], n: usize) -> Vec<Vec<i64>> {
    let mut groups: Vec<Vec<i64>> = Vec::new();
    let push = |gid: usize, i: usize, groups: &mut Vec<Vec<i64>>| {
        if gid == groups.len() {
            groups.push(Vec::new());
        }
        groups[gid].push(i as i64);
    };
    if keys.len() == 1 {
        // Typed fast paths for the common single-key cases.
        match keys[0].data() {
            VecData::I32(x) => {
                let mut ids: FxHashMap<i32, usize> = FxHashMap::default();
                for (i, k) in x.iter().enumerate() {
                    let next = ids.len();
                    let gid = *ids.entry(*k).or_insert(next);
                    push(gid, i, &mut groups);
                }
                return groups;
            }
            VecData::I64(x) => {
                let mut ids: FxHashMap<i64, usize> = FxHashMap::default();
                for (i, k) in x.iter().enumerate() {
                    let next = ids.len();
                    let gid = *ids.entry(*k).or_insert(next);
                    push(gid, i, &mut groups);
                }
                return groups;
            }
            VecData::Str(x) => {
                let mut ids: FxHashMap<&str, usize> = FxHashMap::default();
                for (i, k) in x.iter().enumerate() {
                    let next = ids.len();
                    let gid = *ids.entry(k.as_ref()).or_insert(next);
                    push(gid, i, &mut groups);
                }
                return groups;
            }
            _ => {}
        }
    }
    let mut ids: FxHashMap<Vec<Atom>, usize> = FxHashMap::default();
    for i in 0..n {
        let key: Vec<Atom> = keys.iter().map(|k| atom(k, i)).collect();
        let next = ids.len();
        let gid = *ids.entry(key).or_insert(next);
        push(gid, i, &mut groups);
    }
    groups
}

/// Orders groups by their key values (ascending, NULLs first), as DolphinDB outputs them.
pub(crate) fn sort_groups(groups: &mut [Vec<i64>], keys: &[Arc<Vector>]) {
    groups.sort_by(|a, b| {
        let (i, j) = (a[0] as usize, b[0] as usize);
        for k in keys {
            let ord = cmp_cells(k, i, j);
            if ord != std::cmp::Ordering::Equal {
                return ord;
            }
        }
        std::cmp::Ordering::Equal
    });
}

/// Evaluates grouping keys over the frame: their columns and output names.
fn eval_keys(
    it: &mut Interp,
    frame: &Frame,
    keys: &[SelectItem],
) -> Result<(Vec<Arc<Vector>>, Vec<Name>)> {
    let n = frame.n_rows();
    let mut cols = Vec::with_capacity(keys.len());
    let mut names = Vec::with_capacity(keys.len());
    for k in keys {
        let name = item_name(k, frame.table.names());
        let v = frame.eval(it, &k.expr)?;
        cols.push(as_column(v, n, &name)?);
        names.push(name);
    }
    Ok((cols, names))
}

/// `group by`: one row per group (after `having`), key columns first, ordered by key.
pub(crate) fn group_by(
    it: &mut Interp,
    frame: &Frame,
    q: &Select,
    keys: &[SelectItem],
) -> Result<(Table, bool)> {
    let (key_cols, key_names) = eval_keys(it, frame, keys)?;
    let mut groups = group_rows(&key_cols, frame.n_rows());
    sort_groups(&mut groups, &key_cols);
    let items = expand_items(q, frame, &key_names);
    let mut item_vals: Vec<Vec<crate::value::Value>> = vec![Vec::new(); items.len()];
    let mut kept: Vec<i64> = Vec::new();
    'groups: for rows in &groups {
        let sub = frame.with_table(frame.table.gather(rows));
        for cond in &q.having {
            let v = sub.eval(it, cond)?;
            if bool_mask(&v, 1)?.first().is_none_or(|b| *b == 0) {
                continue 'groups;
            }
        }
        for (slot, (item, name)) in item_vals.iter_mut().zip(&items) {
            slot.push(aggregate_value(sub.eval(it, &item.expr)?, name)?);
        }
        kept.push(rows[0]);
    }
    let mut names: Vec<Name> = key_names.clone();
    let mut cols: Vec<Arc<Vector>> = key_cols.iter().map(|k| Arc::new(k.gather(&kept))).collect();
    for ((_, name), vals) in items.iter().zip(item_vals) {
        names.push(name.clone());
        cols.push(Arc::new(typed_vector(vals, frame, name)));
    }
    dedupe(&mut names);
    let t = Table::from_columns(names, cols).map_err(Error::runtime)?;
    Ok((t, false))
}

/// `context by`: per-group results of the group's length (scalars broadcast), groups in key
/// order; `csort`, `having`, `top` and `limit` apply within each group.
pub(crate) fn context_by(
    it: &mut Interp,
    frame: &Frame,
    q: &Select,
    keys: &[SelectItem],
    top: Option<(usize, usize)>,
    limit: Option<i64>,
) -> Result<Table> {
    let (key_cols, _) = eval_keys(it, frame, keys)?;
    let mut groups = group_rows(&key_cols, frame.n_rows());
    sort_groups(&mut groups, &key_cols);
    let items = expand_items(q, frame, &[]);
    let mut parts: Vec<Vec<Arc<Vector>>> = vec![Vec::new(); items.len()];
    for rows in &mut groups {
        let mut sub = frame.with_table(frame.table.gather(rows));
        if !q.csort.is_empty() {
            sub = csort(it, &sub, &q.csort)?;
        }
        let mut drop_group = false;
        for cond in &q.having {
            let v = sub.eval(it, cond)?;
            match v {
                Value::Scalar(s) => drop_group |= !s.truthy(),
                other => {
                    let mask = bool_mask(&other, sub.n_rows())?;
                    sub = sub.with_table(sub.table.filter(&mask));
                }
            }
        }
        if drop_group {
            continue;
        }
        let g = sub.n_rows();
        let mut cols = Vec::with_capacity(items.len());
        for (item, name) in &items {
            cols.push(as_column(sub.eval(it, &item.expr)?, g, name)?);
        }
        let (start, end) = window(g, top, limit);
        for (slot, c) in parts.iter_mut().zip(cols) {
            slot.push(if start == 0 && end == g {
                c
            } else {
                Arc::new(c.slice(start, end))
            });
        }
    }
    let mut names: Vec<Name> = items.iter().map(|(_, n)| n.clone()).collect();
    dedupe(&mut names);
    let cols = parts
        .into_iter()
        .map(|p| Arc::new(concat(p)))
        .collect::<Vec<_>>();
    Table::from_columns(names, cols).map_err(Error::runtime)
}

/// Rows `[start, end)` of a group of `g` rows kept by `top a:b` / `top n` and `limit n` /
/// `limit -n` (the last n rows).
fn window(g: usize, top: Option<(usize, usize)>, limit: Option<i64>) -> (usize, usize) {
    let (mut start, mut end) = (0, g);
    if let Some((a, b)) = top {
        start = a.min(g);
        end = b.min(g).max(start);
    }
    if let Some(l) = limit {
        let len = end - start;
        if l >= 0 {
            end = start + (l as usize).min(len);
        } else {
            start = end - (l.unsigned_abs() as usize).min(len);
        }
    }
    (start, end)
}

/// `pivot by r..., c`: one row per distinct row key, one column per distinct value of the
/// last key; a cell holds the select expression over its rows (the last value when several).
pub(crate) fn pivot_by(
    it: &mut Interp,
    frame: &Frame,
    q: &Select,
    keys: &[SelectItem],
) -> Result<Value> {
    if keys.len() < 2 {
        return Err(Error::syntax(
            "pivot by needs at least two columns",
            q.columns.first().map(|c| c.expr.span).unwrap_or_default(),
        ));
    }
    let (key_cols, key_names) = eval_keys(it, frame, keys)?;
    let n = frame.n_rows();
    let (row_keys, col_key) = key_cols.split_at(key_cols.len() - 1);
    let mut row_groups = group_rows(row_keys, n);
    sort_groups(&mut row_groups, row_keys);
    let mut col_groups = group_rows(col_key, n);
    sort_groups(&mut col_groups, col_key);
    let mut row_of = vec![0usize; n];
    for (g, rows) in row_groups.iter().enumerate() {
        for &r in rows {
            row_of[r as usize] = g;
        }
    }
    let items = expand_items(q, frame, &key_names);
    let (nr, nc) = (row_groups.len(), col_groups.len());
    let mut cells: Vec<Vec<Value>> = vec![vec![Value::NULL; nr * nc]; items.len()];
    for (c, col_rows) in col_groups.iter().enumerate() {
        // Split the column group by row group, keeping input order inside each cell.
        let mut by_row: FxHashMap<usize, Vec<i64>> = FxHashMap::default();
        for &r in col_rows {
            by_row.entry(row_of[r as usize]).or_default().push(r);
        }
        for (r, rows) in by_row {
            let sub = frame.with_table(frame.table.gather(&rows));
            for (k, (item, _)) in items.iter().enumerate() {
                let v = match sub.eval(it, &item.expr)? {
                    Value::Vector(v) if !v.is_empty() => v.get(v.len() - 1).unwrap_or(Value::NULL),
                    other => other,
                };
                cells[k][c * nr + r] = v;
            }
        }
    }
    let firsts: Vec<i64> = row_groups.iter().map(|g| g[0]).collect();
    let col_firsts: Vec<i64> = col_groups.iter().map(|g| g[0]).collect();
    let col_labels = col_key[0].gather(&col_firsts);
    if q.exec {
        let data = typed_vector(cells.swap_remove(0), frame, "pivot");
        let mut m = Matrix::new(data, nr, nc).map_err(Error::runtime)?;
        m.row_labels = Some(Arc::new(row_keys[0].gather(&firsts)));
        m.col_labels = Some(Arc::new(col_labels));
        return Ok(Value::Matrix(Arc::new(m)));
    }
    let mut names: Vec<Name> = key_names[..key_names.len() - 1].to_vec();
    let mut cols: Vec<Arc<Vector>> = row_keys
        .iter()
        .map(|k| Arc::new(k.gather(&firsts)))
        .collect();
    for c in 0..nc {
        let label = col_labels
            .get(c)
            .map(|v| label_text(&v))
            .unwrap_or_default();
        for (k, (_, item_name)) in items.iter().enumerate() {
            let name = if items.len() == 1 {
                label.clone()
            } else {
                format!("{item_name}_{label}")
            };
            names.push(Name::from(name));
            let vals = cells[k][c * nr..(c + 1) * nr].to_vec();
            cols.push(Arc::new(typed_vector(vals, frame, item_name)));
        }
    }
    dedupe(&mut names);
    let t = Table::from_columns(names, cols).map_err(Error::runtime)?;
    Ok(Value::table(t))
}

/// Sorts a group's rows by the `csort` keys.
fn csort(it: &mut Interp, sub: &Frame, keys: &[OrderItem]) -> Result<Frame> {
    let g = sub.n_rows();
    let mut cols = Vec::with_capacity(keys.len());
    for k in keys {
        cols.push((as_column(sub.eval(it, &k.expr)?, g, "csort")?, k));
    }
    Ok(sub.with_table(sub.table.gather(&order_positions(g, &cols))))
}

/// The select items with `*` expanded to the frame's columns, each with its output name.
/// Under `group by`, plain references to a key column are dropped: the key is output first.
fn expand_items(q: &Select, frame: &Frame, key_names: &[Name]) -> Vec<(SelectItem, Name)> {
    let cols = frame.table.names();
    let mut out = Vec::new();
    for item in &q.columns {
        if matches!(item.expr.kind, ExprKind::Star) {
            for c in cols {
                if key_names.iter().any(|k| k.eq_ignore_ascii_case(c)) {
                    continue;
                }
                let e = Expr::new(ExprKind::Ident(c.clone()), item.expr.span);
                out.push((
                    SelectItem {
                        expr: e,
                        alias: None,
                    },
                    c.clone(),
                ));
            }
            continue;
        }
        let name = item_name(item, cols);
        let is_key_ref = matches!(&item.expr.kind, ExprKind::Ident(n) if key_names.iter().any(|k| k.eq_ignore_ascii_case(n)))
            && key_names.iter().any(|k| k.eq_ignore_ascii_case(&name));
        if !is_key_ref {
            out.push((item.clone(), name));
        }
    }
    out
}

/// A group's value of an aggregate select item: a scalar (one-element vectors unwrap).
fn aggregate_value(v: Value, name: &str) -> Result<Value> {
    match v {
        Value::Vector(vec) if vec.len() == 1 => Ok(vec.get(0).unwrap_or(Value::NULL)),
        Value::Vector(vec) => Err(Error::runtime(format!(
            "The column {name} must be an aggregate under group by, but it returned {} values for one group",
            vec.len()
        ))),
        other => Ok(other),
    }
}

/// Builds one typed column from per-group values.
fn typed_vector(vals: Vec<Value>, _frame: &Frame, _name: &str) -> Vector {
    vector_from_values(vals)
}

/// Concatenates per-group column parts; parts of different layouts become one vector by
/// value (the types of a column can differ only when a group's result was all NULL).
fn concat(parts: Vec<Arc<Vector>>) -> Vector {
    let mut iter = parts.into_iter();
    let Some(first) = iter.next() else {
        return Vector::tuple(Vec::new());
    };
    let mut acc = Arc::try_unwrap(first).unwrap_or_else(|v| (*v).clone());
    let rest: Vec<Arc<Vector>> = iter.collect();
    if rest.iter().all(|p| p.ty() == acc.ty()) {
        for p in &rest {
            acc.extend_from(p);
        }
        return acc;
    }
    let mut vals: Vec<Value> = acc.iter_values().collect();
    for p in &rest {
        vals.extend(p.iter_values());
    }
    vector_from_values(vals)
}

/// The text of a pivot column label.
fn label_text(v: &Value) -> String {
    match v {
        Value::Scalar(crate::value::Scalar::Str(_, s)) => s.to_string(),
        other => crate::display::display(other),
    }
}
