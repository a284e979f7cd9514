//! Indexing (`x[i]`, `x[i:j]`, `x[mask]`, `t[col]`, `d[key]`, `m[r, c]`) and element
//! assignment.

use crate::error::{Error, Result};
use crate::value::{Dict, Matrix, Scalar, Table, Type, Value, Vector};
use std::sync::Arc;

/// Evaluates `target[indices]`. `None` is an empty position (`m[, 1]`).
pub fn index_value(target: &Value, indices: &[Option<Value>]) -> Result<Value> {
    match indices {
        [] => Ok(target.clone()),
        [Some(i)] => index_one(target, i),
        [None] => Ok(target.clone()),
        _ => index_multi(target, indices),
    }
}

fn index_one(target: &Value, idx: &Value) -> Result<Value> {
    match target {
        Value::Vector(v) | Value::Pair(v) => index_vector(v, idx),
        Value::Dict(d) => index_dict(d, idx),
        Value::Table(t) => index_table(t, idx),
        Value::Matrix(m) => index_matrix_columns(m, idx),
        // DolphinDB documents no indexing or slicing of a STRING: its characters are
        // reached through substr, left, right and charAt.
        Value::Scalar(s) if matches!(s.ty(), Type::String | Type::Symbol) => {
            Err(Error::type_err("A scalar can't be indexed.").with_note(format!(
                "a {} is a scalar: use substr(s, offset, length), left, right or charAt for its characters",
                s.ty().name()
            )))
        }
        Value::Scalar(_) => Err(Error::type_err("A scalar can't be indexed.")),
        other => Err(Error::type_err(format!(
            "A {} can't be indexed.",
            other.type_str()
        ))),
    }
}

/// Positions selected by an index value over a container of length `len`:
/// `Ok(Positions::One(i))` for a scalar, a list for index vectors, masks and pairs.
enum Positions {
    One(i64),
    Many(Vec<i64>),
}

fn positions(idx: &Value, len: usize) -> Result<Positions> {
    match idx {
        Value::Scalar(s) => {
            if s.ty().is_numeric() || s.ty() == Type::Void {
                Ok(Positions::One(s.as_i64().unwrap_or(-1)))
            } else {
                Err(Error::type_err(format!(
                    "The index must be an integer, not {}",
                    s.ty().name()
                )))
            }
        }
        Value::Vector(v) if v.ty() == Type::Bool => {
            let mut out = Vec::new();
            for i in 0..v.len().min(len) {
                if v.scalar_at(i).is_some_and(|s| s.truthy()) {
                    out.push(i as i64);
                }
            }
            Ok(Positions::Many(out))
        }
        Value::Vector(v) => match v.to_i64s() {
            Some(ix) if v.ty().is_integral() => Ok(Positions::Many(
                ix.into_iter().map(|x| x.unwrap_or(-1)).collect(),
            )),
            _ => Err(Error::type_err(format!(
                "The index vector must be integral or boolean, not {}",
                v.ty().name()
            ))),
        },
        Value::Pair(p) => {
            let lo = p.scalar_at(0).and_then(|s| s.as_i64());
            let hi = p.scalar_at(1).and_then(|s| s.as_i64());
            let n = len as i64;
            let (lo, hi) = (lo.unwrap_or(0), hi.unwrap_or(n));
            let (lo, hi) = (lo.clamp(0, n.max(0)), hi.clamp(0, n.max(0)));
            Ok(Positions::Many(if lo <= hi {
                (lo..hi).collect()
            } else {
                (hi..lo).rev().collect()
            }))
        }
        other => Err(Error::type_err(format!(
            "A {} can't be used as an index.",
            other.type_str()
        ))),
    }
}

fn index_vector(v: &Vector, idx: &Value) -> Result<Value> {
    if let Value::Pair(p) = idx {
        // at docs: positions of an index range outside [0, size(X)-1] give NULL, as in
        // subarray (`(1..10)[8:12]` is `[9,10,,]`); only tables and matrices clamp.
        let n = v.len() as i64;
        let lo = p.scalar_at(0).and_then(|s| s.as_i64()).unwrap_or(0);
        let hi = p.scalar_at(1).and_then(|s| s.as_i64()).unwrap_or(n);
        let ix: Vec<i64> = if lo <= hi {
            (lo..hi).collect()
        } else {
            (hi..lo).rev().collect()
        };
        return Ok(Value::vector(v.gather(&ix)));
    }
    match positions(idx, v.len())? {
        Positions::One(i) => Ok(if i >= 0 && (i as usize) < v.len() {
            v.get(i as usize).unwrap_or(Value::NULL)
        } else if v.is_tuple() {
            Value::NULL
        } else {
            Value::Scalar(v.null_scalar())
        }),
        Positions::Many(ix) => Ok(Value::vector(v.gather(&ix))),
    }
}

fn index_dict(d: &Dict, idx: &Value) -> Result<Value> {
    match idx {
        Value::Scalar(k) => Ok(lookup_key(d, k)),
        Value::Vector(keys) => {
            let vals: Vec<Value> = keys
                .iter_values()
                .map(|k| match k {
                    Value::Scalar(k) => lookup_key(d, &k),
                    _ => Value::NULL,
                })
                .collect();
            Ok(Value::from_elements(vals))
        }
        other => Err(Error::type_err(format!(
            "A dictionary key must be a scalar or vector, not {}",
            other.type_str()
        ))),
    }
}

/// Dictionary lookup tolerant of STRING/SYMBOL and integer-width differences in the key.
pub fn lookup_key(d: &Dict, k: &Scalar) -> Value {
    if let Some(v) = d.get(k) {
        return v.clone();
    }
    let alt = match k {
        Scalar::Str(_, s) => Some(Scalar::Str(d.key_type(), s.clone())),
        _ if k.ty().is_integral() && d.key_type().is_integral() => {
            k.as_i64().map(|x| Scalar::from_i64(d.key_type(), x))
        }
        _ => None,
    };
    alt.and_then(|a| d.get(&a).cloned())
        .unwrap_or(match d.value_type() {
            Type::Any => Value::NULL,
            t => Value::Scalar(Scalar::null(t)),
        })
}

fn index_table(t: &Table, idx: &Value) -> Result<Value> {
    match idx {
        Value::Scalar(Scalar::Str(_, name)) => t
            .column(name)
            .map(|c| Value::Vector(c.clone()))
            .ok_or_else(|| Error::not_found(format!("Column {name} does not exist in the table."))),
        Value::Vector(names) if names.ty().is_literal() => {
            let mut out = Table::new();
            for n in names.iter_values() {
                let Value::Scalar(Scalar::Str(_, n)) = n else {
                    continue;
                };
                let col = t.column(&n).ok_or_else(|| {
                    Error::not_found(format!("Column {n} does not exist in the table."))
                })?;
                out.add_column(n.clone(), col.clone())
                    .map_err(Error::runtime)?;
            }
            Ok(Value::table(out))
        }
        _ => match positions(idx, t.n_rows())? {
            Positions::One(i) => {
                if i < 0 || i as usize >= t.n_rows() {
                    return Err(Error::domain(format!(
                        "The row index {i} is out of range [0, {})",
                        t.n_rows()
                    )));
                }
                Ok(table_row(t, i as usize))
            }
            Positions::Many(ix) => Ok(Value::table(t.gather(&ix))),
        },
    }
}

fn index_matrix_columns(m: &Matrix, idx: &Value) -> Result<Value> {
    match positions(idx, m.cols)? {
        Positions::One(j) => {
            if j < 0 || j as usize >= m.cols {
                return Err(Error::domain(format!(
                    "The column index {j} is out of range"
                )));
            }
            Ok(Value::vector(m.column(j as usize)))
        }
        Positions::Many(cols) => Ok(Value::Matrix(Arc::new(sub_matrix(
            m,
            &(0..m.rows as i64).collect::<Vec<_>>(),
            &cols,
        )))),
    }
}

fn sub_matrix(m: &Matrix, rows: &[i64], cols: &[i64]) -> Matrix {
    let mut idx = Vec::with_capacity(rows.len() * cols.len());
    for &c in cols {
        for &r in rows {
            if r >= 0 && c >= 0 && (r as usize) < m.rows && (c as usize) < m.cols {
                idx.push(c * m.rows as i64 + r);
            } else {
                idx.push(-1);
            }
        }
    }
    Matrix {
        data: m.data.gather(&idx),
        rows: rows.len(),
        cols: cols.len(),
        row_labels: m.row_labels.as_ref().map(|l| Arc::new(l.gather(rows))),
        col_labels: m.col_labels.as_ref().map(|l| Arc::new(l.gather(cols))),
    }
}

fn index_multi(target: &Value, indices: &[Option<Value>]) -> Result<Value> {
    match target {
        Value::Matrix(m) if indices.len() == 2 => {
            let rows = match &indices[0] {
                None => Positions::Many((0..m.rows as i64).collect()),
                Some(v) => positions(v, m.rows)?,
            };
            let cols = match &indices[1] {
                None => Positions::Many((0..m.cols as i64).collect()),
                Some(v) => positions(v, m.cols)?,
            };
            match (rows, cols) {
                (Positions::One(r), Positions::One(c)) => Ok(m
                    .get(r.max(0) as usize, c.max(0) as usize)
                    .filter(|_| r >= 0 && c >= 0)
                    .map(Value::Scalar)
                    .unwrap_or(Value::Scalar(Scalar::null(m.data.ty())))),
                (r, c) => {
                    let r = match r {
                        Positions::One(i) => vec![i],
                        Positions::Many(v) => v,
                    };
                    let c = match c {
                        Positions::One(i) => vec![i],
                        Positions::Many(v) => v,
                    };
                    Ok(Value::Matrix(Arc::new(sub_matrix(m, &r, &c))))
                }
            }
        }
        Value::Table(t) if indices.len() == 2 => {
            let rows = match &indices[0] {
                None => Value::table(t.as_ref().clone()),
                Some(r) => match index_table(t, r)? {
                    Value::Dict(_) => Value::table(t.slice(0, 0)),
                    v => v,
                },
            };
            let Value::Table(rt) = &rows else {
                return Ok(rows);
            };
            match &indices[1] {
                None => Ok(rows.clone()),
                Some(c) => {
                    let cols = match c {
                        Value::Scalar(s) if s.ty().is_integral() => {
                            let j = s.as_i64().unwrap_or(-1);
                            let name = rt
                                .names()
                                .get(j.max(0) as usize)
                                .filter(|_| j >= 0)
                                .cloned()
                                .ok_or_else(|| {
                                    Error::domain(format!("The column index {j} is out of range"))
                                })?;
                            Value::string(name)
                        }
                        other => other.clone(),
                    };
                    index_table(rt, &cols)
                }
            }
        }
        Value::Vector(v) if v.is_tuple() => {
            let first = index_value(target, &indices[..1])?;
            let rest = &indices[1..];
            match (&indices[0], &first) {
                (Some(Value::Scalar(_)), _) => index_value(&first, rest),
                (_, Value::Vector(sub)) => {
                    let items = sub
                        .iter_values()
                        .map(|x| index_value(&x, rest))
                        .collect::<Result<Vec<_>>>()?;
                    Ok(Value::vector(Vector::tuple(items)))
                }
                _ => index_value(&first, rest),
            }
        }
        _ => Err(Error::type_err(format!(
            "A {} can't take {} indices.",
            target.type_str(),
            indices.len()
        ))),
    }
}

/// Row `i` of a table as an ordered dictionary `column -> value`.
pub fn table_row(t: &Table, i: usize) -> Value {
    let mut d = Dict::new(Type::String, Type::Any, true);
    for (name, col) in t.names().iter().zip(t.columns()) {
        d.insert(
            Scalar::string(name.clone()),
            col.get(i).unwrap_or(Value::NULL),
        );
    }
    Value::dict(d)
}

/// Converts `v` to a scalar of `ty` for storing into a typed container.
fn coerce_scalar(v: &Value, ty: Type) -> Result<Scalar> {
    let Value::Scalar(s) = v else {
        return Err(Error::type_err(format!(
            "Incompatible type. Expected: {}, Actual: {}",
            ty.name(),
            v.type_str()
        )));
    };
    if s.ty() == ty || ty == Type::Any {
        return Ok(s.clone());
    }
    if s.ty() == Type::Void {
        return Ok(Scalar::null(ty));
    }
    if s.ty().is_literal() != ty.is_literal() {
        return Err(Error::type_err(format!(
            "Incompatible type. Expected: {}, Actual: {}",
            ty.name(),
            s.ty().name()
        )));
    }
    match crate::kernels::cast(v, ty)? {
        Value::Scalar(c) => Ok(c),
        _ => Err(Error::type_err(format!(
            "Can't convert {} to {}",
            s.ty().name(),
            ty.name()
        ))),
    }
}

/// `target[indices] = v`.
pub fn assign_index(target: &mut Value, indices: &[Option<Value>], v: Value) -> Result<()> {
    match (target, indices) {
        (Value::Vector(vec), [Some(idx)]) | (Value::Pair(vec), [Some(idx)]) => {
            let len = vec.len();
            let pos = match positions(idx, len)? {
                Positions::One(i) => vec![i],
                Positions::Many(p) => p,
            };
            let vec = Arc::make_mut(vec);
            let ty = vec.ty();
            let values: Vec<Value> = match &v {
                Value::Vector(src) if !(vec.is_tuple() && pos.len() == 1) => {
                    if src.len() != pos.len() {
                        return Err(Error::length(format!(
                            "The size of the new value ({}) doesn't match the number of elements to assign ({})",
                            src.len(),
                            pos.len()
                        )));
                    }
                    src.iter_values().collect()
                }
                other => vec![other.clone(); pos.len()],
            };
            for (p, val) in pos.iter().zip(values) {
                if *p < 0 || *p as usize >= len {
                    return Err(Error::domain(format!(
                        "The index {p} is out of range [0, {len})"
                    )));
                }
                let ok = if vec.is_tuple() {
                    vec.set_value(*p as usize, val)
                } else {
                    let s = coerce_scalar(&val, ty)?;
                    vec.set_scalar(*p as usize, &s)
                };
                if !ok {
                    return Err(Error::type_err(
                        "Failed to assign the element: incompatible type",
                    ));
                }
            }
            Ok(())
        }
        (Value::Dict(d), [Some(Value::Scalar(k))]) => {
            let d = Arc::make_mut(d);
            let key = if d.key_type() != k.ty() && d.key_type() != Type::Any && !k.is_null() {
                coerce_scalar(&Value::Scalar(k.clone()), d.key_type())?
            } else {
                k.clone()
            };
            let val = match d.value_type() {
                Type::Any => v,
                t => Value::Scalar(coerce_scalar(&v, t)?),
            };
            d.insert(key, val);
            Ok(())
        }
        (Value::Table(t), [Some(Value::Scalar(Scalar::Str(_, name)))]) => {
            set_table_column(t, name, v)
        }
        (Value::Matrix(m), [Some(r), Some(c)]) => {
            let m = Arc::make_mut(m);
            let (Value::Scalar(r), Value::Scalar(c)) = (r, c) else {
                return Err(Error::type_err(
                    "Matrix element assignment takes scalar row and column indices",
                ));
            };
            let (r, c) = (r.as_i64().unwrap_or(-1), c.as_i64().unwrap_or(-1));
            if r < 0 || c < 0 || r as usize >= m.rows || c as usize >= m.cols {
                return Err(Error::domain("The matrix index is out of range"));
            }
            let s = coerce_scalar(&v, m.data.ty())?;
            let pos = c as usize * m.rows + r as usize;
            m.data.set_scalar(pos, &s);
            Ok(())
        }
        (t, _) => Err(Error::type_err(format!(
            "Element assignment is not supported on a {}",
            t.type_str()
        ))),
    }
}

/// `t.col = v` / `d.key = v`.
pub fn assign_member(target: &mut Value, name: &str, v: Value) -> Result<()> {
    match target {
        Value::Table(t) => set_table_column(t, name, v),
        Value::Dict(d) => {
            Arc::make_mut(d).insert(Scalar::string(name), v);
            Ok(())
        }
        other => Err(Error::type_err(format!(
            "Can't assign member {name} of a {}",
            other.type_str()
        ))),
    }
}

fn set_table_column(t: &mut Arc<Table>, name: &str, v: Value) -> Result<()> {
    let n = t.n_rows();
    let col = match v {
        Value::Vector(c) => c,
        Value::Scalar(s) => Arc::new(Vector::repeat(&s, if t.n_cols() == 0 { 1 } else { n })),
        other => {
            return Err(Error::type_err(format!(
                "A table column must be a vector, not a {}",
                other.type_str()
            )))
        }
    };
    Arc::make_mut(t)
        .set_column(Arc::from(name), col)
        .map_err(Error::length)
}
