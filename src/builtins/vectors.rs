//! Vector functions that search, order and reshape: `first`, `last`, `in`, `find`,
//! `distinct`, `reverse`, `sort`, `sort!`, `flatten`.

use super::args::bool_arg;
use super::registry::{Builtin, Kind, Registry};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::value::{vector_from_values, Scalar, Type, Value, VecData, Vector};
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

pub fn register(reg: &mut Registry) {
    reg.add(
        Builtin::new("first(X)", first)
            .kind(Kind::Aggregate)
            .doc("The first element of a vector (per column of a matrix, first row of a table).")
            .example("first(3 1 2)", "3"),
    );
    reg.add(
        Builtin::new("last(X)", last)
            .kind(Kind::Aggregate)
            .doc("The last element of a vector (per column of a matrix, last row of a table).")
            .example("last(3 1 2)", "2"),
    );
    reg.add(
        Builtin::new("in(X, Y)", in_)
            .doc("For each element of X, whether it occurs in Y (a vector, set, or dictionary's keys).")
            .example("in(1 5, 1 2 3)", "[true,false]"),
    );
    reg.add(Builtin::new("find(X, Y)", find)
        .doc("For each element of Y, the position of its first occurrence in X (-1 if absent); for a dictionary X, the value of each key (NULL if absent).")
        .example("find(3 1 2, 2 7)", "[2,-1]"));
    reg.add(
        Builtin::new("distinct(X)", distinct)
            // DolphinDB has no `unique`; issue 3 lists it, so it is kept as a plain alias.
            .aliases(&["unique"])
            .doc(
                "The distinct elements of X, in order of first appearance. \
                 `unique` is a porpoise alias (DolphinDB itself only has distinct).",
            )
            .example("distinct(3 1 3 2 1)", "[3,1,2]"),
    );
    reg.add(
        Builtin::new("reverse(X)", reverse)
            .doc("X in reverse order (a table's rows reversed).")
            .example("reverse(1 2 3)", "[3,2,1]"),
    );
    reg.add(
        Builtin::new("sort(X, [ascending=true])", sort)
            .doc("Sorts a vector (or all elements of a matrix, refilled by column); NULLs come first ascending and last descending.")
            .example("sort(3 NULL 1)", "[,1,3]"),
    );
    reg.add(
        Builtin::new("sort!(obj, [ascending=true])", sort_inplace)
            .doc("Sorts a vector in place.")
            .example("x = 3 1 2; sort!(x); x", "[1,2,3]"),
    );
    reg.add(
        Builtin::new("flatten(X)", flatten)
            .doc("Flattens a tuple of vectors and scalars (one level) or a matrix into a vector.")
            .example("flatten((1 2, 3, 4 5))", "[1,2,3,4,5]"),
    );
}

fn first(_: &mut Interp, args: &[Value]) -> Result<Value> {
    edge("first", &args[0], true)
}

fn last(_: &mut Interp, args: &[Value]) -> Result<Value> {
    edge("last", &args[0], false)
}

fn edge(func: &str, v: &Value, front: bool) -> Result<Value> {
    let pick = |len: usize| -> Option<usize> {
        if len == 0 {
            None
        } else if front {
            Some(0)
        } else {
            Some(len - 1)
        }
    };
    match v {
        Value::Scalar(_) => Ok(v.clone()),
        Value::Vector(x) | Value::Pair(x) => Ok(match pick(x.len()) {
            Some(i) => x.get(i).unwrap_or(Value::NULL),
            None if x.is_tuple() => Value::NULL,
            None => Value::Scalar(x.null_scalar()),
        }),
        Value::Matrix(m) => {
            let idx: Vec<i64> = (0..m.cols)
                .map(|j| pick(m.rows).map(|i| (j * m.rows + i) as i64).unwrap_or(-1))
                .collect();
            Ok(Value::vector(m.data.gather(&idx)))
        }
        Value::Table(t) => Ok(match pick(t.n_rows()) {
            Some(i) => crate::eval::table_row(t, i),
            None => Value::NULL,
        }),
        other => Err(Error::type_err(format!(
            "[{func}] doesn't support a {}",
            other.type_str()
        ))),
    }
}

/// A hashable, type-tolerant key: integers and temporals by value, floats by bits of their
/// f64 value, strings by text, so `in(1, 1.0 2.0)` and INT vs LONG comparisons match.
#[derive(Hash, PartialEq, Eq)]
enum Key {
    Null,
    Int(i64),
    Float(u64),
    Str(Arc<str>),
    Uuid(u128),
    Other(Scalar),
}

fn key(s: &Scalar) -> Key {
    if s.is_null() {
        return Key::Null;
    }
    match s {
        Scalar::I8(..) | Scalar::I16(..) | Scalar::I32(..) | Scalar::I64(..) => {
            Key::Int(s.as_i64().unwrap_or(i64::MIN))
        }
        Scalar::F32(_) | Scalar::F64(_) => {
            let f = s.as_f64().unwrap_or(f64::MIN);
            if f.fract() == 0.0 && f.abs() < 9.0e15 {
                Key::Int(f as i64)
            } else {
                Key::Float(f.to_bits())
            }
        }
        Scalar::Str(_, x) => Key::Str(x.clone()),
        Scalar::U128(x) => Key::Uuid(*x),
        other => Key::Other(other.clone()),
    }
}

/// The searchable elements of Y for `in`: vector/pair elements, set members, dict keys.
fn members(func: &str, y: &Value) -> Result<Vec<Scalar>> {
    Ok(match y {
        Value::Scalar(s) => vec![s.clone()],
        Value::Vector(v) | Value::Pair(v) => (0..v.len()).filter_map(|i| v.scalar_at(i)).collect(),
        Value::Set(s) => s.items().to_vec(),
        Value::Dict(d) => d.keys().to_vec(),
        other => {
            return Err(Error::type_err(format!(
                "[{func}] doesn't support a {} as Y",
                other.type_str()
            )))
        }
    })
}

fn check_comparable(func: &str, a: Type, b: Type) -> Result<()> {
    let lit = |t: Type| t.is_literal();
    if a != Type::Void && b != Type::Void && a != Type::Any && b != Type::Any && lit(a) != lit(b) {
        return Err(Error::type_err(format!(
            "[{func}] The data types of X ({}) and Y ({}) are incompatible",
            a.name(),
            b.name()
        )));
    }
    Ok(())
}

fn in_(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let (x, y) = (&args[0], &args[1]);
    let y_ty = match y {
        Value::Set(s) => s.key_type(),
        Value::Dict(d) => d.key_type(),
        other => other.ty(),
    };
    check_comparable("in", x.ty(), y_ty)?;
    let set: HashSet<Key> = members("in", y)?.iter().map(key).collect();
    match x {
        Value::Scalar(s) => Ok(Value::bool(set.contains(&key(s)))),
        Value::Vector(v) | Value::Pair(v) if !v.is_tuple() => {
            let out = (0..v.len())
                .map(|i| v.scalar_at(i).is_some_and(|s| set.contains(&key(&s))) as i8)
                .collect();
            Ok(Value::vector(Vector::bools(out)))
        }
        other => Err(Error::type_err(format!(
            "[in] X must be a scalar or a typed vector, not {}",
            other.type_str()
        ))),
    }
}

fn find(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let (x, y) = (&args[0], &args[1]);
    if let Value::Dict(d) = x {
        let lookup = |s: &Scalar| crate::eval::lookup_key(d, s);
        return Ok(match y {
            Value::Scalar(s) => lookup(s),
            Value::Vector(v) => Value::vector(vector_from_values(
                (0..v.len())
                    .filter_map(|i| v.scalar_at(i))
                    .map(|s| lookup(&s))
                    .collect(),
            )),
            other => {
                return Err(Error::type_err(format!(
                    "[find] keys must be a scalar or vector, not {}",
                    other.type_str()
                )))
            }
        });
    }
    // find docs: for an in-memory table with one column, search that column.
    let column;
    let xv = match x {
        Value::Vector(v) => v,
        Value::Table(t) if t.n_cols() == 1 => {
            column = Arc::clone(&t.columns()[0]);
            &column
        }
        Value::Table(_) => {
            return Err(Error::type_err(
                "[find] a table X must have exactly one column",
            ))
        }
        _ => {
            return Err(Error::type_err(format!(
                "[find] X must be a vector, dictionary or one-column table, not {}",
                x.type_str()
            )))
        }
    };
    check_comparable("find", xv.ty(), y.ty())?;
    let mut pos: HashMap<Key, i32> = HashMap::with_capacity(xv.len());
    for i in (0..xv.len()).rev() {
        if let Some(s) = xv.scalar_at(i) {
            pos.insert(key(&s), i as i32);
        }
    }
    let at = |s: &Scalar| pos.get(&key(s)).copied().unwrap_or(-1);
    match y {
        Value::Scalar(s) => Ok(Value::int(at(s))),
        Value::Vector(v) | Value::Pair(v) if !v.is_tuple() => Ok(Value::vector(Vector::ints(
            (0..v.len())
                .map(|i| v.scalar_at(i).map(|s| at(&s)).unwrap_or(-1))
                .collect(),
        ))),
        other => Err(Error::type_err(format!(
            "[find] Y must be a scalar or a typed vector, not {}",
            other.type_str()
        ))),
    }
}

fn distinct(_: &mut Interp, args: &[Value]) -> Result<Value> {
    match &args[0] {
        Value::Vector(v) if !v.is_tuple() => {
            // Integer layouts hash their values directly instead of boxed scalars.
            fn firsts<T: std::hash::Hash + Eq + Copy>(xs: &[T]) -> Vec<i64> {
                let mut seen = rustc_hash::FxHashSet::default();
                (0..xs.len())
                    .filter(|&i| seen.insert(xs[i]))
                    .map(|i| i as i64)
                    .collect()
            }
            // Values spanning a small range are marked in a bitmap instead of hashed.
            use crate::kernels::dense::dense_first_occurrences as dense;
            match v.data() {
                VecData::I32(xs) => {
                    let idx = dense(xs, i32::MIN).unwrap_or_else(|| firsts(xs));
                    return Ok(Value::vector(v.gather(&idx)));
                }
                VecData::I64(xs) => {
                    let idx = dense(xs, i64::MIN).unwrap_or_else(|| firsts(xs));
                    return Ok(Value::vector(v.gather(&idx)));
                }
                _ => {}
            }
            let mut seen = HashSet::with_capacity(v.len());
            let idx: Vec<i64> = (0..v.len())
                .filter(|&i| v.scalar_at(i).is_some_and(|s| seen.insert(key(&s))))
                .map(|i| i as i64)
                .collect();
            Ok(Value::vector(v.gather(&idx)))
        }
        Value::Scalar(s) => Ok(Value::vector(Vector::repeat(s, 1))),
        other => Err(Error::type_err(format!(
            "[distinct] The argument must be a typed vector, not {}",
            other.type_str()
        ))),
    }
}

fn reverse(_: &mut Interp, args: &[Value]) -> Result<Value> {
    match &args[0] {
        Value::Vector(v) => {
            let idx: Vec<i64> = (0..v.len() as i64).rev().collect();
            Ok(Value::vector(v.gather(&idx)))
        }
        Value::Table(t) => {
            let idx: Vec<i64> = (0..t.n_rows() as i64).rev().collect();
            Ok(Value::table(t.gather(&idx)))
        }
        Value::Scalar(_) => Ok(args[0].clone()),
        other => Err(Error::type_err(format!(
            "[reverse] doesn't support a {}",
            other.type_str()
        ))),
    }
}

/// Sorts a typed vector's data. NULL sentinels are each layout's minimum, so a plain
/// ascending sort puts them first (floats sort NaN with the NULLs).
pub fn sort_vector(v: &Vector, ascending: bool) -> Result<Vector> {
    fn by<T: Clone>(v: &[T], asc: bool, cmp: impl Fn(&T, &T) -> Ordering) -> Vec<T> {
        // Elements that compare equal are indistinguishable (or both NULL), so an unstable
        // sort gives the same result and is much faster.
        let mut out = v.to_vec();
        if asc {
            out.sort_unstable_by(&cmp);
        } else {
            out.sort_unstable_by(|a, b| cmp(b, a));
        }
        out
    }
    fn ints<T: crate::kernels::dense::DenseKey>(v: &[T], null: T, asc: bool) -> Vec<T> {
        let mut out = v.to_vec();
        crate::kernels::dense::sort_ints(&mut out, null);
        if !asc {
            out.reverse();
        }
        out
    }
    let fkey = |x: f64| if x.is_nan() { f64::MIN } else { x };
    let data = match v.data() {
        VecData::I8(x) => VecData::I8(by(x, ascending, Ord::cmp)),
        VecData::I16(x) => VecData::I16(by(x, ascending, Ord::cmp)),
        // INT, LONG and the temporal types on them: a counting sort when the values are dense
        // (same order, NULLs first).
        VecData::I32(x) => VecData::I32(ints(x, i32::MIN, ascending)),
        VecData::I64(x) => VecData::I64(ints(x, i64::MIN, ascending)),
        VecData::F32(x) => VecData::F32(by(x, ascending, |a, b| {
            fkey(*a as f64).total_cmp(&fkey(*b as f64))
        })),
        VecData::F64(x) => VecData::F64(by(x, ascending, |a, b| fkey(*a).total_cmp(&fkey(*b)))),
        VecData::Str(x) => VecData::Str(by(x, ascending, Ord::cmp)),
        VecData::U128(x) => VecData::U128(by(x, ascending, Ord::cmp)),
        VecData::Any(_) => return Err(Error::type_err("[sort] can't sort a tuple (ANY VECTOR)")),
    };
    Ok(Vector::new(v.ty(), data))
}

fn sort(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let asc = bool_arg("sort", "ascending", args.get(1), true)?;
    match &args[0] {
        Value::Vector(v) => Ok(Value::vector(sort_vector(v, asc)?)),
        Value::Matrix(m) => sort_matrix(m, asc),
        other => Err(Error::type_err(format!(
            "[sort] The argument must be a vector, not {}",
            other.type_str()
        ))),
    }
}

fn sort_inplace(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let asc = bool_arg("sort!", "ascending", args.get(1), true)?;
    match &args[0] {
        Value::Vector(v) => Ok(Value::vector(sort_vector(v, asc)?)),
        Value::Matrix(m) => sort_matrix(m, asc),
        other => Err(Error::type_err(format!(
            "[sort!] The argument must be a vector, not {}",
            other.type_str()
        ))),
    }
}

/// Sorts all elements of a matrix and refills it column by column, as DolphinDB does.
fn sort_matrix(m: &crate::value::Matrix, asc: bool) -> Result<Value> {
    let data = sort_vector(&m.data, asc)?;
    let out = crate::value::Matrix::new(data, m.rows, m.cols).map_err(Error::length)?;
    Ok(Value::Matrix(Arc::new(out)))
}

fn flatten(_: &mut Interp, args: &[Value]) -> Result<Value> {
    match &args[0] {
        Value::Vector(v) if v.is_tuple() => {
            let mut items = Vec::with_capacity(v.len());
            for e in v.iter_values() {
                match e {
                    Value::Vector(x) | Value::Pair(x) => items.extend(x.iter_values()),
                    other => items.push(other),
                }
            }
            Ok(Value::vector(vector_from_values(items)))
        }
        Value::Vector(_) => Ok(args[0].clone()),
        Value::Matrix(m) => Ok(Value::vector(m.data.clone())),
        Value::Scalar(s) => Ok(Value::vector(Vector::repeat(s, 1))),
        other => Err(Error::type_err(format!(
            "[flatten] doesn't support a {}",
            other.type_str()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::testing::{ints, run};
    use crate::display::display;

    #[test]
    fn search() {
        assert_eq!(
            display(&run(in_, &[ints(&[1, 5]), ints(&[1, 2, 3])]).expect("in")),
            "[true,false]"
        );
        assert_eq!(
            display(&run(in_, &[Value::long(2), ints(&[1, 2])]).expect("in")),
            "true"
        );
        assert!(run(in_, &[Value::string("a"), ints(&[1])]).is_err());
        assert_eq!(
            display(&run(find, &[ints(&[3, 1, 2, 1]), ints(&[1, 7])]).expect("find")),
            "[1,-1]"
        );
    }

    #[test]
    fn ordering() {
        let v = ints(&[3, i32::MIN, 1]);
        assert_eq!(
            display(&run(sort, std::slice::from_ref(&v)).expect("sort")),
            "[,1,3]"
        );
        assert_eq!(
            display(&run(sort, &[v, Value::bool(false)]).expect("desc")),
            "[3,1,]"
        );
        assert_eq!(
            display(&run(reverse, &[ints(&[1, 2, 3])]).expect("reverse")),
            "[3,2,1]"
        );
        assert_eq!(
            display(&run(distinct, &[ints(&[3, 1, 3, 2, 1])]).expect("distinct")),
            "[3,1,2]"
        );
        assert_eq!(
            display(&run(first, &[ints(&[])]).expect("first of empty")),
            "00i"
        );
        assert_eq!(display(&run(last, &[ints(&[4, 5])]).expect("last")), "5");
    }

    #[test]
    fn flatten_tuple() {
        let t = Value::vector(Vector::tuple(vec![ints(&[1, 2]), Value::int(3)]));
        assert_eq!(display(&run(flatten, &[t]).expect("flatten")), "[1,2,3]");
    }
}
