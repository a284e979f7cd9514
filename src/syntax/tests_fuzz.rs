//! Robustness tests: the parser never panics or overflows its stack, whatever the input,
//! and whatever parses also prints back to text that parses to the same print.

use super::*;
use proptest::prelude::*;

/// Tokens that exercise every corner of the grammar when shuffled.
pub(super) const TOKENS: &[&str] = &[
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

/// Parse → print → parse must print the same text.
fn round_trip(src: &str) {
    let first = parse_program(src, FileId(0)).unwrap_or_else(|e| panic!("{src:?}: {e}"));
    for stmt in &first.stmts {
        let printed = stmt.to_string();
        let again = parse_program(&printed, FileId(0))
            .unwrap_or_else(|e| panic!("reparse of {printed:?} failed: {e}"));
        let reprinted: Vec<String> = again.stmts.iter().map(|s| s.to_string()).collect();
        assert_eq!(reprinted.join("; "), printed, "round trip of {printed:?}");
    }
}

#[test]
fn deep_nesting_is_rejected_not_crashing() {
    let deep = format!("x = {}1{}", "(".repeat(190), ")".repeat(190));
    assert!(parse_program(&deep, FileId(0)).is_ok());
    let deep = format!("x = {}1{}", "[".repeat(190), "]".repeat(190));
    assert!(parse_program(&deep, FileId(0)).is_ok());
    let deep = format!("x = {}1{}", "f(".repeat(190), ")".repeat(190));
    assert!(parse_program(&deep, FileId(0)).is_ok());
    let too_deep = format!("x = {}1{}", "(".repeat(300), ")".repeat(300));
    assert!(parse_program(&too_deep, FileId(0)).is_err());
    let negations = format!("x = {}1", "- ".repeat(150));
    assert!(parse_program(&negations, FileId(0)).is_ok());
    let negations = format!("x = {}1", "- ".repeat(3000));
    assert!(parse_program(&negations, FileId(0)).is_err());
    let nots = format!("x = {}1", "!".repeat(3000));
    assert!(parse_program(&nots, FileId(0)).is_err());
}

/// `DBG_SRC='x = 1' cargo test --lib dbg_one -- --nocapture` prints how a text parses.

#[test]
fn printer_round_trip_sample_script() {
    round_trip(include_str!("../../tests/data/sample.dos"));
}

/// The grammar's `ident_char` is `ALPHABETIC | ASCII_DIGIT | "_"`, which equals the former
/// `ASCII_ALPHANUMERIC | "_" | !ASCII ~ ALPHABETIC` only if Unicode's Alphabetic property
/// holds for exactly the ASCII letters.
#[test]
fn alphabetic_in_ascii_is_exactly_the_letters() {
    for c in (0u8..128).map(char::from) {
        assert_eq!(
            pest::unicode::ALPHABETIC(c),
            c.is_ascii_alphabetic(),
            "{c:?}"
        );
    }
}
