//! Arithmetic kernels: `+ - * / \ %` on numeric operands, plus `+` string concatenation.
//!
//! Promotion (DolphinDB stores BOOL/CHAR/SHORT narrowly but computes in INT):
//! * BOOL, CHAR, SHORT, INT with each other → INT; any LONG (no float) → LONG;
//!   FLOAT∘FLOAT → FLOAT; any other float mix → DOUBLE; `\` (ratio) always DOUBLE.
//! * Integer overflow wraps two's-complement; a result equal to the type minimum is the NULL
//!   sentinel, so `2147483647 + 1` is NULL and `2147483647 + 3` is -2147483646 (documented
//!   in the data type conversion page).
//! * `/` on two integers is floor division (div docs: `-7/5` → -2, `x/-5` with
//!   `x=-1 2 6` → `[0,-1,-2]`); `%` is the matching floor modulus whose sign follows the
//!   divisor (mod docs: `-1%5` → 4, `x%-5` → `[-1,-3,-2]`), so `X = div(X,Y)*Y + mod(X,Y)`.
//! * Division or modulus by zero gives NULL; any NULL operand gives NULL.

use super::prim::{map2, num, Flat, Num, Operand, Prim};
use super::{temporal, text, unsupported};
use crate::ast::BinOp;
use crate::error::Result;
use crate::value::{Scalar, Type};

/// Integer and float arithmetic with DolphinDB's NULL and zero-divisor rules.
pub(crate) trait Arith: Prim {
    fn add(self, o: Self) -> Self;
    fn sub(self, o: Self) -> Self;
    fn mul(self, o: Self) -> Self;
    /// `/`: floor division for integers, true division for floats; NULL on a zero divisor.
    fn div(self, o: Self) -> Self;
    /// `%`: remainder with the divisor's sign; NULL on a zero divisor.
    fn rem(self, o: Self) -> Self;
}

macro_rules! int_arith {
    ($t:ty) => {
        impl Arith for $t {
            #[inline(always)]
            fn add(self, o: Self) -> Self {
                self.wrapping_add(o)
            }
            #[inline(always)]
            fn sub(self, o: Self) -> Self {
                self.wrapping_sub(o)
            }
            #[inline(always)]
            fn mul(self, o: Self) -> Self {
                self.wrapping_mul(o)
            }
            #[inline(always)]
            fn div(self, o: Self) -> Self {
                if o == 0 {
                    return Self::NULL;
                }
                let q = self.wrapping_div(o);
                if self.wrapping_rem(o) != 0 && ((self < 0) != (o < 0)) {
                    q - 1
                } else {
                    q
                }
            }
            #[inline(always)]
            fn rem(self, o: Self) -> Self {
                if o == 0 {
                    return Self::NULL;
                }
                let r = self.wrapping_rem(o);
                if r != 0 && ((r < 0) != (o < 0)) {
                    r + o
                } else {
                    r
                }
            }
        }
    };
}

int_arith!(i32);
int_arith!(i64);

macro_rules! float_arith {
    ($t:ty) => {
        impl Arith for $t {
            #[inline(always)]
            fn add(self, o: Self) -> Self {
                self + o
            }
            #[inline(always)]
            fn sub(self, o: Self) -> Self {
                self - o
            }
            #[inline(always)]
            fn mul(self, o: Self) -> Self {
                self * o
            }
            #[inline(always)]
            fn div(self, o: Self) -> Self {
                if o == 0.0 {
                    Self::NULL
                } else {
                    self / o
                }
            }
            #[inline(always)]
            fn rem(self, o: Self) -> Self {
                if o == 0.0 {
                    return Self::NULL;
                }
                let r = self % o;
                if r != 0.0 && ((r < 0.0) != (o < 0.0)) {
                    r + o
                } else {
                    r
                }
            }
        }
    };
}

float_arith!(f32);
float_arith!(f64);

/// Entry point for the arithmetic operators on peeled operands.
pub(crate) fn arith(op: BinOp, a: Operand<'_>, b: Operand<'_>) -> Result<Flat> {
    let (lt, rt) = (a.ty(), b.ty());
    if lt.is_literal() || rt.is_literal() {
        if op == BinOp::Add {
            return text::concat(a, b);
        }
        return Err(unsupported(op, lt, rt));
    }
    if lt.is_temporal() || rt.is_temporal() || lt == Type::Duration || rt == Type::Duration {
        return temporal::arith(op, a, b);
    }
    if lt == Type::Void && rt == Type::Void {
        return Ok(Flat::S(Scalar::Void));
    }
    let ty = match op {
        BinOp::Ratio => Type::Double,
        _ => promote(lt, rt).ok_or_else(|| unsupported(op, lt, rt))?,
    };
    numeric(op, ty, a, b)
}

/// The arithmetic result type of two numeric (or VOID) types.
pub(crate) fn promote(lt: Type, rt: Type) -> Option<Type> {
    let ok = |t: Type| t.is_numeric() || t == Type::Void;
    if !ok(lt) || !ok(rt) {
        return None;
    }
    let has = |t: Type| lt == t || rt == t;
    Some(if has(Type::Double) {
        Type::Double
    } else if has(Type::Float) {
        if (lt == Type::Float || lt == Type::Void) && (rt == Type::Float || rt == Type::Void) {
            Type::Float
        } else {
            Type::Double
        }
    } else if has(Type::Long) {
        Type::Long
    } else {
        Type::Int
    })
}

/// Runs `op` in the layout of result type `ty` (INT/LONG/FLOAT/DOUBLE or an integer-layout
/// temporal type).
pub(crate) fn numeric(op: BinOp, ty: Type, a: Operand<'_>, b: Operand<'_>) -> Result<Flat> {
    use crate::value::Physical as P;
    match ty.physical() {
        P::I32 => run::<i32>(op, ty, a, b),
        P::I64 => run::<i64>(op, ty, a, b),
        P::F32 => run::<f32>(op, ty, a, b),
        P::F64 => run::<f64>(op, ty, a, b),
        _ => Err(unsupported(op, a.ty(), b.ty())),
    }
}

fn run<T: Arith>(op: BinOp, ty: Type, a: Operand<'_>, b: Operand<'_>) -> Result<Flat> {
    let err = || unsupported(op, a.ty(), b.ty());
    let x: Num<T> = num(a).ok_or_else(err)?;
    let y: Num<T> = num(b).ok_or_else(err)?;
    Ok(apply(op, &x, &y).ok_or_else(err)?.into_flat(ty))
}

/// The typed loops. Each closure is a select over the NULL sentinel, which LLVM vectorises.
pub(crate) fn apply<T: Arith>(op: BinOp, x: &Num<T>, y: &Num<T>) -> Option<super::prim::Out<T>> {
    let nul = |p: T, q: T| p.is_null() || q.is_null();
    Some(match op {
        BinOp::Add => map2(x, y, |p, q| if nul(p, q) { T::NULL } else { p.add(q) }),
        BinOp::Sub => map2(x, y, |p, q| if nul(p, q) { T::NULL } else { p.sub(q) }),
        BinOp::Mul => map2(x, y, |p, q| if nul(p, q) { T::NULL } else { p.mul(q) }),
        BinOp::Div | BinOp::Ratio => map2(x, y, |p, q| if nul(p, q) { T::NULL } else { p.div(q) }),
        BinOp::Mod => map2(x, y, |p, q| if nul(p, q) { T::NULL } else { p.rem(q) }),
        _ => return None,
    })
}

/// Unary minus: numeric and temporal values keep their type (BOOL becomes INT).
pub(crate) fn neg(a: Operand<'_>) -> Result<Flat> {
    use crate::value::Physical as P;
    let ty = match a.ty() {
        Type::Bool | Type::Void => Type::Int,
        t if t.is_numeric() || t.is_temporal() => t,
        t => {
            return Err(crate::error::Error::type_err(format!(
                "The operator neg doesn't support {t}"
            )))
        }
    };
    fn go<T: Arith>(a: Operand<'_>, ty: Type) -> Option<Flat> {
        let x: Num<T> = num(a)?;
        let zero: T = T::from_i64(0);
        Some(
            super::prim::map1(&x, |p| if p.is_null() { T::NULL } else { zero.sub(p) })
                .into_flat(ty),
        )
    }
    let res = match ty.physical() {
        P::I8 => neg_small(a, ty),
        P::I16 => neg_small(a, ty),
        P::I32 => go::<i32>(a, ty),
        P::I64 => go::<i64>(a, ty),
        P::F32 => go::<f32>(a, ty),
        P::F64 => go::<f64>(a, ty),
        _ => None,
    };
    res.ok_or_else(|| crate::error::Error::type_err("The operator neg doesn't support this type"))
}

/// CHAR and SHORT negate in INT and narrow back (wrapping, like DolphinDB's casts).
fn neg_small(a: Operand<'_>, ty: Type) -> Option<Flat> {
    let x: Num<i32> = num(a)?;
    let out = super::prim::map1(&x, |p| if p.is_null() { i32::NULL } else { -p });
    let wide = out.into_flat(Type::Int);
    super::cast::cast_flat(&wide, ty).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::binary;
    use crate::value::{Value, Vector};

    fn ints(v: &[i32]) -> Value {
        Value::vector(Vector::ints(v.to_vec()))
    }

    fn scalar(v: Value) -> Scalar {
        v.as_scalar().expect("scalar result").clone()
    }

    #[test]
    fn overflow_wraps_and_min_is_null() {
        let max = Value::int(i32::MAX);
        assert!(scalar(binary(BinOp::Add, &max, &Value::int(1)).expect("add")).is_null());
        assert_eq!(
            scalar(binary(BinOp::Add, &max, &Value::int(3)).expect("add")),
            Scalar::int(-2147483646)
        );
    }

    #[test]
    fn floor_division_and_modulus() {
        let d = |a, b| scalar(binary(BinOp::Div, &Value::int(a), &Value::int(b)).expect("div"));
        let m = |a, b| scalar(binary(BinOp::Mod, &Value::int(a), &Value::int(b)).expect("mod"));
        assert_eq!(d(-7, 5), Scalar::int(-2));
        assert_eq!(d(2, -5), Scalar::int(-1));
        assert_eq!(d(-1, -5), Scalar::int(0));
        assert_eq!(m(-1, 5), Scalar::int(4));
        assert_eq!(m(2, -5), Scalar::int(-3));
        assert_eq!(m(-10, -3), Scalar::int(-1));
        assert!(d(1, 0).is_null());
        assert!(m(1, 0).is_null());
    }

    #[test]
    fn ratio_is_double() {
        let r = binary(BinOp::Ratio, &ints(&[1, 2, 3]), &ints(&[4, 5, 6])).expect("ratio");
        let v = r.as_vector().expect("vector");
        assert_eq!(v.ty(), Type::Double);
        assert_eq!(v.scalar_at(0), Some(Scalar::double(0.25)));
        let z = binary(BinOp::Ratio, &Value::int(1), &Value::int(0)).expect("ratio");
        assert!(z.is_null_scalar());
    }

    #[test]
    fn promotion() {
        let ty = |a: Value, b: Value| binary(BinOp::Add, &a, &b).expect("add").ty();
        let short = Value::Scalar(Scalar::short(1));
        assert_eq!(ty(short.clone(), short), Type::Int);
        assert_eq!(ty(Value::int(1), Value::long(1)), Type::Long);
        assert_eq!(ty(Value::int(1), Value::double(1.0)), Type::Double);
        let f = Value::Scalar(Scalar::float(1.0));
        assert_eq!(ty(f.clone(), f.clone()), Type::Float);
        assert_eq!(ty(f, Value::int(1)), Type::Double);
        assert_eq!(ty(Value::bool(true), Value::bool(true)), Type::Int);
    }

    #[test]
    fn nulls_propagate() {
        let x = ints(&[1, 2, i32::MIN, i32::MIN, 3]);
        let y = ints(&[2, i32::MIN, i32::MIN, 3, 4]);
        let r = binary(BinOp::Add, &x, &y).expect("add");
        let v = r.as_vector().expect("vector");
        assert_eq!(v.scalar_at(0), Some(Scalar::int(3)));
        assert!(v.is_null_at(1) && v.is_null_at(2) && v.is_null_at(3));
        assert!(binary(BinOp::Add, &Value::int(5), &Value::NULL)
            .expect("add")
            .is_null_scalar());
        let d = binary(BinOp::Mul, &Value::double(1.5), &Value::NULL).expect("mul");
        assert!(d.is_null_scalar());
    }

    #[test]
    fn double_modulus_and_neg() {
        let r = scalar(binary(BinOp::Mod, &Value::double(5.5), &Value::int(2)).expect("mod"));
        assert_eq!(r, Scalar::double(1.5));
        let n =
            crate::kernels::unary(crate::ast::UnaryOp::Neg, &ints(&[1, i32::MIN])).expect("neg");
        let v = n.as_vector().expect("vector");
        assert_eq!(v.scalar_at(0), Some(Scalar::int(-1)));
        assert!(v.is_null_at(1));
    }
}
