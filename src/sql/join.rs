//! Joins: the `from` clause (tables, sub-queries, `a inner join b on a.id = b.id`) and the
//! join functions `ej`, `sej`, `lj`, `lsj`, `fj`, `aj`, `cj`. Matching hashes the right
//! table's key columns once. Right columns whose names clash with the output are renamed
//! `<rightTable>_<col>` (`t2_x`); a right table without a name uses `right`.

use super::order::{atom, Atom};
use super::{bool_mask, expect_table, Frame};
use crate::ast::{BinOp, Expr, ExprKind, FromItem, JoinKind, Name};
use crate::builtins::{Builtin, Registry};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::value::{Scalar, Table, Value, Vector};
use rustc_hash::FxHashMap;
use std::cmp::Ordering;
use std::sync::Arc;

/// How rows of two tables are matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `ej`: matching pairs, in left-row order.
    Inner,
    /// `sej`: `ej` sorted by the keys.
    InnerSorted,
    /// `lj`: every left row, with every matching right row (NULLs when none).
    Left,
    /// `lsj`: every left row with its first matching right row.
    LeftSemi,
    /// `fj`: `lj` plus the right rows nothing matched.
    Full,
    /// `aj`: the last right row whose last key is <= the left row's (other keys equal).
    Asof,
    /// `cj`: every pair.
    Cross,
}

/// Two small tables for the join examples.
macro_rules! join_example_tables {
    () => {
        "id = 1 2 3; x = 10 20 30; a = table(id, x); id = 3 1 4; y = 7 8 9; b = table(id, y); "
    };
}

pub(crate) fn register(reg: &mut Registry) {
    reg.add(
        Builtin::new(
            "ej(leftTable, rightTable, matchingCols, [rightMatchingCols], [leftFilter], [rightFilter])",
            |it, a| join_fn(it, a, Kind::Inner),
        )
        .doc("Equi join: the rows whose matching columns are equal in both tables.")
        .example(concat!(join_example_tables!(), "ej(a, b, `id)"), "id x  y\n-- -- -\n1  10 8\n3  30 7")
,
    );
    reg.add(
        Builtin::new(
            "sej(leftTable, rightTable, matchingCols, [rightMatchingCols], [leftFilter], [rightFilter])",
            |it, a| join_fn(it, a, Kind::InnerSorted),
        )
        .doc("Equi join sorted by the matching columns.")
        .example(concat!(join_example_tables!(), "sej(a, b, `id)"), "id x  y\n-- -- -\n1  10 8\n3  30 7"),
    );
    reg.add(
        Builtin::new(
            "lj(leftTable, rightTable, matchingCols, [rightMatchingCols], [leftFilter], [rightFilter])",
            |it, a| join_fn(it, a, Kind::Left),
        )
        .doc("Left join: every left row, with NULLs where the right table has no match.")
        .example(concat!(join_example_tables!(), "lj(a, b, `id)"), "id x  y\n-- -- -\n1  10 8\n2  20\n3  30 7"),
    );
    reg.add(
        Builtin::new(
            "lsj(leftTable, rightTable, matchingCols, [rightMatchingCols], [leftFilter], [rightFilter])",
            |it, a| join_fn(it, a, Kind::LeftSemi),
        )
        .doc("Left semi join: every left row with only its first match in the right table.")
        .example(concat!(join_example_tables!(), "lsj(a, b, `id)"), "id x  y\n-- -- -\n1  10 8\n2  20\n3  30 7"),
    );
    reg.add(
        Builtin::new(
            "fj(leftTable, rightTable, matchingCols, [rightMatchingCols])",
            |it, a| join_fn(it, a, Kind::Full),
        )
        .doc("Full join: matched rows plus the unmatched rows of both tables.")
        .example(concat!(join_example_tables!(), "fj(a, b, `id)"), "id x  right_id y\n-- -- -------- -\n1  10 1        8\n2  20\n3  30 3        7\n      4        9"),
    );
    reg.add(
        Builtin::new(
            "aj(leftTable, rightTable, matchingCols, [rightMatchingCols])",
            |it, a| join_fn(it, a, Kind::Asof),
        )
        .doc("Asof join: for each left row, the last right row whose last matching column is not after it.")
        .example(concat!(join_example_tables!(), "aj(a, b, `id)"), "id x  right_id y\n-- -- -------- -\n1  10 1        8\n2  20 1        8\n3  30 3        7"),
    );
    reg.add(
        Builtin::new("cj(leftTable, rightTable)", |it, a| {
            join_fn(it, a, Kind::Cross)
        })
        .doc("Cross join: every combination of a left row and a right row.")
        .example(
            "y = 7 8; x = 1 2; cj(table(x), table(y))",
            "x y\n- -\n1 7\n1 8\n2 7\n2 8",
        ),
    );
}

fn join_fn(_: &mut Interp, args: &[Value], kind: Kind) -> Result<Value> {
    let (t, _) = join_values(args, kind, None, "right")?;
    Ok(Value::table(t))
}

/// Runs a join function on evaluated arguments; returns the table and where each right
/// column went.
fn join_values(
    args: &[Value],
    kind: Kind,
    _left_name: Option<&str>,
    right_name: &str,
) -> Result<(Table, Vec<usize>)> {
    let mut left = expect_table(args[0].clone(), "The left table of a join")?;
    let mut right = expect_table(args[1].clone(), "The right table of a join")?;
    let (lk, rk) = if kind == Kind::Cross {
        (Vec::new(), Vec::new())
    } else {
        let lnames = names_arg(args.get(2))?;
        let rnames = match args.get(3) {
            Some(v) if !v.is_void() => names_arg(Some(v))?,
            _ => lnames.clone(),
        };
        if lnames.len() != rnames.len() {
            return Err(Error::length(
                "matchingCols and rightMatchingCols must have the same number of columns",
            ));
        }
        (positions(&left, &lnames)?, positions(&right, &rnames)?)
    };
    if let Some(f) = args.get(4).filter(|v| !v.is_void()) {
        left = left.filter(&bool_mask(f, left.n_rows())?);
    }
    if let Some(f) = args.get(5).filter(|v| !v.is_void()) {
        right = right.filter(&bool_mask(f, right.n_rows())?);
    }
    join_tables(&left, &right, &lk, &rk, kind, right_name)
}

fn names_arg(v: Option<&Value>) -> Result<Vec<Name>> {
    match v {
        Some(Value::Scalar(Scalar::Str(_, s))) => Ok(vec![Name::from(s.as_ref())]),
        Some(Value::Vector(v)) if v.ty().is_literal() => Ok((0..v.len())
            .filter_map(|i| v.scalar_at(i))
            .filter_map(|s| s.as_str().map(Name::from))
            .collect()),
        _ => Err(Error::type_err(
            "matchingCols must be a STRING scalar or vector of column names",
        )),
    }
}

fn positions(t: &Table, names: &[Name]) -> Result<Vec<usize>> {
    names
        .iter()
        .map(|n| {
            t.col_index(n)
                .ok_or_else(|| Error::not_found(format!("Column {n} does not exist in the table.")))
        })
        .collect()
}

/// Joins two tables on key positions. Returns the joined table and, for each right column,
/// its position in the output (right keys of inner/left joins map to the left keys).
pub(crate) fn join_tables(
    left: &Table,
    right: &Table,
    lk: &[usize],
    rk: &[usize],
    kind: Kind,
    right_name: &str,
) -> Result<(Table, Vec<usize>)> {
    let (mut li, mut ri) = match_rows(left, right, lk, rk, kind);
    if kind == Kind::InnerSorted {
        let keys: Vec<&Vector> = lk.iter().map(|&k| &*left.columns()[k]).collect();
        let mut order: Vec<usize> = (0..li.len()).collect();
        order.sort_by(|&a, &b| {
            for k in &keys {
                let o = super::order::cmp_cells(k, li[a] as usize, li[b] as usize);
                if o != Ordering::Equal {
                    return o;
                }
            }
            Ordering::Equal
        });
        li = order.iter().map(|&i| li[i]).collect();
        ri = order.iter().map(|&i| ri[i]).collect();
    }
    let mut out = left.gather(&li);
    let keep_right_keys = matches!(kind, Kind::Full);
    let mut right_pos = vec![0usize; right.n_cols()];
    for (c, (name, col)) in right.names().iter().zip(right.columns()).enumerate() {
        let key_idx = rk.iter().position(|&k| k == c);
        let asof_key = kind == Kind::Asof && key_idx == Some(rk.len() - 1);
        if let (Some(k), false, false) = (key_idx, keep_right_keys, asof_key) {
            right_pos[c] = lk[k];
            continue;
        }
        let mut out_name = name.clone();
        if out.col_index(&out_name).is_some() {
            out_name = Name::from(format!("{right_name}_{name}"));
        }
        let mut suffix = 1;
        while out.col_index(&out_name).is_some() {
            out_name = Name::from(format!("{right_name}_{name}_{suffix}"));
            suffix += 1;
        }
        right_pos[c] = out.n_cols();
        out.add_column(out_name, Arc::new(col.gather(&ri)))
            .map_err(Error::runtime)?;
    }
    Ok((out, right_pos))
}

/// Pairs of matching (left row, right row); -1 stands for "no row" (NULLs).
fn match_rows(
    left: &Table,
    right: &Table,
    lk: &[usize],
    rk: &[usize],
    kind: Kind,
) -> (Vec<i64>, Vec<i64>) {
    let (nl, nr) = (left.n_rows(), right.n_rows());
    let (mut li, mut ri) = (Vec::new(), Vec::new());
    if kind == Kind::Cross {
        for i in 0..nl {
            for j in 0..nr {
                li.push(i as i64);
                ri.push(j as i64);
            }
        }
        return (li, ri);
    }
    let eq_keys = if kind == Kind::Asof {
        lk.len().saturating_sub(1)
    } else {
        lk.len()
    };
    let key = |t: &Table, cols: &[usize], i: usize| -> Vec<Atom> {
        cols[..eq_keys]
            .iter()
            .map(|&c| atom(&t.columns()[c], i))
            .collect()
    };
    let mut index: FxHashMap<Vec<Atom>, Vec<usize>> = FxHashMap::default();
    for j in 0..nr {
        index.entry(key(right, rk, j)).or_default().push(j);
    }
    if kind == Kind::Asof {
        // The docs require a sorted right table; sorting each key group makes unsorted
        // input give the same answer instead of a wrong one.
        let rcol = &right.columns()[rk[eq_keys]];
        for rows in index.values_mut() {
            rows.sort_by(|&a, &b| super::order::cmp_cells(rcol, a, b));
        }
    }
    let mut matched = vec![false; nr];
    for i in 0..nl {
        let found = index.get(&key(left, lk, i));
        match kind {
            Kind::Asof => {
                let lcol = &left.columns()[lk[eq_keys]];
                let rcol = &right.columns()[rk[eq_keys]];
                let j = found.and_then(|rows| asof(lcol, i, rcol, rows));
                li.push(i as i64);
                ri.push(j.map(|j| j as i64).unwrap_or(-1));
            }
            Kind::LeftSemi => {
                li.push(i as i64);
                ri.push(
                    found
                        .and_then(|r| r.first())
                        .map(|&j| j as i64)
                        .unwrap_or(-1),
                );
            }
            _ => match found {
                Some(rows) => {
                    for &j in rows {
                        li.push(i as i64);
                        ri.push(j as i64);
                        matched[j] = true;
                    }
                }
                None if matches!(kind, Kind::Left | Kind::Full) => {
                    li.push(i as i64);
                    ri.push(-1);
                }
                None => {}
            },
        }
    }
    if kind == Kind::Full {
        for (j, m) in matched.iter().enumerate() {
            if !m {
                li.push(-1);
                ri.push(j as i64);
            }
        }
    }
    (li, ri)
}

/// The last of `rows` (sorted by `rcol`) whose value is <= row `i` of `lcol`.
fn asof(lcol: &Vector, i: usize, rcol: &Vector, rows: &[usize]) -> Option<usize> {
    let target = lcol.scalar_at(i)?;
    if target.is_null() {
        return None;
    }
    let pos = rows.partition_point(|&j| {
        rcol.scalar_at(j)
            .is_some_and(|s| s.total_cmp(&target) != Ordering::Greater)
    });
    (pos > 0).then(|| rows[pos - 1])
}

/// Evaluates a `from` clause to a frame.
pub(crate) fn eval_from(it: &mut Interp, f: &FromItem) -> Result<Frame> {
    match f {
        FromItem::Table { expr, alias } => {
            if let ExprKind::Call { func, args } = &expr.kind {
                if let Some(kind) = join_kind_of(func) {
                    return join_call(it, kind, args, alias.clone());
                }
            }
            let v = it.eval(expr)?;
            let table = expect_table(v, "The object after from")?;
            let name = alias.clone().or_else(|| match &expr.kind {
                ExprKind::Ident(n) => Some(n.clone()),
                _ => None,
            });
            Ok(Frame::single(table, name))
        }
        FromItem::Join {
            kind,
            left,
            right,
            on,
        } => {
            let l = eval_from(it, left)?;
            let r = eval_from(it, right)?;
            let kind = match kind {
                JoinKind::Inner => Kind::Inner,
                JoinKind::Left => Kind::Left,
                JoinKind::LeftSemi => Kind::LeftSemi,
                JoinKind::Full => Kind::Full,
                JoinKind::Cross => Kind::Cross,
            };
            let mut pairs = Vec::new();
            for cond in on {
                on_pairs(cond, &l, &r, &mut pairs)?;
            }
            let (lk, rk): (Vec<usize>, Vec<usize>) = pairs.into_iter().unzip();
            if lk.is_empty() && kind != Kind::Cross {
                return Err(Error::syntax(
                    "A join needs an on condition such as t1.id = t2.id",
                    on.first().map(|c| c.span).unwrap_or_default(),
                ));
            }
            let right_name = r
                .sources
                .first()
                .map(|(n, _)| n.to_string())
                .unwrap_or_else(|| "right".to_string());
            let (table, right_pos) = join_tables(&l.table, &r.table, &lk, &rk, kind, &right_name)?;
            Ok(merge_sources(table, &l, &r, &right_pos))
        }
    }
}

/// The frame of a joined table: left qualifiers unchanged, right ones remapped.
fn merge_sources(table: Table, l: &Frame, r: &Frame, right_pos: &[usize]) -> Frame {
    let mut sources = l.sources.clone();
    for (name, cols) in &r.sources {
        let mapped = cols
            .iter()
            .map(|(c, idx)| (c.clone(), right_pos.get(*idx).copied().unwrap_or(*idx)))
            .collect();
        sources.push((name.clone(), mapped));
    }
    Frame { table, sources }
}

fn join_kind_of(func: &Expr) -> Option<Kind> {
    let ExprKind::Ident(name) = &func.kind else {
        return None;
    };
    Some(match name.as_ref() {
        "ej" => Kind::Inner,
        "sej" => Kind::InnerSorted,
        "lj" => Kind::Left,
        "lsj" => Kind::LeftSemi,
        "fj" => Kind::Full,
        "aj" => Kind::Asof,
        "cj" => Kind::Cross,
        _ => return None,
    })
}

/// `from ej(t1, t2, `id)`: like the builtin, but the tables' variable names name the
/// renamed columns and qualify columns (`t1.value`).
fn join_call(
    it: &mut Interp,
    kind: Kind,
    args: &[crate::ast::Arg],
    alias: Option<Name>,
) -> Result<Frame> {
    if args.len() < 2 {
        return Err(Error::arity("A join function needs at least two tables"));
    }
    let mut frames = Vec::with_capacity(2);
    for a in &args[..2] {
        let e = a
            .value
            .as_ref()
            .ok_or_else(|| Error::arity("A join function needs two tables"))?;
        frames.push(eval_from(
            it,
            &FromItem::Table {
                expr: e.clone(),
                alias: None,
            },
        )?);
    }
    let mut vals = vec![
        Value::table(frames[0].table.clone()),
        Value::table(frames[1].table.clone()),
    ];
    for a in &args[2..] {
        vals.push(match &a.value {
            // Filters refer to the tables' columns (`t1.id == 3`).
            Some(e) => it.eval(e)?,
            None => Value::NULL,
        });
    }
    let right_name = frames[1]
        .sources
        .first()
        .map(|(n, _)| n.to_string())
        .unwrap_or_else(|| "right".to_string());
    let (table, right_pos) = join_values(&vals, kind, None, &right_name)?;
    let mut frame = merge_sources(table, &frames[0], &frames[1], &right_pos);
    if let Some(a) = alias {
        let cols = frame
            .table
            .names()
            .iter()
            .cloned()
            .enumerate()
            .map(|(i, n)| (n, i))
            .collect();
        frame.sources.push((a, cols));
    }
    Ok(frame)
}

/// Collects `(left column, right column)` pairs from `a.x = b.y [and ...]`.
fn on_pairs(cond: &Expr, l: &Frame, r: &Frame, out: &mut Vec<(usize, usize)>) -> Result<()> {
    match &cond.kind {
        ExprKind::Binary {
            op: BinOp::And,
            lhs,
            rhs,
        } => {
            on_pairs(lhs, l, r, out)?;
            on_pairs(rhs, l, r, out)
        }
        ExprKind::Binary {
            op: BinOp::Eq,
            lhs,
            rhs,
        } => {
            let a = column_ref(lhs);
            let b = column_ref(rhs);
            let (Some(a), Some(b)) = (a, b) else {
                return Err(unsupported_on(cond));
            };
            if let (Some(x), Some(y)) = (resolve(l, &a), resolve(r, &b)) {
                out.push((x, y));
                return Ok(());
            }
            if let (Some(x), Some(y)) = (resolve(l, &b), resolve(r, &a)) {
                out.push((x, y));
                return Ok(());
            }
            Err(Error::not_found(format!(
                "The join condition columns {} and {} were not found in the joined tables",
                a.1, b.1
            ))
            .with_span(cond.span))
        }
        _ => Err(unsupported_on(cond)),
    }
}

fn unsupported_on(cond: &Expr) -> Error {
    Error::syntax(
        "Only equality conditions between columns (t1.a = t2.b) joined by and are supported in on",
        cond.span,
    )
}

/// `t.col` or `col` as (qualifier, column).
fn column_ref(e: &Expr) -> Option<(Option<Name>, Name)> {
    match &e.kind {
        ExprKind::Member { target, name } => match &target.kind {
            ExprKind::Ident(q) => Some((Some(q.clone()), name.clone())),
            _ => None,
        },
        ExprKind::Ident(n) => Some((None, n.clone())),
        _ => None,
    }
}

/// The position of a (qualified) column in a frame's table.
fn resolve(f: &Frame, (qual, col): &(Option<Name>, Name)) -> Option<usize> {
    match qual {
        Some(q) => {
            let (_, cols) = f.sources.iter().find(|(n, _)| n.as_ref() == q.as_ref())?;
            cols.iter()
                .find(|(c, _)| c.eq_ignore_ascii_case(col))
                .map(|(_, i)| *i)
        }
        None => f.table.col_index(col),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::display::display;

    fn t(cols: Vec<(&str, Vector)>) -> Table {
        let mut t = Table::new();
        for (n, c) in cols {
            t.add_column(Name::from(n), Arc::new(c))
                .expect("valid test table");
        }
        t
    }

    fn sample() -> (Table, Table) {
        let t1 = t(vec![
            ("id", Vector::ints(vec![1, 2, 3, 3])),
            ("value", Vector::doubles(vec![7.8, 4.6, 5.1, 0.1])),
        ]);
        let t2 = t(vec![
            ("id", Vector::ints(vec![5, 3, 1])),
            ("qty", Vector::ints(vec![300, 500, 800])),
        ]);
        (t1, t2)
    }

    #[test]
    fn equi_join_keeps_left_order() {
        let (t1, t2) = sample();
        let (j, _) = join_tables(&t1, &t2, &[0], &[0], Kind::Inner, "t2").expect("join");
        assert_eq!(
            display(&Value::table(j)),
            "id value qty\n-- ----- ---\n1  7.8   800\n3  5.1   500\n3  0.1   500"
        );
    }

    #[test]
    fn full_join_keeps_right_key_as_prefixed_column() {
        let (t1, t2) = sample();
        let (j, _) = join_tables(&t1, &t2, &[0], &[0], Kind::Full, "t2").expect("join");
        assert_eq!(
            j.names().iter().map(|n| n.to_string()).collect::<Vec<_>>(),
            vec!["id", "value", "t2_id", "qty"]
        );
        assert_eq!(j.n_rows(), 5);
        assert!(j.columns()[0].is_null_at(4));
    }

    #[test]
    fn left_join_fills_nulls_and_asof_takes_last_before() {
        let (t1, t2) = sample();
        let (j, _) = join_tables(&t1, &t2, &[0], &[0], Kind::Left, "t2").expect("join");
        assert!(j.columns()[2].is_null_at(1));
        let l = t(vec![("time", Vector::ints(vec![1, 5, 10]))]);
        let r = t(vec![
            ("time", Vector::ints(vec![2, 4, 8])),
            ("p", Vector::ints(vec![20, 40, 80])),
        ]);
        let (a, _) = join_tables(&l, &r, &[0], &[0], Kind::Asof, "r").expect("aj");
        assert_eq!(display(&Value::Vector(a.columns()[2].clone())), "[,40,80]");
    }
}
