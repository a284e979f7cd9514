//! Operators that build structure rather than compute elementwise: pair `a:b`, seq `a..b`,
//! join `<-`, inner product `**`, and set algebra.

use super::cast::cast;
use super::unsupported;
use crate::ast::BinOp;
use crate::error::{Error, Result};
use crate::value::{promote_literal_types, Matrix, Scalar, Set, Table, Type, Value, Vector};
use std::sync::Arc;

/// `a:b`: a pair of two scalars of their common type.
pub(crate) fn pair(lhs: &Value, rhs: &Value) -> Result<Value> {
    let (Value::Scalar(a), Value::Scalar(b)) = (lhs, rhs) else {
        return Err(Error::type_err("The operands of a pair must be scalars"));
    };
    let ty = common(a.ty(), b.ty()).ok_or_else(|| unsupported(BinOp::Pair, a.ty(), b.ty()))?;
    let mut v = Vector::with_capacity(ty, 2);
    for s in [a, b] {
        let c = cast(&Value::Scalar(s.clone()), ty)?;
        match c {
            Value::Scalar(x) => v.push_scalar(&x),
            _ => return Err(unsupported(BinOp::Pair, a.ty(), b.ty())),
        };
    }
    Ok(Value::Pair(Arc::new(v)))
}

/// Common element type of two scalar types; VOID takes the other type.
fn common(a: Type, b: Type) -> Option<Type> {
    match (a, b) {
        (Type::Void, Type::Void) => Some(Type::Int),
        (Type::Void, t) | (t, Type::Void) => Some(t),
        _ => promote_literal_types(a, b),
    }
}

/// `a..b`: the inclusive integer (or temporal) sequence, descending when `a > b`.
pub(crate) fn seq(lhs: &Value, rhs: &Value) -> Result<Value> {
    let (Value::Scalar(a), Value::Scalar(b)) = (lhs, rhs) else {
        return Err(Error::type_err("The operands of seq must be scalars"));
    };
    let (lt, rt) = (a.ty(), b.ty());
    let ok = |t: Type| t.is_integral() || t.is_temporal();
    if !ok(lt) || !ok(rt) {
        return Err(unsupported(BinOp::Seq, lt, rt));
    }
    let ty = if lt == rt || lt.is_temporal() {
        lt
    } else if rt.is_temporal() {
        rt
    } else {
        promote_literal_types(lt, rt).unwrap_or(Type::Long)
    };
    let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) else {
        return Err(Error::domain("The operands of seq can't be NULL"));
    };
    let n = x.abs_diff(y) + 1;
    if n > i32::MAX as u64 {
        return Err(Error::domain("The sequence is too long"));
    }
    let step: i64 = if y >= x { 1 } else { -1 };
    let longs: Vec<i64> = (0..n as i64).map(|i| x + step * i).collect();
    let v = Value::vector(Vector::longs(longs));
    if ty == Type::Long {
        return Ok(v);
    }
    let raw = if ty.is_temporal() {
        ty.physical_int()
    } else {
        ty
    };
    let out = cast(&v, raw)?;
    match out {
        Value::Vector(vec) if raw != ty => {
            let vec = Arc::try_unwrap(vec).unwrap_or_else(|a| (*a).clone());
            Ok(Value::vector(
                vec.retag(ty)
                    .ok_or_else(|| Error::runtime("seq retag failed"))?,
            ))
        }
        other => Ok(other),
    }
}

/// Integer type with a temporal type's layout (DATE → INT, TIMESTAMP → LONG).
trait PhysicalInt {
    fn physical_int(self) -> Type;
}

impl PhysicalInt for Type {
    fn physical_int(self) -> Type {
        match self.physical() {
            crate::value::Physical::I64 => Type::Long,
            _ => Type::Int,
        }
    }
}

/// `x <- y` / `join(x, y)`.
pub(crate) fn join(lhs: &Value, rhs: &Value) -> Result<Value> {
    match (lhs, rhs) {
        (Value::Matrix(m), Value::Vector(_) | Value::Matrix(_)) => join_matrix(m, rhs),
        (Value::Table(a), Value::Table(b)) => join_tables(a, b),
        (
            Value::Scalar(_) | Value::Vector(_) | Value::Pair(_),
            Value::Scalar(_) | Value::Vector(_) | Value::Pair(_),
        ) => join_vectors(lhs, rhs),
        _ => Err(Error::type_err(format!(
            "The operator join doesn't support {} and {}",
            lhs.type_str(),
            rhs.type_str()
        ))),
    }
}

fn as_vector(v: &Value) -> Vector {
    match v {
        Value::Vector(x) | Value::Pair(x) => (**x).clone(),
        Value::Scalar(s) => {
            let mut out = Vector::with_capacity(
                if s.ty() == Type::Void {
                    Type::Any
                } else {
                    s.ty()
                },
                1,
            );
            out.push_scalar(s);
            out
        }
        other => Vector::tuple(vec![other.clone()]),
    }
}

fn join_vectors(lhs: &Value, rhs: &Value) -> Result<Value> {
    let (a, b) = (as_vector(lhs), as_vector(rhs));
    if a.is_tuple() || b.is_tuple() {
        let mut items: Vec<Value> = a.iter_values().collect();
        items.extend(b.iter_values());
        return Ok(Value::vector(Vector::tuple(items)));
    }
    let Some(ty) = common(a.ty(), b.ty()) else {
        let mut items: Vec<Value> = a.iter_values().collect();
        items.extend(b.iter_values());
        return Ok(Value::vector(Vector::tuple(items)));
    };
    let mut out = to_type(a, ty)?;
    if !out.extend_from(&to_type(b, ty)?) {
        return Err(unsupported(BinOp::Join, lhs.ty(), rhs.ty()));
    }
    Ok(Value::vector(out))
}

fn to_type(v: Vector, ty: Type) -> Result<Vector> {
    if v.ty() == ty {
        return Ok(v);
    }
    match cast(&Value::vector(v), ty)? {
        Value::Vector(x) => Ok(Arc::try_unwrap(x).unwrap_or_else(|a| (*a).clone())),
        _ => Err(Error::runtime("join: cast did not give a vector")),
    }
}

fn join_matrix(m: &Matrix, rhs: &Value) -> Result<Value> {
    let (data, cols) = match rhs {
        Value::Matrix(b) if b.rows == m.rows => (b.data.clone(), b.cols),
        Value::Vector(v) if v.len() == m.rows => ((**v).clone(), 1),
        _ => return Err(super::broadcast::size_error(m.rows, rhs.size())),
    };
    let ty = common(m.data.ty(), data.ty()).unwrap_or(Type::Any);
    let mut out = to_type(m.data.clone(), ty)?;
    out.extend_from(&to_type(data, ty)?);
    let res = Matrix::new(out, m.rows, m.cols + cols).map_err(Error::length)?;
    Ok(Value::Matrix(Arc::new(res)))
}

fn join_tables(a: &Table, b: &Table) -> Result<Value> {
    let mut t = a.clone();
    for (n, c) in b.names().iter().zip(b.columns()) {
        t.add_column(n.clone(), c.clone()).map_err(Error::length)?;
    }
    Ok(Value::table(t))
}

/// `x ** y`: inner product of vectors, matrix multiplication, or `*` with a scalar.
pub(crate) fn dot(lhs: &Value, rhs: &Value) -> Result<Value> {
    match (lhs, rhs) {
        (Value::Matrix(_), Value::Scalar(_)) | (Value::Scalar(_), Value::Matrix(_)) => Err(
            Error::type_err("Use * rather than ** for scalar and matrix multiplication."),
        ),
        (Value::Scalar(_), _) | (_, Value::Scalar(_)) => super::binary(BinOp::Mul, lhs, rhs),
        (Value::Vector(a), Value::Vector(b)) if !a.is_tuple() && !b.is_tuple() => {
            if a.len() != b.len() {
                return Err(super::broadcast::size_error(a.len(), b.len()));
            }
            let (x, y) = (columns(lhs)?, columns(rhs)?);
            matmul(&x, &y, 1, a.len(), 1, true)
        }
        (Value::Matrix(m), Value::Vector(v)) => {
            let x = columns(lhs)?;
            let y = columns(rhs)?;
            if m.cols != v.len() {
                return Err(super::broadcast::size_error(m.cols, v.len()));
            }
            matmul(&x, &y, m.rows, m.cols, 1, false)
        }
        (Value::Vector(v), Value::Matrix(m)) => {
            let x = columns(lhs)?;
            let y = columns(rhs)?;
            if m.rows != v.len() {
                return Err(super::broadcast::size_error(v.len(), m.rows));
            }
            matmul(&x, &y, 1, v.len(), m.cols, false)
        }
        (Value::Matrix(a), Value::Matrix(b)) => {
            if a.cols != b.rows {
                return Err(super::broadcast::size_error(a.cols, b.rows));
            }
            let (x, y) = (columns(lhs)?, columns(rhs)?);
            matmul(&x, &y, a.rows, a.cols, b.cols, false)
        }
        _ => Err(unsupported(BinOp::Dot, lhs.ty(), rhs.ty())),
    }
}

/// Column-major DOUBLE data of a numeric vector or matrix.
fn columns(v: &Value) -> Result<(Vec<f64>, bool)> {
    let ty = v.ty();
    if !ty.is_numeric() {
        return Err(unsupported(BinOp::Dot, ty, ty));
    }
    let data = match v {
        Value::Vector(x) => (**x).clone(),
        Value::Matrix(m) => m.data.clone(),
        _ => return Err(unsupported(BinOp::Dot, ty, ty)),
    };
    let d = cast(&Value::vector(data), Type::Double)?;
    let Value::Vector(d) = d else {
        return Err(Error::runtime("dot: cast did not give a vector"));
    };
    let vals = match d.data() {
        crate::value::VecData::F64(x) => x.clone(),
        _ => return Err(Error::runtime("dot: expected DOUBLE data")),
    };
    Ok((vals, ty.is_floating()))
}

/// `(n×k) · (k×m)` on column-major data; NULLs propagate. Integer inputs give LONG.
fn matmul(
    x: &(Vec<f64>, bool),
    y: &(Vec<f64>, bool),
    n: usize,
    k: usize,
    m: usize,
    scalar: bool,
) -> Result<Value> {
    let float = x.1 || y.1;
    let null = |v: f64| v == f64::MIN || v.is_nan();
    let mut out = vec![0.0f64; n * m];
    for j in 0..m {
        for i in 0..n {
            let mut acc = 0.0;
            for t in 0..k {
                let (p, q) = (x.0[t * n + i], y.0[j * k + t]);
                if null(p) || null(q) {
                    acc = f64::MIN;
                    break;
                }
                acc += p * q;
            }
            out[j * n + i] = acc;
        }
    }
    let vec = if float {
        Vector::doubles(out)
    } else {
        Vector::longs(
            out.iter()
                .map(|&v| if null(v) { i64::MIN } else { v as i64 })
                .collect(),
        )
    };
    if scalar {
        return Ok(Value::Scalar(vec.scalar_at(0).unwrap_or(Scalar::Void)));
    }
    Ok(Value::Matrix(Arc::new(
        Matrix::new(vec, n, m).map_err(Error::length)?,
    )))
}

/// Set algebra: `& | - ^` and `== != <= >= < >` (subset tests).
pub(crate) fn set_op(op: BinOp, a: &Set, b: &Set) -> Result<Value> {
    let build = |items: Vec<&Scalar>| {
        let mut s = Set::new(a.key_type());
        for x in items {
            s.insert(x.clone());
        }
        Value::Set(Arc::new(s))
    };
    let subset = |x: &Set, y: &Set| x.items().iter().all(|e| y.contains(e));
    Ok(match op {
        BinOp::BitAnd => build(a.items().iter().filter(|e| b.contains(e)).collect()),
        BinOp::BitOr => build(a.items().iter().chain(b.items()).collect()),
        BinOp::Sub => build(a.items().iter().filter(|e| !b.contains(e)).collect()),
        BinOp::BitXor => build(
            a.items()
                .iter()
                .filter(|e| !b.contains(e))
                .chain(b.items().iter().filter(|e| !a.contains(e)))
                .collect(),
        ),
        BinOp::Eq => Value::bool(a.len() == b.len() && subset(a, b)),
        BinOp::Ne => Value::bool(!(a.len() == b.len() && subset(a, b))),
        BinOp::Le => Value::bool(subset(a, b)),
        BinOp::Ge => Value::bool(subset(b, a)),
        BinOp::Lt => Value::bool(a.len() < b.len() && subset(a, b)),
        BinOp::Gt => Value::bool(a.len() > b.len() && subset(b, a)),
        _ => return Err(unsupported(op, a.key_type(), b.key_type())),
    })
}
