//! Checks DolphinDB performs when it compiles a function definition or an assignment:
//! named functions can't nest, defaults come last, `mutable` parameters have no default,
//! parameters that are not `mutable` are never modified, and built-in names, constants and
//! type names can't be redefined.

use crate::ast::{Expr, ExprKind, FuncBody, FuncDef, Name, Stmt, StmtKind};
use crate::error::{Error, Result};

/// Validates a function definition before it is registered or turned into a closure.
pub fn check_def(def: &FuncDef) -> Result<()> {
    if let Some(name) = &def.name {
        if crate::builtins::lookup(name).is_some() {
            return Err(Error::syntax(
                format!("The built-in function [{name}] can't be redefined."),
                def.span,
            ));
        }
        check_name(name, def)?;
    }
    let mut seen_default = false;
    for p in &def.params {
        check_name(&p.name, def)?;
        if p.mutable && p.default.is_some() {
            return Err(Error::syntax(
                format!(
                    "The mutable parameter [{}] can't have a default value.",
                    p.name
                ),
                def.span,
            ));
        }
        if p.default.is_some() {
            seen_default = true;
        } else if seen_default {
            return Err(Error::syntax(
                format!(
                    "The parameter [{}] has no default value but follows a parameter with one; parameters with defaults must come last.",
                    p.name
                ),
                def.span,
            ));
        }
    }
    let immutable: Vec<&Name> = def
        .params
        .iter()
        .filter(|p| !p.mutable)
        .map(|p| &p.name)
        .collect();
    match &def.body {
        Some(FuncBody::Block(stmts)) => {
            for s in stmts {
                check_stmt(s, &immutable)?;
            }
        }
        Some(FuncBody::Expr(e)) => check_expr(e, &immutable)?,
        None => {}
    }
    Ok(())
}

/// Names that can't be assigned: type names, form and partition constants, `pi`, `e`.
pub fn check_assignable(name: &str) -> Result<()> {
    if is_reserved(name) {
        return Err(Error::new(
            crate::error::ErrorKind::Syntax,
            format!("[{name}] is a reserved word or built-in constant and can't be used as a variable name."),
        ));
    }
    Ok(())
}

fn is_reserved(name: &str) -> bool {
    // Every reserved name but `pi` is upper case; testing that first keeps the common case
    // (an ordinary lower-case variable) free of the allocating type-name lookup.
    if name == "pi" {
        return true;
    }
    if !name.bytes().all(|c| c.is_ascii_uppercase()) {
        return false;
    }
    crate::value::Type::from_name(name).is_some()
        || matches!(
            name,
            "SCALAR"
                | "VECTOR"
                | "PAIR"
                | "MATRIX"
                | "SET"
                | "DICT"
                | "TABLE"
                | "SEQ"
                | "VALUE"
                | "RANGE"
                | "LIST"
                | "COMPO"
                | "HASH"
                | "VAR"
                | "SHARED"
                | "DEF"
        )
}

fn check_name(name: &Name, def: &FuncDef) -> Result<()> {
    check_assignable(name).map_err(|e| e.with_span(def.span))
}

/// The variable an assignment target ultimately modifies (`x` in `x[i].y = v`).
fn root_ident(e: &Expr) -> Option<&Name> {
    match &e.kind {
        ExprKind::Ident(n) => Some(n),
        ExprKind::Index { target, .. } | ExprKind::Member { target, .. } => root_ident(target),
        _ => None,
    }
}

fn modified(name: &Name, span: crate::ast::Span) -> Error {
    Error::syntax(
        format!("Constant variable [{name}] can't be modified."),
        span,
    )
}

fn check_stmt(s: &Stmt, immutable: &[&Name]) -> Result<()> {
    match &s.kind {
        StmtKind::Def(_) => Err(Error::syntax(
            "A named function can't be defined inside another function; use a lambda instead.",
            s.span,
        )),
        StmtKind::Assign { targets, value, .. } => {
            for t in targets {
                if let Some(n) = root_ident(t) {
                    if immutable.contains(&n) {
                        return Err(modified(n, t.span));
                    }
                }
            }
            check_expr(value, immutable)
        }
        StmtKind::RefAssign { value, .. } | StmtKind::Const { value, .. } => {
            check_expr(value, immutable)
        }
        StmtKind::Expr(e) | StmtKind::Throw(e) => check_expr(e, immutable),
        StmtKind::If { cond, then, els } => {
            check_expr(cond, immutable)?;
            check_stmt(then, immutable)?;
            els.as_deref().map_or(Ok(()), |e| check_stmt(e, immutable))
        }
        StmtKind::For { iter, body, .. } => {
            check_expr(iter, immutable)?;
            check_stmt(body, immutable)
        }
        StmtKind::While { cond, body } | StmtKind::DoWhile { body, cond } => {
            check_expr(cond, immutable)?;
            check_stmt(body, immutable)
        }
        StmtKind::Block(stmts) => stmts.iter().try_for_each(|s| check_stmt(s, immutable)),
        StmtKind::Try { body, handler, .. } => {
            check_stmt(body, immutable)?;
            check_stmt(handler, immutable)
        }
        StmtKind::Return(Some(e)) => check_expr(e, immutable),
        StmtKind::Timer { body, .. } => check_stmt(body, immutable),
        _ => Ok(()),
    }
}

/// In-place built-ins (`append!` ...) applied to an immutable parameter modify it.
fn check_expr(e: &Expr, immutable: &[&Name]) -> Result<()> {
    if let ExprKind::Call { func, args } = &e.kind {
        if let ExprKind::Ident(f) = &func.kind {
            if f.ends_with('!') {
                if let Some(n) = args
                    .first()
                    .and_then(|a| a.value.as_ref())
                    .and_then(root_ident)
                {
                    if immutable.contains(&n) {
                        return Err(modified(n, e.span));
                    }
                }
            }
        }
        for a in args {
            if let Some(v) = &a.value {
                check_expr(v, immutable)?;
            }
        }
    }
    Ok(())
}
