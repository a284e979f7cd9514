//! Typed, vectorised kernels for every DolphinDB operator and for type conversion.
//!
//! [`binary`] routes an operator to its family: structural operators (`:` `..` `<-` `**` `$`)
//! and set algebra work on whole values; every elementwise operator goes through the one
//! broadcasting rule in [`broadcast`] and then a typed kernel that picks its computation
//! layout once per call and loops over plain slices (see [`prim`]). Scalar∘scalar INT, LONG
//! and DOUBLE arithmetic and comparisons take an allocation-free fast path first, because the
//! interpreter's scalar loops (`s += i`) call [`binary`] once per iteration.

mod alloc;
mod arith;
mod broadcast;
mod cast;
mod compare;
pub(crate) mod dense;
mod logic;
pub(crate) mod prim;
mod structural;
mod temporal;
#[cfg(test)]
mod tests;
mod text;
mod unary;
pub(crate) mod window;
pub(crate) mod window_stream;

pub use cast::{cast, reshape};
pub(crate) use prim::data_prims;
pub use unary::{float_unary, round_scale, same_type_unary, signum};

use crate::ast::{BinOp, UnaryOp};
use crate::error::{Error, Result};
use crate::value::{Scalar, Type, Value};
use prim::{Flat, Operand};
use std::cmp::Ordering;

/// Applies a binary operator (`+`, `==`, `$`, `<-` ...) to two values of any form.
pub fn binary(op: BinOp, lhs: &Value, rhs: &Value) -> Result<Value> {
    if let (Value::Scalar(a), Value::Scalar(b)) = (lhs, rhs) {
        if let Some(v) = fast_scalar(op, a, b) {
            return Ok(Value::Scalar(v));
        }
    }
    match op {
        BinOp::Pair => return structural::pair(lhs, rhs),
        BinOp::Seq => return structural::seq(lhs, rhs),
        BinOp::Join => return structural::join(lhs, rhs),
        BinOp::Dot => return structural::dot(lhs, rhs),
        BinOp::Cast => return cast_operator(lhs, rhs),
        _ => {}
    }
    if let (Value::Set(a), Value::Set(b)) = (lhs, rhs) {
        return structural::set_op(op, a, b);
    }
    broadcast::binary_forms(op.func_name(), lhs, rhs, &|a, b| flat(op, a, b))
}

/// Applies `-x` or `!x` elementwise.
pub fn unary(op: UnaryOp, v: &Value) -> Result<Value> {
    match op {
        UnaryOp::Neg => broadcast::unary_forms("neg", v, &arith::neg),
        UnaryOp::Not => broadcast::unary_forms("not", v, &logic::not),
    }
}

/// `isNull(x)`: elementwise BOOL with the form of `x` (tuples and dictionaries recurse).
pub fn is_null(v: &Value) -> Value {
    match broadcast::unary_forms("isNull", v, &|op| Ok(logic::is_null(op))) {
        Ok(res) => res,
        // Sets, tables and functions are never NULL themselves.
        Err(_) => Value::bool(false),
    }
}

/// Ordering of two scalars as `<`/`==` see them: NULL first, numbers by value, temporal types
/// converted to a common unit, strings lexicographically. `None` when they can't be compared.
pub fn compare_scalars(a: &Scalar, b: &Scalar) -> Option<Ordering> {
    let lt = compare::compare(BinOp::Lt, Operand::S(a), Operand::S(b)).ok()?;
    let eq = compare::compare(BinOp::Eq, Operand::S(a), Operand::S(b)).ok()?;
    let yes = |f: &Flat| matches!(f, Flat::S(s) if s.truthy());
    Some(if yes(&eq) {
        Ordering::Equal
    } else if yes(&lt) {
        Ordering::Less
    } else {
        Ordering::Greater
    })
}

/// `a == b` on scalars with DolphinDB's rules (NULL == NULL, 1 == 1.0, STRING == SYMBOL).
pub fn scalars_equal(a: &Scalar, b: &Scalar) -> bool {
    compare_scalars(a, b) == Some(Ordering::Equal)
}

/// The type error every operator reports for operand types it does not support.
pub(crate) fn unsupported(op: BinOp, lt: Type, rt: Type) -> Error {
    Error::type_err(format!(
        "The operator {} doesn't support {lt} and {rt}",
        op.func_name()
    ))
}

/// Elementwise dispatch on peeled operands: the kernel family is chosen once per call.
fn flat(op: BinOp, a: Operand<'_>, b: Operand<'_>) -> Result<Flat> {
    match op {
        BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Ratio | BinOp::Mod => {
            arith::arith(op, a, b)
        }
        BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
            compare::compare(op, a, b)
        }
        BinOp::And | BinOp::Or => logic::logic(op, a, b),
        BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor | BinOp::Shl | BinOp::Shr => {
            logic::bitwise(op, a, b)
        }
        _ => Err(unsupported(op, a.ty(), b.ty())),
    }
}

/// `x $ TYPE` (the evaluator passes the type as an INT scalar holding its id) and
/// `x $ rows:cols`.
fn cast_operator(lhs: &Value, rhs: &Value) -> Result<Value> {
    match rhs {
        Value::Pair(p) => {
            let (Some(r), Some(c)) = (
                p.scalar_at(0).and_then(|s| s.as_i64()),
                p.scalar_at(1).and_then(|s| s.as_i64()),
            ) else {
                return Err(Error::type_err(
                    "The dimension of a matrix must be integers",
                ));
            };
            cast::reshape(lhs, r, c)
        }
        Value::Scalar(s) => {
            let ty = match s {
                Scalar::Str(_, name) => Type::from_name(name),
                _ => s.as_i64().and_then(Type::from_id),
            };
            let ty =
                ty.ok_or_else(|| Error::type_err("The right operand of cast must be a data type"))?;
            cast::cast(lhs, ty)
        }
        _ => Err(Error::type_err(
            "The right operand of cast must be a data type or a pair",
        )),
    }
}

/// INT, LONG and DOUBLE scalar arithmetic and comparison without allocation or dispatch.
/// Returns `None` to fall back to the general path (other types, NULLs, division).
#[inline]
pub fn fast_scalar(op: BinOp, a: &Scalar, b: &Scalar) -> Option<Scalar> {
    use arith::Arith;
    use prim::Prim;
    fn cmp<T: PartialOrd>(op: BinOp, x: T, y: T) -> Option<Scalar> {
        Some(Scalar::bool(match op {
            BinOp::Eq => x == y,
            BinOp::Ne => x != y,
            BinOp::Lt => x < y,
            BinOp::Le => x <= y,
            BinOp::Gt => x > y,
            BinOp::Ge => x >= y,
            _ => return None,
        }))
    }
    fn ar<T: Arith>(op: BinOp, x: T, y: T) -> Option<T> {
        let f: fn(T, T) -> T = match op {
            BinOp::Add => T::add,
            BinOp::Sub => T::sub,
            BinOp::Mul => T::mul,
            BinOp::Div => T::div,
            BinOp::Mod => T::rem,
            _ => return None,
        };
        Some(if x.is_null() || y.is_null() {
            T::NULL
        } else {
            f(x, y)
        })
    }
    match (a, b) {
        (Scalar::I32(Type::Int, x), Scalar::I32(Type::Int, y)) => {
            ar(op, *x, *y).map(Scalar::int).or_else(|| cmp(op, *x, *y))
        }
        (Scalar::I64(Type::Long, x), Scalar::I64(Type::Long, y)) => {
            ar(op, *x, *y).map(Scalar::long).or_else(|| cmp(op, *x, *y))
        }
        (Scalar::F64(x), Scalar::F64(y)) => ar(op, *x, *y)
            .map(Scalar::double)
            .or_else(|| cmp(op, x.norm(), y.norm())),
        // INT mixed with LONG promotes to LONG (a LONG accumulator summing INT counters).
        (Scalar::I64(Type::Long, x), Scalar::I32(Type::Int, y)) => {
            let y = prim::conv::<i32, i64>(*y);
            ar(op, *x, y).map(Scalar::long).or_else(|| cmp(op, *x, y))
        }
        (Scalar::I32(Type::Int, x), Scalar::I64(Type::Long, y)) => {
            let x = prim::conv::<i32, i64>(*x);
            ar(op, x, *y).map(Scalar::long).or_else(|| cmp(op, x, *y))
        }
        (Scalar::I32(Type::Int, x), Scalar::F64(y)) => {
            let x = prim::conv::<i32, f64>(*x);
            ar(op, x, *y)
                .map(Scalar::double)
                .or_else(|| cmp(op, x, y.norm()))
        }
        (Scalar::F64(x), Scalar::I32(Type::Int, y)) => {
            let y = prim::conv::<i32, f64>(*y);
            ar(op, *x, y)
                .map(Scalar::double)
                .or_else(|| cmp(op, x.norm(), y))
        }
        _ => None,
    }
}

/// Applies a floating-point function elementwise under the broadcasting rule: operands are
/// read as DOUBLE, NULL in gives NULL out, and a non-finite result is NULL. The result is
/// DOUBLE (e.g. `pow`).
pub fn float_binary(name: &str, lhs: &Value, rhs: &Value, f: fn(f64, f64) -> f64) -> Result<Value> {
    use prim::{map2, num, Prim};
    broadcast::binary_forms(name, lhs, rhs, &|a, b| {
        let (lt, rt) = (a.ty(), b.ty());
        let (Some(x), Some(y)) = (num::<f64>(a), num::<f64>(b)) else {
            return Err(crate::Error::type_err(format!(
                "The function [{name}] doesn't support {} and {}",
                lt.name(),
                rt.name()
            )));
        };
        Ok(map2(&x, &y, |p: f64, q: f64| {
            if p.is_null() || q.is_null() {
                return f64::NULL;
            }
            let r = f(p, q);
            if r.is_finite() {
                r
            } else {
                f64::NULL
            }
        })
        .into_flat(Type::Double))
    })
}
