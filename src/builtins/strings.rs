//! String functions: `strlen upper lower trim ltrim rtrim strip substr left right lpad rpad
//! split concat strReplace strpos startsWith endsWith charAt repeat`.
//!
//! Every function takes a STRING or SYMBOL scalar or vector and works elementwise over the
//! borrowed strings; a NULL string is the empty string, so it flows through as "" (and
//! `strlen` of it is 0). Positions and lengths count bytes, as DolphinDB's do for UTF-8 text.
//! String-to-string functions keep the argument's type (SYMBOL in, SYMBOL out).

use super::args::{int_arg, str_arg};
use super::registry::{Builtin, Registry};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::value::{Scalar, Type, Value, VecData, Vector};
use std::sync::Arc;

pub fn register(reg: &mut Registry) {
    reg.add(
        Builtin::new("strlen(X)", strlen)
            .doc("The length in bytes of each string (INT); a NULL string has length 0.")
            .example("strlen(`abc`de)", "[3,2]"),
    );
    reg.add(
        Builtin::new("upper(X)", upper)
            .doc("Converts every letter to upper case.")
            .example("upper(\"Hello\")", "HELLO"),
    );
    reg.add(
        Builtin::new("lower(X)", lower)
            .doc("Converts every letter to lower case.")
            .example("lower(\"Hello\")", "hello"),
    );
    reg.add(
        Builtin::new("trim(X)", trim)
            .doc("Removes leading and trailing spaces.")
            .example("trim(\"  a b  \")", "a b"),
    );
    reg.add(
        Builtin::new("ltrim(X)", ltrim)
            .doc("Removes leading spaces.")
            .example("ltrim(\"  ab\") + \"|\"", "ab|"),
    );
    reg.add(
        Builtin::new("rtrim(X)", rtrim)
            .doc("Removes trailing spaces.")
            .example("rtrim(\"ab  \") + \"|\"", "ab|"),
    );
    reg.add(
        Builtin::new("strip(X)", strip)
            .doc("Removes leading and trailing whitespace (spaces, tabs, carriage returns, newlines).")
            .example("strip(\"\\t ab \\n\")", "ab"),
    );
    reg.add(
        Builtin::new("substr(X, offset, [length])", substr)
            .doc("The substring starting at 0-based offset, of at most length bytes (to the end if omitted).")
            .example("substr(\"This is a test\", 5, 2)", "is"),
    );
    reg.add(
        Builtin::new("left(X, n)", left)
            .doc("The first n bytes of each string.")
            .example("left(\"Hello\", 2)", "He"),
    );
    reg.add(
        Builtin::new("right(X, n)", right)
            .doc("The last n bytes of each string.")
            .example("right(\"Hello\", 2)", "lo"),
    );
    reg.add(
        Builtin::new("lpad(str, length, [pattern])", lpad)
            .doc("Pads str on the left with pattern (spaces by default) to length; longer strings are truncated to their first length bytes.")
            .example("lpad(`Hello, 8, `0)", "000Hello"),
    );
    reg.add(
        Builtin::new("rpad(str, length, [pattern])", rpad)
            .doc("Pads str on the right with pattern (spaces by default) to length; longer strings are truncated.")
            .example("rpad(`Hello, 8, `0)", "Hello000"),
    );
    reg.add(
        Builtin::new("split(str, [delimiter])", split)
            .doc("Splits a string by delimiter into a STRING vector, or into a CHAR vector without one; a vector gives a tuple of results.")
            .example("split(\"XOM|2018.02.15|76.21\", \"|\")", "[\"XOM\",\"2018.02.15\",\"76.21\"]"),
    );
    reg.add(
        Builtin::new("concat(X, [Y])", concat)
            .doc("Joins two strings, or the elements of a string vector X with separator Y, into one STRING.")
            .example("concat(`IBM`GOOG`APPL, \",\")", "IBM,GOOG,APPL"),
    );
    reg.add(
        Builtin::new("strReplace(str, pattern, replacement)", str_replace)
            .doc("Replaces every occurrence of pattern in str with replacement.")
            .example("strReplace(\"a-b-c\", \"-\", \"+\")", "a+b+c"),
    );
    reg.add(
        Builtin::new("strpos(X, str)", strpos)
            // DolphinDB has no `strFind`; issue 3 lists it, so it is kept as a plain alias.
            .aliases(&["strFind"])
            .doc(
                "The 0-based position of the first occurrence of str in X, or -1. \
                 `strFind` is a porpoise alias (DolphinDB itself only has strpos).",
            )
            .example("strpos(\"abcdefg\", \"cd\")", "2"),
    );
    reg.add(
        Builtin::new("startsWith(X, str)", starts_with)
            .doc("Whether each string of X starts with str (BOOL).")
            .example("startsWith(`ABCDEF`XYZ, \"AB\")", "[true,false]"),
    );
    reg.add(
        Builtin::new("endsWith(X, str)", ends_with)
            .doc("Whether each string of X ends with str (BOOL).")
            .example("endsWith(`ABCDEF`XYZ, \"EF\")", "[true,false]"),
    );
    reg.add(
        Builtin::new("charAt(X, index)", char_at)
            .doc("The CHAR at 0-based index of each string; NULL when the index is out of range.")
            .example("charAt(\"hello\", 1)", "'e'"),
    );
    reg.add(
        Builtin::new("repeat(X, n)", repeat)
            .doc("Each string repeated n times.")
            .example("repeat(\"ab\", 3)", "ababab"),
    );
}

/// A STRING/SYMBOL scalar or vector argument, borrowed.
pub(super) enum Strs<'a> {
    S(Type, &'a str),
    V(Type, &'a [Arc<str>]),
}

/// Reads a STRING/SYMBOL scalar or vector; VOID NULL counts as the empty string and an
/// empty untyped vector as an empty STRING vector.
pub(super) fn strs<'a>(func: &str, param: &str, v: &'a Value) -> Result<Strs<'a>> {
    let bad = || {
        Error::type_err(format!(
            "The argument [{param}] of [{func}] must be a STRING scalar or vector, not {}",
            v.type_str()
        ))
    };
    match v {
        Value::Scalar(Scalar::Str(ty, s)) => Ok(Strs::S(*ty, s)),
        Value::Scalar(Scalar::Void) => Ok(Strs::S(Type::String, "")),
        Value::Vector(x) => match x.data() {
            VecData::Str(items) => Ok(Strs::V(x.ty(), items)),
            VecData::Any(items) if items.is_empty() => Ok(Strs::V(Type::String, &[])),
            _ => Err(bad()),
        },
        _ => Err(bad()),
    }
}

impl Strs<'_> {
    /// Maps to strings of the argument's own type.
    pub(super) fn map_str(&self, f: impl Fn(&str) -> String) -> Value {
        match self {
            Strs::S(ty, s) => Value::Scalar(Scalar::Str(*ty, Arc::from(f(s)))),
            Strs::V(ty, items) => {
                let out = items.iter().map(|s| Arc::from(f(s))).collect();
                Value::vector(Vector::new(*ty, VecData::Str(out)))
            }
        }
    }

    /// Maps to INT.
    pub(super) fn map_int(&self, f: impl Fn(&str) -> i32) -> Value {
        match self {
            Strs::S(_, s) => Value::int(f(s)),
            Strs::V(_, items) => Value::vector(Vector::ints(items.iter().map(|s| f(s)).collect())),
        }
    }

    /// Maps to BOOL.
    fn map_bool(&self, f: impl Fn(&str) -> bool) -> Value {
        match self {
            Strs::S(_, s) => Value::bool(f(s)),
            Strs::V(_, items) => {
                Value::vector(Vector::bools(items.iter().map(|s| f(s) as i8).collect()))
            }
        }
    }
}

/// `s[start..end]` by bytes, clamped to the string; a cut inside a UTF-8 sequence keeps
/// the valid part rather than failing.
fn byte_slice(s: &str, start: usize, end: usize) -> String {
    let b = s.as_bytes();
    let end = end.min(b.len());
    let start = start.min(end);
    String::from_utf8_lossy(&b[start..end]).into_owned()
}

fn strlen(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let x = strs("strlen", "X", &args[0])?;
    Ok(x.map_int(|s| i32::try_from(s.len()).unwrap_or(i32::MAX)))
}

fn upper(_: &mut Interp, args: &[Value]) -> Result<Value> {
    Ok(strs("upper", "X", &args[0])?.map_str(str::to_uppercase))
}

fn lower(_: &mut Interp, args: &[Value]) -> Result<Value> {
    Ok(strs("lower", "X", &args[0])?.map_str(str::to_lowercase))
}

fn trim(_: &mut Interp, args: &[Value]) -> Result<Value> {
    Ok(strs("trim", "X", &args[0])?.map_str(|s| s.trim_matches(' ').to_string()))
}

fn ltrim(_: &mut Interp, args: &[Value]) -> Result<Value> {
    Ok(strs("ltrim", "X", &args[0])?.map_str(|s| s.trim_start_matches(' ').to_string()))
}

fn rtrim(_: &mut Interp, args: &[Value]) -> Result<Value> {
    Ok(strs("rtrim", "X", &args[0])?.map_str(|s| s.trim_end_matches(' ').to_string()))
}

fn strip(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let ws: &[char] = &[' ', '\t', '\r', '\n'];
    Ok(strs("strip", "X", &args[0])?.map_str(|s| s.trim_matches(ws).to_string()))
}

/// A non-negative integer scalar argument.
fn count_arg(func: &str, param: &str, v: &Value) -> Result<usize> {
    let n = int_arg(func, param, v)?;
    usize::try_from(n).map_err(|_| {
        Error::domain(format!(
            "The argument [{param}] of [{func}] must be a non-negative integer"
        ))
    })
}

fn substr(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let x = strs("substr", "X", &args[0])?;
    let offset = count_arg("substr", "offset", &args[1])?;
    let length = match args.get(2) {
        None | Some(Value::Scalar(Scalar::Void)) => usize::MAX,
        Some(v) => count_arg("substr", "length", v)?,
    };
    Ok(x.map_str(|s| byte_slice(s, offset, offset.saturating_add(length))))
}

fn left(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let x = strs("left", "X", &args[0])?;
    let n = count_arg("left", "n", &args[1])?;
    Ok(x.map_str(|s| byte_slice(s, 0, n)))
}

fn right(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let x = strs("right", "X", &args[0])?;
    let n = count_arg("right", "n", &args[1])?;
    Ok(x.map_str(|s| byte_slice(s, s.len().saturating_sub(n), s.len())))
}

/// DolphinDB caps the padded length at 65,536.
const MAX_PAD: usize = 65_536;

fn pad(func: &str, args: &[Value], on_left: bool) -> Result<Value> {
    let x = strs(func, "str", &args[0])?;
    let len = count_arg(func, "length", &args[1])?.min(MAX_PAD);
    let pattern = match args.get(2) {
        None | Some(Value::Scalar(Scalar::Void)) => Arc::from(" "),
        Some(v) => str_arg(func, "pattern", v)?,
    };
    Ok(x.map_str(|s| {
        if s.len() >= len || pattern.is_empty() {
            return byte_slice(s, 0, len);
        }
        let fill: Vec<u8> = pattern.bytes().cycle().take(len - s.len()).collect();
        let fill = String::from_utf8_lossy(&fill);
        if on_left {
            format!("{fill}{s}")
        } else {
            format!("{s}{fill}")
        }
    }))
}

fn lpad(_: &mut Interp, args: &[Value]) -> Result<Value> {
    pad("lpad", args, true)
}

fn rpad(_: &mut Interp, args: &[Value]) -> Result<Value> {
    pad("rpad", args, false)
}

fn split(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let x = strs("split", "str", &args[0])?;
    let delim = match args.get(1) {
        None | Some(Value::Scalar(Scalar::Void)) => None,
        Some(Value::Scalar(Scalar::I8(Type::Char, c))) => Some(((*c as u8) as char).to_string()),
        Some(v) => Some(str_arg("split", "delimiter", v)?.to_string()),
    };
    let one = |s: &str| -> Value {
        match &delim {
            Some(d) if !d.is_empty() => Value::vector(Vector::strings(
                s.split(d.as_str()).map(Arc::from).collect(),
            )),
            _ => Value::vector(Vector::new(
                Type::Char,
                VecData::I8(s.bytes().map(|b| b as i8).collect()),
            )),
        }
    };
    Ok(match x {
        Strs::S(_, s) => one(s),
        Strs::V(_, items) => Value::vector(Vector::tuple(items.iter().map(|s| one(s)).collect())),
    })
}

/// Text of a concat argument: strings as they are, CHAR as its character, NULL as "".
fn concat_text(v: &Value) -> Result<Option<String>> {
    Ok(match v {
        Value::Scalar(Scalar::Void) => Some(String::new()),
        Value::Scalar(Scalar::I8(Type::Char, c)) if *c != i8::MIN => {
            Some(((*c as u8) as char).to_string())
        }
        Value::Scalar(s) => Some(crate::display::scalar_to_string(s)),
        _ => None,
    })
}

fn concat(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let sep = match args.get(1) {
        None => String::new(),
        Some(v) => concat_text(v)?.ok_or_else(|| {
            Error::type_err(format!(
                "The argument [Y] of [concat] must be a STRING or CHAR scalar, not {}",
                v.type_str()
            ))
        })?,
    };
    match &args[0] {
        Value::Vector(x) => {
            let parts: Vec<String> = (0..x.len())
                .map(|i| {
                    x.scalar_at(i)
                        .map(|s| match s {
                            Scalar::I8(Type::Char, c) if c != i8::MIN => {
                                ((c as u8) as char).to_string()
                            }
                            s => crate::display::scalar_to_string(&s),
                        })
                        .unwrap_or_default()
                })
                .collect();
            Ok(Value::string(parts.join(&sep)))
        }
        v => match concat_text(v)? {
            Some(x) => Ok(Value::string(x + &sep)),
            None => Err(Error::type_err(format!(
                "The argument [X] of [concat] must be a STRING or CHAR scalar or vector, not {}",
                v.type_str()
            ))),
        },
    }
}

fn str_replace(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let x = strs("strReplace", "str", &args[0])?;
    let pattern = str_arg("strReplace", "pattern", &args[1])?;
    let replacement = match &args[2] {
        Value::Scalar(Scalar::Void) => Arc::from(""),
        v => str_arg("strReplace", "replacement", v)?,
    };
    Ok(x.map_str(|s| {
        if pattern.is_empty() {
            s.to_string()
        } else {
            s.replace(&*pattern, &replacement)
        }
    }))
}

fn strpos(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let x = strs("strpos", "X", &args[0])?;
    let needle = str_arg("strpos", "str", &args[1])?;
    Ok(x.map_int(|s| {
        s.find(&*needle)
            .map_or(-1, |p| i32::try_from(p).unwrap_or(i32::MAX))
    }))
}

fn starts_with(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let x = strs("startsWith", "X", &args[0])?;
    let p = str_arg("startsWith", "str", &args[1])?;
    Ok(x.map_bool(|s| s.starts_with(&*p)))
}

fn ends_with(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let x = strs("endsWith", "X", &args[0])?;
    let p = str_arg("endsWith", "str", &args[1])?;
    Ok(x.map_bool(|s| s.ends_with(&*p)))
}

fn char_at(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let x = strs("charAt", "X", &args[0])?;
    let idx = int_arg("charAt", "index", &args[1])?;
    let at = |s: &str| -> i8 {
        usize::try_from(idx)
            .ok()
            .and_then(|i| s.as_bytes().get(i))
            .map_or(i8::MIN, |b| *b as i8)
    };
    Ok(match x {
        Strs::S(_, s) => Value::Scalar(Scalar::char(at(s))),
        Strs::V(_, items) => Value::vector(Vector::new(
            Type::Char,
            VecData::I8(items.iter().map(|s| at(s)).collect()),
        )),
    })
}

/// Longest string `repeat` builds, so a huge count fails instead of exhausting memory.
const MAX_REPEAT_BYTES: usize = 1 << 28;

fn repeat(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let x = strs("repeat", "X", &args[0])?;
    let n = count_arg("repeat", "n", &args[1])?;
    let longest = match &x {
        Strs::S(_, s) => s.len(),
        Strs::V(_, items) => items.iter().map(|s| s.len()).max().unwrap_or(0),
    };
    if longest.saturating_mul(n) > MAX_REPEAT_BYTES {
        return Err(Error::domain("The result of [repeat] is too long"));
    }
    Ok(x.map_str(|s| s.repeat(n)))
}
