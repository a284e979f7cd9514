//! Built-in functions, registered family by family in one visible list.

mod aggregates;
mod args;
mod collections;
mod convert;
mod core;
mod dicts;
mod fills;
mod format;
mod help;
mod higher_order;
mod inplace;
mod math;
mod meta;
mod operators;
mod random;
mod regex;
mod registry;
mod rowfns;
mod strings;
mod system;
mod tables;
mod temporal;
mod temporal_format;
mod temporal_periods;
mod textio;
mod vecops;
mod vectors;

pub use self::core::{iif, type_arg, values_equal};
pub use args::{bool_arg, int_arg, str_arg, strings_arg};
pub use help::{help_text, suggestions};
pub use higher_order::{apply_adverbs, assemble, elements};
pub use meta::{default_col_name, make_alias, split_alias};
pub use random::Rng;
pub use registry::{lookup, registry, Builtin, BuiltinFn, Kind, Registry};
pub use tables::insert_in_memory;

/// Registers every family. Keep this list in one place: it is the map of what exists.
pub fn register_all(reg: &mut Registry) {
    self::core::register(reg);
    operators::register(reg);
    math::register(reg);
    higher_order::register(reg);
    collections::register(reg);
    vectors::register(reg);
    vecops::register(reg);
    fills::register(reg);
    rowfns::register(reg);
    dicts::register(reg);
    tables::register(reg);
    help::register(reg);
    inplace::register(reg);
    aggregates::register(reg);
    convert::register(reg);
    meta::register(reg);
    strings::register(reg);
    regex::register(reg);
    format::register(reg);
    temporal::register(reg);
    temporal_format::register(reg);
    temporal_periods::register(reg);
    crate::sql::register(reg);
    system::register(reg);
    textio::register(reg);
    random::register(reg);
    crate::auth::register(reg);
    crate::jobs::register(reg);
}
