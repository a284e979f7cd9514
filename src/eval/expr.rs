//! Expression evaluation.

use super::call::CallArgs;
use super::Interp;
use crate::ast::{BinOp, Expr, ExprKind, Name};
use crate::error::{Error, Result};
use crate::value::{
    vector_from_values, Dict, Function, PartialFunc, Scalar, Type, UserFunc, Value, Vector,
};
use std::sync::Arc;

impl Interp {
    /// Evaluates an expression; errors get the expression's span if they have none.
    pub fn eval(&mut self, e: &Expr) -> Result<Value> {
        self.eval_inner(e).map_err(|err| err.with_span(e.span))
    }

    fn eval_inner(&mut self, e: &Expr) -> Result<Value> {
        match &e.kind {
            ExprKind::Const(v) => Ok(v.clone()),
            ExprKind::Ident(name) => self.eval_ident(name),
            ExprKind::Qualified(path) => self
                .resolve_qualified(path)
                .map(Value::Function)
                .ok_or_else(|| {
                    Error::not_found(format!("Can't recognize function {}", path.join("::")))
                }),
            ExprKind::Array(items) => {
                let vals = items
                    .iter()
                    .map(|x| self.eval(x))
                    .collect::<Result<Vec<_>>>()?;
                Ok(Value::vector(vector_from_values(vals)))
            }
            ExprKind::Tuple(items) => {
                let vals = items
                    .iter()
                    .map(|x| self.eval(x))
                    .collect::<Result<Vec<_>>>()?;
                Ok(Value::vector(Vector::tuple(vals)))
            }
            ExprKind::Dict(entries) => self.eval_dict_literal(entries),
            ExprKind::Unary { op, expr } => {
                let v = self.eval(expr)?;
                crate::kernels::unary(*op, &v)
            }
            ExprKind::Binary { op, lhs, rhs } => {
                let a = self.eval(lhs)?;
                let b = self.eval(rhs)?;
                binary(*op, &a, &b)
            }
            ExprKind::Chain { first, rest } => {
                let mut left = self.eval(first)?;
                let mut acc: Option<Value> = None;
                for (op, rhs) in rest {
                    let right = self.eval(rhs)?;
                    let cmp = binary(*op, &left, &right)?;
                    acc = Some(match acc {
                        None => cmp,
                        Some(prev) => binary(BinOp::And, &prev, &cmp)?,
                    });
                    left = right;
                }
                Ok(acc.unwrap_or(left))
            }
            ExprKind::Ternary { cond, then, els } => {
                let c = self.eval(cond)?;
                match &c {
                    Value::Scalar(s) => {
                        if s.truthy() {
                            self.eval(then)
                        } else {
                            self.eval(els)
                        }
                    }
                    _ => {
                        let a = self.eval(then)?;
                        let b = self.eval(els)?;
                        crate::builtins::iif(&c, &a, &b)
                    }
                }
            }
            ExprKind::Call { func, args } => self.eval_call(func, args, e.span),
            ExprKind::Partial { func, args } => {
                let f = self.eval_callee(func)?;
                let mut fixed = Vec::with_capacity(args.len());
                let mut named = Vec::new();
                for a in args {
                    match a {
                        None => fixed.push(None),
                        Some(arg) => {
                            let v = match &arg.value {
                                Some(x) => Some(self.eval(x)?),
                                None => None,
                            };
                            match (&arg.name, v) {
                                (Some(n), Some(v)) => named.push((n.clone(), v)),
                                (None, v) => fixed.push(v),
                                (Some(_), None) => fixed.push(None),
                            }
                        }
                    }
                }
                Ok(Value::Function(Arc::new(Function::Partial(PartialFunc {
                    func: f,
                    args: fixed,
                    named,
                }))))
            }
            ExprKind::Index { target, indices } => {
                let t = self.eval(target)?;
                // Indexing a function calls it: `(sum)[1..10]`.
                if let Value::Function(f) = &t {
                    let args = indices
                        .iter()
                        .map(|i| match i {
                            Some(x) => self.eval(x),
                            None => Ok(Value::NULL),
                        })
                        .collect::<Result<Vec<_>>>()?;
                    return self.call_function(f, CallArgs::positional(args), Some(e.span));
                }
                let idx = indices
                    .iter()
                    .map(|i| i.as_ref().map(|x| self.eval(x)).transpose())
                    .collect::<Result<Vec<_>>>()?;
                super::index::index_value(&t, &idx)
            }
            ExprKind::Member { target, name } => {
                let t = self.eval(target)?;
                self.member(&t, name, e.span)
            }
            ExprKind::Lambda(def) => {
                super::validate::check_def(def)?;
                let captured = self.capture_locals();
                let module = self.modules.defining_module();
                Ok(Value::Function(Arc::new(Function::User(UserFunc {
                    def: def.clone(),
                    captured,
                    module,
                }))))
            }
            ExprKind::Adverb { func, adverbs } => {
                let f = self.eval_callee(func)?;
                Ok(Value::Function(Arc::new(Function::Adverb {
                    inner: f,
                    adverbs: adverbs.clone(),
                })))
            }
            ExprKind::OpRef(op) => {
                let b = crate::builtins::lookup(op.func_name()).ok_or_else(|| {
                    Error::not_found(format!("The operator {} has no function form", op.symbol()))
                })?;
                Ok(Value::Function(Arc::new(Function::Builtin(b))))
            }
            ExprKind::Meta(inner) => Ok(Value::Code(Arc::new((**inner).clone()))),
            ExprKind::Select(q) => crate::sql::select(self, q),
            ExprKind::Update(u) => crate::sql::update(self, u),
            ExprKind::Delete(d) => crate::sql::delete(self, d),
            ExprKind::Insert(i) => crate::sql::insert(self, i),
            ExprKind::Star => Err(Error::syntax(
                "'*' can only be used in a select list or count(*)",
                e.span,
            )),
            // Outside a context that uses the name (`table(...)`, select lists), an alias is
            // just its value.
            ExprKind::Alias { expr, .. } => self.eval(expr),
            ExprKind::Case { whens, els } => self.eval_case(whens, els.as_deref()),
        }
    }

    /// A name in value position: a variable, else a function, else a constant.
    fn eval_ident(&mut self, name: &Name) -> Result<Value> {
        if let Some(v) = self.lookup_var(name) {
            return Ok(v.clone());
        }
        if let Some(f) = self.resolve_function(name) {
            return Ok(Value::Function(f));
        }
        if let Some(c) = constant(name) {
            return Ok(c);
        }
        Err(Error::not_found(format!(
            "Cannot recognize the token {name}"
        )))
    }

    /// Evaluates the callee of a call or partial application to a function.
    pub(crate) fn eval_callee(&mut self, func: &Expr) -> Result<Arc<Function>> {
        if let ExprKind::Ident(name) = &func.kind {
            if let Some(Value::Function(f)) = self.lookup_var(name) {
                return Ok(f.clone());
            }
            if let Some(f) = self.resolve_function(name) {
                return Ok(f);
            }
            let defining = self.modules.defining_modules(name);
            if defining.len() > 1 {
                let list: Vec<&str> = defining.iter().map(|m| m.as_ref()).collect();
                return Err(Error::not_found(format!(
                    "The function [{name}] is ambiguous: it is defined in modules {}; qualify it as module::{name}",
                    list.join(", ")
                ))
                .with_span(func.span));
            }
            return Err(
                Error::not_found(format!("Cannot recognize the token {name}")).with_span(func.span),
            );
        }
        match self.eval(func)? {
            Value::Function(f) => Ok(f),
            other => Err(Error::type_err(format!(
                "A {} is not a function and can't be called.",
                other.type_str()
            ))
            .with_span(func.span)),
        }
    }

    fn eval_dict_literal(&mut self, entries: &[(Expr, Expr)]) -> Result<Value> {
        let mut keys = Vec::with_capacity(entries.len());
        let mut vals = Vec::with_capacity(entries.len());
        for (k, v) in entries {
            let key = match self.eval(k)? {
                Value::Scalar(s) => s,
                other => {
                    return Err(Error::type_err(format!(
                        "A dictionary key must be a scalar, not a {}",
                        other.type_str()
                    ))
                    .with_span(k.span))
                }
            };
            keys.push(key);
            vals.push(self.eval(v)?);
        }
        let key_ty = keys.first().map(|k| k.ty()).unwrap_or(Type::String);
        let mut d = Dict::new(
            if key_ty == Type::Symbol {
                Type::String
            } else {
                key_ty
            },
            Type::Any,
            true,
        );
        for (k, v) in keys.into_iter().zip(vals) {
            d.insert(k, v);
        }
        Ok(Value::dict(d))
    }

    /// `x.name` without a call: a table column, a dictionary entry, or a one-argument
    /// function applied to `x` (`t.size` is not DolphinDB, but `x.f()` is handled as a call).
    fn member(&mut self, t: &Value, name: &Name, span: crate::ast::Span) -> Result<Value> {
        match t {
            Value::Table(tab) => tab
                .column(name)
                .map(|c| Value::Vector(c.clone()))
                .ok_or_else(|| {
                    Error::not_found(format!("Column {name} does not exist in the table."))
                }),
            Value::Dict(d) => {
                let key = Scalar::string(name.as_ref());
                Ok(d.get(&key)
                    .or_else(|| d.get(&Scalar::symbol(name.as_ref())))
                    .cloned()
                    .unwrap_or(Value::NULL))
            }
            _ => {
                let f = self.resolve_function(name).ok_or_else(|| {
                    Error::not_found(format!("Cannot recognize the token {name}"))
                })?;
                self.call_function(&f, CallArgs::positional(vec![t.clone()]), Some(span))
            }
        }
    }

    /// Values of the current function's locals, captured by a lambda created here.
    fn capture_locals(&self) -> Vec<(Name, Value)> {
        let mut out = Vec::new();
        for scope in self.scopes.iter().rev() {
            for (k, v) in scope.vars.iter() {
                if !out.iter().any(|(n, _): &(Name, Value)| n == k) {
                    out.push((k.clone(), v.clone()));
                }
            }
            if scope.opaque {
                break;
            }
        }
        out
    }

    fn eval_case(&mut self, whens: &[(Expr, Expr)], els: Option<&Expr>) -> Result<Value> {
        let mut result = match els {
            Some(e) => self.eval(e)?,
            None => Value::NULL,
        };
        for (c, v) in whens.iter().rev() {
            let cond = self.eval(c)?;
            let val = self.eval(v)?;
            result = crate::builtins::iif(&cond, &val, &result)?;
        }
        Ok(result)
    }
}

/// Applies a binary operator through the typed kernels.
pub(crate) fn binary(op: BinOp, a: &Value, b: &Value) -> Result<Value> {
    crate::kernels::binary(op, a, b)
}

/// Built-in constants: type names (as their INT ids), forms, `pi`, `e`, partition types.
pub fn constant(name: &str) -> Option<Value> {
    if let Some(t) = Type::from_name(name) {
        if name.chars().all(|c| c.is_ascii_uppercase()) {
            return Some(Value::int(t.id()));
        }
    }
    let v = match name {
        "SCALAR" => Value::int(0),
        "VECTOR" => Value::int(1),
        "PAIR" => Value::int(2),
        "MATRIX" => Value::int(3),
        "SET" => Value::int(4),
        "DICT" => Value::int(5),
        "TABLE" => Value::int(6),
        "SEQ" => Value::int(0),
        "VALUE" => Value::int(1),
        "RANGE" => Value::int(2),
        "LIST" => Value::int(3),
        "COMPO" => Value::int(4),
        "HASH" => Value::int(5),
        "VAR" => Value::int(0),
        "SHARED" => Value::int(1),
        "DEF" => Value::int(2),
        "pi" => Value::double(std::f64::consts::PI),
        "e" => Value::double(std::f64::consts::E),
        "NULL" | "null" => Value::NULL,
        _ => return None,
    };
    Some(v)
}
