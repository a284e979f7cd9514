//! placeholder
use super::registry::Registry;
pub fn register(_reg: &mut Registry) {}
