//! Vector slicing and searching: `head`, `tail`, `at`, `cut`, `subarray`, `removeHead!`,
//! `removeTail!`, `isort`, `isort!`, `binsrch`, `asof`. This file holds the registration and
//! the slicing functions; `search` sorts positions and searches sorted vectors.

use super::args::{int_arg, size_arg};
use super::registry::{Builtin, Registry};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::value::{Matrix, Scalar, Type, Value, Vector};
use std::sync::Arc;

mod search;

use search::{asof, binsrch, isort, isort_inplace};
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::testing::{ints, run};
    use crate::display::display;

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
