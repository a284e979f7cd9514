//! The one place that formats values, tables and diagnostics for people, exactly as
//! DolphinDB's console prints them. The REPL, `porpoise run --echo`, `-e` and the snapshot
//! tests all go through [`display`] and [`diagnostic::render_error`].
//!
//! Forms (the tests in `tests.rs` use DolphinDB console transcripts as expected texts):
//! scalars bare (`3`, `helloworld`, `2016.02M`, a typed NULL as `00i`, CHAR as `'c'`); vectors `[1,,3]` with
//! strings quoted; tuples `(1,[2,3],"a")`; pairs `2 : 5`; sets `set(4,3,5)`; dictionaries one
//! `key->value` line per entry; tables and matrices as aligned columns under a dashes line.

pub mod diagnostic;
mod scalar;
mod table;

pub use diagnostic::render_error;
pub use scalar::{format_double, format_float, format_uuid, scalar_script, scalar_to_string};

use crate::value::{Dict, Function, Scalar, Set, Type, Value, Vector};

/// Limits applied when printing large values. The defaults are DolphinDB's own
/// (`DISPLAY_ROWS = 30`, `DISPLAY_WIDTH = 120` in its source).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisplayOptions {
    /// Rows of a table or matrix, and entries of a dictionary, shown before `...`.
    pub max_rows: usize,
    /// Elements of a vector, tuple or set shown before `...`.
    pub max_vector: usize,
    /// Width in characters a table or matrix may use before its remaining columns are
    /// replaced by `...`.
    pub max_width: usize,
}

impl Default for DisplayOptions {
    fn default() -> Self {
        DisplayOptions {
            max_rows: 30,
            max_vector: 30,
            max_width: 120,
        }
    }
}

impl DisplayOptions {
    /// Options that never truncate anything.
    pub fn unlimited() -> Self {
        DisplayOptions {
            max_rows: usize::MAX,
            max_vector: usize::MAX,
            max_width: usize::MAX / 2,
        }
    }
}

/// The console form of any value, with DolphinDB's default limits (no trailing newline).
///
/// ```
/// use porpoise::display::display;
/// use porpoise::value::{Value, Vector};
/// assert_eq!(display(&Value::vector(Vector::ints(vec![3, i32::MIN, 6]))), "[3,,6]");
/// assert_eq!(display(&Value::string("helloworld")), "helloworld");
/// ```
pub fn display(v: &Value) -> String {
    display_with(v, &DisplayOptions::default())
}

/// The console form of any value with explicit limits (no trailing newline).
pub fn display_with(v: &Value, opts: &DisplayOptions) -> String {
    match v {
        Value::Scalar(s) => console_scalar(s),
        Value::Vector(vec) => vector_text(vec, opts),
        Value::Pair(p) => pair_text(p),
        Value::Matrix(m) => table::matrix_text(m, opts),
        Value::Set(s) => set_text(s, opts),
        Value::Dict(d) => dict_text(d, opts),
        Value::Table(t) => table::table_text(t, opts),
        Value::Function(f) => function_text(f),
        Value::Code(expr) => format!("< {expr} >"),
        Value::Database(db) => format!("DB[{}]", db.directory()),
        // A DFS table shows its first rows, read from disk.
        Value::DfsTable(h) => match h.load(&[], &[], Some(opts.max_rows.saturating_add(1))) {
            Ok(t) => table::table_text(&t, opts),
            Err(e) => e.message.clone(),
        },
    }
}

/// A scalar at the console: its `string(x)` text, except that a typed NULL prints as its
/// literal and a CHAR in quotes, as the function pages show (`x=int(); x` gives `00i`,
/// `double()` gives `00F`, `char(99)` gives `'c'`). The VOID NULL and a NULL string print
/// as empty text.
fn console_scalar(s: &Scalar) -> String {
    match s {
        Scalar::Void | Scalar::Str(..) => scalar_to_string(s),
        Scalar::I8(Type::Char, _) => scalar_script(s),
        _ if s.is_null() => scalar_script(s),
        _ => scalar_to_string(s),
    }
}

/// The form of a value nested inside a tuple, table cell or dictionary line: like
/// [`display_with`] except that a scalar is written in its element ("script") form.
fn inline(v: &Value, opts: &DisplayOptions) -> String {
    match v {
        Value::Scalar(s) => scalar_script(s),
        _ => display_with(v, opts),
    }
}

/// `[1,2,3]` for typed vectors, `(1,[2,3],"a")` for tuples. NULL elements are empty, except
/// that a lone NULL prints as its typed literal (`[00i]`), as DolphinDB's `Vector::getString`
/// does. Past `max_vector` elements the list ends in `...`.
fn vector_text(vec: &Vector, opts: &DisplayOptions) -> String {
    let tuple = vec.is_tuple();
    let (open, close) = if tuple { ('(', ')') } else { ('[', ']') };
    let shown = vec.len().min(opts.max_vector);
    let mut res = String::new();
    res.push(open);
    for i in 0..shown {
        if i > 0 {
            res.push(',');
        }
        res.push_str(&element_text(vec, i, shown == 1, opts));
    }
    if vec.len() > shown {
        res.push_str("...");
    }
    res.push(close);
    res
}

fn element_text(vec: &Vector, i: usize, alone: bool, opts: &DisplayOptions) -> String {
    if vec.is_null_at(i) {
        return if alone {
            match vec.get(i) {
                Some(Value::Scalar(s)) => scalar_script(&s),
                _ => String::new(),
            }
        } else {
            String::new()
        };
    }
    match vec.get(i) {
        Some(v) => inline(&v, opts),
        None => String::new(),
    }
}

/// `2 : 5`; elements in their script form (`"USER" : "it is an odd"`).
fn pair_text(p: &Vector) -> String {
    let item = |i| {
        p.scalar_at(i)
            .map(|s| scalar_script(&s))
            .unwrap_or_default()
    };
    format!("{} : {}", item(0), item(1))
}

/// `set(4,3,5)`; NULL members are empty, `...` past `max_vector` members.
fn set_text(s: &Set, opts: &DisplayOptions) -> String {
    let shown = s.len().min(opts.max_vector);
    let items: Vec<String> = s.items()[..shown]
        .iter()
        .map(|x| {
            if x.is_null() && shown > 1 {
                String::new()
            } else {
                scalar_script(x)
            }
        })
        .collect();
    let more = if s.len() > shown { "..." } else { "" };
    format!("set({}{more})", items.join(","))
}

/// One `key->value` line per entry, in the dictionary's stored order; `...` after
/// `max_rows` entries. A nested dictionary is printed on the following lines indented by four
/// spaces; a table or matrix value on the following lines as it is, then an empty line.
fn dict_text(d: &Dict, opts: &DisplayOptions) -> String {
    let shown = d.len().min(opts.max_rows);
    let mut lines: Vec<String> = Vec::with_capacity(shown + 1);
    for (key, value) in d.iter().take(shown) {
        let key = scalar_to_string(key);
        match value {
            Value::Dict(inner) => {
                lines.push(format!("{key}->"));
                let text = dict_text(inner, opts);
                lines.extend(text.lines().map(|l| format!("    {l}")));
            }
            Value::Table(_) | Value::Matrix(_) => {
                // The table's own text ends in a newline in DolphinDB, so an empty line
                // follows it (`schema->` in the `getBackupMeta` example).
                lines.push(format!("{key}->"));
                lines.push(display_with(value, opts));
                lines.push(String::new());
            }
            _ => lines.push(format!("{key}->{}", dict_value_text(value, opts))),
        }
    }
    if d.len() > shown {
        lines.push("...".to_string());
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

/// Dictionary values use `getString`: a scalar bare (strings unquoted, `cid->13349`,
/// `dfsPath->dfs://...` in the `getBackupMeta` example), anything else in its console form.
fn dict_value_text(v: &Value, opts: &DisplayOptions) -> String {
    match v {
        Value::Scalar(s) => scalar_to_string(s),
        _ => display_with(v, opts),
    }
}

/// Built-ins print their name (`g=&sum; g` prints `sum`); user functions print their
/// definition text when the source is still registered, otherwise `def name(params)`.
fn function_text(f: &Function) -> String {
    match f {
        Function::User(u) => {
            let span = u.def.span;
            if let Some(src) = crate::syntax::span::source(span.file) {
                let (start, end) = (span.start as usize, span.end as usize);
                if start < end && end <= src.text.len() {
                    if let Some(text) = src.text.get(start..end) {
                        return text.to_string();
                    }
                }
            }
            let params: Vec<String> = u.def.params.iter().map(|p| p.name.to_string()).collect();
            format!("def {}({})", f.name(), params.join(", "))
        }
        _ => f.name(),
    }
}

#[cfg(test)]
mod tests;
