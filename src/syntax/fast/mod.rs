//! A hand-written parser in front of the pest grammar, for speed: pest spends about 2,400
//! instructions per byte in its generic machinery (see docs/PERFORMANCE.md).
//!
//! It reads the pre-passed text (`prepass::mask_newlines`) and builds exactly the AST that
//! pest plus the lowering (`lower*.rs`, `pratt.rs`) build, spans included, for the constructs
//! it knows. It never reports an error: on anything it does not support, and on anything that
//! is not valid, it gives up (`None`) and `parse_program` runs pest on the whole text, so
//! every error message and position stays pest's. `tests_fast.rs` checks it against pest.
//!
//! Each function follows the pest rule it names; positions follow pest's too: a rule that
//! ends with an `expr` ends after the spaces that follow it (pest's implicit whitespace before
//! the expression's optional ternary), which is what statement and lambda spans show.

mod expr;
mod lex;
mod postfix;
mod primary;
mod sql;
mod stmt;

use super::lower::intern;
use super::span::{FileId, Span};
use crate::ast::{Name, Program};

/// Recursion depth (expressions and statements) beyond which the fast path gives up. The
/// pre-pass already caps bracket nesting at 200; unbracketed chains (`not not ...`,
/// `x -> y -> ...`, `if (a) if (b) ...`) are left to pest beyond this.
const MAX_DEPTH: u32 = 400;

/// Parses a pre-passed script, or `None` when pest must do it.
pub fn parse(masked: &str, file: FileId) -> Option<Program> {
    parse_at(masked, file).ok()
}

/// [`parse`], or the position where the fast path gave up (for tests).
pub fn parse_at(masked: &str, file: FileId) -> Result<Program, usize> {
    let s = masked.as_bytes();
    if !lex::plain_ascii(s) {
        return Err(0);
    }
    let mut p = Parser {
        s,
        src: masked,
        pos: 0,
        file,
        depth: 0,
        sql: 0,
    };
    match p.stmts(false) {
        Some(stmts) => Ok(Program { stmts }),
        None => Err(p.pos),
    }
}

/// The parser state: the text, the position, the recursion depth and whether we are inside
/// SQL (where `=` compares).
pub(super) struct Parser<'a> {
    s: &'a [u8],
    src: &'a str,
    pos: usize,
    file: FileId,
    depth: u32,
    sql: u32,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> u8 {
        lex::at(self.s, self.pos)
    }

    fn at(&self, i: usize) -> u8 {
        lex::at(self.s, i)
    }

    /// pest's implicit whitespace.
    fn skip(&mut self) {
        self.pos = lex::spaces_end(self.s, self.pos);
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    /// Consumes `c` if it is next.
    fn eat(&mut self, c: u8) -> bool {
        let hit = self.peek() == c;
        if hit {
            self.pos += 1;
        }
        hit
    }

    /// Consumes `c`, or gives up.
    fn expect(&mut self, c: u8) -> Option<()> {
        self.eat(c).then_some(())
    }

    /// Consumes the case-insensitive keyword `w` (`kw_*` rules) if it is next.
    fn eat_kw_ci(&mut self, w: &str) -> bool {
        let hit = lex::kw_ci(self.s, self.pos, w);
        if hit {
            self.pos += w.len();
        }
        hit
    }

    /// The interned name `src[start..end]`, shared like the lowering's names.
    fn name(&self, start: usize, end: usize) -> Name {
        intern(&self.src[start..end])
    }

    /// Enters one level of recursion, giving up when too deep.
    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= MAX_DEPTH).then_some(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// `"=" ~ !"="` in a non-atomic rule: pest skips spaces before the lookahead, so
    /// `= =` is not an `=`.
    fn at_set(&self, i: usize) -> bool {
        self.at(i) == b'=' && self.at(lex::spaces_end(self.s, i + 1)) != b'='
    }

    /// The byte after the spaces following `i` (lookaheads after a skip).
    fn after_spaces(&self, i: usize) -> u8 {
        self.at(lex::spaces_end(self.s, i))
    }

    fn in_sql(&self) -> bool {
        self.sql > 0
    }

    /// Runs `f` with SQL semantics for `=`.
    fn with_sql<T>(&mut self, f: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        self.sql += 1;
        let out = f(self);
        self.sql -= 1;
        out
    }

    /// `ident` at the position: its name and end, or give up.
    fn ident(&mut self) -> Option<(Name, usize, usize)> {
        let start = self.pos;
        let end = lex::ident_at(self.s, start)?;
        self.pos = end;
        Some((self.name(start, end), start, end))
    }
}
