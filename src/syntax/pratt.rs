//! DolphinDB operator precedence, resolved with pest's Pratt parser. Higher levels bind
//! tighter; every level is left-associative:
//!
//! | level | operators |
//! |---|---|
//! | 18 | unary `-`, `!`, `not` |
//! | 15 | `:` pair, `..` seq |
//! | 10 | `* / \ % ** $ <-`, functions used infix (`x f y`, `x +:E y`, `in`, `not in`) |
//! | 8 | `+ -`, `add` `sub` used infix |
//! | 7 | `<< >>`, `lshift` `rshift` |
//! | 6 | `&`, `bitAnd` |
//! | 5 | `^`, `bitXor` |
//! | 4 | `\|`, `bitOr` |
//! | 3 | comparisons (chainable), `=` inside SQL, `is [not] null`, `lt le gt ge eq ne` |
//!
//! A built-in named after an operator keeps that operator's level when used infix, as in
//! DolphinDB's `2 add 3 sub 5 f1 5` (= -5, with the user function `f1` at the `*` level).
//! | 2 | `&&`, `and` |
//! | 1 | `\|\|`, `or` |
//!
//! Postfix calls, indexing and member access (level 20) are handled in `postfix_expr`.

use super::lower::{Lowered, Lowerer};
use super::parser::Rule;
use crate::ast::{BinOp, Expr, ExprKind, UnaryOp};
use crate::error::{Error, Result};
use pest::iterators::Pair;
use pest::pratt_parser::{Assoc, Op, PrattParser};
use std::sync::OnceLock;

/// The operator table (built once).
pub fn pratt() -> &'static PrattParser<Rule> {
    static PRATT: OnceLock<PrattParser<Rule>> = OnceLock::new();
    PRATT.get_or_init(|| {
        use Rule::*;
        let l = |r| Op::infix(r, Assoc::Left);
        PrattParser::new()
            .op(l(op_or))
            .op(l(op_and))
            .op(l(op_eq)
                | l(op_ne)
                | l(op_lt)
                | l(op_le)
                | l(op_gt)
                | l(op_ge)
                | l(op_assign_eq)
                | l(op_fn_cmp)
                | Op::postfix(op_is_null)
                | Op::postfix(op_is_not_null))
            .op(l(op_bitor) | l(op_fn_bitor))
            .op(l(op_bitxor) | l(op_fn_bitxor))
            .op(l(op_bitand) | l(op_fn_bitand))
            .op(l(op_shl) | l(op_shr) | l(op_fn_shift))
            .op(l(op_add) | l(op_sub) | l(op_fn_add))
            .op(l(op_mul)
                | l(op_div)
                | l(op_ratio)
                | l(op_mod)
                | l(op_dot)
                | l(op_cast)
                | l(op_join)
                | l(op_infix_fn)
                | l(op_adverb)
                | l(op_not_in))
            .op(l(op_pair) | l(op_seq))
            .op(Op::prefix(op_neg) | Op::prefix(op_not))
    })
}

/// The binary operator of a plain operator rule.
pub fn binop_of(rule: Rule) -> Option<BinOp> {
    use Rule::*;
    Some(match rule {
        op_or => BinOp::Or,
        op_and => BinOp::And,
        op_eq | op_assign_eq => BinOp::Eq,
        op_ne => BinOp::Ne,
        op_lt => BinOp::Lt,
        op_le => BinOp::Le,
        op_gt => BinOp::Gt,
        op_ge => BinOp::Ge,
        op_bitor => BinOp::BitOr,
        op_bitxor => BinOp::BitXor,
        op_bitand => BinOp::BitAnd,
        op_shl => BinOp::Shl,
        op_shr => BinOp::Shr,
        op_add => BinOp::Add,
        op_sub => BinOp::Sub,
        op_mul => BinOp::Mul,
        op_div => BinOp::Div,
        op_ratio => BinOp::Ratio,
        op_mod => BinOp::Mod,
        op_dot => BinOp::Dot,
        op_cast => BinOp::Cast,
        op_join => BinOp::Join,
        op_pair => BinOp::Pair,
        op_seq => BinOp::Seq,
        _ => return None,
    })
}

/// The operator named by its symbol (`+` in `+:A` or `expr(6, <, 8)`).
pub fn binop_of_symbol(sym: &str) -> Option<BinOp> {
    Some(match sym {
        "+" => BinOp::Add,
        "-" => BinOp::Sub,
        "*" => BinOp::Mul,
        "/" => BinOp::Div,
        "\\" => BinOp::Ratio,
        "%" => BinOp::Mod,
        "**" => BinOp::Dot,
        "$" => BinOp::Cast,
        "<-" => BinOp::Join,
        "==" => BinOp::Eq,
        "!=" | "<>" => BinOp::Ne,
        "<" => BinOp::Lt,
        "<=" => BinOp::Le,
        ">" => BinOp::Gt,
        ">=" => BinOp::Ge,
        "&&" => BinOp::And,
        "||" => BinOp::Or,
        "&" => BinOp::BitAnd,
        "|" => BinOp::BitOr,
        "^" => BinOp::BitXor,
        "<<" => BinOp::Shl,
        ">>" => BinOp::Shr,
        _ => return None,
    })
}

impl Lowerer {
    /// Lowers an `op_expr` / `op_expr_np` pair.
    pub fn lower_op_expr(&self, pair: Pair<Rule>) -> Result<Lowered> {
        let inner = pair.into_inner();
        // Most expressions are one operand without operators: that operand is a
        // `postfix_expr`, which the Pratt parser would only hand to `map_primary`; building
        // and dropping its closure map cost more than lowering a short operand.
        if inner.len() == 1 {
            if let Some(only) = inner.peek().filter(|p| p.as_rule() == Rule::postfix_expr) {
                return self.lower_postfix_expr(only);
            }
        }
        pratt()
            .map_primary(|p| self.lower_postfix_expr(p))
            .map_prefix(|op, rhs| {
                let rhs = rhs?;
                let span = self.span(&op).to(rhs.expr.span);
                let kind = ExprKind::Unary {
                    op: if op.as_rule() == Rule::op_neg {
                        UnaryOp::Neg
                    } else {
                        UnaryOp::Not
                    },
                    expr: Box::new(rhs.expr),
                };
                Ok(Lowered::new(Expr::new(kind, span)))
            })
            .map_postfix(|lhs, op| {
                let lhs = lhs?;
                let span = lhs.expr.span.to(self.span(&op));
                let test = self.call_named("isNull", vec![lhs.expr], span);
                Ok(Lowered::new(if op.as_rule() == Rule::op_is_not_null {
                    not(test)
                } else {
                    test
                }))
            })
            .map_infix(|lhs, op, rhs| self.lower_infix(lhs?, op, rhs?))
            .parse(inner)
    }

    fn lower_infix(&self, lhs: Lowered, op: Pair<Rule>, rhs: Lowered) -> Result<Lowered> {
        let span = lhs.expr.span.to(rhs.expr.span);
        let rule = op.as_rule();
        if rule == Rule::op_assign_eq && !self.in_sql() {
            return Err(Error::syntax(
                "Please use '==' rather than '=' as equal operator in non-sql expression.",
                self.span(&op),
            ));
        }
        if let Some(bin) = binop_of(rule) {
            return Ok(Lowered::new(chain_or_binary(lhs, bin, rhs.expr, span)));
        }
        let args = vec![lhs.expr, rhs.expr];
        let expr = match rule {
            Rule::op_infix_fn
            | Rule::op_fn_add
            | Rule::op_fn_shift
            | Rule::op_fn_bitand
            | Rule::op_fn_bitxor
            | Rule::op_fn_bitor
            | Rule::op_fn_cmp => {
                let name = op
                    .into_inner()
                    .next()
                    .ok_or_else(|| Error::syntax("expected function name", span))?;
                let func = self.lower_name(name)?;
                self.call(func, args, span)
            }
            Rule::op_adverb => {
                let func = self.lower_adverb_func(op)?;
                self.call(func, args, span)
            }
            Rule::op_not_in => {
                let name = op
                    .into_inner()
                    .find(|p| p.as_rule() == Rule::not_fn)
                    .map(|p| p.as_str().to_ascii_lowercase())
                    .unwrap_or_else(|| "in".to_string());
                not(self.call_named(&name, args, span))
            }
            other => {
                return Err(Error::syntax(
                    format!("unexpected operator {other:?}"),
                    self.span(&op),
                ))
            }
        };
        Ok(Lowered::new(expr))
    }
}

/// `a < b` then `<= c`: a chained comparison unless the left side was parenthesised.
pub(super) fn chain_or_binary(lhs: Lowered, op: BinOp, rhs: Expr, span: crate::ast::Span) -> Expr {
    if op.is_comparison() && !lhs.grouped {
        match lhs.expr.kind {
            ExprKind::Binary {
                op: first_op,
                lhs: first,
                rhs: second,
            } if first_op.is_comparison() => {
                let kind = ExprKind::Chain {
                    first,
                    rest: vec![(first_op, *second), (op, rhs)],
                };
                return Expr::new(kind, span);
            }
            ExprKind::Chain { first, mut rest } => {
                rest.push((op, rhs));
                return Expr::new(ExprKind::Chain { first, rest }, span);
            }
            kind => {
                let lhs = Expr::new(kind, lhs.expr.span);
                return binary(op, lhs, rhs, span);
            }
        }
    }
    binary(op, lhs.expr, rhs, span)
}

fn binary(op: BinOp, lhs: Expr, rhs: Expr, span: crate::ast::Span) -> Expr {
    Expr::new(
        ExprKind::Binary {
            op,
            lhs: Box::new(lhs),
            rhs: Box::new(rhs),
        },
        span,
    )
}

/// `!e` with the span of `e`.
pub fn not(e: Expr) -> Expr {
    let span = e.span;
    Expr::new(
        ExprKind::Unary {
            op: UnaryOp::Not,
            expr: Box::new(e),
        },
        span,
    )
}
