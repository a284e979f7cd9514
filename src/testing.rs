//! `porpoise test`: runs DolphinDB unit-test files. `@testing:case="name"` lines start a
//! case; a failed `assert` or an uncaught error fails the case (a case declared with
//! `exception=1` must raise an error instead). Statements before the first marker are setup
//! and count as a case named after the file if they fail. A file without markers is one case.

use crate::ast::{Stmt, StmtKind};
use crate::error::Error;
use crate::eval::Interp;
use std::path::{Path, PathBuf};

/// Outcome of running test files.
#[derive(Debug, Default)]
pub struct Summary {
    pub passed: usize,
    pub failed: usize,
    /// Rendered failures, in order.
    pub failures: Vec<String>,
}

/// Expands the command's paths: files named explicitly, and `.dos`/`.txt` files found
/// recursively inside folders (sorted for a stable order).
pub fn collect_files(paths: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out)?;
        } else if p.exists() {
            out.push(p.clone());
        } else {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("{}: no such file or directory", p.display()),
            ));
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out)?;
        } else if matches!(p.extension().and_then(|e| e.to_str()), Some("dos" | "txt")) {
            out.push(p);
        }
    }
    Ok(())
}

/// Runs one test file in a fresh session and adds its cases to `summary`.
pub fn run_file(path: &Path, make_interp: &dyn Fn() -> Interp, summary: &mut Summary) {
    let name = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            summary.failed += 1;
            summary
                .failures
                .push(format!("{name}: can't read the file: {e}"));
            return;
        }
    };
    let mut it = make_interp();
    it.testing = true;
    if let Some(dir) = path.parent() {
        it.module_dirs.push(dir.to_path_buf());
    }
    let script = match crate::script::load(&name, &text, path.parent()) {
        Ok(s) => s,
        Err(e) => {
            summary.failed += 1;
            summary.failures.push(crate::display::render_error(&e));
            return;
        }
    };
    let mut stmts: Vec<Stmt> = Vec::new();
    for seg in &script.segments {
        match seg.parse() {
            Ok(s) => stmts.extend(s),
            Err(e) => {
                summary.failed += 1;
                summary.failures.push(crate::display::render_error(&e));
                return;
            }
        }
    }
    run_cases(&mut it, &name, &stmts, summary);
}

/// Splits statements into cases at `@testing:case` markers and runs each.
fn run_cases(it: &mut Interp, file_name: &str, stmts: &[Stmt], summary: &mut Summary) {
    let mut case: Option<(String, bool)> = None;
    let mut body: Vec<&Stmt> = Vec::new();
    let has_markers = stmts
        .iter()
        .any(|s| matches!(s.kind, StmtKind::TestCase { .. }));
    for s in stmts {
        if let StmtKind::TestCase {
            name,
            expect_exception,
        } = &s.kind
        {
            finish_case(it, file_name, case.take(), &body, has_markers, summary);
            body.clear();
            case = Some((name.clone(), *expect_exception));
            it.current_case = Some(name.clone());
        } else {
            body.push(s);
        }
    }
    finish_case(it, file_name, case, &body, has_markers, summary);
}

fn finish_case(
    it: &mut Interp,
    file_name: &str,
    case: Option<(String, bool)>,
    body: &[&Stmt],
    has_markers: bool,
    summary: &mut Summary,
) {
    let is_setup = case.is_none();
    if is_setup && has_markers && body.is_empty() {
        return;
    }
    let (name, expect_exception) = case.unwrap_or_else(|| (file_name.to_string(), false));
    let mut error: Option<Error> = None;
    for s in body {
        if let Err(e) = it.exec_top(s) {
            error = Some(e);
            break;
        }
    }
    match (error, expect_exception) {
        (None, false) | (Some(_), true) => {
            // Setup code without a case of its own is not counted when it succeeds.
            if !(is_setup && has_markers) {
                summary.passed += 1;
            }
        }
        (Some(e), false) => {
            summary.failed += 1;
            let mut text = crate::display::render_error(&e);
            if !text.contains(&name) {
                text.push_str(&format!("\nnote: in testing case {name}"));
            }
            summary.failures.push(text);
        }
        (None, true) => {
            summary.failed += 1;
            summary.failures.push(format!(
                "{file_name}: Testing case {name} failed: an exception was expected but none was raised"
            ));
        }
    }
}
