//! Dictionary updates and set algebra by name: `dictUpdate!`, `union`, `intersection`,
//! `difference`, `symmetricDifference`.

use super::args::coerce;
use super::registry::{Builtin, Registry};
use crate::ast::BinOp;
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::value::{Function, Scalar, Type, Value};
use std::sync::Arc;

pub fn register(reg: &mut Registry) {
    reg.add(Builtin::new("dictUpdate!(dictionary, function, keys, parameters, [initFunc])", dict_update)
        .doc("For each key, sets dictionary[key] = function(dictionary[key], parameter); a new key gets initFunc(parameter) (the parameter itself by default).")
        .example("x = dict(1 2 3, 1 1 1); dictUpdate!(x, add, 2 3, 1 2); x[3]", "3"));
    reg.add(
        Builtin::new("union(X, Y)", union)
            .doc("The union of two sets (X | Y).")
            .example("union(set(1 2), set(2 3)).size()", "3"),
    );
    reg.add(
        Builtin::new("intersection(X, Y)", intersection)
            .doc("The elements two sets share (X & Y).")
            .example("intersection(set(1 2 3), set(2 5))", "set(2)"),
    );
    reg.add(
        Builtin::new("difference(X, Y)", difference)
            .doc("The elements of set X that are not in set Y (X - Y).")
            .example("difference(set(1 2 3), set(2))", "set(1,3)"),
    );
    reg.add(
        Builtin::new("symmetricDifference(X, Y)", symmetric_difference)
            .doc("The elements in exactly one of two sets (X ^ Y).")
            .example("symmetricDifference(set(1 2), set(2 3)).size()", "2"),
    );
}

fn dict_update(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let Value::Dict(d) = &args[0] else {
        return Err(Error::type_err(format!(
            "[dictUpdate!] dictionary must be a dictionary, not {}",
            args[0].type_str()
        )));
    };
    let func = function_arg("function", &args[1])?;
    let init = match args.get(4) {
        None | Some(Value::Scalar(Scalar::Void)) => None,
        Some(v) => Some(function_arg("initFunc", v)?),
    };
    if init.is_some() && d.value_type() != Type::Any {
        return Err(Error::type_err(
            "[dictUpdate!] initFunc requires a dictionary whose values are ANY",
        ));
    }
    let (keys, params) = (&args[2], &args[3]);
    let n = match (keys, params) {
        (Value::Scalar(_), _) => 1,
        (Value::Vector(k), p) => {
            if p.size() != k.len() && !matches!(p, Value::Scalar(_)) {
                return Err(Error::length(format!(
                    "[dictUpdate!] parameters ({}) must have the same size as keys ({})",
                    p.size(),
                    k.len()
                )));
            }
            k.len()
        }
        (other, _) => {
            return Err(Error::type_err(format!(
                "[dictUpdate!] keys must be a scalar or vector, not {}",
                other.type_str()
            )))
        }
    };
    let elem = |v: &Value, i: usize| match v {
        Value::Vector(x) if !matches!(keys, Value::Scalar(_)) => x.get(i).unwrap_or(Value::NULL),
        other => other.clone(),
    };
    let mut out = d.clone();
    let target = Arc::make_mut(&mut out);
    let (kt, vt) = (target.key_type(), target.value_type());
    for i in 0..n {
        let Value::Scalar(key) = coerce(&elem(keys, i), kt)? else {
            return Err(Error::type_err("[dictUpdate!] keys must be scalars"));
        };
        let param = elem(params, i);
        let new = match target.get(&key).cloned() {
            Some(old) => it.call(&func, vec![old, param])?,
            None => match &init {
                Some(f) => it.call(f, vec![param])?,
                None => param,
            },
        };
        let new = if vt == Type::Any {
            new
        } else {
            coerce(&new, vt)?
        };
        target.insert(key, new);
    }
    Ok(Value::Dict(out))
}

fn function_arg(param: &str, v: &Value) -> Result<Arc<Function>> {
    match v {
        Value::Function(f) => Ok(f.clone()),
        other => Err(Error::type_err(format!(
            "[dictUpdate!] {param} must be a function, not {}",
            other.type_str()
        ))),
    }
}

/// Set algebra through the operator kernels, after checking both sides are sets.
fn set_fn(func: &str, op: BinOp, args: &[Value]) -> Result<Value> {
    match (&args[0], &args[1]) {
        (Value::Set(_), Value::Set(_)) => crate::kernels::binary(op, &args[0], &args[1]),
        (a, b) => Err(Error::type_err(format!(
            "[{func}] X and Y must be sets, not {} and {}",
            a.type_str(),
            b.type_str()
        ))),
    }
}

fn union(_: &mut Interp, args: &[Value]) -> Result<Value> {
    set_fn("union", BinOp::BitOr, args)
}

fn intersection(_: &mut Interp, args: &[Value]) -> Result<Value> {
    set_fn("intersection", BinOp::BitAnd, args)
}

fn difference(_: &mut Interp, args: &[Value]) -> Result<Value> {
    set_fn("difference", BinOp::Sub, args)
}

fn symmetric_difference(_: &mut Interp, args: &[Value]) -> Result<Value> {
    set_fn("symmetricDifference", BinOp::BitXor, args)
}
