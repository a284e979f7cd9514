//! In-memory table schema changes and inserts: `rename!`, `addColumn`, `dropColumns!`,
//! `reorderColumns!`, `replaceColumn!`, `tableInsert`.
//!
//! Each returns the changed table, which the evaluator writes back to the variable named by
//! the first argument (`addColumn` and `tableInsert` are registered as in-place for that).

use super::args::{filled, strings_arg};
use super::core::type_arg;
use super::registry::{Builtin, Registry};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::value::{Scalar, Table, Type, Value, Vector};
use std::sync::Arc;

pub fn register(reg: &mut Registry) {
    reg.add(Builtin::new("rename!(X, Y, [Z])", rename)
        .doc("Renames a table's columns: Y gives new names from the first column, or Y old names and Z new names; for a matrix, Y sets column labels (or Y row labels and Z column labels).")
        .example("t = table(1 2 as a, 3 4 as b); rename!(t, `a, `x); columnNames(t)", "[\"x\",\"b\"]"));
    reg.add(
        Builtin::new("addColumn(table, colNames, colTypes)", add_column)
            .in_place()
            .doc(
                "Adds columns of the given names and types, filled with NULL, to a table in place.",
            )
            .example(
                "t = table(1 2 as a); addColumn(t, `b`c, [DOUBLE, STRING]); columnNames(t)",
                "[\"a\",\"b\",\"c\"]",
            ),
    );
    reg.add(
        Builtin::new("dropColumns!(table, colNames)", drop_columns)
            .doc("Deletes the named columns from a table in place.")
            .example(
                "t = table(1 2 as a, 3 4 as b); dropColumns!(t, `a); columnNames(t)",
                "[\"b\"]",
            ),
    );
    reg.add(Builtin::new("reorderColumns!(table, reorderedColNames)", reorder_columns)
        .doc("Moves the named columns to the front of a table, in the given order; the others keep their order after them.")
        .example("t = table(1 as a, 2 as b, 3 as c); reorderColumns!(t, `c`a); columnNames(t)", "[\"c\",\"a\",\"b\"]"));
    reg.add(Builtin::new("replaceColumn!(table, colName, newCol)", replace_column)
        .doc("Replaces a column (or several, with a tuple of vectors) by new vectors of the same length, which may change its type.")
        .example("t = table(1 2 as a); replaceColumn!(t, `a, 1.5 2.5); t.a", "[1.5,2.5]"));
    reg.add(Builtin::new("tableInsert(table, args...)", table_insert)
        .in_place()
        .doc("Appends a table, a tuple of columns or rows, several vectors, or a dictionary of column values to a table (in-memory or DFS); returns the number of rows inserted.")
        .example("t = table(1:0, `a`b, [INT, STRING]); tableInsert(t, 1 2, `x`y)", "2"));
}

fn table_of<'a>(func: &str, v: &'a Value) -> Result<&'a Arc<Table>> {
    match v {
        Value::Table(t) => Ok(t),
        other => Err(Error::type_err(format!(
            "[{func}] table must be an in-memory table, not {}",
            other.type_str()
        ))),
    }
}

fn col_pos(func: &str, t: &Table, name: &str) -> Result<usize> {
    t.col_index(name).ok_or_else(|| {
        Error::not_found(format!(
            "[{func}] The column [{name}] doesn't exist in the table"
        ))
    })
}

fn rename(_: &mut Interp, args: &[Value]) -> Result<Value> {
    match &args[0] {
        Value::Table(t) => {
            let mut t = t.as_ref().clone();
            let (old, new) = match args.get(2) {
                None => (None, strings_arg("rename!", "Y", &args[1])?),
                Some(z) => (
                    Some(strings_arg("rename!", "Y", &args[1])?),
                    strings_arg("rename!", "Z", z)?,
                ),
            };
            let positions: Vec<usize> = match &old {
                None => (0..new.len()).collect(),
                Some(old) => old
                    .iter()
                    .map(|n| col_pos("rename!", &t, n))
                    .collect::<Result<_>>()?,
            };
            if positions.len() != new.len() || new.len() > t.n_cols() {
                return Err(Error::length(
                    "[rename!] The number of new column names must match the columns renamed and not exceed the table's columns",
                ));
            }
            for (p, n) in positions.into_iter().zip(new) {
                t.names_mut()[p] = n;
            }
            check_unique("rename!", t.names())?;
            Ok(Value::table(t))
        }
        Value::Matrix(m) => {
            let mut m = m.as_ref().clone();
            let label = |v: &Value, want: usize, what: &str| -> Result<Arc<Vector>> {
                match v {
                    Value::Vector(l) if l.len() == want => Ok(l.clone()),
                    _ => Err(Error::length(format!(
                        "[rename!] The {what} labels must be a vector of {want} elements"
                    ))),
                }
            };
            match args.get(2) {
                None => m.col_labels = Some(label(&args[1], m.cols, "column")?),
                Some(z) => {
                    m.row_labels = Some(label(&args[1], m.rows, "row")?);
                    m.col_labels = Some(label(z, m.cols, "column")?);
                }
            }
            Ok(Value::Matrix(Arc::new(m)))
        }
        // A vector's name only shows in `stat`, which porpoise does not keep.
        Value::Vector(_) => Ok(args[0].clone()),
        other => Err(Error::type_err(format!(
            "[rename!] X must be a vector, matrix or table, not {}",
            other.type_str()
        ))),
    }
}

fn check_unique(func: &str, names: &[Arc<str>]) -> Result<()> {
    for (i, n) in names.iter().enumerate() {
        if names[..i].iter().any(|m| m.eq_ignore_ascii_case(n)) {
            return Err(Error::domain(format!(
                "[{func}] Duplicate column name: {n}"
            )));
        }
    }
    Ok(())
}

fn add_column(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let t = table_of("addColumn", &args[0])?;
    let names = strings_arg("addColumn", "colNames", &args[1])?;
    let types: Vec<Value> = match &args[2] {
        Value::Vector(v) => v.iter_values().collect(),
        other => vec![other.clone()],
    };
    if names.len() != types.len() {
        return Err(Error::length(format!(
            "[addColumn] colNames ({}) and colTypes ({}) must have the same length",
            names.len(),
            types.len()
        )));
    }
    let mut t = t.as_ref().clone();
    let n = t.n_rows();
    for (name, ty) in names.into_iter().zip(types) {
        let ty = type_arg("addColumn", &ty)?;
        if ty == Type::Void || ty == Type::Any {
            return Err(Error::type_err(format!(
                "[addColumn] Invalid column type {}",
                ty.name()
            )));
        }
        let col = filled(ty, &Scalar::null(ty), n);
        t.add_column(name, Arc::new(col))
            .map_err(|m| Error::domain(format!("[addColumn] {m}")))?;
    }
    Ok(Value::table(t))
}

fn drop_columns(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let t = table_of("dropColumns!", &args[0])?;
    let names = strings_arg("dropColumns!", "colNames", &args[1])?;
    let mut drop = Vec::with_capacity(names.len());
    for n in &names {
        drop.push(col_pos("dropColumns!", t, n)?);
    }
    let keep: Vec<usize> = (0..t.n_cols()).filter(|i| !drop.contains(i)).collect();
    select_columns(t, &keep)
}

fn reorder_columns(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let t = table_of("reorderColumns!", &args[0])?;
    let names = strings_arg("reorderColumns!", "reorderedColNames", &args[1])?;
    let mut order = Vec::with_capacity(t.n_cols());
    for n in &names {
        let p = col_pos("reorderColumns!", t, n)?;
        if order.contains(&p) {
            return Err(Error::domain(format!(
                "[reorderColumns!] The column [{n}] is listed twice"
            )));
        }
        order.push(p);
    }
    let rest: Vec<usize> = (0..t.n_cols()).filter(|i| !order.contains(i)).collect();
    order.extend(rest);
    select_columns(t, &order)
}

/// A table made of the given columns of `t`, in that order.
fn select_columns(t: &Table, order: &[usize]) -> Result<Value> {
    let names = order.iter().map(|&i| t.names()[i].clone()).collect();
    let cols = order.iter().map(|&i| t.columns()[i].clone()).collect();
    Table::from_columns(names, cols)
        .map(Value::table)
        .map_err(Error::runtime)
}

fn replace_column(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let t = table_of("replaceColumn!", &args[0])?;
    let names = strings_arg("replaceColumn!", "colName", &args[1])?;
    let new: Vec<Value> = match (&args[1], &args[2]) {
        (Value::Scalar(_), v) => vec![v.clone()],
        (_, Value::Vector(v)) if v.is_tuple() => v.iter_values().collect(),
        (_, other) => {
            return Err(Error::type_err(format!(
            "[replaceColumn!] With several column names, newCol must be a tuple of vectors, not {}",
            other.type_str()
        )))
        }
    };
    if names.len() != new.len() {
        return Err(Error::length(
            "[replaceColumn!] newCol must hold one vector per column name",
        ));
    }
    let mut t = t.as_ref().clone();
    for (name, col) in names.iter().zip(new) {
        let p = col_pos("replaceColumn!", &t, name)?;
        let col = match col {
            Value::Vector(v) => v,
            Value::Scalar(s) => Arc::new(Vector::repeat(&s, t.n_rows())),
            other => {
                return Err(Error::type_err(format!(
                    "[replaceColumn!] newCol must be a vector, not {}",
                    other.type_str()
                )))
            }
        };
        if col.len() != t.n_rows() {
            return Err(Error::length(format!(
                "[replaceColumn!] The new column has {} elements but the table has {} rows",
                col.len(),
                t.n_rows()
            )));
        }
        t.columns_mut()[p] = col;
    }
    Ok(Value::table(t))
}

fn table_insert(it: &mut Interp, args: &[Value]) -> Result<Value> {
    if let Value::DfsTable(h) = &args[0] {
        crate::auth::require_login(it, "tableInsert")?;
        let data = insert_data(&args[1..])?;
        let n = super::append_dfs(it, h, &data)?;
        // The handle itself is unchanged; hand it back so the write-back keeps it.
        it.set_inplace_updated(args[0].clone());
        return Ok(Value::int(n as i32));
    }
    let t = table_of("tableInsert", &args[0])?;
    let mut t = t.as_ref().clone();
    let n = insert_in_memory(&mut t, &args[1..])?;
    it.set_inplace_updated(Value::table(t));
    Ok(Value::int(n as i32))
}

/// `tableInsert` on an in-memory table: appends a table, a tuple (of columns or of one
/// row's scalars), several vectors/scalars (one per column) or a dictionary of column
/// values. Returns the number of rows inserted.
pub fn insert_in_memory(t: &mut Table, args: &[Value]) -> Result<usize> {
    let before = t.n_rows();
    let data = insert_data(args)?;
    super::inplace::append_to_table(t, &data)?;
    Ok(t.n_rows() - before)
}

/// The rows `tableInsert` was given, as one value `append!` understands.
fn insert_data(args: &[Value]) -> Result<Value> {
    Ok(match args {
        [] => return Err(Error::arity("[tableInsert] needs data to insert")),
        [one @ (Value::Table(_) | Value::Dict(_))] => one.clone(),
        [Value::Vector(v)] if v.is_tuple() => args[0].clone(),
        many => Value::vector(Vector::tuple(many.to_vec())),
    })
}
