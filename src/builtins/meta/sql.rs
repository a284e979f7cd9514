//! Metacode for SQL: `sqlCol`, `sqlColAlias` and `sql` build column expressions, aliases and
//! select/exec queries; the `as` pseudo-call that represents an alias lives here.

use super::{arg, code, node, to_expr};
use crate::ast::{Expr, ExprKind, FromItem, Grouping, Limit, Name, OrderItem, Select, SelectItem};
use crate::builtins::args::{bool_arg, int_arg, str_arg, strings_arg};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::value::{Scalar, Value, Vector};
use std::sync::Arc;
/// Wraps an expression as the select item `e as alias`.
pub fn make_alias(e: Expr, alias: &str) -> Expr {
    node(ExprKind::Call {
        func: Box::new(node(ExprKind::Ident(Name::from("as")))),
        args: vec![arg(e), arg(node(ExprKind::Const(Value::string(alias))))],
    })
}

/// Splits `e as alias` (built by [`make_alias`]) into the expression and its alias.
pub fn split_alias(e: &Expr) -> (Expr, Option<Name>) {
    if let ExprKind::Call { func, args } = &e.kind {
        if let (ExprKind::Ident(f), [a, b]) = (&func.kind, args.as_slice()) {
            if f.as_ref() == "as" {
                if let (
                    Some(inner),
                    Some(Expr {
                        kind: ExprKind::Const(Value::Scalar(Scalar::Str(_, n))),
                        ..
                    }),
                ) = (&a.value, &b.value)
                {
                    return (inner.clone(), Some(n.clone()));
                }
            }
        }
    }
    (e.clone(), None)
}

/// The column name SQL gives an unaliased expression: `x` for a column, `avg_x` for
/// `avg(x)`, the member name for `t.x`.
pub fn default_col_name(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Ident(n) => n.to_string(),
        ExprKind::Member { name, .. } => name.to_string(),
        ExprKind::Call { func, args } => {
            let mut parts = vec![default_col_name(func)];
            for a in args {
                if let Some(v) = &a.value {
                    if matches!(
                        v.kind,
                        ExprKind::Ident(_) | ExprKind::Member { .. } | ExprKind::Call { .. }
                    ) {
                        parts.push(default_col_name(v));
                    }
                }
            }
            parts.join("_")
        }
        ExprKind::Const(v) => crate::display::display(v),
        _ => "col".to_string(),
    }
}

/// One column expression for `sqlCol`.
fn column(name: &str, func: Option<&Value>, alias: Option<&str>, qualifier: Option<&str>) -> Expr {
    let mut e = if name == "*" {
        node(ExprKind::Star)
    } else {
        match qualifier {
            Some(q) => node(ExprKind::Member {
                target: Box::new(node(ExprKind::Ident(Name::from(q)))),
                name: Name::from(name),
            }),
            None => node(ExprKind::Ident(Name::from(name))),
        }
    };
    if let Some(f) = func {
        e = node(ExprKind::Call {
            func: Box::new(to_expr(f)),
            args: vec![arg(e)],
        });
    }
    match alias {
        Some(a) => make_alias(e, a),
        None => e,
    }
}

fn given(args: &[Value], i: usize) -> Option<&Value> {
    args.get(i).filter(|v| !v.is_void())
}

pub(super) fn sql_col(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let names = strings_arg("sqlCol", "colName", &args[0])?;
    let func = given(args, 1);
    if let Some(f) = func {
        if !matches!(f, Value::Function(_)) {
            return Err(Error::type_err(format!(
                "[sqlCol] func must be a function, not {}",
                f.type_str()
            )));
        }
    }
    let aliases = match given(args, 2) {
        Some(a) => Some(strings_arg("sqlCol", "alias", a)?),
        None => None,
    };
    let qualifier = match given(args, 3) {
        Some(q) => Some(str_arg("sqlCol", "qualifier", q)?),
        None => None,
    };
    if let Some(a) = &aliases {
        if a.len() != names.len() {
            return Err(Error::length(
                "[sqlCol] alias must have as many names as colName",
            ));
        }
    }
    let make = |i: usize, n: &str| {
        let alias = aliases.as_ref().and_then(|a| a.get(i)).map(|s| s.as_ref());
        code(column(n, func, alias, qualifier.as_deref()))
    };
    match &args[0] {
        Value::Scalar(_) => Ok(make(0, names.first().map(|s| s.as_ref()).unwrap_or(""))),
        _ => Ok(Value::vector(Vector::tuple(
            names.iter().enumerate().map(|(i, n)| make(i, n)).collect(),
        ))),
    }
}

/// Metacode items of a CODE scalar or a tuple of CODE (NULL gives none).
fn code_list(func: &str, param: &str, v: Option<&Value>) -> Result<Vec<Expr>> {
    match v {
        None | Some(Value::Scalar(Scalar::Void)) => Ok(Vec::new()),
        Some(Value::Code(e)) => Ok(vec![(**e).clone()]),
        Some(Value::Vector(t)) if t.is_tuple() => t
            .iter_values()
            .map(|x| match x {
                Value::Code(e) => Ok((*e).clone()),
                other => Err(Error::type_err(format!(
                    "[{func}] The elements of {param} must be metacode, not {}",
                    other.type_str()
                ))),
            })
            .collect(),
        Some(other) => Err(Error::type_err(format!(
            "[{func}] {param} must be metacode or a tuple of metacode, not {}",
            other.type_str()
        ))),
    }
}

pub(super) fn sql_col_alias(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let defs = code_list("sqlColAlias", "colDefs", args.first())?;
    let names = match given(args, 1) {
        Some(n) => strings_arg("sqlColAlias", "colNames", n)?,
        None => defs
            .iter()
            .map(|d| Arc::from(default_col_name(&split_alias(d).0)))
            .collect(),
    };
    if names.len() != defs.len() {
        return Err(Error::length(
            "[sqlColAlias] colNames must have as many names as colDefs",
        ));
    }
    let items: Vec<Value> = defs
        .iter()
        .zip(&names)
        .map(|(d, n)| code(make_alias(split_alias(d).0, n)))
        .collect();
    match (&args[0], items.as_slice()) {
        (Value::Code(_), [one]) => Ok(one.clone()),
        _ => Ok(Value::vector(Vector::tuple(items))),
    }
}

/// Sort directions: a BOOL/INT scalar for all columns or one per column (1 ascending).
fn directions(func: &str, v: Option<&Value>, n: usize) -> Result<Vec<bool>> {
    match v {
        None | Some(Value::Scalar(Scalar::Void)) => Ok(vec![true; n]),
        Some(Value::Scalar(_)) => Ok(vec![bool_arg(func, "ascOrder", v, true)?; n]),
        Some(Value::Vector(d)) => Ok((0..n)
            .map(|i| d.scalar_at(i).map(|s| s.truthy()).unwrap_or(true))
            .collect()),
        Some(other) => Err(Error::type_err(format!(
            "[{func}] sort directions must be 0/1 values, not {}",
            other.type_str()
        ))),
    }
}

fn order_items(exprs: Vec<Expr>, asc: Vec<bool>) -> Vec<OrderItem> {
    exprs
        .into_iter()
        .zip(asc)
        .map(|(expr, a)| OrderItem {
            expr,
            desc: !a,
            nulls_first: None,
        })
        .collect()
}

fn select_items(exprs: Vec<Expr>) -> Vec<SelectItem> {
    exprs
        .iter()
        .map(|e| {
            let (expr, alias) = split_alias(e);
            SelectItem { expr, alias }
        })
        .collect()
}

pub(super) fn sql(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let columns = select_items(code_list("sql", "select", args.first())?);
    let from = match &args[1] {
        Value::Table(_) => node(ExprKind::Const(args[1].clone())),
        Value::Code(e) => (**e).clone(),
        Value::Scalar(Scalar::Str(_, n)) => node(ExprKind::Ident(n.clone())),
        other => {
            return Err(Error::type_err(format!(
                "[sql] from must be a table, metacode or a table name, not {}",
                other.type_str()
            )))
        }
    };
    let where_ = code_list("sql", "where", args.get(2))?;
    let group_items = select_items(code_list("sql", "groupBy", args.get(3))?);
    let flag = match given(args, 4) {
        Some(f) => int_arg("sql", "groupFlag", f)?,
        None => 1,
    };
    let group = if group_items.is_empty() {
        None
    } else {
        Some(match flag {
            0 => Grouping::ContextBy(group_items),
            1 => Grouping::GroupBy(group_items),
            2 => Grouping::PivotBy(group_items),
            other => {
                return Err(Error::domain(format!(
                "[sql] groupFlag must be 0 (context by), 1 (group by) or 2 (pivot by), not {other}"
            )))
            }
        })
    };
    let csort = code_list("sql", "csort", args.get(5))?;
    let csort_dirs = directions("sql", args.get(6), csort.len())?;
    let having = code_list("sql", "having", args.get(7))?;
    let order = code_list("sql", "orderBy", args.get(8))?;
    let order_dirs = directions("sql", args.get(9), order.len())?;
    let limit = match given(args, 10) {
        None => None,
        Some(Value::Pair(p)) => {
            let at = |i| {
                p.get(i)
                    .map(|v| node(ExprKind::Const(v)))
                    .unwrap_or(node(ExprKind::Const(Value::NULL)))
            };
            Some(Limit {
                offset: Some(at(0)),
                count: at(1),
            })
        }
        Some(v) => {
            int_arg("sql", "limit", v)?;
            Some(Limit {
                offset: None,
                count: node(ExprKind::Const(v.clone())),
            })
        }
    };
    let exec = bool_arg("sql", "exec", args.get(12), false)?;
    let select = Select {
        exec,
        distinct: false,
        top: None,
        columns,
        from: Some(FromItem::Table {
            expr: from,
            alias: None,
        }),
        where_,
        group,
        csort: order_items(csort, csort_dirs),
        having,
        order_by: order_items(order, order_dirs),
        limit,
    };
    Ok(code(node(ExprKind::Select(Box::new(select)))))
}
