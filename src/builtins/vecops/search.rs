//! Sorting positions and searching sorted vectors: `isort`, `isort!`, `binsrch` and `asof`,
//! over typed key columns that compare by position without boxing values.

use crate::builtins::args::bool_arg;
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::value::{Scalar, Type, Value, VecData, Vector};
use std::cmp::Ordering;
use std::sync::Arc;
/// A typed column borrowed for comparisons by position. NULLs (and NaN) order first.
enum KeyCol<'a> {
    I8(&'a [i8]),
    I16(&'a [i16]),
    I32(&'a [i32]),
    I64(&'a [i64]),
    F32(&'a [f32]),
    F64(&'a [f64]),
    Str(&'a [Arc<str>]),
    U128(&'a [u128]),
}

/// A search key from Y for `binsrch`/`asof`, in the widest form of its family.
enum Probe {
    Null,
    Int(i64),
    Float(f64),
    Str(Arc<str>),
    Uuid(u128),
}

fn fkey(x: f64) -> f64 {
    if x.is_nan() {
        f64::MIN
    } else {
        x
    }
}

impl<'a> KeyCol<'a> {
    fn of(func: &str, v: &'a Vector) -> Result<KeyCol<'a>> {
        Ok(match v.data() {
            VecData::I8(x) => KeyCol::I8(x),
            VecData::I16(x) => KeyCol::I16(x),
            VecData::I32(x) => KeyCol::I32(x),
            VecData::I64(x) => KeyCol::I64(x),
            VecData::F32(x) => KeyCol::F32(x),
            VecData::F64(x) => KeyCol::F64(x),
            VecData::Str(x) => KeyCol::Str(x),
            VecData::U128(x) => KeyCol::U128(x),
            VecData::Any(_) => {
                return Err(Error::type_err(format!(
                    "[{func}] can't order a tuple (ANY VECTOR)"
                )))
            }
        })
    }

    fn len(&self) -> usize {
        match self {
            KeyCol::I8(x) => x.len(),
            KeyCol::I16(x) => x.len(),
            KeyCol::I32(x) => x.len(),
            KeyCol::I64(x) => x.len(),
            KeyCol::F32(x) => x.len(),
            KeyCol::F64(x) => x.len(),
            KeyCol::Str(x) => x.len(),
            KeyCol::U128(x) => x.len(),
        }
    }

    /// Compares elements `a` and `b`; integer NULL sentinels are already each layout's minimum.
    fn cmp(&self, a: usize, b: usize) -> Ordering {
        match self {
            KeyCol::I8(x) => x[a].cmp(&x[b]),
            KeyCol::I16(x) => x[a].cmp(&x[b]),
            KeyCol::I32(x) => x[a].cmp(&x[b]),
            KeyCol::I64(x) => x[a].cmp(&x[b]),
            KeyCol::F32(x) => fkey(x[a] as f64).total_cmp(&fkey(x[b] as f64)),
            KeyCol::F64(x) => fkey(x[a]).total_cmp(&fkey(x[b])),
            KeyCol::Str(x) => x[a].cmp(&x[b]),
            KeyCol::U128(x) => x[a].cmp(&x[b]),
        }
    }

    /// Element `i` as a probe of its family, to compare with a key from Y.
    fn probe_at(&self, i: usize) -> Probe {
        let int = |v: i64, null: bool| if null { Probe::Null } else { Probe::Int(v) };
        let float = |v: f64| {
            if v.is_nan() || v == f64::MIN || v == f32::MIN as f64 {
                Probe::Null
            } else {
                Probe::Float(v)
            }
        };
        match self {
            KeyCol::I8(x) => int(x[i] as i64, x[i] == i8::MIN),
            KeyCol::I16(x) => int(x[i] as i64, x[i] == i16::MIN),
            KeyCol::I32(x) => int(x[i] as i64, x[i] == i32::MIN),
            KeyCol::I64(x) => int(x[i], x[i] == i64::MIN),
            KeyCol::F32(x) => float(x[i] as f64),
            KeyCol::F64(x) => float(x[i]),
            KeyCol::Str(x) if x[i].is_empty() => Probe::Null,
            KeyCol::Str(x) => Probe::Str(x[i].clone()),
            KeyCol::U128(x) if x[i] == 0 => Probe::Null,
            KeyCol::U128(x) => Probe::Uuid(x[i]),
        }
    }
}

impl Probe {
    fn of(s: &Scalar) -> Probe {
        if s.is_null() {
            return Probe::Null;
        }
        match s {
            Scalar::F32(_) | Scalar::F64(_) => Probe::Float(s.as_f64().unwrap_or(f64::MIN)),
            Scalar::Str(_, v) => Probe::Str(v.clone()),
            Scalar::U128(v) => Probe::Uuid(*v),
            _ => s.as_i64().map(Probe::Int).unwrap_or(Probe::Null),
        }
    }

    /// Total order across one family; NULL is the minimum, numbers compare by value.
    fn cmp(&self, other: &Probe) -> Ordering {
        match (self, other) {
            (Probe::Null, Probe::Null) => Ordering::Equal,
            (Probe::Null, _) => Ordering::Less,
            (_, Probe::Null) => Ordering::Greater,
            (Probe::Int(a), Probe::Int(b)) => a.cmp(b),
            (Probe::Int(a), Probe::Float(b)) => (*a as f64).total_cmp(b),
            (Probe::Float(a), Probe::Int(b)) => a.total_cmp(&(*b as f64)),
            (Probe::Float(a), Probe::Float(b)) => a.total_cmp(b),
            (Probe::Str(a), Probe::Str(b)) => a.cmp(b),
            (Probe::Uuid(a), Probe::Uuid(b)) => a.cmp(b),
            _ => Ordering::Equal,
        }
    }
}

/// Sorts positions `0..n` by the key columns (stable, so ties keep their order).
fn sort_positions(cols: &[KeyCol], asc: &[bool]) -> Vec<i32> {
    let n = cols.first().map(KeyCol::len).unwrap_or(0);
    let mut idx: Vec<u32> = (0..n as u32).collect();
    // One column is the common case: pick the typed comparison once, outside the sort.
    fn by<T>(idx: &mut [u32], v: &[T], asc: bool, cmp: impl Fn(&T, &T) -> Ordering) {
        if asc {
            idx.sort_by(|&a, &b| cmp(&v[a as usize], &v[b as usize]));
        } else {
            idx.sort_by(|&a, &b| cmp(&v[b as usize], &v[a as usize]));
        }
    }
    match (cols, asc.first().copied().unwrap_or(true)) {
        ([KeyCol::I32(v)], a) => by(&mut idx, v, a, Ord::cmp),
        ([KeyCol::I64(v)], a) => by(&mut idx, v, a, Ord::cmp),
        ([KeyCol::F64(v)], a) => by(&mut idx, v, a, |x, y| fkey(*x).total_cmp(&fkey(*y))),
        ([KeyCol::Str(v)], a) => by(&mut idx, v, a, Ord::cmp),
        _ => idx.sort_by(|&a, &b| {
            for (c, &up) in cols.iter().zip(asc) {
                let o = c.cmp(a as usize, b as usize);
                let o = if up { o } else { o.reverse() };
                if o != Ordering::Equal {
                    return o;
                }
            }
            Ordering::Equal
        }),
    }
    idx.into_iter().map(|i| i as i32).collect()
}

/// The key columns and directions of `isort(X, ascending)`.
fn isort_keys<'a>(
    func: &str,
    x: &'a Value,
    asc: Option<&Value>,
) -> Result<(Vec<KeyCol<'a>>, Vec<bool>)> {
    let mut cols = Vec::new();
    match x {
        Value::Vector(v) if v.is_tuple() => {
            let VecData::Any(items) = v.data() else {
                return Err(Error::runtime("tuple layout mismatch"));
            };
            for item in items {
                match item {
                    Value::Vector(c) => cols.push(KeyCol::of(func, c)?),
                    other => {
                        return Err(Error::type_err(format!(
                            "[{func}] The elements of X must be vectors, not {}",
                            other.type_str()
                        )))
                    }
                }
            }
            let n = cols.first().map(KeyCol::len).unwrap_or(0);
            if cols.iter().any(|c| c.len() != n) {
                return Err(Error::length(format!(
                    "[{func}] The vectors of X must have the same length"
                )));
            }
        }
        Value::Vector(v) => cols.push(KeyCol::of(func, v)?),
        other => {
            return Err(Error::type_err(format!(
                "[{func}] X must be a vector or a tuple of vectors, not {}",
                other.type_str()
            )))
        }
    }
    let dirs = match asc {
        Some(Value::Vector(a)) if !a.is_tuple() => {
            if a.len() != cols.len() {
                return Err(Error::length(format!(
                    "[{func}] ascending must have one element per vector of X"
                )));
            }
            (0..a.len())
                .map(|i| a.scalar_at(i).is_some_and(|s| s.truthy()))
                .collect()
        }
        other => vec![bool_arg(func, "ascending", other, true)?; cols.len()],
    };
    Ok((cols, dirs))
}

pub(super) fn isort(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let (cols, dirs) = isort_keys("isort", &args[0], args.get(1))?;
    Ok(Value::vector(Vector::ints(sort_positions(&cols, &dirs))))
}

pub(super) fn isort_inplace(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let (cols, dirs) = isort_keys("isort!", &args[0], args.get(1))?;
    let order = sort_positions(&cols, &dirs);
    let Value::Vector(target) = &args[2] else {
        return Err(Error::type_err(format!(
            "[isort!] indices must be a vector, not {}",
            args[2].type_str()
        )));
    };
    if target.len() != order.len() {
        return Err(Error::length(
            "[isort!] indices must have the same length as X",
        ));
    }
    let idx: Vec<i64> = order.into_iter().map(i64::from).collect();
    Ok(Value::vector(target.gather(&idx)))
}

pub(super) fn binsrch(_: &mut Interp, args: &[Value]) -> Result<Value> {
    search("binsrch", args, |col, p| {
        let n = col.len();
        let i = partition(n, |i| col.probe_at(i).cmp(p) == Ordering::Less);
        if i < n && col.probe_at(i).cmp(p) == Ordering::Equal {
            i as i32
        } else {
            -1
        }
    })
}

pub(super) fn asof(_: &mut Interp, args: &[Value]) -> Result<Value> {
    search("asof", args, |col, p| {
        let i = partition(col.len(), |i| col.probe_at(i).cmp(p) != Ordering::Greater);
        i as i32 - 1
    })
}

/// The first position in `0..n` where `pred` is false (`pred` holds on a prefix).
fn partition(n: usize, pred: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// Runs a per-key search of Y's elements against the sorted vector X.
fn search(func: &str, args: &[Value], find: impl Fn(&KeyCol, &Probe) -> i32) -> Result<Value> {
    let Value::Vector(xv) = &args[0] else {
        return Err(Error::type_err(format!(
            "[{func}] X must be a vector sorted in ascending order, not {}",
            args[0].type_str()
        )));
    };
    let col = KeyCol::of(func, xv)?;
    let y = &args[1];
    let (xt, yt) = (xv.ty(), y.ty());
    if xt.is_literal() != yt.is_literal() && yt != Type::Void && !xv.is_empty() {
        return Err(Error::type_err(format!(
            "[{func}] The data types of X ({}) and Y ({}) are incompatible",
            xt.name(),
            yt.name()
        )));
    }
    match y {
        Value::Scalar(s) => Ok(Value::int(find(&col, &Probe::of(s)))),
        Value::Vector(v) | Value::Pair(v) if !v.is_tuple() => Ok(Value::vector(Vector::ints(
            (0..v.len())
                .map(|i| {
                    let p = v.scalar_at(i).map(|s| Probe::of(&s)).unwrap_or(Probe::Null);
                    find(&col, &p)
                })
                .collect(),
        ))),
        other => Err(Error::type_err(format!(
            "[{func}] Y must be a scalar or a typed vector, not {}",
            other.type_str()
        ))),
    }
}
