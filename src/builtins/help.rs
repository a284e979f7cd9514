//! `help(name)`: a built-in's signature, documentation line and example, straight from the
//! registry. [`help_text`] does the formatting so the REPL can show the same text.

use super::registry::{lookup, registry, Builtin, Kind, Registry};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::value::Value;

pub fn register(reg: &mut Registry) {
    reg.add(
        Builtin::new("help(name)", help)
            .kind(Kind::System)
            .doc("Prints a built-in function's signature, description and example.")
            .example(
                "help(\"til\")",
                "til(n)\n    Returns the vector 0, 1, ..., n-1 of n's integer type.\nExample:\n    til(5)\n    [0,1,2,3,4]",
            ),
    );
}

fn help(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let name = match &args[0] {
        Value::Scalar(s) => s.as_str().map(str::to_string),
        // `help(til)` passes the function itself.
        Value::Function(f) => Some(f.name().to_string()),
        _ => None,
    };
    let Some(name) = name else {
        return Err(Error::type_err(format!(
            "[help] name must be a function name (STRING), not {}",
            args[0].type_str()
        )));
    };
    let text = help_text(&name)?;
    it.write_line(&text);
    Ok(Value::NULL)
}

/// The help page of a built-in: signature, aliases, documentation and its example with the
/// output it displays. Unknown names fail with up to three close registered names.
pub fn help_text(name: &str) -> Result<String> {
    let Some(b) = lookup(name) else {
        let close = suggestions(name, 3);
        let hint = if close.is_empty() {
            String::new()
        } else {
            format!(" Did you mean: {}?", close.join(", "))
        };
        return Err(Error::not_found(format!(
            "Can't recognize function name {name}.{hint}"
        )));
    };
    let mut out = String::from(b.signature);
    if !b.aliases.is_empty() {
        out.push_str(&format!("\n    Aliases: {}", b.aliases.join(", ")));
    }
    if !b.doc.is_empty() {
        out.push_str("\n    ");
        out.push_str(b.doc);
    }
    if !b.example.is_empty() {
        out.push_str("\nExample:\n    ");
        out.push_str(b.example);
        for line in b.expected.lines() {
            out.push_str("\n    ");
            out.push_str(line);
        }
    }
    Ok(out)
}

/// Registered names within a small edit distance of `name` (case-insensitive), closest first.
pub fn suggestions(name: &str, max: usize) -> Vec<&'static str> {
    let want = name.to_ascii_lowercase();
    let limit = (want.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &'static str)> = registry()
        .iter()
        .flat_map(|b| std::iter::once(b.name).chain(b.aliases.iter().copied()))
        .map(|n| (edit_distance(&want, &n.to_ascii_lowercase()), n))
        .filter(|(d, _)| *d <= limit)
        .collect();
    scored.sort();
    scored.into_iter().take(max).map(|(_, n)| n).collect()
}

/// Levenshtein distance over characters, one row at a time.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(cur).min(row[j])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn unknown_names_suggest() {
        let err = help_text("tkae").expect_err("not a builtin");
        assert!(err.message.contains("take"), "{}", err.message);
        assert!(help_text("til").expect("til").starts_with("til(n)"));
    }
}
