//! Temporary kernel entry points (replaced by the typed kernels branch).
use crate::ast::{BinOp, UnaryOp};
use crate::error::{Error, Result};
use crate::value::{Type, Value};
pub fn binary(_op: BinOp, _a: &Value, _b: &Value) -> Result<Value> {
    Err(Error::runtime("kernels pending"))
}
pub fn unary(_op: UnaryOp, _a: &Value) -> Result<Value> {
    Err(Error::runtime("kernels pending"))
}
pub fn cast(_v: &Value, _t: Type) -> Result<Value> {
    Err(Error::runtime("kernels pending"))
}
pub fn is_null(v: &Value) -> Value {
    v.clone()
}
