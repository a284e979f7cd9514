//! Text of scalars for `string()`/`$STRING` and string concatenation with `+`.
//!
//! `scalar_text` is a private stand-in for the display module's scalar formatter (the lead will
//! unify them): numbers print bare, doubles with up to six decimals (trailing zeros trimmed) or
//! in scientific form when very large or small, temporal values in their literal form, NULL as
//! the empty string.

use super::prim::{Flat, Operand};
use crate::error::Result;
use crate::value::temporal::format_temporal;
use crate::value::{Scalar, Type, VecData, Vector};
use std::borrow::Cow;
use std::sync::Arc;

/// Text of one scalar as `string(x)` gives it; NULL gives "".
pub(crate) fn scalar_text(s: &Scalar) -> String {
    if s.is_null() {
        return String::new();
    }
    match s {
        Scalar::Void => String::new(),
        Scalar::I8(Type::Bool, v) => if *v != 0 { "true" } else { "false" }.to_string(),
        Scalar::I8(Type::Char, v) => (*v as u8 as char).to_string(),
        Scalar::I8(_, v) => v.to_string(),
        Scalar::I16(_, v) => v.to_string(),
        Scalar::I32(ty, v) => format_temporal(*ty, *v as i64).unwrap_or_else(|| v.to_string()),
        Scalar::I64(ty, v) => format_temporal(*ty, *v).unwrap_or_else(|| v.to_string()),
        Scalar::F32(v) => format_double(*v as f64),
        Scalar::F64(v) => format_double(*v),
        Scalar::Str(_, v) => v.to_string(),
        Scalar::U128(v) => format_uuid(*v),
        Scalar::Duration(n, u) => format!("{n}{}", u.suffix()),
    }
}

/// DOUBLE text: six decimals with trailing zeros trimmed, scientific outside [1e-6, 1e15).
pub(crate) fn format_double(v: f64) -> String {
    if v.is_infinite() {
        return if v > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    let a = v.abs();
    if a != 0.0 && !(1e-6..1e15).contains(&a) {
        let s = format!("{v:.6e}");
        // Rust prints `1.5e7`; trim mantissa zeros and pad the exponent like C's `%e`.
        let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
        let m = trim_zeros(m);
        let (sign, digits) = match e.strip_prefix('-') {
            Some(d) => ('-', d),
            None => ('+', e),
        };
        return format!("{m}e{sign}{digits:0>3}");
    }
    trim_zeros(&format!("{v:.6}")).to_string()
}

fn trim_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

/// `8-4-4-4-12` lower-case hex.
pub(crate) fn format_uuid(v: u128) -> String {
    let h = format!("{v:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// The strings of an operand: borrowed for STRING/SYMBOL, formatted for anything else.
enum Texts<'a> {
    S(Cow<'a, str>),
    V(Vec<Cow<'a, str>>),
}

fn texts(op: Operand<'_>) -> Texts<'_> {
    match op {
        Operand::S(Scalar::Str(_, s)) => Texts::S(Cow::Borrowed(s)),
        Operand::S(s) => Texts::S(Cow::Owned(scalar_text(s))),
        Operand::V(v) => match v.data() {
            VecData::Str(items) => Texts::V(items.iter().map(|s| Cow::Borrowed(&**s)).collect()),
            _ => Texts::V(
                (0..v.len())
                    .map(|i| {
                        Cow::Owned(v.scalar_at(i).map(|s| scalar_text(&s)).unwrap_or_default())
                    })
                    .collect(),
            ),
        },
    }
}

/// `"tag" + "001"` → `"tag001"`; a non-string side is converted with [`scalar_text`].
pub(crate) fn concat(a: Operand<'_>, b: Operand<'_>) -> Result<Flat> {
    let join = |x: &str, y: &str| -> Arc<str> {
        let mut s = String::with_capacity(x.len() + y.len());
        s.push_str(x);
        s.push_str(y);
        Arc::from(s)
    };
    Ok(match (texts(a), texts(b)) {
        (Texts::S(x), Texts::S(y)) => Flat::S(Scalar::Str(Type::String, join(&x, &y))),
        (Texts::S(x), Texts::V(ys)) => {
            Flat::V(Vector::strings(ys.iter().map(|y| join(&x, y)).collect()))
        }
        (Texts::V(xs), Texts::S(y)) => {
            Flat::V(Vector::strings(xs.iter().map(|x| join(x, &y)).collect()))
        }
        (Texts::V(xs), Texts::V(ys)) => Flat::V(Vector::strings(
            xs.iter().zip(ys.iter()).map(|(x, y)| join(x, y)).collect(),
        )),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_print_like_the_console() {
        assert_eq!(format_double(4.5333333333), "4.533333");
        assert_eq!(format_double(0.1666666666), "0.166667");
        assert_eq!(format_double(108.5), "108.5");
        assert_eq!(format_double(3.0), "3");
        assert_eq!(format_double(1.5e20), "1.5e+020");
    }

    #[test]
    fn temporal_and_other_text() {
        assert_eq!(scalar_text(&Scalar::I32(Type::Date, 15504)), "2012.06.13");
        assert_eq!(scalar_text(&Scalar::bool(true)), "true");
        assert_eq!(scalar_text(&Scalar::char(97)), "a");
        assert_eq!(scalar_text(&Scalar::null(Type::Int)), "");
    }
}
