//! NULL filling and NULL-skipping lookups: `nullFill`, `ffill`, `bfill`, `lfill` (each with
//! its in-place `!` twin), `fill!`, `ifirstNot`, `ilastNot`, `firstNot`, `lastNot`.
//!
//! Every fill runs one typed loop per column over the vector's own storage: the layout is
//! matched once per call and elements are never boxed into scalars.

use super::args::{coerce, size_arg};
use super::registry::{Builtin, Registry};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::kernels::prim::Prim;
use crate::value::{vector_from_values, Matrix, Scalar, Table, Value, VecData, Vector};
use std::sync::Arc;

pub fn register(reg: &mut Registry) {
    reg.add(Builtin::new("nullFill(X, Y)", null_fill)
        .doc("Replaces the NULLs of X (scalar, vector, matrix or table) with Y, a scalar or an equal-length vector converted to X's type.")
        .example("nullFill(1 NULL NULL 6, 0)", "[1,0,0,6]"));
    reg.add(
        Builtin::new("nullFill!(X, Y)", null_fill)
            .doc("nullFill, assigning the result back to X.")
            .example("x = 1 NULL 3; nullFill!(x, 9); x", "[1,9,3]"),
    );
    reg.add(Builtin::new("ffill(obj, [limit])", ffill)
        .doc("Fills each NULL with the previous non-NULL value (per column of a matrix or table); limit caps how many NULLs of each run are filled.")
        .example("ffill(1 NULL NULL 4)", "[1,1,1,4]"));
    reg.add(
        Builtin::new("ffill!(obj, [limit])", ffill)
            .doc("ffill, assigning the result back to obj.")
            .example("x = 1 NULL 3; ffill!(x); x", "[1,1,3]"),
    );
    reg.add(Builtin::new("bfill(obj, [limit])", bfill)
        .doc("Fills each NULL with the next non-NULL value (per column of a matrix or table); limit caps how many NULLs of each run are filled.")
        .example("bfill(1 NULL NULL 4)", "[1,4,4,4]"));
    reg.add(
        Builtin::new("bfill!(obj, [limit])", bfill)
            .doc("bfill, assigning the result back to obj.")
            .example("x = 1 NULL 3; bfill!(x); x", "[1,3,3]"),
    );
    reg.add(Builtin::new("lfill(obj)", lfill)
        .doc("Fills the NULLs between two non-NULL numbers by linear interpolation (per column of a table); leading and trailing NULLs stay.")
        .example("lfill(1 NULL NULL 4)", "[1,2,3,4]"));
    reg.add(
        Builtin::new("lfill!(obj)", lfill)
            .doc("lfill, assigning the result back to obj.")
            .example("x = 1.0 NULL 2.0; lfill!(x); x", "[1,1.5,2]"),
    );
    reg.add(Builtin::new("fill!(obj, index, value)", fill_inplace)
        .doc("obj[index] = value: sets elements of a vector, tuple or matrix, keys of a dictionary or columns of a table.")
        .example("a = 1 2 3 4; fill!(a, 3, 12); a", "[1,2,3,12]"));
    reg.add(Builtin::new("ifirstNot(X)", ifirst_not)
        .doc("The position of the first non-NULL element (-1 if none); for a tuple of vectors, the first position where all are non-NULL; per column of a matrix.")
        .example("ifirstNot(NULL NULL 2 4)", "2"));
    reg.add(Builtin::new("ilastNot(X)", ilast_not)
        .doc("The position of the last non-NULL element (-1 if none); for a tuple of vectors, the last position where all are non-NULL; per column of a matrix.")
        .example("ilastNot(1 2 NULL)", "1"));
    reg.add(Builtin::new("firstNot(X, [k])", first_not)
        .doc("The first element of X that is neither NULL nor k (per column of a matrix or table).")
        .example("firstNot(NULL 0 3 2, 0)", "3"));
    reg.add(Builtin::new("lastNot(X, [k])", last_not)
        .doc("The last element of X that is neither NULL nor k (per column of a matrix or table).")
        .example("lastNot(1 6 0 0 NULL, 0)", "6"));
}

/// NULL test for one element of a vector's storage.
trait Elem: Clone {
    fn null(&self) -> bool;
}

macro_rules! prim_elem {
    ($($t:ty),*) => {$(
        impl Elem for $t {
            #[inline(always)]
            fn null(&self) -> bool {
                Prim::is_null(*self)
            }
        }
    )*};
}
prim_elem!(i8, i16, i32, i64, f32, f64);

impl Elem for Arc<str> {
    fn null(&self) -> bool {
        self.is_empty()
    }
}
impl Elem for u128 {
    fn null(&self) -> bool {
        *self == 0
    }
}
impl Elem for Value {
    fn null(&self) -> bool {
        self.is_null_scalar()
    }
}

/// Runs `$body` with `$v` bound to the typed storage slice of `$data`.
macro_rules! with_data {
    ($data:expr, $v:ident => $body:expr) => {
        match $data {
            VecData::I8($v) => $body,
            VecData::I16($v) => $body,
            VecData::I32($v) => $body,
            VecData::I64($v) => $body,
            VecData::F32($v) => $body,
            VecData::F64($v) => $body,
            VecData::Str($v) => $body,
            VecData::U128($v) => $body,
            VecData::Any($v) => $body,
        }
    };
}

/// Applies `f` to every column of a vector, matrix or table (a copy; the input is untouched).
fn per_column(func: &str, x: &Value, f: &dyn Fn(&mut Vector) -> Result<()>) -> Result<Value> {
    match x {
        Value::Vector(v) => {
            let mut v = v.as_ref().clone();
            f(&mut v)?;
            Ok(Value::vector(v))
        }
        Value::Matrix(m) => {
            let mut cols = Vec::with_capacity(m.cols);
            for j in 0..m.cols {
                let mut c = m.column(j);
                f(&mut c)?;
                cols.push(c);
            }
            let mut data = Vector::with_capacity(m.data.ty(), m.rows * m.cols);
            for c in &cols {
                data.extend_from(c);
            }
            let mut out = Matrix::new(data, m.rows, m.cols).map_err(Error::length)?;
            out.row_labels = m.row_labels.clone();
            out.col_labels = m.col_labels.clone();
            Ok(Value::Matrix(Arc::new(out)))
        }
        Value::Table(t) => {
            let mut cols = Vec::with_capacity(t.n_cols());
            for c in t.columns() {
                let mut c = c.as_ref().clone();
                f(&mut c)?;
                cols.push(Arc::new(c));
            }
            Table::from_columns(t.names().to_vec(), cols)
                .map(Value::table)
                .map_err(Error::runtime)
        }
        other => Err(Error::type_err(format!(
            "[{func}] obj must be a vector, matrix or table, not {}",
            other.type_str()
        ))),
    }
}

fn null_fill(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let (x, y) = (&args[0], &args[1]);
    if let Value::Scalar(s) = x {
        if !matches!(y, Value::Scalar(_)) {
            return Err(Error::type_err(
                "[nullFill] When X is a scalar, Y must be a scalar",
            ));
        }
        return if s.is_null() && s.ty() != crate::value::Type::Void {
            coerce(y, s.ty())
        } else if s.is_null() {
            Ok(y.clone())
        } else {
            Ok(x.clone())
        };
    }
    if matches!(x, Value::Table(_)) && !matches!(y, Value::Scalar(_)) {
        return Err(Error::type_err(
            "[nullFill] When X is a table, Y must be a scalar",
        ));
    }
    let ylen = match y {
        Value::Scalar(_) => None,
        Value::Vector(v) => Some(v.len()),
        Value::Matrix(m) => Some(m.rows),
        other => {
            return Err(Error::type_err(format!(
                "[nullFill] Y must be a scalar, vector or matrix, not {}",
                other.type_str()
            )))
        }
    };
    if let (Some(n), Value::Vector(v)) = (ylen, x) {
        if n != v.len() {
            return Err(Error::length(format!(
                "[nullFill] Y ({n} elements) must have the same length as X ({})",
                v.len()
            )));
        }
    }
    let y_flat = match y {
        Value::Matrix(m) => Value::vector(m.data.clone()),
        other => other.clone(),
    };
    let col_idx = std::cell::Cell::new(0usize);
    per_column("nullFill", x, &|col: &mut Vector| {
        let j = col_idx.get();
        col_idx.set(j + 1);
        let src = match &y_flat {
            Value::Vector(v) if matches!(x, Value::Matrix(_)) => {
                Value::vector(v.slice(j * col.len(), (j + 1) * col.len()))
            }
            other => other.clone(),
        };
        fill_from(col, &coerce(&src, col.ty())?)
    })
}

/// Overwrites the NULLs of `col` with `src` (a scalar or an equal-length vector of the same
/// layout as `col`).
fn fill_from(col: &mut Vector, src: &Value) -> Result<()> {
    let mismatch = || Error::type_err("[nullFill] Y can't be converted to the type of X");
    match src {
        Value::Scalar(s) => {
            // The fill value is unboxed once into a one-element vector of the column's layout.
            let mut one = Vector::with_capacity(col.ty(), 1);
            if !one.push_scalar(s) {
                return Err(mismatch());
            }
            fill_pair(col.data_mut(), one.data(), true)
        }
        Value::Vector(s) => fill_pair(col.data_mut(), s.data(), false),
        _ => Err(mismatch()),
    }
}

/// The typed fill loop on matching layouts; `broadcast` uses `s[0]` for every NULL.
fn fill_pair(d: &mut VecData, s: &VecData, broadcast: bool) -> Result<()> {
    fn go<T: Elem>(v: &mut [T], s: &[T], broadcast: bool) {
        if broadcast {
            if let Some(first) = s.first() {
                for x in v.iter_mut().filter(|x| x.null()) {
                    *x = first.clone();
                }
            }
        } else {
            for (x, y) in v.iter_mut().zip(s) {
                if x.null() {
                    *x = y.clone();
                }
            }
        }
    }
    match (d, s) {
        (VecData::I8(v), VecData::I8(s)) => go(v, s, broadcast),
        (VecData::I16(v), VecData::I16(s)) => go(v, s, broadcast),
        (VecData::I32(v), VecData::I32(s)) => go(v, s, broadcast),
        (VecData::I64(v), VecData::I64(s)) => go(v, s, broadcast),
        (VecData::F32(v), VecData::F32(s)) => go(v, s, broadcast),
        (VecData::F64(v), VecData::F64(s)) => go(v, s, broadcast),
        (VecData::Str(v), VecData::Str(s)) => go(v, s, broadcast),
        (VecData::U128(v), VecData::U128(s)) => go(v, s, broadcast),
        (VecData::Any(v), VecData::Any(s)) => go(v, s, broadcast),
        _ => {
            return Err(Error::type_err(
                "[nullFill] Y can't be converted to the type of X",
            ))
        }
    }
    Ok(())
}

/// The optional `limit` of `ffill`/`bfill`: a positive integer, or unlimited.
fn limit_arg(func: &str, v: Option<&Value>) -> Result<usize> {
    match v {
        None | Some(Value::Scalar(Scalar::Void)) => Ok(usize::MAX),
        Some(v) => match size_arg(func, "limit", v)? {
            0 => Err(Error::domain(format!(
                "[{func}] limit must be a positive integer"
            ))),
            n => Ok(n),
        },
    }
}

/// Carries the last non-NULL value over at most `limit` NULLs of each run.
fn carry<T: Elem>(v: &mut [T], limit: usize, forward: bool) {
    let mut last: Option<T> = None;
    let mut run = 0usize;
    let mut step = |x: &mut T| {
        if !x.null() {
            last = Some(x.clone());
            run = 0;
        } else if let Some(l) = &last {
            if run < limit {
                *x = l.clone();
            }
            run += 1;
        }
    };
    if forward {
        v.iter_mut().for_each(&mut step);
    } else {
        v.iter_mut().rev().for_each(&mut step);
    }
}

fn ffill(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let limit = limit_arg("ffill", args.get(1))?;
    per_column("ffill", &args[0], &|c: &mut Vector| {
        with_data!(c.data_mut(), v => carry(v, limit, true));
        Ok(())
    })
}

fn bfill(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let limit = limit_arg("bfill", args.get(1))?;
    per_column("bfill", &args[0], &|c: &mut Vector| {
        with_data!(c.data_mut(), v => carry(v, limit, false));
        Ok(())
    })
}

/// Linear interpolation of the NULL runs strictly between two non-NULL numbers.
fn interpolate<T: Prim>(v: &mut [T]) {
    let mut prev: Option<usize> = None;
    for i in 0..v.len() {
        if v[i].is_null() {
            continue;
        }
        if let Some(p) = prev {
            let gap = i - p;
            if gap > 1 {
                let (a, b) = (v[p].to_f64(), v[i].to_f64());
                for k in 1..gap {
                    v[p + k] = T::from_f64(a + (b - a) * k as f64 / gap as f64);
                }
            }
        }
        prev = Some(i);
    }
}

fn lfill(_: &mut Interp, args: &[Value]) -> Result<Value> {
    per_column("lfill", &args[0], &|c: &mut Vector| {
        match c.data_mut() {
            VecData::I8(v) => interpolate(v),
            VecData::I16(v) => interpolate(v),
            VecData::I32(v) => interpolate(v),
            VecData::I64(v) => interpolate(v),
            VecData::F32(v) => interpolate(v),
            VecData::F64(v) => interpolate(v),
            // Non-numeric columns of a table have nothing to interpolate.
            _ => {}
        }
        Ok(())
    })
}

fn fill_inplace(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let mut obj = args[0].clone();
    crate::eval::assign_index(&mut obj, &[Some(args[1].clone())], args[2].clone())?;
    Ok(obj)
}

/// Position of the first (or last) element that is non-NULL in every one of `cols`.
fn edge_not_null(cols: &[&Vector], front: bool) -> i32 {
    let n = cols.first().map(|c| c.len()).unwrap_or(0);
    let ok = |i: usize| cols.iter().all(|c| !c.is_null_at(i));
    let hit = if front {
        (0..n).find(|&i| ok(i))
    } else {
        (0..n).rev().find(|&i| ok(i))
    };
    hit.map(|i| i as i32).unwrap_or(-1)
}

fn inot(func: &str, x: &Value, front: bool) -> Result<Value> {
    match x {
        Value::Vector(v) if v.is_tuple() => {
            let mut cols = Vec::new();
            for e in v.iter_values() {
                match e {
                    Value::Vector(c) => cols.push(c),
                    other => {
                        return Err(Error::type_err(format!(
                            "[{func}] The elements of a tuple must be vectors, not {}",
                            other.type_str()
                        )))
                    }
                }
            }
            let refs: Vec<&Vector> = cols.iter().map(|c| c.as_ref()).collect();
            if refs.iter().any(|c| c.len() != refs[0].len()) {
                return Err(Error::length(format!(
                    "[{func}] The vectors of the tuple must have the same length"
                )));
            }
            Ok(Value::int(edge_not_null(&refs, front)))
        }
        Value::Vector(v) | Value::Pair(v) => Ok(Value::int(edge_not_null(&[v], front))),
        Value::Matrix(m) => Ok(Value::vector(Vector::ints(
            (0..m.cols)
                .map(|j| edge_not_null(&[&m.column(j)], front))
                .collect(),
        ))),
        other => Err(Error::type_err(format!(
            "[{func}] X must be a vector, a tuple of vectors or a matrix, not {}",
            other.type_str()
        ))),
    }
}

fn ifirst_not(_: &mut Interp, args: &[Value]) -> Result<Value> {
    inot("ifirstNot", &args[0], true)
}

fn ilast_not(_: &mut Interp, args: &[Value]) -> Result<Value> {
    inot("ilastNot", &args[0], false)
}

/// The first/last element of `v` that is neither NULL nor `k`.
fn pick_not(v: &Vector, k: Option<&Scalar>, front: bool) -> Value {
    let ok = |i: usize| {
        if v.is_null_at(i) {
            return false;
        }
        match (k, v.scalar_at(i)) {
            (Some(k), Some(s)) => s.total_cmp(k) != std::cmp::Ordering::Equal,
            _ => true,
        }
    };
    let hit = if front {
        (0..v.len()).find(|&i| ok(i))
    } else {
        (0..v.len()).rev().find(|&i| ok(i))
    };
    match hit.and_then(|i| v.get(i)) {
        Some(x) => x,
        None if v.is_tuple() => Value::NULL,
        None => Value::Scalar(v.null_scalar()),
    }
}

fn not_k(func: &str, args: &[Value], front: bool) -> Result<Value> {
    let k = match args.get(1) {
        None | Some(Value::Scalar(Scalar::Void)) => None,
        Some(Value::Scalar(s)) => Some(s.clone()),
        Some(other) => {
            return Err(Error::type_err(format!(
                "[{func}] k must be a scalar, not {}",
                other.type_str()
            )))
        }
    };
    let k = k.as_ref();
    match &args[0] {
        Value::Scalar(s) => Ok(
            if s.is_null() || k.is_some_and(|k| s.total_cmp(k).is_eq()) {
                Value::Scalar(Scalar::null(s.ty()))
            } else {
                args[0].clone()
            },
        ),
        Value::Vector(v) | Value::Pair(v) => Ok(pick_not(v, k, front)),
        Value::Matrix(m) => Ok(Value::from_elements(
            (0..m.cols)
                .map(|j| pick_not(&m.column(j), k, front))
                .collect(),
        )),
        Value::Table(t) => Ok(Value::vector(vector_from_values(
            t.columns().iter().map(|c| pick_not(c, k, front)).collect(),
        ))),
        other => Err(Error::type_err(format!(
            "[{func}] X must be a vector, matrix or table, not {}",
            other.type_str()
        ))),
    }
}

fn first_not(_: &mut Interp, args: &[Value]) -> Result<Value> {
    not_k("firstNot", args, true)
}

fn last_not(_: &mut Interp, args: &[Value]) -> Result<Value> {
    not_k("lastNot", args, false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::testing::{ints, run};
    use crate::display::display;

    const N: i32 = i32::MIN;

    #[test]
    fn fills() {
        let x = ints(&[1, N, N, N, 5, N]);
        assert_eq!(
            display(&run(ffill, std::slice::from_ref(&x)).expect("ffill")),
            "[1,1,1,1,5,5]"
        );
        assert_eq!(
            display(&run(ffill, &[x.clone(), Value::int(1)]).expect("limit")),
            "[1,1,,,5,5]"
        );
        assert_eq!(
            display(&run(bfill, std::slice::from_ref(&x)).expect("bfill")),
            "[1,5,5,5,5,]"
        );
        assert_eq!(
            display(&run(lfill, std::slice::from_ref(&x)).expect("lfill")),
            "[1,2,3,4,5,]"
        );
        assert_eq!(
            display(&run(null_fill, &[x, Value::double(0.4)]).expect("nullFill")),
            "[1,0,0,0,5,0]"
        );
    }

    #[test]
    fn not_null_lookups() {
        let x = ints(&[N, 0, 3, N]);
        assert_eq!(
            display(&run(ifirst_not, std::slice::from_ref(&x)).expect("i")),
            "1"
        );
        assert_eq!(
            display(&run(ilast_not, std::slice::from_ref(&x)).expect("i")),
            "2"
        );
        assert_eq!(
            display(&run(first_not, &[x, Value::int(0)]).expect("firstNot")),
            "3"
        );
        assert_eq!(
            display(&run(ifirst_not, &[ints(&[])]).expect("empty")),
            "-1"
        );
    }
}
