//! Parsing DolphinDB script: the pest grammar (`grammar/*.pest`), a newline pre-pass,
//! lowering from pest pairs to the AST, and parse errors in words.
//!
//! Entry points: [`parse_program`], [`parse_expr`] and [`is_incomplete`].

mod errors;
mod fast;
mod literal;
mod lower;
mod lower_expr;
mod lower_sql;
mod parser;
mod pratt;
mod prepass;
pub mod span;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_fast;
#[cfg(test)]
mod tests_fuzz;
#[cfg(test)]
mod tests_sql;

use crate::ast;
use crate::error::Error;
use parser::{DolphinParser, Rule};
use pest::Parser;
use span::{FileId, Span};
use std::cell::Cell;
use std::sync::{mpsc, Mutex, OnceLock};

/// Parses a whole script.
///
/// ```
/// use porpoise::syntax::{parse_program, span::FileId};
/// let prog = parse_program("x = 1 2 3\nprint(sum(x))", FileId(0)).unwrap();
/// assert_eq!(prog.stmts.len(), 2);
/// ```
pub fn parse_program(src: &str, file: FileId) -> crate::Result<ast::Program> {
    let src = src.to_owned();
    with_big_stack(move || parse_program_here(&src, file))
}

fn parse_program_here(src: &str, file: FileId) -> crate::Result<ast::Program> {
    lower::reset_interner();
    let masked = prepare(src, file)?;
    // The hand-written fast path parses most scripts; whatever it does not know, and every
    // error, goes to pest (errors then read exactly as before).
    if let Some(program) = fast::parse(&masked, file) {
        return Ok(program);
    }
    pest_program(src, &masked, file)
}

/// Parses a pre-passed script with the pest grammar and lowers it.
fn pest_program(src: &str, masked: &str, file: FileId) -> crate::Result<ast::Program> {
    lower::reset_interner();
    let mut pairs =
        DolphinParser::parse(Rule::program, masked).map_err(|e| errors::from_pest(e, src, file))?;
    let program = pairs
        .next()
        .ok_or_else(|| Error::syntax("empty parse", Span::new(file, 0, 0)))?;
    lower::Lowerer::new(file).lower_program(program)
}

/// Parses one expression (`parseExpr`).
pub fn parse_expr(src: &str, file: FileId) -> crate::Result<ast::Expr> {
    let src = src.to_owned();
    with_big_stack(move || parse_expr_here(&src, file))
}

fn parse_expr_here(src: &str, file: FileId) -> crate::Result<ast::Expr> {
    lower::reset_interner();
    let masked = prepare(src, file)?;
    let mut pairs = DolphinParser::parse(Rule::expr_only, &masked)
        .map_err(|e| errors::from_pest(e, src, file))?;
    let top = pairs
        .next()
        .ok_or_else(|| Error::syntax("empty parse", Span::new(file, 0, 0)))?;
    let expr = top
        .into_inner()
        .find(|p| p.as_rule() == Rule::expr)
        .ok_or_else(|| Error::syntax("expected expression", Span::new(file, 0, src.len())))?;
    lower::Lowerer::new(file).lower_expr(expr)
}

/// Is `src` an unfinished statement (open bracket, unterminated string or comment, trailing
/// operator, unclosed metacode)? The REPL keeps reading lines while this is true.
pub fn is_incomplete(src: &str) -> bool {
    if src.trim().is_empty() {
        return false;
    }
    if prepass::obviously_incomplete(src) {
        return true;
    }
    // Anything else that fails exactly at the end of the text wants more input.
    let masked = prepass::mask_newlines(src);
    match DolphinParser::parse(Rule::program, &masked.text) {
        Ok(_) => false,
        Err(e) => {
            let pos = match e.location {
                pest::error::InputLocation::Pos(p) => p,
                pest::error::InputLocation::Span((s, _)) => s,
            };
            src[pos.min(src.len())..].trim().is_empty()
        }
    }
}

/// Stack for parsing: pest and the lowering recurse once per nesting level, and a debug
/// build needs about 20 KB per level; the pre-pass caps nesting at `MAX_NESTING`.
const PARSE_STACK: usize = 32 << 20;

/// A parse request for the parser thread.
type Job = Box<dyn FnOnce() + Send>;

/// The long-lived parser thread's queue. Spawning a thread with a 32 MB stack for every
/// parse cost more than parsing a short script (`porpoise -e`, `parseExpr` in a loop), so
/// one thread is started on first use and reused.
static PARSER: OnceLock<Option<Mutex<mpsc::Sender<Job>>>> = OnceLock::new();

thread_local! {
    /// Set on the parser thread, where parses run directly.
    static ON_PARSER: Cell<bool> = const { Cell::new(false) };
}

fn parser_queue() -> Option<&'static Mutex<mpsc::Sender<Job>>> {
    PARSER
        .get_or_init(|| {
            let (tx, rx) = mpsc::channel::<Job>();
            std::thread::Builder::new()
                .name("parser".into())
                .stack_size(PARSE_STACK)
                .spawn(move || {
                    ON_PARSER.with(|c| c.set(true));
                    for job in rx {
                        job();
                    }
                })
                .ok()
                .map(|_| Mutex::new(tx))
        })
        .as_ref()
}

/// Runs `f` on a stack large enough for `MAX_NESTING` levels, whatever the caller's stack
/// is (test threads have 2 MB): on the parser thread, or on the current thread when that
/// thread cannot be started.
fn with_big_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    if ON_PARSER.with(|c| c.get()) {
        return f();
    }
    let (tx, rx) = mpsc::sync_channel(1);
    let job: Job = Box::new(move || {
        let res = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
        let _ = tx.send(res);
    });
    let leftover = match parser_queue().and_then(|q| q.lock().ok()) {
        Some(sender) => sender.send(job).err().map(|e| e.0),
        None => Some(job),
    };
    // Without a parser thread the request runs here; it answers through the same channel.
    if let Some(job) = leftover {
        job();
    }
    match rx
        .recv()
        .expect("a parse request always answers: the job catches panics")
    {
        Ok(v) => v,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}
/// Runs the newline pre-pass and rejects pathological nesting.
fn prepare(src: &str, file: FileId) -> crate::Result<String> {
    let masked = prepass::mask_newlines(src);
    if let Some(at) = masked.too_deep {
        return Err(Error::syntax(
            format!(
                "brackets nested deeper than {} levels",
                prepass::MAX_NESTING
            ),
            Span::new(file, at, at + 1),
        ));
    }
    Ok(masked.text)
}
