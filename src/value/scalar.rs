//! Scalars: one typed value, stored in the physical layout of its type.
//!
//! NULL is a sentinel, as in DolphinDB: the minimum of each integer layout, `-MAX` for floats
//! (NaN is also treated as NULL), the empty string for STRING/SYMBOL and zero for UUID. Because
//! integer and float NULLs are the minimum value, "NULL sorts first and compares as the minimum"
//! falls out of plain numeric comparison.

use super::types::{Physical, Type};
use std::cmp::Ordering;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

pub const NULL_I8: i8 = i8::MIN;
pub const NULL_I16: i16 = i16::MIN;
pub const NULL_I32: i32 = i32::MIN;
pub const NULL_I64: i64 = i64::MIN;
pub const NULL_F32: f32 = f32::MIN;
pub const NULL_F64: f64 = f64::MIN;

/// Time units of a DURATION (`1s`, `3M`, `5y`, `200ms`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DurationUnit {
    Ns,
    Us,
    Ms,
    S,
    M,
    H,
    D,
    W,
    Month,
    Y,
    B,
}

impl DurationUnit {
    pub fn suffix(self) -> &'static str {
        match self {
            DurationUnit::Ns => "ns",
            DurationUnit::Us => "us",
            DurationUnit::Ms => "ms",
            DurationUnit::S => "s",
            DurationUnit::M => "m",
            DurationUnit::H => "H",
            DurationUnit::D => "d",
            DurationUnit::W => "w",
            DurationUnit::Month => "M",
            DurationUnit::Y => "y",
            DurationUnit::B => "B",
        }
    }

    pub fn from_suffix(s: &str) -> Option<DurationUnit> {
        Some(match s {
            "ns" => DurationUnit::Ns,
            "us" => DurationUnit::Us,
            "ms" => DurationUnit::Ms,
            "s" => DurationUnit::S,
            "m" => DurationUnit::M,
            "H" => DurationUnit::H,
            "d" => DurationUnit::D,
            "w" => DurationUnit::W,
            "M" => DurationUnit::Month,
            "y" => DurationUnit::Y,
            "B" => DurationUnit::B,
            _ => return None,
        })
    }
}

/// One typed value. The `Type` tag says how to interpret the physical payload
/// (e.g. `I32(Type::Date, 15504)` is `2012.06.13`).
#[derive(Clone, Debug)]
pub enum Scalar {
    Void,
    I8(Type, i8),
    I16(Type, i16),
    I32(Type, i32),
    I64(Type, i64),
    F32(f32),
    F64(f64),
    Str(Type, Arc<str>),
    U128(u128),
    Duration(i64, DurationUnit),
}

impl Scalar {
    pub fn bool(b: bool) -> Scalar {
        Scalar::I8(Type::Bool, b as i8)
    }
    pub fn char(c: i8) -> Scalar {
        Scalar::I8(Type::Char, c)
    }
    pub fn short(v: i16) -> Scalar {
        Scalar::I16(Type::Short, v)
    }
    pub fn int(v: i32) -> Scalar {
        Scalar::I32(Type::Int, v)
    }
    pub fn long(v: i64) -> Scalar {
        Scalar::I64(Type::Long, v)
    }
    pub fn float(v: f32) -> Scalar {
        Scalar::F32(v)
    }
    pub fn double(v: f64) -> Scalar {
        Scalar::F64(v)
    }
    pub fn string(s: impl Into<Arc<str>>) -> Scalar {
        Scalar::Str(Type::String, s.into())
    }
    pub fn symbol(s: impl Into<Arc<str>>) -> Scalar {
        Scalar::Str(Type::Symbol, s.into())
    }
    /// A value of an integer-layout type from an i64 (truncating to the layout).
    pub fn from_i64(ty: Type, v: i64) -> Scalar {
        match ty.physical() {
            Physical::I8 => Scalar::I8(ty, if v == NULL_I64 { NULL_I8 } else { v as i8 }),
            Physical::I16 => Scalar::I16(ty, if v == NULL_I64 { NULL_I16 } else { v as i16 }),
            Physical::I32 => Scalar::I32(ty, if v == NULL_I64 { NULL_I32 } else { v as i32 }),
            Physical::I64 => Scalar::I64(ty, v),
            Physical::F32 => Scalar::F32(if v == NULL_I64 { NULL_F32 } else { v as f32 }),
            Physical::F64 => Scalar::F64(if v == NULL_I64 { NULL_F64 } else { v as f64 }),
            _ => Scalar::Void,
        }
    }

    /// The NULL of a type (`00i`, `00d`, `NULL` for VOID).
    pub fn null(ty: Type) -> Scalar {
        match ty.physical() {
            _ if ty == Type::Void => Scalar::Void,
            Physical::I8 => Scalar::I8(ty, NULL_I8),
            Physical::I16 => Scalar::I16(ty, NULL_I16),
            Physical::I32 => Scalar::I32(ty, NULL_I32),
            Physical::I64 => Scalar::I64(ty, NULL_I64),
            Physical::F32 => Scalar::F32(NULL_F32),
            Physical::F64 => Scalar::F64(NULL_F64),
            Physical::Str => Scalar::Str(ty, Arc::from("")),
            Physical::U128 => Scalar::U128(0),
            Physical::Any => Scalar::Void,
        }
    }

    pub fn ty(&self) -> Type {
        match self {
            Scalar::Void => Type::Void,
            Scalar::I8(t, _)
            | Scalar::I16(t, _)
            | Scalar::I32(t, _)
            | Scalar::I64(t, _)
            | Scalar::Str(t, _) => *t,
            Scalar::F32(_) => Type::Float,
            Scalar::F64(_) => Type::Double,
            Scalar::U128(_) => Type::Uuid,
            Scalar::Duration(..) => Type::Duration,
        }
    }

    pub fn is_null(&self) -> bool {
        match self {
            Scalar::Void => true,
            Scalar::I8(_, v) => *v == NULL_I8,
            Scalar::I16(_, v) => *v == NULL_I16,
            Scalar::I32(_, v) => *v == NULL_I32,
            Scalar::I64(_, v) => *v == NULL_I64,
            Scalar::F32(v) => *v == NULL_F32 || v.is_nan(),
            Scalar::F64(v) => *v == NULL_F64 || v.is_nan(),
            Scalar::Str(_, s) => s.is_empty(),
            Scalar::U128(v) => *v == 0,
            Scalar::Duration(v, _) => *v == NULL_I64,
        }
    }

    /// Integer view of integer-layout, BOOL and temporal scalars; floats are rounded
    /// half away from zero as DolphinDB does. NULL maps to `None`.
    pub fn as_i64(&self) -> Option<i64> {
        if self.is_null() {
            return None;
        }
        match self {
            Scalar::I8(_, v) => Some(*v as i64),
            Scalar::I16(_, v) => Some(*v as i64),
            Scalar::I32(_, v) => Some(*v as i64),
            Scalar::I64(_, v) => Some(*v),
            Scalar::F32(v) => Some(v.round() as i64),
            Scalar::F64(v) => Some(v.round() as i64),
            _ => None,
        }
    }

    /// Floating view of numeric and temporal scalars. NULL maps to `None`.
    pub fn as_f64(&self) -> Option<f64> {
        if self.is_null() {
            return None;
        }
        match self {
            Scalar::I8(_, v) => Some(*v as f64),
            Scalar::I16(_, v) => Some(*v as f64),
            Scalar::I32(_, v) => Some(*v as f64),
            Scalar::I64(_, v) => Some(*v as f64),
            Scalar::F32(v) => Some(*v as f64),
            Scalar::F64(v) => Some(*v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Scalar::Str(_, s) => Some(s),
            _ => None,
        }
    }

    /// Truthiness for `if`/`while`: NULL and zero are false.
    pub fn truthy(&self) -> bool {
        match self {
            Scalar::Str(_, s) => !s.is_empty(),
            Scalar::U128(v) => *v != 0,
            Scalar::Void => false,
            _ => match self.as_f64() {
                Some(v) => v != 0.0,
                None => false,
            },
        }
    }

    /// Total order used by sort, dictionaries and `==` on scalars: NULLs first, numbers by
    /// value, strings lexicographically. Comparing different layouts compares as f64.
    pub fn total_cmp(&self, other: &Scalar) -> Ordering {
        match (self, other) {
            (Scalar::Str(_, a), Scalar::Str(_, b)) => a.cmp(b),
            (Scalar::U128(a), Scalar::U128(b)) => a.cmp(b),
            (Scalar::Void, Scalar::Void) => Ordering::Equal,
            (Scalar::Void, _) => Ordering::Less,
            (_, Scalar::Void) => Ordering::Greater,
            (Scalar::Duration(a, ua), Scalar::Duration(b, ub)) => {
                (*ua as u8).cmp(&(*ub as u8)).then(a.cmp(b))
            }
            _ => match (self.is_null(), other.is_null()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Less,
                (false, true) => Ordering::Greater,
                _ => match (self.as_i64_exact(), other.as_i64_exact()) {
                    (Some(a), Some(b)) => a.cmp(&b),
                    _ => {
                        let a = self.as_f64().unwrap_or(f64::MIN);
                        let b = other.as_f64().unwrap_or(f64::MIN);
                        a.total_cmp(&b)
                    }
                },
            },
        }
    }

    /// Integer payload without float rounding (for exact comparison).
    fn as_i64_exact(&self) -> Option<i64> {
        match self {
            Scalar::I8(_, v) => Some(*v as i64),
            Scalar::I16(_, v) => Some(*v as i64),
            Scalar::I32(_, v) => Some(*v as i64),
            Scalar::I64(_, v) => Some(*v),
            _ => None,
        }
    }
}

impl PartialEq for Scalar {
    fn eq(&self, other: &Scalar) -> bool {
        self.ty() == other.ty() && self.total_cmp(other) == Ordering::Equal
    }
}

impl Eq for Scalar {}

impl Hash for Scalar {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.ty().hash(state);
        match self {
            Scalar::Void => {}
            Scalar::I8(_, v) => v.hash(state),
            Scalar::I16(_, v) => v.hash(state),
            Scalar::I32(_, v) => v.hash(state),
            Scalar::I64(_, v) => v.hash(state),
            Scalar::F32(v) => {
                if self.is_null() {
                    0u8.hash(state)
                } else {
                    v.to_bits().hash(state)
                }
            }
            Scalar::F64(v) => {
                if self.is_null() {
                    0u8.hash(state)
                } else {
                    v.to_bits().hash(state)
                }
            }
            Scalar::Str(_, s) => s.hash(state),
            Scalar::U128(v) => v.hash(state),
            Scalar::Duration(v, u) => {
                v.hash(state);
                u.hash(state)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nulls_are_minimum() {
        assert!(Scalar::null(Type::Int).is_null());
        assert_eq!(
            Scalar::null(Type::Int).total_cmp(&Scalar::int(-5)),
            Ordering::Less
        );
        assert_eq!(Scalar::null(Type::Double).as_f64(), None);
        assert!(!Scalar::null(Type::Bool).truthy());
    }

    #[test]
    fn equality_needs_same_type() {
        assert_eq!(Scalar::int(3), Scalar::int(3));
        assert_ne!(Scalar::int(3), Scalar::long(3));
    }
}
