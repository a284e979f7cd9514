//! Property tests: the parser never panics, whatever the input, and whatever parses also
//! prints back to text that parses to the same print.

use super::*;
use proptest::prelude::*;

/// Tokens that exercise every corner of the grammar when shuffled.
const TOKENS: &[&str] = &[
    "x",
    "f",
    "sum",
    "select",
    "from",
    "where",
    "group by",
    "by",
    "as",
    "def",
    "if",
    "else",
    "for",
    "in",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "<",
    ">",
    "<=",
    "=",
    "==",
    "!=",
    "+",
    "-",
    "*",
    "/",
    ":",
    "::",
    "..",
    ",",
    ";",
    "\n",
    "->",
    "?",
    "!",
    "&",
    "&&",
    "||",
    "1",
    "2.5",
    "-3",
    "`a",
    "`a`b",
    "\"s\"",
    "'c'",
    "2020.01.01",
    "13:30:10",
    "1s",
    "00i",
    "NULL",
    "true",
    ":E",
    ":A",
    "+:A",
    "x.f",
    ".",
    "return",
    "try",
    "catch",
    "do",
    "while",
    "update",
    "set",
    "delete",
    "insert",
    "into",
    "values",
    "case",
    "when",
    "then",
    "end",
    "not",
    "is",
    "null",
    "@testing",
    "/*",
    "*/",
    "//",
    "'",
    "\"",
    "`",
    "undef",
    "share",
    "const",
    "&x",
    "go",
    "assert",
    "timer",
];

fn token_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(TOKENS),
            prop::sample::select(&[" ", "", "\n"][..]),
        ),
        0..40,
    )
    .prop_map(|parts| parts.into_iter().map(|(t, s)| format!("{t}{s}")).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_text_never_panics(src in "\\PC{0,80}") {
        let _ = parse_program(&src, FileId(0));
        let _ = parse_expr(&src, FileId(0));
        let _ = is_incomplete(&src);
    }

    #[test]
    fn token_soup_never_panics(src in token_soup()) {
        let _ = is_incomplete(&src);
        if let Ok(prog) = parse_program(&src, FileId(0)) {
            for stmt in &prog.stmts {
                let printed = stmt.to_string();
                // Whatever parsed must print to something the parser accepts again.
                let again = parse_program(&printed, FileId(0));
                prop_assert!(again.is_ok(), "{:?} printed as {:?}: {:?}", src, printed, again.err());
            }
        }
    }
}
