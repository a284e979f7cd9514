//! Source printing of statements, function definitions, blocks and SQL queries (the
//! clause-structured part of the AST); expressions are printed by the parent module.

use super::{write_expr, write_list, write_postfix_target, write_string};
use crate::ast::{
    AssignOp, Expr, FromItem, FuncBody, FuncDef, Grouping, JoinKind, OrderItem, Select, SelectItem,
    Stmt, StmtKind,
};
use std::fmt::{self, Formatter, Write};
pub(super) fn write_func(f: &mut Formatter<'_>, def: &FuncDef) -> fmt::Result {
    f.write_str(if def.aggregate { "defg" } else { "def" })?;
    match &def.name {
        Some(name) => write!(f, " {name}(")?,
        None => f.write_str(" (")?,
    }
    for (i, p) in def.params.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        if p.mutable {
            f.write_str("mutable ")?;
        }
        f.write_str(&p.name)?;
        if let Some(d) = &p.default {
            write!(f, " = {d}")?;
        }
    }
    f.write_char(')')?;
    match &def.body {
        None => Ok(()),
        Some(FuncBody::Block(stmts)) => {
            f.write_char(' ')?;
            write_block(f, stmts)
        }
        Some(FuncBody::Expr(e)) if def.name.is_some() => write!(f, ": {e}"),
        Some(FuncBody::Expr(e)) => write!(f, " -> {e}"),
    }
}

fn write_block(f: &mut Formatter<'_>, stmts: &[Stmt]) -> fmt::Result {
    let stmts: Vec<&Stmt> = stmts
        .iter()
        .filter(|s| !matches!(s.kind, StmtKind::Empty))
        .collect();
    if stmts.is_empty() {
        return f.write_str("{}");
    }
    f.write_str("{ ")?;
    for (i, s) in stmts.iter().enumerate() {
        if i > 0 {
            f.write_str("; ")?;
        }
        write_stmt(f, s)?;
    }
    f.write_str(" }")
}

pub(super) fn write_select(f: &mut Formatter<'_>, sel: &Select) -> fmt::Result {
    f.write_str(if sel.exec { "exec " } else { "select " })?;
    if sel.distinct {
        f.write_str("distinct ")?;
    }
    if let Some(top) = &sel.top {
        write!(f, "top {top} ")?;
    }
    write_items(f, &sel.columns)?;
    if let Some(from) = &sel.from {
        f.write_str(" from ")?;
        write_from(f, from)?;
    }
    write_clause(f, " where ", &sel.where_)?;
    if let Some(g) = &sel.group {
        let (kw, items) = match g {
            Grouping::GroupBy(items) => (" group by ", items),
            Grouping::ContextBy(items) => (" context by ", items),
            Grouping::PivotBy(items) => (" pivot by ", items),
        };
        f.write_str(kw)?;
        write_items(f, items)?;
    }
    write_order(f, " csort ", &sel.csort)?;
    write_clause(f, " having ", &sel.having)?;
    write_order(f, " order by ", &sel.order_by)?;
    if let Some(limit) = &sel.limit {
        f.write_str(" limit ")?;
        if let Some(off) = &limit.offset {
            write!(f, "{off}, ")?;
        }
        write!(f, "{}", limit.count)?;
    }
    Ok(())
}

fn write_items(f: &mut Formatter<'_>, items: &[SelectItem]) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write_expr(f, &item.expr)?;
        if let Some(alias) = &item.alias {
            write!(f, " as {alias}")?;
        }
    }
    Ok(())
}

pub(super) fn write_clause(f: &mut Formatter<'_>, kw: &str, exprs: &[Expr]) -> fmt::Result {
    if exprs.is_empty() {
        return Ok(());
    }
    f.write_str(kw)?;
    write_list(f, exprs)
}

fn write_order(f: &mut Formatter<'_>, kw: &str, items: &[OrderItem]) -> fmt::Result {
    if items.is_empty() {
        return Ok(());
    }
    f.write_str(kw)?;
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write_expr(f, &item.expr)?;
        if item.desc {
            f.write_str(" desc")?;
        }
        match item.nulls_first {
            Some(true) => f.write_str(" nulls first")?,
            Some(false) => f.write_str(" nulls last")?,
            None => {}
        }
    }
    Ok(())
}

pub(super) fn write_from(f: &mut Formatter<'_>, from: &FromItem) -> fmt::Result {
    match from {
        FromItem::Table { expr, alias } => {
            write_postfix_target(f, expr)?;
            if let Some(a) = alias {
                write!(f, " as {a}")?;
            }
            Ok(())
        }
        FromItem::Join {
            kind,
            left,
            right,
            on,
        } => {
            write_from(f, left)?;
            f.write_str(match kind {
                JoinKind::Inner => " inner join ",
                JoinKind::Left => " left join ",
                JoinKind::LeftSemi => " left semi join ",
                JoinKind::Full => " full join ",
                JoinKind::Cross => " cross join ",
            })?;
            write_from(f, right)?;
            write_clause(f, " on ", on)
        }
    }
}

pub(super) fn write_stmt(f: &mut Formatter<'_>, s: &Stmt) -> fmt::Result {
    match &s.kind {
        StmtKind::Expr(e) => write_expr(f, e),
        StmtKind::Assign { targets, op, value } => {
            write_list(f, targets)?;
            let op = match op {
                AssignOp::Set => "=",
                AssignOp::Add => "+=",
                AssignOp::Sub => "-=",
                AssignOp::Mul => "*=",
                AssignOp::Div => "/=",
                AssignOp::Ratio => "\\=",
            };
            write!(f, " {op} {value}")
        }
        StmtKind::RefAssign { name, value } => write!(f, "&{name} = {value}"),
        StmtKind::Const { name, value } => write!(f, "const {name} = {value}"),
        StmtKind::Def(def) => write_func(f, def),
        StmtKind::If { cond, then, els } => {
            write!(f, "if ({cond}) {then}")?;
            match els {
                Some(e) => write!(f, " else {e}"),
                None => Ok(()),
            }
        }
        StmtKind::For { var, iter, body } => write!(f, "for ({var} in {iter}) {body}"),
        StmtKind::While { cond, body } => write!(f, "while ({cond}) {body}"),
        StmtKind::DoWhile { body, cond } => write!(f, "do {body} while ({cond})"),
        StmtKind::Block(stmts) => write_block(f, stmts),
        StmtKind::Break => f.write_str("break"),
        StmtKind::Continue => f.write_str("continue"),
        StmtKind::Return(None) => f.write_str("return"),
        StmtKind::Return(Some(e)) => write!(f, "return {e}"),
        StmtKind::Try {
            body,
            catch_var,
            handler,
        } => {
            write!(f, "try {body} catch(")?;
            if let Some(v) = catch_var {
                f.write_str(v)?;
            }
            write!(f, ") {handler}")
        }
        StmtKind::Throw(e) => write!(f, "throw {e}"),
        StmtKind::Go => f.write_str("go"),
        StmtKind::Share { value, name } => write!(f, "share {value} as {name}"),
        StmtKind::Undef { names, all } => {
            if *all {
                return f.write_str("undef all");
            }
            let names: Vec<&str> = names.iter().map(|n| n.as_ref()).collect();
            write!(f, "undef {}", names.join(", "))
        }
        StmtKind::Module(path) | StmtKind::Use(path) => {
            let kw = if matches!(s.kind, StmtKind::Module(_)) {
                "module"
            } else {
                "use"
            };
            let path: Vec<&str> = path.iter().map(|n| n.as_ref()).collect();
            write!(f, "{kw} {}", path.join("::"))
        }
        StmtKind::TestCase {
            name,
            expect_exception,
        } => {
            write!(f, "@testing: case = ")?;
            write_string(f, name)?;
            if *expect_exception {
                f.write_str(", exception = 1")?;
            }
            Ok(())
        }
        StmtKind::Assert { desc, cond } => match desc {
            Some(d) => write!(f, "assert {d}, {cond}"),
            None => write!(f, "assert {cond}"),
        },
        StmtKind::Timer { count, body } => match count {
            Some(n) => write!(f, "timer({n}) {body}"),
            None => write!(f, "timer {body}"),
        },
        StmtKind::Empty => Ok(()),
    }
}
