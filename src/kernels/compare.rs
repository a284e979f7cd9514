//! Comparison kernels `== != < <= > >=`, returning BOOL.
//!
//! NULL is the minimum of every type (the default `nullAsMinValueForComparison=true`), so
//! `1 < NULL` is false, `1 > NULL` true, `NULL == NULL` true and `NULL != NULL` false (null
//! operations page). Integer NULL sentinels are the minimum already; float NULLs (including NaN)
//! are normalised to the sentinel first. Strings compare lexicographically (STRING and SYMBOL
//! mix freely). Two different date(-time) or time-of-day types compare after converting both
//! to the finer type; a temporal against a plain integer compares raw values.

use super::prim::{map2, num, Flat, Num, Operand, Out, Prim};
use super::{temporal, unsupported};
use crate::ast::BinOp;
use crate::error::Result;
use crate::value::{Physical, Scalar, Type, VecData};
use std::cmp::Ordering;

/// Entry point for the comparison operators on peeled operands.
pub(crate) fn compare(op: BinOp, a: Operand<'_>, b: Operand<'_>) -> Result<Flat> {
    let (lt, rt) = (a.ty(), b.ty());
    let err = || unsupported(op, lt, rt);
    let lit = |t: Type| t.is_literal() || t == Type::Void;
    if (lt.is_literal() || rt.is_literal()) && lit(lt) && lit(rt) {
        return Ok(strings(op, a, b).into_flat(Type::Bool));
    }
    if lt.is_literal() || rt.is_literal() {
        return Err(err());
    }
    if let (Operand::S(x), Operand::S(y)) = (a, b) {
        if matches!(x, Scalar::U128(_) | Scalar::Duration(..))
            || matches!(y, Scalar::U128(_) | Scalar::Duration(..))
        {
            return Ok(Flat::S(Scalar::bool(test(op, x.total_cmp(y)))));
        }
    }
    if lt.is_temporal() && rt.is_temporal() && lt != rt {
        if let Some(common) = temporal::common_type(lt, rt) {
            let x = temporal::convert_operand(a, common)?;
            let y = temporal::convert_operand(b, common)?;
            return compare(op, flat_operand(&x), flat_operand(&y));
        }
    }
    let layout = |t: Type| t.physical();
    let float = matches!(layout(lt), Physical::F32 | Physical::F64)
        || matches!(layout(rt), Physical::F32 | Physical::F64);
    let wide = layout(lt) == Physical::I64 || layout(rt) == Physical::I64;
    let res = if float {
        prims::<f64>(op, a, b)
    } else if wide {
        prims::<i64>(op, a, b)
    } else {
        prims::<i32>(op, a, b)
    };
    res.map(|o| o.into_flat(Type::Bool)).ok_or_else(err)
}

fn flat_operand(f: &Flat) -> Operand<'_> {
    match f {
        Flat::S(s) => Operand::S(s),
        Flat::V(v) => Operand::V(v),
    }
}

fn test(op: BinOp, o: Ordering) -> bool {
    match op {
        BinOp::Eq => o == Ordering::Equal,
        BinOp::Ne => o != Ordering::Equal,
        BinOp::Lt => o == Ordering::Less,
        BinOp::Le => o != Ordering::Greater,
        BinOp::Gt => o == Ordering::Greater,
        _ => o != Ordering::Less,
    }
}

fn prims<T: Prim>(op: BinOp, a: Operand<'_>, b: Operand<'_>) -> Option<Out<i8>> {
    let x: Num<T> = num(a)?;
    let y: Num<T> = num(b)?;
    Some(match op {
        BinOp::Eq => map2(&x, &y, |p, q| (p.norm() == q.norm()) as i8),
        BinOp::Ne => map2(&x, &y, |p, q| (p.norm() != q.norm()) as i8),
        BinOp::Lt => map2(&x, &y, |p, q| (p.norm() < q.norm()) as i8),
        BinOp::Le => map2(&x, &y, |p, q| (p.norm() <= q.norm()) as i8),
        BinOp::Gt => map2(&x, &y, |p, q| (p.norm() > q.norm()) as i8),
        BinOp::Ge => map2(&x, &y, |p, q| (p.norm() >= q.norm()) as i8),
        _ => return None,
    })
}

enum Strs<'a> {
    S(&'a str),
    V(&'a [std::sync::Arc<str>]),
}

fn strs(op: Operand<'_>) -> Strs<'_> {
    match op {
        Operand::S(Scalar::Str(_, s)) => Strs::S(s),
        Operand::V(v) => match v.data() {
            VecData::Str(items) => Strs::V(items),
            _ => Strs::S(""),
        },
        Operand::S(_) => Strs::S(""),
    }
}

fn strings(op: BinOp, a: Operand<'_>, b: Operand<'_>) -> Out<i8> {
    let f = |x: &str, y: &str| test(op, x.cmp(y)) as i8;
    match (strs(a), strs(b)) {
        (Strs::S(x), Strs::S(y)) => Out::S(f(x, y)),
        (Strs::S(x), Strs::V(ys)) => Out::V(ys.iter().map(|y| f(x, y)).collect()),
        (Strs::V(xs), Strs::S(y)) => Out::V(xs.iter().map(|x| f(x, y)).collect()),
        (Strs::V(xs), Strs::V(ys)) => {
            Out::V(xs.iter().zip(ys.iter()).map(|(x, y)| f(x, y)).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::binary;
    use crate::value::{Value, Vector};

    fn b(op: BinOp, x: Value, y: Value) -> Value {
        binary(op, &x, &y).expect("comparison")
    }

    fn is_true(v: Value) -> bool {
        v.as_scalar() == Some(&Scalar::bool(true))
    }

    #[test]
    fn null_is_minimum() {
        assert!(!is_true(b(BinOp::Lt, Value::int(1), Value::NULL)));
        assert!(is_true(b(BinOp::Gt, Value::int(1), Value::NULL)));
        assert!(is_true(b(BinOp::Lt, Value::NULL, Value::int(1))));
        assert!(is_true(b(BinOp::Eq, Value::NULL, Value::NULL)));
        assert!(!is_true(b(BinOp::Ne, Value::NULL, Value::NULL)));
        let nd = Value::Scalar(Scalar::null(Type::Double));
        assert!(is_true(b(BinOp::Lt, nd.clone(), Value::double(-1e300))));
        assert!(is_true(b(
            BinOp::Eq,
            nd,
            Value::Scalar(Scalar::null(Type::Int))
        )));
        assert!(is_true(b(
            BinOp::Eq,
            Value::Scalar(Scalar::F64(f64::NAN)),
            Value::NULL
        )));
    }

    #[test]
    fn mixed_numbers_and_vectors() {
        assert!(is_true(b(BinOp::Lt, Value::int(1), Value::double(1.5))));
        assert!(is_true(b(BinOp::Eq, Value::long(3), Value::int(3))));
        let v = b(
            BinOp::Ge,
            Value::vector(Vector::ints(vec![1, 2, 3])),
            Value::int(2),
        );
        let v = v.as_vector().expect("vector");
        assert_eq!(v.ty(), Type::Bool);
        assert_eq!(v.scalar_at(0), Some(Scalar::bool(false)));
        assert_eq!(v.scalar_at(2), Some(Scalar::bool(true)));
    }

    #[test]
    fn strings_and_symbols() {
        assert!(is_true(b(
            BinOp::Lt,
            Value::string("abc"),
            Value::string("abd")
        )));
        let sym = Value::Scalar(Scalar::symbol("IBM"));
        assert!(is_true(b(BinOp::Eq, Value::string("IBM"), sym)));
        assert!(binary(BinOp::Lt, &Value::string("a"), &Value::int(1)).is_err());
    }

    #[test]
    fn temporal_types_compare_after_conversion() {
        let d = Value::Scalar(Scalar::I32(Type::Date, 15504));
        let dt = Value::Scalar(Scalar::I32(Type::DateTime, 15504 * 86_400));
        assert!(is_true(b(BinOp::Eq, d.clone(), dt.clone())));
        let later = Value::Scalar(Scalar::I32(Type::DateTime, 15504 * 86_400 + 1));
        assert!(is_true(b(BinOp::Lt, d.clone(), later)));
        assert!(is_true(b(BinOp::Eq, d, Value::int(15504))));
    }
}
