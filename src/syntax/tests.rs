//! Parser tests: shapes of the AST for each construct, precedence, newlines, errors.

use super::*;
use crate::ast::{ExprKind, StmtKind};

/// Parses a program and prints each statement back, joined by `; `.
fn p(src: &str) -> String {
    match parse_program(src, FileId(0)) {
        Ok(prog) => prog
            .stmts
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join("; "),
        Err(e) => panic!("parse failed for {src:?}: {e}"),
    }
}

fn err(src: &str) -> String {
    match parse_program(src, FileId(0)) {
        Ok(prog) => panic!("expected an error for {src:?}, got {:?}", prog.stmts),
        Err(e) => e.message,
    }
}

#[test]
fn smoke() {
    assert_eq!(p("x = 1 + 2"), "x = 1 + 2");
}
