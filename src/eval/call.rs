//! Function calls: argument binding (positional, named, skipped), user functions and
//! closures, partial application, template (adverb) application, and the write-back that
//! gives in-place built-ins (`append!`) and `mutable` parameters their effect on variables.

use super::stmt::Flow;
use super::{Interp, Scope, MAX_CALL_DEPTH};
use crate::ast::{Arg, Expr, ExprKind, FuncBody, Name, Span};
use crate::builtins::Builtin;
use crate::error::{Error, Result};
use crate::value::{Function, PartialFunc, UserFunc, Value};

/// Arguments of one call. `None` in `pos` is a skipped argument (`f(, 3)`).
#[derive(Clone, Debug, Default)]
pub struct CallArgs {
    pub pos: Vec<Option<Value>>,
    pub named: Vec<(Name, Value)>,
}

impl CallArgs {
    pub fn positional(args: Vec<Value>) -> CallArgs {
        CallArgs {
            pos: args.into_iter().map(Some).collect(),
            named: Vec::new(),
        }
    }
}

impl Interp {
    pub(crate) fn eval_call(&mut self, func: &Expr, args: &[Arg], span: Span) -> Result<Value> {
        let callee = self.eval_callee(func)?;
        // `table(x, y as b)` names its columns after the argument expressions, which the
        // builtin cannot see: collect the names here and hand them over through the session.
        let is_table = matches!(callee.as_ref(), Function::Builtin(b) if b.name == "table");
        let mut column_names = Vec::new();
        let mut call = CallArgs::default();
        for a in args {
            let v = match &a.value {
                // `expr(a, *, 8)`: a bare `*` argument is the multiplication function.
                Some(Expr {
                    kind: ExprKind::Star,
                    ..
                }) if !is_table => super::call::builtin_fn("mul"),
                Some(e) => Some(self.eval(e)?),
                None => None,
            };
            if is_table {
                column_names.push(a.name.clone().or_else(|| match a.value.as_ref() {
                    Some(Expr {
                        kind: ExprKind::Ident(n),
                        ..
                    }) => Some(n.clone()),
                    Some(Expr {
                        kind: ExprKind::Alias { name, .. },
                        ..
                    }) => Some(name.clone()),
                    _ => None,
                }));
                call.pos.push(v);
                continue;
            }
            match (&a.name, v) {
                (Some(n), Some(v)) => call.named.push((n.clone(), v)),
                (_, v) => call.pos.push(v),
            }
        }
        self.inplace_updated = None;
        if is_table {
            self.pending_column_names = Some(column_names);
        }
        let result = self.call_function(&callee, call, Some(span));
        self.pending_column_names = None;
        let updated = self.inplace_updated.take();
        let result = result?;
        // In-place built-ins write their result back to the variable they were given;
        // others that modify their first argument (`tableInsert`) hand the new value over.
        if let Function::Builtin(b) = callee.as_ref() {
            // `in_place` names the argument that receives the result; a builtin that modified
            // its first argument without declaring it (a DFS `tableInsert`) hands it over.
            if let Some(target) = b.in_place.or(updated.is_some().then_some(0)) {
                if let Some(first) = args.get(target).and_then(|a| a.value.as_ref()) {
                    self.write_back(first, updated.unwrap_or_else(|| result.clone()))?;
                }
            }
        }
        let outs = std::mem::take(&mut self.mutable_out);
        if matches!(callee.as_ref(), Function::User(_)) {
            for (i, v) in outs {
                if let Some(e) = args.get(i).and_then(|a| a.value.as_ref()) {
                    self.write_back(e, v)?;
                }
            }
        }
        Ok(result)
    }

    /// Stores `v` into the variable (or element) that expression `target` names, if it
    /// names one; other expressions (temporaries) are left alone.
    fn write_back(&mut self, target: &Expr, v: Value) -> Result<()> {
        match &target.kind {
            ExprKind::Ident(_) | ExprKind::Index { .. } | ExprKind::Member { .. } => {
                if let ExprKind::Ident(n) = &target.kind {
                    if self.lookup_var(n).is_none() {
                        return Ok(());
                    }
                }
                self.assign_to(target, v)
            }
            _ => Ok(()),
        }
    }

    /// Calls any function value.
    pub fn call_function(
        &mut self,
        f: &Function,
        args: CallArgs,
        span: Option<Span>,
    ) -> Result<Value> {
        let res = match f {
            Function::Builtin(b) => self.call_builtin(b, args),
            Function::User(u) => self.call_user(u, args),
            Function::Partial(p) => self.call_partial(p, args, span),
            Function::Adverb { inner, adverbs } => {
                let pos = args
                    .pos
                    .into_iter()
                    .map(|a| a.unwrap_or(Value::NULL))
                    .collect();
                crate::builtins::apply_adverbs(self, inner, adverbs, pos)
            }
        };
        match span {
            Some(s) => res.map_err(|e| e.with_span(s)),
            None => res,
        }
    }

    fn call_builtin(&mut self, b: &'static Builtin, args: CallArgs) -> Result<Value> {
        let mut slots: Vec<Option<Value>> = args.pos;
        for (name, v) in args.named {
            let Some(i) = b.param_index(&name) else {
                return Err(Error::arity(format!(
                    "The function [{}] doesn't have a parameter named [{name}]. Usage: {}",
                    b.name, b.signature
                )));
            };
            if slots.len() <= i {
                slots.resize(i + 1, None);
            }
            slots[i] = Some(v);
        }
        let n = slots.len();
        if n < b.min_args || n > b.max_args {
            return Err(arity_error(b.name, b.min_args, b.max_args, n));
        }
        let vals: Vec<Value> = slots
            .into_iter()
            .map(|s| s.unwrap_or(Value::NULL))
            .collect();
        (b.func)(self, &vals)
    }

    fn call_user(&mut self, u: &UserFunc, args: CallArgs) -> Result<Value> {
        let def = &u.def;
        let name = def.name.as_deref().unwrap_or("lambda");
        let Some(body) = &def.body else {
            return Err(Error::runtime(format!(
                "The function [{name}] is declared but not defined."
            )));
        };
        self.check_interrupt()?;
        if self.depth >= MAX_CALL_DEPTH {
            return Err(Error::runtime(format!(
                "The function [{name}] exceeded the maximum call depth ({MAX_CALL_DEPTH})."
            )));
        }
        let n_params = def.params.len();
        if args.pos.len() > n_params {
            return Err(arity_error(
                name,
                required_params(u),
                n_params,
                args.pos.len(),
            ));
        }
        let mut slots: Vec<Option<Value>> = args.pos;
        slots.resize(n_params, None);
        for (pname, v) in args.named {
            let Some(i) = def.params.iter().position(|p| p.name == pname) else {
                return Err(Error::arity(format!(
                    "The function [{name}] doesn't have a parameter named [{pname}]."
                )));
            };
            slots[i] = Some(v);
        }
        let mut scope = Scope {
            opaque: true,
            ..Scope::default()
        };
        for (k, v) in &u.captured {
            scope.vars.insert(k.clone(), v.clone());
        }
        self.scopes.push(scope);
        self.depth += 1;
        if let Some(m) = &u.module {
            self.module_stack.push(m.clone());
        }
        let res = self.bind_and_run(u, slots, body, name);
        if u.module.is_some() {
            self.module_stack.pop();
        }
        self.depth -= 1;
        let scope = self.scopes.pop();
        let res = res?;
        // `mutable` parameters hand their final values back to the caller's variables.
        if let Some(scope) = scope {
            for (i, p) in def.params.iter().enumerate() {
                if p.mutable {
                    if let Some(v) = scope.vars.get(&p.name) {
                        self.mutable_out.push((i, v.clone()));
                    }
                }
            }
        }
        Ok(res)
    }

    fn bind_and_run(
        &mut self,
        u: &UserFunc,
        slots: Vec<Option<Value>>,
        body: &FuncBody,
        name: &str,
    ) -> Result<Value> {
        for (p, slot) in u.def.params.iter().zip(slots) {
            let v = match slot {
                Some(v) => v,
                None => match &p.default {
                    Some(d) => self.eval(d)?,
                    None => {
                        return Err(arity_error(name, required_params(u), u.def.params.len(), 0)
                            .with_note(format!("argument [{}] was not given", p.name)))
                    }
                },
            };
            let scope = self.scopes.last_mut().expect("call_user pushed a scope");
            scope.vars.insert(p.name.clone(), v);
        }
        match body {
            FuncBody::Expr(e) => self.eval(e),
            FuncBody::Block(stmts) => {
                let mut last = Value::NULL;
                for s in stmts {
                    match self.exec(s)? {
                        Flow::Normal(v) => {
                            if let Some(v) = v {
                                last = v;
                            }
                        }
                        Flow::Return(v) => return Ok(v),
                        Flow::Break | Flow::Continue => {
                            return Err(Error::syntax(
                                "break and continue can only be used inside a loop",
                                s.span,
                            ))
                        }
                    }
                }
                Ok(last)
            }
        }
    }

    fn call_partial(
        &mut self,
        p: &PartialFunc,
        args: CallArgs,
        span: Option<Span>,
    ) -> Result<Value> {
        let mut incoming = args.pos.into_iter();
        let mut pos: Vec<Option<Value>> = Vec::with_capacity(p.args.len());
        for fixed in &p.args {
            match fixed {
                Some(v) => pos.push(Some(v.clone())),
                None => pos.push(incoming.next().flatten()),
            }
        }
        pos.extend(incoming);
        let mut named = p.named.clone();
        for (n, v) in args.named {
            named.retain(|(k, _)| *k != n);
            named.push((n, v));
        }
        self.call_function(&p.func, CallArgs { pos, named }, span)
    }
}

fn required_params(u: &UserFunc) -> usize {
    u.def.params.iter().filter(|p| p.default.is_none()).count()
}

/// DolphinDB's wording for a wrong argument count.
pub fn arity_error(name: &str, min: usize, max: usize, actual: usize) -> Error {
    let expected = if min == max {
        format!("{min}")
    } else if max == usize::MAX {
        format!("at least {min}")
    } else {
        format!("{min} to {max}")
    };
    Error::arity(format!(
        "The function [{name}] expects {expected} argument(s), but the actual number of arguments is: {actual}"
    ))
}

/// The function value of a built-in, by name.
fn builtin_fn(name: &str) -> Option<Value> {
    crate::builtins::lookup(name)
        .map(|b| Value::Function(std::sync::Arc::new(Function::Builtin(b))))
}
