//! Lowering of expressions: ternary, operands, postfix chains, literals, lambdas.

use super::literal::{is_literal_rule, literal_value};
use super::lower::{Lowered, Lowerer};
use super::parser::Rule;
use super::pratt::binop_of_symbol;
use crate::ast::{Adverb, AdverbKind, Arg, Expr, ExprKind, FuncBody, FuncDef, Param};
use crate::error::{Error, Result};
use crate::value::Value;
use pest::iterators::Pair;
use std::sync::Arc;

impl Lowerer {
    /// Lowers an `expr` pair (or any pair that wraps one expression).
    pub fn lower_expr(&self, pair: Pair<Rule>) -> Result<Expr> {
        match pair.as_rule() {
            Rule::expr => {}
            Rule::op_expr | Rule::op_expr_np => return Ok(self.lower_op_expr(pair)?.expr),
            _ => return Ok(self.lower_primary(pair)?.expr),
        }
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let first = inner
            .next()
            .ok_or_else(|| Error::syntax("expected expression", span))?;
        let cond = self.lower_op_expr(first)?.expr;
        let Some(_question) = inner.next() else {
            return Ok(cond);
        };
        let (Some(then), Some(els)) = (inner.next(), inner.next()) else {
            return Err(Error::syntax("expected ':' of the ternary operator", span));
        };
        let kind = ExprKind::Ternary {
            cond: Box::new(cond),
            then: Box::new(self.lower_expr(then)?),
            els: Box::new(self.lower_expr(els)?),
        };
        Ok(Expr::new(kind, span))
    }

    /// Lowers a `postfix_expr` (or `assign_target` / `from_primary`): a primary and its
    /// calls, indices, members and partial applications.
    pub fn lower_postfix_expr(&self, pair: Pair<Rule>) -> Result<Lowered> {
        let mut inner = pair.into_inner();
        let first = inner
            .next()
            .ok_or_else(|| Error::syntax("expected expression", crate::ast::Span::default()))?;
        let mut cur = self.lower_primary(first)?;
        // `x.f` followed by `(...)` or `{...}` is the method form `f(x, ...)`.
        let mut member_of: Option<(Expr, Arc<str>)> = None;
        for p in inner {
            let span = cur.expr.span.to(self.span(&p));
            let pending = member_of.take();
            let expr = match p.as_rule() {
                Rule::call_args => {
                    let mut args = self.lower_args(p)?;
                    let func = match pending {
                        Some((recv, name)) => {
                            args.insert(
                                0,
                                Arg {
                                    name: None,
                                    value: Some(recv),
                                },
                            );
                            Expr::new(ExprKind::Ident(name), cur.expr.span)
                        }
                        None => cur.expr,
                    };
                    let kind = ExprKind::Call {
                        func: Box::new(func),
                        args,
                    };
                    Expr::new(kind, span)
                }
                Rule::partial_args => {
                    let mut args = self.lower_partial_args(p)?;
                    let func = match pending {
                        Some((recv, name)) => {
                            args.insert(
                                0,
                                Some(Arg {
                                    name: None,
                                    value: Some(recv),
                                }),
                            );
                            Expr::new(ExprKind::Ident(name), cur.expr.span)
                        }
                        None => cur.expr,
                    };
                    let kind = ExprKind::Partial {
                        func: Box::new(func),
                        args,
                    };
                    Expr::new(kind, span)
                }
                Rule::index => {
                    let indices = self.lower_index(p)?;
                    let kind = ExprKind::Index {
                        target: Box::new(cur.expr),
                        indices,
                    };
                    Expr::new(kind, span)
                }
                Rule::member => {
                    let name = Self::name(&self.first(&p, "member name")?);
                    member_of = Some((cur.expr.clone(), name.clone()));
                    let kind = ExprKind::Member {
                        target: Box::new(cur.expr),
                        name,
                    };
                    Expr::new(kind, span)
                }
                other => {
                    return Err(self.err(format!("unexpected postfix {other:?}"), &p));
                }
            };
            cur = Lowered::new(expr);
        }
        Ok(cur)
    }

    fn lower_args(&self, pair: Pair<Rule>) -> Result<Vec<Arg>> {
        let mut args = Vec::new();
        let mut inner = pair.into_inner().peekable();
        while let Some(p) = inner.next() {
            let arg = match p.as_rule() {
                Rule::rparen => continue,
                Rule::empty_arg => Arg {
                    name: None,
                    value: None,
                },
                // `:hi`: an open pair `NULL:hi`, as in an index.
                Rule::slice_to => {
                    let span = self.span(&p);
                    let hi = self.lower_expr(self.first(&p, "expression")?)?;
                    let null = Expr::new(ExprKind::Const(Value::NULL), span);
                    positional(open_pair(null, hi, span))
                }
                // `lo:`: the argument is followed by its `pair_open`.
                Rule::arg if inner.peek().is_some_and(|n| n.as_rule() == Rule::pair_open) => {
                    let colon = inner.next().expect("peeked just above");
                    let span = self.span(&p).to(self.span(&colon));
                    let lo = self.lower_expr(p)?;
                    let null = Expr::new(ExprKind::Const(Value::NULL), span);
                    positional(open_pair(lo, null, span))
                }
                _ => self.lower_arg(p)?,
            };
            args.push(arg);
        }
        Ok(args)
    }

    /// A named argument, `*` or a plain expression.
    fn lower_arg(&self, p: Pair<Rule>) -> Result<Arg> {
        Ok(match p.as_rule() {
            Rule::named_arg => {
                let mut it = p.into_inner();
                let name = it.next().map(|n| Self::name(&n));
                let value = it.next().map(|v| self.lower_expr(v)).transpose()?;
                Arg { name, value }
            }
            Rule::star => Arg {
                name: None,
                value: Some(Expr::new(ExprKind::Star, self.span(&p))),
            },
            _ => Arg {
                name: None,
                value: Some(self.lower_expr(p)?),
            },
        })
    }

    fn lower_partial_args(&self, pair: Pair<Rule>) -> Result<Vec<Option<Arg>>> {
        let mut args = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::rbrace => {}
                Rule::hole => args.push(None),
                _ => args.push(Some(self.lower_arg(p)?)),
            }
        }
        Ok(args)
    }

    fn lower_index(&self, pair: Pair<Rule>) -> Result<Vec<Option<Expr>>> {
        let mut out = Vec::new();
        for p in pair.into_inner() {
            let span = self.span(&p);
            let null = || Expr::new(ExprKind::Const(Value::NULL), span);
            let pair_of = |lo: Expr, hi: Expr| open_pair(lo, hi, span);
            match p.as_rule() {
                Rule::rbracket => {}
                Rule::empty_slot => out.push(None),
                Rule::slice_to => {
                    let hi = self.lower_expr(self.first(&p, "expression")?)?;
                    out.push(Some(pair_of(null(), hi)));
                }
                Rule::index_expr => {
                    let mut inner = p.clone().into_inner();
                    let lo = self.lower_expr(self.first(&p, "expression")?)?;
                    if inner.nth(1).is_some() {
                        out.push(Some(pair_of(lo, null())));
                    } else {
                        out.push(Some(lo));
                    }
                }
                _ => out.push(Some(self.lower_expr(p)?)),
            }
        }
        Ok(out)
    }

    /// Lowers one primary operand.
    pub fn lower_primary(&self, pair: Pair<Rule>) -> Result<Lowered> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        if is_literal_rule(rule) {
            let value = literal_value(pair).map_err(|m| Error::syntax(m, span))?;
            return Ok(Lowered::new(Expr::new(ExprKind::Const(value), span)));
        }
        let kind = match rule {
            Rule::postfix_expr | Rule::assign_target | Rule::from_primary => {
                return self.lower_postfix_expr(pair)
            }
            Rule::expr | Rule::op_expr | Rule::op_expr_np | Rule::prefix_arg => {
                let inner = if rule == Rule::prefix_arg {
                    self.first(&pair, "expression")?
                } else {
                    pair
                };
                return Ok(Lowered::new(self.lower_expr(inner)?));
            }
            Rule::ident | Rule::qualified => return Ok(Lowered::new(self.lower_name(pair)?)),
            Rule::arg => {
                let mut inner = pair.into_inner();
                let e = inner
                    .next()
                    .ok_or_else(|| Error::syntax("expected expression", span))?;
                let e = self.lower_expr(e)?;
                // `x as name`: the keyword, then the name.
                match inner.nth(1) {
                    Some(name) => ExprKind::Alias {
                        expr: Box::new(e),
                        name: Self::name(&name),
                    },
                    None => return Ok(Lowered::new(e)),
                }
            }
            Rule::paren => return self.lower_paren(pair),
            Rule::array => {
                let items = pair
                    .into_inner()
                    .filter(|p| p.as_rule() != Rule::rbracket)
                    .map(|p| {
                        if p.as_rule() == Rule::empty_item {
                            let s = self.span(&p);
                            return Ok(Expr::new(ExprKind::Const(crate::value::Value::NULL), s));
                        }
                        self.lower_expr(p)
                    })
                    .collect::<Result<Vec<_>>>()?;
                ExprKind::Array(items)
            }
            Rule::dict => {
                let mut entries = Vec::new();
                for e in pair
                    .into_inner()
                    .filter(|p| p.as_rule() == Rule::dict_entry)
                {
                    let mut kv = e.into_inner();
                    let (Some(k), Some(v)) = (kv.next(), kv.next()) else {
                        return Err(Error::syntax("expected key: value", span));
                    };
                    entries.push((self.lower_expr(k)?, self.lower_expr(v)?));
                }
                ExprKind::Dict(entries)
            }
            Rule::meta => {
                ExprKind::Meta(Box::new(self.lower_expr(self.first(&pair, "expression")?)?))
            }
            Rule::prefix_call => {
                let mut inner = pair.into_inner();
                let (Some(head), Some(arg)) = (inner.next(), inner.next()) else {
                    return Err(Error::syntax("expected function and argument", span));
                };
                let func = self.lower_primary(head)?.expr;
                let arg = self.lower_primary(arg)?.expr;
                return Ok(Lowered::new(self.call(func, vec![arg], span)));
            }
            Rule::func_adverb => return Ok(Lowered::new(self.lower_adverb_func(pair)?)),
            Rule::op_ref => {
                let op = binop_of_symbol(pair.as_str())
                    .ok_or_else(|| self.err("unknown operator", &pair))?;
                ExprKind::OpRef(op)
            }
            Rule::lambda => ExprKind::Lambda(Arc::new(self.lower_func_def(pair, false)?)),
            Rule::paren_lambda | Rule::arrow_lambda | Rule::brace_lambda => {
                return Ok(Lowered::new(self.lower_arrow_lambda(pair)?))
            }
            Rule::select_expr
            | Rule::update_expr
            | Rule::delete_expr
            | Rule::insert_expr
            | Rule::case_expr => return Ok(Lowered::new(self.lower_sql(pair)?)),
            other => return Err(self.err(format!("unexpected operand {other:?}"), &pair)),
        };
        Ok(Lowered::new(Expr::new(kind, span)))
    }

    /// `ident` or `qualified` to `Ident` / `Qualified`.
    pub fn lower_name(&self, pair: Pair<Rule>) -> Result<Expr> {
        let span = self.span(&pair);
        Ok(match pair.as_rule() {
            Rule::qualified => {
                let mut names: Vec<Arc<str>> = Vec::new();
                if pair.as_str().starts_with("::") {
                    names.push(Arc::from(""));
                }
                names.extend(pair.into_inner().map(|p| Self::name(&p)));
                Expr::new(ExprKind::Qualified(names), span)
            }
            _ => Expr::new(ExprKind::Ident(Self::name(&pair)), span),
        })
    }

    /// `f:E:L`, `+:A` (from `func_adverb` or the infix `op_adverb`).
    pub fn lower_adverb_func(&self, pair: Pair<Rule>) -> Result<Expr> {
        let span = self.span(&pair);
        let mut func = None;
        let mut adverbs = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::adverb => {
                    let mut kind = None;
                    let mut assemble = None;
                    for part in p.into_inner() {
                        let c = part.as_str().chars().next();
                        match part.as_rule() {
                            Rule::adverb_kind => kind = c.and_then(AdverbKind::from_letter),
                            _ => assemble = c,
                        }
                    }
                    let kind = kind.ok_or_else(|| Error::syntax("unknown template", span))?;
                    adverbs.push(Adverb { kind, assemble });
                }
                Rule::adverb_op_symbol => {
                    let op = binop_of_symbol(p.as_str())
                        .ok_or_else(|| self.err("unknown operator", &p))?;
                    func = Some(Expr::new(ExprKind::OpRef(op), self.span(&p)));
                }
                _ => {
                    func = Some(self.lower_name(p)?);
                }
            }
        }
        let func = func.ok_or_else(|| Error::syntax("expected function", span))?;
        let kind = ExprKind::Adverb {
            func: Box::new(func),
            adverbs,
        };
        Ok(Expr::new(kind, span))
    }

    fn lower_paren(&self, pair: Pair<Rule>) -> Result<Lowered> {
        let span = self.span(&pair);
        let mut items = Vec::new();
        let mut trailing = false;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::rparen | Rule::empty_tuple => {}
                Rule::trailing_comma => trailing = true,
                _ => items.push(self.lower_expr(p)?),
            }
        }
        if items.len() == 1 && !trailing {
            let mut expr = items.pop().expect("one item was just counted");
            expr.span = span;
            return Ok(Lowered {
                expr,
                grouped: true,
            });
        }
        Ok(Lowered::new(Expr::new(ExprKind::Tuple(items), span)))
    }

    /// `x -> e`, `(x, y) -> e`, `{x, y -> e}`, `{def(x): e}`.
    fn lower_arrow_lambda(&self, pair: Pair<Rule>) -> Result<Expr> {
        let span = self.span(&pair);
        let mut params = Vec::new();
        let mut body = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => params.push(Param {
                    name: Self::name(&p),
                    default: None,
                    mutable: false,
                }),
                Rule::lambda => {
                    let def = self.lower_func_def(p, false)?;
                    return Ok(Expr::new(ExprKind::Lambda(Arc::new(def)), span));
                }
                Rule::rbrace => {}
                _ => body = Some(self.lower_expr(p)?),
            }
        }
        let body = body.ok_or_else(|| Error::syntax("expected lambda body", span))?;
        let def = FuncDef {
            name: None,
            params,
            body: Some(FuncBody::Expr(Box::new(body))),
            aggregate: false,
            span,
        };
        Ok(Expr::new(ExprKind::Lambda(Arc::new(def)), span))
    }

    pub fn lower_params(&self, pair: Pair<Rule>) -> Result<Vec<Param>> {
        let mut out = Vec::new();
        for p in pair.into_inner() {
            let mut param = Param {
                name: Arc::from(""),
                default: None,
                mutable: false,
            };
            for part in p.into_inner() {
                match part.as_rule() {
                    Rule::kw_mutable => param.mutable = true,
                    Rule::ident | Rule::any_name => param.name = Self::name(&part),
                    _ => param.default = Some(self.lower_expr(part)?),
                }
            }
            out.push(param);
        }
        Ok(out)
    }
}

/// `lo:hi` with one bound a NULL constant: an open slice or open pair.
fn open_pair(lo: Expr, hi: Expr, span: crate::ast::Span) -> Expr {
    let kind = ExprKind::Binary {
        op: crate::ast::BinOp::Pair,
        lhs: Box::new(lo),
        rhs: Box::new(hi),
    };
    Expr::new(kind, span)
}

/// A positional argument.
fn positional(value: Expr) -> Arg {
    Arg {
        name: None,
        value: Some(value),
    }
}
