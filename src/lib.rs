//! porpoise: an interpreter for the DolphinDB script language.
//!
//! Data flows `.dos` text → [`syntax`] (pest grammar, lowering) → [`ast`] → [`eval`]
//! (tree walker, built-ins in [`builtins`], typed kernels in [`kernels`]) → [`value`] →
//! [`display`] (console formatting).

pub mod ast;
pub mod builtins;
pub mod error;
pub mod eval;
pub mod kernels;
pub mod syntax;
pub mod value;

pub use error::{Error, ErrorKind, Result};
pub use value::Value;
