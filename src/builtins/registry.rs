//! The built-in function registry: one descriptor per function, looked up by name or alias.

use crate::error::Result;
use crate::eval::Interp;
use crate::value::Value;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The Rust implementation of a built-in. It receives the evaluated arguments, already
/// checked against the arity range, with omitted optional arguments left out (`args.len()`
/// tells how many were given) and skipped ones (`f(a, , c)`) passed as VOID NULL.
pub type BuiltinFn = fn(&mut Interp, &[Value]) -> Result<Value>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An ordinary (vector or scalar) function.
    Function,
    /// Reduces a vector to a scalar; used by SQL `group by`.
    Aggregate,
    /// Takes functions as arguments (`each`, `accumulate` ...).
    HigherOrder,
    /// Statement-like built-ins acting on the session (`print`, `undef` ...).
    System,
}

/// One built-in: name, aliases, signature, kind, documentation and an example.
#[derive(Debug)]
pub struct Builtin {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    /// DolphinDB-style signature, e.g. `take(X, n)` or `sort(X, [ascending=true])`.
    /// Parameter names (for `f(name=value)`) and the arity range are derived from it.
    pub signature: &'static str,
    pub kind: Kind,
    pub doc: &'static str,
    /// A runnable `.dos` example and the output it displays.
    pub example: &'static str,
    pub expected: &'static str,
    pub func: BuiltinFn,
    /// The argument whose variable receives the result: the first for every `name!` function
    /// and for `addColumn`/`tableInsert` (DolphinDB applies them to the table in place), the
    /// third for `isort!(X, ascending, indices)`; `None` for ordinary functions.
    pub in_place: Option<usize>,
    pub params: Vec<&'static str>,
    pub min_args: usize,
    pub max_args: usize,
}

impl Builtin {
    /// Creates a descriptor from its signature; `name(a, b, [c=1], args...)`.
    pub fn new(signature: &'static str, func: BuiltinFn) -> Builtin {
        let (name, params, min_args, max_args) = parse_signature(signature);
        Builtin {
            name,
            aliases: &[],
            signature,
            kind: Kind::Function,
            doc: "",
            example: "",
            expected: "",
            func,
            in_place: name.ends_with('!').then_some(0),
            params,
            min_args,
            max_args,
        }
    }

    pub fn kind(mut self, kind: Kind) -> Builtin {
        self.kind = kind;
        self
    }
    pub fn aliases(mut self, aliases: &'static [&'static str]) -> Builtin {
        self.aliases = aliases;
        self
    }
    /// Marks a function without `!` that modifies its first argument in place.
    pub fn in_place(self) -> Builtin {
        self.in_place_arg(0)
    }
    /// Writes the result back to argument `i` instead of the first.
    pub fn in_place_arg(mut self, i: usize) -> Builtin {
        self.in_place = Some(i);
        self
    }
    pub fn doc(mut self, doc: &'static str) -> Builtin {
        self.doc = doc;
        self
    }
    pub fn example(mut self, example: &'static str, expected: &'static str) -> Builtin {
        self.example = example;
        self.expected = expected;
        self
    }

    /// Position of a named parameter (`f(X=1)`), matched case-sensitively.
    pub fn param_index(&self, name: &str) -> Option<usize> {
        self.params.iter().position(|p| *p == name).or_else(|| {
            // `dbPath|sqlObj`: every spelling names the parameter.
            let open = self.signature.find('(')?;
            let inner = self.signature[open..]
                .trim_start_matches('(')
                .trim_end_matches(')');
            inner
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .position(|raw| {
                    let p = raw.trim_matches(['[', ']']);
                    let p = p.split('=').next().unwrap_or(p).trim();
                    p.split('|').any(|a| a == name)
                })
        })
    }
}

/// Splits `name(a, b, [c=1], [d], args...)` into the name, parameter names and arity range.
fn parse_signature(sig: &'static str) -> (&'static str, Vec<&'static str>, usize, usize) {
    let open = sig.find('(').unwrap_or(sig.len());
    let name = sig[..open].trim();
    let inner = sig[open..].trim_start_matches('(').trim_end_matches(')');
    let mut params = Vec::new();
    let mut min = 0;
    let mut max = 0;
    for raw in inner.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        if raw.ends_with("...") {
            max = usize::MAX;
            params.push(raw.trim_end_matches("...").trim_matches(['[', ']']));
            continue;
        }
        let optional = raw.starts_with('[');
        let p = raw.trim_matches(['[', ']']);
        let p = p.split('=').next().unwrap_or(p).trim();
        // `dbPath|sqlObj`: the first spelling is the parameter's name.
        let p = p.split('|').next().unwrap_or(p);
        params.push(p);
        if max != usize::MAX {
            max += 1;
        }
        if !optional {
            min = params.len();
        }
    }
    (name, params, min, max)
}

/// All built-ins, by name and alias.
pub struct Registry {
    list: Vec<Builtin>,
    by_name: HashMap<&'static str, usize>,
}

impl Registry {
    pub fn new() -> Registry {
        Registry {
            list: Vec::new(),
            by_name: HashMap::new(),
        }
    }

    /// Adds a built-in. A name registered twice is a bug in porpoise, caught by the
    /// registry's unit test; at run time the first registration wins.
    pub fn add(&mut self, b: Builtin) {
        let idx = self.list.len();
        for n in std::iter::once(b.name).chain(b.aliases.iter().copied()) {
            self.by_name.entry(n).or_insert(idx);
        }
        self.list.push(b);
    }

    pub fn get(&self, name: &str) -> Option<&Builtin> {
        self.by_name.get(name).map(|&i| &self.list[i])
    }

    pub fn iter(&self) -> impl Iterator<Item = &Builtin> {
        self.list.iter()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Names (and aliases) registered more than once.
    pub fn duplicates(&self) -> Vec<&'static str> {
        let mut seen = std::collections::HashSet::new();
        let mut dup = Vec::new();
        for b in &self.list {
            for n in std::iter::once(b.name).chain(b.aliases.iter().copied()) {
                if !seen.insert(n) {
                    dup.push(n);
                }
            }
        }
        dup
    }
}

impl Default for Registry {
    fn default() -> Registry {
        Registry::new()
    }
}

/// The process-wide registry, built on first use.
pub fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let mut reg = Registry::new();
        super::register_all(&mut reg);
        reg
    })
}

/// Looks a built-in up by name or alias.
pub fn lookup(name: &str) -> Option<&'static Builtin> {
    registry().get(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_give_arity() {
        assert_eq!(
            parse_signature("take(X, n)"),
            ("take", vec!["X", "n"], 2, 2)
        );
        let (_, p, lo, hi) = parse_signature("sort(X, [ascending=true])");
        assert_eq!((p, lo, hi), (vec!["X", "ascending"], 1, 2));
        let (_, p, lo, hi) = parse_signature("print(args...)");
        assert_eq!((p, lo, hi), (vec!["args"], 0, usize::MAX));
        let (_, p, _, _) = parse_signature("backup(backupDir, dbPath|sqlObj, [force=false])");
        assert_eq!(p, vec!["backupDir", "dbPath", "force"]);
    }

    #[test]
    fn no_duplicate_names() {
        assert_eq!(registry().duplicates(), Vec::<&str>::new());
    }
}
