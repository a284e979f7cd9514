//! Typed building blocks shared by every kernel: the primitive element trait, operands
//! (a scalar or a typed vector), and the one zip loop all elementwise kernels run.
//!
//! Kernels pick a computation layout once per call (`num::<i32>`, `num::<f64>` ...), borrow the
//! operand's slice when it already has that layout and convert it once otherwise, then run a
//! closure over plain slices. NULL sentinels survive every conversion.

use crate::value::{Scalar, Type, VecData, Vector, NULL_F32, NULL_F64, NULL_I16, NULL_I32};
use crate::value::{NULL_I64, NULL_I8};
use std::borrow::Cow;

/// One side of an elementwise operation after the data form has been peeled off.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Operand<'a> {
    S(&'a Scalar),
    V(&'a Vector),
}

impl Operand<'_> {
    pub(crate) fn ty(&self) -> Type {
        match self {
            Operand::S(s) => s.ty(),
            Operand::V(v) => v.ty(),
        }
    }
}

/// The result of a kernel: a scalar when both operands were scalars, else a vector.
#[derive(Clone, Debug)]
pub(crate) enum Flat {
    S(Scalar),
    V(Vector),
}

/// A primitive element type of a numeric layout.
pub(crate) trait Prim: Copy + PartialOrd + 'static {
    const NULL: Self;
    const FLOAT: bool;
    fn is_null(self) -> bool;
    /// Conversion from a non-NULL integer (wraps to the layout, as DolphinDB's casts do).
    fn from_i64(v: i64) -> Self;
    /// Conversion from a non-NULL float (integers round half away from zero).
    fn from_f64(v: f64) -> Self;
    fn to_i64(self) -> i64;
    fn to_f64(self) -> f64;
    /// NaN is a NULL too; mapping it to the sentinel lets comparisons treat it as the minimum.
    fn norm(self) -> Self {
        if self.is_null() {
            Self::NULL
        } else {
            self
        }
    }
    fn slice(d: &VecData) -> Option<&[Self]>;
    fn wrap(v: Vec<Self>) -> VecData;
    fn scalar(ty: Type, v: Self) -> Scalar;
}

macro_rules! int_prim {
    ($t:ty, $null:expr, $var:ident) => {
        impl Prim for $t {
            const NULL: Self = $null;
            const FLOAT: bool = false;
            #[inline(always)]
            fn is_null(self) -> bool {
                self == $null
            }
            #[inline(always)]
            fn from_i64(v: i64) -> Self {
                v as $t
            }
            #[inline(always)]
            fn from_f64(v: f64) -> Self {
                let r = v.round();
                if r.is_finite() {
                    (r as i64) as $t
                } else {
                    $null
                }
            }
            #[inline(always)]
            fn to_i64(self) -> i64 {
                self as i64
            }
            #[inline(always)]
            fn to_f64(self) -> f64 {
                self as f64
            }
            fn slice(d: &VecData) -> Option<&[Self]> {
                match d {
                    VecData::$var(v) => Some(v),
                    _ => None,
                }
            }
            fn wrap(v: Vec<Self>) -> VecData {
                VecData::$var(v)
            }
            fn scalar(ty: Type, v: Self) -> Scalar {
                Scalar::$var(ty, v)
            }
        }
    };
}

int_prim!(i8, NULL_I8, I8);
int_prim!(i16, NULL_I16, I16);
int_prim!(i32, NULL_I32, I32);
int_prim!(i64, NULL_I64, I64);

macro_rules! float_prim {
    ($t:ty, $null:expr, $var:ident) => {
        impl Prim for $t {
            const NULL: Self = $null;
            const FLOAT: bool = true;
            #[inline(always)]
            fn is_null(self) -> bool {
                self == $null || self.is_nan()
            }
            #[inline(always)]
            fn from_i64(v: i64) -> Self {
                v as $t
            }
            #[inline(always)]
            fn from_f64(v: f64) -> Self {
                v as $t
            }
            #[inline(always)]
            fn to_i64(self) -> i64 {
                self.round() as i64
            }
            #[inline(always)]
            fn to_f64(self) -> f64 {
                self as f64
            }
            fn slice(d: &VecData) -> Option<&[Self]> {
                match d {
                    VecData::$var(v) => Some(v),
                    _ => None,
                }
            }
            fn wrap(v: Vec<Self>) -> VecData {
                VecData::$var(v)
            }
            fn scalar(_ty: Type, v: Self) -> Scalar {
                Scalar::$var(v)
            }
        }
    };
}

float_prim!(f32, NULL_F32, F32);
float_prim!(f64, NULL_F64, F64);

/// Null-preserving conversion between primitive layouts.
#[inline(always)]
pub(crate) fn conv<A: Prim, B: Prim>(a: A) -> B {
    if a.is_null() {
        B::NULL
    } else if A::FLOAT {
        B::from_f64(a.to_f64())
    } else {
        B::from_i64(a.to_i64())
    }
}

/// An operand in computation layout `T`: borrowed when the layout already matches.
pub(crate) enum Num<'a, T: Clone> {
    S(T),
    V(Cow<'a, [T]>),
}

/// Converts a numeric-layout scalar (VOID becomes NULL); `None` for strings, UUIDs, durations.
pub(crate) fn scalar_prim<T: Prim>(s: &Scalar) -> Option<T> {
    Some(match s {
        Scalar::Void => T::NULL,
        Scalar::I8(_, x) => conv(*x),
        Scalar::I16(_, x) => conv(*x),
        Scalar::I32(_, x) => conv(*x),
        Scalar::I64(_, x) => conv(*x),
        Scalar::F32(x) => conv(*x),
        Scalar::F64(x) => conv(*x),
        _ => return None,
    })
}

/// Converts a numeric-layout vector's data into layout `T`.
pub(crate) fn data_prims<T: Prim>(d: &VecData) -> Option<Cow<'_, [T]>> {
    if let Some(s) = T::slice(d) {
        return Some(Cow::Borrowed(s));
    }
    fn all<A: Prim, T: Prim>(v: &[A]) -> Vec<T> {
        fill(v.len(), v.iter().map(|&x| conv(x)))
    }
    Some(Cow::Owned(match d {
        VecData::I8(v) => all(v),
        VecData::I16(v) => all(v),
        VecData::I32(v) => all(v),
        VecData::I64(v) => all(v),
        VecData::F32(v) => all(v),
        VecData::F64(v) => all(v),
        _ => return None,
    }))
}

/// The operand in layout `T`, or `None` when it has no numeric layout.
pub(crate) fn num<T: Prim>(op: Operand<'_>) -> Option<Num<'_, T>> {
    match op {
        Operand::S(s) => scalar_prim(s).map(Num::S),
        Operand::V(v) => data_prims(v.data()).map(Num::V),
    }
}

/// Output of [`map2`]: one value for scalar∘scalar, else a vector.
pub(crate) enum Out<R> {
    S(R),
    V(Vec<R>),
}

impl<R: Prim> Out<R> {
    pub(crate) fn into_flat(self, ty: Type) -> Flat {
        match self {
            Out::S(v) => Flat::S(R::scalar(ty, v)),
            Out::V(v) => Flat::V(Vector::new(ty, R::wrap(v))),
        }
    }
}

/// The elementwise loop: the four scalar/vector combinations over plain slices. Lengths were
/// checked by the broadcasting rule, so a zip is exact.
#[inline(always)]
pub(crate) fn map2<A: Prim, B: Prim, R>(a: &Num<A>, b: &Num<B>, f: impl Fn(A, B) -> R) -> Out<R> {
    match (a, b) {
        (Num::S(x), Num::S(y)) => Out::S(f(*x, *y)),
        (Num::S(x), Num::V(ys)) => {
            let x = *x;
            Out::V(fill(ys.len(), ys.iter().map(|&y| f(x, y))))
        }
        (Num::V(xs), Num::S(y)) => {
            let y = *y;
            Out::V(fill(xs.len(), xs.iter().map(|&x| f(x, y))))
        }
        (Num::V(xs), Num::V(ys)) => Out::V(fill(
            xs.len(),
            xs.iter().zip(ys.iter()).map(|(&x, &y)| f(x, y)),
        )),
    }
}

/// The unary loop.
#[inline(always)]
pub(crate) fn map1<A: Prim, R>(a: &Num<A>, f: impl Fn(A) -> R) -> Out<R> {
    match a {
        Num::S(x) => Out::S(f(*x)),
        Num::V(xs) => Out::V(fill(xs.len(), xs.iter().map(|&x| f(x)))),
    }
}

/// Collects `n` kernel outputs into a buffer from [`super::alloc::big_vec`], so large results
/// are backed by huge pages.
#[inline(always)]
pub(crate) fn fill<R>(n: usize, it: impl Iterator<Item = R>) -> Vec<R> {
    let mut v = super::alloc::big_vec(n);
    v.extend(it);
    v
}
