//! Assignment: plain, compound (`+=`), multiple (`a, b = ...`), element (`x[i] = v`),
//! column/member (`t.col = v`) and reference (`&b = a`).

use super::Interp;
use crate::ast::{AssignOp, BinOp, Expr, ExprKind, Name, Span};
use crate::error::{Error, Result};
use crate::value::{Scalar, Value};

impl Interp {
    pub(crate) fn exec_assign(
        &mut self,
        targets: &[Expr],
        op: AssignOp,
        value: &Expr,
        span: Span,
    ) -> Result<()> {
        // A plain variable on the right (`s += i`) is read directly, skipping the general
        // evaluator; anything else, including an unknown name, takes the general path.
        let rhs = match &value.kind {
            ExprKind::Ident(name) => match self.lookup_var(name) {
                Some(v) => v.clone(),
                None => self.eval(value)?,
            },
            _ => self.eval(value)?,
        };
        if targets.len() == 1 {
            let target = &targets[0];
            let v = match op {
                AssignOp::Set => rhs,
                _ => {
                    let bop = match op {
                        AssignOp::Add => BinOp::Add,
                        AssignOp::Sub => BinOp::Sub,
                        AssignOp::Mul => BinOp::Mul,
                        AssignOp::Ratio => BinOp::Ratio,
                        _ => BinOp::Div,
                    };
                    if let (ExprKind::Ident(name), Value::Scalar(r)) = (&target.kind, &rhs) {
                        if self.update_scalar_in_place(name, bop, r)? {
                            return Ok(());
                        }
                    }
                    let old = self.eval(target)?;
                    crate::kernels::binary(bop, &old, &rhs)?
                }
            };
            return self.assign_to(target, v);
        }
        if op != AssignOp::Set {
            return Err(Error::syntax(
                "Compound assignment takes a single variable",
                span,
            ));
        }
        let parts = distribute(rhs, targets.len())?;
        for (t, v) in targets.iter().zip(parts) {
            self.assign_to(t, v)?;
        }
        Ok(())
    }

    /// `s += i` where `s` is a plain scalar variable of the current scope (no SQL overlay on
    /// top, no alias or constant in play) and the operation has a scalar fast path: updates
    /// the variable where it lives. `Ok(false)` when the general path must run instead.
    fn update_scalar_in_place(&mut self, name: &Name, op: BinOp, rhs: &Scalar) -> Result<bool> {
        if !self.scopes.last().is_none_or(|s| s.opaque) {
            return Ok(false);
        }
        super::validate::check_assignable(name)?;
        let scope = self.current_scope_mut();
        if !scope.aliases.is_empty() || !scope.consts.is_empty() {
            return Ok(false);
        }
        if let Some(Value::Scalar(old)) = scope.vars.get_mut(name) {
            if let Some(v) = crate::kernels::fast_scalar(op, old, rhs) {
                *old = v;
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// `&b = a`: `b` becomes an alias of variable `a` (or takes the value without a copy).
    pub(crate) fn exec_ref_assign(&mut self, name: &Name, value: &Expr) -> Result<()> {
        if let ExprKind::Ident(src) = &value.kind {
            if self.current_scope_mut().vars.contains_key(src) {
                let scope = self.current_scope_mut();
                scope.vars.remove(name);
                scope.aliases.insert(name.clone(), src.clone());
                return Ok(());
            }
        }
        let v = self.eval(value)?;
        self.set_var(name, v)
    }

    /// Stores `v` into an assignable expression.
    pub(crate) fn assign_to(&mut self, target: &Expr, v: Value) -> Result<()> {
        match &target.kind {
            ExprKind::Ident(name) => self.set_var(name, v),
            ExprKind::Index {
                target: inner,
                indices,
            } => {
                let idx = indices
                    .iter()
                    .map(|i| i.as_ref().map(|x| self.eval(x)).transpose())
                    .collect::<Result<Vec<_>>>()?;
                let mut container = self.eval(inner)?;
                super::index::assign_index(&mut container, &idx, v)?;
                self.assign_to(inner, container)
            }
            ExprKind::Member {
                target: inner,
                name,
            } => {
                let mut container = self.eval(inner)?;
                super::index::assign_member(&mut container, name, v)?;
                self.assign_to(inner, container)
            }
            _ => Err(Error::syntax(
                "The left side of an assignment must be a variable, an element or a column",
                target.span,
            )),
        }
    }

    /// Sets a variable in the current scope, following `&` aliases and refusing constants.
    pub(crate) fn set_var(&mut self, name: &Name, v: Value) -> Result<()> {
        super::validate::check_assignable(name)?;
        let scope = self.current_scope_mut();
        // The common case, rebinding an existing plain variable, updates its slot without
        // cloning the name or rehashing for an insert.
        if scope.aliases.is_empty() && scope.consts.is_empty() {
            if let Some(slot) = scope.vars.get_mut(name) {
                *slot = v;
                return Ok(());
            }
        }
        if scope.consts.contains(name) {
            return Err(Error::runtime(format!(
                "Constant variable [{name}] can't be modified."
            )));
        }
        let key = scope
            .aliases
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.clone());
        scope.vars.insert(key, v);
        Ok(())
    }
}

/// Splits the right side of `a, b, c = rhs` into one value per target: a tuple or vector of
/// the same length gives its elements, a matrix its columns, a table its rows, and anything
/// else is broadcast.
fn distribute(rhs: Value, n: usize) -> Result<Vec<Value>> {
    match &rhs {
        Value::Vector(v) if v.len() == n => Ok(v.iter_values().collect()),
        Value::Vector(v) if v.is_tuple() => Err(Error::length(format!(
            "The number of values ({}) doesn't match the number of variables ({n})",
            v.len()
        ))),
        Value::Matrix(m) if m.cols == n => Ok((0..n).map(|j| Value::vector(m.column(j))).collect()),
        Value::Table(t) if t.n_rows() == n => {
            Ok((0..n).map(|i| super::index::table_row(t, i)).collect())
        }
        Value::Pair(p) if n == 2 => Ok(p.iter_values().collect()),
        Value::Vector(_) | Value::Matrix(_) | Value::Table(_) => Err(Error::length(format!(
            "The number of values ({}) doesn't match the number of variables ({n})",
            rhs.size()
        ))),
        _ => Ok(vec![rhs; n]),
    }
}
