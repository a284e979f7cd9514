//! Expressions of the fast path: the ternary, operator precedence (the levels of
//! `syntax::pratt`, all left-associative) and unary prefixes.

use super::super::lower::Lowered;
use super::super::pratt::{chain_or_binary, not};
use super::lex;
use super::Parser;
use crate::ast::{Arg, BinOp, Expr, ExprKind, UnaryOp};
use std::sync::Arc;

/// Precedence levels, as `syntax::pratt` builds them (higher binds tighter).
const OR: u8 = 1;
const AND: u8 = 2;
const CMP: u8 = 3;
const BITOR: u8 = 4;
const BITXOR: u8 = 5;
const BITAND: u8 = 6;
const SHIFT: u8 = 7;
const ADD: u8 = 8;
const MUL: u8 = 9;
const PAIR: u8 = 10;

/// What a binary operator builds.
enum OpKind {
    Bin(BinOp),
    /// A function used infix (`x f y`, `2 add 3`): the name's start and end.
    Fn(usize, usize),
    /// A template applied infix (`x +:C y`): the function expression.
    Adverb(Expr),
    /// `not in`, `not like`, `not between`: the negated function.
    NotIn(&'static str),
}

struct Infix {
    kind: OpKind,
    prec: u8,
    end: usize,
}

fn bin_prec(op: BinOp) -> u8 {
    use BinOp::*;
    match op {
        Or => OR,
        And => AND,
        Eq | Ne | Lt | Le | Gt | Ge => CMP,
        BitOr => BITOR,
        BitXor => BITXOR,
        BitAnd => BITAND,
        Shl | Shr => SHIFT,
        Add | Sub => ADD,
        Mul | Div | Ratio | Mod | Dot | Cast | Join => MUL,
        Pair | Seq => PAIR,
    }
}

impl<'a> Parser<'a> {
    /// `expr`: operators, then an optional `? then : else`. Ends after the spaces that
    /// follow, as pest's rule does.
    pub(super) fn expr(&mut self) -> Option<Expr> {
        self.enter()?;
        let start = self.pos;
        let cond = self.op_expr(false)?.expr;
        self.skip();
        let out = if self.eat(b'?') {
            self.skip();
            let then = self.op_expr(true)?.expr;
            self.skip();
            self.expect(b':')?;
            self.skip();
            let els = self.expr()?;
            let kind = ExprKind::Ternary {
                cond: Box::new(cond),
                then: Box::new(then),
                els: Box::new(els),
            };
            Expr::new(kind, self.span(start, self.pos))
        } else {
            cond
        };
        self.leave();
        Some(out)
    }

    /// `op_expr` (or `op_expr_np` without the pair operator `:` when `np`). Ends at the end
    /// of its last operand.
    pub(super) fn op_expr(&mut self, np: bool) -> Option<Lowered> {
        self.climb(0, np)
    }

    /// Precedence climbing: operators binding tighter than `min`. pest's
    /// `(infix ~ operand)*` gives an operator back when no operand follows it (`<x > 3>`
    /// ends before the last `>`); here that is an operator followed by an expression end.
    fn climb(&mut self, min: u8, np: bool) -> Option<Lowered> {
        let mut lhs = self.operand()?;
        loop {
            let save = self.pos;
            self.skip();
            let Some(op) = self.infix(np)? else {
                self.pos = save;
                break;
            };
            if op.prec <= min {
                self.pos = save;
                break;
            }
            self.pos = op.end;
            self.skip();
            if matches!(self.peek(), 0 | b'\n' | b';' | b')' | b']' | b'}' | b',') {
                self.pos = save;
                break;
            }
            let rhs = self.climb(op.prec, np)?.expr;
            lhs = self.combine(lhs, op.kind, rhs);
        }
        Some(lhs)
    }

    fn combine(&self, lhs: Lowered, kind: OpKind, rhs: Expr) -> Lowered {
        let span = lhs.expr.span.to(rhs.span);
        let call = |func: Expr, lhs: Expr, rhs: Expr| {
            let args = [lhs, rhs]
                .into_iter()
                .map(|v| Arg {
                    name: None,
                    value: Some(v),
                })
                .collect();
            let kind = ExprKind::Call {
                func: Box::new(func),
                args,
            };
            Expr::new(kind, span)
        };
        Lowered::new(match kind {
            OpKind::Bin(op) => chain_or_binary(lhs, op, rhs, span),
            OpKind::Fn(a, b) => {
                let func = Expr::new(ExprKind::Ident(self.name(a, b)), self.span(a, b));
                call(func, lhs.expr, rhs)
            }
            OpKind::Adverb(func) => call(func, lhs.expr, rhs),
            OpKind::NotIn(name) => {
                let func = Expr::new(ExprKind::Ident(Arc::from(name)), span);
                not(call(func, lhs.expr, rhs))
            }
        })
    }

    /// `operand`: prefix operators and a postfix expression. The SQL tests `is [not] null`
    /// are left to pest.
    fn operand(&mut self) -> Option<Lowered> {
        let e = self.prefixed()?;
        if lex::starts_ci(self.s, lex::spaces_end(self.s, self.pos), "is") {
            let i = lex::spaces_end(self.s, self.pos);
            if !lex::ident_char(self.at(i + 2)) {
                return None;
            }
        }
        Some(e)
    }

    fn prefixed(&mut self) -> Option<Lowered> {
        let start = self.pos;
        let Some((op, end)) = self.prefix_op() else {
            return self.postfix_expr();
        };
        self.enter()?;
        self.pos = end;
        self.skip();
        let rhs = self.prefixed()?;
        self.leave();
        let span = self.span(start, end).to(rhs.expr.span);
        let kind = ExprKind::Unary {
            op,
            expr: Box::new(rhs.expr),
        };
        Some(Lowered::new(Expr::new(kind, span)))
    }

    /// `op_neg` / `op_not` at the position, and their end.
    fn prefix_op(&self) -> Option<(UnaryOp, usize)> {
        let (s, i) = (self.s, self.pos);
        match self.peek() {
            b'-' => {
                let n = self.at(i + 1);
                let blocked = lex::digit(n)
                    || (n == b'.' && lex::digit(self.at(i + 2)))
                    || n == b'>'
                    || lex::adverb_at(s, i + 1).is_some()
                    || matches!(self.at(lex::spaces_end(s, i + 1)), b',' | b')');
                (!blocked).then_some((UnaryOp::Neg, i + 1))
            }
            b'!' => (self.at(i + 1) != b'=').then_some((UnaryOp::Not, i + 1)),
            b'n' | b'N' if lex::kw_ci(s, i, "not") => {
                let k = lex::spaces_end(s, i + 3);
                let negated_fn = k > i + 3
                    && ["in", "like", "between"]
                        .iter()
                        .any(|w| lex::kw_ci(s, k, w));
                (!negated_fn).then_some((UnaryOp::Not, i + 3))
            }
            _ => None,
        }
    }

    /// `infix`: the binary operator at the position, if any (`Some(None)`: none; `None`:
    /// give up).
    fn infix(&mut self, np: bool) -> Option<Option<Infix>> {
        let i = self.pos;
        let c = self.peek();
        let bin = |op: BinOp, len: usize| {
            Some(Some(Infix {
                kind: OpKind::Bin(op),
                prec: bin_prec(op),
                end: i + len,
            }))
        };
        match c {
            0 | b')' | b',' | b'\n' | b';' | b']' | b'}' => return Some(None),
            _ if lex::ident_start(c) => return self.word_infix(),
            b':' if self.at(i + 1) == b':' => return None,
            _ => {}
        }
        if self.adverb_guard() {
            return self.op_adverb().map(Some);
        }
        let n = self.at(i + 1);
        match c {
            b'=' if n == b'=' => bin(BinOp::Eq, 2),
            // `=` compares only inside SQL; elsewhere pest's lowering reports it.
            b'=' if !self.at_set(i) => Some(None),
            b'=' if self.in_sql() => bin(BinOp::Eq, 1),
            b'=' => None,
            b'<' => match n {
                b'>' => bin(BinOp::Ne, 2),
                b'=' => bin(BinOp::Le, 2),
                b'<' => bin(BinOp::Shl, 2),
                b'-' => bin(BinOp::Join, 2),
                _ => bin(BinOp::Lt, 1),
            },
            b'>' => match n {
                b'=' => bin(BinOp::Ge, 2),
                b'>' => bin(BinOp::Shr, 2),
                _ => bin(BinOp::Gt, 1),
            },
            b'+' => bin(BinOp::Add, 1),
            // `op_sub = { "-" ~ !">" }` and `op_pair = { ":" ~ !":" }` skip spaces before
            // their lookaheads.
            b'-' if self.after_spaces(i + 1) == b'>' => Some(None),
            b'-' => bin(BinOp::Sub, 1),
            b'*' if n == b'*' => bin(BinOp::Dot, 2),
            b'*' => bin(BinOp::Mul, 1),
            b'/' => bin(BinOp::Div, 1),
            b'.' if n == b'.' => bin(BinOp::Seq, 2),
            b':' if np || self.after_spaces(i + 1) == b':' => Some(None),
            b':' => bin(BinOp::Pair, 1),
            b'|' if n == b'|' => bin(BinOp::Or, 2),
            b'|' => bin(BinOp::BitOr, 1),
            b'&' if n == b'&' => bin(BinOp::And, 2),
            b'&' => bin(BinOp::BitAnd, 1),
            b'!' if n == b'=' => bin(BinOp::Ne, 2),
            b'%' => bin(BinOp::Mod, 1),
            b'$' => bin(BinOp::Cast, 1),
            b'\\' => bin(BinOp::Ratio, 1),
            b'^' => bin(BinOp::BitXor, 1),
            _ => Some(None),
        }
    }

    /// `adverb_guard`: one or two operator characters, `:` and a template letter.
    fn adverb_guard(&self) -> bool {
        let op_char = |c: u8| b"+-*<>=/&|!%^$\\".contains(&c);
        let i = self.pos;
        if !op_char(self.at(i)) {
            return false;
        }
        let colon = if op_char(self.at(i + 1)) {
            i + 2
        } else {
            i + 1
        };
        self.at(colon) == b':' && b"ELRPOATCUGXHV".contains(&self.at(colon + 1))
    }

    /// `op_adverb` with an operator symbol: `+:C` followed by an operand.
    fn op_adverb(&mut self) -> Option<Infix> {
        let i = self.pos;
        let (op, e) = lex::op_symbol_at(self.s, i)?;
        let (adverbs, end) = lex::adverbs_at(self.s, e);
        if adverbs.is_empty() || !lex::infix_operand_start(self.s, lex::spaces_end(self.s, end)) {
            return None;
        }
        let func = Expr::new(ExprKind::OpRef(op), self.span(i, e));
        let kind = ExprKind::Adverb {
            func: Box::new(func),
            adverbs,
        };
        Some(Infix {
            kind: OpKind::Adverb(Expr::new(kind, self.span(i, end))),
            prec: MUL,
            end,
        })
    }

    /// `word_infix`: `or`, `and`, `not in`, and functions used infix.
    fn word_infix(&mut self) -> Option<Option<Infix>> {
        let (s, i) = (self.s, self.pos);
        let word = |kind, prec, end| Some(Some(Infix { kind, prec, end }));
        if lex::kw_ci(s, i, "or") {
            return word(OpKind::Bin(BinOp::Or), OR, i + 2);
        }
        if lex::kw_ci(s, i, "and") {
            return word(OpKind::Bin(BinOp::And), AND, i + 3);
        }
        if lex::kw_ci(s, i, "not") && self.at(i + 3) == b' ' {
            let k = lex::spaces_end(s, i + 3);
            for name in ["in", "like", "between"] {
                if lex::kw_ci(s, k, name) {
                    return word(OpKind::NotIn(name), MUL, k + name.len());
                }
            }
        }
        // Templates and qualified names (`x f:E y`, `x a::f y`) are left to pest.
        let mut e = lex::word_end(s, i);
        while self.at(e) == b'!' {
            e = lex::word_end(s, e + 1);
        }
        if self.at(e) == b':' && (self.at(e + 1) == b':' || self.at(e + 1).is_ascii_uppercase()) {
            return None;
        }
        if lex::reserved_at(s, i) {
            return Some(None);
        }
        const OPERATOR_FNS: &[(&str, u8)] = &[
            ("add", ADD),
            ("sub", ADD),
            ("lshift", SHIFT),
            ("rshift", SHIFT),
            ("bitAnd", BITAND),
            ("bitXor", BITXOR),
            ("bitOr", BITOR),
            ("lt", CMP),
            ("le", CMP),
            ("gt", CMP),
            ("ge", CMP),
            ("eq", CMP),
            ("ne", CMP),
        ];
        let after = |end: usize| lex::infix_operand_start(s, lex::spaces_end(s, end));
        for &(name, prec) in OPERATOR_FNS {
            let end = i + name.len();
            if s[i..].starts_with(name.as_bytes())
                && !lex::ident_char(self.at(end))
                && !matches!(self.at(end), b'!' | b':')
                && after(end)
            {
                return word(OpKind::Fn(i, end), prec, end);
            }
        }
        if lex::clause_word(s, i) {
            return Some(None);
        }
        let Some(end) = lex::ident_at(s, i) else {
            return Some(None);
        };
        if self.at(end) == b':' && self.at(end + 1) == b':' {
            return None;
        }
        if !after(end) {
            return Some(None);
        }
        word(OpKind::Fn(i, end), MUL, end)
    }
}
