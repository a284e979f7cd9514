//! Primary operands of the fast path (`primary` in `grammar/expr.pest`): literals, names,
//! prefix calls, brackets, metacode, templates on operators and lambdas.

use super::super::literal::{literal_items, token_value};
use super::super::lower::Lowered;
use super::lex;
use super::postfix::positional;
use super::Parser;
use crate::ast::{Expr, ExprKind, FuncBody, FuncDef, Param};
use crate::value::Value;
use std::sync::Arc;

impl<'a> Parser<'a> {
    /// `primary`, dispatched on its first character as the grammar does.
    pub(super) fn primary(&mut self) -> Option<Lowered> {
        let c = self.peek();
        match c {
            b'(' => return self.paren_primary(),
            b'[' => return self.array().map(Lowered::new),
            b'{' => return self.brace_primary().map(Lowered::new),
            // `<` passed as a function (`expr(6, <, 8)`): pest tries metacode first, which
            // cannot start with `,` or `)`, then `op_ref`.
            b'<' if !self.op_ref_shape() => return self.meta().map(Lowered::new),
            _ => {}
        }
        if lex::literal_start(self.s, self.pos) {
            return self.literal().map(Lowered::new);
        }
        if lex::ident_start(c) {
            return self.word_primary().map(Lowered::new);
        }
        if c == b':' {
            if self.at(self.pos + 1) != b':' {
                return None;
            }
            return self.qualified_primary(self.pos).map(Lowered::new);
        }
        self.symbol_primary().map(Lowered::new)
    }

    /// An operator symbol followed by `,` or `)` (`op_ref`).
    fn op_ref_shape(&self) -> bool {
        lex::op_symbol_at(self.s, self.pos)
            .is_some_and(|(_, e)| matches!(self.at(lex::spaces_end(self.s, e)), b',' | b')'))
    }

    /// `qualified` at `start`: `a::b::f` or `::add` (an empty first name), and its end.
    pub(super) fn qualified_name(&self, start: usize) -> Option<(Expr, usize)> {
        let mut names = Vec::new();
        let mut i = start;
        if self.at(i) == b':' {
            names.push(Arc::from(""));
        } else {
            let e = lex::ident_at(self.s, i)?;
            names.push(self.name(i, e));
            i = e;
        }
        while self.at(i) == b':' && self.at(i + 1) == b':' {
            let e = lex::ident_at(self.s, i + 2)?;
            names.push(self.name(i + 2, e));
            i = e;
        }
        // Templates on qualified names (`a::f:E`) are left to pest.
        if names.len() < 2 || (self.at(i) == b':' && self.at(i + 1).is_ascii_uppercase()) {
            return None;
        }
        Some((
            Expr::new(ExprKind::Qualified(names), self.span(start, i)),
            i,
        ))
    }

    /// `qualified` as an operand, or the prefix call it heads. Only `::f x` is a prefix
    /// call: for `a::f x` pest's lookahead `name_chars ~ ((":" | "::") ~ name_chars)* ~ ws`
    /// commits to `":"` at the first colon and fails, so `a::f` stays a plain operand.
    fn qualified_primary(&mut self, start: usize) -> Option<Expr> {
        let (func, i) = self.qualified_name(start)?;
        let k = lex::spaces_end(self.s, i);
        let root = self.at(start) == b':';
        if root && k > i && !lex::infix_shape(self.s, k) && lex::operand_start(self.s, k) {
            self.pos = k;
            return self.prefix_call(start, func);
        }
        self.pos = i;
        Some(func)
    }

    /// `literal`: one constant, or several separated by spaces (a vector).
    fn literal(&mut self) -> Option<Expr> {
        let start = self.pos;
        let (toks, end) = lex::literal(self.s, start)?;
        let mut items = Vec::with_capacity(toks.len());
        for (kind, a, b, neg) in toks {
            let a = if neg { a + 1 } else { a };
            items.push(token_value(kind, &self.src[a..b], neg).ok()?);
        }
        self.pos = end;
        let value = literal_items(items);
        Some(Expr::new(ExprKind::Const(value), self.span(start, end)))
    }

    /// `word_primary`: SQL, `case`, `def` lambdas, `x -> e`, prefix calls `f x`, names.
    fn word_primary(&mut self) -> Option<Expr> {
        let (s, i) = (self.s, self.pos);
        if lex::kw_ci(s, i, "select") || lex::kw_ci(s, i, "exec") {
            return self.select_expr();
        }
        if lex::kw_ci(s, i, "update") && self.at(i + 6) != b'!' {
            return self.update_expr();
        }
        if lex::kw_ci(s, i, "delete") {
            return self.delete_expr();
        }
        if lex::kw_ci(s, i, "insert") {
            return self.insert_expr();
        }
        if lex::kw_ci(s, i, "case") {
            return self.case_expr();
        }
        if lex::kw(s, i, "defg") || lex::kw(s, i, "def") {
            return self.def_lambda();
        }
        let mut ne = lex::word_end(s, i);
        while self.at(ne) == b'!' {
            ne = lex::word_end(s, ne + 1);
        }
        let end = lex::ident_at(s, i)?;
        match self.at(ne) {
            b' ' | b'-' => {
                let k = lex::spaces_end(s, ne);
                if self.at(k) == b'-' && self.at(k + 1) == b'>' {
                    return self.arrow_lambda();
                }
                if end != ne {
                    return None;
                }
                if self.at(ne) == b' ' && !lex::infix_shape(s, k) && lex::operand_start(s, k) {
                    // `prefix_call`: the name takes everything to its right as one argument.
                    let func = Expr::new(ExprKind::Ident(self.name(i, end)), self.span(i, end));
                    self.pos = k;
                    return self.prefix_call(i, func);
                }
            }
            b':' if self.at(ne + 1) == b':' && end == ne => return self.qualified_primary(i),
            // Templates (`f:E`) are left to pest.
            b':' if self.at(ne + 1) == b':' || self.at(ne + 1).is_ascii_uppercase() => return None,
            _ => {}
        }
        self.pos = end;
        Some(Expr::new(
            ExprKind::Ident(self.name(i, end)),
            self.span(i, end),
        ))
    }

    /// The argument of a prefix call (`prefix_arg`, at the position) and the call.
    fn prefix_call(&mut self, start: usize, func: Expr) -> Option<Expr> {
        let arg = self.expr()?;
        let kind = ExprKind::Call {
            func: Box::new(func),
            args: vec![positional(arg)],
        };
        Some(Expr::new(kind, self.span(start, self.pos)))
    }

    /// An operator symbol as an operand: `+:A x` (a prefix call of a template), `+:A`, or
    /// `<` passed as a function (`op_ref`).
    fn symbol_primary(&mut self) -> Option<Expr> {
        let start = self.pos;
        let (op, e) = lex::op_symbol_at(self.s, start)?;
        let func = Expr::new(ExprKind::OpRef(op), self.span(start, e));
        let (adverbs, end) = lex::adverbs_at(self.s, e);
        if adverbs.is_empty() {
            let k = lex::spaces_end(self.s, e);
            if !matches!(self.at(k), b',' | b')') {
                return None;
            }
            self.pos = e;
            return Some(func);
        }
        let kind = ExprKind::Adverb {
            func: Box::new(func),
            adverbs,
        };
        let templated = Expr::new(kind, self.span(start, end));
        let k = lex::spaces_end(self.s, end);
        if k > end && !lex::infix_shape(self.s, k) && lex::operand_start(self.s, k) {
            self.pos = k;
            return self.prefix_call(start, templated);
        }
        self.pos = end;
        Some(templated)
    }

    /// `paren_lambda | paren`.
    fn paren_primary(&mut self) -> Option<Lowered> {
        if let Some(params) = self.lambda_params(b'(', b')') {
            return self.arrow_body(params).map(Lowered::new);
        }
        self.paren()
    }

    /// `paren`: grouping `(x)`, a tuple `(a, b)`, `()` or `(x,)`.
    pub(super) fn paren(&mut self) -> Option<Lowered> {
        let start = self.pos;
        self.expect(b'(')?;
        self.skip();
        if self.eat(b')') {
            return Some(Lowered::new(Expr::new(
                ExprKind::Tuple(Vec::new()),
                self.span(start, self.pos),
            )));
        }
        let mut items = vec![self.expr()?];
        let mut trailing = false;
        while self.eat(b',') {
            self.skip();
            if self.peek() == b')' {
                trailing = true;
                break;
            }
            items.push(self.expr()?);
        }
        self.expect(b')')?;
        let span = self.span(start, self.pos);
        if items.len() == 1 && !trailing {
            let mut expr = items.pop().expect("one item was just counted");
            expr.span = span;
            return Some(Lowered {
                expr,
                grouped: true,
            });
        }
        Some(Lowered::new(Expr::new(ExprKind::Tuple(items), span)))
    }

    /// `array`: `[a, b as c, , d]` (an empty element is NULL).
    fn array(&mut self) -> Option<Expr> {
        let start = self.pos;
        self.expect(b'[')?;
        self.skip();
        let mut items = Vec::new();
        if !self.eat(b']') {
            loop {
                if matches!(self.peek(), b',' | b']') {
                    let span = self.span(self.pos, self.pos);
                    items.push(Expr::new(ExprKind::Const(Value::NULL), span));
                } else {
                    items.push(self.arg()?);
                }
                self.skip();
                if self.eat(b',') {
                    self.skip();
                    continue;
                }
                self.expect(b']')?;
                break;
            }
        }
        Some(Expr::new(
            ExprKind::Array(items),
            self.span(start, self.pos),
        ))
    }

    /// `brace_lambda | dict` (a `{def ...}` lambda is left to pest).
    fn brace_primary(&mut self) -> Option<Expr> {
        let start = self.pos;
        if let Some((_, params)) = self.lambda_params(b'{', 0) {
            let body = self.expr()?;
            self.expect(b'}')?;
            return Some(self.lambda(params, body, start));
        }
        self.pos += 1;
        self.skip();
        let mut entries = Vec::new();
        if !self.eat(b'}') {
            if lex::kw(self.s, self.pos, "def") || lex::kw(self.s, self.pos, "defg") {
                return None;
            }
            loop {
                let key = self.op_expr(true)?.expr;
                self.skip();
                self.expect(b':')?;
                self.skip();
                let value = self.expr()?;
                entries.push((key, value));
                if self.eat(b',') {
                    self.skip();
                    if self.eat(b'}') {
                        break;
                    }
                    continue;
                }
                self.expect(b'}')?;
                break;
            }
        }
        Some(Expr::new(
            ExprKind::Dict(entries),
            self.span(start, self.pos),
        ))
    }

    /// `meta`: `<expr>`.
    fn meta(&mut self) -> Option<Expr> {
        let start = self.pos;
        self.pos += 1;
        self.skip();
        let inner = self.expr()?;
        self.expect(b'>')?;
        Some(Expr::new(
            ExprKind::Meta(Box::new(inner)),
            self.span(start, self.pos),
        ))
    }

    /// The parameter list of `(x, y) -> e` (`close` = `)`) or `{x, y -> e}` (`close` = 0):
    /// the names, with the position left after `->`; `None` (position unchanged) when the
    /// text does not have that shape.
    fn lambda_params(&mut self, open: u8, close: u8) -> Option<(usize, Vec<Param>)> {
        let start = self.pos;
        if self.peek() != open {
            return None;
        }
        let mut i = lex::spaces_end(self.s, start + 1);
        let mut names = Vec::new();
        if let Some(e) = lex::ident_at(self.s, i) {
            names.push((i, e));
            i = lex::spaces_end(self.s, e);
            while self.at(i) == b',' {
                let j = lex::spaces_end(self.s, i + 1);
                let e = lex::ident_at(self.s, j)?;
                names.push((j, e));
                i = lex::spaces_end(self.s, e);
            }
        }
        if close != 0 {
            if self.at(i) != close {
                return None;
            }
            i = lex::spaces_end(self.s, i + 1);
        }
        if self.at(i) != b'-' || self.at(i + 1) != b'>' {
            return None;
        }
        self.pos = lex::spaces_end(self.s, i + 2);
        let params = names
            .into_iter()
            .map(|(a, b)| Param {
                name: self.name(a, b),
                default: None,
                mutable: false,
            })
            .collect();
        Some((start, params))
    }

    /// The body of `(x, y) -> e`, the position after `->`.
    fn arrow_body(&mut self, (start, params): (usize, Vec<Param>)) -> Option<Expr> {
        let body = self.expr()?;
        Some(self.lambda(params, body, start))
    }

    /// `arrow_lambda`: `x -> e`.
    fn arrow_lambda(&mut self) -> Option<Expr> {
        let start = self.pos;
        let (name, _, _) = self.ident()?;
        self.skip();
        if !(self.eat(b'-') && self.eat(b'>')) {
            return None;
        }
        self.skip();
        let param = Param {
            name,
            default: None,
            mutable: false,
        };
        self.arrow_body((start, vec![param]))
    }

    /// A lambda with an expression body spanning `start` to the position.
    fn lambda(&self, params: Vec<Param>, body: Expr, start: usize) -> Expr {
        let span = self.span(start, self.pos);
        let def = FuncDef {
            name: None,
            params,
            body: Some(FuncBody::Expr(Box::new(body))),
            aggregate: false,
            span,
        };
        Expr::new(ExprKind::Lambda(Arc::new(def)), span)
    }

    /// `lambda`: `def(x) {...}`, `def(x): e`, `defg(...)`.
    fn def_lambda(&mut self) -> Option<Expr> {
        let start = self.pos;
        let aggregate = lex::kw(self.s, start, "defg");
        self.pos += if aggregate { 4 } else { 3 };
        self.skip();
        let params = self.param_list()?;
        let body = self.func_body()??;
        let span = self.span(start, self.pos);
        let def = FuncDef {
            name: None,
            params,
            body: Some(body),
            aggregate,
            span,
        };
        Some(Expr::new(ExprKind::Lambda(Arc::new(def)), span))
    }

    /// `"(" ~ params? ~ rparen`, at the `(`; leaves the position after the spaces that follow.
    pub(super) fn param_list(&mut self) -> Option<Vec<Param>> {
        self.expect(b'(')?;
        self.skip();
        let mut params = Vec::new();
        if !self.eat(b')') {
            loop {
                params.push(self.param()?);
                self.skip();
                if self.eat(b',') {
                    self.skip();
                    continue;
                }
                self.expect(b')')?;
                break;
            }
        }
        self.skip();
        Some(params)
    }

    /// `param`: `[mutable] name [= default]`.
    fn param(&mut self) -> Option<Param> {
        let mut mutable = false;
        if lex::kw(self.s, self.pos, "mutable") {
            let k = lex::spaces_end(self.s, self.pos + 7);
            if lex::ident_start(self.at(k)) {
                mutable = true;
                self.pos = k;
            }
        }
        let start = self.pos;
        let end = lex::any_name_at(self.s, start)?;
        self.pos = end;
        let name = self.name(start, end);
        let save = self.pos;
        self.skip();
        let mut default = None;
        if self.at_set(self.pos) {
            self.pos += 1;
            self.skip();
            default = Some(self.expr()?);
        } else {
            self.pos = save;
        }
        Some(Param {
            name,
            default,
            mutable,
        })
    }

    /// `func_body`: `nls ~ { stmts }` or `(: | ->) expr`. `Some(None)` when there is none
    /// (the position is then unchanged); `None` to give up.
    pub(super) fn func_body(&mut self) -> Option<Option<FuncBody>> {
        let save = self.pos;
        self.newlines();
        if self.eat(b'{') {
            let stmts = self.stmts(true)?;
            self.expect(b'}')?;
            return Some(Some(FuncBody::Block(stmts)));
        }
        self.pos = save;
        if self.peek() == b':' {
            self.pos += 1;
        } else if self.peek() == b'-' && self.at(self.pos + 1) == b'>' {
            self.pos += 2;
        } else {
            return Some(None);
        }
        self.skip();
        Some(Some(FuncBody::Expr(Box::new(self.expr()?))))
    }
}
