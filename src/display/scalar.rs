//! Text of single values: a scalar as `string(x)` and the console give it, the "script"
//! form used for elements inside vectors, tuples, pairs and sets, and float formatting.
//!
//! DolphinDB has two texts per scalar. `getString` is what the console prints for a bare
//! scalar and for table cells (strings unquoted, NULL empty). `getScript` is what appears
//! inside `[...]`, `(...)`, `a : b` and `set(...)` (strings quoted, CHAR as `'a'`, a NULL as
//! its typed literal such as `00i`). The rules below follow the C++ implementation in
//! DolphinDB's own API (`ScalarImp.cpp`, `ConstantImp.cpp`), which shares its formatting code
//! with the server.

use crate::value::temporal::format_temporal;
use crate::value::{Scalar, Type};

/// The text of a scalar as `string(x)` gives it: no quotes, NULL is the empty string.
///
/// ```
/// use porpoise::display::scalar_to_string;
/// use porpoise::value::{Scalar, Type};
/// assert_eq!(scalar_to_string(&Scalar::I32(Type::Date, 15504)), "2012.06.13");
/// assert_eq!(scalar_to_string(&Scalar::string("IBM")), "IBM");
/// assert_eq!(scalar_to_string(&Scalar::null(Type::Int)), "");
/// ```
pub fn scalar_to_string(s: &Scalar) -> String {
    if s.is_null() {
        return String::new();
    }
    match s {
        Scalar::Void => String::new(),
        Scalar::I8(Type::Bool, v) => bool_text(*v),
        Scalar::I8(Type::Char, v) => char_text(*v),
        Scalar::I8(ty, v) => integral_text(*ty, *v as i64),
        Scalar::I16(ty, v) => integral_text(*ty, *v as i64),
        Scalar::I32(ty, v) => integral_text(*ty, *v as i64),
        Scalar::I64(ty, v) => integral_text(*ty, *v),
        Scalar::F32(v) => format_float(*v),
        Scalar::F64(v) => format_double(*v),
        Scalar::Str(_, v) => v.to_string(),
        Scalar::U128(v) => format_uuid(*v),
        Scalar::Duration(n, unit) => format!("{n}{}", unit.suffix()),
    }
}

/// The text of a scalar as an element of a vector, tuple, pair or set: strings and symbols
/// in double quotes, CHAR in single quotes, a NULL as its typed literal (`00i`, `NULL`).
pub fn scalar_script(s: &Scalar) -> String {
    if s.is_null() {
        return null_script(s.ty());
    }
    match s {
        Scalar::I8(Type::Char, v) if is_printable(*v) => format!("'{}'", *v as u8 as char),
        Scalar::Str(_, v) => quote(v),
        _ => scalar_to_string(s),
    }
}

/// The typed NULL literal of a type, as DolphinDB prints a lone NULL element (`[00i]`).
pub fn null_script(ty: Type) -> String {
    if ty.is_literal() {
        return "\"\"".to_string();
    }
    match ty.null_suffix() {
        Some(c) => format!("00{c}"),
        None => "NULL".to_string(),
    }
}

/// Formats a DOUBLE as DolphinDB does: up to six decimals with trailing zeros removed
/// (`4.533333`, `100`), and scientific notation when `0 < |x| <= 1e-6` or `|x| >= 1e6`
/// (`5.358979e-08`). NULL (and NaN, which porpoise treats as NULL) gives the empty string.
///
/// ```
/// use porpoise::display::format_double;
/// assert_eq!(format_double(1.0 / 3.0), "0.333333");
/// assert_eq!(format_double(2.0), "2");
/// assert_eq!(format_double(3.1415926f64.sin()), "5.358979e-08");
/// ```
pub fn format_double(x: f64) -> String {
    if x == f64::MIN || x.is_nan() {
        return String::new();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    if x == 0.0 {
        return "0".to_string();
    }
    let abs = x.abs();
    if abs <= 1e-6 || abs >= 1e6 {
        return scientific(x);
    }
    let fixed = format!("{x:.6}");
    let trimmed = fixed.trim_end_matches('0').trim_end_matches('.');
    if trimmed == "-0" {
        "0".to_string()
    } else {
        trimmed.to_string()
    }
}

/// Formats a FLOAT with the same rules as DOUBLE (its NULL is `f32::MIN`).
pub fn format_float(x: f32) -> String {
    if x == f32::MIN || x.is_nan() {
        return String::new();
    }
    format_double(x as f64)
}

/// A UUID as `5d212a78-cc48-e3b1-4235-b4d91473ee87` (the u128 read big-endian).
pub fn format_uuid(v: u128) -> String {
    let hex = format!("{v:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// Scientific form `m.mmmmmme+XX`: DolphinDB's pattern `0.0#####E0` keeps one to six
/// mantissa decimals; the exponent is written as C's `printf` does on Linux (sign and at
/// least two digits), which is how the server's console shows it (`5.358979e-008` on Windows).
fn scientific(x: f64) -> String {
    let raw = format!("{x:.6e}");
    let Some((mantissa, exp)) = raw.split_once('e') else {
        return raw;
    };
    let mut mantissa = mantissa.trim_end_matches('0').to_string();
    if mantissa.ends_with('.') {
        mantissa.push('0');
    }
    let exp: i32 = exp.parse().unwrap_or(0);
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{mantissa}e{sign}{:02}", exp.abs())
}

fn integral_text(ty: Type, v: i64) -> String {
    format_temporal(ty, v).unwrap_or_else(|| v.to_string())
}

fn bool_text(v: i8) -> String {
    if v != 0 { "true" } else { "false" }.to_string()
}

/// CHAR prints as the character when printable, otherwise as its number (DolphinDB's
/// `Char::toString`).
fn char_text(v: i8) -> String {
    if is_printable(v) {
        (v as u8 as char).to_string()
    } else {
        v.to_string()
    }
}

fn is_printable(v: i8) -> bool {
    (32..127).contains(&v)
}

fn quote(s: &str) -> String {
    let mut res = String::with_capacity(s.len() + 2);
    res.push('"');
    res.push_str(s);
    res.push('"');
    res
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::DurationUnit;

    #[test]
    fn doubles_follow_dolphindb() {
        assert_eq!(format_double(3.03315), "3.03315");
        assert_eq!(format_double(3f64.ln()), "1.098612");
        assert_eq!(format_double(13.6 / 3.0), "4.533333");
        assert_eq!(format_double(std::f64::consts::PI), "3.141593");
        assert_eq!(format_double(100.0), "100");
        assert_eq!(format_double(-0.416147), "-0.416147");
        assert_eq!(format_double(999999.5), "999999.5");
        assert_eq!(format_double(1189796.0), "1.189796e+06");
        assert_eq!(format_double(1e20), "1.0e+20");
        assert_eq!(format_double(-2.5e7), "-2.5e+07");
        assert_eq!(format_double(1e-8), "1.0e-08");
        assert_eq!(format_double(0.0), "0");
        assert_eq!(format_double(-0.0), "0");
        assert_eq!(format_double(f64::MIN), "");
        assert_eq!(format_double(f64::NAN), "");
        assert_eq!(format_double(f64::INFINITY), "inf");
        assert_eq!(format_float(2.1), "2.1");
        assert_eq!(format_float(f32::MIN), "");
    }

    #[test]
    fn scalars_as_string() {
        assert_eq!(scalar_to_string(&Scalar::bool(true)), "true");
        assert_eq!(scalar_to_string(&Scalar::char(97)), "a");
        assert_eq!(scalar_to_string(&Scalar::char(7)), "7");
        assert_eq!(
            scalar_to_string(&Scalar::I32(Type::Month, 24193)),
            "2016.02M"
        );
        assert_eq!(
            scalar_to_string(&Scalar::I32(Type::Second, 48610)),
            "13:30:10"
        );
        assert_eq!(scalar_to_string(&Scalar::Void), "");
        assert_eq!(
            scalar_to_string(&Scalar::Duration(3, DurationUnit::Month)),
            "3M"
        );
        assert_eq!(
            scalar_to_string(&Scalar::U128(0x5d212a78_cc48_e3b1_4235_b4d91473ee87)),
            "5d212a78-cc48-e3b1-4235-b4d91473ee87"
        );
    }

    #[test]
    fn scripts_quote_and_type_nulls() {
        assert_eq!(scalar_script(&Scalar::string("IBM")), "\"IBM\"");
        assert_eq!(scalar_script(&Scalar::symbol("A")), "\"A\"");
        assert_eq!(scalar_script(&Scalar::char(120)), "'x'");
        assert_eq!(scalar_script(&Scalar::null(Type::Int)), "00i");
        assert_eq!(scalar_script(&Scalar::null(Type::Date)), "00d");
        assert_eq!(scalar_script(&Scalar::Void), "NULL");
        assert_eq!(scalar_script(&Scalar::int(5)), "5");
    }
}
