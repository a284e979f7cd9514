//! Tests of the broadcasting rule, the structural operators and a property test that
//! `binary` never panics on random small operands of random types.

use super::*;
use crate::value::{Dict, Matrix, Set, Vector};
use proptest::prelude::*;
use std::sync::Arc;

fn ints(v: &[i32]) -> Value {
    Value::vector(Vector::ints(v.to_vec()))
}

fn ivec(v: &Value) -> Vec<Option<i64>> {
    match v {
        Value::Vector(x) | Value::Pair(x) => x.to_i64s().expect("integer vector"),
        _ => panic!("vector expected, got {v:?}"),
    }
}

#[test]
fn scalar_vector_forms() {
    let r = binary(BinOp::Add, &Value::int(3), &ints(&[1, 2, 3])).expect("add");
    assert_eq!(ivec(&r), vec![Some(4), Some(5), Some(6)]);
    let r = binary(BinOp::Sub, &ints(&[1, 2, 3]), &Value::int(1)).expect("sub");
    assert_eq!(ivec(&r), vec![Some(0), Some(1), Some(2)]);
    let e = binary(BinOp::Add, &ints(&[1, 2, 3]), &ints(&[1, 2])).expect_err("length");
    assert_eq!(e.kind, crate::ErrorKind::Length);
}

#[test]
fn pairs_stay_pairs() {
    let p = binary(BinOp::Pair, &Value::int(1), &Value::int(3)).expect("pair");
    let r = binary(BinOp::Add, &p, &Value::int(1)).expect("add");
    assert!(matches!(r, Value::Pair(_)));
    assert_eq!(ivec(&r), vec![Some(2), Some(4)]);
    let mixed = binary(BinOp::Pair, &Value::int(1), &Value::double(2.5)).expect("pair");
    assert_eq!(mixed.ty(), Type::Double);
}

#[test]
fn matrices_keep_shape() {
    let m = Value::Matrix(Arc::new(
        Matrix::new(Vector::ints((1..=6).collect()), 3, 2).expect("3x2"),
    ));
    let r = binary(BinOp::Add, &m, &Value::double(1.5)).expect("add");
    let Value::Matrix(r) = r else {
        panic!("matrix")
    };
    assert_eq!((r.rows, r.cols), (3, 2));
    assert_eq!(r.get(2, 1), Some(Scalar::double(7.5)));
    let r = binary(BinOp::Mul, &m, &ints(&[1, 0, 1])).expect("column-wise");
    let Value::Matrix(r) = r else {
        panic!("matrix")
    };
    assert_eq!(r.get(1, 1), Some(Scalar::int(0)));
    assert_eq!(r.get(2, 1), Some(Scalar::int(6)));
}

#[test]
fn tuples_recurse_and_dicts_map_values() {
    let t = Value::vector(Vector::tuple(vec![Value::int(1), ints(&[2, 3])]));
    let r = binary(BinOp::Add, &t, &Value::int(1)).expect("add");
    let Value::Vector(r) = r else { panic!("tuple") };
    assert!(r.is_tuple());
    assert_eq!(
        r.get(0).and_then(|v| v.as_scalar().cloned()),
        Some(Scalar::int(2))
    );
    let mut d = Dict::new(Type::String, Type::Int, true);
    d.insert(Scalar::string("a"), Value::int(1));
    let r = binary(BinOp::Mul, &Value::dict(d), &Value::int(10)).expect("mul");
    let Value::Dict(r) = r else { panic!("dict") };
    assert!(matches!(r.get(&Scalar::string("a")), Some(Value::Scalar(s)) if *s == Scalar::int(10)));
}

#[test]
fn seq_and_join() {
    let r = binary(BinOp::Seq, &Value::int(3), &Value::int(1)).expect("seq");
    assert_eq!(ivec(&r), vec![Some(3), Some(2), Some(1)]);
    assert_eq!(r.ty(), Type::Int);
    let d = |x| Value::Scalar(Scalar::I32(Type::Date, x));
    let r = binary(BinOp::Seq, &d(18262), &d(18266)).expect("date seq");
    assert_eq!(r.ty(), Type::Date);
    assert_eq!(r.size(), 5);
    let r = binary(BinOp::Join, &ints(&[1, 2, 3]), &Value::int(4)).expect("join");
    assert_eq!(ivec(&r), vec![Some(1), Some(2), Some(3), Some(4)]);
    let r = binary(BinOp::Join, &ints(&[1]), &Value::double(2.5)).expect("join");
    assert_eq!(r.ty(), Type::Double);
}

#[test]
fn dot_products() {
    let r = binary(BinOp::Dot, &ints(&[1, 2, 3]), &ints(&[4, 5, 6])).expect("dot");
    assert_eq!(r.as_scalar().and_then(|s| s.as_i64()), Some(32));
    let m = binary(
        BinOp::Cast,
        &Value::vector(Vector::ints((1..=6).collect())),
        &binary(BinOp::Pair, &Value::int(2), &Value::int(3)).expect("pair"),
    )
    .expect("reshape");
    let r = binary(BinOp::Dot, &m, &ints(&[1, 2, 3])).expect("m**v");
    let Value::Matrix(r) = r else {
        panic!("matrix")
    };
    assert_eq!(r.get(0, 0).and_then(|s| s.as_i64()), Some(22));
    assert_eq!(r.get(1, 0).and_then(|s| s.as_i64()), Some(28));
    assert!(binary(BinOp::Dot, &m, &Value::int(2)).is_err());
}

#[test]
fn cast_operator_takes_type_ids() {
    let r = binary(
        BinOp::Cast,
        &Value::double(8.9),
        &Value::int(Type::Int.id()),
    )
    .expect("cast");
    assert_eq!(r.as_scalar(), Some(&Scalar::int(9)));
}

#[test]
fn strings_concatenate() {
    let r = binary(BinOp::Add, &Value::string("tag"), &Value::string("001")).expect("concat");
    assert_eq!(r.as_scalar(), Some(&Scalar::string("tag001")));
    let r = binary(BinOp::Add, &Value::string("a"), &Value::int(1)).expect("concat");
    assert_eq!(r.as_scalar(), Some(&Scalar::string("a1")));
    assert!(binary(BinOp::Sub, &Value::string("a"), &Value::int(1)).is_err());
}

#[test]
fn set_algebra() {
    let set = |v: &[i32]| {
        let mut s = Set::new(Type::Int);
        v.iter().for_each(|x| {
            s.insert(Scalar::int(*x));
        });
        Value::Set(Arc::new(s))
    };
    let size = |v: Value| v.size();
    assert_eq!(
        size(binary(BinOp::BitAnd, &set(&[1, 2, 3]), &set(&[2, 3, 4])).expect("&")),
        2
    );
    assert_eq!(
        size(binary(BinOp::BitOr, &set(&[1, 2, 3]), &set(&[2, 3, 4])).expect("|")),
        4
    );
    assert_eq!(
        size(binary(BinOp::Sub, &set(&[1, 2, 3]), &set(&[2, 3, 4])).expect("-")),
        1
    );
    assert_eq!(
        size(binary(BinOp::BitXor, &set(&[1, 2, 3]), &set(&[2, 3, 4])).expect("^")),
        2
    );
    let sub = binary(BinOp::Le, &set(&[2]), &set(&[2, 3])).expect("<=");
    assert_eq!(sub.as_scalar(), Some(&Scalar::bool(true)));
}

#[test]
fn scalar_helpers() {
    assert!(scalars_equal(&Scalar::int(1), &Scalar::double(1.0)));
    assert!(scalars_equal(&Scalar::Void, &Scalar::null(Type::Int)));
    assert_eq!(
        compare_scalars(&Scalar::int(1), &Scalar::null(Type::Int)),
        Some(Ordering::Greater)
    );
}

fn any_scalar() -> impl Strategy<Value = Scalar> {
    prop_oneof![
        Just(Scalar::Void),
        any::<bool>().prop_map(Scalar::bool),
        any::<i8>().prop_map(Scalar::char),
        any::<i16>().prop_map(Scalar::short),
        any::<i32>().prop_map(Scalar::int),
        any::<i64>().prop_map(Scalar::long),
        any::<f32>().prop_map(Scalar::float),
        any::<f64>().prop_map(Scalar::double),
        "[a-c]{0,2}".prop_map(|s| Scalar::string(s.as_str())),
        (any::<i32>(), 0usize..6).prop_map(|(v, k)| {
            let ty = [
                Type::Date,
                Type::Month,
                Type::Second,
                Type::Minute,
                Type::DateTime,
                Type::Time,
            ][k];
            Scalar::I32(ty, v)
        }),
        (any::<i64>(), 0usize..3).prop_map(|(v, k)| {
            Scalar::I64([Type::Timestamp, Type::NanoTime, Type::NanoTimestamp][k], v)
        }),
        (prop_oneof![-5i64..5, any::<i64>()], 0usize..11).prop_map(|(n, k)| {
            use crate::value::DurationUnit as U;
            let u = [
                U::Ns,
                U::Us,
                U::Ms,
                U::S,
                U::M,
                U::H,
                U::D,
                U::W,
                U::Month,
                U::Y,
                U::B,
            ][k];
            Scalar::Duration(n, u)
        }),
    ]
}

fn any_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        any_scalar().prop_map(Value::Scalar),
        (any_scalar(), 0usize..4).prop_map(|(s, n)| Value::vector(Vector::repeat(&s, n))),
        proptest::collection::vec(any_scalar(), 0..4)
            .prop_map(|v| Value::from_elements(v.into_iter().map(Value::Scalar).collect())),
    ]
}

fn any_op() -> impl Strategy<Value = BinOp> {
    use BinOp::*;
    proptest::sample::select(vec![
        Add, Sub, Mul, Div, Ratio, Mod, Dot, Cast, Join, Pair, Eq, Ne, Lt, Le, Gt, Ge, And, Or,
        BitAnd, BitOr, BitXor, Shl, Shr,
    ])
}

proptest! {
    #[test]
    fn binary_never_panics(op in any_op(), a in any_value(), b in any_value()) {
        // Seq is tested separately: random endpoints would build multi-gigabyte vectors.
        let _ = binary(op, &a, &b);
        let _ = unary(UnaryOp::Neg, &a);
        let _ = unary(UnaryOp::Not, &b);
        let _ = is_null(&a);
        for ty in [Type::Int, Type::Double, Type::Date, Type::String, Type::Bool, Type::Timestamp] {
            let _ = cast(&a, ty);
        }
    }
}

proptest! {
    #[test]
    fn seq_never_panics(a in -50i64..50, b in -50i64..50, k in 0usize..4) {
        let ty = [Type::Int, Type::Long, Type::Date, Type::Timestamp][k];
        let s = |v: i64| Value::Scalar(Scalar::from_i64(ty, v));
        let r = binary(BinOp::Seq, &s(a), &s(b)).expect("seq of integers");
        prop_assert_eq!(r.size() as u64, a.abs_diff(b) + 1);
        prop_assert_eq!(r.ty(), ty);
    }
}
