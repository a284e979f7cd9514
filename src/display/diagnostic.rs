//! Rendering of errors for people: `file:line:col: message`, the source line, a caret line
//! under the span, then `note: ...` lines. No colour, so the output snapshots cleanly.
//!
//! The message text itself (what the corpus checks) lives in the [`Error`]; this module only
//! decides the layout around it.

use super::display;
use crate::error::{Error, ErrorKind};
use crate::syntax::span::{source, Span};

/// Renders an error as the console shows it (no trailing newline).
///
/// With a span whose source is registered:
/// ```text
/// t.dos:2:5: Incompatible type. Expected: INT, Actual: STRING
/// x = 1 + "a"
///     ^^^^^^^
/// note: while evaluating `x`
/// ```
/// Without a span, only the message (and notes) is printed. For a `throw` the message is the
/// thrown text.
pub fn render_error(err: &Error) -> String {
    let message = message_text(err);
    let mut lines = match err.span.and_then(|span| located(span, &message)) {
        Some(lines) => lines,
        None => vec![message],
    };
    lines.extend(err.notes.iter().map(|n| format!("note: {n}")));
    lines.join("\n")
}

/// The user-visible message: a thrown object's text when the error message is empty.
fn message_text(err: &Error) -> String {
    if err.kind == ErrorKind::User && err.message.is_empty() {
        if let Some(thrown) = &err.thrown {
            return display(thrown);
        }
    }
    err.message.clone()
}

/// The header, source line and caret line for a span, if its source is registered.
fn located(span: Span, message: &str) -> Option<Vec<String>> {
    let src = source(span.file)?;
    let (line, col) = src.line_col(span.start as usize);
    let text = src.line_text(line);
    let mut res = vec![format!("{}:{line}:{col}: {message}", src.name)];
    if text.trim().is_empty() {
        return Some(res);
    }
    // Underline from the span start to its end or the end of the line, at least one caret.
    // Tabs before the span are kept so that the caret lines up in a terminal.
    let (end_line, end_col) = src.line_col(span.end as usize);
    let line_chars = text.chars().count();
    let last_col = if end_line == line {
        end_col.min(line_chars + 1)
    } else {
        line_chars + 1
    };
    let width = last_col.saturating_sub(col).max(1);
    let lead: String = text
        .chars()
        .take(col.saturating_sub(1))
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    res.push(text.to_string());
    res.push(format!("{lead}{}", "^".repeat(width)));
    Some(res)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::span::add_source;
    use crate::value::Value;

    #[test]
    fn caret_under_the_span() {
        let file = add_source("t.dos", "x = 1\ny = x + \"a\"\n");
        let err = Error::type_err("Incompatible type. Expected: INT, Actual: STRING")
            .with_span(Span::new(file, 10, 17))
            .with_note("the right operand is a STRING");
        let expected = "\
t.dos:2:5: Incompatible type. Expected: INT, Actual: STRING
y = x + \"a\"
    ^^^^^^^
note: the right operand is a STRING";
        assert_eq!(render_error(&err), expected);
    }

    #[test]
    fn empty_span_gets_one_caret() {
        let file = add_source("<-e>", "f(1,");
        let err = Error::syntax(
            "Syntax Error: unexpected end of input",
            Span::new(file, 4, 4),
        );
        assert_eq!(
            render_error(&err),
            "<-e>:1:5: Syntax Error: unexpected end of input\nf(1,\n    ^"
        );
    }

    #[test]
    fn span_over_several_lines_underlines_to_line_end() {
        let file = add_source("m.dos", "  def f(x) {\n  return x\n}");
        let err = Error::runtime("bad").with_span(Span::new(file, 2, 24));
        assert_eq!(
            render_error(&err),
            "m.dos:1:3: bad\n  def f(x) {\n  ^^^^^^^^^^"
        );
    }

    #[test]
    fn without_span_only_the_message() {
        let err = Error::not_found("Can't recognize function name foo");
        assert_eq!(render_error(&err), "Can't recognize function name foo");
    }

    #[test]
    fn thrown_text_is_the_message() {
        let mut err = Error::new(ErrorKind::User, "");
        err.thrown = Some(Box::new(Value::string("it is an odd")));
        assert_eq!(render_error(&err), "it is an odd");
        let err = Error::new(ErrorKind::User, "custom");
        assert_eq!(render_error(&err), "custom");
    }
}
