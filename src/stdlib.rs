//! The standard library written in DolphinDB script (`stdlib/*.dos`), embedded in the binary.
//! Each file is a module; `install` makes them available to `use` without the file system.

use crate::eval::{Interp, ModuleSource};

/// (module name, source) of every embedded module.
pub const MODULES: &[(&str, &str)] = &[("std::seq", include_str!("../stdlib/std/seq.dos"))];

/// Registers the embedded modules with a session.
pub fn install(it: &mut Interp) {
    for (name, text) in MODULES {
        it.add_module_source(ModuleSource {
            name: (*name).to_string(),
            text: (*text).to_string(),
        });
    }
}
