//! Default names of select-list columns, following DolphinDB: a column keeps its name, a
//! function applied to a column is `<function>_<column>` (`avg(qty)` → `avg_qty`, operators
//! use their function names: `qty * 2` → `mul_qty`), and a constant is named by its value.

use crate::ast::{Arg, Expr, ExprKind, Name, SelectItem, UnaryOp};
use crate::value::{Scalar, Value};

/// The output name of a select item: its alias, else the default name of its expression.
pub(crate) fn item_name(item: &SelectItem, columns: &[Name]) -> Name {
    match &item.alias {
        Some(a) => a.clone(),
        None => default_name(&item.expr, columns),
    }
}

/// The default name of an expression over a table with the given column names.
pub(crate) fn default_name(e: &Expr, columns: &[Name]) -> Name {
    match &e.kind {
        ExprKind::Ident(n) => n.clone(),
        ExprKind::Member { name, .. } => name.clone(),
        ExprKind::Const(v) => Name::from(const_text(v)),
        ExprKind::Call { func, args } => {
            let fname = callee_name(func);
            with_column(&fname, first_column_in_args(args, columns))
        }
        ExprKind::Binary { op, lhs, rhs } => {
            let col = first_column(lhs, columns).or_else(|| first_column(rhs, columns));
            with_column(op.func_name(), col)
        }
        ExprKind::Unary { op, expr } => {
            let f = match op {
                UnaryOp::Neg => "neg",
                UnaryOp::Not => "not",
            };
            with_column(f, first_column(expr, columns))
        }
        ExprKind::Star => Name::from("count"),
        _ => match first_column(e, columns) {
            Some(c) => c,
            None => Name::from("col"),
        },
    }
}

/// Makes the names unique by appending `_1`, `_2` ... to later duplicates
/// (compared case-insensitively, as table column names are).
pub(crate) fn dedupe(names: &mut [Name]) {
    for i in 1..names.len() {
        let clash = |n: &str, upto: usize, names: &[Name]| {
            names[..upto].iter().any(|m| m.eq_ignore_ascii_case(n))
        };
        if !clash(&names[i], i, names) {
            continue;
        }
        let mut k = 1;
        loop {
            let candidate = format!("{}_{k}", names[i]);
            if !clash(&candidate, i, names) {
                names[i] = Name::from(candidate);
                break;
            }
            k += 1;
        }
    }
}

fn with_column(func: &str, col: Option<Name>) -> Name {
    match col {
        Some(c) => Name::from(format!("{func}_{c}")),
        None => Name::from(func),
    }
}

fn callee_name(func: &Expr) -> String {
    match &func.kind {
        ExprKind::Ident(n) => n.to_string(),
        ExprKind::Qualified(p) => p.last().map(|s| s.to_string()).unwrap_or_default(),
        ExprKind::Adverb { func, .. } => callee_name(func),
        ExprKind::Partial { func, .. } => callee_name(func),
        ExprKind::OpRef(op) => op.func_name().to_string(),
        _ => "col".to_string(),
    }
}

fn first_column_in_args(args: &[Arg], columns: &[Name]) -> Option<Name> {
    args.iter()
        .filter_map(|a| a.value.as_ref())
        .find_map(|e| first_column(e, columns))
}

/// The first identifier in `e` (left to right) that names a column of the table.
pub(crate) fn first_column(e: &Expr, columns: &[Name]) -> Option<Name> {
    let is_col = |n: &str| columns.iter().find(|c| c.eq_ignore_ascii_case(n)).cloned();
    match &e.kind {
        ExprKind::Ident(n) => is_col(n),
        ExprKind::Member { target, name } => match &target.kind {
            ExprKind::Ident(_) => Some(name.clone()),
            _ => first_column(target, columns),
        },
        ExprKind::Call { func, args } => {
            first_column_in_args(args, columns).or_else(|| first_column(func, columns))
        }
        ExprKind::Binary { lhs, rhs, .. } => {
            first_column(lhs, columns).or_else(|| first_column(rhs, columns))
        }
        ExprKind::Unary { expr, .. } => first_column(expr, columns),
        ExprKind::Chain { first, rest } => first_column(first, columns)
            .or_else(|| rest.iter().find_map(|(_, x)| first_column(x, columns))),
        ExprKind::Ternary { cond, then, els } => first_column(cond, columns)
            .or_else(|| first_column(then, columns))
            .or_else(|| first_column(els, columns)),
        ExprKind::Array(xs) | ExprKind::Tuple(xs) => {
            xs.iter().find_map(|x| first_column(x, columns))
        }
        ExprKind::Index { target, indices } => first_column(target, columns).or_else(|| {
            indices
                .iter()
                .flatten()
                .find_map(|x| first_column(x, columns))
        }),
        ExprKind::Case { whens, els } => whens
            .iter()
            .find_map(|(c, v)| first_column(c, columns).or_else(|| first_column(v, columns)))
            .or_else(|| els.as_ref().and_then(|x| first_column(x, columns))),
        _ => None,
    }
}

/// How a constant names its column: its value as text.
fn const_text(v: &Value) -> String {
    match v {
        Value::Scalar(Scalar::Str(_, s)) => s.to_string(),
        Value::Scalar(Scalar::Void) => "NULL".to_string(),
        other => crate::display::display(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::{BinOp, Span};

    fn ident(n: &str) -> Expr {
        Expr::new(ExprKind::Ident(Name::from(n)), Span::default())
    }
    fn call(f: &str, args: Vec<Expr>) -> Expr {
        Expr::new(
            ExprKind::Call {
                func: Box::new(ident(f)),
                args: args
                    .into_iter()
                    .map(|e| Arg {
                        name: None,
                        value: Some(e),
                    })
                    .collect(),
            },
            Span::default(),
        )
    }

    #[test]
    fn functions_of_columns_are_named_func_col() {
        let cols = vec![Name::from("qty"), Name::from("price")];
        assert_eq!(
            &*default_name(&call("avg", vec![ident("qty")]), &cols),
            "avg_qty"
        );
        assert_eq!(&*default_name(&ident("price"), &cols), "price");
        let mul = Expr::new(
            ExprKind::Binary {
                op: BinOp::Mul,
                lhs: Box::new(ident("qty")),
                rhs: Box::new(ident("price")),
            },
            Span::default(),
        );
        assert_eq!(&*default_name(&mul, &cols), "mul_qty");
        let one = Expr::new(ExprKind::Const(Value::int(1)), Span::default());
        assert_eq!(&*default_name(&one, &cols), "1");
    }

    #[test]
    fn duplicates_get_suffixes() {
        let mut names = vec![Name::from("x"), Name::from("X"), Name::from("x")];
        dedupe(&mut names);
        assert_eq!(
            names.iter().map(|n| n.to_string()).collect::<Vec<_>>(),
            vec!["x", "X_1", "x_2"]
        );
    }
}
