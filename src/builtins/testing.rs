//! Helpers for the unit tests of the builtin families: calling a builtin function directly
//! with a silent interpreter, and building INT vectors.

use super::BuiltinFn;
use crate::error::Result;
use crate::eval::Interp;
use crate::value::{Value, Vector};

/// Calls `f` with `args` in a fresh interpreter whose output is discarded.
pub fn run(f: BuiltinFn, args: &[Value]) -> Result<Value> {
    let mut it = Interp::with_output(Box::new(std::io::sink()));
    f(&mut it, args)
}

/// An INT vector of `v`.
pub fn ints(v: &[i32]) -> Value {
    Value::vector(Vector::ints(v.to_vec()))
}
