//! Statements of the fast path (`grammar/stmt.pest`). A statement must be followed by a
//! separator, the end of the text or a `}`: pest also accepts statements that follow each
//! other directly (`x = 1 y = 2`), which the fast path leaves to it.

use super::super::lower::{test_case, tuple_of};
use super::lex;
use super::Parser;
use crate::ast::{AssignOp, Expr, ExprKind, FuncDef, Stmt, StmtKind};
use crate::value::Value;
use std::sync::Arc;

/// Statement keywords (`keyword_start`, case-sensitive whole words).
const KEYWORDS: &[&str] = &[
    "defg", "def", "do", "break", "continue", "const", "assert", "if", "for", "module", "go",
    "return", "try", "throw", "timer", "while", "share", "undef", "use",
];

impl<'a> Parser<'a> {
    /// `nls`: newlines (and spaces) where a construct may continue on the next line.
    pub(super) fn newlines(&mut self) {
        loop {
            self.skip();
            if !self.eat(b'\n') {
                break;
            }
        }
    }

    /// `stmts`: up to the end of the text, or to a `}` (not consumed) inside a block.
    pub(super) fn stmts(&mut self, in_block: bool) -> Option<Vec<Stmt>> {
        let mut out = Vec::new();
        loop {
            self.skip();
            match self.peek() {
                b'\n' | b';' => self.pos += 1,
                0 => return (!in_block).then_some(out),
                b'}' => return in_block.then_some(out),
                _ => {
                    out.push(self.stmt()?);
                    self.skip();
                    if !matches!(self.peek(), b'\n' | b';' | 0 | b'}') {
                        return None;
                    }
                }
            }
        }
    }

    /// `stmt`
    fn stmt(&mut self) -> Option<Stmt> {
        self.enter()?;
        let start = self.pos;
        let kind = self.stmt_kind()?;
        self.leave();
        Some(Stmt::new(kind, self.span(start, self.pos)))
    }

    fn stmt_kind(&mut self) -> Option<StmtKind> {
        match self.peek() {
            b'@' => return self.annotation(),
            b'{' => return Some(StmtKind::Block(self.block()?)),
            b'&' => return self.ref_assign(),
            _ => {}
        }
        let (s, i) = (self.s, self.pos);
        if let Some(word) = KEYWORDS.iter().find(|w| lex::kw(s, i, w)) {
            let k = lex::spaces_end(s, i + word.len());
            // `def(x) ...` and `undef(x)` are expressions.
            let call_form = matches!(*word, "def" | "defg" | "undef") && self.at(k) == b'(';
            if !call_form {
                return self.keyword_stmt(word, k);
            }
        }
        if lex::ident_start(self.peek()) {
            if let Some(kind) = self.assign()? {
                return Some(kind);
            }
        }
        Some(StmtKind::Expr(self.expr()?))
    }

    /// `block`: `{ stmts }`, at the `{`.
    fn block(&mut self) -> Option<Vec<Stmt>> {
        self.expect(b'{')?;
        let stmts = self.stmts(true)?;
        self.expect(b'}')?;
        Some(stmts)
    }

    /// A block as a statement of its own.
    fn block_stmt(&mut self) -> Option<Stmt> {
        let start = self.pos;
        let stmts = self.block()?;
        Some(Stmt::new(
            StmtKind::Block(stmts),
            self.span(start, self.pos),
        ))
    }

    /// `"(" ~ expr ~ rparen`, then `nls`.
    fn paren_cond(&mut self) -> Option<Expr> {
        self.expect(b'(')?;
        self.skip();
        let cond = self.expr()?;
        self.expect(b')')?;
        self.newlines();
        Some(cond)
    }

    /// A statement introduced by `word`; `k` is the position after it and its spaces.
    fn keyword_stmt(&mut self, word: &str, k: usize) -> Option<StmtKind> {
        let start = self.pos;
        let word_end = start + word.len();
        self.pos = k;
        Some(match word {
            "def" | "defg" => {
                let (name, _, _) = self.ident()?;
                self.skip();
                let params = self.param_list()?;
                let body = self.func_body()?;
                StmtKind::Def(Arc::new(FuncDef {
                    name: Some(name),
                    params,
                    body,
                    aggregate: word == "defg",
                    span: self.span(start, self.pos),
                }))
            }
            "if" => {
                let cond = self.paren_cond()?;
                let then = Box::new(self.stmt()?);
                let after = lex::spaces_end(self.s, self.pos);
                self.pos = after;
                while matches!(self.peek(), b'\n' | b';') {
                    self.pos += 1;
                    self.skip();
                }
                let els = if self.eat_kw_ci("else") {
                    self.newlines();
                    Some(Box::new(self.stmt()?))
                } else {
                    self.pos = after;
                    None
                };
                StmtKind::If { cond, then, els }
            }
            "for" => {
                self.expect(b'(')?;
                self.skip();
                let (var, _, _) = self.ident()?;
                self.skip();
                if !self.eat_kw_ci("in") {
                    return None;
                }
                self.skip();
                let iter = self.expr()?;
                self.expect(b')')?;
                self.newlines();
                let body = Box::new(self.stmt()?);
                StmtKind::For { var, iter, body }
            }
            "while" => {
                let cond = self.paren_cond()?;
                let body = Box::new(self.stmt()?);
                StmtKind::While { cond, body }
            }
            "do" => {
                self.newlines();
                let body = Box::new(self.block_stmt()?);
                self.newlines();
                if !lex::kw(self.s, self.pos, "while") {
                    return None;
                }
                self.pos += 5;
                self.skip();
                self.expect(b'(')?;
                self.skip();
                let cond = self.expr()?;
                self.expect(b')')?;
                StmtKind::DoWhile { body, cond }
            }
            "try" => {
                self.newlines();
                let body = Box::new(self.block_stmt()?);
                self.skip();
                while matches!(self.peek(), b'\n' | b';') {
                    self.pos += 1;
                    self.skip();
                }
                if !lex::kw(self.s, self.pos, "catch") {
                    return None;
                }
                self.pos += 5;
                self.skip();
                let mut catch_var = None;
                if self.eat(b'(') {
                    self.skip();
                    if let Some(end) = lex::ident_at(self.s, self.pos) {
                        catch_var = Some(self.name(self.pos, end));
                        self.pos = end;
                        self.skip();
                    }
                    self.expect(b')')?;
                }
                self.newlines();
                let handler = Box::new(self.block_stmt()?);
                StmtKind::Try {
                    body,
                    catch_var,
                    handler,
                }
            }
            "throw" => StmtKind::Throw(self.expr()?),
            "return" => {
                if matches!(self.peek(), b'\n' | b';' | b'}' | 0) {
                    StmtKind::Return(None)
                } else {
                    StmtKind::Return(Some(self.expr_list(start)?))
                }
            }
            "break" => {
                self.pos = word_end;
                StmtKind::Break
            }
            "continue" => {
                self.pos = word_end;
                StmtKind::Continue
            }
            "const" => {
                let (name, _, _) = self.ident()?;
                self.skip();
                if !self.at_set(self.pos) {
                    return None;
                }
                self.pos += 1;
                self.skip();
                StmtKind::Const {
                    name,
                    value: self.expr()?,
                }
            }
            "share" => {
                let value = self.expr()?;
                if !self.eat_kw_ci("as") {
                    return None;
                }
                self.skip();
                let (name, _, _) = self.ident()?;
                StmtKind::Share { value, name }
            }
            "undef" => {
                let mut names = Vec::new();
                let all = lex::kw(self.s, self.pos, "all");
                if all {
                    self.pos += 3;
                } else {
                    names.push(self.ident()?.0);
                    self.skip();
                    while self.eat(b',') {
                        self.skip();
                        names.push(self.ident()?.0);
                        self.skip();
                    }
                }
                self.skip();
                self.at_stmt_end()?;
                StmtKind::Undef { names, all }
            }
            "assert" => {
                let first = self.expr()?;
                if self.eat(b',') {
                    self.skip();
                    let cond = self.expr()?;
                    let desc = match first.kind {
                        // `assert subCase1, cond`: an unquoted description is a word.
                        ExprKind::Ident(name) => {
                            Expr::new(ExprKind::Const(Value::string(name.as_ref())), first.span)
                        }
                        _ => first,
                    };
                    StmtKind::Assert {
                        desc: Some(desc),
                        cond,
                    }
                } else {
                    StmtKind::Assert {
                        desc: None,
                        cond: first,
                    }
                }
            }
            "timer" => {
                let count = Some(self.paren_cond()?);
                let body = Box::new(self.stmt()?);
                StmtKind::Timer { count, body }
            }
            "go" => {
                self.at_stmt_end()?;
                if self.peek() == b'}' {
                    return None;
                }
                StmtKind::Go
            }
            "module" | "use" => {
                // `module_path`: `a::b::c`.
                let mut names = vec![self.ident()?.0];
                while self.at(self.pos) == b':' && self.at(self.pos + 1) == b':' {
                    self.pos += 2;
                    names.push(self.ident()?.0);
                }
                if word == "module" {
                    StmtKind::Module(names)
                } else {
                    StmtKind::Use(names)
                }
            }
            _ => return None,
        })
    }

    /// Gives up unless a separator, the end of the text or a `}` is next.
    fn at_stmt_end(&self) -> Option<()> {
        matches!(self.peek(), b'\n' | b';' | b'}' | 0).then_some(())
    }

    /// `expr ~ ("," ~ expr)*`: one value, or a tuple spanning the statement from `start`.
    fn expr_list(&mut self, start: usize) -> Option<Expr> {
        let mut values = vec![self.expr()?];
        while self.eat(b',') {
            self.skip();
            values.push(self.expr()?);
        }
        tuple_of(values, self.span(start, self.pos))
    }

    /// `assign`: `None` to give up, `Some(None)` when the statement is not an assignment.
    fn assign(&mut self) -> Option<Option<StmtKind>> {
        let start = self.pos;
        let mut targets = Vec::new();
        loop {
            let Some(target) = self.assign_target()? else {
                self.pos = start;
                return Some(None);
            };
            targets.push(target);
            self.skip();
            if !self.eat(b',') {
                break;
            }
            self.skip();
        }
        let (op, len) = match (self.peek(), self.at(self.pos + 1)) {
            (b'=', _) if self.at_set(self.pos) => (AssignOp::Set, 1),
            (b'+', b'=') => (AssignOp::Add, 2),
            (b'-', b'=') => (AssignOp::Sub, 2),
            (b'*', b'=') => (AssignOp::Mul, 2),
            (b'/', b'=') => (AssignOp::Div, 2),
            (b'\\', b'=') => (AssignOp::Ratio, 2),
            _ => {
                self.pos = start;
                return Some(None);
            }
        };
        self.pos += len;
        self.skip();
        let value = self.expr_list(start)?;
        Some(Some(StmtKind::Assign { targets, op, value }))
    }

    /// `assign_target`: a name with indices and members (`Some(None)`: not a target).
    fn assign_target(&mut self) -> Option<Option<Expr>> {
        let start = self.pos;
        let Some(end) = lex::ident_at(self.s, start) else {
            return Some(None);
        };
        let mut cur = if self.at(end) == b':' && self.at(end + 1) == b':' {
            let (name, end) = self.qualified_name(start)?;
            self.pos = end;
            name
        } else {
            self.pos = end;
            Expr::new(
                ExprKind::Ident(self.name(start, end)),
                self.span(start, end),
            )
        };
        loop {
            let open = self.pos;
            let kind = match self.peek() {
                b'[' => ExprKind::Index {
                    target: Box::new(cur),
                    indices: self.index()?,
                },
                b'.' if self.at(open + 1) != b'.' => {
                    let Some(end) = lex::ident_at(self.s, open + 1) else {
                        break;
                    };
                    self.pos = end;
                    ExprKind::Member {
                        target: Box::new(cur),
                        name: self.name(open + 1, end),
                    }
                }
                _ => break,
            };
            cur = Expr::new(kind, self.span(start, self.pos));
        }
        Some(Some(cur))
    }

    /// `ref_assign`: `&b = a`.
    fn ref_assign(&mut self) -> Option<StmtKind> {
        self.pos += 1;
        self.skip();
        let (name, _, _) = self.ident()?;
        self.skip();
        if !self.at_set(self.pos) {
            return None;
        }
        self.pos += 1;
        self.skip();
        Some(StmtKind::RefAssign {
            name,
            value: self.expr()?,
        })
    }

    /// `annotation`: `@testing: case = "name"` (other annotations are empty statements).
    fn annotation(&mut self) -> Option<StmtKind> {
        self.pos += 1;
        self.skip();
        let start = self.pos;
        let (_, _, end) = self.ident()?;
        let testing = &self.src[start..end] == "testing";
        self.skip();
        let mut kvs = Vec::new();
        if self.eat(b':') {
            loop {
                self.skip();
                let key_start = self.pos;
                let key_end = lex::any_name_at(self.s, key_start)?;
                self.pos = key_end;
                self.skip();
                self.expect(b'=')?;
                self.skip();
                let value = self.expr()?;
                kvs.push((self.src[key_start..key_end].to_string(), Some(value)));
                if !self.eat(b',') {
                    break;
                }
            }
        }
        Some(if testing {
            test_case(kvs)
        } else {
            StmtKind::Empty
        })
    }
}
