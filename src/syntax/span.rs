//! Source spans and the registry of source texts they point into.
//!
//! A `Span` is a byte range in one registered source. Registering a source (a script file,
//! `-e` code, a module, a REPL line) gives it a `FileId`; diagnostics look the text up again
//! to print `file:line:col` and the line with a caret.

use std::sync::{Arc, OnceLock, RwLock};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct FileId(pub u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span {
            file,
            start: start as u32,
            end: end as u32,
        }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// One registered source text.
#[derive(Debug)]
pub struct Source {
    /// What to print before `:line:col` (a path, `<-e>`, `<repl>`).
    pub name: String,
    pub text: String,
}

impl Source {
    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text[..floor_char_boundary(&self.text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
        let col = before[line_start..].chars().count() + 1;
        (line, col)
    }

    /// The text of 1-based line `line`, without its newline.
    pub fn line_text(&self, line: usize) -> &str {
        self.text
            .split('\n')
            .nth(line.saturating_sub(1))
            .unwrap_or("")
            .trim_end_matches('\r')
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn registry() -> &'static RwLock<Vec<Arc<Source>>> {
    static SOURCES: OnceLock<RwLock<Vec<Arc<Source>>>> = OnceLock::new();
    SOURCES.get_or_init(|| RwLock::new(Vec::new()))
}

/// Registers a source text and returns its id.
pub fn add_source(name: impl Into<String>, text: impl Into<String>) -> FileId {
    let mut reg = registry().write().unwrap_or_else(|e| e.into_inner());
    reg.push(Arc::new(Source {
        name: name.into(),
        text: text.into(),
    }));
    FileId(reg.len() as u32 - 1)
}

/// Looks a registered source up.
pub fn source(id: FileId) -> Option<Arc<Source>> {
    let reg = registry().read().unwrap_or_else(|e| e.into_inner());
    reg.get(id.0 as usize).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column() {
        let id = add_source("t.dos", "x = 1\ny = é + 2\n");
        let src = source(id).expect("registered source is found");
        assert_eq!(src.line_col(0), (1, 1));
        assert_eq!(src.line_col(10), (2, 5));
        assert_eq!(src.line_text(2), "y = é + 2");
    }
}
