//! Matrix access and shape: `col`, `row`, `cell`, `reshape`, `transpose`, plus the null
//! helpers `hasNull` and `ifNull`.

use super::args::int_arg;
use super::registry::{Builtin, Registry};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::value::{Matrix, Value, Vector};
use std::sync::Arc;

pub fn register(reg: &mut Registry) {
    reg.add(
        Builtin::new("col(X, index)", col)
            .doc("Column index of a matrix as a vector (m.col(i) is m[i]).")
            .example("(1..6$2:3).col(1)", "[3,4]"),
    );
    reg.add(
        Builtin::new("row(X, index)", row)
            .doc("Row index of a matrix as a vector.")
            .example("(1..6$2:3).row(1)", "[2,4,6]"),
    );
    reg.add(
        Builtin::new("cell(X, row, col)", cell)
            .doc("The element of matrix X at (row, col), as m[row, col].")
            .example("(1..6$2:3).cell(1, 2)", "6"),
    );
    reg.add(
        Builtin::new("reshape(obj, [dim])", reshape)
            .doc("A vector as a matrix of shape dim (rows:cols, filled by column), or a matrix as a matrix of a new shape; without dim, a matrix as a vector.")
            .example("reshape(1..6, 3:2).col(1)", "[4,5,6]"),
    );
    reg.add(
        Builtin::new("transpose(X)", transpose)
            .doc("A matrix with its rows and columns swapped (labels swapped too).")
            .example("transpose(1..6$2:3).row(1)", "[3,4]"),
    );
    reg.add(
        Builtin::new("hasNull(X)", has_null)
            .doc("Whether X (a scalar, vector or matrix) contains a NULL.")
            .example("hasNull(1 NULL 3)", "true"),
    );
    reg.add(
        Builtin::new("ifNull(X, Y)", if_null)
            .doc("X with its NULLs replaced by Y (a scalar, or a vector of X's length); like nullFill.")
            .example("ifNull(1 NULL 3, 0)", "[1,0,3]"),
    );
}

fn matrix_arg<'a>(func: &str, v: &'a Value) -> Result<&'a Matrix> {
    match v {
        Value::Matrix(m) => Ok(m),
        other => Err(Error::type_err(format!(
            "[{func}] X must be a matrix, not {}",
            other.type_str()
        ))),
    }
}

/// An index in `0..n`, or DolphinDB's out-of-range error.
fn position(func: &str, what: &str, v: &Value, n: usize) -> Result<usize> {
    let i = int_arg(func, what, v)?;
    if i < 0 || i as usize >= n {
        return Err(Error::domain(format!(
            "[{func}] The {what} index {i} is out of range."
        )));
    }
    Ok(i as usize)
}

fn col(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let m = matrix_arg("col", &args[0])?;
    let j = position("col", "column", &args[1], m.cols)?;
    Ok(Value::vector(m.column(j)))
}

fn row(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let m = matrix_arg("row", &args[0])?;
    let i = position("row", "row", &args[1], m.rows)?;
    Ok(Value::vector(m.row(i)))
}

fn cell(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let m = matrix_arg("cell", &args[0])?;
    let i = position("cell", "row", &args[1], m.rows)?;
    let j = position("cell", "column", &args[2], m.cols)?;
    Ok(m.get(i, j).map_or(Value::NULL, Value::Scalar))
}

fn reshape(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let data = match &args[0] {
        Value::Vector(v) if !v.is_tuple() => (**v).clone(),
        Value::Matrix(m) => m.data.clone(),
        other => {
            return Err(Error::type_err(format!(
                "[reshape] obj must be a vector or a matrix, not {}",
                other.type_str()
            )))
        }
    };
    let Some(dim) = args.get(1) else {
        return Ok(Value::vector(data));
    };
    let Value::Pair(p) = dim else {
        return Err(Error::type_err(
            "[reshape] dim must be a pair of integers such as 2:3.",
        ));
    };
    let bound = |i: usize| -> Result<usize> {
        match p.scalar_at(i).and_then(|s| s.as_i64()) {
            Some(n) if n >= 0 => Ok(n as usize),
            _ => Err(Error::type_err(
                "[reshape] dim must be a pair of non-negative integers.",
            )),
        }
    };
    let (rows, cols) = (bound(0)?, bound(1)?);
    if rows * cols != data.len() {
        return Err(Error::length(
            "[reshape] The number of elements must equal rows*cols.",
        ));
    }
    let m = Matrix::new(data, rows, cols).map_err(Error::length)?;
    Ok(Value::Matrix(Arc::new(m)))
}

fn transpose(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let m = matrix_arg("transpose", &args[0])?;
    // Element (i, j) of the result is element (j, i) of m; data is stored by column.
    let mut idx = Vec::with_capacity(m.rows * m.cols);
    for i in 0..m.rows {
        for j in 0..m.cols {
            idx.push((j * m.rows + i) as i64);
        }
    }
    let out = Matrix {
        data: m.data.gather(&idx),
        rows: m.cols,
        cols: m.rows,
        row_labels: m.col_labels.clone(),
        col_labels: m.row_labels.clone(),
    };
    Ok(Value::Matrix(Arc::new(out)))
}

fn has_null(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let any_null = |v: &Vector| (0..v.len()).any(|i| v.is_null_at(i));
    Ok(Value::bool(match &args[0] {
        Value::Scalar(s) => s.is_null(),
        Value::Vector(v) | Value::Pair(v) => any_null(v),
        Value::Matrix(m) => any_null(&m.data),
        other => {
            return Err(Error::type_err(format!(
                "[hasNull] X must be a scalar, vector or matrix, not {}",
                other.type_str()
            )))
        }
    }))
}

fn if_null(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let fill = crate::builtins::lookup("nullFill").expect("nullFill is a registered builtin");
    (fill.func)(it, args)
}
