//! In-place container functions (`append!`/`push!`, `pop!`, `erase!`, `clear!`) and the
//! session functions `undef` and `defined`.
//!
//! In-place builtins return the modified object; `Interp::eval_call` writes it back to the
//! variable named by the first argument. `pop!` returns the removed element instead and hands
//! the shortened vector over with `Interp::set_inplace_updated`.

use super::args::{coerce, int_arg, strings_arg};
use super::registry::{Builtin, Kind, Registry};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::value::{Scalar, Table, Type, Value, Vector};
use rustc_hash::FxHashMap;
use std::sync::Arc;

pub fn register(reg: &mut Registry) {
    reg.add(Builtin::new("append!(obj, newData)", append)
        .aliases(&["push!"])
        .doc("Appends newData to a vector, tuple, set or table in place, converting to the container's type.")
        .example("x = 1 2; x.append!(3); x", "[1,2,3]"));
    reg.add(
        Builtin::new("pop!(obj)", pop)
            .doc("Removes the last element of a vector in place and returns it.")
            .example("x = 1 2 3; pop!(x)", "3"),
    );
    reg.add(Builtin::new("erase!(obj, key)", erase)
        .doc("Removes keys from a dictionary or set, or the rows of a table matching a metacode filter, in place.")
        .example("s = set(1 2 3); erase!(s, 2); s.size()", "2"));
    reg.add(
        Builtin::new("clear!(obj)", clear)
            .doc("Removes every element of a vector, set, dictionary or table, keeping its type.")
            .example("x = 1 2 3; clear!(x); size(x)", "0"),
    );
    reg.add(Builtin::new("undef(obj, [objType=VAR])", undef)
        .kind(Kind::System)
        .doc("Releases variables (VAR), shared variables (SHARED) or function definitions (DEF) by name.")
        .example("x = 1; undef(`x); defined(\"x\")", "false"));
    reg.add(Builtin::new("defined(names, [type=VAR])", defined)
        .kind(Kind::System)
        .doc("Whether each name is a defined variable (VAR), shared variable (SHARED) or function (DEF).")
        .example("y = 1; defined(`y`zz)", "[true,false]"));
}

fn append(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let (obj, new) = (&args[0], &args[1]);
    match obj {
        Value::Vector(v) if v.is_tuple() => {
            let mut v = v.clone();
            match Arc::make_mut(&mut v).data_mut() {
                crate::value::VecData::Any(items) => items.push(new.clone()),
                _ => return Err(Error::runtime("[append!] tuple layout mismatch")),
            }
            Ok(Value::Vector(v))
        }
        Value::Vector(v) => {
            let mut v = v.clone();
            append_to_vector(Arc::make_mut(&mut v), new)?;
            Ok(Value::Vector(v))
        }
        Value::Set(s) => {
            let mut s = s.clone();
            let ty = s.key_type();
            let target = Arc::make_mut(&mut s);
            match coerce(new, ty)? {
                Value::Scalar(x) => {
                    target.insert(x);
                }
                Value::Vector(x) => {
                    for i in 0..x.len() {
                        if let Some(e) = x.scalar_at(i) {
                            target.insert(e);
                        }
                    }
                }
                other => {
                    return Err(Error::type_err(format!(
                        "[append!] Can't append a {} to a set",
                        other.type_str()
                    )))
                }
            }
            Ok(Value::Set(s))
        }
        Value::Table(t) => {
            let mut t = t.clone();
            append_to_table(Arc::make_mut(&mut t), new)?;
            Ok(Value::Table(t))
        }
        // Rows go to disk; the handle itself is unchanged.
        Value::DfsTable(h) => {
            super::dfs::append_dfs(it, h, new)?;
            it.set_inplace_updated(obj.clone());
            Ok(Value::NULL)
        }
        other => Err(Error::type_err(format!(
            "[append!] Can't append to a {}",
            other.type_str()
        ))),
    }
}

/// Appends a scalar or vector to a typed vector, converting it to the vector's type.
pub fn append_to_vector(v: &mut Vector, new: &Value) -> Result<()> {
    let ty = v.ty();
    match coerce(new, ty)? {
        Value::Scalar(s) => {
            if !v.push_scalar(&s) {
                return Err(incompatible(ty, &Value::Scalar(s)));
            }
        }
        Value::Vector(x) | Value::Pair(x) => {
            if !v.extend_from(&x) {
                return Err(incompatible(ty, &Value::Vector(x)));
            }
        }
        other => return Err(incompatible(ty, &other)),
    }
    Ok(())
}

fn incompatible(ty: Type, v: &Value) -> Error {
    Error::type_err(format!(
        "Incompatible type. Expected: {}, Actual: {}",
        ty.name(),
        v.ty().name()
    ))
}

/// Appends the rows of a table (by position) or a tuple of columns/scalars to a table.
pub(crate) fn append_to_table(t: &mut Table, new: &Value) -> Result<()> {
    let parts: Vec<Value> = match new {
        Value::Table(src) => src
            .columns()
            .iter()
            .map(|c| Value::Vector(c.clone()))
            .collect(),
        Value::Vector(v) if v.is_tuple() => v.iter_values().collect(),
        Value::Dict(d) => {
            // A dictionary supplies one value per column, by column name.
            let mut out = Vec::with_capacity(t.n_cols());
            for name in t.names() {
                let v = d
                    .get(&Scalar::string(name.clone()))
                    .or_else(|| d.get(&Scalar::symbol(name.clone())))
                    .cloned()
                    .unwrap_or(Value::NULL);
                out.push(v);
            }
            out
        }
        other => {
            return Err(Error::type_err(format!(
                "[append!] Can't append a {} to a table; use a table or a tuple",
                other.type_str()
            )))
        }
    };
    if parts.len() != t.n_cols() {
        return Err(Error::length(format!(
            "The number of columns of the table to insert must be the same as that of the original table ({} vs {})",
            parts.len(),
            t.n_cols()
        )));
    }
    let n_new = parts
        .iter()
        .find_map(|p| match p {
            Value::Vector(v) | Value::Pair(v) => Some(v.len()),
            _ => None,
        })
        .unwrap_or(1);
    let mut cols: Vec<Arc<Vector>> = t.columns().to_vec();
    for (col, part) in cols.iter_mut().zip(&parts) {
        let part = match part {
            Value::Scalar(s) => Value::vector(Vector::repeat(s, n_new)),
            p => p.clone(),
        };
        if part.size() != n_new {
            return Err(Error::length(
                "[append!] The columns to append must have the same length",
            ));
        }
        let c = Arc::make_mut(col);
        if c.is_tuple() {
            c.extend_from(part.as_vector().unwrap_or(&Vector::tuple(Vec::new())));
        } else {
            append_to_vector(c, &part)?;
        }
    }
    *t.columns_mut() = cols;
    Ok(())
}

fn pop(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let Value::Vector(v) = &args[0] else {
        return Err(Error::type_err(format!(
            "[pop!] The argument must be a vector, not {}",
            args[0].type_str()
        )));
    };
    if v.is_empty() {
        return Ok(Value::NULL);
    }
    let last = v.get(v.len() - 1).unwrap_or(Value::NULL);
    it.set_inplace_updated(Value::vector(v.slice(0, v.len() - 1)));
    Ok(last)
}

fn erase(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let (obj, key) = (&args[0], &args[1]);
    let keys_of = |k: &Value| -> Vec<Scalar> {
        match k {
            Value::Scalar(s) => vec![s.clone()],
            Value::Vector(v) | Value::Pair(v) => {
                (0..v.len()).filter_map(|i| v.scalar_at(i)).collect()
            }
            _ => Vec::new(),
        }
    };
    match obj {
        Value::Set(s) => {
            let mut s = s.clone();
            let ty = s.key_type();
            let target = Arc::make_mut(&mut s);
            for k in keys_of(&coerce(key, ty)?) {
                target.remove(&k);
            }
            Ok(Value::Set(s))
        }
        Value::Dict(d) => {
            let mut d = d.clone();
            let ty = d.key_type();
            let target = Arc::make_mut(&mut d);
            for k in keys_of(&coerce(key, ty)?) {
                target.remove(&k);
            }
            Ok(Value::Dict(d))
        }
        Value::Table(t) => {
            let Value::Code(cond) = key else {
                return Err(Error::type_err(
                    "[erase!] The filter for a table must be metacode such as <x > 1>",
                ));
            };
            let vars: FxHashMap<_, _> = t
                .names()
                .iter()
                .zip(t.columns())
                .map(|(n, c)| (n.clone(), Value::Vector(c.clone())))
                .collect();
            let mask = it.with_overlay(vars, |it| it.eval(cond))?;
            let keep: Vec<i8> = match &mask {
                Value::Vector(m) if m.len() == t.n_rows() => (0..m.len())
                    .map(|i| (!m.scalar_at(i).is_some_and(|s| s.truthy())) as i8)
                    .collect(),
                Value::Scalar(s) => vec![(!s.truthy()) as i8; t.n_rows()],
                _ => {
                    return Err(Error::type_err(
                        "[erase!] The filter must give one BOOL per row",
                    ))
                }
            };
            Ok(Value::table(t.filter(&keep)))
        }
        other => Err(Error::type_err(format!(
            "[erase!] doesn't support a {}",
            other.type_str()
        ))),
    }
}

fn clear(_: &mut Interp, args: &[Value]) -> Result<Value> {
    Ok(match &args[0] {
        Value::Vector(v) => Value::vector(Vector::empty(v.ty())),
        Value::Set(s) => {
            let mut s = s.clone();
            Arc::make_mut(&mut s).clear();
            Value::Set(s)
        }
        Value::Dict(d) => {
            let mut d = d.clone();
            Arc::make_mut(&mut d).clear();
            Value::Dict(d)
        }
        Value::Table(t) => Value::table(t.slice(0, 0)),
        other => {
            return Err(Error::type_err(format!(
                "[clear!] doesn't support a {}",
                other.type_str()
            )))
        }
    })
}

/// `VAR`, `SHARED` and `DEF` are the INT constants 0, 1 and 2.
fn object_kind(func: &str, v: Option<&Value>) -> Result<i64> {
    match v {
        None | Some(Value::Scalar(Scalar::Void)) => Ok(0),
        Some(v) => match int_arg(func, "objType", v)? {
            k @ 0..=2 => Ok(k),
            k => Err(Error::domain(format!(
                "[{func}] The object type must be VAR, SHARED or DEF, not {k}"
            ))),
        },
    }
}

fn undef(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let names = strings_arg("undef", "obj", &args[0])?;
    let kind = object_kind("undef", args.get(1))?;
    for n in names {
        match kind {
            0 => {
                it.undef_var(&n);
            }
            1 => {
                it.unshare(&n);
            }
            _ => {
                it.undef_function(&n);
            }
        }
    }
    Ok(Value::NULL)
}

fn defined(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let names = strings_arg("defined", "names", &args[0])?;
    let kind = object_kind("defined", args.get(1))?;
    let test = |it: &Interp, n: &str| match kind {
        0 => it.lookup_var(n).is_some(),
        1 => it.is_shared(n),
        _ => it.resolve_function(n).is_some(),
    };
    Ok(match &args[0] {
        Value::Scalar(_) => Value::bool(names.first().is_some_and(|n| test(it, n))),
        _ => Value::vector(Vector::bools(
            names.iter().map(|n| test(it, n) as i8).collect(),
        )),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::display::display;

    fn interp() -> Interp {
        Interp::with_output(Box::new(std::io::sink()))
    }

    #[test]
    fn append_converts_or_rejects() {
        let mut it = interp();
        let v = Value::vector(Vector::ints(vec![1, 2]));
        let r = append(&mut it, &[v.clone(), Value::int(3)]).expect("same type");
        assert_eq!(display(&r), "[1,2,3]");
        let r = append(
            &mut it,
            &[v.clone(), Value::vector(Vector::ints(vec![4, 5]))],
        )
        .expect("vector");
        assert_eq!(display(&r), "[1,2,4,5]");
        let r = append(&mut it, &[v.clone(), Value::double(7.2)]).expect("rounds into INT");
        assert_eq!(display(&r), "[1,2,7]");
        let err = append(&mut it, &[v, Value::string("a")]).expect_err("string into INT");
        assert_eq!(
            err.message,
            "Incompatible type. Expected: INT, Actual: STRING"
        );
    }

    #[test]
    fn append_rows_to_table() {
        let mut it = interp();
        let mut t = Table::new();
        t.add_column("a".into(), Arc::new(Vector::ints(vec![1])))
            .expect("column");
        let tuple = Value::vector(Vector::tuple(vec![Value::vector(Vector::ints(vec![2, 3]))]));
        let r = append(&mut it, &[Value::table(t), tuple]).expect("tuple of columns");
        assert_eq!(r.size(), 3);
        assert!(append(&mut it, &[r, Value::vector(Vector::tuple(vec![]))]).is_err());
    }

    #[test]
    fn pop_hands_back_the_rest() {
        let mut it = interp();
        let r = pop(&mut it, &[Value::vector(Vector::ints(vec![1, 2, 3]))]).expect("pop");
        assert_eq!(display(&r), "3");
        let rest = it.inplace_updated.take().expect("shortened vector");
        assert_eq!(display(&rest), "[1,2]");
    }

    #[test]
    fn undef_and_defined() {
        let mut it = interp();
        it.set_global("x", Value::int(1));
        let names = Value::vector(Vector::strings(vec![Arc::from("x"), Arc::from("nope")]));
        assert_eq!(
            display(&defined(&mut it, std::slice::from_ref(&names)).expect("defined")),
            "[true,false]"
        );
        undef(&mut it, &[Value::string("x")]).expect("undef");
        assert_eq!(
            display(&defined(&mut it, &[Value::string("x")]).expect("defined")),
            "false"
        );
        assert!(defined(&mut it, &[Value::string("x"), Value::int(7)]).is_err());
        assert!(undef(&mut it, &[Value::int(1)]).is_err());
    }
}
