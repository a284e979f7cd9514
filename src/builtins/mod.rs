//! Built-in functions, registered family by family in one visible list.

mod aggregates;
mod args;
mod collections;
mod convert;
mod core;
mod dfs;
mod dfs_meta;
mod higher_order;
mod inplace;
mod math;
mod meta;
mod operators;
mod registry;
mod vectors;

pub use self::core::{iif, type_arg, values_equal};
pub use args::coerce;
pub use dfs::append_dfs;
pub use higher_order::{apply_adverbs, assemble, elements};
pub use meta::{default_col_name, make_alias, split_alias};
pub use registry::{lookup, registry, Builtin, BuiltinFn, Kind, Registry};

/// Registers every family. Keep this list in one place: it is the map of what exists.
pub fn register_all(reg: &mut Registry) {
    self::core::register(reg);
    operators::register(reg);
    math::register(reg);
    higher_order::register(reg);
    collections::register(reg);
    vectors::register(reg);
    inplace::register(reg);
    aggregates::register(reg);
    convert::register(reg);
    meta::register(reg);
    crate::sql::register(reg);
    dfs::register(reg);
    dfs_meta::register(reg);
}
