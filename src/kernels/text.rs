//! Text of scalars for `string()`/`$STRING` and string concatenation with `+`.
//!
//! The text of a scalar is the display module's `scalar_to_string`, so that `string(x)`,
//! `x$STRING` and the console agree.

use super::prim::{Flat, Operand};
use crate::error::Result;
use crate::value::{Scalar, Type, VecData, Vector};
use std::borrow::Cow;
use std::sync::Arc;

/// Text of one scalar as `string(x)` gives it; NULL gives "".
pub(crate) fn scalar_text(s: &Scalar) -> String {
    crate::display::scalar_to_string(s)
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
    fn temporal_and_other_text() {
        assert_eq!(scalar_text(&Scalar::I32(Type::Date, 15504)), "2012.06.13");
        assert_eq!(scalar_text(&Scalar::bool(true)), "true");
        assert_eq!(scalar_text(&Scalar::char(97)), "a");
        assert_eq!(scalar_text(&Scalar::null(Type::Int)), "");
    }
}
