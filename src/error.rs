//! The one error type of porpoise. Each error has a kind, a message (the user-visible text
//! the corpus checks), an optional span and notes. Rendering with a caret lives in
//! `display::diagnostic`.

use crate::syntax::span::Span;
use crate::value::Value;
use std::fmt;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The script does not parse.
    Syntax,
    /// An argument or operand has the wrong type or form.
    Type,
    /// Wrong number of arguments.
    Arity,
    /// Operand lengths do not match.
    Length,
    /// A value is outside what the operation accepts.
    Domain,
    /// An unknown variable, function, column, file or key.
    NotFound,
    /// Other evaluation failures.
    Runtime,
    /// `throw` in the script.
    User,
    /// A failed `assert`.
    Assert,
    /// File system errors.
    Io,
    /// Storage engine errors.
    Storage,
    /// The evaluation was interrupted (Ctrl-C, job cancellation).
    Interrupted,
}

/// An error, boxed so that `Result<Value>` stays small: the interpreter returns a `Result`
/// from every evaluation step, and an 80-byte error inline made each of those returns copy
/// 80 bytes. Fields are reached through `Deref` (`err.kind`, `err.message`).
#[derive(Clone, Debug)]
pub struct Error(Box<ErrorInner>);

impl std::ops::Deref for Error {
    type Target = ErrorInner;
    fn deref(&self) -> &ErrorInner {
        &self.0
    }
}

impl std::ops::DerefMut for Error {
    fn deref_mut(&mut self) -> &mut ErrorInner {
        &mut self.0
    }
}

/// The contents of an [`Error`].
#[derive(Clone, Debug)]
pub struct ErrorInner {
    pub kind: ErrorKind,
    pub message: String,
    pub span: Option<Span>,
    pub notes: Vec<String>,
    /// The thrown object for `throw` (anything can be thrown).
    pub thrown: Option<Box<Value>>,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error(Box::new(ErrorInner {
            kind,
            message: message.into(),
            span: None,
            notes: Vec::new(),
            thrown: None,
        }))
    }

    pub fn syntax(message: impl Into<String>, span: Span) -> Error {
        Error::new(ErrorKind::Syntax, message).with_span(span)
    }
    pub fn type_err(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Type, message)
    }
    pub fn arity(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Arity, message)
    }
    pub fn length(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Length, message)
    }
    pub fn domain(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Domain, message)
    }
    pub fn not_found(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::NotFound, message)
    }
    pub fn runtime(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Runtime, message)
    }
    pub fn io(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Io, message)
    }

    /// Attaches a span unless one is already set (the innermost location wins).
    pub fn with_span(mut self, span: Span) -> Error {
        if self.span.is_none() {
            self.span = Some(span);
        }
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Error {
        self.notes.push(note.into());
        self
    }

    /// DolphinDB's exception type name as seen by `catch(ex)` (`ex[0]`).
    pub fn exception_type(&self) -> &'static str {
        match self.kind {
            ErrorKind::User => "USER",
            ErrorKind::Syntax => "SYSTEM_Parser",
            ErrorKind::Type | ErrorKind::Arity | ErrorKind::Length | ErrorKind::Domain => {
                "SYSTEM_Operator"
            }
            _ => "SYSTEM_Runtime",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::io(e.to_string())
    }
}
