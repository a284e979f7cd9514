//! SQL over in-memory tables: `select`/`exec` (with `group by`, `context by`, `pivot by`),
//! joins, `update`, `delete` and `insert`.
//!
//! A query works on a [`Frame`]: the rows of the `from` table plus the table names usable
//! as qualifiers (`t1.id`). Clauses are evaluated by the ordinary evaluator with the frame's
//! columns bound as variables in an overlay scope, so outside variables stay visible.
//! [`sql_eval`] adds what only SQL has: `count(*)`, sub-queries used as values, and
//! membership when no `in` builtin is registered.

pub(crate) mod dfs;
mod dfs_agg;
mod dfs_groups;
mod dfs_modify;
mod funcs;
mod group;
mod join;
mod modify;
mod naming;
mod order;
mod select;
#[cfg(test)]
mod tests;

use crate::ast::{Arg, BinOp, Delete, Expr, ExprKind, Insert, Name, Select, UnaryOp, Update};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::value::{Scalar, Table, Type, Value, VecData, Vector, NULL_I8};
use rustc_hash::FxHashMap;
use std::sync::Arc;

pub use funcs::register;

/// `select ...` / `exec ...`.
pub fn select(it: &mut Interp, q: &Select) -> Result<Value> {
    select::run(it, q)
}

/// `update t set ...`: updates the table variable in place and returns the new table.
pub fn update(it: &mut Interp, q: &Update) -> Result<Value> {
    modify::update(it, q)
}

/// `delete from t where ...`: removes rows in place and returns the new table.
pub fn delete(it: &mut Interp, q: &Delete) -> Result<Value> {
    modify::delete(it, q)
}

/// `insert into t ...`: appends rows in place and returns the new table.
pub fn insert(it: &mut Interp, q: &Insert) -> Result<Value> {
    modify::insert(it, q)
}

/// The rows a query works on, and the names that qualify its columns.
#[derive(Clone, Debug)]
pub(crate) struct Frame {
    pub table: Table,
    /// Table names and aliases (`t1`, `a`) with, for each, its original column names and
    /// their positions in `table` (a join renames clashing right columns).
    pub sources: Vec<(Name, Vec<(Name, usize)>)>,
}

impl Frame {
    /// A frame over one table, qualified by `name` when it has one.
    pub fn single(table: Table, name: Option<Name>) -> Frame {
        let sources = match name {
            Some(n) => vec![(n, source_cols(&table))],
            None => Vec::new(),
        };
        Frame { table, sources }
    }

    pub fn n_rows(&self) -> usize {
        self.table.n_rows()
    }

    /// The same sources over other rows of the same columns.
    pub fn with_table(&self, table: Table) -> Frame {
        Frame {
            table,
            sources: self.sources.clone(),
        }
    }

    /// Variables for an overlay scope: every column, and every qualifier as a table.
    pub fn bindings(&self) -> FxHashMap<Name, Value> {
        let mut vars = FxHashMap::default();
        for (name, cols) in &self.sources {
            let mut t = Table::new();
            for (col, idx) in cols {
                if let Some(c) = self.table.columns().get(*idx) {
                    // Names come from a valid table, so they are unique.
                    let _ = t.add_column(col.clone(), c.clone());
                }
            }
            vars.insert(name.clone(), Value::table(t));
        }
        for (name, col) in self.table.names().iter().zip(self.table.columns()) {
            vars.insert(name.clone(), Value::Vector(col.clone()));
        }
        vars
    }

    /// Evaluates `e` with this frame's columns bound.
    pub fn eval(&self, it: &mut Interp, e: &Expr) -> Result<Value> {
        let n = self.n_rows();
        it.with_overlay(self.bindings(), |it| sql_eval(it, e, n))
    }

    /// Keeps the rows where `cond` holds (one `where` or `having` condition).
    pub fn filter(&self, it: &mut Interp, cond: &Expr) -> Result<Frame> {
        let v = self.eval(it, cond)?;
        let mask = bool_mask(&v, self.n_rows())?;
        Ok(self.with_table(self.table.filter(&mask)))
    }
}

fn source_cols(t: &Table) -> Vec<(Name, usize)> {
    t.names()
        .iter()
        .cloned()
        .enumerate()
        .map(|(i, n)| (n, i))
        .collect()
}

/// Turns a condition's value into a row mask: a BOOL (or integer) vector of the row count,
/// or a scalar that keeps all rows or none.
pub(crate) fn bool_mask(v: &Value, n: usize) -> Result<Vec<i8>> {
    match v {
        Value::Scalar(s) => Ok(vec![s.truthy() as i8; n]),
        Value::Vector(vec) if vec.len() == n => Ok(match vec.data() {
            VecData::I8(x) => x.iter().map(|&b| (b != 0 && b != NULL_I8) as i8).collect(),
            _ => (0..n)
                .map(|i| vec.scalar_at(i).is_some_and(|s| s.truthy()) as i8)
                .collect(),
        }),
        Value::Vector(vec) => Err(Error::length(format!(
            "The result of the where condition has {} elements, but the table has {n} rows",
            vec.len()
        ))),
        Value::Table(t) if t.n_cols() == 1 => bool_mask(&Value::Vector(t.columns()[0].clone()), n),
        other => Err(Error::type_err(format!(
            "A where condition must be a BOOL scalar or vector, not a {}",
            other.type_str()
        ))),
    }
}

/// Evaluates an expression inside SQL: like [`Interp::eval`], plus `count(*)` (the row
/// count `n`), sub-queries used as values, and `in` when no builtin provides it.
pub(crate) fn sql_eval(it: &mut Interp, e: &Expr, n: usize) -> Result<Value> {
    if !needs_sql(e) {
        return it.eval(e);
    }
    let res = match &e.kind {
        ExprKind::Select(q) => select::run(it, q),
        ExprKind::Call { func, args } if is_count_star(func, args) => Ok(Value::int(n as i32)),
        ExprKind::Call { func, args } => {
            let vals = args
                .iter()
                .map(|a| match &a.value {
                    Some(x) => sql_eval(it, x, n).map(subquery_as_vector),
                    None => Ok(Value::NULL),
                })
                .collect::<Result<Vec<_>>>()?;
            if callee_is(func, "in") && crate::builtins::lookup("in").is_none() {
                if vals.len() != 2 {
                    return Err(Error::arity("The function [in] expects 2 argument(s)"));
                }
                return funcs::membership(&vals[0], &vals[1]);
            }
            let f = it.eval_callee(func)?;
            it.call_at(&f, vals, e.span)
        }
        ExprKind::Binary { op, lhs, rhs } => {
            let a = subquery_as_scalar(sql_eval(it, lhs, n)?);
            let b = subquery_as_scalar(sql_eval(it, rhs, n)?);
            match op {
                BinOp::And | BinOp::Or => funcs::logic(*op, &a, &b),
                _ => crate::kernels::binary(*op, &a, &b),
            }
        }
        ExprKind::Unary { op, expr } => {
            let v = subquery_as_scalar(sql_eval(it, expr, n)?);
            match op {
                UnaryOp::Not => funcs::not(&v),
                UnaryOp::Neg => crate::kernels::unary(*op, &v),
            }
        }
        _ => it.eval(e),
    };
    res.map_err(|err| err.with_span(e.span))
}

/// Whether evaluating `e` needs [`sql_eval`] rather than the plain evaluator.
fn needs_sql(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Select(_) => true,
        ExprKind::Call { func, args } => {
            is_count_star(func, args)
                || (callee_is(func, "in") && crate::builtins::lookup("in").is_none())
                || args.iter().filter_map(|a| a.value.as_ref()).any(needs_sql)
        }
        ExprKind::Binary { op, lhs, rhs } => {
            matches!(op, BinOp::And | BinOp::Or) || needs_sql(lhs) || needs_sql(rhs)
        }
        ExprKind::Unary { op, expr } => *op == UnaryOp::Not || needs_sql(expr),
        _ => false,
    }
}

fn callee_is(func: &Expr, name: &str) -> bool {
    matches!(&func.kind, ExprKind::Ident(n) if n.as_ref() == name)
}

fn is_count_star(func: &Expr, args: &[Arg]) -> bool {
    callee_is(func, "count")
        && args
            .iter()
            .any(|a| matches!(a.value.as_ref().map(|x| &x.kind), Some(ExprKind::Star)))
}

/// A one-column sub-query result used as a value is its column.
fn subquery_as_vector(v: Value) -> Value {
    match &v {
        Value::Table(t) if t.n_cols() == 1 => Value::Vector(t.columns()[0].clone()),
        _ => v,
    }
}

/// A one-cell sub-query result used as an operand is a scalar; one column is a vector.
fn subquery_as_scalar(v: Value) -> Value {
    match &v {
        Value::Table(t) if t.n_cols() == 1 && t.n_rows() == 1 => {
            t.columns()[0].get(0).unwrap_or(Value::NULL)
        }
        _ => subquery_as_vector(v),
    }
}

/// Evaluates a `from`-position expression to a table.
pub(crate) fn expect_table(v: Value, what: &str) -> Result<Table> {
    match v {
        Value::Table(t) => Ok(Arc::try_unwrap(t).unwrap_or_else(|t| (*t).clone())),
        // A DFS table used where no pruning applies (joins, sub-queries) is read whole.
        Value::DfsTable(h) => h.load(&[], &[], None),
        other => Err(Error::type_err(format!(
            "{what} must be a table, but it is {}",
            other.type_str()
        ))),
    }
}

/// Broadcasts a select result to `n` rows: a scalar repeats, a vector must have `n` elements.
pub(crate) fn as_column(v: Value, n: usize, name: &str) -> Result<Arc<Vector>> {
    match v {
        Value::Vector(vec) if vec.len() == n => Ok(vec),
        Value::Vector(vec) => Err(Error::length(format!(
            "The column {name} has {} elements, but the result has {n} rows",
            vec.len()
        ))),
        Value::Scalar(s) => Ok(Arc::new(Vector::repeat(&s, n))),
        Value::Pair(p) if p.len() == n => Ok(p),
        Value::Table(t) if t.n_cols() == 1 => {
            as_column(Value::Vector(t.columns()[0].clone()), n, name)
        }
        other => {
            if n == 1 {
                Ok(Arc::new(Vector::tuple(vec![other])))
            } else {
                Err(Error::type_err(format!(
                    "The column {name} can't hold a {}",
                    other.type_str()
                )))
            }
        }
    }
}

/// A typed NULL column of `n` rows (for outer joins and insert without a column).
pub(crate) fn null_column(ty: Type, n: usize) -> Vector {
    Vector::repeat(&Scalar::null(ty), n)
        .retag(ty)
        .unwrap_or_else(|| Vector::tuple(vec![Value::NULL; n]))
}
