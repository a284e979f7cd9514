//! Built-in functions, registered family by family in one visible list.

mod aggregates;
mod args;
mod collections;
mod convert;
mod core;
mod cumulative;
mod higher_order;
mod inplace;
mod math;
mod mathfns;
mod meta;
mod moving;
mod numeric;
mod operators;
mod registry;
mod series;
mod stats;
mod vectors;

pub use self::core::{iif, type_arg, values_equal};
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
    stats::register(reg);
    moving::register(reg);
    cumulative::register(reg);
    series::register(reg);
    mathfns::register(reg);
    crate::sql::register(reg);
}
