//! Logical (`&& || !`), bitwise (`& | ^`), shift (`<< >>`) and `isNull` kernels.
//!
//! NULL rules (null operations page): `and` with a NULL operand is NULL (`true && 00i` → NULL);
//! `or` follows the default `logicOrIgnoreNull=true`: a NULL operand is ignored when the other
//! is not NULL (`NULL or true` → true, `NULL or false` → false, `NULL or NULL` → NULL). The
//! same page also shows `false || 00i` → NULL, which contradicts that default; we follow the
//! documented default. `!NULL` is NULL; `!0` is true and `!5` false.

use super::prim::{map1, map2, num, Flat, Num, Operand, Out, Prim};
use super::unsupported;
use crate::ast::BinOp;
use crate::error::{Error, Result};
use crate::value::{Physical, Type, VecData, NULL_I8};
use std::borrow::Cow;

/// The operand as BOOL values (nonzero → true, NULL kept).
fn bools(op: Operand<'_>) -> Option<Num<'_, i8>> {
    let ty = op.ty();
    if !(ty.is_numeric() || ty == Type::Void || ty.is_temporal()) {
        return None;
    }
    if ty == Type::Bool {
        return num::<i8>(op);
    }
    fn b<T: Prim>(x: T) -> i8 {
        if x.is_null() {
            NULL_I8
        } else {
            (x != T::from_i64(0)) as i8
        }
    }
    let x: Num<f64> = match op {
        Operand::V(v) if !matches!(v.data(), VecData::F32(_) | VecData::F64(_)) => {
            let y: Num<i64> = num(op)?;
            return Some(match y {
                Num::S(s) => Num::S(b(s)),
                Num::V(v) => Num::V(Cow::Owned(v.iter().map(|&x| b(x)).collect())),
            });
        }
        _ => num(op)?,
    };
    Some(match x {
        Num::S(s) => Num::S(b(s)),
        Num::V(v) => Num::V(Cow::Owned(v.iter().map(|&x| b(x)).collect())),
    })
}

/// `&&` and `||`.
pub(crate) fn logic(op: BinOp, a: Operand<'_>, b: Operand<'_>) -> Result<Flat> {
    let err = || unsupported(op, a.ty(), b.ty());
    let x = bools(a).ok_or_else(err)?;
    let y = bools(b).ok_or_else(err)?;
    let out = if op == BinOp::And {
        map2(&x, &y, |p, q| {
            if p == NULL_I8 || q == NULL_I8 {
                NULL_I8
            } else {
                p & q
            }
        })
    } else {
        map2(&x, &y, |p, q| {
            if p == NULL_I8 {
                q
            } else if q == NULL_I8 {
                p
            } else {
                p | q
            }
        })
    };
    Ok(out.into_flat(Type::Bool))
}

/// `!x`.
pub(crate) fn not(a: Operand<'_>) -> Result<Flat> {
    let x = bools(a)
        .ok_or_else(|| Error::type_err(format!("The operator not doesn't support {}", a.ty())))?;
    Ok(map1(&x, |p| {
        if p == NULL_I8 {
            NULL_I8
        } else {
            (p == 0) as i8
        }
    })
    .into_flat(Type::Bool))
}

/// `isNull(x)` on a peeled operand.
pub(crate) fn is_null(a: Operand<'_>) -> Flat {
    use crate::value::Scalar;
    match a {
        Operand::S(s) => Flat::S(Scalar::bool(s.is_null())),
        Operand::V(v) => {
            fn nulls<T: Prim>(v: &[T]) -> Vec<i8> {
                v.iter().map(|x| x.is_null() as i8).collect()
            }
            let out = match v.data() {
                VecData::I8(x) => nulls(x),
                VecData::I16(x) => nulls(x),
                VecData::I32(x) => nulls(x),
                VecData::I64(x) => nulls(x),
                VecData::F32(x) => nulls(x),
                VecData::F64(x) => nulls(x),
                _ => (0..v.len()).map(|i| v.is_null_at(i) as i8).collect(),
            };
            Flat::V(crate::value::Vector::bools(out))
        }
    }
}

/// Integer operations for bitwise kernels.
trait Bits: Prim {
    fn and(self, o: Self) -> Self;
    fn or(self, o: Self) -> Self;
    fn xor(self, o: Self) -> Self;
    fn shl(self, o: Self) -> Self;
    fn shr(self, o: Self) -> Self;
}

macro_rules! bits {
    ($t:ty) => {
        impl Bits for $t {
            fn and(self, o: Self) -> Self {
                self & o
            }
            fn or(self, o: Self) -> Self {
                self | o
            }
            fn xor(self, o: Self) -> Self {
                self ^ o
            }
            fn shl(self, o: Self) -> Self {
                self.wrapping_shl(o as u32)
            }
            fn shr(self, o: Self) -> Self {
                self.wrapping_shr(o as u32)
            }
        }
    };
}

bits!(i8);
bits!(i16);
bits!(i32);
bits!(i64);

fn int_rank(t: Type) -> Option<u8> {
    Some(match t {
        Type::Void => 0,
        Type::Bool => 1,
        Type::Char => 2,
        Type::Short => 3,
        Type::Int => 4,
        Type::Long => 5,
        _ => return None,
    })
}

/// `& | ^ << >>` on BOOL and integral operands. `& | ^` give the wider operand type,
/// shifts keep the left operand's type (BOOL shifts as INT).
pub(crate) fn bitwise(op: BinOp, a: Operand<'_>, b: Operand<'_>) -> Result<Flat> {
    let (lt, rt) = (a.ty(), b.ty());
    let err = || unsupported(op, lt, rt);
    let (lr, rr) = (int_rank(lt).ok_or_else(err)?, int_rank(rt).ok_or_else(err)?);
    let ty = match op {
        BinOp::Shl | BinOp::Shr => match lt {
            Type::Bool | Type::Void => Type::Int,
            t => t,
        },
        _ if lr >= rr => lt,
        _ => rt,
    };
    let ty = if ty == Type::Void { Type::Int } else { ty };
    fn go<T: Bits>(op: BinOp, a: Operand<'_>, b: Operand<'_>) -> Option<Out<T>> {
        let x: Num<T> = num(a)?;
        let y: Num<T> = num(b)?;
        let nul = |p: T, q: T| p.is_null() || q.is_null();
        Some(match op {
            BinOp::BitAnd => map2(&x, &y, |p, q| if nul(p, q) { T::NULL } else { p.and(q) }),
            BinOp::BitOr => map2(&x, &y, |p, q| if nul(p, q) { T::NULL } else { p.or(q) }),
            BinOp::BitXor => map2(&x, &y, |p, q| if nul(p, q) { T::NULL } else { p.xor(q) }),
            BinOp::Shl => map2(&x, &y, |p, q| if nul(p, q) { T::NULL } else { p.shl(q) }),
            _ => map2(&x, &y, |p, q| if nul(p, q) { T::NULL } else { p.shr(q) }),
        })
    }
    let res = match ty.physical() {
        Physical::I8 => go::<i8>(op, a, b).map(|o| o.into_flat(ty)),
        Physical::I16 => go::<i16>(op, a, b).map(|o| o.into_flat(ty)),
        Physical::I32 => go::<i32>(op, a, b).map(|o| o.into_flat(ty)),
        Physical::I64 => go::<i64>(op, a, b).map(|o| o.into_flat(ty)),
        _ => None,
    };
    res.ok_or_else(err)
}

#[cfg(test)]
mod tests {
    use crate::ast::{BinOp, UnaryOp};
    use crate::kernels::{binary, is_null, unary};
    use crate::value::{Scalar, Type, Value, Vector};

    fn null_bool() -> Value {
        Value::Scalar(Scalar::null(Type::Bool))
    }

    fn s(v: Value) -> Scalar {
        v.as_scalar().expect("scalar").clone()
    }

    #[test]
    fn and_or_with_null() {
        let t = Value::bool(true);
        let f = Value::bool(false);
        let ni = Value::Scalar(Scalar::null(Type::Int));
        assert!(s(binary(BinOp::And, &t, &ni).expect("and")).is_null());
        assert_eq!(
            s(binary(BinOp::Or, &null_bool(), &t).expect("or")),
            Scalar::bool(true)
        );
        assert_eq!(
            s(binary(BinOp::Or, &null_bool(), &f).expect("or")),
            Scalar::bool(false)
        );
        assert!(s(binary(BinOp::Or, &null_bool(), &null_bool()).expect("or")).is_null());
        assert_eq!(
            s(binary(BinOp::And, &Value::int(2), &Value::double(0.5)).expect("and")),
            Scalar::bool(true)
        );
    }

    #[test]
    fn not_of_numbers_and_null() {
        assert_eq!(
            s(unary(UnaryOp::Not, &Value::int(0)).expect("not")),
            Scalar::bool(true)
        );
        assert_eq!(
            s(unary(UnaryOp::Not, &Value::int(5)).expect("not")),
            Scalar::bool(false)
        );
        assert!(s(unary(UnaryOp::Not, &Value::NULL).expect("not")).is_null());
    }

    #[test]
    fn bitwise_and_shifts() {
        assert_eq!(
            s(binary(BinOp::BitAnd, &Value::int(6), &Value::int(3)).expect("&")),
            Scalar::int(2)
        );
        assert_eq!(
            s(binary(BinOp::BitXor, &Value::int(6), &Value::long(3)).expect("^")),
            Scalar::long(5)
        );
        assert_eq!(
            s(binary(BinOp::Shl, &Value::int(1), &Value::int(4)).expect("<<")),
            Scalar::int(16)
        );
        assert_eq!(
            s(binary(BinOp::Shr, &Value::int(-16), &Value::int(2)).expect(">>")),
            Scalar::int(-4)
        );
        assert!(binary(BinOp::BitOr, &Value::double(1.0), &Value::int(1)).is_err());
    }

    #[test]
    fn is_null_elementwise() {
        let v = Value::vector(Vector::doubles(vec![1.0, f64::MIN, f64::NAN]));
        let r = is_null(&v);
        let r = r.as_vector().expect("vector");
        assert_eq!(r.scalar_at(0), Some(Scalar::bool(false)));
        assert_eq!(r.scalar_at(1), Some(Scalar::bool(true)));
        assert_eq!(r.scalar_at(2), Some(Scalar::bool(true)));
    }
}
