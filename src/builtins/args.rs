//! Small typed helpers that pull builtin arguments out of `Value`s with DolphinDB-style
//! error messages naming the function and parameter, plus shared vector constructors.

use crate::error::{Error, Result};
use crate::value::{Physical, Scalar, Type, Value, VecData, Vector};
use std::sync::Arc;

/// An integer scalar argument (BOOL and the integral types); NULL and other forms fail.
pub fn int_arg(func: &str, param: &str, v: &Value) -> Result<i64> {
    match v {
        Value::Scalar(s) if s.ty().is_integral() || s.ty() == Type::Bool => {
            s.as_i64().ok_or_else(|| {
                Error::type_err(format!(
                    "The argument [{param}] of [{func}] must not be NULL"
                ))
            })
        }
        other => Err(Error::type_err(format!(
            "The argument [{param}] of [{func}] must be an integer scalar, not {}",
            other.type_str()
        ))),
    }
}

/// A non-negative integer scalar argument used as a size.
pub fn size_arg(func: &str, param: &str, v: &Value) -> Result<usize> {
    let n = int_arg(func, param, v)?;
    usize::try_from(n).map_err(|_| {
        Error::domain(format!(
            "The argument [{param}] of [{func}] must be a non-negative integer"
        ))
    })
}

/// A BOOL-like scalar argument; VOID (an omitted or skipped argument) gives `default`.
pub fn bool_arg(func: &str, param: &str, v: Option<&Value>, default: bool) -> Result<bool> {
    match v {
        None | Some(Value::Scalar(Scalar::Void)) => Ok(default),
        Some(Value::Scalar(s)) if s.ty() == Type::Bool || s.ty().is_integral() => Ok(s.truthy()),
        Some(other) => Err(Error::type_err(format!(
            "The argument [{param}] of [{func}] must be a BOOL scalar, not {}",
            other.type_str()
        ))),
    }
}

/// A STRING/SYMBOL scalar argument.
pub fn str_arg(func: &str, param: &str, v: &Value) -> Result<Arc<str>> {
    match v {
        Value::Scalar(Scalar::Str(_, s)) => Ok(s.clone()),
        other => Err(Error::type_err(format!(
            "The argument [{param}] of [{func}] must be a STRING scalar, not {}",
            other.type_str()
        ))),
    }
}

/// A STRING/SYMBOL scalar or vector argument, as a list of strings.
pub fn strings_arg(func: &str, param: &str, v: &Value) -> Result<Vec<Arc<str>>> {
    match v {
        Value::Scalar(Scalar::Str(_, s)) => Ok(vec![s.clone()]),
        Value::Vector(x) => match x.data() {
            VecData::Str(items) => Ok(items.clone()),
            VecData::Any(items) if items.is_empty() => Ok(Vec::new()),
            _ => Err(Error::type_err(format!(
                "The argument [{param}] of [{func}] must be a STRING scalar or vector, not {}",
                v.type_str()
            ))),
        },
        other => Err(Error::type_err(format!(
            "The argument [{param}] of [{func}] must be a STRING scalar or vector, not {}",
            other.type_str()
        ))),
    }
}

/// The value a new cell of type `ty` starts with in `table(capacity:size, ...)`,
/// `array(type, n)` and `matrix(type, r, c)`: false, zero, or NULL for literals and UUID.
pub fn default_scalar(ty: Type) -> Scalar {
    match ty.physical() {
        Physical::I8 => Scalar::I8(ty, 0),
        Physical::I16 => Scalar::I16(ty, 0),
        Physical::I32 => Scalar::I32(ty, 0),
        Physical::I64 => Scalar::I64(ty, 0),
        Physical::F32 => Scalar::F32(0.0),
        Physical::F64 => Scalar::F64(0.0),
        _ => Scalar::null(ty),
    }
}

/// `n` copies of `s` as a vector of type `ty` (`s` must already have `ty`'s layout);
/// ANY gives a tuple.
pub fn filled(ty: Type, s: &Scalar, n: usize) -> Vector {
    if ty == Type::Any || ty == Type::Void {
        return Vector::tuple(vec![Value::Scalar(s.clone()); n]);
    }
    let mut v = Vector::with_capacity(ty, n);
    for _ in 0..n {
        if !v.push_scalar(s) {
            v.push_null();
        }
    }
    v
}

/// Builds a vector of type `ty` from scalars that already have its layout (dictionary
/// keys, set members); mismatched scalars become NULL.
pub fn vector_of(ty: Type, items: &[Scalar]) -> Vector {
    let ty = if ty == Type::Void { Type::Any } else { ty };
    let mut v = Vector::with_capacity(ty, items.len());
    for s in items {
        if !v.push_scalar(s) {
            v.push_null();
        }
    }
    v
}

/// Converts a scalar or vector to element type `ty` for storing into a typed container:
/// same type is kept, VOID becomes NULL, literal and non-literal types never mix
/// (`Incompatible type. Expected: INT, Actual: STRING`), other pairs go through the
/// cast kernel.
pub fn coerce(v: &Value, ty: Type) -> Result<Value> {
    let actual = v.ty();
    if actual == ty || ty == Type::Any {
        return Ok(v.clone());
    }
    match v {
        Value::Scalar(Scalar::Void) => return Ok(Value::Scalar(Scalar::null(ty))),
        Value::Vector(x) if x.is_tuple() && x.iter_values().all(|e| e.is_void()) => {
            return Ok(Value::vector(filled(ty, &Scalar::null(ty), x.len())));
        }
        Value::Scalar(_) | Value::Vector(_) | Value::Pair(_) => {}
        other => {
            return Err(Error::type_err(format!(
                "Incompatible type. Expected: {}, Actual: {}",
                ty.name(),
                other.type_str()
            )))
        }
    }
    let compatible = actual.is_literal() == ty.is_literal()
        && actual != Type::Any
        && (ty != Type::Uuid || actual == Type::Uuid);
    if !compatible {
        return Err(Error::type_err(format!(
            "Incompatible type. Expected: {}, Actual: {}",
            ty.name(),
            actual.name()
        )));
    }
    if actual.is_literal() {
        // STRING and SYMBOL share a layout: re-tag instead of casting.
        return Ok(match v {
            Value::Scalar(Scalar::Str(_, s)) => Value::Scalar(Scalar::Str(ty, s.clone())),
            Value::Vector(x) => match x.as_ref().clone().retag(ty) {
                Some(r) => Value::vector(r),
                None => v.clone(),
            },
            other => other.clone(),
        });
    }
    crate::kernels::cast(v, ty)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coerce_rejects_literal_into_numeric() {
        let err = coerce(&Value::string("a"), Type::Int).expect_err("string into INT fails");
        assert_eq!(
            err.message,
            "Incompatible type. Expected: INT, Actual: STRING"
        );
        let ok = coerce(&Value::NULL, Type::Int).expect("VOID becomes a typed NULL");
        assert!(ok.is_null_scalar());
        assert_eq!(ok.ty(), Type::Int);
    }

    #[test]
    fn helpers_report_the_function() {
        let err = int_arg("f", "n", &Value::string("x")).expect_err("not an integer");
        assert!(err.message.contains("[f]"));
        assert!(bool_arg("f", "b", Some(&Value::NULL), true).expect("VOID is the default"));
    }
}
