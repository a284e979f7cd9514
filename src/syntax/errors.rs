//! Parse errors in words: pest's "expected one of these rules" becomes
//! `expected expression, found ')'` or `unexpected end of input, expected '}'`.

use super::parser::Rule;
use super::span::{FileId, Span};
use crate::error::Error;
use pest::error::{ErrorVariant, InputLocation};

/// Converts a pest error on `src` into a syntax error with a span on the offending token.
pub fn from_pest(err: pest::error::Error<Rule>, src: &str, file: FileId) -> Error {
    let pos = match err.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let (start, end, found) = found_token(src, pos);
    let mut expected = match &err.variant {
        ErrorVariant::ParsingError { positives, .. } => describe_expected(positives),
        ErrorVariant::CustomError { message } => vec![message.clone()],
    };
    // A stray token where a new statement could start: "unexpected ')'" says it best.
    if found.is_some() && expected.iter().any(|w| w == "end of input") {
        expected.clear();
    }
    let expected = if expected.is_empty() {
        String::new()
    } else {
        format!("expected {}", join_words(&expected))
    };
    let message = match (found, expected.is_empty()) {
        (None, true) => "unexpected end of input".to_string(),
        (None, false) => format!("unexpected end of input, {expected}"),
        (Some(tok), true) => format!("unexpected {tok}"),
        (Some(tok), false) => format!("{expected}, found {tok}"),
    };
    Error::syntax(message, Span::new(file, start, end))
}

/// The friendly name of a rule in "expected ..." messages; `None` hides the rule.
pub fn rule_word(rule: Rule) -> Option<&'static str> {
    use Rule::*;
    Some(match rule {
        EOI => "end of input",
        rparen => "')'",
        rbracket => "']'",
        rbrace => "'}'",
        ident | qualified | module_path | insert_table | assign_target => "identifier",
        expr | op_expr | op_expr_np | prefix_arg | op_neg | op_not | postfix_expr | int_lit
        | float_lit | string_lit | symbol_lit | bool_lit | null_lit | date_lit | datetime_lit
        | month_lit | time_lit | minute_lit | typed_null | duration_lit | neg_number | literal
        | paren | array | dict | meta | lambda | paren_lambda | arrow_lambda | brace_lambda
        | prefix_call | func_adverb | op_ref | select_expr | update_expr | delete_expr
        | insert_expr | case_expr | empty_arg | empty_item | empty_slot | hole | slice_to
        | index_expr | named_arg | star | arg | expr_stmt | literal_mark => "expression",
        block | body_block => "'{'",
        kw_else => "'else'",
        kw_while => "'while'",
        kw_catch => "'catch'",
        kw_in => "'in'",
        kw_from => "'from'",
        kw_then => "'then'",
        kw_when => "'when'",
        kw_end => "'end'",
        kw_set => "'set'",
        kw_into => "'into'",
        kw_values => "'values'",
        kw_on => "'on'",
        kw_all => "'all'",
        assign_op => "'='",
        params | param => "parameter",
        select_list | select_item => "column",
        table_ref | from_primary => "table",
        _ => return None,
    })
}

/// Friendly names for the expected rules, deduplicated, in a stable order. Operators are
/// left out unless nothing else was expected (they would drown the useful words).
fn describe_expected(positives: &[Rule]) -> Vec<String> {
    let mut words: Vec<&'static str> = positives.iter().filter_map(|r| rule_word(*r)).collect();
    // Closing brackets are the most telling: put them first.
    words.sort_by_key(|w| match *w {
        "')'" | "']'" | "'}'" => 0,
        "expression" => 1,
        "identifier" => 2,
        "end of input" => 9,
        _ => 5,
    });
    words.dedup();
    let mut seen = Vec::new();
    for w in words {
        if !seen.contains(&w) {
            seen.push(w);
        }
    }
    seen.into_iter().take(4).map(str::to_string).collect()
}

fn join_words(words: &[String]) -> String {
    match words {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

/// The token at `pos` for "found ...": its extent and how to print it (`None` at the end).
fn found_token(src: &str, pos: usize) -> (usize, usize, Option<String>) {
    let mut pos = pos.min(src.len());
    // Point at the next token rather than at the space before it.
    while src[pos..].starts_with([' ', '\t', '\r']) {
        pos += 1;
    }
    let rest = &src[pos..];
    let Some(c) = rest.chars().next() else {
        return (pos, pos, None);
    };
    if c == '\n' {
        return (pos, pos + 1, Some("end of line".to_string()));
    }
    let len = if c.is_alphanumeric() || c == '_' {
        rest.find(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
            .unwrap_or(rest.len())
    } else {
        c.len_utf8()
    };
    let tok = &rest[..len];
    (pos, pos + len, Some(format!("'{tok}'")))
}
