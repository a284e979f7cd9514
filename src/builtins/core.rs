//! The core functions the language itself relies on: output, introspection, NULL tests,
//! conversion, and the basic constructors `til`, `seq`, `take`, `iif`.

use super::registry::{Builtin, Kind, Registry};
use crate::ast::BinOp;
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::value::{Scalar, Type, Value, Vector};
use std::sync::Arc;

pub fn register(reg: &mut Registry) {
    reg.add(
        Builtin::new("print(args...)", print)
            .kind(Kind::System)
            .doc("Prints each argument on its own line in console form.")
            .example("print(1 2 3)", "[1,2,3]"),
    );
    reg.add(
        Builtin::new("typestr(X)", typestr)
            .doc("Returns the name of the data type and form of X.")
            .example("typestr(1 2 3)", "FAST INT VECTOR"),
    );
    reg.add(
        Builtin::new("type(X)", type_)
            .doc("Returns the data type id of X (INT).")
            .example("type(1.5)", "16"),
    );
    reg.add(Builtin::new("form(X)", form)
        .doc("Returns the data form id of X: 0 scalar, 1 vector, 2 pair, 3 matrix, 4 set, 5 dictionary, 6 table.")
        .example("form(1 2)", "1"));
    reg.add(
        Builtin::new("size(X)", size)
            .doc("Returns the number of elements (rows of a table), NULLs included.")
            .example("size(1 NULL 3)", "3"),
    );
    reg.add(
        Builtin::new("count(X)", count)
            .kind(Kind::Aggregate)
            .doc("Returns the number of non-NULL elements (rows of a table).")
            .example("count(1 NULL 3)", "2"),
    );
    reg.add(
        Builtin::new("isNull(X)", is_null)
            .doc("Returns true for each NULL element of X.")
            .example("isNull(1 NULL 3)", "[false,true,false]"),
    );
    reg.add(
        Builtin::new("isValid(X)", is_valid)
            .doc("Returns true for each non-NULL element of X.")
            .example("isValid(1 NULL 3)", "[true,false,true]"),
    );
    reg.add(
        Builtin::new("string([X])", string)
            .doc("Converts X to STRING; string() is the empty string.")
            .example("string(2012.06.13)", "2012.06.13"),
    );
    reg.add(
        Builtin::new("cast(X, type)", cast)
            .doc("Converts X to the given data type (same as X $ type).")
            .example("cast(8.9, INT)", "9"),
    );
    reg.add(
        Builtin::new("til(n)", til)
            .doc("Returns the vector 0, 1, ..., n-1 of n's integer type.")
            .example("til(5)", "[0,1,2,3,4]"),
    );
    reg.add(Builtin::new("seq(start, end)", seq)
        .doc("Returns the vector start, start+1, ..., end (same as start..end; descends when end < start).")
        .example("seq(1, 4)", "[1,2,3,4]"));
    reg.add(
        Builtin::new("take(X, n)", take)
            .doc("Takes n elements from X, cycling as needed; negative n takes from the end.")
            .example("take(1 2 3, 5)", "[1,2,3,1,2]"),
    );
    reg.add(
        Builtin::new("iif(cond, trueResult, falseResult)", iif_fn)
            .doc("Element-wise choice: trueResult where cond is true, falseResult elsewhere.")
            .example("iif(1 2 3 > 1, 10, 20)", "[20,10,10]"),
    );
    reg.add(Builtin::new("eqObj(obj1, obj2, [precision])", eq_obj)
        .doc("Tests whether two objects have the same type, form and values; precision bounds float differences to 10^-precision.")
        .example("eqObj(1 2 3, 1 2 3)", "true"));
}

fn print(it: &mut Interp, args: &[Value]) -> Result<Value> {
    for a in args {
        let text = crate::display::display(a);
        it.write_line(&text);
    }
    Ok(Value::NULL)
}

fn typestr(_: &mut Interp, args: &[Value]) -> Result<Value> {
    Ok(Value::string(args[0].type_str()))
}

fn type_(_: &mut Interp, args: &[Value]) -> Result<Value> {
    Ok(Value::int(args[0].ty().id()))
}

fn form(_: &mut Interp, args: &[Value]) -> Result<Value> {
    Ok(Value::int(args[0].form() as i32))
}

fn size(_: &mut Interp, args: &[Value]) -> Result<Value> {
    Ok(Value::int(args[0].size() as i32))
}

fn count(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let n = match &args[0] {
        Value::Scalar(s) => usize::from(!s.is_null()),
        Value::Vector(v) | Value::Pair(v) => (0..v.len()).filter(|&i| !v.is_null_at(i)).count(),
        Value::Matrix(m) => (0..m.data.len()).filter(|&i| !m.data.is_null_at(i)).count(),
        other => other.size(),
    };
    Ok(Value::int(n as i32))
}

fn is_null(_: &mut Interp, args: &[Value]) -> Result<Value> {
    Ok(crate::kernels::is_null(&args[0]))
}

fn is_valid(_: &mut Interp, args: &[Value]) -> Result<Value> {
    crate::kernels::unary(crate::ast::UnaryOp::Not, &crate::kernels::is_null(&args[0]))
}

fn string(_: &mut Interp, args: &[Value]) -> Result<Value> {
    // string docs: `string() == ""` (a new, empty string).
    let Some(x) = args.first() else {
        return Ok(Value::string(""));
    };
    crate::kernels::cast(x, Type::String)
}

/// Reads a type argument: a type constant (its INT id) or a type name string.
pub fn type_arg(func: &str, v: &Value) -> Result<Type> {
    let ty = match v {
        Value::Scalar(Scalar::Str(_, s)) => Type::from_name(s),
        Value::Scalar(s) if s.ty().is_integral() => s.as_i64().and_then(Type::from_id),
        _ => None,
    };
    ty.ok_or_else(|| {
        Error::type_err(format!(
            "The argument [type] of [{func}] must be a data type such as INT or DOUBLE"
        ))
    })
}

fn cast(_: &mut Interp, args: &[Value]) -> Result<Value> {
    match &args[1] {
        Value::Pair(_) => crate::kernels::binary(BinOp::Cast, &args[0], &args[1]),
        t => crate::kernels::cast(&args[0], type_arg("cast", t)?),
    }
}

fn til(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let Value::Scalar(s) = &args[0] else {
        return Err(Error::type_err(
            "The argument of [til] must be a non-negative integer scalar",
        ));
    };
    let n = match (s.ty().is_integral(), s.as_i64()) {
        (true, Some(n)) if n >= 0 => n,
        _ => {
            return Err(Error::type_err(
                "The argument of [til] must be a non-negative integer scalar",
            ))
        }
    };
    let v = match s.ty() {
        Type::Long => Vector::longs((0..n).collect()),
        Type::Short => Vector::new(
            Type::Short,
            crate::value::VecData::I16((0..n as i16).collect()),
        ),
        Type::Char => Vector::new(
            Type::Char,
            crate::value::VecData::I8((0..n as i8).collect()),
        ),
        _ => Vector::ints((0..n as i32).collect()),
    };
    Ok(Value::vector(v))
}

fn seq(_: &mut Interp, args: &[Value]) -> Result<Value> {
    crate::kernels::binary(BinOp::Seq, &args[0], &args[1])
}

fn take(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let n = match &args[1] {
        Value::Scalar(s) if s.ty().is_integral() => s.as_i64().unwrap_or(0),
        _ => {
            return Err(Error::type_err(
                "The argument [n] of [take] must be an integer scalar",
            ))
        }
    };
    let count = n.unsigned_abs() as usize;
    match &args[0] {
        Value::Scalar(Scalar::Void) => Err(Error::type_err("Not allowed to create void vector")),
        Value::Scalar(s) => Ok(Value::vector(Vector::repeat(s, count))),
        Value::Vector(v) | Value::Pair(v) => {
            let len = v.len() as i64;
            if len == 0 {
                return Ok(Value::vector(v.as_ref().clone()));
            }
            let idx: Vec<i64> = if n >= 0 {
                (0..n).map(|i| i % len).collect()
            } else {
                (0..count as i64)
                    .map(|i| (len - (count as i64 % len) + i).rem_euclid(len))
                    .collect()
            };
            Ok(Value::vector(v.gather(&idx)))
        }
        Value::Table(t) => {
            let len = t.n_rows() as i64;
            if len == 0 {
                return Ok(args[0].clone());
            }
            let idx: Vec<i64> = (0..count as i64).map(|i| i % len).collect();
            Ok(Value::table(t.gather(&idx)))
        }
        other => Err(Error::type_err(format!(
            "[take] doesn't support a {}",
            other.type_str()
        ))),
    }
}

fn iif_fn(_: &mut Interp, args: &[Value]) -> Result<Value> {
    iif(&args[0], &args[1], &args[2])
}

/// Element-wise conditional. A scalar condition picks one whole branch.
pub fn iif(cond: &Value, a: &Value, b: &Value) -> Result<Value> {
    match cond {
        Value::Scalar(s) => Ok(if s.truthy() { a.clone() } else { b.clone() }),
        Value::Vector(c) => {
            let n = c.len();
            let pick = |v: &Value, i: usize| -> Result<Value> {
                match v {
                    Value::Scalar(_) => Ok(v.clone()),
                    Value::Vector(x) if x.len() == n => Ok(x.get(i).unwrap_or(Value::NULL)),
                    Value::Vector(x) => Err(Error::length(format!(
                        "[iif] The size of the result ({}) must match the condition ({n})",
                        x.len()
                    ))),
                    other => Err(Error::type_err(format!(
                        "[iif] doesn't support a {} result",
                        other.type_str()
                    ))),
                }
            };
            let mut out = Vec::with_capacity(n);
            for i in 0..n {
                let chosen = if c.scalar_at(i).is_some_and(|s| s.truthy()) {
                    a
                } else {
                    b
                };
                out.push(pick(chosen, i)?);
            }
            Ok(Value::Vector(Arc::new(crate::value::vector_from_values(
                out,
            ))))
        }
        other => Err(Error::type_err(format!(
            "The condition of [iif] must be a BOOL scalar or vector, not {}",
            other.type_str()
        ))),
    }
}

fn eq_obj(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let precision = match args.get(2) {
        None | Some(Value::Scalar(Scalar::Void)) => None,
        Some(v) => {
            let p = super::args::int_arg("eqObj", "precision", v)?;
            if p < 0 {
                return Err(Error::domain(
                    "The argument [precision] of [eqObj] must be a non-negative integer",
                ));
            }
            Some(p)
        }
    };
    Ok(Value::bool(values_equal(&args[0], &args[1], precision)))
}

/// `eqObj` semantics: same type and form, equal elements (NULLs equal), floats compared
/// within 10^-precision when a precision is given.
pub fn values_equal(a: &Value, b: &Value, precision: Option<i64>) -> bool {
    let close = |x: &Scalar, y: &Scalar| -> bool {
        match (x.as_f64(), y.as_f64(), precision) {
            (Some(p), Some(q), Some(prec)) if x.ty().is_floating() || y.ty().is_floating() => {
                (p - q).abs() <= 10f64.powi(-(prec.clamp(0, 400) as i32))
            }
            _ => x.total_cmp(y) == std::cmp::Ordering::Equal,
        }
    };
    match (a, b) {
        (Value::Scalar(x), Value::Scalar(y)) => x.ty() == y.ty() && close(x, y),
        (Value::Vector(x), Value::Vector(y)) | (Value::Pair(x), Value::Pair(y)) => {
            x.ty() == y.ty()
                && x.len() == y.len()
                && (0..x.len()).all(|i| match (x.get(i), y.get(i)) {
                    (Some(p), Some(q)) => match (&p, &q) {
                        (Value::Scalar(s), Value::Scalar(t)) => close(s, t),
                        _ => values_equal(&p, &q, precision),
                    },
                    _ => false,
                })
        }
        (Value::Matrix(x), Value::Matrix(y)) => {
            x.rows == y.rows
                && x.cols == y.cols
                && values_equal(
                    &Value::vector(x.data.clone()),
                    &Value::vector(y.data.clone()),
                    precision,
                )
        }
        (Value::Dict(x), Value::Dict(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| values_equal(v, w, precision)))
        }
        (Value::Set(x), Value::Set(y)) => {
            x.len() == y.len() && x.items().iter().all(|k| y.contains(k))
        }
        (Value::Table(x), Value::Table(y)) => {
            x.names() == y.names()
                && x.columns().iter().zip(y.columns()).all(|(p, q)| {
                    values_equal(
                        &Value::Vector(p.clone()),
                        &Value::Vector(q.clone()),
                        precision,
                    )
                })
        }
        _ => false,
    }
}
