//! Source printing of the AST: `Display` for `Expr` and `Stmt` writes DolphinDB source that
//! parses back to the same tree (used to display metacode: the inner expression of
//! `< 6 < 8 >` prints as `6 < 8`). Parentheses are added only where precedence needs them.
//! This file prints expressions and constants; `stmt` prints statements, function
//! definitions, blocks and SQL queries.

use super::{Arg, BinOp, Expr, ExprKind, InsertSource, Stmt, UnaryOp};
use crate::value::{temporal, Scalar, Type, Value, Vector};
use std::fmt::{self, Display, Formatter, Write};

mod stmt;

use stmt::{write_clause, write_from, write_func, write_select, write_stmt};
impl Display for Expr {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write_expr(f, self)
    }
}

impl Display for Stmt {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write_stmt(f, self)
    }
}

/// Binding strength of an expression as printed (higher binds tighter).
fn prec(e: &Expr) -> u8 {
    match &e.kind {
        ExprKind::Ternary { .. } | ExprKind::Lambda(_) | ExprKind::Alias { .. } => 0,
        ExprKind::Select(_) | ExprKind::Update(_) | ExprKind::Delete(_) | ExprKind::Insert(_) => 0,
        ExprKind::Binary { op, .. } => binop_prec(*op),
        ExprKind::Chain { .. } => 3,
        ExprKind::Unary { .. } => 18,
        ExprKind::Const(v) => match v {
            Value::Vector(vec) if vec.len() >= 2 => 16,
            Value::Scalar(s) if const_is_negative(s) => 17,
            _ => 20,
        },
        _ => 20,
    }
}

fn binop_prec(op: BinOp) -> u8 {
    match op {
        BinOp::Or => 1,
        BinOp::And => 2,
        BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => 3,
        BinOp::BitOr => 4,
        BinOp::BitXor => 5,
        BinOp::BitAnd => 6,
        BinOp::Shl | BinOp::Shr => 7,
        BinOp::Add | BinOp::Sub => 8,
        BinOp::Mul
        | BinOp::Div
        | BinOp::Ratio
        | BinOp::Mod
        | BinOp::Dot
        | BinOp::Cast
        | BinOp::Join => 10,
        BinOp::Pair | BinOp::Seq => 15,
    }
}

fn const_is_negative(s: &Scalar) -> bool {
    !s.is_null() && s.as_f64().is_some_and(|v| v < 0.0) && s.ty() != Type::Bool
}

/// Writes `e`, in parentheses when it binds looser than `min`.
fn write_at(f: &mut Formatter<'_>, e: &Expr, min: u8) -> fmt::Result {
    if prec(e) < min {
        f.write_char('(')?;
        write_expr(f, e)?;
        f.write_char(')')
    } else {
        write_expr(f, e)
    }
}

/// Writes the target of a postfix (call, index, member): anything but a name, a call or an
/// index goes in parentheses.
fn write_postfix_target(f: &mut Formatter<'_>, e: &Expr) -> fmt::Result {
    match &e.kind {
        ExprKind::Ident(_)
        | ExprKind::Qualified(_)
        | ExprKind::Call { .. }
        | ExprKind::Index { .. }
        | ExprKind::Member { .. }
        | ExprKind::Partial { .. }
        | ExprKind::Adverb { .. }
        | ExprKind::Array(_)
        | ExprKind::Tuple(_) => write_expr(f, e),
        ExprKind::Const(Value::Scalar(s)) if !const_is_negative(s) => write_expr(f, e),
        _ => {
            f.write_char('(')?;
            write_expr(f, e)?;
            f.write_char(')')
        }
    }
}

fn write_expr(f: &mut Formatter<'_>, e: &Expr) -> fmt::Result {
    match &e.kind {
        ExprKind::Const(v) => write_value(f, v),
        ExprKind::Ident(n) => f.write_str(n),
        ExprKind::Qualified(names) => {
            let joined: Vec<&str> = names.iter().map(|n| n.as_ref()).collect();
            f.write_str(&joined.join("::"))
        }
        ExprKind::Array(items) => {
            f.write_char('[')?;
            write_list(f, items)?;
            f.write_char(']')
        }
        ExprKind::Tuple(items) => {
            f.write_char('(')?;
            write_list(f, items)?;
            if items.len() == 1 {
                f.write_char(',')?;
            }
            f.write_char(')')
        }
        ExprKind::Dict(entries) => {
            f.write_char('{')?;
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write_at(f, k, 16)?;
                f.write_str(": ")?;
                write_expr(f, v)?;
            }
            f.write_char('}')
        }
        ExprKind::Unary { op, expr } => {
            f.write_str(match op {
                UnaryOp::Neg => "-",
                UnaryOp::Not => "!",
            })?;
            let starts_negative = matches!(
                &expr.kind,
                ExprKind::Unary {
                    op: UnaryOp::Neg,
                    ..
                }
            );
            if starts_negative {
                f.write_char('(')?;
                write_expr(f, expr)?;
                f.write_char(')')
            } else {
                write_at(f, expr, 18)
            }
        }
        ExprKind::Binary { op, lhs, rhs } => {
            let p = binop_prec(*op);
            // A comparison on the left of a comparison would read as a chain.
            let lhs_min = if op.is_comparison() { p + 1 } else { p };
            write_at(f, lhs, lhs_min)?;
            match op {
                BinOp::Pair | BinOp::Seq => f.write_str(op.symbol())?,
                _ => write!(f, " {} ", op.symbol())?,
            }
            write_at(f, rhs, p + 1)
        }
        ExprKind::Chain { first, rest } => {
            write_at(f, first, 4)?;
            for (op, e) in rest {
                write!(f, " {} ", op.symbol())?;
                write_at(f, e, 4)?;
            }
            Ok(())
        }
        ExprKind::Ternary { cond, then, els } => {
            write_at(f, cond, 1)?;
            f.write_str(" ? ")?;
            // The `then` branch cannot hold a top-level `:` (it would end the branch).
            let text = then.to_string();
            if text.contains(':') || prec(then) == 0 {
                write!(f, "({text})")?;
            } else {
                f.write_str(&text)?;
            }
            f.write_str(" : ")?;
            write_at(f, els, 1)
        }
        ExprKind::Call { func, args } => {
            match &func.kind {
                ExprKind::OpRef(op) => f.write_str(op.func_name())?,
                _ => write_postfix_target(f, func)?,
            }
            f.write_char('(')?;
            write_args(f, args.iter().map(Some))?;
            f.write_char(')')
        }
        ExprKind::Partial { func, args } => {
            write_postfix_target(f, func)?;
            f.write_char('{')?;
            write_args(f, args.iter().map(|a| a.as_ref()))?;
            f.write_char('}')
        }
        ExprKind::Index { target, indices } => {
            write_postfix_target(f, target)?;
            f.write_char('[')?;
            for (i, idx) in indices.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                if let Some(idx) = idx {
                    write_index(f, idx)?;
                }
            }
            f.write_char(']')
        }
        ExprKind::Member { target, name } => {
            write_postfix_target(f, target)?;
            write!(f, ".{name}")
        }
        ExprKind::Lambda(def) => write_func(f, def),
        ExprKind::Adverb { func, adverbs } => {
            match &func.kind {
                ExprKind::OpRef(op) => f.write_str(op.symbol())?,
                _ => write_postfix_target(f, func)?,
            }
            for a in adverbs {
                write!(f, ":{}", a.kind.letter())?;
                if let Some(c) = a.assemble {
                    f.write_char(c)?;
                }
            }
            Ok(())
        }
        ExprKind::OpRef(op) => f.write_str(op.symbol()),
        ExprKind::Meta(inner) => write!(f, "<{inner}>"),
        ExprKind::Select(sel) => write_select(f, sel),
        ExprKind::Update(u) => {
            f.write_str("update ")?;
            write_postfix_target(f, &u.table)?;
            f.write_str(" set ")?;
            for (i, (name, value)) in u.sets.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{name} = {value}")?;
            }
            if let Some(from) = &u.from {
                f.write_str(" from ")?;
                write_from(f, from)?;
            }
            write_clause(f, " where ", &u.where_)?;
            write_clause(f, " context by ", &u.context_by)
        }
        ExprKind::Delete(d) => {
            f.write_str("delete from ")?;
            write_postfix_target(f, &d.table)?;
            write_clause(f, " where ", &d.where_)
        }
        ExprKind::Insert(ins) => {
            write!(f, "insert into {}", ins.table)?;
            if let Some(cols) = &ins.columns {
                let cols: Vec<&str> = cols.iter().map(|c| c.as_ref()).collect();
                write!(f, "({})", cols.join(", "))?;
            }
            match &ins.source {
                InsertSource::Values(rows) => {
                    f.write_str(" values ")?;
                    for (i, row) in rows.iter().enumerate() {
                        if i > 0 {
                            f.write_str(", ")?;
                        }
                        f.write_char('(')?;
                        write_list(f, row)?;
                        f.write_char(')')?;
                    }
                    Ok(())
                }
                InsertSource::Select(sel) => {
                    f.write_char(' ')?;
                    write_select(f, sel)
                }
            }
        }
        ExprKind::Star => f.write_char('*'),
        ExprKind::Alias { expr, name } => write!(f, "{expr} as {name}"),
        ExprKind::Case { whens, els } => {
            f.write_str("case")?;
            for (c, v) in whens {
                write!(f, " when {c} then {v}")?;
            }
            if let Some(e) = els {
                write!(f, " else {e}")?;
            }
            f.write_str(" end")
        }
    }
}

/// An index position: a slice `a:b` drops a NULL side (`x[1:]`, `x[:3]`).
fn write_index(f: &mut Formatter<'_>, idx: &Expr) -> fmt::Result {
    if let ExprKind::Binary {
        op: BinOp::Pair,
        lhs,
        rhs,
    } = &idx.kind
    {
        let is_void = |e: &Expr| matches!(&e.kind, ExprKind::Const(v) if v.is_void());
        if is_void(lhs) || is_void(rhs) {
            if !is_void(lhs) {
                write_at(f, lhs, 16)?;
            }
            f.write_char(':')?;
            if !is_void(rhs) {
                write_at(f, rhs, 16)?;
            }
            return Ok(());
        }
    }
    write_expr(f, idx)
}

fn write_list(f: &mut Formatter<'_>, items: &[Expr]) -> fmt::Result {
    for (i, e) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write_expr(f, e)?;
    }
    Ok(())
}

fn write_args<'a>(
    f: &mut Formatter<'_>,
    args: impl Iterator<Item = Option<&'a Arg>>,
) -> fmt::Result {
    for (i, a) in args.enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        let Some(a) = a else { continue };
        if let Some(name) = &a.name {
            write!(f, "{name}=")?;
        }
        if let Some(v) = &a.value {
            write_expr(f, v)?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------

/// A constant as a literal that parses back to the same value.
fn write_value(f: &mut Formatter<'_>, v: &Value) -> fmt::Result {
    match v {
        Value::Scalar(s) => write_scalar(f, s),
        Value::Vector(vec) => write_vector(f, vec),
        Value::Pair(vec) => {
            let a = vec.scalar_at(0).unwrap_or(Scalar::Void);
            let b = vec.scalar_at(1).unwrap_or(Scalar::Void);
            write_scalar(f, &a)?;
            f.write_char(':')?;
            write_scalar(f, &b)
        }
        Value::Code(e) => write!(f, "<{e}>"),
        Value::Function(func) => f.write_str(&func.name()),
        other => write!(f, "<{}>", other.type_str()),
    }
}

fn write_vector(f: &mut Formatter<'_>, vec: &Vector) -> fmt::Result {
    if vec.is_tuple() || vec.len() < 2 {
        let (open, close) = if vec.is_tuple() {
            ("(", ")")
        } else {
            ("[", "]")
        };
        f.write_str(open)?;
        for (i, item) in vec.iter_values().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write_value(f, &item)?;
        }
        if vec.is_tuple() && vec.len() == 1 {
            f.write_char(',')?;
        }
        return f.write_str(close);
    }
    for i in 0..vec.len() {
        if i > 0 {
            f.write_char(' ')?;
        }
        write_scalar(f, &vec.scalar_at(i).unwrap_or(Scalar::Void))?;
    }
    Ok(())
}

fn write_scalar(f: &mut Formatter<'_>, s: &Scalar) -> fmt::Result {
    let ty = s.ty();
    if s.is_null() {
        return match ty.null_suffix() {
            Some(c) => write!(f, "00{c}"),
            None if matches!(s, Scalar::Str(..)) => f.write_str("\"\""),
            None => f.write_str("NULL"),
        };
    }
    if let Some(i) = s.as_i64().filter(|_| ty.is_temporal()) {
        if let Some(text) = temporal::format_temporal(ty, i) {
            return f.write_str(&text);
        }
    }
    match s {
        Scalar::Void => f.write_str("NULL"),
        Scalar::I8(Type::Bool, b) => f.write_str(if *b != 0 { "true" } else { "false" }),
        Scalar::I8(_, c) => match u8::try_from(*c) {
            Ok(b) if (0x20..0x7f).contains(&b) && b != b'\'' && b != b'\\' => {
                write!(f, "'{}'", b as char)
            }
            _ => write!(f, "{c}c"),
        },
        Scalar::I16(_, v) => write!(f, "{v}h"),
        Scalar::I32(_, v) => write!(f, "{v}"),
        Scalar::I64(_, v) if *v > i32::MAX as i64 || *v <= i32::MIN as i64 => write!(f, "{v}"),
        Scalar::I64(_, v) => write!(f, "{v}l"),
        Scalar::F32(v) => write!(f, "{v:?}f"),
        Scalar::F64(v) if v.is_finite() => write!(f, "{v:?}"),
        Scalar::F64(_) => f.write_str("00F"),
        Scalar::Str(_, text) => write_string(f, text),
        Scalar::U128(v) => write!(f, "{v}"),
        Scalar::Duration(n, unit) => write!(f, "{n}{}", unit.suffix()),
    }
}

fn write_string(f: &mut Formatter<'_>, s: &str) -> fmt::Result {
    f.write_char('"')?;
    for c in s.chars() {
        match c {
            '"' => f.write_str("\\\"")?,
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\r' => f.write_str("\\r")?,
            '\t' => f.write_str("\\t")?,
            c => f.write_char(c)?,
        }
    }
    f.write_char('"')
}
