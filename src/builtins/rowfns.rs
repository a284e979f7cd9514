//! Row-wise aggregates over columns given as vectors, tuples of vectors, tables or one
//! matrix: `rowSum rowSum2 rowAvg rowMax rowMin rowCount rowSize rowProd rowStd rowStdp
//! rowVar rowVarp`. NULLs are skipped; a row with no values gives NULL (0 for the counts).
//!
//! The columns are folded one at a time into per-row accumulators, so each pass is a typed
//! loop over one column's storage.

use super::registry::{Builtin, Kind, Registry};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::kernels::prim::{data_prims, Prim};
use crate::value::{Type, Value, VecData, Vector, NULL_F64, NULL_I64};
use std::sync::Arc;

#[derive(Clone, Copy, PartialEq)]
enum Agg {
    Sum,
    Sum2,
    Avg,
    Max,
    Min,
    Count,
    Size,
    Prod,
    Std,
    Stdp,
    Var,
    Varp,
}

pub fn register(reg: &mut Registry) {
    let row = |sig, f| Builtin::new(sig, f).kind(Kind::Function);
    reg.add(row("rowSum(args...)", row_sum)
        .doc("The sum of each row across the arguments (vectors, tuples, tables or one matrix); LONG for integers, DOUBLE otherwise.")
        .example("rowSum(1 2 3, 4 NULL 6)", "[5,2,9]"));
    reg.add(
        row("rowSum2(args...)", row_sum2)
            .doc("The sum of squares of each row, as DOUBLE.")
            .example("rowSum2(1 2, 3 4)", "[10,20]"),
    );
    reg.add(
        row("rowAvg(args...)", row_avg)
            .doc("The average of the non-NULL values of each row, as DOUBLE.")
            .example("rowAvg(1 2 3, 4 NULL 6)", "[2.5,2,4.5]"),
    );
    reg.add(
        row("rowMax(args...)", row_max)
            .doc("The maximum of each row, in the arguments' common type.")
            .example("rowMax(1 5 3, 4 2 NULL)", "[4,5,3]"),
    );
    reg.add(
        row("rowMin(args...)", row_min)
            .doc("The minimum of each row, in the arguments' common type.")
            .example("rowMin(1 5 3, 4 2 NULL)", "[1,2,3]"),
    );
    reg.add(
        row("rowCount(args...)", row_count)
            .doc("The number of non-NULL values in each row (INT).")
            .example("rowCount(1 NULL 3, NULL NULL 6)", "[1,0,2]"),
    );
    reg.add(
        row("rowSize(args...)", row_size)
            .doc("The number of values in each row, NULLs included (INT).")
            .example("rowSize(1 NULL, 2 3)", "[2,2]"),
    );
    reg.add(
        row("rowProd(args...)", row_prod)
            .doc("The product of each row; LONG for integers, DOUBLE otherwise.")
            .example("rowProd(1 2 3, 4 5 NULL)", "[4,10,3]"),
    );
    reg.add(
        row("rowStd(args...)", row_std)
            .doc("The sample standard deviation of each row (NULL with fewer than two values).")
            .example("rowStd(1 2, 3 4)", "[1.414214,1.414214]"),
    );
    reg.add(
        row("rowStdp(args...)", row_stdp)
            .doc("The population standard deviation of each row.")
            .example("rowStdp(1 2, 3 4)", "[1,1]"),
    );
    reg.add(
        row("rowVar(args...)", row_var)
            .doc("The sample variance of each row (NULL with fewer than two values).")
            .example("rowVar(1 2, 3 6)", "[2,8]"),
    );
    reg.add(
        row("rowVarp(args...)", row_varp)
            .doc("The population variance of each row.")
            .example("rowVarp(1 2, 3 6)", "[1,4]"),
    );
}

macro_rules! entry {
    ($($f:ident => $name:literal, $agg:expr;)*) => {$(
        fn $f(_: &mut Interp, args: &[Value]) -> Result<Value> {
            row_agg($name, $agg, args)
        }
    )*};
}

entry! {
    row_sum => "rowSum", Agg::Sum;
    row_sum2 => "rowSum2", Agg::Sum2;
    row_avg => "rowAvg", Agg::Avg;
    row_max => "rowMax", Agg::Max;
    row_min => "rowMin", Agg::Min;
    row_count => "rowCount", Agg::Count;
    row_size => "rowSize", Agg::Size;
    row_prod => "rowProd", Agg::Prod;
    row_std => "rowStd", Agg::Std;
    row_stdp => "rowStdp", Agg::Stdp;
    row_var => "rowVar", Agg::Var;
    row_varp => "rowVarp", Agg::Varp;
}

/// The argument columns: a vector is one column, a tuple or table one per element, a matrix
/// one per column; scalars are repeated to the row count.
fn columns(func: &str, args: &[Value]) -> Result<(Vec<Arc<Vector>>, usize)> {
    let mut cols: Vec<Arc<Vector>> = Vec::new();
    let mut scalars = Vec::new();
    let mut push = |v: &Value, cols: &mut Vec<Arc<Vector>>| -> Result<()> {
        match v {
            Value::Vector(x) => cols.push(x.clone()),
            Value::Scalar(s) => scalars.push(s.clone()),
            other => {
                return Err(Error::type_err(format!(
                    "[{func}] The arguments must be scalars, vectors, tuples of vectors, tables or a matrix, not {}",
                    other.type_str()
                )))
            }
        }
        Ok(())
    };
    for a in args {
        match a {
            // A tuple of vectors is one column per element; any other tuple is one column.
            Value::Vector(v)
                if v.is_tuple() && v.iter_values().all(|e| matches!(e, Value::Vector(_))) =>
            {
                for e in v.iter_values() {
                    push(&e, &mut cols)?;
                }
            }
            Value::Table(t) => cols.extend(t.columns().iter().cloned()),
            Value::Matrix(m) if args.len() == 1 => {
                cols.extend((0..m.cols).map(|j| Arc::new(m.column(j))));
            }
            Value::Matrix(_) => {
                return Err(Error::type_err(format!(
                    "[{func}] A matrix must be the only argument"
                )))
            }
            other => push(other, &mut cols)?,
        }
    }
    let n = cols.first().map(|c| c.len()).unwrap_or(1);
    if let Some(c) = cols.iter().find(|c| c.len() != n) {
        return Err(Error::length(format!(
            "[{func}] All arguments must have the same number of rows ({n} vs {})",
            c.len()
        )));
    }
    for s in scalars {
        cols.push(Arc::new(Vector::repeat(&s, n)));
    }
    for c in &cols {
        let ty = c.ty();
        // A literal such as `NULL NULL` is a tuple of VOIDs: a column with no values.
        let all_void = ty == Type::Any && (0..c.len()).all(|i| c.is_null_at(i));
        if !(ty.is_numeric() || ty == Type::Bool || ty.is_temporal() || all_void) {
            return Err(Error::type_err(format!(
                "[{func}] doesn't support {} columns",
                ty.name()
            )));
        }
    }
    Ok((cols, n))
}

fn row_agg(func: &str, agg: Agg, args: &[Value]) -> Result<Value> {
    let (cols, n) = columns(func, args)?;
    if matches!(agg, Agg::Size) {
        return Ok(Value::vector(Vector::ints(vec![cols.len() as i32; n])));
    }
    let integral = cols
        .iter()
        .all(|c| !matches!(c.data(), VecData::F32(_) | VecData::F64(_)));
    let mut count = vec![0u32; n];
    match agg {
        Agg::Sum | Agg::Prod | Agg::Max | Agg::Min if integral => {
            let mut acc = vec![NULL_I64; n];
            for c in &cols {
                let xs = data_prims::<i64>(c.data()).unwrap_or_default();
                fold(&xs, &mut acc, &mut count, |a, x| match agg {
                    Agg::Sum => a.wrapping_add(x),
                    Agg::Prod => a.wrapping_mul(x),
                    Agg::Max => a.max(x),
                    _ => a.min(x),
                });
            }
            let ty = match agg {
                Agg::Max | Agg::Min => common_type(&cols),
                _ => Type::Long,
            };
            Ok(Value::vector(typed_result(ty, acc)))
        }
        Agg::Sum | Agg::Sum2 | Agg::Prod | Agg::Max | Agg::Min | Agg::Avg => {
            let mut acc = vec![NULL_F64; n];
            for c in &cols {
                let xs = data_prims::<f64>(c.data()).unwrap_or_default();
                let xs: Vec<f64> = if agg == Agg::Sum2 {
                    xs.iter()
                        .map(|&x| if x.is_null() { x } else { x * x })
                        .collect()
                } else {
                    xs.into_owned()
                };
                fold(&xs, &mut acc, &mut count, |a, x| match agg {
                    Agg::Prod => a * x,
                    Agg::Max => a.max(x),
                    Agg::Min => a.min(x),
                    _ => a + x,
                });
            }
            if agg == Agg::Avg {
                for (a, &k) in acc.iter_mut().zip(&count) {
                    if k > 0 {
                        *a /= k as f64;
                    }
                }
            }
            Ok(Value::vector(Vector::doubles(acc)))
        }
        Agg::Count => {
            for c in &cols {
                for (i, k) in count.iter_mut().enumerate() {
                    if !c.is_null_at(i) {
                        *k += 1;
                    }
                }
            }
            Ok(Value::vector(Vector::ints(
                count.into_iter().map(|k| k as i32).collect(),
            )))
        }
        Agg::Std | Agg::Stdp | Agg::Var | Agg::Varp | Agg::Size => {
            // Welford's update per row keeps one pass over each column.
            let mut mean = vec![0.0f64; n];
            let mut m2 = vec![0.0f64; n];
            for c in &cols {
                let xs = data_prims::<f64>(c.data()).unwrap_or_default();
                for (i, &x) in xs.iter().enumerate() {
                    if x.is_null() {
                        continue;
                    }
                    count[i] += 1;
                    let d = x - mean[i];
                    mean[i] += d / count[i] as f64;
                    m2[i] += d * (x - mean[i]);
                }
            }
            let sample = matches!(agg, Agg::Std | Agg::Var);
            let root = matches!(agg, Agg::Std | Agg::Stdp);
            let out = m2
                .iter()
                .zip(&count)
                .map(|(&s, &k)| {
                    let dof = if sample { k as f64 - 1.0 } else { k as f64 };
                    if k == 0 || dof <= 0.0 {
                        return NULL_F64;
                    }
                    let v = s / dof;
                    if root {
                        v.sqrt()
                    } else {
                        v
                    }
                })
                .collect();
            Ok(Value::vector(Vector::doubles(out)))
        }
    }
}

/// Folds one column into the row accumulators, skipping NULLs; a row's first value seeds it.
fn fold<T: Prim>(xs: &[T], acc: &mut [T], count: &mut [u32], f: impl Fn(T, T) -> T) {
    for ((a, k), &x) in acc.iter_mut().zip(count.iter_mut()).zip(xs) {
        if x.is_null() {
            continue;
        }
        *a = if *k == 0 { x } else { f(*a, x) };
        *k += 1;
    }
}

/// The type of `rowMax`/`rowMin` over integer columns: the shared type, else LONG.
fn common_type(cols: &[Arc<Vector>]) -> Type {
    let first = cols.first().map(|c| c.ty()).unwrap_or(Type::Long);
    if cols.iter().all(|c| c.ty() == first) && first != Type::Void {
        first
    } else {
        Type::Long
    }
}

/// Narrows LONG accumulators to `ty`'s layout (NULL stays NULL).
fn typed_result(ty: Type, acc: Vec<i64>) -> Vector {
    let wrapped = Vector::longs(acc);
    if ty == Type::Long {
        return wrapped;
    }
    match crate::kernels::cast(&Value::vector(wrapped.clone()), ty) {
        Ok(Value::Vector(v)) => v.as_ref().clone(),
        _ => wrapped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::display::display;

    #[test]
    fn rows_skip_nulls() {
        let a = Value::vector(Vector::ints(vec![1, i32::MIN, 3]));
        let b = Value::vector(Vector::ints(vec![4, i32::MIN, 6]));
        let r = row_agg("rowSum", Agg::Sum, &[a.clone(), b.clone()]).expect("sum");
        assert_eq!(display(&r), "[5,,9]");
        let r = row_agg("rowCount", Agg::Count, &[a.clone(), b.clone()]).expect("count");
        assert_eq!(display(&r), "[2,0,2]");
        let r = row_agg("rowMax", Agg::Max, &[a, b]).expect("max");
        assert_eq!(r.type_str(), "FAST INT VECTOR");
    }
}
