//! Function forms of the operators (`add` for `+`, `lt` for `<` ...), so that operators can
//! be passed to higher-order functions and called by name. All of them go through the typed
//! kernels in `crate::kernels`.

use super::registry::{Builtin, Registry};
use crate::ast::{BinOp, UnaryOp};
use crate::error::Result;
use crate::eval::Interp;
use crate::value::Value;

macro_rules! binary_fns {
    ($($fname:ident => $op:ident),* $(,)?) => {
        $(
            fn $fname(_: &mut Interp, args: &[Value]) -> Result<Value> {
                crate::kernels::binary(BinOp::$op, &args[0], &args[1])
            }
        )*
    };
}

binary_fns!(
    add => Add, sub => Sub, mul => Mul, div => Div, ratio => Ratio, mod_ => Mod, dot => Dot,
    join => Join, pair => Pair, eq => Eq, ne => Ne, lt => Lt, le => Le, gt => Gt, ge => Ge,
    and => And, or => Or, bit_and => BitAnd, bit_or => BitOr, bit_xor => BitXor,
    lshift => Shl, rshift => Shr,
);

fn not(_: &mut Interp, args: &[Value]) -> Result<Value> {
    crate::kernels::unary(UnaryOp::Not, &args[0])
}

fn neg(_: &mut Interp, args: &[Value]) -> Result<Value> {
    crate::kernels::unary(UnaryOp::Neg, &args[0])
}

pub fn register(reg: &mut Registry) {
    let ops: [(
        &'static str,
        super::BuiltinFn,
        &'static str,
        &'static str,
        &'static str,
    ); 22] = [
        (
            "add(X, Y)",
            add,
            "X + Y, element-wise; strings concatenate.",
            "add(1 2 3, 10)",
            "[11,12,13]",
        ),
        (
            "sub(X, Y)",
            sub,
            "X - Y, element-wise.",
            "sub(10, 1 2)",
            "[9,8]",
        ),
        ("mul(X, Y)", mul, "X * Y, element-wise.", "mul(2, 3)", "6"),
        (
            "div(X, Y)",
            div,
            "X / Y; integer operands give integer division.",
            "div(7, 2)",
            "3",
        ),
        (
            "ratio(X, Y)",
            ratio,
            "X \\ Y, always floating-point division.",
            "ratio(7, 2)",
            "3.5",
        ),
        ("mod(X, Y)", mod_, "X % Y, the remainder.", "mod(7, 3)", "1"),
        (
            "dot(X, Y)",
            dot,
            "X ** Y, the inner product.",
            "dot(1 2 3, 4 5 6)",
            "32",
        ),
        (
            "join(X, Y)",
            join,
            "X <- Y: appends Y to X (vectors, matrices, tables).",
            "1 2 <- 3",
            "[1,2,3]",
        ),
        ("pair(X, Y)", pair, "X : Y, a pair.", "pair(1, 5)", "1 : 5"),
        (
            "eq(X, Y)",
            eq,
            "X == Y.",
            "eq(1 2 3, 2)",
            "[false,true,false]",
        ),
        ("ne(X, Y)", ne, "X != Y.", "ne(1, 2)", "true"),
        (
            "lt(X, Y)",
            lt,
            "X < Y; NULL compares as the minimum.",
            "lt(1, 2)",
            "true",
        ),
        ("le(X, Y)", le, "X <= Y.", "le(2, 2)", "true"),
        ("gt(X, Y)", gt, "X > Y.", "gt(1, 2)", "false"),
        ("ge(X, Y)", ge, "X >= Y.", "ge(1, 2)", "false"),
        (
            "and(X, Y)",
            and,
            "Logical AND (X && Y).",
            "true and false",
            "false",
        ),
        (
            "or(X, Y)",
            or,
            "Logical OR (X || Y).",
            "true or false",
            "true",
        ),
        (
            "bitAnd(X, Y)",
            bit_and,
            "Bitwise AND (X & Y).",
            "bitAnd(6, 3)",
            "2",
        ),
        (
            "bitOr(X, Y)",
            bit_or,
            "Bitwise OR (X | Y).",
            "bitOr(6, 3)",
            "7",
        ),
        (
            "bitXor(X, Y)",
            bit_xor,
            "Bitwise XOR (X ^ Y).",
            "bitXor(6, 3)",
            "5",
        ),
        (
            "lshift(X, bits)",
            lshift,
            "Shifts X left (X << bits).",
            "lshift(1, 3)",
            "8",
        ),
        (
            "rshift(X, bits)",
            rshift,
            "Shifts X right (X >> bits).",
            "rshift(8, 3)",
            "1",
        ),
    ];
    for (sig, f, doc, ex, expected) in ops {
        reg.add(Builtin::new(sig, f).doc(doc).example(ex, expected));
    }
    reg.add(
        Builtin::new("not(X)", not)
            .doc("Logical NOT (!X).")
            .example("not(true)", "false"),
    );
    reg.add(
        Builtin::new("neg(X)", neg)
            .doc("Negation (-X).")
            .example("neg(1 -2)", "[-1,2]"),
    );
}
