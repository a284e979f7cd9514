//! Shared plumbing for the numeric families (statistics, cumulative, moving and series
//! functions): applying a vector kernel per column of a matrix or table, reading a column as
//! DOUBLE without copying when it already is one, and the window arguments.

use super::args::int_arg;
use crate::error::{Error, Result};
use crate::kernels::window::Periods;
use crate::value::{Matrix, Scalar, Table, Type, Value, VecData, Vector, NULL_F64};
use std::borrow::Cow;
use std::sync::Arc;

/// A kernel from one column to one column of the same length.
pub type ColumnFn<'a> = &'a dyn Fn(&Vector) -> Result<Vector>;

/// Applies `f` to a vector, to each column of a matrix (keeping shape and labels) or table
/// (keeping column names), or to a scalar as a one-element vector (giving a scalar back).
pub fn per_column(func: &str, x: &Value, f: ColumnFn) -> Result<Value> {
    match x {
        Value::Vector(v) | Value::Pair(v) if !v.is_tuple() || all_void(v) => {
            Ok(Value::vector(f(v)?))
        }
        Value::Scalar(s) => {
            let res = f(&Vector::repeat(s, 1))?;
            Ok(res.get(0).unwrap_or(Value::Scalar(Scalar::null(res.ty()))))
        }
        Value::Matrix(m) => {
            let mut data: Option<Vector> = None;
            for j in 0..m.cols {
                let col = f(&m.column(j))?;
                match &mut data {
                    None => data = Some(col),
                    Some(d) => {
                        if !d.extend_from(&col) {
                            return Err(Error::type_err(format!(
                                "[{func}] The columns of the matrix give different result types"
                            )));
                        }
                    }
                }
            }
            let data = data.unwrap_or_else(|| Vector::empty(Type::Double));
            Ok(Value::Matrix(Arc::new(Matrix {
                data,
                rows: m.rows,
                cols: m.cols,
                row_labels: m.row_labels.clone(),
                col_labels: m.col_labels.clone(),
            })))
        }
        Value::Table(t) => {
            let mut res = Table::new();
            for (name, col) in t.names().iter().zip(t.columns()) {
                res.add_column(name.clone(), Arc::new(f(col)?))
                    .map_err(Error::runtime)?;
            }
            Ok(Value::table(res))
        }
        other => Err(Error::type_err(format!(
            "[{func}] The argument X must be a vector, matrix or table, not {}",
            other.type_str()
        ))),
    }
}

/// The column as DOUBLE (NULLs become the DOUBLE sentinel), borrowed when it already is one.
/// BOOL and the numeric types are accepted; anything else is a type error naming `func`.
pub fn f64s<'v>(func: &str, v: &'v Vector) -> Result<Cow<'v, [f64]>> {
    let ty = v.ty();
    if !(ty.is_numeric() || ty == Type::Bool || ty == Type::Void) {
        return Err(Error::type_err(format!(
            "[{func}] The argument must be numeric, not {}",
            ty.name()
        )));
    }
    if let VecData::Any(items) = v.data() {
        // An empty or all-VOID tuple reads as NULL doubles.
        return Ok(Cow::Owned(vec![NULL_F64; items.len()]));
    }
    crate::kernels::data_prims::<f64>(v.data()).ok_or_else(|| {
        Error::type_err(format!(
            "[{func}] The argument must be numeric, not {}",
            ty.name()
        ))
    })
}

/// The column as LONG values (NULLs become `i64::MIN`) when it is integral or BOOL.
pub fn i64s<'v>(v: &'v Vector) -> Option<Cow<'v, [i64]>> {
    let ty = v.ty();
    if !(ty.is_integral() || ty == Type::Bool) {
        return None;
    }
    crate::kernels::data_prims::<i64>(v.data())
}

/// A DOUBLE vector from computed values.
pub fn doubles(v: Vec<f64>) -> Vector {
    Vector::doubles(v)
}

/// The `window` argument of an m-function: an integer no smaller than 1.
pub fn window_arg(func: &str, v: &Value) -> Result<usize> {
    let w = int_arg(func, "window", v)?;
    if w < 1 {
        return Err(Error::domain(format!(
            "[{func}] window must be a positive integer"
        )));
    }
    Ok(w as usize)
}

/// The optional `minPeriods` argument: a positive integer no larger than the window.
pub fn min_periods_arg(func: &str, v: Option<&Value>, window: usize) -> Result<Option<usize>> {
    match v {
        None | Some(Value::Scalar(Scalar::Void)) => Ok(None),
        Some(v) => {
            let m = int_arg(func, "minPeriods", v)?;
            if m < 1 || m as usize > window {
                return Err(Error::domain(format!(
                    "[{func}] minPeriods must be a positive integer no larger than window"
                )));
            }
            Ok(Some(m as usize))
        }
    }
}

/// `window` and `minPeriods` at argument positions `w` and `w + 1`.
pub fn periods(func: &str, args: &[Value], w: usize) -> Result<Periods> {
    let window = window_arg(func, &args[w])?;
    let min_periods = min_periods_arg(func, args.get(w + 1), window)?;
    Ok(Periods {
        window,
        min_periods,
    })
}

/// Checks that two columns have the same length (binary m-functions, corr, covar ...).
pub fn same_len(func: &str, a: &Vector, b: &Vector) -> Result<()> {
    if a.len() != b.len() {
        return Err(Error::length(format!(
            "[{func}] The arguments must have the same length ({} and {})",
            a.len(),
            b.len()
        )));
    }
    Ok(())
}

/// Applies a two-column kernel to two vectors, or to matching columns of two matrices; a
/// scalar on either side is broadcast to the other's length.
pub fn per_column2(
    func: &str,
    x: &Value,
    y: &Value,
    f: &dyn Fn(&Vector, &Vector) -> Result<Vector>,
) -> Result<Value> {
    let as_vec = |v: &Value, n: usize| -> Option<Vector> {
        match v {
            Value::Vector(a) | Value::Pair(a) if !a.is_tuple() => Some(a.as_ref().clone()),
            Value::Scalar(s) => Some(Vector::repeat(s, n)),
            _ => None,
        }
    };
    match (x, y) {
        (Value::Matrix(a), Value::Matrix(b)) => {
            if a.rows != b.rows || a.cols != b.cols {
                return Err(Error::length(format!(
                    "[{func}] The matrices must have the same shape"
                )));
            }
            let ys: Vec<Vector> = (0..b.cols).map(|j| b.column(j)).collect();
            let j = std::cell::Cell::new(0usize);
            per_column(func, x, &|col| {
                let k = j.get();
                j.set(k + 1);
                f(col, &ys[k])
            })
        }
        (Value::Matrix(m), other) => {
            let y = as_vec(other, m.rows).ok_or_else(|| bad2(func, x, y))?;
            per_column(func, x, &|col| {
                same_len(func, col, &y)?;
                f(col, &y)
            })
        }
        _ => {
            let n = match (x, y) {
                (Value::Vector(a) | Value::Pair(a), _) => a.len(),
                (_, Value::Vector(b) | Value::Pair(b)) => b.len(),
                _ => 1,
            };
            let (Some(a), Some(b)) = (as_vec(x, n), as_vec(y, n)) else {
                return Err(bad2(func, x, y));
            };
            same_len(func, &a, &b)?;
            let res = f(&a, &b)?;
            if matches!((x, y), (Value::Scalar(_), Value::Scalar(_))) {
                return Ok(res.get(0).unwrap_or(Value::Scalar(Scalar::null(res.ty()))));
            }
            Ok(Value::vector(res))
        }
    }
}

fn bad2(func: &str, x: &Value, y: &Value) -> Error {
    Error::type_err(format!(
        "[{func}] doesn't support {} and {}",
        x.type_str(),
        y.type_str()
    ))
}

/// Runs `$body` with `$xs` bound to the typed slice of a fixed-width numeric layout and wraps
/// the `Vec` it returns back into `VecData`; `None` for strings, UUIDs and tuples.
macro_rules! with_prims {
    ($data:expr, $xs:ident => $body:expr) => {
        match $data {
            VecData::I8($xs) => Some(VecData::I8($body)),
            VecData::I16($xs) => Some(VecData::I16($body)),
            VecData::I32($xs) => Some(VecData::I32($body)),
            VecData::I64($xs) => Some(VecData::I64($body)),
            VecData::F32($xs) => Some(VecData::F32($body)),
            VecData::F64($xs) => Some(VecData::F64($body)),
            _ => None,
        }
    };
}
pub(crate) use with_prims;

/// Applies a reduction to a vector (giving a scalar), to each column of a matrix (giving a
/// vector) or table (giving a one-row table); a scalar reduces as a one-element vector.
pub fn reduce(func: &str, x: &Value, f: &dyn Fn(&Vector) -> Result<Scalar>) -> Result<Value> {
    match x {
        Value::Scalar(s) => f(&Vector::repeat(s, 1)).map(Value::Scalar),
        Value::Vector(v) | Value::Pair(v) if !v.is_tuple() => f(v).map(Value::Scalar),
        Value::Matrix(m) => {
            let mut out = Vec::with_capacity(m.cols);
            for j in 0..m.cols {
                out.push(Value::Scalar(f(&m.column(j))?));
            }
            Ok(Value::vector(crate::value::vector_from_values(out)))
        }
        Value::Table(t) => {
            let mut res = Table::new();
            for (name, col) in t.names().iter().zip(t.columns()) {
                let s = f(col)?;
                res.add_column(name.clone(), Arc::new(Vector::repeat(&s, 1)))
                    .map_err(Error::runtime)?;
            }
            Ok(Value::table(res))
        }
        other => Err(Error::type_err(format!(
            "[{func}] doesn't support a {}",
            other.type_str()
        ))),
    }
}

/// The non-NULL elements of a numeric column as DOUBLE.
pub fn valid_f64s(func: &str, v: &Vector) -> Result<Vec<f64>> {
    Ok(f64s(func, v)?
        .iter()
        .copied()
        .filter(|x| !crate::kernels::window::is_null(*x))
        .collect())
}

/// A DOUBLE scalar, NULL when not finite.
pub fn double_or_null(x: f64) -> Scalar {
    if x.is_finite() {
        Scalar::F64(x)
    } else {
        Scalar::null(Type::Double)
    }
}

/// A tuple of untyped NULLs (`NULL NULL`) or an empty tuple (`[]`): treated as a column of
/// NULLs rather than rejected as a tuple.
fn all_void(v: &Vector) -> bool {
    v.iter_values().all(|x| x.is_void())
}
