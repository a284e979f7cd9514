//! Typed vectors: one contiguous array per type layout, never boxed per element.
//! ANY vectors (tuples) are the one exception and hold `Value`s.

use super::scalar::*;
use super::types::{Physical, Type};
use super::Value;
use std::sync::Arc;

/// Storage of a vector, by physical layout.
#[derive(Clone, Debug)]
pub enum VecData {
    I8(Vec<i8>),
    I16(Vec<i16>),
    I32(Vec<i32>),
    I64(Vec<i64>),
    F32(Vec<f32>),
    F64(Vec<f64>),
    Str(Vec<Arc<str>>),
    U128(Vec<u128>),
    Any(Vec<Value>),
}

/// A typed vector. `ty` is the logical type; `data` must use `ty.physical()`.
#[derive(Clone, Debug)]
pub struct Vector {
    ty: Type,
    data: VecData,
}

impl VecData {
    pub fn len(&self) -> usize {
        match self {
            VecData::I8(v) => v.len(),
            VecData::I16(v) => v.len(),
            VecData::I32(v) => v.len(),
            VecData::I64(v) => v.len(),
            VecData::F32(v) => v.len(),
            VecData::F64(v) => v.len(),
            VecData::Str(v) => v.len(),
            VecData::U128(v) => v.len(),
            VecData::Any(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn with_capacity(phys: Physical, cap: usize) -> VecData {
        match phys {
            Physical::I8 => VecData::I8(Vec::with_capacity(cap)),
            Physical::I16 => VecData::I16(Vec::with_capacity(cap)),
            Physical::I32 => VecData::I32(Vec::with_capacity(cap)),
            Physical::I64 => VecData::I64(Vec::with_capacity(cap)),
            Physical::F32 => VecData::F32(Vec::with_capacity(cap)),
            Physical::F64 => VecData::F64(Vec::with_capacity(cap)),
            Physical::Str => VecData::Str(Vec::with_capacity(cap)),
            Physical::U128 => VecData::U128(Vec::with_capacity(cap)),
            Physical::Any => VecData::Any(Vec::with_capacity(cap)),
        }
    }
}

impl Vector {
    /// Builds a vector; returns `None` when `data` does not use `ty`'s layout.
    pub fn try_new(ty: Type, data: VecData) -> Option<Vector> {
        let ok = matches!(
            (ty.physical(), &data),
            (Physical::I8, VecData::I8(_))
                | (Physical::I16, VecData::I16(_))
                | (Physical::I32, VecData::I32(_))
                | (Physical::I64, VecData::I64(_))
                | (Physical::F32, VecData::F32(_))
                | (Physical::F64, VecData::F64(_))
                | (Physical::Str, VecData::Str(_))
                | (Physical::U128, VecData::U128(_))
                | (Physical::Any, VecData::Any(_))
        );
        ok.then_some(Vector { ty, data })
    }

    /// Builds a vector whose layout the caller guarantees matches `ty`.
    /// A mismatch is a programming error inside porpoise, so it is checked in debug builds.
    pub fn new(ty: Type, data: VecData) -> Vector {
        debug_assert!(
            Vector::try_new(ty, data.clone()).is_some(),
            "layout mismatch for {ty}"
        );
        Vector { ty, data }
    }

    pub fn empty(ty: Type) -> Vector {
        Vector::with_capacity(ty, 0)
    }

    pub fn with_capacity(ty: Type, cap: usize) -> Vector {
        Vector {
            ty,
            data: VecData::with_capacity(ty.physical(), cap),
        }
    }

    pub fn bools(v: Vec<i8>) -> Vector {
        Vector::new(Type::Bool, VecData::I8(v))
    }
    pub fn ints(v: Vec<i32>) -> Vector {
        Vector::new(Type::Int, VecData::I32(v))
    }
    pub fn longs(v: Vec<i64>) -> Vector {
        Vector::new(Type::Long, VecData::I64(v))
    }
    pub fn doubles(v: Vec<f64>) -> Vector {
        Vector::new(Type::Double, VecData::F64(v))
    }
    pub fn strings(v: Vec<Arc<str>>) -> Vector {
        Vector::new(Type::String, VecData::Str(v))
    }
    pub fn symbols(v: Vec<Arc<str>>) -> Vector {
        Vector::new(Type::Symbol, VecData::Str(v))
    }
    pub fn tuple(v: Vec<Value>) -> Vector {
        Vector::new(Type::Any, VecData::Any(v))
    }

    /// `n` copies of a scalar (`take(x, n)` for scalars). VOID gives an ANY vector of NULLs.
    pub fn repeat(s: &Scalar, n: usize) -> Vector {
        let ty = s.ty();
        let data = match s {
            Scalar::Void | Scalar::Duration(..) => VecData::Any(vec![Value::Scalar(s.clone()); n]),
            Scalar::I8(_, v) => VecData::I8(vec![*v; n]),
            Scalar::I16(_, v) => VecData::I16(vec![*v; n]),
            Scalar::I32(_, v) => VecData::I32(vec![*v; n]),
            Scalar::I64(_, v) => VecData::I64(vec![*v; n]),
            Scalar::F32(v) => VecData::F32(vec![*v; n]),
            Scalar::F64(v) => VecData::F64(vec![*v; n]),
            Scalar::Str(_, v) => VecData::Str(vec![v.clone(); n]),
            Scalar::U128(v) => VecData::U128(vec![*v; n]),
        };
        let ty = if matches!(data, VecData::Any(_)) {
            Type::Any
        } else {
            ty
        };
        Vector { ty, data }
    }

    pub fn ty(&self) -> Type {
        self.ty
    }

    pub fn data(&self) -> &VecData {
        &self.data
    }

    pub fn data_mut(&mut self) -> &mut VecData {
        &mut self.data
    }

    pub fn into_data(self) -> VecData {
        self.data
    }

    /// Re-tags the vector with another type of the same layout (e.g. INT -> DATE).
    /// Returns `None` if the layouts differ.
    pub fn retag(self, ty: Type) -> Option<Vector> {
        Vector::try_new(ty, self.data)
    }

    pub fn len(&self) -> usize {
        self.data.len()
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    pub fn is_tuple(&self) -> bool {
        matches!(self.data, VecData::Any(_))
    }

    /// Element `i` as a value (scalar for typed vectors, the element itself for tuples).
    pub fn get(&self, i: usize) -> Option<Value> {
        match &self.data {
            VecData::Any(v) => v.get(i).cloned(),
            _ => self.scalar_at(i).map(Value::Scalar),
        }
    }

    /// Element `i` of a typed vector as a scalar; `None` out of range or for tuples.
    pub fn scalar_at(&self, i: usize) -> Option<Scalar> {
        let ty = self.ty;
        Some(match &self.data {
            VecData::I8(v) => Scalar::I8(ty, *v.get(i)?),
            VecData::I16(v) => Scalar::I16(ty, *v.get(i)?),
            VecData::I32(v) => Scalar::I32(ty, *v.get(i)?),
            VecData::I64(v) => Scalar::I64(ty, *v.get(i)?),
            VecData::F32(v) => Scalar::F32(*v.get(i)?),
            VecData::F64(v) => Scalar::F64(*v.get(i)?),
            VecData::Str(v) => Scalar::Str(ty, v.get(i)?.clone()),
            VecData::U128(v) => Scalar::U128(*v.get(i)?),
            VecData::Any(v) => match v.get(i)? {
                Value::Scalar(s) => s.clone(),
                _ => return None,
            },
        })
    }

    /// The NULL of this vector's element type, used when indexing out of range.
    pub fn null_scalar(&self) -> Scalar {
        Scalar::null(self.ty)
    }

    pub fn is_null_at(&self, i: usize) -> bool {
        match &self.data {
            VecData::I8(v) => v.get(i).is_some_and(|x| *x == NULL_I8),
            VecData::I16(v) => v.get(i).is_some_and(|x| *x == NULL_I16),
            VecData::I32(v) => v.get(i).is_some_and(|x| *x == NULL_I32),
            VecData::I64(v) => v.get(i).is_some_and(|x| *x == NULL_I64),
            VecData::F32(v) => v.get(i).is_some_and(|x| *x == NULL_F32 || x.is_nan()),
            VecData::F64(v) => v.get(i).is_some_and(|x| *x == NULL_F64 || x.is_nan()),
            VecData::Str(v) => v.get(i).is_some_and(|x| x.is_empty()),
            VecData::U128(v) => v.get(i).is_some_and(|x| *x == 0),
            VecData::Any(v) => v.get(i).is_some_and(|x| x.is_null_scalar()),
        }
    }

    /// Appends a scalar whose type already matches this vector's layout.
    /// Returns false (and appends nothing) when the layouts differ; callers cast first.
    pub fn push_scalar(&mut self, s: &Scalar) -> bool {
        match (&mut self.data, s) {
            (VecData::I8(v), Scalar::I8(_, x)) => v.push(*x),
            (VecData::I16(v), Scalar::I16(_, x)) => v.push(*x),
            (VecData::I32(v), Scalar::I32(_, x)) => v.push(*x),
            (VecData::I64(v), Scalar::I64(_, x)) => v.push(*x),
            (VecData::F32(v), Scalar::F32(x)) => v.push(*x),
            (VecData::F64(v), Scalar::F64(x)) => v.push(*x),
            (VecData::Str(v), Scalar::Str(_, x)) => v.push(x.clone()),
            (VecData::U128(v), Scalar::U128(x)) => v.push(*x),
            (VecData::Any(v), x) => v.push(Value::Scalar(x.clone())),
            (data, Scalar::Void) => push_null(data),
            _ => return false,
        }
        true
    }

    /// Overwrites element `i` with a scalar of this vector's layout (tuples take any
    /// scalar). Returns false if `i` is out of range or the layouts differ.
    pub fn set_scalar(&mut self, i: usize, s: &Scalar) -> bool {
        if i >= self.len() {
            return false;
        }
        match (&mut self.data, s) {
            (VecData::I8(v), Scalar::I8(_, x)) => v[i] = *x,
            (VecData::I16(v), Scalar::I16(_, x)) => v[i] = *x,
            (VecData::I32(v), Scalar::I32(_, x)) => v[i] = *x,
            (VecData::I64(v), Scalar::I64(_, x)) => v[i] = *x,
            (VecData::F32(v), Scalar::F32(x)) => v[i] = *x,
            (VecData::F64(v), Scalar::F64(x)) => v[i] = *x,
            (VecData::Str(v), Scalar::Str(_, x)) => v[i] = x.clone(),
            (VecData::U128(v), Scalar::U128(x)) => v[i] = *x,
            (VecData::Any(v), x) => v[i] = Value::Scalar(x.clone()),
            _ => return false,
        }
        true
    }

    /// Overwrites element `i` of a tuple with any value.
    pub fn set_value(&mut self, i: usize, val: Value) -> bool {
        match (&mut self.data, val) {
            (VecData::Any(v), val) if i < v.len() => {
                v[i] = val;
                true
            }
            (_, Value::Scalar(s)) => self.set_scalar(i, &s),
            _ => false,
        }
    }

    pub fn push_null(&mut self) {
        push_null(&mut self.data)
    }

    /// Elements at the given positions; out-of-range positions give NULL (DolphinDB semantics).
    pub fn gather(&self, idx: &[i64]) -> Vector {
        fn pick<T: Clone>(v: &[T], idx: &[i64], null: T) -> Vec<T> {
            idx.iter()
                .map(|&i| {
                    if i >= 0 && (i as usize) < v.len() {
                        v[i as usize].clone()
                    } else {
                        null.clone()
                    }
                })
                .collect()
        }
        let data = match &self.data {
            VecData::I8(v) => VecData::I8(pick(v, idx, NULL_I8)),
            VecData::I16(v) => VecData::I16(pick(v, idx, NULL_I16)),
            VecData::I32(v) => VecData::I32(pick(v, idx, NULL_I32)),
            VecData::I64(v) => VecData::I64(pick(v, idx, NULL_I64)),
            VecData::F32(v) => VecData::F32(pick(v, idx, NULL_F32)),
            VecData::F64(v) => VecData::F64(pick(v, idx, NULL_F64)),
            VecData::Str(v) => VecData::Str(pick(v, idx, Arc::from(""))),
            VecData::U128(v) => VecData::U128(pick(v, idx, 0)),
            VecData::Any(v) => VecData::Any(pick(v, idx, Value::Scalar(Scalar::Void))),
        };
        Vector { ty: self.ty, data }
    }

    /// Elements where `mask` is true (mask NULL counts as false).
    pub fn filter(&self, mask: &[i8]) -> Vector {
        fn keep<T: Clone>(v: &[T], mask: &[i8]) -> Vec<T> {
            v.iter()
                .zip(mask)
                .filter(|(_, m)| **m != 0 && **m != NULL_I8)
                .map(|(x, _)| x.clone())
                .collect()
        }
        let data = match &self.data {
            VecData::I8(v) => VecData::I8(keep(v, mask)),
            VecData::I16(v) => VecData::I16(keep(v, mask)),
            VecData::I32(v) => VecData::I32(keep(v, mask)),
            VecData::I64(v) => VecData::I64(keep(v, mask)),
            VecData::F32(v) => VecData::F32(keep(v, mask)),
            VecData::F64(v) => VecData::F64(keep(v, mask)),
            VecData::Str(v) => VecData::Str(keep(v, mask)),
            VecData::U128(v) => VecData::U128(keep(v, mask)),
            VecData::Any(v) => VecData::Any(keep(v, mask)),
        };
        Vector { ty: self.ty, data }
    }

    /// Contiguous sub-range `[start, end)`, clamped to the vector.
    pub fn slice(&self, start: usize, end: usize) -> Vector {
        let end = end.min(self.len());
        let start = start.min(end);
        let data = match &self.data {
            VecData::I8(v) => VecData::I8(v[start..end].to_vec()),
            VecData::I16(v) => VecData::I16(v[start..end].to_vec()),
            VecData::I32(v) => VecData::I32(v[start..end].to_vec()),
            VecData::I64(v) => VecData::I64(v[start..end].to_vec()),
            VecData::F32(v) => VecData::F32(v[start..end].to_vec()),
            VecData::F64(v) => VecData::F64(v[start..end].to_vec()),
            VecData::Str(v) => VecData::Str(v[start..end].to_vec()),
            VecData::U128(v) => VecData::U128(v[start..end].to_vec()),
            VecData::Any(v) => VecData::Any(v[start..end].to_vec()),
        };
        Vector { ty: self.ty, data }
    }

    /// Appends another vector of the same layout. Returns false if the layouts differ.
    pub fn extend_from(&mut self, other: &Vector) -> bool {
        match (&mut self.data, &other.data) {
            (VecData::I8(a), VecData::I8(b)) => a.extend_from_slice(b),
            (VecData::I16(a), VecData::I16(b)) => a.extend_from_slice(b),
            (VecData::I32(a), VecData::I32(b)) => a.extend_from_slice(b),
            (VecData::I64(a), VecData::I64(b)) => a.extend_from_slice(b),
            (VecData::F32(a), VecData::F32(b)) => a.extend_from_slice(b),
            (VecData::F64(a), VecData::F64(b)) => a.extend_from_slice(b),
            (VecData::Str(a), VecData::Str(b)) => a.extend_from_slice(b),
            (VecData::U128(a), VecData::U128(b)) => a.extend_from_slice(b),
            (VecData::Any(a), VecData::Any(b)) => a.extend_from_slice(b),
            (VecData::Any(a), _) => a.extend((0..other.len()).filter_map(|i| other.get(i))),
            _ => return false,
        }
        true
    }

    /// Iterates elements as values (allocation per element; use typed access in kernels).
    pub fn iter_values(&self) -> impl Iterator<Item = Value> + '_ {
        (0..self.len()).filter_map(move |i| self.get(i))
    }

    /// Elements as `Option<i64>` for integer-layout vectors (NULL = None); `None` otherwise.
    pub fn to_i64s(&self) -> Option<Vec<Option<i64>>> {
        Some(match &self.data {
            VecData::I8(v) => v
                .iter()
                .map(|x| (*x != NULL_I8).then_some(*x as i64))
                .collect(),
            VecData::I16(v) => v
                .iter()
                .map(|x| (*x != NULL_I16).then_some(*x as i64))
                .collect(),
            VecData::I32(v) => v
                .iter()
                .map(|x| (*x != NULL_I32).then_some(*x as i64))
                .collect(),
            VecData::I64(v) => v.iter().map(|x| (*x != NULL_I64).then_some(*x)).collect(),
            _ => return None,
        })
    }
}

fn push_null(data: &mut VecData) {
    match data {
        VecData::I8(v) => v.push(NULL_I8),
        VecData::I16(v) => v.push(NULL_I16),
        VecData::I32(v) => v.push(NULL_I32),
        VecData::I64(v) => v.push(NULL_I64),
        VecData::F32(v) => v.push(NULL_F32),
        VecData::F64(v) => v.push(NULL_F64),
        VecData::Str(v) => v.push(Arc::from("")),
        VecData::U128(v) => v.push(0),
        VecData::Any(v) => v.push(Value::Scalar(Scalar::Void)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gather_out_of_range_is_null() {
        let v = Vector::ints(vec![1, 2, 3]);
        let g = v.gather(&[2, 5, -1]);
        assert_eq!(g.scalar_at(0), Some(Scalar::int(3)));
        assert!(g.is_null_at(1));
        assert!(g.is_null_at(2));
    }

    #[test]
    fn layout_is_checked() {
        assert!(Vector::try_new(Type::Date, VecData::I32(vec![1])).is_some());
        assert!(Vector::try_new(Type::Date, VecData::I64(vec![1])).is_none());
    }
}
