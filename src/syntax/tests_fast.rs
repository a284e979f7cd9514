//! Differential tests of the fast path (`syntax::fast`) against pest: whenever the fast path
//! accepts a text, pest must accept it too and build the same AST, spans included. Coverage
//! checks make the tests fail when the fast path silently stops covering realistic scripts.

use super::*;
use std::path::{Path, PathBuf};

/// The fast path's result, or the position where it gave up (`Err(None)`: the text does
/// not even reach it, e.g. nesting too deep).
fn fast_only(src: &str) -> Result<ast::Program, Option<usize>> {
    let src = src.to_owned();
    with_big_stack(move || {
        lower::reset_interner();
        let masked = prepare(&src, FileId(0)).map_err(|_| None)?;
        fast::parse_at(&masked, FileId(0)).map_err(Some)
    })
}

fn pest_only(src: &str) -> crate::Result<ast::Program> {
    let src = src.to_owned();
    with_big_stack(move || {
        let masked = prepare(&src, FileId(0))?;
        pest_program(&src, &masked, FileId(0))
    })
}

/// Checks one text: `true` when the fast path took it (and agreed with pest).
fn agrees(src: &str) -> bool {
    let Ok(fast) = fast_only(src) else {
        return false;
    };
    let pest = match pest_only(src) {
        Ok(p) => p,
        Err(e) => panic!("the fast path accepted what pest rejects ({e}): {src:?}"),
    };
    let (a, b) = (format!("{fast:?}"), format!("{pest:?}"));
    if a != b {
        let at = a
            .bytes()
            .zip(b.bytes())
            .position(|(x, y)| x != y)
            .unwrap_or(a.len().min(b.len()));
        let from = at.saturating_sub(300);
        panic!(
            "fast path and pest differ on {:?}\nfast: ...{}\npest: ...{}",
            if src.len() > 400 { &src[..400] } else { src },
            &a[from..(at + 200).min(a.len())],
            &b[from..(at + 200).min(b.len())]
        );
    }
    true
}

fn dos_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            dos_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "dos") {
            out.push(p);
        }
    }
}

fn all_scripts() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in [
        "tests/corpus",
        "tests/data",
        "scripts",
        "stdlib",
        "tests/modules",
    ] {
        dos_files(&root.join(dir), &mut files);
    }
    files.sort();
    files
}

#[test]
fn sample_script_is_fully_fast_pathed() {
    let src = include_str!("../../tests/data/sample.dos");
    if let Err(at) = fast_only(src) {
        let at = at.unwrap_or(0);
        panic!(
            "the fast path gave up at {at}: {:?}",
            &src[at..(at + 80).min(src.len())]
        );
    }
    assert!(agrees(src));
}

/// Every script of the repository: agreement wherever the fast path answers, and coverage.
#[test]
fn scripts_agree_with_pest() {
    let mut accepted_by_pest = 0;
    let mut fast = 0;
    let mut declined = Vec::new();
    for path in all_scripts() {
        let text = std::fs::read_to_string(&path).expect("script is readable");
        let is_error = path.components().any(|c| c.as_os_str() == "errors");
        if agrees(&text) {
            fast += 1;
            accepted_by_pest += 1;
            continue;
        }
        if pest_only(&text).is_ok() {
            accepted_by_pest += 1;
            let at = fast_only(&text).err().flatten().unwrap_or(0);
            let line = text[..at.min(text.len())].matches('\n').count() + 1;
            let snippet: String = text[at.min(text.len())..].chars().take(50).collect();
            declined.push(format!("{}:{line}: {snippet:?}", path.display()));
        } else {
            assert!(is_error || fast_only(&text).is_err());
        }
    }
    for d in &declined {
        println!("declined: {d}");
    }
    println!("fast path: {fast} of {accepted_by_pest} scripts pest accepts");
    assert!(
        fast * 100 >= accepted_by_pest * 80,
        "coverage dropped: {fast} of {accepted_by_pest}"
    );
}
