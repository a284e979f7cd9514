//! Elementwise math kernels of one argument (`sqrt`, `abs`, `floor`, `signum` ...), run over
//! every data form through the broadcasting module's unary rule. NULL in gives NULL out, and
//! a floating result that is not finite (`log(0)`, `sqrt(-1)`) is NULL as in DolphinDB.

use super::broadcast;
use super::prim::{map1, num, Flat, Num, Operand, Prim};
use crate::error::{Error, Result};
use crate::value::{Physical, Type, Value};

/// The type error of a math function applied to a non-numeric argument.
fn unsupported(name: &str, ty: Type) -> Error {
    Error::type_err(format!(
        "The function [{name}] doesn't support {}",
        ty.name()
    ))
}

fn numeric_type(name: &str, ty: Type) -> Result<()> {
    if ty.is_numeric() || ty == Type::Bool || ty == Type::Void {
        Ok(())
    } else {
        Err(unsupported(name, ty))
    }
}

/// Applies `f` elementwise with the operand read as DOUBLE; the result is DOUBLE.
pub fn float_unary(name: &str, v: &Value, f: fn(f64) -> f64) -> Result<Value> {
    broadcast::unary_forms(name, v, &|a| {
        numeric_type(name, a.ty())?;
        let x: Num<f64> = num(a).ok_or_else(|| unsupported(name, a.ty()))?;
        Ok(map1(&x, |p: f64| {
            if p.is_null() {
                return f64::NULL;
            }
            let r = f(p);
            if r.is_finite() {
                r
            } else {
                f64::NULL
            }
        })
        .into_flat(Type::Double))
    })
}

/// Applies a type-preserving function: integers through `fi`, floats through `ff`. BOOL,
/// CHAR and SHORT compute in INT (as DolphinDB's arithmetic does).
pub fn same_type_unary(
    name: &str,
    v: &Value,
    fi: fn(i64) -> i64,
    ff: fn(f64) -> f64,
) -> Result<Value> {
    broadcast::unary_forms(name, v, &|a| {
        numeric_type(name, a.ty())?;
        fn ints<T: Prim>(a: Operand<'_>, ty: Type, fi: fn(i64) -> i64) -> Option<Flat> {
            let x: Num<T> = num(a)?;
            Some(
                map1(&x, |p: T| {
                    if p.is_null() {
                        T::NULL
                    } else {
                        T::from_i64(fi(p.to_i64()))
                    }
                })
                .into_flat(ty),
            )
        }
        fn floats<T: Prim>(a: Operand<'_>, ty: Type, ff: fn(f64) -> f64) -> Option<Flat> {
            let x: Num<T> = num(a)?;
            Some(
                map1(&x, |p: T| {
                    if p.is_null() {
                        T::NULL
                    } else {
                        T::from_f64(ff(p.to_f64()))
                    }
                })
                .into_flat(ty),
            )
        }
        let ty = a.ty();
        let res = match ty.physical() {
            _ if ty == Type::Void => Some(Flat::S(crate::value::Scalar::Void)),
            Physical::I8 | Physical::I16 | Physical::I32 => ints::<i32>(a, Type::Int, fi),
            Physical::I64 => ints::<i64>(a, Type::Long, fi),
            Physical::F32 => floats::<f32>(a, Type::Float, ff),
            Physical::F64 => floats::<f64>(a, Type::Double, ff),
            _ => None,
        };
        res.ok_or_else(|| unsupported(name, ty))
    })
}

/// `signum`: -1, 0 or 1 as INT (NULL stays NULL).
pub fn signum(v: &Value) -> Result<Value> {
    broadcast::unary_forms("signum", v, &|a| {
        numeric_type("signum", a.ty())?;
        let x: Num<f64> = num(a).ok_or_else(|| unsupported("signum", a.ty()))?;
        Ok(map1(&x, |p: f64| {
            if p.is_null() {
                i32::NULL
            } else if p > 0.0 {
                1
            } else if p < 0.0 {
                -1
            } else {
                0
            }
        })
        .into_flat(Type::Int))
    })
}

/// `round(X, scale)` with a scalar scale: DOUBLE rounded half away from zero to `scale`
/// decimal places (negative scales round to tens, hundreds ...).
pub fn round_scale(v: &Value, scale: i64) -> Result<Value> {
    let factor = 10f64.powi(scale.clamp(-300, 300) as i32);
    broadcast::unary_forms("round", v, &|a| {
        numeric_type("round", a.ty())?;
        let x: Num<f64> = num(a).ok_or_else(|| unsupported("round", a.ty()))?;
        Ok(map1(&x, |p: f64| {
            if p.is_null() {
                return f64::NULL;
            }
            let r = (p * factor).round() / factor;
            if r.is_finite() {
                r
            } else {
                p
            }
        })
        .into_flat(Type::Double))
    })
}
