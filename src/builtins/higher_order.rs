//! Higher-order functions and templates: each, peach, loop, ploop, eachLeft, eachRight,
//! eachPre, eachPost, accumulate, reduce, cross, call, unifiedCall — and the `:X` template
//! operators, which are the same functions applied through `apply_adverbs`.

use super::registry::{Builtin, Kind, Registry};
use crate::ast::{Adverb, AdverbKind};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::value::{vector_from_values, Function, Matrix, Table, Value, Vector};
use rayon::prelude::*;
use std::sync::Arc;

pub fn register(reg: &mut Registry) {
    let hof = |sig, f| Builtin::new(sig, f).kind(Kind::HigherOrder);
    reg.add(hof("each(func, args...)", each)
        .doc("Applies func to each element of the arguments; results are assembled into a vector, matrix, table or tuple.")
        .example("each(x -> x * 2, 1 2 3)", "[2,4,6]"));
    reg.add(
        hof("peach(func, args...)", peach)
            .doc("Parallel each: applies func to each element in parallel threads.")
            .example("peach(x -> x + 1, 1 2 3)", "[2,3,4]"),
    );
    reg.add(
        hof("loop(func, args...)", loop_)
            .doc("Like each, but always returns a tuple of the results.")
            .example("loop(x -> x * 2, 1 2)", "(2,4)"),
    );
    reg.add(
        hof("ploop(func, args...)", ploop)
            .doc("Parallel loop: like loop, computed in parallel threads.")
            .example("ploop(x -> x * 2, 1 2)", "(2,4)"),
    );
    reg.add(
        hof("eachLeft(func, X, Y)", each_left)
            .doc("Applies func(X[i], Y) for each element of X.")
            .example("eachLeft(add, 1 2, 10)", "[11,12]"),
    );
    reg.add(
        hof("eachRight(func, X, Y)", each_right)
            .doc("Applies func(X, Y[i]) for each element of Y.")
            .example("eachRight(sub, 10, 1 2)", "[9,8]"),
    );
    reg.add(hof("eachPre(func, X, [pre])", each_pre)
        .doc("Applies func(X[i], X[i-1]); the first call uses pre (NULL result when pre is omitted).")
        .example("eachPre(sub, 1 3 6)", "[,2,3]"));
    reg.add(hof("eachPost(func, X, [post])", each_post)
        .doc("Applies func(X[i], X[i+1]); the last call uses post (NULL result when post is omitted).")
        .example("eachPost(sub, 1 3 6)", "[-2,-3,]"));
    reg.add(
        hof("accumulate(func, X, [init])", accumulate)
            .doc("Applies func cumulatively over X and returns every intermediate result.")
            .example("accumulate(add, 1 2 3 4)", "[1,3,6,10]"),
    );
    reg.add(
        hof("reduce(func, X, [init])", reduce)
            .doc("Applies func cumulatively over X and returns the last result.")
            .example("reduce(mul, 1..5)", "120"),
    );
    reg.add(hof("cross(func, X, [Y])", cross)
        .doc("Applies func to every pair (X[i], Y[j]); scalar results form a matrix with X down the rows and Y across the columns.")
        .example("cross(add, 1 2, 10 20)", " 10 20\n -- --\n1|11 21\n2|12 22"));
    reg.add(
        hof("call(func, args...)", call)
            .doc("Calls func with the given arguments.")
            .example("call(add, 1, 2)", "3"),
    );
    reg.add(
        hof("unifiedCall(func, args)", unified_call)
            .doc("Calls func with the elements of the tuple args as its arguments.")
            .example("unifiedCall(add, (1, 2))", "3"),
    );
}

fn func_arg(name: &str, v: &Value) -> Result<Arc<Function>> {
    match v {
        Value::Function(f) => Ok(f.clone()),
        other => Err(Error::type_err(format!(
            "The first argument of [{name}] must be a function, not {}",
            other.type_str()
        ))),
    }
}

/// The items a template iterates over: vector and pair elements, matrix columns, table
/// rows (as dictionaries), set elements, dictionary values.
pub fn elements(v: &Value) -> Option<Vec<Value>> {
    Some(match v {
        Value::Vector(x) | Value::Pair(x) => x.iter_values().collect(),
        Value::Matrix(m) => (0..m.cols).map(|j| Value::vector(m.column(j))).collect(),
        Value::Table(t) => (0..t.n_rows())
            .map(|i| crate::eval::table_row(t, i))
            .collect(),
        Value::Set(s) => s.items().iter().cloned().map(Value::Scalar).collect(),
        Value::Dict(d) => d.values().to_vec(),
        _ => return None,
    })
}

/// Splits arguments into per-call argument lists; scalars and functions are passed whole to
/// every call. All non-scalar arguments must have the same length.
fn per_call_args(name: &str, args: &[Value]) -> Result<Vec<Vec<Value>>> {
    let mut n: Option<usize> = None;
    let mut cols: Vec<Option<Vec<Value>>> = Vec::with_capacity(args.len());
    for a in args {
        let e = elements(a);
        if let Some(items) = &e {
            match n {
                None => n = Some(items.len()),
                Some(m) if m != items.len() => {
                    return Err(Error::length(format!(
                        "The arguments of [{name}] must have the same size ({m} vs {})",
                        items.len()
                    )))
                }
                _ => {}
            }
        }
        cols.push(e);
    }
    let n = n.unwrap_or(1);
    Ok((0..n)
        .map(|i| {
            cols.iter()
                .zip(args)
                .map(|(c, a)| match c {
                    Some(items) => items[i].clone(),
                    None => a.clone(),
                })
                .collect()
        })
        .collect())
}

/// Assembles per-element results: scalars → vector, equal-length vectors → matrix
/// (one column per result), dictionaries → table, anything else → tuple.
pub fn assemble(results: Vec<Value>) -> Value {
    if results.is_empty() {
        return Value::vector(Vector::tuple(results));
    }
    if results.iter().all(|r| matches!(r, Value::Scalar(_))) {
        return Value::vector(vector_from_values(results));
    }
    if let Some(m) = as_matrix(&results) {
        return Value::Matrix(Arc::new(m));
    }
    if results.iter().all(|r| matches!(r, Value::Dict(_))) {
        if let Some(t) = dicts_to_table(&results) {
            return Value::table(t);
        }
    }
    Value::vector(Vector::tuple(results))
}

fn as_matrix(results: &[Value]) -> Option<Matrix> {
    let first = results.first()?.as_vector()?;
    if first.is_tuple() {
        return None;
    }
    let (ty, rows) = (first.ty(), first.len());
    let mut data = Vector::with_capacity(ty, rows * results.len());
    for r in results {
        let v = r.as_vector()?;
        if v.ty() != ty || v.len() != rows || !data.extend_from(v) {
            return None;
        }
    }
    Matrix::new(data, rows, results.len()).ok()
}

fn dicts_to_table(results: &[Value]) -> Option<Table> {
    let Value::Dict(first) = &results[0] else {
        return None;
    };
    let mut t = Table::new();
    for key in first.keys() {
        let col: Vec<Value> = results
            .iter()
            .map(|r| match r {
                Value::Dict(d) => d.get(key).cloned().unwrap_or(Value::NULL),
                _ => Value::NULL,
            })
            .collect();
        let name = crate::display::scalar_to_string(key);
        t.add_column(Arc::from(name), Arc::new(vector_from_values(col)))
            .ok()?;
    }
    Some(t)
}

fn each(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let f = func_arg("each", &args[0])?;
    let calls = per_call_args("each", &args[1..])?;
    let results = calls
        .into_iter()
        .map(|a| it.call(&f, a))
        .collect::<Result<Vec<_>>>()?;
    Ok(assemble(results))
}

fn loop_(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let f = func_arg("loop", &args[0])?;
    let calls = per_call_args("loop", &args[1..])?;
    let results = calls
        .into_iter()
        .map(|a| it.call(&f, a))
        .collect::<Result<Vec<_>>>()?;
    Ok(Value::vector(Vector::tuple(results)))
}

/// Runs the calls on rayon's pool, one forked session per worker chunk.
fn parallel_calls(
    it: &mut Interp,
    f: &Arc<Function>,
    calls: Vec<Vec<Value>>,
) -> Result<Vec<Value>> {
    let template = it.fork();
    let chunk = calls
        .len()
        .div_ceil(rayon::current_num_threads().max(1))
        .max(1);
    let parts: Vec<Result<(Vec<Value>, Vec<u8>)>> = calls
        .par_chunks(chunk)
        .map(|part| {
            let (mut local, buf) = template.fork_with_buffer();
            let res = part
                .iter()
                .map(|a| local.call(f, a.clone()))
                .collect::<Result<Vec<_>>>();
            drop(local);
            let printed = buf.lock().map(|b| b.clone()).unwrap_or_default();
            res.map(|r| (r, printed))
        })
        .collect();
    let mut out = Vec::new();
    for p in parts {
        let (vals, printed) = p?;
        if !printed.is_empty() {
            let _ = std::io::Write::write_all(&mut it.out, &printed);
        }
        out.extend(vals);
    }
    Ok(out)
}

fn peach(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let f = func_arg("peach", &args[0])?;
    let calls = per_call_args("peach", &args[1..])?;
    Ok(assemble(parallel_calls(it, &f, calls)?))
}

fn ploop(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let f = func_arg("ploop", &args[0])?;
    let calls = per_call_args("ploop", &args[1..])?;
    Ok(Value::vector(Vector::tuple(parallel_calls(it, &f, calls)?)))
}

fn items_of(name: &str, v: &Value) -> Result<Vec<Value>> {
    elements(v).ok_or_else(|| {
        Error::type_err(format!(
            "The argument of [{name}] must be a vector, matrix, table or dictionary, not {}",
            v.type_str()
        ))
    })
}

fn each_left(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let f = func_arg("eachLeft", &args[0])?;
    let xs = items_of("eachLeft", &args[1])?;
    let results = xs
        .into_iter()
        .map(|x| it.call(&f, vec![x, args[2].clone()]))
        .collect::<Result<Vec<_>>>()?;
    Ok(assemble(results))
}

fn each_right(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let f = func_arg("eachRight", &args[0])?;
    let ys = items_of("eachRight", &args[2])?;
    let results = ys
        .into_iter()
        .map(|y| it.call(&f, vec![args[1].clone(), y]))
        .collect::<Result<Vec<_>>>()?;
    Ok(assemble(results))
}

fn each_pre(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let f = func_arg("eachPre", &args[0])?;
    let xs = items_of("eachPre", &args[1])?;
    let mut results = Vec::with_capacity(xs.len());
    for (i, x) in xs.iter().enumerate() {
        let r = if i == 0 {
            match args.get(2) {
                Some(pre) => it.call(&f, vec![x.clone(), pre.clone()])?,
                None => Value::NULL,
            }
        } else {
            it.call(&f, vec![x.clone(), xs[i - 1].clone()])?
        };
        results.push(r);
    }
    Ok(assemble(results))
}

fn each_post(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let f = func_arg("eachPost", &args[0])?;
    let xs = items_of("eachPost", &args[1])?;
    let mut results = Vec::with_capacity(xs.len());
    for (i, x) in xs.iter().enumerate() {
        let r = if i + 1 == xs.len() {
            match args.get(2) {
                Some(post) => it.call(&f, vec![x.clone(), post.clone()])?,
                None => Value::NULL,
            }
        } else {
            it.call(&f, vec![x.clone(), xs[i + 1].clone()])?
        };
        results.push(r);
    }
    Ok(assemble(results))
}

fn accumulate(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let f = func_arg("accumulate", &args[0])?;
    let xs = items_of("accumulate", &args[1])?;
    let mut results = Vec::with_capacity(xs.len());
    let mut acc: Option<Value> = args.get(2).cloned();
    for x in xs {
        let next = match acc.take() {
            None => x,
            Some(a) => it.call(&f, vec![a, x])?,
        };
        results.push(next.clone());
        acc = Some(next);
    }
    Ok(assemble(results))
}

fn reduce(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let f = func_arg("reduce", &args[0])?;
    let xs = items_of("reduce", &args[1])?;
    let mut acc: Option<Value> = args.get(2).cloned();
    for x in xs {
        acc = Some(match acc.take() {
            None => x,
            Some(a) => it.call(&f, vec![a, x])?,
        });
    }
    Ok(acc.unwrap_or(Value::NULL))
}

fn cross(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let f = func_arg("cross", &args[0])?;
    let x = &args[1];
    let y = args.get(2).unwrap_or(x);
    let xs = items_of("cross", x)?;
    let ys = items_of("cross", y)?;
    let mut results = Vec::with_capacity(xs.len() * ys.len());
    for yv in &ys {
        for xv in &xs {
            results.push(it.call(&f, vec![xv.clone(), yv.clone()])?);
        }
    }
    if results.iter().all(|r| matches!(r, Value::Scalar(_))) && !results.is_empty() {
        let data = vector_from_values(results);
        if !data.is_tuple() {
            let mut m = Matrix::new(data, xs.len(), ys.len()).map_err(Error::runtime)?;
            m.row_labels = x.as_vector().map(|v| Arc::new(v.clone()));
            m.col_labels = y.as_vector().map(|v| Arc::new(v.clone()));
            return Ok(Value::Matrix(Arc::new(m)));
        }
        return Ok(Value::vector(data));
    }
    Ok(Value::vector(Vector::tuple(results)))
}

fn call(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let f = func_arg("call", &args[0])?;
    it.call(&f, args[1..].to_vec())
}

fn unified_call(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let f = func_arg("unifiedCall", &args[0])?;
    let list = match &args[1] {
        Value::Vector(v) => v.iter_values().collect(),
        other => vec![other.clone()],
    };
    it.call(&f, list)
}

/// Applies `inner` with template operators (`f:E`, `+:A`, `f:E:L`) to call arguments.
/// Stacked templates apply left to right: in `f:E:L`, `:L` drives `f:E`.
pub fn apply_adverbs(
    it: &mut Interp,
    inner: &Arc<Function>,
    adverbs: &[Adverb],
    args: Vec<Value>,
) -> Result<Value> {
    let Some((last, rest)) = adverbs.split_last() else {
        return it.call(inner, args);
    };
    let f = if rest.is_empty() {
        inner.clone()
    } else {
        Arc::new(Function::Adverb {
            inner: inner.clone(),
            adverbs: rest.to_vec(),
        })
    };
    let mut full = Vec::with_capacity(args.len() + 1);
    full.push(Value::Function(f));
    let tuple_result = last.assemble == Some('U');
    let res = match last.kind {
        AdverbKind::Each => {
            full.extend(args);
            if tuple_result {
                loop_(it, &full)?
            } else {
                each(it, &full)?
            }
        }
        AdverbKind::Loop => {
            full.extend(args);
            loop_(it, &full)?
        }
        AdverbKind::EachLeft | AdverbKind::EachRight | AdverbKind::Cross => {
            if args.len() != 2 {
                return Err(Error::arity(format!(
                    "The template :{} expects 2 arguments, but {} were given",
                    last.kind.letter(),
                    args.len()
                )));
            }
            full.extend(args);
            match last.kind {
                AdverbKind::EachLeft => each_left(it, &full)?,
                AdverbKind::EachRight => each_right(it, &full)?,
                _ => cross(it, &full)?,
            }
        }
        AdverbKind::EachPre
        | AdverbKind::EachPost
        | AdverbKind::Accumulate
        | AdverbKind::Reduce => {
            // `x +:A y` puts the initial value on the left: accumulate(+, y, x).
            match args.len() {
                1 => full.extend(args),
                2 => {
                    let mut a = args.into_iter();
                    let init = a.next().unwrap_or(Value::NULL);
                    full.extend(a);
                    full.push(init);
                }
                n => {
                    return Err(Error::arity(format!(
                        "The template :{} expects 1 or 2 arguments, but {n} were given",
                        last.kind.letter()
                    )))
                }
            }
            match last.kind {
                AdverbKind::EachPre => each_pre(it, &full)?,
                AdverbKind::EachPost => each_post(it, &full)?,
                AdverbKind::Accumulate => accumulate(it, &full)?,
                _ => reduce(it, &full)?,
            }
        }
        other => {
            let name = other.func_name();
            let b = super::lookup(name).ok_or_else(|| {
                Error::not_found(format!(
                    "The template :{} ({name}) is not supported yet",
                    other.letter()
                ))
            })?;
            full.extend(args);
            (b.func)(it, &full)?
        }
    };
    Ok(res)
}
