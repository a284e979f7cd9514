//! Vector slicing and searching: `head`, `tail`, `at`, `cut`, `subarray`, `removeHead!`,
//! `removeTail!`, `isort`, `isort!`, `binsrch`, `asof`.

use super::args::{bool_arg, int_arg, size_arg};
use super::registry::{Builtin, Registry};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::value::{Matrix, Scalar, Type, Value, VecData, Vector};
use std::cmp::Ordering;
use std::sync::Arc;

pub fn register(reg: &mut Registry) {
    reg.add(Builtin::new("head(X, [n=1])", head)
        .doc("The first n elements of a vector, columns of a matrix or rows of a table; without n, the first element (a table's first row as a dictionary).")
        .example("head(1..10, 3)", "[1,2,3]"));
    // The tail docs name the first argument obj (head names it X).
    reg.add(Builtin::new("tail(obj, [n=1])", tail)
        .doc("The last n elements of a vector, columns of a matrix or rows of a table; without n, the last element.")
        .example("tail(1..10, 3)", "[8,9,10]"));
    reg.add(Builtin::new("at(X, [index])", at)
        .doc("X[index]; with only X, the positions where a BOOL X is true, or each position i repeated X[i] times for an integer X.")
        .example("at(5 7 0 4 > 3)", "[0,1,3]"));
    reg.add(Builtin::new("cut(X, size|cutPositions)", cut)
        .doc("Splits a vector (matrix by columns, table by rows) into a tuple of pieces of length size, or pieces starting at each of cutPositions.")
        .example("cut(1..5, 2)", "([1,2],[3,4],[5])"));
    reg.add(
        Builtin::new("subarray(X, range)", subarray)
            .doc("The elements of X in the pair range [start, end); positions outside X give NULL.")
            .example("subarray(1..10, 2:5)", "[3,4,5]"),
    );
    reg.add(
        Builtin::new("removeHead!(obj, n)", remove_head)
            .doc("Deletes the first n elements of a vector in place.")
            .example("x = 11..20; x.removeHead!(3); x", "[14,15,16,17,18,19,20]"),
    );
    reg.add(
        Builtin::new("removeTail!(obj, n)", remove_tail)
            .doc("Deletes the last n elements of a vector in place.")
            .example("x = 11..20; x.removeTail!(3); x", "[11,12,13,14,15,16,17]"),
    );
    reg.add(Builtin::new("isort(X, [ascending=true])", isort)
        .doc("The positions that sort X (a vector, or a tuple of equal-length vectors sorted by the first, then the next ...); ties keep their order.")
        .example("isort(4 1 3 2)", "[1,3,2,0]"));
    reg.add(
        Builtin::new("isort!(X, [ascending=true], indices)", isort_inplace)
            .in_place_arg(2)
            .doc("indices[isort(X, ascending)], assigned back to indices.")
            .example(
                "x = 3 1 NULL 2; y = 5 7 8 3; isort!(x, false, y); y",
                "[5,3,7,8]",
            ),
    );
    reg.add(Builtin::new("binsrch(X, Y)", binsrch)
        .doc("Binary search: for each element of Y, its position in the ascending vector X, or -1 if absent.")
        .example("binsrch(1..100, 12 6 88 102)", "[11,5,87,-1]"));
    reg.add(Builtin::new("asof(X, Y)", asof)
        .doc("For each element y of Y, the position of the last element of the ascending vector X that is <= y, or -1.")
        .example("asof(1..100, 60 200 -10)", "[59,99,-1]"));
}

fn head(_: &mut Interp, args: &[Value]) -> Result<Value> {
    take_end("head", args, true)
}

fn tail(_: &mut Interp, args: &[Value]) -> Result<Value> {
    take_end("tail", args, false)
}

/// `head`/`tail`: without n, one element (a matrix column, a table row as a dictionary);
/// with n, the first or last n elements, columns or rows.
fn take_end(func: &str, args: &[Value], front: bool) -> Result<Value> {
    let n = match args.get(1) {
        None | Some(Value::Scalar(Scalar::Void)) => None,
        Some(v) => Some(size_arg(func, "n", v)?),
    };
    let range = |len: usize, n: usize| {
        let n = n.min(len);
        if front {
            (0, n)
        } else {
            (len - n, len)
        }
    };
    match (&args[0], n) {
        (Value::Vector(v) | Value::Pair(v), Some(n)) => {
            let (a, b) = range(v.len(), n);
            Ok(Value::vector(v.slice(a, b)))
        }
        (Value::Vector(v) | Value::Pair(v), None) => {
            if v.is_empty() {
                return Ok(if v.is_tuple() {
                    Value::NULL
                } else {
                    Value::Scalar(v.null_scalar())
                });
            }
            let (a, _) = range(v.len(), 1);
            Ok(v.get(a).unwrap_or(Value::NULL))
        }
        (Value::Matrix(m), n) => {
            let (a, b) = range(m.cols, n.unwrap_or(1));
            if n.is_none() {
                return Ok(if a < b {
                    Value::vector(m.column(a))
                } else {
                    Value::NULL
                });
            }
            let data = m.data.slice(a * m.rows, b * m.rows);
            let mut out = Matrix::new(data, m.rows, b - a).map_err(Error::length)?;
            out.row_labels = m.row_labels.clone();
            out.col_labels = m.col_labels.as_ref().map(|l| Arc::new(l.slice(a, b)));
            Ok(Value::Matrix(Arc::new(out)))
        }
        (Value::Table(t), Some(n)) => {
            let (a, b) = range(t.n_rows(), n);
            Ok(Value::table(t.slice(a, b)))
        }
        (Value::Table(t), None) => {
            if t.n_rows() == 0 {
                return Ok(Value::NULL);
            }
            let (a, _) = range(t.n_rows(), 1);
            Ok(crate::eval::table_row(t, a))
        }
        (Value::Scalar(_), _) => Ok(args[0].clone()),
        (other, _) => Err(Error::type_err(format!(
            "[{func}] X must be a vector, matrix or table, not {}",
            other.type_str()
        ))),
    }
}

fn at(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let x = &args[0];
    let index = match args.get(1) {
        None => return at_positions(x),
        Some(i) => i,
    };
    if let Value::Function(f) = x {
        // `f at (a, b)` passes the tuple's elements as arguments; anything else is one.
        let call_args = match index {
            Value::Vector(v) if v.is_tuple() => v.iter_values().collect(),
            other => vec![other.clone()],
        };
        return it.call(f.as_ref(), call_args);
    }
    crate::eval::index_value(x, &[Some(index.clone())])
}

/// `at(X)`: true positions of a BOOL X, or each position i repeated X[i] times.
fn at_positions(x: &Value) -> Result<Value> {
    let v = match x {
        Value::Vector(v) | Value::Pair(v) if !v.is_tuple() => v,
        Value::Scalar(s) if s.ty() == Type::Bool => {
            return Ok(Value::vector(Vector::ints(if s.truthy() {
                vec![0]
            } else {
                Vec::new()
            })))
        }
        other => {
            return Err(Error::type_err(format!(
                "[at] X must be a BOOL or integer vector, not {}",
                other.type_str()
            )))
        }
    };
    let counts = match (v.ty(), v.to_i64s()) {
        (Type::Bool | Type::Char | Type::Short | Type::Int | Type::Long, Some(c)) => c,
        _ => {
            return Err(Error::type_err(format!(
                "[at] X must be a BOOL or integer vector, not {}",
                x.type_str()
            )))
        }
    };
    let mut out = Vec::new();
    for (i, c) in counts.iter().enumerate() {
        let c = c.unwrap_or(0);
        if v.ty() == Type::Bool {
            if c != 0 {
                out.push(i as i32);
            }
        } else {
            out.extend(std::iter::repeat_n(i as i32, c.max(0) as usize));
        }
    }
    Ok(Value::vector(Vector::ints(out)))
}

fn cut(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let (x, spec) = (&args[0], &args[1]);
    let len = match x {
        Value::Vector(v) | Value::Pair(v) => v.len(),
        Value::Matrix(m) => m.cols,
        Value::Table(t) => t.n_rows(),
        Value::Scalar(_) => 1,
        other => {
            return Err(Error::type_err(format!(
                "[cut] X must be a scalar, vector, matrix or table, not {}",
                other.type_str()
            )))
        }
    };
    let bounds: Vec<(usize, usize)> = match spec {
        Value::Scalar(_) => {
            let size = int_arg("cut", "size", spec)?;
            if size <= 0 {
                return Err(Error::domain(
                    "[cut] The argument size must be a positive integer",
                ));
            }
            let size = size as usize;
            (0..len)
                .step_by(size)
                .map(|a| (a, (a + size).min(len)))
                .collect()
        }
        Value::Vector(p) if p.ty().is_integral() => {
            let pos: Vec<usize> = p
                .to_i64s()
                .unwrap_or_default()
                .into_iter()
                .map(|i| i.unwrap_or(0).clamp(0, len as i64) as usize)
                .collect();
            if pos.windows(2).any(|w| w[0] > w[1]) {
                return Err(Error::domain(
                    "[cut] The cut positions must be in ascending order",
                ));
            }
            pos.iter()
                .enumerate()
                .map(|(k, &a)| (a, pos.get(k + 1).copied().unwrap_or(len)))
                .collect()
        }
        other => {
            return Err(Error::type_err(format!(
                "[cut] The second argument must be a positive integer or an integer vector of cut positions, not {}",
                other.type_str()
            )))
        }
    };
    let single = matches!(spec, Value::Scalar(s) if s.as_i64() == Some(1));
    let pieces = bounds
        .into_iter()
        .map(|(a, b)| piece(x, a, b, single))
        .collect::<Result<Vec<_>>>()?;
    Ok(Value::vector(Vector::tuple(pieces)))
}

/// Rows (columns for a matrix) `[a, b)` of `x`; a size-1 cut of a vector gives scalars.
fn piece(x: &Value, a: usize, b: usize, single: bool) -> Result<Value> {
    Ok(match x {
        Value::Vector(v) | Value::Pair(v) if single => v.get(a).unwrap_or(Value::NULL),
        Value::Vector(v) | Value::Pair(v) => Value::vector(v.slice(a, b)),
        Value::Matrix(m) => {
            let data = m.data.slice(a * m.rows, b * m.rows);
            Value::Matrix(Arc::new(
                Matrix::new(data, m.rows, b - a).map_err(Error::length)?,
            ))
        }
        Value::Table(t) => Value::table(t.slice(a, b)),
        other => other.clone(),
    })
}

fn subarray(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let Value::Vector(v) = &args[0] else {
        return Err(Error::type_err(format!(
            "[subarray] X must be a vector, not {}",
            args[0].type_str()
        )));
    };
    let Value::Pair(r) = &args[1] else {
        return Err(Error::type_err(format!(
            "[subarray] range must be a pair such as 2:5, not {}",
            args[1].type_str()
        )));
    };
    let bound = |i: usize, default: i64| -> Result<i64> {
        match r.scalar_at(i) {
            Some(s) if s.is_null() => Ok(default),
            Some(s) if s.ty().is_integral() => Ok(s.as_i64().unwrap_or(default)),
            _ => Err(Error::type_err(
                "[subarray] range must be a pair of integers",
            )),
        }
    };
    let start = bound(0, 0)?;
    let end = bound(1, v.len() as i64)?;
    let idx: Vec<i64> = (start..end.max(start)).collect();
    Ok(Value::vector(v.gather(&idx)))
}

fn remove_head(_: &mut Interp, args: &[Value]) -> Result<Value> {
    remove_end("removeHead!", args, true)
}

fn remove_tail(_: &mut Interp, args: &[Value]) -> Result<Value> {
    remove_end("removeTail!", args, false)
}

fn remove_end(func: &str, args: &[Value], front: bool) -> Result<Value> {
    let Value::Vector(v) = &args[0] else {
        return Err(Error::type_err(format!(
            "[{func}] obj must be a vector, not {}",
            args[0].type_str()
        )));
    };
    let n = size_arg(func, "n", &args[1])?.min(v.len());
    Ok(Value::vector(if front {
        v.slice(n, v.len())
    } else {
        v.slice(0, v.len() - n)
    }))
}

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

fn isort(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let (cols, dirs) = isort_keys("isort", &args[0], args.get(1))?;
    Ok(Value::vector(Vector::ints(sort_positions(&cols, &dirs))))
}

fn isort_inplace(_: &mut Interp, args: &[Value]) -> Result<Value> {
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

fn binsrch(_: &mut Interp, args: &[Value]) -> Result<Value> {
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

fn asof(_: &mut Interp, args: &[Value]) -> Result<Value> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::display::display;

    fn run(f: super::super::BuiltinFn, args: &[Value]) -> Result<Value> {
        let mut it = Interp::with_output(Box::new(std::io::sink()));
        f(&mut it, args)
    }
    fn ints(v: &[i32]) -> Value {
        Value::vector(Vector::ints(v.to_vec()))
    }

    #[test]
    fn sorted_search() {
        let x = ints(&[1, 3, 3, 5]);
        let r = run(binsrch, &[x.clone(), ints(&[3, 4, 0])]).expect("binsrch");
        assert_eq!(display(&r), "[1,-1,-1]");
        let r = run(asof, &[x, Value::double(3.5)]).expect("asof");
        assert_eq!(display(&r), "2");
    }

    #[test]
    fn isort_is_stable_and_multi_key() {
        let r = run(isort, &[ints(&[2, 1, 2, 1])]).expect("isort");
        assert_eq!(display(&r), "[1,3,0,2]");
        let t = Value::vector(Vector::tuple(vec![
            ints(&[2, 2, 1, 1]),
            ints(&[2, 1, 1, 2]),
        ]));
        let r = run(isort, &[t, ints(&[0, 0])]).expect("two keys");
        assert_eq!(display(&r), "[0,1,3,2]");
    }

    #[test]
    fn head_tail_cut() {
        assert_eq!(display(&run(head, &[ints(&[4, 5])]).expect("head")), "4");
        assert_eq!(
            display(&run(tail, &[ints(&[4, 5, 6]), Value::int(2)]).expect("tail")),
            "[5,6]"
        );
        let r = run(cut, &[ints(&[1, 2, 3, 4, 5]), ints(&[0, 2])]).expect("cut");
        assert_eq!(display(&r), "([1,2],[3,4,5])");
    }
}
