//! Metaprogramming: `eval`, `expr`, `parseExpr`, `sqlCol`, `sqlColAlias`, `sql`, `makeCall`,
//! `makeUnifiedCall`, `funcByName`. They build AST nodes inside CODE values.
//!
//! An aliased column (`<avg(x) as a>`) has no node of its own in the expression AST, so it is
//! represented as a call of the pseudo-function `as` with the expression and the alias as a
//! STRING constant; [`make_alias`] and [`split_alias`] are the only places that know this.

use super::args::{bool_arg, int_arg, str_arg, strings_arg};
use super::registry::{Builtin, Kind, Registry};
use crate::ast::{
    Arg, BinOp, Expr, ExprKind, FromItem, Grouping, Limit, Name, OrderItem, Select, SelectItem,
    Span,
};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::value::{Function, Scalar, Value, Vector};
use std::sync::Arc;

pub fn register(reg: &mut Registry) {
    reg.add(
        Builtin::new("eval(expr)", eval)
            .doc("Evaluates metacode.")
            .example("eval(<1 + 2>)", "3"),
    );
    reg.add(Builtin::new("expr(args...)", expr)
        .doc("Builds metacode from objects, metacode and operators: expr(6, <, 8) is <6 < 8>; a leading function makes a call.")
        .example("eval(expr(6, <, 8))", "true"));
    reg.add(
        Builtin::new("parseExpr(text, [varDict])", parse_expr)
            .doc("Parses a string into metacode; varDict binds names to values.")
            .example("eval(parseExpr(\"1 + 2\"))", "3"),
    );
    reg.add(Builtin::new("sqlCol(colName, [func], [alias], [qualifier])", sql_col)
        .doc("Metacode for a column (or a vector of columns), optionally wrapped in a function and aliased.")
        .example("typestr(sqlCol(\"x\"))", "CODE"));
    reg.add(Builtin::new("sqlColAlias(colDefs, [colNames])", sql_col_alias)
        .doc("Gives metacode column definitions aliases (derived from the expressions when colNames is omitted).")
        .example("typestr(sqlColAlias(<avg(x)>, \"a\"))", "CODE"));
    reg.add(Builtin::new(
        "sql(select, from, [where], [groupBy], [groupFlag=1], [csort], [ascSort], [having], [orderBy], [ascOrder], [limit], [hint], [exec=false])",
        sql,
    )
    .doc("Builds a select (or exec) statement as metacode; groupFlag 1 is group by, 0 context by, 2 pivot by.")
    .example("t = table(1 2 3 as x); eval(sql(sqlCol(\"x\"), t, <x > 1>))", "x\n-\n2\n3"));
    reg.add(
        Builtin::new("makeCall(F, args...)", make_call)
            .doc("Metacode calling F with the given arguments.")
            .example("eval(makeCall(add, 1, 2))", "3"),
    );
    reg.add(
        Builtin::new("makeUnifiedCall(func, args)", make_unified_call)
            .doc("Metacode calling func with the elements of the tuple args.")
            .example("eval(makeUnifiedCall(add, (1, 2)))", "3"),
    );
    reg.add(
        Builtin::new("funcByName(name)", func_by_name)
            .kind(Kind::HigherOrder)
            .doc("The function (built-in or user-defined) with the given name.")
            .example("funcByName(\"add\")(1, 2)", "3"),
    );
}

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

fn node(kind: ExprKind) -> Expr {
    Expr::new(kind, Span::default())
}

fn arg(e: Expr) -> Arg {
    Arg {
        name: None,
        value: Some(e),
    }
}

/// The binary operator a builtin function implements (`lt` for `<`), if any.
fn operator_of(v: &Value) -> Option<BinOp> {
    const OPS: [BinOp; 24] = [
        BinOp::Add,
        BinOp::Sub,
        BinOp::Mul,
        BinOp::Div,
        BinOp::Ratio,
        BinOp::Mod,
        BinOp::Dot,
        BinOp::Cast,
        BinOp::Join,
        BinOp::Pair,
        BinOp::Seq,
        BinOp::Eq,
        BinOp::Ne,
        BinOp::Lt,
        BinOp::Le,
        BinOp::Gt,
        BinOp::Ge,
        BinOp::And,
        BinOp::Or,
        BinOp::BitAnd,
        BinOp::BitOr,
        BinOp::BitXor,
        BinOp::Shl,
        BinOp::Shr,
    ];
    match v {
        Value::Function(f) => match f.as_ref() {
            Function::Builtin(b) => OPS.iter().copied().find(|op| op.func_name() == b.name),
            _ => None,
        },
        _ => None,
    }
}

/// The expression an object stands for inside built metacode: the code itself, a
/// built-in by name, anything else as a constant.
fn to_expr(v: &Value) -> Expr {
    match v {
        Value::Code(e) => (**e).clone(),
        Value::Function(f) => match f.as_ref() {
            Function::Builtin(b) => node(ExprKind::Ident(Name::from(b.name))),
            _ => node(ExprKind::Const(v.clone())),
        },
        other => node(ExprKind::Const(other.clone())),
    }
}

fn code(e: Expr) -> Value {
    Value::Code(Arc::new(e))
}

fn eval(it: &mut Interp, args: &[Value]) -> Result<Value> {
    match &args[0] {
        Value::Code(e) => {
            let e = e.clone();
            it.eval_code(&e)
        }
        Value::Vector(v) if v.is_tuple() => {
            let items: Vec<Value> = v.iter_values().collect();
            let mut out = Vec::with_capacity(items.len());
            for x in items {
                out.push(eval(it, &[x])?);
            }
            Ok(Value::vector(Vector::tuple(out)))
        }
        other => Err(Error::type_err(format!(
            "[eval] The argument must be metacode, not {}",
            other.type_str()
        ))),
    }
}

fn expr(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let Some(first) = args.first() else {
        return Err(Error::arity("[expr] expects at least one argument"));
    };
    if matches!(first, Value::Function(_)) && operator_of(first).is_none() {
        let call = ExprKind::Call {
            func: Box::new(to_expr(first)),
            args: args[1..].iter().map(|a| arg(to_expr(a))).collect(),
        };
        return Ok(code(node(call)));
    }
    let mut acc = to_expr(first);
    let mut rest = args[1..].chunks(2);
    for pair in rest.by_ref() {
        let [op, rhs] = pair else {
            return Err(Error::arity(
                "[expr] Operators and operands must alternate: expr(a, op, b, ...)",
            ));
        };
        let Some(op) = operator_of(op) else {
            return Err(Error::type_err(format!(
                "[expr] Expected an operator between operands, not {}",
                op.type_str()
            )));
        };
        acc = node(ExprKind::Binary {
            op,
            lhs: Box::new(acc),
            rhs: Box::new(to_expr(rhs)),
        });
    }
    Ok(code(acc))
}

fn parse_expr(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let text = str_arg("parseExpr", "text", &args[0])?;
    let file = crate::syntax::span::add_source(crate::eval::PARSE_EXPR_SOURCE, text.as_ref());
    let program = crate::syntax::parse_program(&text, file)?;
    let e = match program.stmts.as_slice() {
        [crate::ast::Stmt {
            kind: crate::ast::StmtKind::Expr(e),
            ..
        }] => e.clone(),
        _ => {
            return Err(Error::syntax(
                "[parseExpr] The text must contain exactly one expression",
                crate::syntax::span::Span::new(file, 0, text.len()),
            ))
        }
    };
    let e = match args.get(1) {
        Some(Value::Dict(d)) => {
            let bind = |n: &str| {
                d.get(&Scalar::string(n))
                    .or_else(|| d.get(&Scalar::symbol(n)))
                    .cloned()
            };
            substitute(&e, &bind)
        }
        None | Some(Value::Scalar(Scalar::Void)) => e,
        Some(other) => {
            return Err(Error::type_err(format!(
                "[parseExpr] varDict must be a dictionary, not {}",
                other.type_str()
            )))
        }
    };
    Ok(code(e))
}

/// Replaces variables that `bind` knows by constants, through the common expression forms.
fn substitute(e: &Expr, bind: &dyn Fn(&str) -> Option<Value>) -> Expr {
    let sub = |x: &Expr| Box::new(substitute(x, bind));
    let kind = match &e.kind {
        ExprKind::Ident(n) => match bind(n) {
            Some(v) => ExprKind::Const(v),
            None => e.kind.clone(),
        },
        ExprKind::Unary { op, expr } => ExprKind::Unary {
            op: *op,
            expr: sub(expr),
        },
        ExprKind::Binary { op, lhs, rhs } => ExprKind::Binary {
            op: *op,
            lhs: sub(lhs),
            rhs: sub(rhs),
        },
        ExprKind::Array(xs) => ExprKind::Array(xs.iter().map(|x| substitute(x, bind)).collect()),
        ExprKind::Tuple(xs) => ExprKind::Tuple(xs.iter().map(|x| substitute(x, bind)).collect()),
        ExprKind::Chain { first, rest } => ExprKind::Chain {
            first: sub(first),
            rest: rest
                .iter()
                .map(|(op, x)| (*op, substitute(x, bind)))
                .collect(),
        },
        ExprKind::Ternary { cond, then, els } => ExprKind::Ternary {
            cond: sub(cond),
            then: sub(then),
            els: sub(els),
        },
        ExprKind::Call { func, args } => ExprKind::Call {
            func: func.clone(),
            args: args
                .iter()
                .map(|a| Arg {
                    name: a.name.clone(),
                    value: a.value.as_ref().map(|x| substitute(x, bind)),
                })
                .collect(),
        },
        ExprKind::Index { target, indices } => ExprKind::Index {
            target: sub(target),
            indices: indices
                .iter()
                .map(|i| i.as_ref().map(|x| substitute(x, bind)))
                .collect(),
        },
        ExprKind::Member { target, name } => ExprKind::Member {
            target: sub(target),
            name: name.clone(),
        },
        other => other.clone(),
    };
    Expr::new(kind, e.span)
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

fn sql_col(_: &mut Interp, args: &[Value]) -> Result<Value> {
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

fn sql_col_alias(_: &mut Interp, args: &[Value]) -> Result<Value> {
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

fn sql(_: &mut Interp, args: &[Value]) -> Result<Value> {
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

fn call_code(func: &str, f: &Value, args: Vec<Value>) -> Result<Value> {
    if !matches!(f, Value::Function(_)) {
        return Err(Error::type_err(format!(
            "[{func}] The first argument must be a function, not {}",
            f.type_str()
        )));
    }
    Ok(code(node(ExprKind::Call {
        func: Box::new(to_expr(f)),
        args: args.iter().map(|a| arg(to_expr(a))).collect(),
    })))
}

fn make_call(_: &mut Interp, args: &[Value]) -> Result<Value> {
    call_code("makeCall", &args[0], args[1..].to_vec())
}

fn make_unified_call(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let list = match &args[1] {
        Value::Vector(v) => v.iter_values().collect(),
        other => vec![other.clone()],
    };
    call_code("makeUnifiedCall", &args[0], list)
}

fn func_by_name(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let name = str_arg("funcByName", "name", &args[0])?;
    it.resolve_function(&name)
        .map(Value::Function)
        .ok_or_else(|| Error::not_found(format!("[funcByName] Can't find function {name}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::display::display;

    fn interp() -> Interp {
        Interp::with_output(Box::new(std::io::sink()))
    }
    fn builtin(name: &str) -> Value {
        Value::Function(Arc::new(Function::Builtin(
            super::super::lookup(name).expect("registered"),
        )))
    }

    #[test]
    fn expr_builds_operators_and_calls() {
        let mut it = interp();
        let c = expr(&mut it, &[Value::int(6), builtin("lt"), Value::int(8)]).expect("6 < 8");
        assert_eq!(display(&eval(&mut it, &[c]).expect("eval")), "true");
        // `add` is an operator function, so a leading `add` is an operand: bad alternation.
        assert!(expr(&mut it, &[builtin("add"), Value::int(1), Value::int(2)]).is_err());
        let c = expr(
            &mut it,
            &[builtin("sum"), Value::vector(Vector::ints(vec![1, 2]))],
        );
        assert_eq!(
            display(&eval(&mut it, &[c.expect("call")]).expect("eval")),
            "3"
        );
        let c = make_call(&mut it, &[builtin("sub"), Value::int(5), Value::int(2)]).expect("call");
        assert_eq!(display(&eval(&mut it, &[c]).expect("eval")), "3");
        assert!(expr(&mut it, &[Value::int(1), Value::int(2)]).is_err());
    }

    #[test]
    fn columns_and_aliases() {
        let mut it = interp();
        let c = sql_col(
            &mut it,
            &[Value::string("x"), builtin("sum"), Value::string("total")],
        )
        .expect("sqlCol");
        let Value::Code(e) = &c else { panic!("code") };
        let (inner, alias) = split_alias(e);
        assert_eq!(alias.as_deref(), Some("total"));
        assert_eq!(default_col_name(&inner), "sum_x");
        let a = sql_col_alias(&mut it, &[code(inner)]).expect("alias");
        let Value::Code(e) = &a else { panic!("code") };
        assert_eq!(split_alias(e).1.as_deref(), Some("sum_x"));
    }

    #[test]
    fn sql_builds_a_select() {
        let mut it = interp();
        let mut t = crate::value::Table::new();
        t.add_column("x".into(), Arc::new(Vector::ints(vec![1, 2, 3])))
            .expect("column");
        let cols = sql_col(&mut it, &[Value::string("x")]).expect("col");
        let q = sql(
            &mut it,
            &[
                cols,
                Value::table(t),
                Value::NULL,
                Value::NULL,
                Value::NULL,
                Value::NULL,
                Value::NULL,
                Value::NULL,
                Value::NULL,
                Value::NULL,
                Value::int(2),
            ],
        )
        .expect("sql");
        let Value::Code(e) = q else { panic!("code") };
        let ExprKind::Select(s) = &e.kind else {
            panic!("select")
        };
        assert_eq!(s.columns.len(), 1);
        assert!(s.limit.is_some());
        assert!(matches!(s.from, Some(FromItem::Table { .. })));
        assert!(sql(&mut it, &[Value::int(1), Value::int(2)]).is_err());
    }

    #[test]
    fn func_by_name_resolves() {
        let mut it = interp();
        assert!(func_by_name(&mut it, &[Value::string("add")]).is_ok());
        assert!(func_by_name(&mut it, &[Value::string("noSuchFn")]).is_err());
    }
}
