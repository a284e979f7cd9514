//! Type conversion: `X $ TYPE`, `cast(X, TYPE)` and the `int()/double()/date()...` constructors.
//!
//! Rules (data type conversion and cast pages):
//! * float → integer rounds half away from zero (`8.9$INT` → 9); integer → narrower integer
//!   wraps two's-complement, so `short(65578)` → 42 and `int(2147483648)` → NULL (the wrapped
//!   value is the NULL sentinel);
//! * string → integer takes the leading digits (`int("10.9")` → 10, `` `128.9$INT `` → 128);
//!   string → float parses the number; string → temporal parses the literal form; anything
//!   unparsable becomes NULL;
//! * number ↔ temporal uses the raw value (offset from the epoch); temporal ↔ temporal follows
//!   `temporal::convert`; anything → STRING/SYMBOL gives the scalar text;
//! * impossible conversions fail with `Can't convert X to Y`.

use super::broadcast::unary_forms;
use super::prim::{data_prims, scalar_prim, Flat, Num, Operand, Prim};
use super::temporal;
use super::text::scalar_text;
use crate::error::{Error, Result};
use crate::value::temporal::{parse_date, parse_datetime, parse_month, parse_time_of_day};
use crate::value::{Matrix, Physical, Scalar, Type, Value, VecData, Vector};
use std::sync::Arc;

/// Converts every element of `v` to `ty`, keeping the data form.
pub fn cast(v: &Value, ty: Type) -> Result<Value> {
    let res = unary_forms("cast", v, &|op| cast_operand(op, ty))?;
    // A tuple whose elements all became scalars of the target type is a typed vector.
    match res {
        Value::Vector(t) if t.is_tuple() && ty != Type::Any => {
            let items: Vec<Value> = t.iter_values().collect();
            if items.is_empty() {
                // `int([])` converts an empty ANY vector: an empty vector of the target type.
                return Ok(Value::vector(Vector::empty(ty)));
            }
            if items.iter().all(|x| matches!(x, Value::Scalar(_))) {
                Ok(Value::from_elements(items))
            } else {
                Ok(Value::Vector(t))
            }
        }
        other => Ok(other),
    }
}

/// `vector $ rows:cols` (column-major) and `matrix $ rows:cols`.
pub fn reshape(v: &Value, rows: i64, cols: i64) -> Result<Value> {
    let data = match v {
        Value::Vector(d) | Value::Pair(d) => (**d).clone(),
        Value::Matrix(m) => m.data.clone(),
        _ => {
            return Err(Error::type_err(
                "The object to reshape must be a vector or matrix",
            ))
        }
    };
    let n = rows.checked_mul(cols).filter(|n| *n >= 0 && rows >= 0);
    if n != Some(data.len() as i64) {
        return Err(Error::length(format!(
            "The size of the object ({}) doesn't match the new dimension {rows}:{cols}",
            data.len()
        )));
    }
    let m = Matrix::new(data, rows as usize, cols as usize).map_err(Error::length)?;
    Ok(Value::Matrix(Arc::new(m)))
}

/// Casts a kernel result (used by kernels that compute wide and narrow afterwards).
pub(crate) fn cast_flat(f: &Flat, ty: Type) -> Result<Flat> {
    match f {
        Flat::S(s) => cast_operand(Operand::S(s), ty),
        Flat::V(v) => cast_operand(Operand::V(v), ty),
    }
}

fn cast_error(from: Type, to: Type) -> Error {
    temporal::cast_error(from, to)
}

/// Casts one peeled operand.
pub(crate) fn cast_operand(a: Operand<'_>, to: Type) -> Result<Flat> {
    let from = a.ty();
    if from == to {
        return Ok(own(a));
    }
    if from == Type::Void {
        return Ok(match a {
            Operand::S(_) => Flat::S(Scalar::null(to)),
            Operand::V(v) => {
                let mut out = Vector::with_capacity(to, v.len());
                (0..v.len()).for_each(|_| out.push_null());
                Flat::V(out)
            }
        });
    }
    if to.is_literal() {
        return Ok(to_text(a, to));
    }
    if from.is_literal() {
        return from_text(a, to);
    }
    if to == Type::Bool {
        return super::logic::not(a)
            .and_then(|f| super::logic::not(flat_op(&f)))
            .map_err(|_| cast_error(from, to));
    }
    let num_from = from.is_numeric() || from.is_temporal();
    if to.is_temporal() && from.is_temporal() {
        return temporal::convert_operand(a, to);
    }
    if num_from && (to.is_numeric() || to.is_temporal()) {
        return relayout(a, to).ok_or_else(|| cast_error(from, to));
    }
    Err(cast_error(from, to))
}

fn flat_op(f: &Flat) -> Operand<'_> {
    match f {
        Flat::S(s) => Operand::S(s),
        Flat::V(v) => Operand::V(v),
    }
}

fn own(a: Operand<'_>) -> Flat {
    match a {
        Operand::S(s) => Flat::S(s.clone()),
        Operand::V(v) => Flat::V(v.clone()),
    }
}

/// Converts numeric/temporal data into `to`'s layout with DolphinDB's numeric rules.
fn relayout(a: Operand<'_>, to: Type) -> Option<Flat> {
    fn go<T: Prim>(a: Operand<'_>, to: Type) -> Option<Flat> {
        let n: Num<T> = match a {
            Operand::S(s) => Num::S(scalar_prim(s)?),
            Operand::V(v) => Num::V(data_prims(v.data())?),
        };
        Some(match n {
            Num::S(x) => Flat::S(T::scalar(to, x)),
            Num::V(c) => Flat::V(Vector::new(to, T::wrap(c.into_owned()))),
        })
    }
    match to.physical() {
        Physical::I8 => go::<i8>(a, to),
        Physical::I16 => go::<i16>(a, to),
        Physical::I32 => go::<i32>(a, to),
        Physical::I64 => go::<i64>(a, to),
        Physical::F32 => go::<f32>(a, to),
        Physical::F64 => go::<f64>(a, to),
        _ => None,
    }
}

fn to_text(a: Operand<'_>, to: Type) -> Flat {
    match a {
        Operand::S(Scalar::Str(_, s)) => Flat::S(Scalar::Str(to, s.clone())),
        Operand::S(s) => Flat::S(Scalar::Str(to, Arc::from(scalar_text(s)))),
        Operand::V(v) => {
            let items: Vec<Arc<str>> = match v.data() {
                VecData::Str(items) => items.clone(),
                _ => (0..v.len())
                    .map(|i| Arc::from(v.scalar_at(i).map(|s| scalar_text(&s)).unwrap_or_default()))
                    .collect(),
            };
            Flat::V(Vector::new(to, VecData::Str(items)))
        }
    }
}

fn from_text(a: Operand<'_>, to: Type) -> Result<Flat> {
    let from = a.ty();
    if !(to.is_numeric() || to.is_temporal() || to == Type::Uuid) {
        return Err(cast_error(from, to));
    }
    Ok(match a {
        Operand::S(s) => Flat::S(parse_scalar(s.as_str().unwrap_or(""), to)),
        Operand::V(v) => {
            let mut out = Vector::with_capacity(to, v.len());
            if let VecData::Str(items) = v.data() {
                for s in items {
                    out.push_scalar(&parse_scalar(s, to));
                }
            }
            Flat::V(out)
        }
    })
}

/// Parses text as a value of `to`; unparsable text gives NULL.
pub(crate) fn parse_scalar(s: &str, to: Type) -> Scalar {
    parse_text(s.trim(), to).unwrap_or_else(|| Scalar::null(to))
}

fn parse_text(s: &str, to: Type) -> Option<Scalar> {
    if s.is_empty() {
        return None;
    }
    match to {
        Type::Bool => match s.to_ascii_lowercase().as_str() {
            "true" => Some(Scalar::bool(true)),
            "false" => Some(Scalar::bool(false)),
            _ => s.parse::<f64>().ok().map(|v| Scalar::bool(v != 0.0)),
        },
        Type::Char if s.chars().count() == 1 && !s.as_bytes()[0].is_ascii_digit() => {
            Some(Scalar::char(s.as_bytes()[0] as i8))
        }
        Type::Char | Type::Short | Type::Int | Type::Long => {
            leading_int(s).map(|v| Scalar::from_i64(to, v))
        }
        Type::Float => s.parse::<f32>().ok().map(Scalar::F32),
        Type::Double => s.parse::<f64>().ok().map(Scalar::F64),
        Type::Uuid => {
            let hex: String = s.chars().filter(|c| *c != '-').collect();
            (hex.len() == 32)
                .then(|| u128::from_str_radix(&hex, 16).ok())
                .flatten()
                .map(Scalar::U128)
        }
        t if t.is_temporal() => {
            let (ty, v) = parse_temporal(s)?;
            let v = temporal::convert(v, ty, to)?;
            Some(Scalar::from_i64(to, v))
        }
        _ => None,
    }
}

/// `[+-]digits...`, stopping at the first non-digit; `None` without digits or on overflow.
fn leading_int(s: &str) -> Option<i64> {
    let (neg, rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let end = rest.bytes().take_while(u8::is_ascii_digit).count();
    let v: i64 = rest[..end].parse().ok()?;
    Some(if neg { -v } else { v })
}

/// Any temporal literal form: date-times, dates (`.` or `-`), months (`2012.06M`), times.
fn parse_temporal(s: &str) -> Option<(Type, i64)> {
    let s = s.replace('-', ".");
    if let Some(dt) = parse_datetime(&s) {
        return Some(dt);
    }
    if let Some(d) = parse_date(&s) {
        return Some((Type::Date, d));
    }
    if let Some(m) = s.strip_suffix('M').and_then(parse_month) {
        return Some((Type::Month, m));
    }
    if let Some(m) = s.strip_suffix('m').and_then(parse_time_of_day) {
        return Some(m);
    }
    parse_time_of_day(&s).or_else(|| parse_month(&s).map(|m| (Type::Month, m)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(v: Value, ty: Type) -> Scalar {
        cast(&v, ty)
            .expect("cast")
            .as_scalar()
            .expect("scalar")
            .clone()
    }

    #[test]
    fn numbers() {
        assert_eq!(c(Value::double(8.9), Type::Int), Scalar::int(9));
        assert_eq!(c(Value::double(-2.5), Type::Int), Scalar::int(-3));
        assert_eq!(c(Value::int(65578), Type::Short), Scalar::short(42));
        assert!(c(Value::long(2_147_483_648), Type::Int).is_null());
        assert_eq!(c(Value::int(5), Type::Double), Scalar::double(5.0));
        assert_eq!(c(Value::double(0.0), Type::Bool), Scalar::bool(false));
        assert_eq!(c(Value::double(100.2), Type::Bool), Scalar::bool(true));
        assert!(c(Value::Scalar(Scalar::null(Type::Int)), Type::Double).is_null());
        assert!(c(Value::NULL, Type::Date).is_null());
    }

    #[test]
    fn strings() {
        assert_eq!(c(Value::string("10.9"), Type::Int), Scalar::int(10));
        assert_eq!(c(Value::string("128.9"), Type::Int), Scalar::int(128));
        assert_eq!(c(Value::string("2.5"), Type::Double), Scalar::double(2.5));
        assert!(c(Value::string("abc"), Type::Int).is_null());
        assert_eq!(c(Value::string("true"), Type::Bool), Scalar::bool(true));
        assert_eq!(
            c(Value::string("2020.01.02"), Type::Date),
            Scalar::I32(Type::Date, 18263)
        );
        assert_eq!(c(Value::int(12), Type::String), Scalar::string("12"));
        assert_eq!(c(Value::string("IBM"), Type::Symbol), Scalar::symbol("IBM"));
        let d = Scalar::I32(Type::Date, 15504);
        assert_eq!(
            c(Value::Scalar(d), Type::String),
            Scalar::string("2012.06.13")
        );
    }

    #[test]
    fn temporal() {
        let dt = Value::Scalar(Scalar::I32(Type::DateTime, 1_339_594_210));
        assert_eq!(c(dt.clone(), Type::Date), Scalar::I32(Type::Date, 15504));
        assert_eq!(
            c(dt.clone(), Type::Second),
            Scalar::I32(Type::Second, 48_610)
        );
        assert_eq!(
            c(dt, Type::Timestamp),
            Scalar::I64(Type::Timestamp, 1_339_594_210_000)
        );
        assert_eq!(c(Value::int(1), Type::Date), Scalar::I32(Type::Date, 1));
        let d = Value::Scalar(Scalar::I32(Type::Date, 15504));
        assert_eq!(c(d.clone(), Type::Int), Scalar::int(15504));
        assert!(cast(&d, Type::Second).is_err());
    }

    #[test]
    fn vectors_and_reshape() {
        let v = Value::vector(Vector::doubles(vec![1.4, 1.5, f64::MIN]));
        let r = cast(&v, Type::Int).expect("cast");
        let r = r.as_vector().expect("vector");
        assert_eq!(r.scalar_at(1), Some(Scalar::int(2)));
        assert!(r.is_null_at(2));
        let m = reshape(&Value::vector(Vector::ints((1..=8).collect())), 2, 4).expect("reshape");
        let Value::Matrix(m) = m else {
            panic!("matrix expected")
        };
        assert_eq!(m.get(1, 1), Some(Scalar::int(4)));
        assert!(reshape(&Value::vector(Vector::ints(vec![1, 2, 3])), 2, 2).is_err());
    }
}
