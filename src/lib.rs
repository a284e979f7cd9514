//! porpoise: an interpreter for the DolphinDB script language.
//!
//! Data flows `.dos` text → [`syntax`] (pest grammar, lowering) → [`ast`] → [`eval`]
//! (tree walker, built-ins in [`builtins`], typed kernels in [`kernels`]) → [`value`] →
//! [`display`] (console formatting).

// The pest parser is generated for pest's no-std mode (see Cargo.toml), which names `alloc`.
extern crate alloc;

pub mod ast;
pub mod auth;
pub mod backup;
pub mod builtins;
pub mod cli;
pub mod display;
pub mod error;
pub mod eval;
pub mod home;
pub mod jobs;
pub mod kernels;
pub mod script;
pub mod shell;
pub mod sql;
pub mod stdlib;
pub mod storage;
pub mod syntax;
pub mod testing;
pub mod value;

pub use error::{Error, ErrorKind, Result};
pub use value::Value;
