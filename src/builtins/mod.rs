//! Built-in functions, registered family by family in one visible list.

mod registry;

pub use registry::{lookup, registry, Builtin, BuiltinFn, Kind, Registry};

/// Registers every family. Keep this list in one place: it is the map of what exists.
pub fn register_all(reg: &mut Registry) {
    let _ = reg;
}
