//! Regular-expression functions `regexFind regexReplace regexCount`.
//!
//! The pattern is compiled once per call and applied to every string of a scalar or vector.
//! The optional offset (0-based, in bytes) is where the search starts: text before it is
//! never matched, and `regexReplace` keeps it unchanged.

use super::args::{int_arg, str_arg};
use super::registry::{Builtin, Registry};
use super::strings::strs;
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::value::{Scalar, Value};
use regex::Regex;

pub fn register(reg: &mut Registry) {
    reg.add(
        Builtin::new("regexFind(str, pattern, [offset=0])", regex_find)
            .doc("The 0-based position of the first match of pattern in str at or after offset, or -1 (INT).")
            .example("regexFind(\"FB IBM FB IBM AMZN\", `IBM, 7)", "10"),
    );
    reg.add(
        Builtin::new(
            "regexReplace(str, pattern, replacement, [offset=0])",
            regex_replace,
        )
        .doc("Replaces every match of pattern in str (from offset on) with replacement.")
        .example(
            "regexReplace(\"abc123def45\", \"[0-9]+\", \"#\")",
            "abc#def#",
        ),
    );
    reg.add(
        Builtin::new("regexCount(str, pattern, [offset=0])", regex_count)
            .doc("How many times pattern matches str from offset on (INT).")
            .example("regexCount(\"1231hsdU777_ DW#122ddd\", \"[0-9]+\")", "3"),
    );
}

fn compile(func: &str, v: &Value) -> Result<Regex> {
    let pattern = str_arg(func, "pattern", v)?;
    Regex::new(&pattern).map_err(|e| {
        Error::domain(format!(
            "The argument [pattern] of [{func}] is not a valid regular expression: {}",
            e.to_string().lines().last().unwrap_or("")
        ))
    })
}

fn offset_arg(func: &str, v: Option<&Value>) -> Result<usize> {
    match v {
        None | Some(Value::Scalar(Scalar::Void)) => Ok(0),
        Some(v) => usize::try_from(int_arg(func, "offset", v)?).map_err(|_| {
            Error::domain(format!(
                "The argument [offset] of [{func}] must be a non-negative integer"
            ))
        }),
    }
}

/// The part of `s` searched from byte `offset` on, or `None` past the end or inside a
/// UTF-8 sequence.
fn tail(s: &str, offset: usize) -> Option<&str> {
    s.get(offset..)
}

fn regex_find(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let x = strs("regexFind", "str", &args[0])?;
    let re = compile("regexFind", &args[1])?;
    let offset = offset_arg("regexFind", args.get(2))?;
    Ok(x.map_int(|s| {
        tail(s, offset).and_then(|t| re.find(t)).map_or(-1, |m| {
            i32::try_from(m.start() + offset).unwrap_or(i32::MAX)
        })
    }))
}

fn regex_replace(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let x = strs("regexReplace", "str", &args[0])?;
    let re = compile("regexReplace", &args[1])?;
    let replacement = match &args[2] {
        Value::Scalar(Scalar::Void) => "".into(),
        v => str_arg("regexReplace", "replacement", v)?,
    };
    let offset = offset_arg("regexReplace", args.get(3))?;
    Ok(x.map_str(|s| match tail(s, offset) {
        Some(t) => {
            // The replacement is literal text: `$` has no special meaning in DolphinDB.
            let replaced = re.replace_all(t, regex::NoExpand(&replacement));
            format!("{}{replaced}", &s[..offset])
        }
        None => s.to_string(),
    }))
}

fn regex_count(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let x = strs("regexCount", "str", &args[0])?;
    let re = compile("regexCount", &args[1])?;
    let offset = offset_arg("regexCount", args.get(2))?;
    Ok(x.map_int(|s| {
        tail(s, offset).map_or(0, |t| {
            i32::try_from(re.find_iter(t).count()).unwrap_or(i32::MAX)
        })
    }))
}
