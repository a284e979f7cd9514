//! Series functions: `prev next move deltas ratios percentChange ema wma iterate groups`.
//!
//! Shifts keep the element type and fill with NULL; differences use the arithmetic kernels
//! (so `deltas` of INT is INT, `ratios` is DOUBLE). `ema` and `wma` are the TA-Lib style
//! averages: the first `window - 1` results are NULL and leading NULLs are skipped.

use super::args::{bool_arg, int_arg, str_arg};
use super::numeric::{doubles, f64s, per_column};
use super::registry::{Builtin, Registry};
use crate::ast::BinOp;
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::kernels::window::is_null;
use crate::value::{Dict, Scalar, Table, Type, Value, VecData, Vector, NULL_F64};
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::sync::Arc;

pub fn register(reg: &mut Registry) {
    let f = Builtin::new;
    reg.add(
        f("prev(X)", prev)
            .doc("X shifted one position to the right; the first element is NULL.")
            .example("prev(1 2 3)", "[,1,2]"),
    );
    reg.add(
        f("next(X)", next)
            .doc("X shifted one position to the left; the last element is NULL.")
            .example("next(1 2 3)", "[2,3,]"),
    );
    reg.add(f("move(X, steps)", move_)
        .doc("X shifted by steps positions: right for positive steps, left for negative; vacated positions are NULL.")
        .example("move(1 2 3 4, -1)", "[2,3,4,]"));
    reg.add(
        f("deltas(X, [n=1])", deltas)
            .doc("X[i] - X[i-n]; the first n elements are NULL.")
            .example("deltas(1 4 9 16)", "[,3,5,7]"),
    );
    reg.add(
        f("ratios(X)", ratios)
            .doc("X[i] / X[i-1] as DOUBLE; the first element is NULL.")
            .example("ratios(1 2 4 6)", "[,2,2,1.5]"),
    );
    reg.add(
        f("percentChange(X, [n=1])", percent_change)
            .doc("X[i] / X[i-n] - 1 as DOUBLE; the first n elements are NULL.")
            .example("percentChange(1 2 4 5)", "[,1,1,0.25]"),
    );
    reg.add(f("ema(X, window, [warmup=false])", ema)
        .doc("Exponential moving average with alpha = 2/(window+1), seeded with the mean of the first window elements.")
        .example("ema(12.1 12.2 12.6 12.8 11.9 11.6 11.2, 3)", "[,,12.3,12.55,12.225,11.9125,11.55625]"));
    reg.add(
        f("wma(X, window)", wma)
            .doc("Weighted moving average with linear weights 1..window (the newest weighs most).")
            .example(
                "wma(12.1 12.2 12.6 12.8 11.9 11.6 11.2, 3)",
                "[,,12.383333,12.633333,12.316667,11.9,11.45]",
            ),
    );
    reg.add(f("iterate(init, coeffs, input)", iterate)
        .doc("Linear recursion: x[n] = (last values) ** coeffs + input[n]; a scalar input gives the number of iterations.")
        .example("iterate(1 1, 1 1, 10)", "[2,3,5,8,13,21,34,55,89,144]"));
    reg.add(f("groups(X, [mode='dict'])", groups)
        .doc("For each distinct value of X, the positions holding it: a dictionary (mode 'dict'), a tuple in ascending key order ('tuple', 'vector') or a table ('table').")
        .example("groups(1 2 1)", "1->[0,2]\n2->[1]"));
}

/// Shifts a column by `steps` (positive: towards the end), filling with NULL.
fn shift(v: &Vector, steps: i64) -> Vector {
    let idx: Vec<i64> = (0..v.len() as i64).map(|i| i - steps).collect();
    v.gather(&idx)
}

fn shifted(func: &str, x: &Value, steps: i64) -> Result<Value> {
    if let Value::Vector(v) = x {
        if v.is_tuple() {
            return Err(Error::type_err(format!("[{func}] doesn't support a tuple")));
        }
    }
    per_column(func, x, &|v| Ok(shift(v, steps)))
}

fn prev(_: &mut Interp, args: &[Value]) -> Result<Value> {
    shifted("prev", &args[0], 1)
}

fn next(_: &mut Interp, args: &[Value]) -> Result<Value> {
    shifted("next", &args[0], -1)
}

fn move_(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let steps = int_arg("move", "steps", &args[1])?;
    shifted("move", &args[0], steps)
}

fn n_arg(func: &str, args: &[Value]) -> Result<i64> {
    match args.get(1).filter(|v| !v.is_void()) {
        None => Ok(1),
        Some(v) => int_arg(func, "n", v),
    }
}

/// `op(X, move(X, n))` per column, through the arithmetic kernels.
fn against_shift(func: &str, x: &Value, n: i64, op: BinOp) -> Result<Value> {
    per_column(func, x, &|v| {
        if !(v.ty().is_numeric() || v.ty().is_temporal() || v.ty() == Type::Bool) {
            return Err(Error::type_err(format!(
                "[{func}] The argument must be numeric, not {}",
                v.ty().name()
            )));
        }
        let a = Value::vector(v.clone());
        let b = Value::vector(shift(v, n));
        match crate::kernels::binary(op, &a, &b)? {
            Value::Vector(r) => Ok(Arc::unwrap_or_clone(r)),
            other => Err(Error::type_err(format!(
                "[{func}] unexpected result {}",
                other.type_str()
            ))),
        }
    })
}

fn deltas(_: &mut Interp, args: &[Value]) -> Result<Value> {
    against_shift("deltas", &args[0], n_arg("deltas", args)?, BinOp::Sub)
}

fn ratios(_: &mut Interp, args: &[Value]) -> Result<Value> {
    against_shift("ratios", &args[0], 1, BinOp::Ratio)
}

fn percent_change(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let n = n_arg("percentChange", args)?;
    per_column("percentChange", &args[0], &|v| {
        let x = f64s("percentChange", v)?;
        let out = (0..x.len())
            .map(|i| {
                let j = i as i64 - n;
                if j < 0 || j >= x.len() as i64 {
                    return NULL_F64;
                }
                let (a, b) = (x[i], x[j as usize]);
                if is_null(a) || is_null(b) || b == 0.0 {
                    NULL_F64
                } else {
                    a / b - 1.0
                }
            })
            .collect();
        Ok(doubles(out))
    })
}

fn window_of(func: &str, v: &Value) -> Result<usize> {
    let w = int_arg(func, "window", v)?;
    if w < 1 {
        return Err(Error::domain(format!(
            "[{func}] window must be a positive integer"
        )));
    }
    Ok(w as usize)
}

fn ema(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let n = window_of("ema", &args[1])?;
    let warmup = bool_arg("ema", "warmup", args.get(2), false)?;
    per_column("ema", &args[0], &|v| {
        Ok(doubles(ema_kernel(&f64s("ema", v)?, n, warmup)))
    })
}

/// EMA from the first non-NULL element: without warmup the first value is the mean of the
/// first `n` elements; with warmup it starts at X[0] and uses alpha = 2/(k+1) until k = n.
/// A later NULL gives NULL and leaves the state unchanged.
fn ema_kernel(x: &[f64], n: usize, warmup: bool) -> Vec<f64> {
    let mut out = vec![NULL_F64; x.len()];
    let Some(start) = x.iter().position(|v| !is_null(*v)) else {
        return out;
    };
    let alpha = 2.0 / (n as f64 + 1.0);
    let mut state = NULL_F64;
    let mut seen = 0usize;
    let mut seed = 0.0;
    for i in start..x.len() {
        let v = x[i];
        if is_null(v) {
            continue;
        }
        seen += 1;
        if warmup {
            state = if seen == 1 {
                v
            } else {
                let a = if seen < n {
                    2.0 / (seen as f64 + 1.0)
                } else {
                    alpha
                };
                a * v + (1.0 - a) * state
            };
            out[i] = state;
            continue;
        }
        if seen < n {
            seed += v;
            continue;
        }
        state = if seen == n {
            (seed + v) / n as f64
        } else {
            alpha * v + (1.0 - alpha) * state
        };
        out[i] = state;
    }
    out
}

fn wma(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let n = window_of("wma", &args[1])?;
    let total = (n * (n + 1)) as f64 / 2.0;
    per_column("wma", &args[0], &|v| {
        let x = f64s("wma", v)?;
        let out = (0..x.len())
            .map(|i| {
                if i + 1 < n {
                    return NULL_F64;
                }
                let win = &x[i + 1 - n..=i];
                if win.iter().any(|v| is_null(*v)) {
                    return NULL_F64;
                }
                win.iter()
                    .enumerate()
                    .map(|(k, v)| (k + 1) as f64 * v)
                    .sum::<f64>()
                    / total
            })
            .collect();
        Ok(doubles(out))
    })
}

fn iterate(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let nums = |name: &str, v: &Value| -> Result<Vec<f64>> {
        match v {
            Value::Scalar(s) => s
                .as_f64()
                .map(|x| vec![x])
                .ok_or_else(|| Error::type_err(format!("[iterate] {name} must be numeric"))),
            Value::Vector(x) if !x.is_tuple() => Ok(f64s("iterate", x)?.into_owned()),
            other => Err(Error::type_err(format!(
                "[iterate] {name} must be a numeric scalar or vector, not {}",
                other.type_str()
            ))),
        }
    };
    let init = nums("init", &args[0])?;
    let coeffs = nums("coeffs", &args[1])?;
    if init.len() != coeffs.len() || init.is_empty() {
        return Err(Error::length(
            "[iterate] init and coeffs must have the same length",
        ));
    }
    let input: Option<Vec<f64>> = match &args[2] {
        Value::Scalar(_) => None,
        other => Some(nums("input", other)?),
    };
    let steps = match &input {
        Some(v) => v.len(),
        None => {
            let n = int_arg("iterate", "input", &args[2])?;
            usize::try_from(n)
                .map_err(|_| Error::domain("[iterate] input must be a non-negative integer"))?
        }
    };
    let mut y = init;
    let mut out = Vec::with_capacity(steps);
    for i in 0..steps {
        let mut v: f64 = y.iter().zip(&coeffs).map(|(a, b)| a * b).sum();
        if let Some(inp) = &input {
            v += if is_null(inp[i]) { 0.0 } else { inp[i] };
        }
        out.push(v);
        y.remove(0);
        y.push(v);
    }
    Ok(Value::vector(doubles(out)))
}

fn groups(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let mode = match args.get(1).filter(|v| !v.is_void()) {
        None => "dict".to_string(),
        Some(v) => str_arg("groups", "mode", v)?.to_string(),
    };
    let v = match &args[0] {
        Value::Vector(v) if !v.is_tuple() => v.clone(),
        other => {
            return Err(Error::type_err(format!(
                "[groups] X must be a vector, not {}",
                other.type_str()
            )))
        }
    };
    let (keys, lists) = group_indices(&v);
    match mode.as_str() {
        "dict" => {
            let mut d = Dict::new(v.ty(), Type::Int, false);
            for (k, l) in keys.into_iter().zip(lists) {
                d.insert(k, Value::vector(Vector::ints(l)));
            }
            Ok(Value::dict(d))
        }
        "tuple" | "vector" | "table" => {
            let mut order: Vec<usize> = (0..keys.len()).collect();
            order.sort_by(|&a, &b| keys[a].total_cmp(&keys[b]));
            let mut lists: Vec<Option<Vec<i32>>> = lists.into_iter().map(Some).collect();
            let items: Vec<Value> = order
                .iter()
                .map(|&i| Value::vector(Vector::ints(lists[i].take().unwrap_or_default())))
                .collect();
            if mode != "table" {
                return Ok(Value::vector(Vector::tuple(items)));
            }
            let sorted: Vec<Scalar> = order.iter().map(|&i| keys[i].clone()).collect();
            let mut t = Table::new();
            t.add_column(
                "key".into(),
                Arc::new(super::args::vector_of(v.ty(), &sorted)),
            )
            .map_err(Error::runtime)?;
            t.add_column("index".into(), Arc::new(Vector::tuple(items)))
                .map_err(Error::runtime)?;
            Ok(Value::table(t))
        }
        other => Err(Error::domain(format!(
            "[groups] mode must be 'dict', 'table', 'vector' or 'tuple', not '{other}'"
        ))),
    }
}

/// Distinct keys in order of first appearance with their positions. INT-layout data takes a
/// typed hash map; other layouts hash scalars.
fn group_indices(v: &Vector) -> (Vec<Scalar>, Vec<Vec<i32>>) {
    // Two passes: number the groups, then scatter positions into one flat buffer by group
    // offsets, so the 10^7-element case does not grow a million small vectors one push at a
    // time.
    fn typed<K: std::hash::Hash + Eq + Copy>(
        xs: &[K],
        make: impl Fn(K) -> Scalar,
    ) -> (Vec<Scalar>, Vec<Vec<i32>>) {
        let mut slot: FxHashMap<K, u32> = FxHashMap::default();
        let mut keys = Vec::new();
        let mut counts: Vec<usize> = Vec::new();
        let ids: Vec<u32> = xs
            .iter()
            .map(|&x| {
                let id = *slot.entry(x).or_insert_with(|| {
                    keys.push(make(x));
                    counts.push(0);
                    (counts.len() - 1) as u32
                });
                counts[id as usize] += 1;
                id
            })
            .collect();
        let mut pos: Vec<usize> = Vec::with_capacity(counts.len());
        let mut acc = 0;
        for c in &counts {
            pos.push(acc);
            acc += c;
        }
        let starts = pos.clone();
        let mut flat = vec![0i32; xs.len()];
        for (i, &id) in ids.iter().enumerate() {
            flat[pos[id as usize]] = i as i32;
            pos[id as usize] += 1;
        }
        let lists = starts
            .iter()
            .zip(&counts)
            .map(|(&s, &c)| flat[s..s + c].to_vec())
            .collect();
        (keys, lists)
    }
    let ty = v.ty();
    match v.data() {
        VecData::I32(xs) => typed(xs, |x| Scalar::I32(ty, x)),
        VecData::I64(xs) => typed(xs, |x| Scalar::I64(ty, x)),
        _ => {
            let xs: Vec<Scalar> = (0..v.len()).filter_map(|i| v.scalar_at(i)).collect();
            let mut slot: HashMap<&Scalar, usize> = HashMap::new();
            let mut keys = Vec::new();
            let mut lists: Vec<Vec<i32>> = Vec::new();
            for (i, x) in xs.iter().enumerate() {
                let s = *slot.entry(x).or_insert_with(|| {
                    keys.push(x.clone());
                    lists.push(Vec::new());
                    lists.len() - 1
                });
                lists[s].push(i as i32);
            }
            (keys, lists)
        }
    }
}
