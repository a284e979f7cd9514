//! Elementwise math functions: `abs sqrt square cbrt exp exp2 expm1 log log2 log10 log1p floor ceil
//! round signum reciprocal` and the trigonometric family with `deg2rad rad2deg`.
//!
//! All follow the broadcasting rule for data forms (scalar, vector, pair, matrix, tuple,
//! dictionary values). NULL in gives NULL out; a non-finite floating result (`log(0)`,
//! `sqrt(-1)`) is NULL.
//!
//! `abs`, `floor`, `ceil` and `round` without a scale keep the numeric
//! type (BOOL, CHAR, SHORT compute as INT); the others return DOUBLE; `signum` returns INT.

use super::args::int_arg;
use super::registry::{Builtin, BuiltinFn, Registry};
use crate::error::Result;
use crate::eval::Interp;
use crate::kernels::{float_unary, round_scale, same_type_unary, signum as signum_kernel};
use crate::value::Value;

/// A DOUBLE-valued function of one argument: (signature, kernel, doc, example, expected).
type FloatFn = (
    &'static str,
    BuiltinFn,
    &'static str,
    &'static str,
    &'static str,
);

const FLOAT_FNS: &[FloatFn] = &[
    (
        "sqrt(X)",
        sqrt,
        "The square root (DOUBLE); negative input gives NULL.",
        "sqrt(4 9 NULL)",
        "[2,3,]",
    ),
    (
        "square(X)",
        square,
        "X * X as DOUBLE.",
        "square(2 4 NULL 6)",
        "[4,16,,36]",
    ),
    (
        "cbrt(X)",
        cbrt,
        "The cube root (DOUBLE).",
        "cbrt(27 -8)",
        "[3,-2]",
    ),
    (
        "exp(X)",
        exp,
        "e raised to X (DOUBLE).",
        "exp(0 1)",
        "[1,2.718282]",
    ),
    ("exp2(X)", exp2, "2 raised to X (DOUBLE).", "exp2(3)", "8"),
    (
        "expm1(X)",
        expm1,
        "exp(X) - 1, accurate near zero (DOUBLE).",
        "expm1(0)",
        "0",
    ),
    (
        "log(X)",
        log,
        "The natural logarithm (DOUBLE); zero or negative input gives NULL.",
        "log(1 0)",
        "[0,]",
    ),
    (
        "log2(X)",
        log2,
        "The base-2 logarithm (DOUBLE).",
        "log2(8)",
        "3",
    ),
    (
        "log10(X)",
        log10,
        "The base-10 logarithm (DOUBLE).",
        "log10(1000)",
        "3",
    ),
    (
        "log1p(X)",
        log1p,
        "log(1 + X), accurate near zero (DOUBLE).",
        "log1p(0)",
        "0",
    ),
    (
        "reciprocal(X)",
        reciprocal,
        "1 / X (DOUBLE); zero gives NULL.",
        "reciprocal(2 4)",
        "[0.5,0.25]",
    ),
    ("sin(X)", sin, "The sine of X in radians.", "sin(0)", "0"),
    ("cos(X)", cos, "The cosine of X in radians.", "cos(0)", "1"),
    ("tan(X)", tan, "The tangent of X in radians.", "tan(0)", "0"),
    (
        "asin(X)",
        asin,
        "The arc sine, in radians.",
        "asin(1)",
        "1.570796",
    ),
    (
        "acos(X)",
        acos,
        "The arc cosine, in radians.",
        "acos(1)",
        "0",
    ),
    (
        "atan(X)",
        atan,
        "The arc tangent, in radians.",
        "atan(1)",
        "0.785398",
    ),
    ("sinh(X)", sinh, "The hyperbolic sine.", "sinh(0)", "0"),
    ("cosh(X)", cosh, "The hyperbolic cosine.", "cosh(0)", "1"),
    ("tanh(X)", tanh, "The hyperbolic tangent.", "tanh(0)", "0"),
    (
        "asinh(X)",
        asinh,
        "The inverse hyperbolic sine.",
        "asinh(0)",
        "0",
    ),
    (
        "acosh(X)",
        acosh,
        "The inverse hyperbolic cosine.",
        "acosh(1)",
        "0",
    ),
    (
        "atanh(X)",
        atanh,
        "The inverse hyperbolic tangent.",
        "atanh(0)",
        "0",
    ),
    (
        "deg2rad(X)",
        deg2rad,
        "Degrees to radians.",
        "deg2rad(180)",
        "3.141593",
    ),
    (
        "rad2deg(X)",
        rad2deg,
        "Radians to degrees.",
        "rad2deg(1)",
        "57.29578",
    ),
];

macro_rules! float_fns {
    ($($name:ident => $f:expr),* $(,)?) => {
        $(
            fn $name(_: &mut Interp, args: &[Value]) -> Result<Value> {
                float_unary(stringify!($name), &args[0], $f)
            }
        )*
    };
}

float_fns! {
    sqrt => f64::sqrt,
    square => |x: f64| x * x,
    cbrt => f64::cbrt,
    exp => f64::exp,
    exp2 => f64::exp2,
    expm1 => f64::exp_m1,
    log => f64::ln,
    log2 => f64::log2,
    log10 => f64::log10,
    log1p => f64::ln_1p,
    reciprocal => |x: f64| 1.0 / x,
    sin => f64::sin,
    cos => f64::cos,
    tan => f64::tan,
    asin => f64::asin,
    acos => f64::acos,
    atan => f64::atan,
    sinh => f64::sinh,
    cosh => f64::cosh,
    tanh => f64::tanh,
    asinh => f64::asinh,
    acosh => f64::acosh,
    atanh => f64::atanh,
    deg2rad => f64::to_radians,
    rad2deg => f64::to_degrees,
}

pub fn register(reg: &mut Registry) {
    for &(sig, func, doc, example, expected) in FLOAT_FNS {
        reg.add(Builtin::new(sig, func).doc(doc).example(example, expected));
    }
    reg.add(
        Builtin::new("abs(X)", abs)
            .doc("The absolute value, keeping the numeric type.")
            .example("abs(-3 2 NULL)", "[3,2,]"),
    );
    reg.add(
        Builtin::new("floor(X)", floor)
            .doc("The largest integral value not greater than X, keeping the type.")
            .example("floor(2.7 -2.2)", "[2,-3]"),
    );
    reg.add(
        Builtin::new("ceil(X)", ceil)
            .doc("The smallest integral value not less than X, keeping the type.")
            .example("ceil(2.2 -2.7)", "[3,-2]"),
    );
    reg.add(Builtin::new("round(X, [scale])", round)
        .doc("Rounds half away from zero; with scale, to that many decimal places (negative scales round to tens, hundreds ...) as DOUBLE.")
        .example("round(3.14159, 2)", "3.14"));
    reg.add(
        Builtin::new("signum(X)", signum)
            .doc("The sign of X as INT: -1, 0 or 1.")
            .example("signum(-2.5 0 3)", "[-1,0,1]"),
    );
}

fn abs(_: &mut Interp, args: &[Value]) -> Result<Value> {
    same_type_unary("abs", &args[0], i64::wrapping_abs, f64::abs)
}

fn floor(_: &mut Interp, args: &[Value]) -> Result<Value> {
    same_type_unary("floor", &args[0], |x| x, f64::floor)
}

fn ceil(_: &mut Interp, args: &[Value]) -> Result<Value> {
    same_type_unary("ceil", &args[0], |x| x, f64::ceil)
}

fn round(_: &mut Interp, args: &[Value]) -> Result<Value> {
    match args.get(1).filter(|v| !v.is_void()) {
        None => same_type_unary("round", &args[0], |x| x, f64::round),
        Some(s) => round_scale(&args[0], int_arg("round", "scale", s)?),
    }
}

fn signum(_: &mut Interp, args: &[Value]) -> Result<Value> {
    signum_kernel(&args[0])
}
