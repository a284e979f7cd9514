//! Writing values back as DolphinDB script text, so a job function (usually a partial
//! application binding metacode) can be saved in the data home and evaluated again when a
//! later process opens the home.
//!
//! Bound argument *values* are written as literals (they were evaluated when the job was
//! created); metacode is written with the AST printer and so is evaluated again at each run;
//! user functions are written as their definitions.

use crate::ast::{Expr, ExprKind, Stmt, StmtKind};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::syntax::span::Span;
use crate::value::{Function, Scalar, Type, Value, Vector};
use std::fmt::Write;

/// The most cells (rows × columns, or elements) a bound table or vector may have: a job
/// file is source text, not a data store.
pub const MAX_CELLS: usize = 100_000;

/// Writes a value as script text that evaluates back to an equal value. Fails with a
/// clear message for values that have no script form (matrices, oversized tables, lambdas
/// capturing local variables).
pub fn value_to_script(v: &Value) -> Result<String> {
    let mut out = String::new();
    write_value(&mut out, v)?;
    Ok(out)
}

/// The script of a job function: the definitions of the session's user functions it uses
/// (directly or through other user functions), then the function expression itself as the
/// last statement, so running the script yields the function.
pub fn function_script(interp: &Interp, f: &Value) -> Result<String> {
    let expr = value_to_script(f)?;
    let mut defs: Vec<(String, String)> = Vec::new();
    let mut uses: Vec<String> = Vec::new();
    collect_modules(f, &mut uses);
    // Pull in session functions mentioned by the text so far until nothing new appears.
    let mut text = expr.clone();
    loop {
        let mut added = false;
        let mut names: Vec<_> = interp.functions.keys().cloned().collect();
        names.sort();
        for name in names {
            if defs.iter().any(|(n, _)| n.as_str() == name.as_ref()) || !mentions(&text, &name) {
                continue;
            }
            let Some(func) = interp.functions.get(&name) else {
                continue;
            };
            let Function::User(u) = func.as_ref() else {
                continue;
            };
            if u.def.body.is_none() {
                continue;
            }
            let def = Stmt {
                kind: StmtKind::Def(u.def.clone()),
                span: Span::default(),
            };
            let src = def.to_string();
            text.push('\n');
            text.push_str(&src);
            defs.push((name.to_string(), src));
            added = true;
        }
        if !added {
            break;
        }
    }
    let mut res = String::new();
    for m in uses {
        let _ = writeln!(res, "use {m}");
    }
    // Definitions in the order found; DolphinDB resolves names at call time, so a function
    // may be defined after one that calls it.
    for (_, src) in &defs {
        res.push_str(src);
        res.push('\n');
    }
    res.push_str(&expr);
    res.push('\n');
    Ok(res)
}

/// Whether `name` occurs in `text` as a whole identifier.
fn mentions(text: &str, name: &str) -> bool {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(name).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + name.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

fn collect_modules(v: &Value, uses: &mut Vec<String>) {
    let Value::Function(f) = v else { return };
    match f.as_ref() {
        Function::User(u) => {
            if let Some(m) = &u.module {
                if !uses.iter().any(|x| x.as_str() == m.as_ref()) {
                    uses.push(m.to_string());
                }
            }
        }
        Function::Partial(p) => {
            collect_modules(&Value::Function(p.func.clone()), uses);
            for a in p.args.iter().flatten() {
                collect_modules(a, uses);
            }
        }
        Function::Adverb { inner, .. } => collect_modules(&Value::Function(inner.clone()), uses),
        Function::Builtin(_) => {}
    }
}

fn unsupported(what: &str) -> Error {
    Error::runtime(format!(
        "{what} cannot be written as script text, so it cannot be saved with a job"
    ))
}

fn write_value(out: &mut String, v: &Value) -> Result<()> {
    match v {
        Value::Scalar(s) => write_scalar(out, s),
        Value::Vector(vec) => write_vector(out, vec),
        Value::Pair(vec) => {
            let a = vec.scalar_at(0).unwrap_or(Scalar::Void);
            let b = vec.scalar_at(1).unwrap_or(Scalar::Void);
            write_scalar(out, &a)?;
            out.push(':');
            write_scalar(out, &b)
        }
        Value::Set(set) => {
            if set.is_empty() {
                return Err(unsupported("An empty set"));
            }
            let items = scalars_vector(set.key_type(), set.items())
                .ok_or_else(|| unsupported("This set"))?;
            out.push_str("set(");
            write_vector(out, &items)?;
            out.push(')');
            Ok(())
        }
        Value::Dict(d) => {
            if d.is_empty() {
                return Err(unsupported("An empty dictionary"));
            }
            let keys = scalars_vector(d.key_type(), d.keys())
                .ok_or_else(|| unsupported("This dictionary"))?;
            out.push_str("dict(");
            write_vector(out, &keys)?;
            out.push_str(", ");
            let scalars: Option<Vec<Scalar>> = d
                .values()
                .iter()
                .map(|v| match v {
                    Value::Scalar(s) => Some(s.clone()),
                    _ => None,
                })
                .collect();
            match scalars.and_then(|s| scalars_vector(d.value_type(), &s)) {
                Some(vals) if d.value_type() != Type::Any => write_vector(out, &vals)?,
                _ => write_tuple_or_vector(out, d.values())?,
            }
            out.push_str(if d.is_ordered() { ", true)" } else { ")" });
            Ok(())
        }
        Value::Table(t) => {
            let cells = t.n_rows().saturating_mul(t.n_cols().max(1));
            if cells > MAX_CELLS {
                return Err(Error::runtime(format!(
                    "A table of {} rows and {} columns is too large to be written into a job \
                     (at most {MAX_CELLS} cells); save it to a file or a database and load it \
                     inside the job",
                    t.n_rows(),
                    t.n_cols()
                )));
            }
            out.push_str("table(");
            for (i, (name, col)) in t.names().iter().zip(t.columns()).enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_vector(out, col)?;
                let _ = write!(out, " as {name}");
            }
            out.push(')');
            Ok(())
        }
        Value::Matrix(_) => Err(unsupported("A matrix")),
        Value::Code(e) => {
            let _ = write!(out, "<{e}>");
            Ok(())
        }
        Value::Function(f) => write_function(out, f),
        // Handles are written as the calls that reopen them when the job runs.
        Value::Database(h) => match &h.name {
            Some(name) => {
                let _ = write!(out, "database(\"dfs://{name}\")");
                Ok(())
            }
            None => Err(unsupported("An in-memory database handle")),
        },
        Value::DfsTable(h) => {
            let _ = write!(out, "loadTable(\"dfs://{}\", \"{}\")", h.db, h.table);
            Ok(())
        }
    }
}

/// A typed vector of the given scalars (`None` if one does not fit the type).
fn scalars_vector(ty: Type, items: &[Scalar]) -> Option<Vector> {
    let mut v = Vector::with_capacity(ty, items.len());
    for s in items {
        if !v.push_scalar(s) {
            return None;
        }
    }
    Some(v)
}

fn write_tuple_or_vector(out: &mut String, items: &[Value]) -> Result<()> {
    out.push('(');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_value(out, item)?;
    }
    if items.len() == 1 {
        out.push(',');
    }
    out.push(')');
    Ok(())
}

fn write_function(out: &mut String, f: &Function) -> Result<()> {
    match f {
        Function::Builtin(b) => {
            out.push_str(b.name);
            Ok(())
        }
        Function::User(u) => {
            if !u.captured.is_empty() {
                let names: Vec<&str> = u.captured.iter().map(|(n, _)| n.as_ref()).collect();
                return Err(Error::runtime(format!(
                    "A lambda capturing local variables ({}) cannot be saved with a job; \
                     pass them as arguments with partial application instead",
                    names.join(", ")
                )));
            }
            match &u.def.name {
                Some(name) => out.push_str(name),
                None => {
                    let e = Expr {
                        kind: ExprKind::Lambda(u.def.clone()),
                        span: Span::default(),
                    };
                    let _ = write!(out, "({e})");
                }
            }
            Ok(())
        }
        Function::Partial(p) => {
            write_function(out, &p.func)?;
            out.push('{');
            let mut first = true;
            for a in &p.args {
                if !first {
                    out.push_str(", ");
                }
                first = false;
                if let Some(v) = a {
                    write_value(out, v)?;
                }
            }
            for (name, v) in &p.named {
                if !first {
                    out.push_str(", ");
                }
                first = false;
                let _ = write!(out, "{name}=");
                write_value(out, v)?;
            }
            out.push('}');
            Ok(())
        }
        Function::Adverb { inner, adverbs } => {
            write_function(out, inner)?;
            for a in adverbs {
                out.push(':');
                out.push(a.kind.letter());
                if let Some(c) = a.assemble {
                    out.push(c);
                }
            }
            Ok(())
        }
    }
}

fn write_vector(out: &mut String, vec: &Vector) -> Result<()> {
    if vec.len() > MAX_CELLS {
        return Err(Error::runtime(format!(
            "A vector of {} elements is too large to be written into a job (at most {MAX_CELLS})",
            vec.len()
        )));
    }
    if vec.is_tuple() {
        let items: Vec<Value> = vec.iter_values().collect();
        if items.is_empty() {
            out.push_str("[]");
            return Ok(());
        }
        return write_tuple_or_vector(out, &items);
    }
    let ty = vec.ty();
    if vec.is_empty() {
        let _ = write!(out, "array({}, 0)", ty.name());
        return Ok(());
    }
    let wrap = match ty {
        Type::Symbol => Some("symbol"),
        Type::Uuid => Some("uuid"),
        _ => None,
    };
    if let Some(w) = wrap {
        let _ = write!(out, "{w}(");
    }
    out.push('[');
    for i in 0..vec.len() {
        if i > 0 {
            out.push_str(", ");
        }
        let s = vec.scalar_at(i).unwrap_or(Scalar::Void);
        write_plain_scalar(out, &s)?;
    }
    out.push(']');
    if wrap.is_some() {
        out.push(')');
    }
    Ok(())
}

fn write_scalar(out: &mut String, s: &Scalar) -> Result<()> {
    match s.ty() {
        Type::Symbol => {
            out.push_str("symbol(");
            write_plain_scalar(out, s)?;
            out.push(')');
            Ok(())
        }
        Type::Uuid => {
            out.push_str("uuid(");
            write_plain_scalar(out, s)?;
            out.push(')');
            Ok(())
        }
        _ => write_plain_scalar(out, s),
    }
}

/// A scalar as the AST printer writes constants (typed NULLs, temporal literals, suffixes);
/// UUIDs as their text (the caller wraps them in `uuid(...)`).
fn write_plain_scalar(out: &mut String, s: &Scalar) -> Result<()> {
    if s.ty() == Type::Uuid {
        let text = crate::display::display(&Value::Scalar(s.clone()));
        let _ = write!(out, "\"{}\"", if s.is_null() { "" } else { text.as_str() });
        return Ok(());
    }
    let e = Expr {
        kind: ExprKind::Const(Value::Scalar(s.clone())),
        span: Span::default(),
    };
    let _ = write!(out, "{e}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::display::display;

    fn eval(it: &mut Interp, src: &str) -> Value {
        it.run_source("<test>", src).expect("the script runs")
    }

    /// Each value, written and evaluated again, displays the same.
    #[test]
    fn values_round_trip() {
        let mut it = Interp::with_output(Box::new(std::io::sink()));
        let cases = [
            "1",
            "-3",
            "2.5",
            "00i",
            "\"a\\\"b\\nc\"",
            "`sym",
            "2020.01.02",
            "00:05m",
            "2020.01.02T03:04:05",
            "2020.01.02T03:04:05.006",
            "true",
            "'x'",
            "1h",
            "7l",
            "1 2 NULL 4",
            "`a`b`c",
            "[\"x\", \"y\"]",
            "2020.01.01 2020.01.03",
            "array(INT, 0)",
            "(1, \"a\", 2.5)",
            "1:3",
            "dict(`a`b, 1 2)",
            "set(3 4)",
            "table(1 2 as a, `x`y as b, [1.5, 2.5] as c)",
            "<1 + 2>",
            "<select * from t where x between 1 : 3>",
            "saveText{\"a\", \"/tmp/x.csv\"}",
            "add{1}",
            "def (x, y) -> x * y",
            "uuid(\"5d212a78-cc48-e3b1-4235-b4d91473ee87\")",
        ];
        for src in cases {
            let v = eval(&mut it, src);
            let text = value_to_script(&v).unwrap_or_else(|e| panic!("{src}: {e}"));
            let back = eval(&mut it, &text);
            assert_eq!(display(&back), display(&v), "{src} written as {text}");
            assert_eq!(back.type_str(), v.type_str(), "{src} written as {text}");
        }
    }

    #[test]
    fn partial_application_keeps_metacode_and_values() {
        let mut it = Interp::with_output(Box::new(std::io::sink()));
        let v = eval(
            &mut it,
            "f = eval{<today() - 1>}; g = saveText{\"/d/\" + string(2020.01.05 - 1), , false}; [f, g]",
        );
        let Value::Vector(items) = v else {
            panic!("a tuple")
        };
        let f = items.get(0).expect("f");
        let g = items.get(1).expect("g");
        assert_eq!(value_to_script(&f).expect("f"), "eval{<today() - 1>}");
        assert_eq!(
            value_to_script(&g).expect("g"),
            "saveText{\"/d/2020.01.04\", , false}"
        );
    }

    #[test]
    fn user_functions_bring_their_definitions() {
        let mut it = Interp::with_output(Box::new(std::io::sink()));
        let f = eval(
            &mut it,
            "def helper(x) { return x + 1 }\ndef job(a) { return helper(a) * 2 }\njob{20}",
        );
        let script = function_script(&it, &f).expect("script");
        let mut fresh = Interp::with_output(Box::new(std::io::sink()));
        let back = eval(&mut fresh, &script);
        let Value::Function(func) = back else {
            panic!("a function")
        };
        let res = fresh.call(&func, vec![]).expect("call");
        assert_eq!(display(&res), "42");
    }

    #[test]
    fn unsupported_values_fail_clearly() {
        let mut it = Interp::with_output(Box::new(std::io::sink()));
        let m = eval(&mut it, "matrix(1 2, 3 4)");
        let err = value_to_script(&m).expect_err("a matrix has no script form");
        assert!(err.message.contains("matrix"), "{}", err.message);
        let lam = eval(
            &mut it,
            "def outer() { k = 3; return def (x) -> x + k }\nouter()",
        );
        let err = value_to_script(&lam).expect_err("captures");
        assert!(err.message.contains("capturing"), "{}", err.message);
    }
}
