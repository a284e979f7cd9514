//! The tree-walking interpreter.

/// The interpreter session: variables, functions, modules and output.
pub struct Interp {}
