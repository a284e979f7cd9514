//! Parsing DolphinDB script: the pest grammar, lowering to the AST, and parse errors.

pub mod span;
