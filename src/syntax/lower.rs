//! Lowering from pest pairs to the AST: the shared state and helpers, and statements.
//! Expressions are in `lower_expr.rs`, SQL in `lower_sql.rs`, operators in `pratt.rs`.

use super::parser::Rule;
use super::span::{FileId, Span};
use crate::ast::{Arg, AssignOp, Expr, ExprKind, FuncBody, FuncDef, Name, Program, Stmt, StmtKind};
use crate::error::{Error, Result};
use crate::value::Value;
use pest::iterators::Pair;
use std::cell::Cell;
use std::sync::Arc;

thread_local! {
    /// Names seen by the current parse: every occurrence of a name shares one `Arc`, so the
    /// interpreter's variable tables can match names by address.
    static NAMES: std::cell::RefCell<rustc_hash::FxHashSet<Name>> = Default::default();
}

/// The shared `Arc` for `text` within the current parse.
pub fn intern(text: &str) -> Name {
    NAMES.with(|names| {
        let mut names = names.borrow_mut();
        if let Some(n) = names.get(text) {
            return n.clone();
        }
        let n: Name = Arc::from(text);
        names.insert(n.clone());
        n
    })
}

/// Forgets the names of the previous parse (called when a parse starts).
pub fn reset_interner() {
    NAMES.with(|names| names.borrow_mut().clear());
}

/// An expression plus whether it was written in parentheses (which stops `(a<b)<c` from
/// becoming a chained comparison).
pub struct Lowered {
    pub expr: Expr,
    pub grouped: bool,
}

impl Lowered {
    pub fn new(expr: Expr) -> Lowered {
        Lowered {
            expr,
            grouped: false,
        }
    }
}

/// Lowering state: the file for spans and whether we are inside SQL (where `=` compares).
pub struct Lowerer {
    pub file: FileId,
    sql_depth: Cell<u32>,
}

impl Lowerer {
    pub fn new(file: FileId) -> Lowerer {
        Lowerer {
            file,
            sql_depth: Cell::new(0),
        }
    }

    pub fn span(&self, pair: &Pair<Rule>) -> Span {
        let s = pair.as_span();
        Span::new(self.file, s.start(), s.end())
    }

    pub fn in_sql(&self) -> bool {
        self.sql_depth.get() > 0
    }

    /// Runs `f` with SQL semantics for `=`.
    pub fn with_sql<T>(&self, f: impl FnOnce() -> T) -> T {
        self.sql_depth.set(self.sql_depth.get() + 1);
        let res = f();
        self.sql_depth.set(self.sql_depth.get() - 1);
        res
    }

    /// A syntax error at a pair.
    pub fn err(&self, msg: impl Into<String>, pair: &Pair<Rule>) -> Error {
        Error::syntax(msg, self.span(pair))
    }

    pub fn call(&self, func: Expr, args: Vec<Expr>, span: Span) -> Expr {
        let args = args
            .into_iter()
            .map(|v| Arg {
                name: None,
                value: Some(v),
            })
            .collect();
        Expr::new(
            ExprKind::Call {
                func: Box::new(func),
                args,
            },
            span,
        )
    }

    pub fn call_named(&self, name: &str, args: Vec<Expr>, span: Span) -> Expr {
        let func = Expr::new(ExprKind::Ident(Arc::from(name)), span);
        self.call(func, args, span)
    }

    pub fn name(pair: &Pair<Rule>) -> Name {
        intern(pair.as_str())
    }

    /// The first inner pair, or a syntax error naming what was missing.
    pub fn first<'i>(&self, pair: &Pair<'i, Rule>, what: &str) -> Result<Pair<'i, Rule>> {
        pair.clone()
            .into_inner()
            .next()
            .ok_or_else(|| self.err(format!("expected {what}"), pair))
    }

    // -----------------------------------------------------------------------------------------
    // Statements
    // -----------------------------------------------------------------------------------------

    pub fn lower_program(&self, pair: Pair<Rule>) -> Result<Program> {
        let stmts = self.lower_stmts(pair.into_inner())?;
        Ok(Program { stmts })
    }

    /// Lowers a sequence of statement pairs, skipping punctuation and `EOI`.
    pub fn lower_stmts<'i>(
        &self,
        pairs: impl Iterator<Item = Pair<'i, Rule>>,
    ) -> Result<Vec<Stmt>> {
        let mut out = Vec::new();
        for p in pairs {
            if matches!(p.as_rule(), Rule::EOI | Rule::rbrace) {
                continue;
            }
            out.push(self.lower_stmt(p)?);
        }
        Ok(out)
    }

    pub fn lower_stmt(&self, pair: Pair<Rule>) -> Result<Stmt> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let mut inner = pair.clone().into_inner().filter(|p| {
            !matches!(
                p.as_rule(),
                Rule::rparen | Rule::rbrace | Rule::rbracket | Rule::kw_else
            )
        });
        let kind = match rule {
            Rule::expr_stmt => StmtKind::Expr(self.lower_expr(self.first(&pair, "expression")?)?),
            Rule::assign => self.lower_assign(pair)?,
            Rule::ref_assign => {
                let name = inner
                    .next()
                    .ok_or_else(|| self.err("expected name", &pair))?;
                let value = self.next_expr(&mut inner, &pair)?;
                StmtKind::RefAssign {
                    name: Self::name(&name),
                    value,
                }
            }
            Rule::const_stmt => {
                inner.next();
                let name = inner
                    .next()
                    .ok_or_else(|| self.err("expected name", &pair))?;
                let value = self.next_expr(&mut inner, &pair)?;
                StmtKind::Const {
                    name: Self::name(&name),
                    value,
                }
            }
            Rule::def_stmt => StmtKind::Def(Arc::new(self.lower_func_def(pair, true)?)),
            Rule::if_stmt => {
                inner.next();
                let cond = self.next_expr(&mut inner, &pair)?;
                let then = self.next_stmt(&mut inner, &pair)?;
                let els = inner.next().map(|p| self.lower_stmt(p)).transpose()?;
                StmtKind::If {
                    cond,
                    then: Box::new(then),
                    els: els.map(Box::new),
                }
            }
            Rule::for_stmt => {
                inner.next();
                let var = inner
                    .next()
                    .ok_or_else(|| self.err("expected name", &pair))?;
                inner.next();
                let iter = self.next_expr(&mut inner, &pair)?;
                let body = self.next_stmt(&mut inner, &pair)?;
                StmtKind::For {
                    var: Self::name(&var),
                    iter,
                    body: Box::new(body),
                }
            }
            Rule::while_stmt => {
                inner.next();
                let cond = self.next_expr(&mut inner, &pair)?;
                let body = self.next_stmt(&mut inner, &pair)?;
                StmtKind::While {
                    cond,
                    body: Box::new(body),
                }
            }
            Rule::do_while_stmt => {
                inner.next();
                let body = self.next_stmt(&mut inner, &pair)?;
                inner.next();
                let cond = self.next_expr(&mut inner, &pair)?;
                StmtKind::DoWhile {
                    body: Box::new(body),
                    cond,
                }
            }
            Rule::try_stmt => {
                inner.next();
                let body = self.next_stmt(&mut inner, &pair)?;
                inner.next();
                let mut catch_var = None;
                let mut handler = None;
                for p in inner {
                    match p.as_rule() {
                        Rule::ident => catch_var = Some(Self::name(&p)),
                        Rule::block => handler = Some(self.lower_stmt(p)?),
                        _ => {}
                    }
                }
                let handler = handler.ok_or_else(|| self.err("expected catch block", &pair))?;
                StmtKind::Try {
                    body: Box::new(body),
                    catch_var,
                    handler: Box::new(handler),
                }
            }
            Rule::throw_stmt => {
                inner.next();
                StmtKind::Throw(self.next_expr(&mut inner, &pair)?)
            }
            Rule::return_stmt => {
                inner.next();
                let values = inner
                    .map(|p| self.lower_expr(p))
                    .collect::<Result<Vec<_>>>()?;
                StmtKind::Return(tuple_of(values, span))
            }
            Rule::break_stmt => StmtKind::Break,
            Rule::continue_stmt => StmtKind::Continue,
            Rule::go_stmt => StmtKind::Go,
            Rule::share_stmt => {
                inner.next();
                let value = self.next_expr(&mut inner, &pair)?;
                inner.next();
                let name = inner
                    .next()
                    .ok_or_else(|| self.err("expected name", &pair))?;
                StmtKind::Share {
                    value,
                    name: Self::name(&name),
                }
            }
            Rule::undef_stmt => {
                inner.next();
                let mut names = Vec::new();
                let mut all = false;
                for p in inner {
                    match p.as_rule() {
                        Rule::kw_all => all = true,
                        _ => names.push(Self::name(&p)),
                    }
                }
                StmtKind::Undef { names, all }
            }
            Rule::module_stmt | Rule::use_stmt => {
                inner.next();
                let path = inner
                    .next()
                    .ok_or_else(|| self.err("expected module", &pair))?;
                let names = path.into_inner().map(|p| Self::name(&p)).collect();
                if rule == Rule::module_stmt {
                    StmtKind::Module(names)
                } else {
                    StmtKind::Use(names)
                }
            }
            Rule::assert_stmt => {
                inner.next();
                let mut exprs = inner
                    .map(|p| self.lower_expr(p))
                    .collect::<Result<Vec<_>>>()?;
                let cond = exprs
                    .pop()
                    .ok_or_else(|| self.err("expected condition", &pair))?;
                let desc = exprs.pop().map(|d| match d.kind {
                    // `assert subCase1, cond`: an unquoted description is a word, not a variable.
                    ExprKind::Ident(name) => {
                        Expr::new(ExprKind::Const(Value::string(name.as_ref())), d.span)
                    }
                    _ => d,
                });
                StmtKind::Assert { desc, cond }
            }
            Rule::timer_stmt => {
                inner.next();
                let mut parts: Vec<Pair<Rule>> = inner.collect();
                let body = parts
                    .pop()
                    .ok_or_else(|| self.err("expected statement", &pair))?;
                let count = parts.pop().map(|p| self.lower_expr(p)).transpose()?;
                StmtKind::Timer {
                    count,
                    body: Box::new(self.lower_stmt(body)?),
                }
            }
            Rule::block => StmtKind::Block(self.lower_stmts(pair.into_inner())?),
            Rule::annotation => self.lower_annotation(pair)?,
            other => return Err(self.err(format!("unexpected statement {other:?}"), &pair)),
        };
        Ok(Stmt::new(kind, span))
    }

    fn next_expr<'i>(
        &self,
        it: &mut impl Iterator<Item = Pair<'i, Rule>>,
        parent: &Pair<Rule>,
    ) -> Result<Expr> {
        let p = it
            .next()
            .ok_or_else(|| self.err("expected expression", parent))?;
        self.lower_expr(p)
    }

    fn next_stmt<'i>(
        &self,
        it: &mut impl Iterator<Item = Pair<'i, Rule>>,
        parent: &Pair<Rule>,
    ) -> Result<Stmt> {
        let p = it
            .next()
            .ok_or_else(|| self.err("expected statement", parent))?;
        self.lower_stmt(p)
    }

    fn lower_assign(&self, pair: Pair<Rule>) -> Result<StmtKind> {
        let span = self.span(&pair);
        let mut targets = Vec::new();
        let mut values = Vec::new();
        let mut op = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::assign_target => targets.push(self.lower_postfix_expr(p)?.expr),
                Rule::assign_op => {
                    op = Some(match p.as_str() {
                        "+=" => AssignOp::Add,
                        "-=" => AssignOp::Sub,
                        "*=" => AssignOp::Mul,
                        "/=" => AssignOp::Div,
                        "\\=" => AssignOp::Ratio,
                        _ => AssignOp::Set,
                    })
                }
                _ => values.push(self.lower_expr(p)?),
            }
        }
        let value = tuple_of(values, span).ok_or_else(|| Error::syntax("expected value", span))?;
        Ok(StmtKind::Assign {
            targets,
            op: op.unwrap_or(AssignOp::Set),
            value,
        })
    }

    fn lower_annotation(&self, pair: Pair<Rule>) -> Result<StmtKind> {
        let mut inner = pair.into_inner();
        let kind = inner
            .next()
            .map(|p| p.as_str().to_string())
            .unwrap_or_default();
        if kind != "testing" {
            return Ok(StmtKind::Empty);
        }
        let mut kvs = Vec::new();
        for kv in inner {
            let mut parts = kv.into_inner();
            let key = parts
                .next()
                .map(|p| p.as_str().to_string())
                .unwrap_or_default();
            let value = parts.next().map(|p| self.lower_expr(p)).transpose()?;
            kvs.push((key, value));
        }
        Ok(test_case(kvs))
    }

    /// `def f(...)` (named) or `def(...)` (a lambda).
    pub fn lower_func_def(&self, pair: Pair<Rule>, named: bool) -> Result<FuncDef> {
        let span = self.span(&pair);
        let mut def = FuncDef {
            name: None,
            params: Vec::new(),
            body: None,
            aggregate: false,
            span,
        };
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::kw_defg => def.aggregate = true,
                Rule::ident if named => def.name = Some(Self::name(&p)),
                Rule::params => def.params = self.lower_params(p)?,
                Rule::body_block => {
                    def.body = Some(FuncBody::Block(self.lower_stmts(p.into_inner())?));
                }
                Rule::body_expr => {
                    let e = self.lower_expr(self.first(&p, "expression")?)?;
                    def.body = Some(FuncBody::Expr(Box::new(e)));
                }
                _ => {}
            }
        }
        Ok(def)
    }
}

/// `@testing: case = "name", exception = 1` from its keys and values (shared with the fast
/// path in `syntax::fast`).
pub fn test_case(kvs: Vec<(String, Option<Expr>)>) -> StmtKind {
    let mut name = String::new();
    let mut expect_exception = false;
    for (key, value) in kvs {
        let text = match value.map(|v| v.kind) {
            Some(ExprKind::Const(Value::Scalar(s))) => s
                .as_str()
                .map(str::to_string)
                .or_else(|| s.as_i64().map(|v| v.to_string()))
                .unwrap_or_default(),
            Some(ExprKind::Ident(n)) => n.to_string(),
            _ => String::new(),
        };
        match key.as_str() {
            "case" => name = text,
            "exception" | "syntaxError" => expect_exception = text != "0" && !text.is_empty(),
            _ => {}
        }
    }
    StmtKind::TestCase {
        name,
        expect_exception,
    }
}

/// One value as is, several as a tuple (`return a, b`, `x, y = 1, 2`).
pub fn tuple_of(mut values: Vec<Expr>, span: Span) -> Option<Expr> {
    match values.len() {
        0 => None,
        1 => values.pop(),
        _ => Some(Expr::new(ExprKind::Tuple(values), span)),
    }
}
