//! Built-in functions, registered family by family in one visible list.

mod core;
mod higher_order;
mod operators;
mod registry;

pub use self::core::{iif, type_arg, values_equal};
pub use higher_order::{apply_adverbs, assemble, elements};
pub use registry::{lookup, registry, Builtin, BuiltinFn, Kind, Registry};

/// Registers every family. Keep this list in one place: it is the map of what exists.
pub fn register_all(reg: &mut Registry) {
    self::core::register(reg);
    operators::register(reg);
    higher_order::register(reg);
    crate::sql::register(reg);
}
