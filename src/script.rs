//! Running script text: `#include` expansion, `go` segments, and the transcript form used by
//! `porpoise run --echo` and the snapshot corpus (every top-level statement echoed, then its
//! displayed value or its rendered error).

use crate::ast::{Program, Stmt, StmtKind};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::syntax::span::{add_source, FileId};
use crate::value::{Scalar, Value};
use std::path::{Path, PathBuf};

/// A script ready to run: its own statements plus those of the files it `#include`s,
/// each keeping spans into its own registered source.
pub struct Script {
    pub file: FileId,
    /// Statement groups separated by `go`, each parsed separately.
    pub segments: Vec<Segment>,
}

/// Part of a script between `go` lines: parsed lazily, so that a syntax error in a later
/// segment does not stop earlier segments from running (DolphinDB parses up to `go`).
pub struct Segment {
    pub file: FileId,
    /// The segment's text with everything else in the file blanked, so spans stay valid.
    pub text: String,
    pub included: Vec<Program>,
}

impl Segment {
    pub fn parse(&self) -> Result<Vec<Stmt>> {
        let mut stmts: Vec<Stmt> = self.included.iter().flat_map(|p| p.stmts.clone()).collect();
        stmts.extend(crate::syntax::parse_program(&self.text, self.file)?.stmts);
        Ok(stmts)
    }
}

/// Loads a script from text: registers it, expands `#include "path"` lines (paths relative
/// to `base_dir`) and splits it at `go` lines.
pub fn load(name: &str, text: &str, base_dir: Option<&Path>) -> Result<Script> {
    let file = add_source(name, text);
    let mut seen = Vec::new();
    if let Ok(p) = Path::new(name).canonicalize() {
        seen.push(p);
    }
    let (text, includes) = strip_includes(text, file, base_dir, &mut seen)?;
    let mut segments = Vec::new();
    let mut includes = Some(includes);
    for range in go_segments(&text) {
        let mut seg_text: String = text
            .char_indices()
            .map(|(i, c)| {
                if range.contains(&i) || c == '\n' {
                    c
                } else {
                    ' '
                }
            })
            .collect();
        seg_text.truncate(text.len());
        segments.push(Segment {
            file,
            text: seg_text,
            included: includes.take().unwrap_or_default(),
        });
    }
    Ok(Script { file, segments })
}

/// Byte ranges of the parts between lines consisting only of `go`.
fn go_segments(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        if line.trim() == "go" {
            out.push(start..pos);
            start = pos + line.len();
        }
        pos += line.len();
    }
    out.push(start..text.len());
    out
}

/// Blanks `#include "path"` lines (keeping offsets) and parses the included files.
fn strip_includes(
    text: &str,
    file: FileId,
    base_dir: Option<&Path>,
    seen: &mut Vec<PathBuf>,
) -> Result<(String, Vec<Program>)> {
    let mut out = String::with_capacity(text.len());
    let mut programs = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if let Some(rest) = trimmed.strip_prefix("#include") {
            let path = rest.trim().trim_matches(|c| c == '"' || c == '\'');
            let full = base_dir
                .map(|d| d.join(path))
                .unwrap_or_else(|| PathBuf::from(path));
            let span = crate::syntax::span::Span::new(file, offset, offset + line.trim_end().len());
            let canon = full.canonicalize().map_err(|e| {
                Error::io(format!("Can't include {}: {e}", full.display())).with_span(span)
            })?;
            if seen.contains(&canon) {
                return Err(Error::runtime(format!(
                    "#include cycle: {} includes itself",
                    full.display()
                ))
                .with_span(span));
            }
            let inc_text = std::fs::read_to_string(&canon).map_err(|e| {
                Error::io(format!("Can't include {}: {e}", full.display())).with_span(span)
            })?;
            seen.push(canon.clone());
            let inc_file = add_source(full.display().to_string(), inc_text.clone());
            let (inc_clean, nested) = strip_includes(&inc_text, inc_file, canon.parent(), seen)?;
            seen.pop();
            programs.extend(nested);
            programs.push(crate::syntax::parse_program(&inc_clean, inc_file)?);
            out.extend(line.chars().map(|c| if c == '\n' { '\n' } else { ' ' }));
        } else {
            out.push_str(line);
        }
        offset += line.len();
    }
    Ok((out, programs))
}

/// Runs a script, returning the value of its last statement.
pub fn run(it: &mut Interp, script: &Script) -> Result<Value> {
    let mut last = Value::NULL;
    for seg in &script.segments {
        for s in seg.parse()? {
            last = it.exec_top(&s)?.unwrap_or(Value::NULL);
        }
    }
    Ok(last)
}

/// Runs a script in transcript form, writing to the session output: each top-level
/// statement's source after `> `, then its displayed value (statements without a value,
/// and VOID results, show nothing). Stops at the first error, which is rendered into the
/// transcript and also returned.
pub fn run_echo(it: &mut Interp, script: &Script) -> Result<()> {
    for seg in &script.segments {
        let stmts = match seg.parse() {
            Ok(s) => s,
            Err(e) => {
                it.write_line(&crate::display::render_error(&e));
                return Err(e);
            }
        };
        for s in &stmts {
            if matches!(s.kind, StmtKind::Empty) {
                continue;
            }
            it.write_line(&echo_text(s));
            match it.exec_top(s) {
                Ok(Some(v)) => {
                    if !matches!(v, Value::Scalar(Scalar::Void)) {
                        let shown = crate::display::display(&v);
                        it.write_line(&shown);
                    }
                }
                Ok(None) => {}
                Err(e) => {
                    it.write_line(&crate::display::render_error(&e));
                    return Err(e);
                }
            }
        }
    }
    Ok(())
}

/// The statement's source text, prefixed `> ` (continuation lines `  `).
fn echo_text(s: &Stmt) -> String {
    let src = crate::syntax::span::source(s.span.file);
    let text = src
        .as_ref()
        .and_then(|src| src.text.get(s.span.start as usize..s.span.end as usize))
        .map(|t| t.trim().to_string())
        .unwrap_or_else(|| s.to_string());
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(if i == 0 { "> " } else { "  " });
        out.push_str(line.trim_end());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_splits_on_whole_lines() {
        let r = go_segments("a = 1\ngo\nb = 2\n");
        assert_eq!(r, vec![0..6, 9..15]);
        assert_eq!(go_segments("x\n").len(), 1);
    }
}
