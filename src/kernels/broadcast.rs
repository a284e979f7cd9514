//! The broadcasting rule, written once: how the data forms of two operands combine before a
//! typed kernel sees them.
//!
//! * scalar∘scalar gives a scalar; scalar∘vector and vector∘scalar broadcast the scalar;
//!   vector∘vector needs equal lengths (else a length error).
//! * A pair behaves like a two-element vector and the result is a pair (`1:3+1` → `2:4`).
//! * Matrices combine elementwise on their column-major data and keep shape and labels; a
//!   vector whose length is the row count applies to every column.
//! * Tuples (ANY vectors) recurse element by element (`(1,2)+1` → `(2,3)`).
//! * A dictionary with a scalar applies the operation to every value.

use super::prim::{Flat, Operand};
use crate::error::{Error, Result};
use crate::value::{Dict, Matrix, Scalar, Value, Vector};
use std::sync::Arc;

/// A typed kernel over peeled operands.
pub(crate) type Kernel<'k> = &'k dyn Fn(Operand<'_>, Operand<'_>) -> Result<Flat>;

/// The length error every elementwise operator reports.
pub(crate) fn size_error(n: usize, m: usize) -> Error {
    Error::length(format!("Incompatible vector size: {n} and {m}"))
}

/// Applies `k` to two values of any supported form.
pub(crate) fn binary_forms(name: &str, lhs: &Value, rhs: &Value, k: Kernel) -> Result<Value> {
    use Value as V;
    match (lhs, rhs) {
        (V::Scalar(a), V::Scalar(b)) => Ok(scalar_value(k(Operand::S(a), Operand::S(b))?)),
        (V::Vector(t) | V::Pair(t), _) if t.is_tuple() => tuple_left(name, t, rhs, k),
        (_, V::Vector(t) | V::Pair(t)) if t.is_tuple() => tuple_right(name, lhs, t, k),
        (V::Vector(a), V::Scalar(b)) => vector_value(k(Operand::V(a), Operand::S(b))?, a.len()),
        (V::Pair(a), V::Scalar(b)) => pair_value(k(Operand::V(a), Operand::S(b))?, a.len()),
        (V::Scalar(a), V::Vector(b)) => vector_value(k(Operand::S(a), Operand::V(b))?, b.len()),
        (V::Scalar(a), V::Pair(b)) => pair_value(k(Operand::S(a), Operand::V(b))?, b.len()),
        (V::Vector(a) | V::Pair(a), V::Vector(b) | V::Pair(b)) => {
            if a.len() != b.len() {
                return Err(size_error(a.len(), b.len()));
            }
            let res = k(Operand::V(a), Operand::V(b))?;
            if matches!(lhs, V::Pair(_)) || matches!(rhs, V::Pair(_)) {
                pair_value(res, a.len())
            } else {
                vector_value(res, a.len())
            }
        }
        (V::Matrix(m), V::Scalar(s)) => matrix_value(m, k(Operand::V(&m.data), Operand::S(s))?),
        (V::Scalar(s), V::Matrix(m)) => matrix_value(m, k(Operand::S(s), Operand::V(&m.data))?),
        (V::Matrix(a), V::Matrix(b)) => {
            if a.rows != b.rows || a.cols != b.cols {
                return Err(size_error(a.rows * a.cols, b.rows * b.cols));
            }
            matrix_value(a, k(Operand::V(&a.data), Operand::V(&b.data))?)
        }
        (V::Matrix(m), V::Vector(v) | V::Pair(v)) => {
            let v = fit_to_matrix(m, v)?;
            matrix_value(m, k(Operand::V(&m.data), Operand::V(&v))?)
        }
        (V::Vector(v) | V::Pair(v), V::Matrix(m)) => {
            let v = fit_to_matrix(m, v)?;
            matrix_value(m, k(Operand::V(&v), Operand::V(&m.data))?)
        }
        (V::Dict(d), V::Scalar(_)) => map_dict(d, |x| binary_forms(name, x, rhs, k)),
        (V::Scalar(_), V::Dict(d)) => map_dict(d, |x| binary_forms(name, lhs, x, k)),
        _ => Err(Error::type_err(format!(
            "The operator {name} doesn't support {} and {}",
            lhs.type_str(),
            rhs.type_str()
        ))),
    }
}

/// Applies a unary kernel to a value of any form (tuples and dictionaries recurse).
pub(crate) fn unary_forms(
    name: &str,
    v: &Value,
    k: &dyn Fn(Operand<'_>) -> Result<Flat>,
) -> Result<Value> {
    match v {
        Value::Scalar(s) => Ok(scalar_value(k(Operand::S(s))?)),
        Value::Vector(t) | Value::Pair(t) if t.is_tuple() => {
            let items = tuple_items(t);
            let out = items
                .iter()
                .map(|x| unary_forms(name, x, k))
                .collect::<Result<Vec<_>>>()?;
            Ok(Value::vector(Vector::tuple(out)))
        }
        Value::Vector(a) => vector_value(k(Operand::V(a))?, a.len()),
        Value::Pair(a) => pair_value(k(Operand::V(a))?, a.len()),
        Value::Matrix(m) => matrix_value(m, k(Operand::V(&m.data))?),
        Value::Dict(d) => map_dict(d, |x| unary_forms(name, x, k)),
        _ => Err(Error::type_err(format!(
            "The operator {name} doesn't support {}",
            v.type_str()
        ))),
    }
}

fn tuple_items(t: &Vector) -> Vec<Value> {
    t.iter_values().collect()
}

/// Element `i` of the other side of a tuple operation: scalars broadcast, vectors index.
fn other_at(other: &Value, i: usize, n: usize) -> Result<Value> {
    match other {
        Value::Vector(v) | Value::Pair(v) => {
            if v.len() != n {
                return Err(size_error(n, v.len()));
            }
            Ok(v.get(i).unwrap_or(Value::NULL))
        }
        _ => Ok(other.clone()),
    }
}

fn tuple_left(name: &str, t: &Vector, rhs: &Value, k: Kernel) -> Result<Value> {
    let items = tuple_items(t);
    let n = items.len();
    let mut out = Vec::with_capacity(n);
    for (i, x) in items.iter().enumerate() {
        out.push(binary_forms(name, x, &other_at(rhs, i, n)?, k)?);
    }
    Ok(Value::vector(Vector::tuple(out)))
}

fn tuple_right(name: &str, lhs: &Value, t: &Vector, k: Kernel) -> Result<Value> {
    let items = tuple_items(t);
    let n = items.len();
    let mut out = Vec::with_capacity(n);
    for (i, y) in items.iter().enumerate() {
        out.push(binary_forms(name, &other_at(lhs, i, n)?, y, k)?);
    }
    Ok(Value::vector(Vector::tuple(out)))
}

/// A vector against a matrix: the whole data (rows*cols) or one column repeated per column.
fn fit_to_matrix(m: &Matrix, v: &Vector) -> Result<Vector> {
    let n = m.rows * m.cols;
    if v.len() == n {
        return Ok(v.clone());
    }
    if v.len() == m.rows {
        let idx: Vec<i64> = (0..n).map(|i| (i % m.rows) as i64).collect();
        return Ok(v.gather(&idx));
    }
    Err(size_error(n, v.len()))
}

fn scalar_value(f: Flat) -> Value {
    match f {
        Flat::S(s) => Value::Scalar(s),
        Flat::V(v) => Value::vector(v),
    }
}

fn into_vector(f: Flat, n: usize) -> Vector {
    match f {
        Flat::V(v) => v,
        Flat::S(s) => Vector::repeat(&s, n),
    }
}

fn vector_value(f: Flat, n: usize) -> Result<Value> {
    Ok(Value::vector(into_vector(f, n)))
}

fn pair_value(f: Flat, n: usize) -> Result<Value> {
    Ok(Value::Pair(Arc::new(into_vector(f, n))))
}

fn matrix_value(m: &Matrix, f: Flat) -> Result<Value> {
    Ok(Value::Matrix(Arc::new(Matrix {
        data: into_vector(f, m.rows * m.cols),
        rows: m.rows,
        cols: m.cols,
        row_labels: m.row_labels.clone(),
        col_labels: m.col_labels.clone(),
    })))
}

fn map_dict(d: &Dict, f: impl Fn(&Value) -> Result<Value>) -> Result<Value> {
    let mut vals = Vec::with_capacity(d.len());
    for (_, v) in d.iter() {
        vals.push(f(v)?);
    }
    let value_type = common_type(&vals).unwrap_or(d.value_type());
    let mut out = Dict::new(d.key_type(), value_type, d.is_ordered());
    for (k, v) in d.keys().iter().zip(vals) {
        out.insert(k.clone(), v);
    }
    Ok(Value::dict(out))
}

/// The value type of a dictionary built from these values: their one scalar type, else ANY.
fn common_type(vals: &[Value]) -> Option<crate::value::Type> {
    let mut ty = None;
    for v in vals {
        let t = match v {
            Value::Scalar(Scalar::Void) => continue,
            Value::Scalar(s) => s.ty(),
            _ => return Some(crate::value::Type::Any),
        };
        match ty {
            None => ty = Some(t),
            Some(x) if x == t => {}
            Some(_) => return Some(crate::value::Type::Any),
        }
    }
    ty
}
