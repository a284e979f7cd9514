//! Metaprogramming: `eval`, `expr`, `parseExpr`, `sqlCol`, `sqlColAlias`, `sql`, `makeCall`,
//! `makeUnifiedCall`, `funcByName`. They build AST nodes inside CODE values. This file holds
//! the registration and the expression builders; `sql` builds columns, aliases and queries.
//!
//! An aliased column (`<avg(x) as a>`) has no node of its own in the expression AST, so it is
//! represented as a call of the pseudo-function `as` with the expression and the alias as a
//! STRING constant; [`make_alias`] and [`split_alias`] are the only places that know this.

use super::args::str_arg;
use super::registry::{Builtin, Kind, Registry};
use crate::ast::{Arg, BinOp, Expr, ExprKind, Name, Span};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::value::{Function, Scalar, Value, Vector};
use std::sync::Arc;

mod sql;

pub use sql::{default_col_name, make_alias, split_alias};
use sql::{sql, sql_col, sql_col_alias};
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
    use crate::ast::FromItem;
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
