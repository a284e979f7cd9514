//! Function values: built-ins, user-defined functions and closures, partial applications
//! (`f{a, , c}`) and functions with template operators applied (`f:E`).

use super::Value;
use crate::ast::{self, Adverb, Name};
use crate::builtins::Builtin;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub enum Function {
    Builtin(&'static Builtin),
    User(UserFunc),
    Partial(PartialFunc),
    /// `f:E`, `f:E:L`: the adverbs apply left to right.
    Adverb {
        inner: Arc<Function>,
        adverbs: Vec<Adverb>,
    },
}

/// A user-defined function or lambda. Lambdas capture the values of the enclosing
/// function's local variables they mention when they are created (DolphinDB closures
/// capture by value).
#[derive(Clone, Debug)]
pub struct UserFunc {
    pub def: Arc<ast::FuncDef>,
    pub captured: Vec<(Name, Value)>,
    /// The module that defined it, for resolving the module's other functions.
    pub module: Option<Name>,
}

/// `f{a, , c}`: fixed arguments with holes, plus fixed named arguments (`rank{percent=true}`).
#[derive(Clone, Debug)]
pub struct PartialFunc {
    pub func: Arc<Function>,
    /// `None` is a hole filled, in order, by the call's arguments.
    pub args: Vec<Option<Value>>,
    pub named: Vec<(Name, Value)>,
}

impl Function {
    /// The name used in error messages and when the function is displayed.
    pub fn name(&self) -> String {
        match self {
            Function::Builtin(b) => b.name.to_string(),
            Function::User(u) => u
                .def
                .name
                .as_ref()
                .map(|n| n.to_string())
                .unwrap_or_else(|| "lambda".to_string()),
            Function::Partial(p) => p.func.name(),
            Function::Adverb { inner, adverbs } => {
                let mut s = inner.name();
                for a in adverbs {
                    s.push(':');
                    s.push(a.kind.letter());
                }
                s
            }
        }
    }

    /// How many arguments a call must supply, when it is known: `(min, max)`.
    pub fn arity(&self) -> (usize, usize) {
        match self {
            Function::Builtin(b) => (b.min_args, b.max_args),
            Function::User(u) => {
                let required = u.def.params.iter().filter(|p| p.default.is_none()).count();
                (required, u.def.params.len())
            }
            Function::Partial(p) => {
                let holes = p.args.iter().filter(|a| a.is_none()).count();
                let (lo, hi) = p.func.arity();
                let fixed = p.args.len() - holes;
                (
                    lo.saturating_sub(fixed + p.named.len())
                        .min(holes.max(lo.saturating_sub(fixed))),
                    hi.saturating_sub(fixed),
                )
            }
            Function::Adverb { .. } => (1, usize::MAX),
        }
    }
}
