//! Container constructors and shape queries: `table`, `dict`, `set`, `matrix`, `array`,
//! `keys`, `values`, `columnNames`, `rows`, `cols`, `shape`.

use super::args::{default_scalar, filled, int_arg, size_arg, strings_arg, vector_of};
use super::core::type_arg;
use super::registry::{Builtin, Registry};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::value::{vector_from_values, Dict, Matrix, Scalar, Set, Table, Type, Value, Vector};
use std::sync::Arc;

pub fn register(reg: &mut Registry) {
    reg.add(Builtin::new("table(X, [X1], args...)", table)
        .doc("Builds a table from vectors, tuples or matrices (columns named after the variables or `as` aliases), or table(capacity:size, colNames, colTypes) with size rows of default values.")
        .example("table(1 2 as a, `x`y as b)", "a b\n- -\n1 x\n2 y"));
    reg.add(Builtin::new("dict(keyObj, valueObj, [ordered=false])", dict)
        .doc("Builds a dictionary from a key vector and a value vector, or an empty one from a key type and a value type.")
        .example("dict(1 2, 10 20)", "1->10\n2->20"));
    reg.add(
        Builtin::new("set(X)", set)
            .doc("Builds a set of the distinct elements of X.")
            .example("set(1 1 2)", "set(1,2)"),
    );
    reg.add(
        Builtin::new("keys(X)", keys)
            .doc("The keys of a dictionary, the members of a set, or the column names of a table.")
            .example("keys(dict(`a`b, 1 2))", "[\"a\",\"b\"]"),
    );
    reg.add(
        Builtin::new("values(X)", values)
            .doc("The values of a dictionary, or the columns of a table as a tuple.")
            .example("values(dict(`a`b, 1 2))", "[1,2]"),
    );
    reg.add(
        Builtin::new("columnNames(X)", column_names)
            .doc("The column names of a table (or the column labels of a matrix).")
            .example("columnNames(table(1 2 as a, 3 4 as b))", "[\"a\",\"b\"]"),
    );
    reg.add(
        Builtin::new("rows(X)", rows)
            .doc("The number of rows: vector length, matrix or table rows.")
            .example("rows(1 2 3)", "3"),
    );
    reg.add(
        Builtin::new("cols(X)", cols)
            .doc("The number of columns of a matrix or table (1 for a vector).")
            .example("cols(matrix(1 2, 3 4, 5 6))", "3"),
    );
    reg.add(
        Builtin::new("shape(X)", shape)
            .doc("The dimensions rows:cols as a pair.")
            .example("shape(matrix(1 2, 3 4, 5 6))", "2 : 3"),
    );
    reg.add(Builtin::new("matrix(X1, [X2], args...)", matrix)
        .doc("Builds a matrix whose columns are the arguments (vectors or matrices), or matrix(dataType, rows, columns, [columnsCapacity], [defaultValue]).")
        .example("matrix(1 2, 3 4)", "#0 #1\n-- --\n1  3\n2  4"));
    reg.add(Builtin::new("array(dataType, [initialSize=0], [capacity], [defaultValue])", array)
        .doc("Builds a vector of a type (or of a template vector's type) with initialSize elements set to defaultValue (0, false or NULL by default).")
        .example("array(INT, 3)", "[0,0,0]"));
}

fn table(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let names = it.take_column_names().unwrap_or_default();
    if let [Value::Pair(cap), names_arg, types_arg] = args {
        if cap.ty().is_integral() {
            return table_with_capacity(cap, names_arg, types_arg);
        }
    }
    let mut t = Table::new();
    let add = |t: &mut Table, name: Arc<str>, col: Vector| -> Result<()> {
        t.add_column(name, Arc::new(col))
            .map_err(|m| Error::domain(format!("[table] {m}")))
    };
    for (i, a) in args.iter().enumerate() {
        let given = names.get(i).cloned().flatten();
        match a {
            Value::Vector(v) if v.is_tuple() => {
                // A tuple of equal-length vectors supplies one column per element.
                for e in v.iter_values() {
                    let col = match e {
                        Value::Vector(c) => c.as_ref().clone(),
                        other => {
                            return Err(Error::type_err(format!(
                                "[table] The elements of a tuple argument must be vectors, not {}",
                                other.type_str()
                            )))
                        }
                    };
                    let idx = t.n_cols();
                    add(&mut t, Arc::from(format!("C{idx}")), col)?;
                }
            }
            Value::Vector(v) | Value::Pair(v) => {
                let idx = t.n_cols();
                let name = given.unwrap_or_else(|| Arc::from(format!("C{idx}")));
                add(&mut t, name, v.as_ref().clone())?;
            }
            Value::Matrix(m) => {
                for j in 0..m.cols {
                    let label = m
                        .col_labels
                        .as_ref()
                        .and_then(|l| l.scalar_at(j))
                        .map(|s| Arc::from(crate::display::scalar_to_string(&s)));
                    let idx = t.n_cols();
                    let name = label.unwrap_or_else(|| Arc::from(format!("C{idx}")));
                    add(&mut t, name, m.column(j))?;
                }
            }
            Value::Scalar(s) if !s.is_null() || s.ty() != Type::Void => {
                let idx = t.n_cols();
                let name = given.unwrap_or_else(|| Arc::from(format!("C{idx}")));
                let n = if t.n_cols() == 0 { 1 } else { t.n_rows() };
                add(&mut t, name, Vector::repeat(s, n))?;
            }
            other => {
                return Err(Error::type_err(format!(
                    "[table] The arguments must be vectors, tuples or matrices, not {}",
                    other.type_str()
                )))
            }
        }
    }
    Ok(Value::table(t))
}

fn table_with_capacity(cap: &Vector, names: &Value, types: &Value) -> Result<Value> {
    let size = match cap.scalar_at(1).and_then(|s| s.as_i64()) {
        Some(n) if n >= 0 => n as usize,
        _ => {
            return Err(Error::domain(
                "[table] The size in capacity:size must be a non-negative integer",
            ))
        }
    };
    let names = strings_arg("table", "colNames", names)?;
    let type_list: Vec<Value> = match types {
        Value::Vector(v) => v.iter_values().collect(),
        Value::Scalar(_) => vec![types.clone()],
        other => {
            return Err(Error::type_err(format!(
                "[table] colTypes must be a vector of data types, not {}",
                other.type_str()
            )))
        }
    };
    if names.len() != type_list.len() {
        return Err(Error::length(format!(
            "[table] The number of column names ({}) must match the number of column types ({})",
            names.len(),
            type_list.len()
        )));
    }
    let mut t = Table::new();
    for (name, ty) in names.into_iter().zip(type_list) {
        let ty = type_arg("table", &ty)?;
        if !Type::ALL_DATA.contains(&ty) && ty != Type::DateHour || ty == Type::Void {
            return Err(Error::type_err(format!(
                "[table] Invalid column type {}",
                ty.name()
            )));
        }
        let col = filled(ty, &default_scalar(ty), size);
        t.add_column(name, Arc::new(col))
            .map_err(|m| Error::domain(format!("[table] {m}")))?;
    }
    Ok(Value::table(t))
}

fn dict(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let ordered = super::args::bool_arg("dict", "ordered", args.get(2), false)?;
    match (&args[0], &args[1]) {
        (Value::Scalar(k), Value::Scalar(v)) => {
            let kt = type_arg("dict", &Value::Scalar(k.clone()))?;
            let vt = type_arg("dict", &Value::Scalar(v.clone()))?;
            Ok(Value::dict(Dict::new(kt, vt, ordered)))
        }
        (Value::Vector(k), vals) => {
            let (n, vt): (usize, Type) = match vals {
                Value::Vector(v) => (v.len(), v.ty()),
                Value::Scalar(s) => (k.len(), s.ty()),
                other => {
                    return Err(Error::type_err(format!(
                        "[dict] The values must be a vector, not {}",
                        other.type_str()
                    )))
                }
            };
            if n != k.len() {
                return Err(Error::length(format!(
                    "[dict] The size of the keys ({}) must match the size of the values ({n})",
                    k.len()
                )));
            }
            if k.is_tuple() {
                return Err(Error::type_err("[dict] The keys must be a typed vector"));
            }
            let mut d = Dict::new(k.ty(), vt, ordered);
            for i in 0..k.len() {
                let (Some(key), val) = (k.scalar_at(i), elem(vals, i)) else {
                    continue;
                };
                d.insert(key, val);
            }
            Ok(Value::dict(d))
        }
        (k, _) => Err(Error::type_err(format!(
            "[dict] keyObj must be a vector or a data type, not {}",
            k.type_str()
        ))),
    }
}

/// Element `i` of a vector, or the scalar itself (broadcast).
fn elem(v: &Value, i: usize) -> Value {
    match v {
        Value::Vector(x) | Value::Pair(x) => x.get(i).unwrap_or(Value::NULL),
        other => other.clone(),
    }
}

fn set(_: &mut Interp, args: &[Value]) -> Result<Value> {
    match &args[0] {
        Value::Vector(v) | Value::Pair(v) if !v.is_tuple() => {
            let mut s = Set::new(v.ty());
            for i in 0..v.len() {
                if let Some(x) = v.scalar_at(i) {
                    s.insert(x);
                }
            }
            Ok(Value::Set(Arc::new(s)))
        }
        Value::Scalar(x) if x.ty() != Type::Void => {
            let mut s = Set::new(x.ty());
            s.insert(x.clone());
            Ok(Value::Set(Arc::new(s)))
        }
        Value::Set(_) => Ok(args[0].clone()),
        other => Err(Error::type_err(format!(
            "[set] The argument must be a typed vector, not {}",
            other.type_str()
        ))),
    }
}

fn keys(_: &mut Interp, args: &[Value]) -> Result<Value> {
    match &args[0] {
        Value::Dict(d) => Ok(Value::vector(vector_of(d.key_type(), d.keys()))),
        Value::Set(s) => Ok(Value::vector(vector_of(s.key_type(), s.items()))),
        Value::Table(t) => Ok(Value::vector(Vector::strings(t.names().to_vec()))),
        other => Err(Error::type_err(format!(
            "[keys] The argument must be a dictionary, set or table, not {}",
            other.type_str()
        ))),
    }
}

fn values(_: &mut Interp, args: &[Value]) -> Result<Value> {
    match &args[0] {
        Value::Dict(d) => {
            let vals = d.values().to_vec();
            if d.value_type() == Type::Any {
                return Ok(Value::vector(Vector::tuple(vals)));
            }
            Ok(Value::vector(vector_from_values(vals)))
        }
        Value::Set(s) => Ok(Value::vector(vector_of(s.key_type(), s.items()))),
        Value::Table(t) => Ok(Value::vector(Vector::tuple(
            t.columns()
                .iter()
                .map(|c| Value::Vector(c.clone()))
                .collect(),
        ))),
        other => Err(Error::type_err(format!(
            "[values] The argument must be a dictionary or table, not {}",
            other.type_str()
        ))),
    }
}

fn column_names(_: &mut Interp, args: &[Value]) -> Result<Value> {
    match &args[0] {
        Value::Table(t) => Ok(Value::vector(Vector::strings(t.names().to_vec()))),
        Value::DfsTable(h) => Ok(Value::vector(Vector::strings(
            h.column_names()?.into_iter().map(Arc::from).collect(),
        ))),
        Value::Matrix(m) => Ok(match &m.col_labels {
            Some(l) => Value::Vector(l.clone()),
            None => Value::NULL,
        }),
        other => Err(Error::type_err(format!(
            "[columnNames] The argument must be a table, not {}",
            other.type_str()
        ))),
    }
}

/// `(rows, cols)` of any value, as DolphinDB's `rows`/`cols`/`shape` see it.
fn dims(func: &str, v: &Value) -> Result<(usize, usize)> {
    Ok(match v {
        Value::Scalar(_) => (1, 1),
        Value::Vector(x) | Value::Pair(x) => (x.len(), 1),
        Value::Matrix(m) => (m.rows, m.cols),
        Value::Table(t) => (t.n_rows(), t.n_cols()),
        Value::DfsTable(h) => (h.rows()? as usize, h.column_names()?.len()),
        Value::Dict(d) => (d.len(), 1),
        Value::Set(s) => (s.len(), 1),
        other => {
            return Err(Error::type_err(format!(
                "[{func}] doesn't support a {}",
                other.type_str()
            )))
        }
    })
}

fn rows(_: &mut Interp, args: &[Value]) -> Result<Value> {
    Ok(Value::int(dims("rows", &args[0])?.0 as i32))
}

fn cols(_: &mut Interp, args: &[Value]) -> Result<Value> {
    Ok(Value::int(dims("cols", &args[0])?.1 as i32))
}

fn shape(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let (r, c) = dims("shape", &args[0])?;
    Ok(Value::Pair(Arc::new(Vector::ints(vec![
        r as i32, c as i32,
    ]))))
}

fn matrix(_: &mut Interp, args: &[Value]) -> Result<Value> {
    if args.len() >= 3 {
        if let Value::Scalar(s) = &args[0] {
            if s.ty().is_integral() || s.ty().is_literal() {
                return typed_matrix(args);
            }
        }
    }
    let mut columns: Vec<Vector> = Vec::new();
    for a in args {
        match a {
            Value::Vector(v) | Value::Pair(v) if !v.is_tuple() => columns.push(v.as_ref().clone()),
            Value::Vector(v) => {
                for e in v.iter_values() {
                    match e {
                        Value::Vector(c) if !c.is_tuple() => columns.push(c.as_ref().clone()),
                        other => {
                            return Err(Error::type_err(format!(
                                "[matrix] The elements of a tuple argument must be typed vectors, not {}",
                                other.type_str()
                            )))
                        }
                    }
                }
            }
            Value::Matrix(m) => columns.extend((0..m.cols).map(|j| m.column(j))),
            other => {
                return Err(Error::type_err(format!(
                    "[matrix] The arguments must be vectors or matrices, not {}",
                    other.type_str()
                )))
            }
        }
    }
    let Some(first) = columns.first() else {
        return Err(Error::arity("[matrix] expects at least one column"));
    };
    let rows = first.len();
    let mut ty = first.ty();
    for c in &columns {
        if c.len() != rows {
            return Err(Error::length(format!(
                "[matrix] All columns must have the same length ({rows} vs {})",
                c.len()
            )));
        }
        ty = crate::value::promote_literal_types(ty, c.ty()).ok_or_else(|| {
            Error::type_err(format!(
                "[matrix] Can't combine {} and {} columns",
                ty.name(),
                c.ty().name()
            ))
        })?;
    }
    let mut data = Vector::with_capacity(ty, rows * columns.len());
    for c in &columns {
        let c = if c.ty() == ty {
            c.clone()
        } else {
            match super::args::coerce(&Value::vector(c.clone()), ty)? {
                Value::Vector(v) => v.as_ref().clone(),
                _ => return Err(Error::type_err("[matrix] column conversion failed")),
            }
        };
        if !data.extend_from(&c) {
            return Err(Error::type_err("[matrix] column conversion failed"));
        }
    }
    let n_cols = columns.len();
    Matrix::new(data, rows, n_cols)
        .map(|m| Value::Matrix(Arc::new(m)))
        .map_err(Error::length)
}

fn typed_matrix(args: &[Value]) -> Result<Value> {
    let ty = type_arg("matrix", &args[0])?;
    let rows = size_arg("matrix", "rows", &args[1])?;
    let cols = size_arg("matrix", "columns", &args[2])?;
    if ty == Type::Void || ty.physical() == crate::value::Physical::Any {
        return Err(Error::type_err(format!(
            "[matrix] Invalid matrix type {}",
            ty.name()
        )));
    }
    let fill = match args.get(4) {
        Some(Value::Scalar(Scalar::Void)) | None => default_scalar(ty),
        Some(v) => match super::args::coerce(v, ty)? {
            Value::Scalar(s) => s,
            _ => return Err(Error::type_err("[matrix] defaultValue must be a scalar")),
        },
    };
    let n = rows
        .checked_mul(cols)
        .filter(|n| *n <= 1 << 31)
        .ok_or_else(|| Error::domain("[matrix] The matrix is too large"))?;
    let data = filled(ty, &fill, n);
    Matrix::new(data, rows, cols)
        .map(|m| Value::Matrix(Arc::new(m)))
        .map_err(Error::length)
}

fn array(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let ty = match &args[0] {
        Value::Vector(v) => v.ty(),
        other => type_arg("array", other)?,
    };
    if ty == Type::Void {
        return Err(Error::type_err("Not allowed to create void vector"));
    }
    let n = match args.get(1) {
        None | Some(Value::Scalar(Scalar::Void)) => 0,
        Some(v) => size_arg("array", "initialSize", v)?,
    };
    if n > 1 << 31 {
        return Err(Error::domain("[array] initialSize is too large"));
    }
    if let Some(cap) = args.get(2).filter(|v| !v.is_void()) {
        int_arg("array", "capacity", cap)?;
    }
    let fill = match args.get(3) {
        None | Some(Value::Scalar(Scalar::Void)) => default_scalar(ty),
        Some(v) if ty == Type::Any => match v {
            Value::Scalar(s) => s.clone(),
            _ => Scalar::Void,
        },
        Some(v) => match super::args::coerce(v, ty)? {
            Value::Scalar(s) => s,
            _ => return Err(Error::type_err("[array] defaultValue must be a scalar")),
        },
    };
    if ty == Type::Any {
        return Ok(Value::vector(Vector::tuple(vec![Value::Scalar(fill); n])));
    }
    Ok(Value::vector(filled(ty, &fill, n)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::testing::run;
    use crate::display::display;

    #[test]
    fn table_from_columns_and_capacity() {
        let mut it = Interp::with_output(Box::new(std::io::sink()));
        it.pending_column_names = Some(vec![Some(Arc::from("a")), None]);
        let t = table(
            &mut it,
            &[
                Value::vector(Vector::ints(vec![1, 2])),
                Value::vector(Vector::strings(vec![Arc::from("x"), Arc::from("y")])),
            ],
        )
        .expect("two equal columns");
        assert_eq!(display(&t), "a C1\n- --\n1 x\n2 y");
        let cap = Value::Pair(Arc::new(Vector::ints(vec![10, 2])));
        let names = Value::vector(Vector::strings(vec![Arc::from("id"), Arc::from("s")]));
        let types = Value::vector(Vector::strings(vec![Arc::from("INT"), Arc::from("string")]));
        let t = run(table, &[cap, names, types]).expect("capacity form");
        let Value::Table(t) = t else {
            panic!("a table")
        };
        assert_eq!(t.n_rows(), 2);
        assert_eq!(t.columns()[1].ty(), Type::String);
        assert_eq!(t.columns()[0].scalar_at(0), Some(Scalar::int(0)));
    }

    #[test]
    fn dict_and_set() {
        let d = run(
            dict,
            &[
                Value::vector(Vector::ints(vec![1, 2])),
                Value::vector(Vector::ints(vec![10, 20])),
            ],
        )
        .expect("dict");
        assert_eq!(d.type_str(), "INT->INT DICTIONARY");
        let e = run(dict, &[Value::int(4), Value::int(16)]).expect("typed empty dict");
        assert_eq!(e.type_str(), "INT->DOUBLE DICTIONARY");
        let bad = run(
            dict,
            &[
                Value::vector(Vector::ints(vec![1])),
                Value::vector(Vector::ints(vec![])),
            ],
        );
        assert!(bad.is_err());
        let s = run(set, &[Value::vector(Vector::ints(vec![1, 1, 2]))]).expect("set");
        assert_eq!(display(&s), "set(1,2)");
        let k = run(keys, &[d]).expect("keys");
        assert_eq!(display(&k), "[1,2]");
    }

    #[test]
    fn matrix_forms_and_shape() {
        let m = run(
            matrix,
            &[
                Value::vector(Vector::ints(vec![1, 2])),
                Value::vector(Vector::ints(vec![3, 4])),
                Value::vector(Vector::ints(vec![5, 6])),
            ],
        )
        .expect("3 columns");
        assert_eq!(
            display(&run(shape, std::slice::from_ref(&m)).expect("shape")),
            "2 : 3"
        );
        let m2 = run(
            matrix,
            &[
                Value::vector(Vector::ints(vec![1, 2])),
                Value::vector(Vector::ints(vec![3, 4])),
            ],
        )
        .expect("2x2");
        assert_eq!(display(&m2), "#0 #1\n-- --\n1  3\n2  4");
        assert_eq!(display(&run(cols, &[m]).expect("cols")), "3");
        let z = run(matrix, &[Value::int(4), Value::int(2), Value::int(2)]).expect("typed");
        let Value::Matrix(z) = z else {
            panic!("a matrix")
        };
        assert_eq!(z.get(1, 1), Some(Scalar::int(0)));
        assert!(run(
            matrix,
            &[
                Value::vector(Vector::ints(vec![1])),
                Value::vector(Vector::ints(vec![1, 2]))
            ]
        )
        .is_err());
    }

    #[test]
    fn array_defaults() {
        let a = run(array, &[Value::int(4), Value::int(3)]).expect("array");
        assert_eq!(display(&a), "[0,0,0]");
        let a = run(array, &[Value::int(18), Value::int(2)]).expect("strings");
        assert_eq!(a.type_str(), "STRING VECTOR");
        assert!(run(array, &[Value::int(0)]).is_err());
        assert!(run(array, &[Value::int(4), Value::int(-1)]).is_err());
    }
}
