//! SQL of the fast path (`grammar/sql.pest`): select/exec with their clauses, update,
//! delete, insert and `case when`. Inside them `=` compares.

use super::super::literal::{token_value, LitKind};
use super::lex;
use super::Parser;
use crate::ast::{
    BinOp, Delete, Expr, ExprKind, FromItem, Grouping, Insert, InsertSource, JoinKind, Limit,
    OrderItem, Select, SelectItem, Update,
};

impl<'a> Parser<'a> {
    /// `select_expr` as an operand.
    pub(super) fn select_expr(&mut self) -> Option<Expr> {
        let start = self.pos;
        let sel = self.with_sql(|p| p.select())?;
        Some(Expr::new(
            ExprKind::Select(Box::new(sel)),
            self.span(start, self.pos),
        ))
    }

    /// `select_expr`: ends after the spaces following its last clause.
    fn select(&mut self) -> Option<Select> {
        let exec = lex::kw_ci(self.s, self.pos, "exec");
        self.pos += if exec { 4 } else { 6 };
        self.skip();
        let mut sel = Select {
            exec,
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
        if lex::kw_ci(self.s, self.pos, "distinct")
            && self.at(lex::spaces_end(self.s, self.pos + 8)) != b'('
        {
            sel.distinct = true;
            self.pos += 8;
            self.skip();
        }
        if lex::kw_ci(self.s, self.pos, "top") {
            sel.top = Some(self.top()?);
            self.skip();
        }
        sel.columns = self.select_items()?;
        if lex::kw_ci(self.s, self.pos, "from") {
            sel.from = Some(self.table_clause()?);
        }
        if self.eat_kw_ci("where") {
            self.skip();
            sel.where_ = self.exprs()?;
        }
        let group = [("group", 0), ("context", 1), ("pivot", 2)]
            .into_iter()
            .find_map(|(w, g)| self.by_clause(w).map(|e| (g, e)));
        if let Some((g, end)) = group {
            self.pos = end;
            self.skip();
            let items = self.select_items()?;
            if self.eat_kw_ci("csort") {
                self.skip();
                sel.csort = self.order_items()?;
            }
            sel.group = Some(match g {
                0 => Grouping::GroupBy(items),
                1 => Grouping::ContextBy(items),
                _ => Grouping::PivotBy(items),
            });
        }
        if self.eat_kw_ci("having") {
            self.skip();
            sel.having = self.exprs()?;
        }
        if let Some(end) = self.by_clause("order") {
            self.pos = end;
            self.skip();
            sel.order_by = self.order_items()?;
        }
        if self.eat_kw_ci("limit") {
            self.skip();
            let first = self.expr()?;
            sel.limit = Some(if self.eat(b',') {
                self.skip();
                Limit {
                    offset: Some(first),
                    count: self.expr()?,
                }
            } else {
                Limit {
                    offset: None,
                    count: first,
                }
            });
        }
        Some(sel)
    }

    /// `group by`, `context by`, `pivot by`, `order by` at the position: the end.
    fn by_clause(&self, word: &str) -> Option<usize> {
        let i = self.pos;
        if !lex::starts_ci(self.s, i, word) || self.at(i + word.len()) != b' ' {
            return None;
        }
        let k = lex::spaces_end(self.s, i + word.len());
        lex::kw_ci(self.s, k, "by").then_some(k + 2)
    }

    /// `top_clause`: `top n` or `top a:b`.
    fn top(&mut self) -> Option<Expr> {
        let start = self.pos;
        self.pos += 3;
        if self.peek() != b' ' {
            return None;
        }
        self.skip();
        let first = self.top_part()?;
        let Some(second) = (self.peek() == b':').then(|| {
            self.pos += 1;
            self.top_part()
        }) else {
            return Some(first);
        };
        let kind = ExprKind::Binary {
            op: BinOp::Pair,
            lhs: Box::new(first),
            rhs: Box::new(second?),
        };
        Some(Expr::new(kind, self.span(start, self.pos)))
    }

    /// `int_lit | ident` in a top clause.
    fn top_part(&mut self) -> Option<Expr> {
        let start = self.pos;
        if let Some((LitKind::Int, end)) = lex::scalar(self.s, start) {
            let value = token_value(LitKind::Int, &self.src[start..end], false).ok()?;
            self.pos = end;
            return Some(Expr::new(ExprKind::Const(value), self.span(start, end)));
        }
        let (name, _, end) = self.ident()?;
        Some(Expr::new(ExprKind::Ident(name), self.span(start, end)))
    }

    /// `select_item ~ ("," ~ select_item)*`; leaves the position after the spaces.
    fn select_items(&mut self) -> Option<Vec<SelectItem>> {
        let mut items = Vec::new();
        loop {
            let expr = match self.star() {
                Some(star) => star,
                None => self.expr()?,
            };
            self.skip();
            let mut alias = None;
            if self.eat_kw_ci("as") {
                self.skip();
                alias = Some(self.ident()?.0);
                self.skip();
            }
            items.push(SelectItem { expr, alias });
            if !self.eat(b',') {
                return Some(items);
            }
            self.skip();
        }
    }

    /// `expr ~ ("," ~ expr)*`.
    fn exprs(&mut self) -> Option<Vec<Expr>> {
        let mut out = vec![self.expr()?];
        while self.eat(b',') {
            self.skip();
            out.push(self.expr()?);
        }
        Some(out)
    }

    /// `order_item ~ ("," ~ order_item)*`.
    fn order_items(&mut self) -> Option<Vec<OrderItem>> {
        let mut out = Vec::new();
        loop {
            let expr = self.expr()?;
            let mut desc = false;
            if self.eat_kw_ci("asc") {
                self.skip();
            } else if self.eat_kw_ci("desc") {
                desc = true;
                self.skip();
            }
            let mut nulls_first = None;
            if lex::starts_ci(self.s, self.pos, "nulls") && self.at(self.pos + 5) == b' ' {
                let k = lex::spaces_end(self.s, self.pos + 5);
                for (w, first) in [("first", true), ("last", false)] {
                    if lex::kw_ci(self.s, k, w) {
                        nulls_first = Some(first);
                        self.pos = k + w.len();
                        self.skip();
                    }
                }
            }
            out.push(OrderItem {
                expr,
                desc,
                nulls_first,
            });
            if !self.eat(b',') {
                return Some(out);
            }
            self.skip();
        }
    }

    /// `from_clause`: a table and its joins.
    fn table_clause(&mut self) -> Option<FromItem> {
        self.pos += 4;
        self.skip();
        let mut acc = self.table_ref()?;
        while let Some((kind, end)) = self.join_kind() {
            self.pos = end;
            self.skip();
            let right = self.table_ref()?;
            let mut on = Vec::new();
            if self.eat_kw_ci("on") {
                self.skip();
                on = self.exprs()?;
            }
            acc = FromItem::Join {
                kind,
                left: Box::new(acc),
                right: Box::new(right),
                on,
            };
        }
        Some(acc)
    }

    /// `join_kind` at the position, and its end.
    fn join_kind(&self) -> Option<(JoinKind, usize)> {
        let s = self.s;
        // A sequence of case-insensitive words separated by spaces, the last a whole word.
        let words = |mut i: usize, ws: &[&str]| {
            for (n, w) in ws.iter().enumerate() {
                if n + 1 == ws.len() {
                    return lex::kw_ci(s, i, w).then_some(i + w.len());
                }
                if !lex::starts_ci(s, i, w) || lex::at(s, i + w.len()) != b' ' {
                    return None;
                }
                i = lex::spaces_end(s, i + w.len());
            }
            None
        };
        let i = self.pos;
        [
            (JoinKind::LeftSemi, &["left", "semi", "join"][..]),
            (JoinKind::Left, &["left", "join"]),
            (JoinKind::Left, &["left", "outer", "join"]),
            (JoinKind::Full, &["full", "join"]),
            (JoinKind::Full, &["full", "outer", "join"]),
            (JoinKind::Cross, &["cross", "join"]),
            (JoinKind::Inner, &["inner", "join"]),
            (JoinKind::Inner, &["join"]),
        ]
        .into_iter()
        .find_map(|(kind, ws)| words(i, ws).map(|end| (kind, end)))
    }

    /// `table_ref`: a table expression and an optional alias; ends after the spaces.
    fn table_ref(&mut self) -> Option<FromItem> {
        let expr = self.table_primary()?;
        self.skip();
        let mut alias = None;
        if self.eat_kw_ci("as") {
            self.skip();
            alias = Some(self.ident()?.0);
            self.skip();
        } else if !lex::clause_word(self.s, self.pos) && self.join_kind().is_none() {
            if let Some((name, _, _)) = self.ident() {
                alias = Some(name);
                self.skip();
            }
        }
        Some(FromItem::Table { expr, alias })
    }

    /// `from_primary`: `(...)` or a name, with postfixes.
    fn table_primary(&mut self) -> Option<Expr> {
        let first = if self.peek() == b'(' {
            self.paren()?
        } else {
            let (name, start, end) = self.ident()?;
            if self.at(end) == b':' && self.at(end + 1) == b':' {
                return None;
            }
            super::super::lower::Lowered::new(Expr::new(
                ExprKind::Ident(name),
                self.span(start, end),
            ))
        };
        Some(self.postfix_chain(first)?.expr)
    }

    /// `update_expr`
    pub(super) fn update_expr(&mut self) -> Option<Expr> {
        let start = self.pos;
        let upd = self.with_sql(|p| {
            p.pos += 6;
            p.skip();
            let table = p.table_primary()?;
            p.skip();
            if !p.eat_kw_ci("set") {
                return None;
            }
            let mut sets = Vec::new();
            loop {
                p.skip();
                let (name, _, _) = p.ident()?;
                p.skip();
                if !p.at_set(p.pos) {
                    return None;
                }
                p.pos += 1;
                p.skip();
                sets.push((name, p.expr()?));
                if !p.eat(b',') {
                    break;
                }
            }
            let mut upd = Update {
                table,
                sets,
                from: None,
                where_: Vec::new(),
                context_by: Vec::new(),
            };
            if lex::kw_ci(p.s, p.pos, "from") {
                upd.from = Some(p.table_clause()?);
            }
            if p.eat_kw_ci("where") {
                p.skip();
                upd.where_ = p.exprs()?;
            }
            if let Some(end) = p.by_clause("context") {
                p.pos = end;
                p.skip();
                upd.context_by = p.exprs()?;
            }
            Some(upd)
        })?;
        Some(Expr::new(
            ExprKind::Update(Box::new(upd)),
            self.span(start, self.pos),
        ))
    }

    /// `delete_expr`
    pub(super) fn delete_expr(&mut self) -> Option<Expr> {
        let start = self.pos;
        let del = self.with_sql(|p| {
            p.pos += 6;
            p.skip();
            if !p.eat_kw_ci("from") {
                return None;
            }
            p.skip();
            let table = p.table_primary()?;
            p.skip();
            let mut where_ = Vec::new();
            if p.eat_kw_ci("where") {
                p.skip();
                where_ = p.exprs()?;
            }
            Some(Delete { table, where_ })
        })?;
        Some(Expr::new(
            ExprKind::Delete(Box::new(del)),
            self.span(start, self.pos),
        ))
    }

    /// `insert_expr`
    pub(super) fn insert_expr(&mut self) -> Option<Expr> {
        let start = self.pos;
        let ins = self.with_sql(|p| {
            p.pos += 6;
            p.skip();
            if !p.eat_kw_ci("into") {
                return None;
            }
            p.skip();
            let (name, a, b) = p.ident()?;
            if p.at(b) == b':' && p.at(b + 1) == b':' {
                return None;
            }
            let table = Expr::new(ExprKind::Ident(name), p.span(a, b));
            p.skip();
            let mut columns = None;
            if p.eat(b'(') {
                let mut cols = Vec::new();
                loop {
                    p.skip();
                    cols.push(p.ident()?.0);
                    p.skip();
                    if !p.eat(b',') {
                        break;
                    }
                }
                p.expect(b')')?;
                p.skip();
                columns = Some(cols);
            }
            let source = if p.eat_kw_ci("values") {
                let mut rows = Vec::new();
                loop {
                    p.skip();
                    p.expect(b'(')?;
                    p.skip();
                    rows.push(p.exprs()?);
                    p.expect(b')')?;
                    let row_end = p.pos;
                    p.skip();
                    if !p.eat(b',') {
                        // pest's `("," ~ values_row)*` gives back the spaces after a last
                        // row, but not those after a single row.
                        if rows.len() > 1 {
                            p.pos = row_end;
                        }
                        break;
                    }
                }
                InsertSource::Values(rows)
            } else if lex::kw_ci(p.s, p.pos, "select") || lex::kw_ci(p.s, p.pos, "exec") {
                InsertSource::Select(Box::new(p.select()?))
            } else {
                return None;
            };
            Some(Insert {
                table,
                columns,
                source,
            })
        })?;
        Some(Expr::new(
            ExprKind::Insert(Box::new(ins)),
            self.span(start, self.pos),
        ))
    }

    /// `case_expr`: `case when c then v ... [else e] end`.
    pub(super) fn case_expr(&mut self) -> Option<Expr> {
        let start = self.pos;
        let kind = self.with_sql(|p| {
            p.pos += 4;
            p.skip();
            let mut whens = Vec::new();
            while p.eat_kw_ci("when") {
                p.skip();
                let cond = p.expr()?;
                if !p.eat_kw_ci("then") {
                    return None;
                }
                p.skip();
                whens.push((cond, p.expr()?));
            }
            if whens.is_empty() {
                return None;
            }
            let mut els = None;
            if p.eat_kw_ci("else") {
                p.skip();
                els = Some(Box::new(p.expr()?));
            }
            if !p.eat_kw_ci("end") {
                return None;
            }
            Some(ExprKind::Case { whens, els })
        })?;
        Some(Expr::new(kind, self.span(start, self.pos)))
    }
}
