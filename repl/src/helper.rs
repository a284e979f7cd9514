//! The rustyline helper: completion and signature hints come from the [`Host`]; colouring
//! and bracket matching from [`crate::highlight`].

use crate::highlight::{highlight_line, matching_bracket, tokenize, TokenKind};
use crate::Host;
use rustyline::completion::Completer;
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::Hinter;
use rustyline::validate::Validator;
use rustyline::{Context, Helper};
use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

pub struct ShellHelper<H: Host> {
    host: Rc<RefCell<H>>,
}

impl<H: Host> ShellHelper<H> {
    pub fn new(host: Rc<RefCell<H>>) -> Self {
        ShellHelper { host }
    }

    fn is_keyword(&self, word: &str) -> bool {
        self.host.try_borrow().is_ok_and(|h| h.is_keyword(word))
    }
}

impl<H: Host> Helper for ShellHelper<H> {}

impl<H: Host> Validator for ShellHelper<H> {}

impl<H: Host> Completer for ShellHelper<H> {
    type Candidate = String;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<String>)> {
        Ok(match self.host.try_borrow() {
            Ok(h) => h.complete(line, pos),
            Err(_) => (pos, Vec::new()),
        })
    }
}

impl<H: Host> Hinter for ShellHelper<H> {
    type Hint = String;

    /// While a call's arguments are being typed at the end of the line, shows the called
    /// built-in's signature after the cursor (display only: never inserted).
    fn hint(&self, line: &str, pos: usize, _ctx: &Context<'_>) -> Option<String> {
        if pos != line.len() {
            return None;
        }
        let name = open_call(line, &|w| self.is_keyword(w))?;
        let sig = self.host.try_borrow().ok()?.signature(&name)?;
        Some(format!("  -- {sig}"))
    }
}

impl<H: Host> Highlighter for ShellHelper<H> {
    fn highlight<'l>(&self, line: &'l str, pos: usize) -> Cow<'l, str> {
        let kw = |w: &str| self.is_keyword(w);
        let bracket = matching_bracket(line, pos, &kw);
        Cow::Owned(highlight_line(line, &kw, bracket))
    }

    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        Cow::Owned(format!("\x1b[2m{hint}\x1b[0m"))
    }

    /// Re-colours on every edit and cursor move (lines are short; colouring is cheap).
    fn highlight_char(&self, _line: &str, _pos: usize, kind: CmdKind) -> bool {
        kind != CmdKind::ForcedRefresh
    }
}

/// The name of the innermost call whose argument list is still open at the end of `line`
/// (`sum(x, ` → `sum`), ignoring brackets inside strings and comments.
pub fn open_call(line: &str, is_keyword: &dyn Fn(&str) -> bool) -> Option<String> {
    let tokens = tokenize(line, is_keyword);
    let mut stack: Vec<Option<String>> = Vec::new();
    let mut prev_ident: Option<&str> = None;
    for t in &tokens {
        let text = &line[t.start..t.end];
        match (t.kind, text) {
            (TokenKind::Other, "(") => stack.push(prev_ident.map(str::to_string)),
            (TokenKind::Other, "[" | "{") => stack.push(None),
            (TokenKind::Other, ")" | "]" | "}") => {
                stack.pop();
            }
            _ => {}
        }
        prev_ident = match t.kind {
            TokenKind::Ident => Some(text),
            // `x.f(` and `f (` still call `f`; any other token breaks the link.
            TokenKind::Other if text.trim().is_empty() => prev_ident,
            _ => None,
        };
    }
    stack.pop().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_open_call() {
        let kw = |w: &str| w == "select";
        assert_eq!(open_call("sum(1, ", &kw), Some("sum".into()));
        assert_eq!(open_call("sum(avg(x), ", &kw), Some("sum".into()));
        assert_eq!(open_call("sum(avg(x", &kw), Some("avg".into()));
        assert_eq!(open_call("sum(1)", &kw), None);
        assert_eq!(open_call("f(\"(\", ", &kw), Some("f".into()));
        assert_eq!(open_call("x = [1, ", &kw), None);
        assert_eq!(open_call("select (", &kw), None);
    }
}
