//! Built-ins that SQL conditions rely on (`between`, `like`, `ilike`) and the vector logic
//! used by `where`: membership, `and`/`or`/`not` over BOOL columns without per-row boxing.

use super::order::{atom, scalar_atom, Atom};
use crate::ast::BinOp;
use crate::builtins::{Builtin, Registry};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::value::{Scalar, Type, Value, VecData, Vector, NULL_I8};
use rustc_hash::FxHashSet;
use std::cmp::Ordering;

/// Registers the SQL helper built-ins and the join functions.
pub fn register(reg: &mut Registry) {
    reg.add(
        Builtin::new("between(X, Y)", between)
            .doc("Returns true for each element of X within the inclusive range Y (a pair a:b).")
            .example("between(1 5 9, 2:8)", "[false,true,false]"),
    );
    reg.add(
        Builtin::new("like(X, pattern)", like)
            .doc("Returns true for each string of X matching pattern, where % matches any run of characters (case-sensitive).")
            .example("like(`IBM`MSFT, \"%BM\")", "[true,false]"),
    );
    reg.add(
        Builtin::new("ilike(X, pattern)", ilike)
            .doc("Case-insensitive like.")
            .example("ilike(`IBM`MSFT, \"%bm\")", "[true,false]"),
    );
    super::join::register(reg);
}

fn between(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let (lo, hi) = match &args[1] {
        Value::Pair(p) | Value::Vector(p) if p.len() == 2 => (
            p.scalar_at(0).unwrap_or(Scalar::Void),
            p.scalar_at(1).unwrap_or(Scalar::Void),
        ),
        other => {
            return Err(Error::type_err(format!(
                "The second argument of [between] must be a pair, not a {}",
                other.type_str()
            )))
        }
    };
    // NULL compares as the minimum, so a NULL bound on the left means "no lower bound" only
    // when the element is also NULL; this matches DolphinDB's nullAsMinValueForComparison.
    let inside =
        |s: &Scalar| s.total_cmp(&lo) != Ordering::Less && s.total_cmp(&hi) != Ordering::Greater;
    map_bool(
        &args[0],
        "between",
        |v, i| match v.data() {
            VecData::Str(x) => {
                let s = x[i].as_ref();
                lo.as_str().is_some_and(|l| s >= l) && hi.as_str().is_some_and(|h| s <= h)
            }
            _ => v.scalar_at(i).is_some_and(|s| inside(&s)),
        },
        |s| inside(s),
    )
}

fn like(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let pat = pattern_arg(&args[1], "like")?;
    let parts: Vec<&str> = pat.split('%').collect();
    map_str(&args[0], "like", |s| like_match(s, &parts))
}

fn ilike(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let pat = pattern_arg(&args[1], "ilike")?.to_lowercase();
    let parts: Vec<&str> = pat.split('%').collect();
    map_str(&args[0], "ilike", |s| like_match(&s.to_lowercase(), &parts))
}

fn pattern_arg(v: &Value, f: &str) -> Result<String> {
    match v {
        Value::Scalar(Scalar::Str(_, s)) => Ok(s.to_string()),
        other => Err(Error::type_err(format!(
            "The pattern of [{f}] must be a string scalar, not a {}",
            other.type_str()
        ))),
    }
}

/// Matches `s` against a pattern already split at `%`: the first part is a prefix, the
/// last a suffix, and the middle parts must appear in order.
fn like_match(s: &str, parts: &[&str]) -> bool {
    if parts.len() == 1 {
        return s == parts[0];
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !s.starts_with(first) || s.len() < first.len() + last.len() || !s.ends_with(last) {
        return false;
    }
    let mut rest = &s[first.len()..s.len() - last.len()];
    for mid in &parts[1..parts.len() - 1] {
        match rest.find(mid) {
            Some(p) => rest = &rest[p + mid.len()..],
            None => return false,
        }
    }
    true
}

fn map_str(x: &Value, f: &str, pred: impl Fn(&str) -> bool) -> Result<Value> {
    match x {
        Value::Scalar(Scalar::Str(_, s)) => Ok(Value::bool(pred(s))),
        Value::Vector(v) => match v.data() {
            VecData::Str(items) => Ok(Value::vector(Vector::bools(
                items.iter().map(|s| pred(s) as i8).collect(),
            ))),
            _ => Err(Error::type_err(format!(
                "The first argument of [{f}] must be a string, not a {}",
                x.type_str()
            ))),
        },
        other => Err(Error::type_err(format!(
            "The first argument of [{f}] must be a string, not a {}",
            other.type_str()
        ))),
    }
}

fn map_bool(
    x: &Value,
    f: &str,
    each: impl Fn(&Vector, usize) -> bool,
    scalar: impl Fn(&Scalar) -> bool,
) -> Result<Value> {
    match x {
        Value::Scalar(s) => Ok(Value::bool(scalar(s))),
        Value::Vector(v) => Ok(Value::vector(Vector::bools(
            (0..v.len()).map(|i| each(v, i) as i8).collect(),
        ))),
        other => Err(Error::type_err(format!(
            "[{f}] doesn't support a {}",
            other.type_str()
        ))),
    }
}

/// `x in y`: true for each element of `x` found among the elements (or keys) of `y`.
pub(crate) fn membership(x: &Value, y: &Value) -> Result<Value> {
    let mut set: FxHashSet<Atom> = FxHashSet::default();
    match y {
        Value::Scalar(s) => {
            set.insert(scalar_atom(s));
        }
        Value::Vector(v) | Value::Pair(v) => {
            for i in 0..v.len() {
                match v.get(i) {
                    Some(Value::Vector(inner)) => {
                        set.extend((0..inner.len()).map(|j| atom(&inner, j)))
                    }
                    _ => {
                        set.insert(atom(v, i));
                    }
                }
            }
        }
        Value::Set(s) => set.extend(s.items().iter().map(scalar_atom)),
        Value::Dict(d) => set.extend(d.keys().iter().map(scalar_atom)),
        Value::Table(t) if t.n_cols() == 1 => {
            let c = &t.columns()[0];
            set.extend((0..c.len()).map(|j| atom(c, j)));
        }
        other => {
            return Err(Error::type_err(format!(
                "The right operand of [in] can't be a {}",
                other.type_str()
            )))
        }
    }
    match x {
        Value::Scalar(s) => Ok(Value::bool(set.contains(&scalar_atom(s)))),
        Value::Vector(v) => Ok(Value::vector(Vector::bools(
            (0..v.len())
                .map(|i| set.contains(&atom(v, i)) as i8)
                .collect(),
        ))),
        other => Err(Error::type_err(format!(
            "The left operand of [in] can't be a {}",
            other.type_str()
        ))),
    }
}

/// BOOL view of a value: `Some(bools)` for BOOL scalars/vectors (NULL stays NULL).
fn bools(v: &Value) -> Option<(Vec<i8>, bool)> {
    match v {
        Value::Scalar(Scalar::I8(Type::Bool, b)) => Some((vec![*b], true)),
        Value::Vector(x) if x.ty() == Type::Bool => match x.data() {
            VecData::I8(b) => Some((b.clone(), false)),
            _ => None,
        },
        _ => None,
    }
}

/// `and` / `or` on BOOL operands (scalar or vector), with DolphinDB's NULL rules: `and`
/// with NULL is NULL unless the other side is false; `or` ignores a NULL operand.
pub(crate) fn logic(op: BinOp, a: &Value, b: &Value) -> Result<Value> {
    let (Some((x, xs)), Some((y, ys))) = (bools(a), bools(b)) else {
        return crate::kernels::binary(op, a, b);
    };
    let n = if xs { y.len() } else { x.len() };
    if !xs && !ys && x.len() != y.len() {
        return Err(Error::length(format!(
            "The operands of {} have different lengths ({} and {})",
            op.symbol(),
            x.len(),
            y.len()
        )));
    }
    let at = |v: &[i8], scalar: bool, i: usize| if scalar { v[0] } else { v[i] };
    let out: Vec<i8> = (0..n)
        .map(|i| {
            let (p, q) = (at(&x, xs, i), at(&y, ys, i));
            let (pn, qn) = (p == NULL_I8, q == NULL_I8);
            match op {
                BinOp::And if (!pn && p == 0) || (!qn && q == 0) => 0,
                BinOp::And if pn || qn => NULL_I8,
                BinOp::And => 1,
                _ if (!pn && p != 0) || (!qn && q != 0) => 1,
                _ if pn && qn => NULL_I8,
                _ => 0,
            }
        })
        .collect();
    if xs && ys {
        return Ok(Value::Scalar(Scalar::I8(Type::Bool, out[0])));
    }
    Ok(Value::vector(Vector::bools(out)))
}

/// `not` on BOOL values (NULL stays NULL); other types go to the kernels.
pub(crate) fn not(v: &Value) -> Result<Value> {
    let flip = |b: i8| {
        if b == NULL_I8 {
            NULL_I8
        } else {
            (b == 0) as i8
        }
    };
    match bools(v) {
        Some((b, true)) => Ok(Value::Scalar(Scalar::I8(Type::Bool, flip(b[0])))),
        Some((b, false)) => Ok(Value::vector(Vector::bools(
            b.into_iter().map(flip).collect(),
        ))),
        None => crate::kernels::unary(crate::ast::UnaryOp::Not, v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn like_uses_percent_wildcards() {
        let parts: Vec<&str> = "IBM%".split('%').collect();
        assert!(like_match("IBMX", &parts));
        assert!(!like_match("AIBM", &parts));
        let parts: Vec<&str> = "%B%".split('%').collect();
        assert!(like_match("ABC", &parts));
        assert!(like_match("B", &parts));
        assert!(!like_match("AC", &parts));
    }

    #[test]
    fn membership_works_for_vectors_and_scalars() {
        let x = Value::vector(Vector::strings(vec![Arc::from("a"), Arc::from("b")]));
        let y = Value::vector(Vector::symbols(vec![Arc::from("b")]));
        let r = membership(&x, &y).expect("strings");
        assert_eq!(crate::display::display(&r), "[false,true]");
    }

    #[test]
    fn between_is_inclusive() {
        let mut it = Interp::with_output(Box::new(std::io::sink()));
        let x = Value::vector(Vector::ints(vec![1, 2, 3, 4]));
        let y = Value::Pair(Arc::new(Vector::ints(vec![2, 3])));
        let r = between(&mut it, &[x, y]).expect("ints");
        assert_eq!(crate::display::display(&r), "[false,true,true,false]");
    }

    #[test]
    fn logic_ignores_null_in_or() {
        let a = Value::vector(Vector::bools(vec![1, 0, NULL_I8]));
        let b = Value::Scalar(Scalar::I8(Type::Bool, NULL_I8));
        let r = logic(BinOp::Or, &a, &b).expect("bools");
        assert_eq!(crate::display::display(&r), "[true,false,]");
    }
}
