//! Postfix chains of the fast path (`postfix_expr`): calls, indexing, member access, method
//! calls and partial application, with their argument lists.

use super::super::lower::Lowered;
use super::lex;
use super::Parser;
use crate::ast::{Arg, BinOp, Expr, ExprKind, Name};
use crate::value::Value;

impl<'a> Parser<'a> {
    /// `postfix_expr`: a primary and its postfixes.
    pub(super) fn postfix_expr(&mut self) -> Option<Lowered> {
        let first = self.primary()?;
        self.postfix_chain(first)
    }

    /// `postfix*` after `cur`. `x.f` followed by `(...)` or `{...}` is the method form
    /// `f(x, ...)`, as in the lowering.
    pub(super) fn postfix_chain(&mut self, mut cur: Lowered) -> Option<Lowered> {
        let mut member_of: Option<(Expr, Name)> = None;
        loop {
            let paren = lex::spaces_end(self.s, self.pos);
            let pending = member_of.take();
            let start = cur.expr.span;
            let expr = match self.peek() {
                _ if self.at(paren) == b'(' => {
                    self.pos = paren;
                    let mut args = self.call_args()?;
                    let func = match pending {
                        Some((recv, name)) => {
                            args.insert(0, positional(recv));
                            Expr::new(ExprKind::Ident(name), cur.expr.span)
                        }
                        None => cur.expr,
                    };
                    let kind = ExprKind::Call {
                        func: Box::new(func),
                        args,
                    };
                    Expr::new(kind, start.to(self.span(paren, self.pos)))
                }
                b'[' => {
                    let open = self.pos;
                    let indices = self.index()?;
                    let kind = ExprKind::Index {
                        target: Box::new(cur.expr),
                        indices,
                    };
                    Expr::new(kind, start.to(self.span(open, self.pos)))
                }
                b'.' if self.at(self.pos + 1) != b'.' => {
                    let Some(end) = lex::ident_at(self.s, self.pos + 1) else {
                        break;
                    };
                    if self.at(end) == b':' && self.at(end + 1) == b':' {
                        return None;
                    }
                    let name = self.name(self.pos + 1, end);
                    let span = start.to(self.span(self.pos, end));
                    self.pos = end;
                    member_of = Some((cur.expr.clone(), name.clone()));
                    let kind = ExprKind::Member {
                        target: Box::new(cur.expr),
                        name,
                    };
                    Expr::new(kind, span)
                }
                b'{' => {
                    let open = self.pos;
                    let mut args = self.partial_args()?;
                    let func = match pending {
                        Some((recv, name)) => {
                            args.insert(0, Some(positional(recv)));
                            Expr::new(ExprKind::Ident(name), cur.expr.span)
                        }
                        None => cur.expr,
                    };
                    let kind = ExprKind::Partial {
                        func: Box::new(func),
                        args,
                    };
                    Expr::new(kind, start.to(self.span(open, self.pos)))
                }
                _ => break,
            };
            cur = Lowered::new(expr);
        }
        Some(cur)
    }

    /// `call_args`: `(a, b = 1, , *)`, at the `(`.
    fn call_args(&mut self) -> Option<Vec<Arg>> {
        self.expect(b'(')?;
        self.skip();
        let mut args = Vec::new();
        if self.eat(b')') {
            return Some(args);
        }
        loop {
            args.push(self.arg_slot()?);
            self.skip();
            if self.eat(b',') {
                self.skip();
                continue;
            }
            self.expect(b')')?;
            return Some(args);
        }
    }

    /// `arg_slot`: `star | named_arg | slice_to | arg ~ pair_open? | empty_arg`.
    fn arg_slot(&mut self) -> Option<Arg> {
        if let Some(star) = self.star() {
            return Some(positional(star));
        }
        if let Some(named) = self.named_arg() {
            return named;
        }
        if matches!(self.peek(), b',' | b')') {
            return Some(Arg {
                name: None,
                value: None,
            });
        }
        let start = self.pos;
        // `slice_to`: `:hi`, an open pair (`::f` is a qualified name: no expression starts
        // with a single `:`, so pest backs out of `slice_to` there).
        if self.peek() == b':' && self.at(self.pos + 1) != b':' {
            self.pos += 1;
            self.skip();
            let hi = self.expr()?;
            let span = self.span(start, self.pos);
            let null = Expr::new(ExprKind::Const(Value::NULL), span);
            return Some(positional(pair(null, hi, span)));
        }
        let lo = self.arg()?;
        let k = lex::spaces_end(self.s, self.pos + 1);
        if self.peek() == b':' && matches!(self.at(k), b')' | b',') {
            // `pair_open`: `lo:`, an open pair.
            self.pos = k;
            let span = self.span(start, k);
            let null = Expr::new(ExprKind::Const(Value::NULL), span);
            return Some(positional(pair(lo, null, span)));
        }
        Some(positional(lo))
    }

    /// `star`: `*` before `,`, `)`, `from`, a newline, `;` or the end.
    pub(super) fn star(&mut self) -> Option<Expr> {
        if self.peek() != b'*' {
            return None;
        }
        let k = lex::spaces_end(self.s, self.pos + 1);
        let next = self.at(k);
        let ok = matches!(next, b',' | b')' | b'\n' | b';' | 0) || lex::kw_ci(self.s, k, "from");
        if !ok {
            return None;
        }
        // `star = { "*" ~ &(...) }`: the rule's span takes the spaces before the lookahead.
        let start = self.pos;
        self.pos = k;
        Some(Expr::new(ExprKind::Star, self.span(start, k)))
    }

    /// `named_arg`: `name = value` (`None`: not a named argument; `Some(None)`: give up).
    fn named_arg(&mut self) -> Option<Option<Arg>> {
        let start = self.pos;
        let end = lex::any_name_at(self.s, start)?;
        let k = lex::spaces_end(self.s, end);
        if !self.at_set(k) {
            return None;
        }
        self.pos = k + 1;
        self.skip();
        let value = self.expr();
        Some(value.map(|v| Arg {
            name: Some(self.name(start, end)),
            value: Some(v),
        }))
    }

    /// `arg`: an expression, possibly aliased (`x as name`).
    pub(super) fn arg(&mut self) -> Option<Expr> {
        let start = self.pos;
        let expr = self.expr()?;
        if !lex::kw_ci(self.s, self.pos, "as") {
            return Some(expr);
        }
        let save = self.pos;
        self.pos += 2;
        self.skip();
        let Some((name, _, end)) = self.ident() else {
            self.pos = save;
            return Some(expr);
        };
        let kind = ExprKind::Alias {
            expr: Box::new(expr),
            name,
        };
        Some(Expr::new(kind, self.span(start, end)))
    }

    /// `index`: `[i]`, `[i, j]`, `[, j]`, `[1:]`, `[:3]`, at the `[`.
    pub(super) fn index(&mut self) -> Option<Vec<Option<Expr>>> {
        self.expect(b'[')?;
        let mut out = Vec::new();
        loop {
            self.skip();
            let start = self.pos;
            let null =
                |p: &Self, end: usize| Expr::new(ExprKind::Const(Value::NULL), p.span(start, end));
            if self.eat(b':') {
                // `slice_to`: `:hi`.
                self.skip();
                let hi = self.expr()?;
                let span = self.span(start, self.pos);
                out.push(Some(pair(null(self, self.pos), hi, span)));
            } else if matches!(self.peek(), b',' | b']') {
                out.push(None);
            } else {
                let lo = self.expr()?;
                let k = lex::spaces_end(self.s, self.pos + 1);
                if self.peek() == b':' && matches!(self.at(k), b']' | b',') {
                    // `slice_open`: `lo:`.
                    self.pos = k;
                    let span = self.span(start, k);
                    out.push(Some(pair(lo, null(self, k), span)));
                } else {
                    out.push(Some(lo));
                }
            }
            self.skip();
            if self.eat(b',') {
                continue;
            }
            self.expect(b']')?;
            return Some(out);
        }
    }

    /// `partial_args`: `{a, , c}`, at the `{`.
    fn partial_args(&mut self) -> Option<Vec<Option<Arg>>> {
        self.expect(b'{')?;
        self.skip();
        let mut out = Vec::new();
        if self.eat(b'}') {
            return Some(out);
        }
        loop {
            if let Some(named) = self.named_arg() {
                out.push(Some(named?));
            } else if matches!(self.peek(), b',' | b'}') {
                out.push(None);
            } else {
                out.push(Some(positional(self.expr()?)));
            }
            self.skip();
            if self.eat(b',') {
                self.skip();
                continue;
            }
            self.expect(b'}')?;
            return Some(out);
        }
    }
}

/// A positional argument.
pub(super) fn positional(value: Expr) -> Arg {
    Arg {
        name: None,
        value: Some(value),
    }
}

fn pair(lo: Expr, hi: Expr, span: crate::ast::Span) -> Expr {
    let kind = ExprKind::Binary {
        op: BinOp::Pair,
        lhs: Box::new(lo),
        rhs: Box::new(hi),
    };
    Expr::new(kind, span)
}
