//! Tuple slicing: `subtuple`, the tuple counterpart of `subarray`.

use super::registry::{Builtin, Registry};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::value::{Value, Vector};

pub fn register(reg: &mut Registry) {
    reg.add(
        Builtin::new("subtuple(X, range)", subtuple)
            .doc("Slices every vector of the tuple X (vectors of one length) by the pair range [start, end); an open bound (2:, :3) runs to the edge and positions outside give NULL. Returns a copy, not DolphinDB's read-only view.")
            .example("subtuple((1..10, 11..20), 2:4)", "([3,4],[13,14])"),
    );
}

fn subtuple(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let not_tuple =
        || Error::type_err("[subtuple] X must be a tuple of vectors with the same length.");
    let Value::Vector(x) = &args[0] else {
        return Err(not_tuple());
    };
    if !x.is_tuple() {
        return Err(not_tuple());
    }
    let mut items = Vec::with_capacity(x.len());
    for item in x.iter_values() {
        let Value::Vector(v) = item else {
            return Err(not_tuple());
        };
        items.push(v);
    }
    let n = items.first().map_or(0, |v| v.len());
    if items.iter().any(|v| v.len() != n) {
        return Err(not_tuple());
    }
    let idx = range_positions("subtuple", &args[1], n)?;
    let out = items
        .iter()
        .map(|v| Value::vector(v.gather(&idx)))
        .collect();
    Ok(Value::vector(Vector::tuple(out)))
}

/// The positions `[start, end)` of an integer pair over `n` elements; a NULL bound is open
/// (0 or `n`), and positions outside `[0, n)` stay in the list (they gather as NULL).
fn range_positions(func: &str, range: &Value, n: usize) -> Result<Vec<i64>> {
    let bad = || {
        Error::type_err(format!(
            "[{func}] range must be a pair of integers such as 2:5."
        ))
    };
    let Value::Pair(r) = range else {
        return Err(bad());
    };
    let bound = |i: usize, default: i64| -> Result<i64> {
        match r.scalar_at(i) {
            Some(s) if s.is_null() => Ok(default),
            Some(s) if s.ty().is_integral() => Ok(s.as_i64().unwrap_or(default)),
            _ => Err(bad()),
        }
    };
    let start = bound(0, 0)?;
    let end = bound(1, n as i64)?;
    Ok((start..end.max(start)).collect())
}
