//! SQL over in-memory tables: select/exec, update, delete, insert.

use crate::ast::{Delete, Insert, Select, Update};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::value::Value;

pub fn select(_it: &mut Interp, _q: &Select) -> Result<Value> {
    Err(Error::runtime("SQL select is not available yet"))
}
pub fn update(_it: &mut Interp, _q: &Update) -> Result<Value> {
    Err(Error::runtime("SQL update is not available yet"))
}
pub fn delete(_it: &mut Interp, _q: &Delete) -> Result<Value> {
    Err(Error::runtime("SQL delete is not available yet"))
}
pub fn insert(_it: &mut Interp, _q: &Insert) -> Result<Value> {
    Err(Error::runtime("SQL insert is not available yet"))
}
