//! Math functions the language core needs; the full math family comes with the function
//! library.

use super::registry::{Builtin, Registry};
use crate::error::Result;
use crate::eval::Interp;
use crate::value::Value;

pub fn register(reg: &mut Registry) {
    reg.add(
        Builtin::new("pow(X, Y)", pow)
            .doc("X raised to the power Y, element-wise; the result is always DOUBLE.")
            .example("pow(2, 1 2 3)", "[2,4,8]"),
    );
}

fn pow(_: &mut Interp, args: &[Value]) -> Result<Value> {
    crate::kernels::float_binary("pow", &args[0], &args[1], f64::powf)
}
