//! Aggregate functions: `sum`, `avg`/`mean`, `max`, `min`, `med`/`median`, `std`, `var`,
//! `prod`, `all`, `any`.
//!
//! Each reduces a vector with a typed loop over its `VecData` (no per-element boxing),
//! skipping NULLs; an all-NULL (or empty) input gives NULL. A matrix gives one result per
//! column, a table a one-row table, and a tuple is reduced row-wise (element-wise across its
//! members) for `sum`, `max` and `min`.

use super::numeric::reduce;
use super::registry::{Builtin, Kind, Registry};
use crate::ast::BinOp;
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::value::{vector_from_values, Scalar, Type, Value, VecData, Vector};
use crate::value::{NULL_F32, NULL_F64, NULL_I16, NULL_I32, NULL_I64, NULL_I8};
use std::sync::Arc;

pub fn register(reg: &mut Registry) {
    let agg = |sig, f| Builtin::new(sig, f).kind(Kind::Aggregate);
    reg.add(agg("sum(X)", sum)
        .doc("The sum of the non-NULL elements: LONG for integral input, DOUBLE for floating; NULL if all are NULL.")
        .example("sum(1 2 3 NULL 4)", "10"));
    reg.add(
        agg("avg(X)", avg)
            .aliases(&["mean"])
            .doc("The average of the non-NULL elements, as DOUBLE.")
            .example("avg(1 2 3 4)", "2.5"),
    );
    reg.add(
        agg("max(X, [Y])", max)
            .doc("The largest non-NULL element; with two arguments the element-wise maximum.")
            .example("max(1 5 3)", "5"),
    );
    reg.add(
        agg("min(X, [Y])", min)
            .doc("The smallest non-NULL element; with two arguments the element-wise minimum.")
            .example("min(4 2 8)", "2"),
    );
    reg.add(
        agg("med(X)", med)
            .aliases(&["median"])
            .doc("The median of the non-NULL elements, as DOUBLE.")
            .example("med(1 3 2 4)", "2.5"),
    );
    reg.add(
        agg("std(X)", std)
            .doc("The unbiased sample standard deviation of the non-NULL elements.")
            .example("std(1 2 3 4)", "1.290994"),
    );
    reg.add(
        agg("var(X)", var)
            .doc("The unbiased sample variance of the non-NULL elements.")
            .example("var(1 2 3 4)", "1.666667"),
    );
    reg.add(agg("prod(X)", prod)
        .doc("The product of the non-NULL elements: LONG for integral input, DOUBLE for floating.")
        .example("prod(1 2 3 4)", "24"));
    reg.add(
        agg("all(X)", all)
            .doc("Whether every non-NULL element is true (non-zero).")
            .example("all(1 1 0)", "false"),
    );
    reg.add(
        agg("any(X)", any)
            .doc("Whether some non-NULL element is true (non-zero).")
            .example("any(0 0 1)", "true"),
    );
}

/// A reduction of one typed vector to a scalar.
type Reducer = fn(&str, &Vector) -> Result<Scalar>;

/// Applies a vector reduction to any data form (see [`reduce`]); a tuple gets its own error.
fn aggregate(func: &str, x: &Value, f: Reducer) -> Result<Value> {
    if let Value::Vector(v) | Value::Pair(v) = x {
        if v.is_tuple() {
            return Err(Error::type_err(format!(
                "[{func}] doesn't support an ANY VECTOR (tuple) argument"
            )));
        }
    }
    reduce(func, x, &|v| f(func, v))
}

fn numeric(func: &str, v: &Vector) -> Result<()> {
    if v.ty().is_numeric() || v.ty() == Type::Void {
        return Ok(());
    }
    Err(Error::type_err(format!(
        "[{func}] The argument must be numeric, not {}",
        v.ty().name()
    )))
}

/// Calls `f` with each non-NULL element of an integer-layout vector.
fn each_int(data: &VecData, mut f: impl FnMut(i64)) -> bool {
    match data {
        VecData::I8(x) => x
            .iter()
            .filter(|v| **v != NULL_I8)
            .for_each(|v| f(*v as i64)),
        VecData::I16(x) => x
            .iter()
            .filter(|v| **v != NULL_I16)
            .for_each(|v| f(*v as i64)),
        VecData::I32(x) => x
            .iter()
            .filter(|v| **v != NULL_I32)
            .for_each(|v| f(*v as i64)),
        VecData::I64(x) => x.iter().filter(|v| **v != NULL_I64).for_each(|v| f(*v)),
        _ => return false,
    }
    true
}

/// Calls `f` with each non-NULL element of a numeric vector as f64.
fn each_f64(data: &VecData, mut f: impl FnMut(f64)) {
    match data {
        VecData::F32(x) => x
            .iter()
            .filter(|v| **v != NULL_F32 && !v.is_nan())
            .for_each(|v| f(*v as f64)),
        VecData::F64(x) => x
            .iter()
            .filter(|v| **v != NULL_F64 && !v.is_nan())
            .for_each(|v| f(*v)),
        other => {
            each_int(other, |v| f(v as f64));
        }
    }
}

fn sum_vec(func: &str, v: &Vector) -> Result<Scalar> {
    numeric(func, v)?;
    let mut n = 0usize;
    if let VecData::F64(xs) = v.data() {
        // The common DOUBLE case takes the vectorised kernel.
        let (acc, n) = crate::kernels::window::sum_valid(xs);
        return Ok(if n == 0 {
            Scalar::null(Type::Double)
        } else {
            Scalar::F64(acc)
        });
    }
    if v.ty().is_floating() {
        let mut acc = 0.0;
        each_f64(v.data(), |x| {
            acc += x;
            n += 1;
        });
        return Ok(if n == 0 {
            Scalar::null(Type::Double)
        } else {
            Scalar::F64(acc)
        });
    }
    let mut acc = 0i64;
    each_int(v.data(), |x| {
        acc = acc.wrapping_add(x);
        n += 1;
    });
    Ok(if n == 0 {
        Scalar::null(Type::Long)
    } else {
        Scalar::long(acc)
    })
}

fn prod_vec(func: &str, v: &Vector) -> Result<Scalar> {
    numeric(func, v)?;
    let mut n = 0usize;
    if v.ty().is_floating() {
        let mut acc = 1.0;
        each_f64(v.data(), |x| {
            acc *= x;
            n += 1;
        });
        return Ok(if n == 0 {
            Scalar::null(Type::Double)
        } else {
            Scalar::F64(acc)
        });
    }
    let mut acc = 1i64;
    each_int(v.data(), |x| {
        acc = acc.wrapping_mul(x);
        n += 1;
    });
    Ok(if n == 0 {
        Scalar::null(Type::Long)
    } else {
        Scalar::long(acc)
    })
}

fn avg_vec(func: &str, v: &Vector) -> Result<Scalar> {
    numeric(func, v)?;
    let (mut acc, mut n) = (0.0, 0usize);
    each_f64(v.data(), |x| {
        acc += x;
        n += 1;
    });
    Ok(if n == 0 {
        Scalar::null(Type::Double)
    } else {
        Scalar::F64(acc / n as f64)
    })
}

fn var_of(v: &Vector) -> Option<f64> {
    // Welford's update keeps the variance accurate for large, close values.
    let (mut n, mut mean, mut m2) = (0usize, 0.0, 0.0);
    each_f64(v.data(), |x| {
        n += 1;
        let d = x - mean;
        mean += d / n as f64;
        m2 += d * (x - mean);
    });
    (n >= 2).then(|| m2 / (n - 1) as f64)
}

fn var_vec(func: &str, v: &Vector) -> Result<Scalar> {
    numeric(func, v)?;
    Ok(var_of(v)
        .map(Scalar::F64)
        .unwrap_or(Scalar::null(Type::Double)))
}

fn std_vec(func: &str, v: &Vector) -> Result<Scalar> {
    numeric(func, v)?;
    Ok(var_of(v)
        .map(|x| Scalar::F64(x.sqrt()))
        .unwrap_or(Scalar::null(Type::Double)))
}

fn med_vec(func: &str, v: &Vector) -> Result<Scalar> {
    numeric(func, v)?;
    let mut xs = Vec::with_capacity(v.len());
    each_f64(v.data(), |x| xs.push(x));
    if xs.is_empty() {
        return Ok(Scalar::null(Type::Double));
    }
    xs.sort_by(f64::total_cmp);
    let mid = xs.len() / 2;
    let m = if xs.len() % 2 == 1 {
        xs[mid]
    } else {
        (xs[mid - 1] + xs[mid]) / 2.0
    };
    Ok(Scalar::F64(m))
}

fn truth_vec(func: &str, v: &Vector, want_all: bool) -> Result<Scalar> {
    numeric(func, v)?;
    let mut res = want_all;
    each_f64(v.data(), |x| {
        if want_all {
            res &= x != 0.0;
        } else {
            res |= x != 0.0;
        }
    });
    Ok(Scalar::bool(res))
}

/// The largest (or smallest) non-NULL element, keeping the vector's type.
fn extreme(func: &str, v: &Vector, largest: bool) -> Result<Scalar> {
    let ty = v.ty();
    let better = |a: std::cmp::Ordering| {
        if largest {
            a.is_gt()
        } else {
            a.is_lt()
        }
    };
    let res = match v.data() {
        VecData::F32(_) | VecData::F64(_) => {
            let mut best: Option<f64> = None;
            each_f64(v.data(), |x| {
                if best.is_none_or(|b| better(x.total_cmp(&b))) {
                    best = Some(x);
                }
            });
            match (best, ty) {
                (None, _) => Scalar::null(ty),
                (Some(b), Type::Float) => Scalar::F32(b as f32),
                (Some(b), _) => Scalar::F64(b),
            }
        }
        VecData::Str(x) => x
            .iter()
            .filter(|s| !s.is_empty())
            .fold(None::<&Arc<str>>, |b, s| match b {
                Some(b) if !better(s.cmp(b)) => Some(b),
                _ => Some(s),
            })
            .map(|s| Scalar::Str(ty, s.clone()))
            .unwrap_or(Scalar::null(ty)),
        VecData::U128(x) => x
            .iter()
            .filter(|s| **s != 0)
            .fold(None::<u128>, |b, s| match b {
                Some(b) if !better(s.cmp(&b)) => Some(b),
                _ => Some(*s),
            })
            .map(Scalar::U128)
            .unwrap_or(Scalar::null(ty)),
        VecData::Any(_) => {
            return Err(Error::type_err(format!(
                "[{func}] doesn't support an ANY VECTOR (tuple) argument"
            )))
        }
        data => {
            let mut best: Option<i64> = None;
            each_int(data, |x| {
                if best.is_none_or(|b| better(x.cmp(&b))) {
                    best = Some(x);
                }
            });
            best.map(|b| Scalar::from_i64(ty, b))
                .unwrap_or(Scalar::null(ty))
        }
    };
    Ok(res)
}

fn sum(_: &mut Interp, args: &[Value]) -> Result<Value> {
    match &args[0] {
        Value::Vector(v) if v.is_tuple() => {
            row_wise("sum", v, |a, b| crate::kernels::binary(BinOp::Add, a, b))
        }
        x => aggregate("sum", x, sum_vec),
    }
}

fn avg(_: &mut Interp, args: &[Value]) -> Result<Value> {
    aggregate("avg", &args[0], avg_vec)
}

fn med(_: &mut Interp, args: &[Value]) -> Result<Value> {
    aggregate("med", &args[0], med_vec)
}

fn std(_: &mut Interp, args: &[Value]) -> Result<Value> {
    aggregate("std", &args[0], std_vec)
}

fn var(_: &mut Interp, args: &[Value]) -> Result<Value> {
    aggregate("var", &args[0], var_vec)
}

fn prod(_: &mut Interp, args: &[Value]) -> Result<Value> {
    aggregate("prod", &args[0], prod_vec)
}

fn all(_: &mut Interp, args: &[Value]) -> Result<Value> {
    aggregate("all", &args[0], |f, v| truth_vec(f, v, true))
}

fn any(_: &mut Interp, args: &[Value]) -> Result<Value> {
    aggregate("any", &args[0], |f, v| truth_vec(f, v, false))
}

fn max(_: &mut Interp, args: &[Value]) -> Result<Value> {
    min_max("max", args, true)
}

fn min(_: &mut Interp, args: &[Value]) -> Result<Value> {
    min_max("min", args, false)
}

fn min_max(func: &str, args: &[Value], largest: bool) -> Result<Value> {
    if let Some(y) = args.get(1) {
        return pairwise(func, &args[0], y, largest);
    }
    match &args[0] {
        Value::Vector(v) if v.is_tuple() => row_wise(func, v, |a, b| pairwise(func, a, b, largest)),
        x if largest => aggregate(func, x, |f, v| extreme(f, v, true)),
        x => aggregate(func, x, |f, v| extreme(f, v, false)),
    }
}

/// Reduces a tuple's members element-wise: `max((2, [3,5], 10))` is `[10,10]`.
fn row_wise(
    func: &str,
    v: &Vector,
    mut f: impl FnMut(&Value, &Value) -> Result<Value>,
) -> Result<Value> {
    let mut items = v.iter_values();
    let Some(mut acc) = items.next() else {
        return Err(Error::domain(format!("[{func}] The tuple is empty")));
    };
    for x in items {
        acc = f(&acc, &x)?;
    }
    Ok(acc)
}

/// Element-wise maximum/minimum of two scalars or equal-length vectors; a NULL on one side
/// gives the other side.
fn pairwise(func: &str, x: &Value, y: &Value, largest: bool) -> Result<Value> {
    let pick = |a: &Scalar, b: &Scalar| -> Scalar {
        if a.is_null() {
            return b.clone();
        }
        if b.is_null() {
            return a.clone();
        }
        let ord = a.total_cmp(b);
        if (largest && ord.is_lt()) || (!largest && ord.is_gt()) {
            b.clone()
        } else {
            a.clone()
        }
    };
    let items = |v: &Value| -> Result<Option<Vec<Scalar>>> {
        match v {
            Value::Scalar(_) => Ok(None),
            Value::Vector(x) | Value::Pair(x) if !x.is_tuple() => {
                Ok(Some((0..x.len()).filter_map(|i| x.scalar_at(i)).collect()))
            }
            other => Err(Error::type_err(format!(
                "[{func}] The arguments must be scalars or typed vectors, not {}",
                other.type_str()
            ))),
        }
    };
    let (xs, ys) = (items(x)?, items(y)?);
    if x.ty().is_literal() != y.ty().is_literal() && !x.ty().eq(&Type::Void) && y.ty() != Type::Void
    {
        return Err(Error::type_err(format!(
            "[{func}] The data types of X ({}) and Y ({}) are incompatible",
            x.ty().name(),
            y.ty().name()
        )));
    }
    let scalar = |v: &Value| v.as_scalar().cloned().unwrap_or(Scalar::Void);
    let out: Vec<Value> = match (xs, ys) {
        (None, None) => return Ok(Value::Scalar(pick(&scalar(x), &scalar(y)))),
        (Some(a), None) => {
            let b = scalar(y);
            a.iter().map(|e| Value::Scalar(pick(e, &b))).collect()
        }
        (None, Some(b)) => {
            let a = scalar(x);
            b.iter().map(|e| Value::Scalar(pick(&a, e))).collect()
        }
        (Some(a), Some(b)) => {
            if a.len() != b.len() {
                return Err(Error::length(format!(
                    "[{func}] The arguments must have the same length ({} vs {})",
                    a.len(),
                    b.len()
                )));
            }
            a.iter()
                .zip(&b)
                .map(|(p, q)| Value::Scalar(pick(p, q)))
                .collect()
        }
    };
    Ok(Value::vector(vector_from_values(out)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::testing::{ints, run};
    use crate::display::display;
    use crate::value::{Matrix, Table};

    const N: i32 = i32::MIN;

    #[test]
    fn sums_skip_nulls() {
        let s = run(sum, &[ints(&[1, 2, 3, N, 4])]).expect("sum");
        assert_eq!(display(&s), "10");
        assert_eq!(s.ty(), Type::Long);
        let s = run(sum, &[ints(&[N, N])]).expect("all NULL");
        assert!(s.is_null_scalar());
        let d = run(
            sum,
            &[Value::vector(Vector::doubles(vec![1.5, f64::MIN, 2.0]))],
        )
        .expect("doubles");
        assert_eq!(display(&d), "3.5");
        assert!(run(sum, &[Value::vector(Vector::strings(vec![Arc::from("a")]))]).is_err());
    }

    #[test]
    fn statistics() {
        assert_eq!(
            display(&run(avg, &[ints(&[1, 2, 3, 4])]).expect("avg")),
            "2.5"
        );
        assert_eq!(
            display(&run(med, &[ints(&[1, 3, 2, 4])]).expect("med")),
            "2.5"
        );
        assert_eq!(
            display(&run(std, &[ints(&[1, 2, 3, 4])]).expect("std")),
            "1.290994"
        );
        assert_eq!(
            display(&run(var, &[ints(&[1, 2, 3, 4])]).expect("var")),
            "1.666667"
        );
        assert!(run(std, &[ints(&[1])])
            .expect("one element")
            .is_null_scalar());
        assert_eq!(
            display(&run(prod, &[ints(&[1, 2, 3, 4])]).expect("prod")),
            "24"
        );
        assert_eq!(
            display(&run(all, &[ints(&[1, 1, 0])]).expect("all")),
            "false"
        );
        assert_eq!(
            display(&run(any, &[ints(&[0, N, 1])]).expect("any")),
            "true"
        );
    }

    #[test]
    fn extremes_keep_type() {
        let m = run(max, &[ints(&[1, 5, N, 3])]).expect("max");
        assert_eq!(display(&m), "5");
        assert_eq!(m.ty(), Type::Int);
        let s = run(
            min,
            &[Value::vector(Vector::strings(vec![
                Arc::from("b"),
                Arc::from(""),
                Arc::from("a"),
            ]))],
        )
        .expect("min strings");
        assert_eq!(display(&s), "a");
        let e = run(max, &[ints(&[1, N, 3]), ints(&[2, 2, N])]).expect("element-wise");
        assert_eq!(display(&e), "[2,2,3]");
        let t = Value::vector(Vector::tuple(vec![
            Value::int(2),
            ints(&[3, 5]),
            Value::int(10),
        ]));
        assert_eq!(display(&run(max, &[t]).expect("row-wise")), "[10,10]");
    }

    #[test]
    fn matrix_and_table_forms() {
        let m = Matrix::new(Vector::ints(vec![1, 2, 3, 4, 5, 6]), 3, 2).expect("3x2");
        let s = run(sum, &[Value::Matrix(Arc::new(m))]).expect("per column");
        assert_eq!(display(&s), "[6,15]");
        let mut t = Table::new();
        t.add_column("a".into(), Arc::new(Vector::ints(vec![1, 2])))
            .expect("column");
        let r = run(avg, &[Value::table(t)]).expect("one row");
        assert_eq!(display(&r), "a\n---\n1.5");
    }
}
