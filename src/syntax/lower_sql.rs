//! Lowering of SQL: select/exec, update, delete, insert, and `case when`.

use super::lower::Lowerer;
use super::parser::Rule;
use crate::ast::{
    BinOp, Delete, Expr, ExprKind, FromItem, Grouping, Insert, InsertSource, JoinKind, Limit,
    OrderItem, Select, SelectItem, Update,
};
use crate::error::{Error, Result};
use pest::iterators::Pair;

impl Lowerer {
    /// Lowers a SQL expression pair; inside it `=` compares.
    pub fn lower_sql(&self, pair: Pair<Rule>) -> Result<Expr> {
        let span = self.span(&pair);
        self.with_sql(|| {
            let kind = match pair.as_rule() {
                Rule::select_expr => ExprKind::Select(Box::new(self.lower_select(pair)?)),
                Rule::update_expr => ExprKind::Update(Box::new(self.lower_update(pair)?)),
                Rule::delete_expr => ExprKind::Delete(Box::new(self.lower_delete(pair)?)),
                Rule::insert_expr => ExprKind::Insert(Box::new(self.lower_insert(pair)?)),
                Rule::case_expr => self.lower_case(pair)?,
                other => return Err(self.err(format!("unexpected SQL {other:?}"), &pair)),
            };
            Ok(Expr::new(kind, span))
        })
    }

    fn lower_select(&self, pair: Pair<Rule>) -> Result<Select> {
        let mut sel = Select {
            exec: false,
            distinct: false,
            top: None,
            columns: Vec::new(),
            from: None,
            where_: Vec::new(),
            group: None,
            csort: Vec::new(),
            having: Vec::new(),
            order_by: Vec::new(),
            limit: None,
        };
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::kw_exec => sel.exec = true,
                Rule::kw_distinct => sel.distinct = true,
                Rule::top_clause => sel.top = Some(self.lower_top(p)?),
                Rule::select_list => sel.columns = self.lower_items(p.into_inner())?,
                Rule::from_clause => sel.from = Some(self.lower_from(p)?),
                Rule::where_clause => sel.where_ = self.lower_exprs_after_kw(p)?,
                Rule::group_clause => {
                    let mut inner = p.into_inner();
                    let kind = inner.next().map(|k| k.as_rule());
                    let mut items = Vec::new();
                    for q in inner {
                        match q.as_rule() {
                            Rule::csort_clause => {
                                sel.csort = self.lower_order_items(q.into_inner())?;
                            }
                            _ => items.push(self.lower_item(q)?),
                        }
                    }
                    sel.group = Some(match kind {
                        Some(Rule::context_by) => Grouping::ContextBy(items),
                        Some(Rule::pivot_by) => Grouping::PivotBy(items),
                        _ => Grouping::GroupBy(items),
                    });
                }
                Rule::having_clause => sel.having = self.lower_exprs_after_kw(p)?,
                Rule::order_clause => sel.order_by = self.lower_order_items(p.into_inner())?,
                Rule::limit_clause => {
                    let mut exprs = self.lower_exprs_after_kw(p)?;
                    let count = exprs.pop().expect("the grammar requires a limit count");
                    sel.limit = Some(Limit {
                        offset: exprs.pop(),
                        count,
                    });
                }
                _ => {}
            }
        }
        Ok(sel)
    }

    /// `top n` / `top a:b`.
    fn lower_top(&self, pair: Pair<Rule>) -> Result<Expr> {
        let span = self.span(&pair);
        let mut parts = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::kw_top => {}
                Rule::ident => parts.push(self.lower_name(p)?),
                _ => parts.push(self.lower_primary(p)?.expr),
            }
        }
        let first = parts
            .first()
            .cloned()
            .ok_or_else(|| Error::syntax("expected top count", span))?;
        Ok(match parts.get(1) {
            Some(second) => Expr::new(
                ExprKind::Binary {
                    op: BinOp::Pair,
                    lhs: Box::new(first),
                    rhs: Box::new(second.clone()),
                },
                span,
            ),
            None => first,
        })
    }

    fn lower_items<'i>(
        &self,
        pairs: impl Iterator<Item = Pair<'i, Rule>>,
    ) -> Result<Vec<SelectItem>> {
        pairs.map(|p| self.lower_item(p)).collect()
    }

    /// `expr [as alias]` or `*`.
    fn lower_item(&self, pair: Pair<Rule>) -> Result<SelectItem> {
        let mut expr = None;
        let mut alias = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::kw_as => {}
                Rule::ident => alias = Some(Self::name(&p)),
                Rule::star => expr = Some(Expr::new(ExprKind::Star, self.span(&p))),
                _ => expr = Some(self.lower_expr(p)?),
            }
        }
        let expr = expr.ok_or_else(|| Error::syntax("expected column", Default::default()))?;
        Ok(SelectItem { expr, alias })
    }

    /// The expressions of a clause after its keyword (`where a, b`).
    fn lower_exprs_after_kw(&self, pair: Pair<Rule>) -> Result<Vec<Expr>> {
        pair.into_inner()
            .filter(|p| p.as_rule() == Rule::expr)
            .map(|p| self.lower_expr(p))
            .collect()
    }

    fn lower_order_items<'i>(
        &self,
        pairs: impl Iterator<Item = Pair<'i, Rule>>,
    ) -> Result<Vec<OrderItem>> {
        let mut out = Vec::new();
        for p in pairs.filter(|p| p.as_rule() == Rule::order_item) {
            let mut item = None;
            let mut desc = false;
            let mut nulls_first = None;
            for q in p.into_inner() {
                match q.as_rule() {
                    Rule::sort_desc => desc = true,
                    Rule::sort_asc => desc = false,
                    Rule::nulls_first => nulls_first = Some(true),
                    Rule::nulls_last => nulls_first = Some(false),
                    _ => item = Some(self.lower_expr(q)?),
                }
            }
            if let Some(expr) = item {
                out.push(OrderItem {
                    expr,
                    desc,
                    nulls_first,
                });
            }
        }
        Ok(out)
    }

    fn lower_from(&self, pair: Pair<Rule>) -> Result<FromItem> {
        let mut acc: Option<FromItem> = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::table_ref => acc = Some(self.lower_table_ref(p)?),
                Rule::join_part => {
                    let span = self.span(&p);
                    let left = acc.ok_or_else(|| Error::syntax("expected table", span))?;
                    let mut kind = JoinKind::Inner;
                    let mut right = None;
                    let mut on = Vec::new();
                    for q in p.into_inner() {
                        match q.as_rule() {
                            Rule::join_left_semi => kind = JoinKind::LeftSemi,
                            Rule::join_left => kind = JoinKind::Left,
                            Rule::join_full => kind = JoinKind::Full,
                            Rule::join_cross => kind = JoinKind::Cross,
                            Rule::join_inner => kind = JoinKind::Inner,
                            Rule::table_ref => right = Some(self.lower_table_ref(q)?),
                            Rule::expr => on.push(self.lower_expr(q)?),
                            _ => {}
                        }
                    }
                    let right = right.ok_or_else(|| Error::syntax("expected table", span))?;
                    acc = Some(FromItem::Join {
                        kind,
                        left: Box::new(left),
                        right: Box::new(right),
                        on,
                    });
                }
                _ => {}
            }
        }
        acc.ok_or_else(|| Error::syntax("expected table", Default::default()))
    }

    fn lower_table_ref(&self, pair: Pair<Rule>) -> Result<FromItem> {
        let span = self.span(&pair);
        let mut expr = None;
        let mut alias = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::from_primary => expr = Some(self.lower_postfix_expr(p)?.expr),
                Rule::ident => alias = Some(Self::name(&p)),
                _ => {}
            }
        }
        let expr = expr.ok_or_else(|| Error::syntax("expected table", span))?;
        Ok(FromItem::Table { expr, alias })
    }

    fn lower_update(&self, pair: Pair<Rule>) -> Result<Update> {
        let span = self.span(&pair);
        let mut table = None;
        let mut upd = Update {
            table: Expr::new(ExprKind::Star, span),
            sets: Vec::new(),
            from: None,
            where_: Vec::new(),
            context_by: Vec::new(),
        };
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::from_primary => table = Some(self.lower_postfix_expr(p)?.expr),
                Rule::set_item => {
                    let mut it = p.into_inner();
                    let (Some(name), Some(value)) = (it.next(), it.next()) else {
                        return Err(Error::syntax("expected column = value", span));
                    };
                    upd.sets.push((Self::name(&name), self.lower_expr(value)?));
                }
                Rule::from_clause => upd.from = Some(self.lower_from(p)?),
                Rule::where_clause => upd.where_ = self.lower_exprs_after_kw(p)?,
                Rule::expr => upd.context_by.push(self.lower_expr(p)?),
                _ => {}
            }
        }
        upd.table = table.ok_or_else(|| Error::syntax("expected table", span))?;
        Ok(upd)
    }

    fn lower_delete(&self, pair: Pair<Rule>) -> Result<Delete> {
        let span = self.span(&pair);
        let mut table = None;
        let mut where_ = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::from_primary => table = Some(self.lower_postfix_expr(p)?.expr),
                Rule::where_clause => where_ = self.lower_exprs_after_kw(p)?,
                _ => {}
            }
        }
        let table = table.ok_or_else(|| Error::syntax("expected table", span))?;
        Ok(Delete { table, where_ })
    }

    fn lower_insert(&self, pair: Pair<Rule>) -> Result<Insert> {
        let span = self.span(&pair);
        let mut table = None;
        let mut columns = None;
        let mut source = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::insert_table => {
                    table = Some(self.lower_name(self.first(&p, "table")?)?);
                }
                Rule::insert_columns => {
                    columns = Some(
                        p.into_inner()
                            .filter(|q| q.as_rule() == Rule::ident)
                            .map(|q| Self::name(&q))
                            .collect(),
                    );
                }
                Rule::values_clause => {
                    let mut rows = Vec::new();
                    for row in p.into_inner().filter(|q| q.as_rule() == Rule::values_row) {
                        rows.push(self.lower_exprs_after_kw(row)?);
                    }
                    source = Some(InsertSource::Values(rows));
                }
                Rule::select_expr => {
                    source = Some(InsertSource::Select(Box::new(self.lower_select(p)?)));
                }
                _ => {}
            }
        }
        let table = table.ok_or_else(|| Error::syntax("expected table", span))?;
        let source = source.ok_or_else(|| Error::syntax("expected values", span))?;
        Ok(Insert {
            table,
            columns,
            source,
        })
    }

    fn lower_case(&self, pair: Pair<Rule>) -> Result<ExprKind> {
        let mut whens = Vec::new();
        let mut els = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::case_when => {
                    let mut exprs = self.lower_exprs_after_kw(p)?.into_iter();
                    if let (Some(c), Some(v)) = (exprs.next(), exprs.next()) {
                        whens.push((c, v));
                    }
                }
                Rule::expr => els = Some(Box::new(self.lower_expr(p)?)),
                _ => {}
            }
        }
        Ok(ExprKind::Case { whens, els })
    }
}
