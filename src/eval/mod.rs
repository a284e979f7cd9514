//! The tree-walking interpreter: a session (`Interp`) holding variables, user functions,
//! modules and output, and the evaluation of statements and expressions.
//!
//! Scoping follows DolphinDB: top-level code sees session variables; a function body sees
//! only its parameters, its locals and the values its closure captured (not session
//! variables); shared variables (`share`) are visible everywhere. SQL evaluation pushes a
//! transparent *overlay* scope binding column names on top of whatever scope is current.

mod assign;
mod call;
mod expr;
mod index;
mod interrupt;
mod modules;
mod stmt;
mod validate;
mod vars;

pub use call::CallArgs;
pub use index::{assign_index, index_value, lookup_key, table_row};
pub use modules::ModuleSource;
pub use stmt::Flow;

use crate::ast::{Name, Program};
use crate::error::{Error, Result};
use crate::syntax::span::Span;
use crate::value::{Function, Value};
use rustc_hash::FxHashMap;
use std::collections::HashSet;
use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Deepest nesting of user function calls before the interpreter reports an error instead of
/// overflowing the native stack.
pub const MAX_CALL_DEPTH: usize = 400;

/// Where `print` and friends write. Tests capture it; the CLI writes to stdout.
pub type Output = Box<dyn Write + Send>;

/// One local scope.
#[derive(Default, Clone)]
pub(crate) struct Scope {
    pub vars: vars::VarMap,
    /// `&b = a` inside this scope: `b` reads and writes `a`.
    pub aliases: FxHashMap<Name, Name>,
    /// A function body's scope stops lookups; an overlay (SQL columns) falls through.
    pub opaque: bool,
    /// Names declared `const`.
    pub consts: HashSet<Name>,
}

/// An interpreter session.
pub struct Interp {
    pub(crate) globals: Scope,
    pub(crate) shared: FxHashMap<Name, Value>,
    pub(crate) scopes: Vec<Scope>,
    pub(crate) functions: FxHashMap<Name, Arc<Function>>,
    pub(crate) modules: modules::Modules,
    pub(crate) out: Output,
    pub(crate) depth: usize,
    /// Final values of `mutable` parameters of the call that just returned.
    pub(crate) mutable_out: Vec<(usize, Value)>,
    /// Modules of the user functions currently running (innermost last), so a module's
    /// functions can call each other unqualified.
    pub(crate) module_stack: Vec<Name>,
    /// Folders searched for `use name` (the home's `modules/`, then the script's folder).
    pub module_dirs: Vec<PathBuf>,
    /// The current `@testing:case` name.
    pub current_case: Option<String>,
    /// Set by the CLI's `test` command: failed asserts are recorded by the runner.
    pub testing: bool,
    /// Column names for the `table` builtin, computed from its argument expressions by
    /// `eval_call` (builtins only see values): `Some(name)` for a variable or an `as` alias,
    /// `None` for any other expression. Taken (and so cleared) by `table`.
    pub(crate) pending_column_names: Option<Vec<Option<Name>>>,
    /// The new value of the first argument of an in-place builtin (`pop!`) whose result is
    /// not the modified object; `eval_call` writes it back instead of the result.
    pub(crate) inplace_updated: Option<Value>,
    /// Set to cancel the running evaluation (see `interrupt.rs`).
    pub(crate) interrupt: Arc<std::sync::atomic::AtomicBool>,
    /// The session's random generator for `rand` and `norm`: seeded by `setRandomSeed`,
    /// otherwise from the clock on first use.
    pub(crate) rng: Option<crate::builtins::Rng>,
    /// Who is logged in (`guest` until `login`).
    pub auth: crate::auth::Session,
    /// The data home holding persistent state (the users file); `None` keeps users in
    /// memory for this session only (tests, sweeps).
    pub home: Option<crate::home::Home>,
    /// The folder relative file paths resolve against; `None` means the process's
    /// current directory.
    pub work_dir: Option<PathBuf>,
    /// A simulated clock for `today()`/`now()` (the simulated scheduler, `--now`); `None`
    /// reads the real local time.
    pub clock: Option<crate::jobs::clock::SimClock>,
    /// The job manager (scheduled and batch jobs) this session uses, found on first use:
    /// the home's (shared by every session of the process) or a private in-memory one.
    pub(crate) jobs: Option<Arc<crate::jobs::Manager>>,
}

impl Interp {
    /// A session writing its output to stdout.
    pub fn new() -> Interp {
        Interp::with_output(Box::new(std::io::stdout()))
    }

    pub fn with_output(out: Output) -> Interp {
        let mut interp = Interp {
            globals: Scope::default(),
            shared: FxHashMap::default(),
            scopes: Vec::new(),
            functions: FxHashMap::default(),
            modules: modules::Modules::default(),
            out,
            depth: 0,
            mutable_out: Vec::new(),
            module_stack: Vec::new(),
            module_dirs: Vec::new(),
            current_case: None,
            testing: false,
            pending_column_names: None,
            inplace_updated: None,
            interrupt: Arc::default(),
            rng: None,
            auth: crate::auth::Session::default(),
            home: None,
            work_dir: None,
            clock: None,
            jobs: None,
        };
        interp.globals.opaque = true;
        interp
    }

    /// Replaces the output sink, returning the previous one.
    pub fn set_output(&mut self, out: Output) -> Output {
        std::mem::replace(&mut self.out, out)
    }

    /// Writes a line to the session output (used by `print`).
    pub fn write_line(&mut self, text: &str) {
        // Output errors (closed pipe) must not abort the script.
        let _ = writeln!(self.out, "{text}");
    }

    pub fn flush(&mut self) {
        let _ = self.out.flush();
    }

    /// Parses and runs source text, returning the value of the last statement.
    pub fn run_source(&mut self, name: &str, text: &str) -> Result<Value> {
        let file = crate::syntax::span::add_source(name, text);
        let program = crate::syntax::parse_program(text, file)?;
        self.run_program(&program)
    }

    /// Runs a parsed program at top level, returning the value of the last statement
    /// (VOID NULL if it has none).
    pub fn run_program(&mut self, program: &Program) -> Result<Value> {
        let mut last = Value::NULL;
        for s in &program.stmts {
            last = self.exec_top(s)?.unwrap_or(Value::NULL);
        }
        Ok(last)
    }

    /// Executes one top-level statement: `Some(value)` for statements that display a value
    /// (expression statements), `None` otherwise.
    pub fn exec_top(&mut self, s: &crate::ast::Stmt) -> Result<Option<Value>> {
        match self.exec(s)? {
            Flow::Normal(v) => Ok(v),
            Flow::Return(v) => Ok(Some(v)),
            Flow::Break | Flow::Continue => Err(Error::syntax(
                "break and continue can only be used inside a loop",
                s.span,
            )),
        }
    }

    /// Defines or replaces a session variable.
    pub fn set_global(&mut self, name: &str, v: Value) {
        self.globals.vars.insert(Name::from(name), v);
    }

    pub fn get_global(&self, name: &str) -> Option<&Value> {
        self.globals.vars.get(name)
    }

    /// The innermost scope that assignments go to.
    pub(crate) fn current_scope_mut(&mut self) -> &mut Scope {
        match self.scopes.iter().rposition(|s| s.opaque) {
            Some(i) => &mut self.scopes[i],
            None => &mut self.globals,
        }
    }

    /// Looks a variable up through overlays, the current function scope (or the session),
    /// then shared variables.
    pub fn lookup_var(&self, name: &str) -> Option<&Value> {
        for scope in self.scopes.iter().rev() {
            if let Some(v) = scope.vars.get(name) {
                return Some(v);
            }
            if let Some(target) = scope.aliases.get(name) {
                return scope.vars.get(target.as_ref());
            }
            if scope.opaque {
                return self.shared.get(name);
            }
        }
        if let Some(v) = self.globals.vars.get(name) {
            return Some(v);
        }
        if let Some(target) = self.globals.aliases.get(name) {
            return self.globals.vars.get(target.as_ref());
        }
        self.shared.get(name)
    }

    /// Evaluates metacode (`eval(code)`). Code made by `parseExpr` resolves names against
    /// session and shared variables only, never against the locals of the function that
    /// evaluates it, as DolphinDB documents for `parseExpr`.
    pub fn eval_code(&mut self, e: &crate::ast::Expr) -> Result<Value> {
        if self.scopes.is_empty() || !from_parse_expr(e) {
            return self.eval(e);
        }
        let saved = std::mem::take(&mut self.scopes);
        let res = self.eval(e);
        self.scopes = saved;
        res
    }

    /// Runs `f` with an overlay scope binding `vars` (used by SQL for column names).
    pub fn with_overlay<T>(
        &mut self,
        vars: FxHashMap<Name, Value>,
        f: impl FnOnce(&mut Interp) -> Result<T>,
    ) -> Result<T> {
        self.scopes.push(Scope {
            vars: vars.into(),
            ..Scope::default()
        });
        let res = f(self);
        self.scopes.pop();
        res
    }

    /// Calls a function value with positional arguments.
    pub fn call(&mut self, f: &Function, args: Vec<Value>) -> Result<Value> {
        self.call_function(f, CallArgs::positional(args), None)
    }

    /// Calls a function value with positional arguments, attributing errors to `span`.
    pub fn call_at(&mut self, f: &Function, args: Vec<Value>, span: Span) -> Result<Value> {
        self.call_function(f, CallArgs::positional(args), Some(span))
    }

    /// Finds a user-defined or built-in function by name.
    pub fn resolve_function(&self, name: &str) -> Option<Arc<Function>> {
        if let Some(m) = self.module_stack.last() {
            if let Some(f) = self.module_function(m, name) {
                return Some(f);
            }
        }
        if let Some(f) = self.functions.get(name) {
            return Some(f.clone());
        }
        if let Some(f) = self.modules.resolve_unqualified(name) {
            return Some(f);
        }
        crate::builtins::lookup(name).map(|b| Arc::new(Function::Builtin(b)))
    }

    /// Names of the session's variables (for `defined`, completion).
    pub fn global_names(&self) -> Vec<Name> {
        self.globals.vars.keys().cloned().collect()
    }

    /// Column names `eval_call` computed for the current `table(...)` call (see the field).
    pub fn take_column_names(&mut self) -> Option<Vec<Option<Name>>> {
        self.pending_column_names.take()
    }

    /// Makes an in-place builtin (`name!`) write `v` back to its first argument instead of
    /// its return value (used by `pop!`, which returns the removed element).
    pub fn set_inplace_updated(&mut self, v: Value) {
        self.inplace_updated = Some(v);
    }

    /// Whether a shared variable exists (`defined(name, SHARED)`).
    pub fn is_shared(&self, name: &str) -> bool {
        self.shared.contains_key(name)
    }

    /// Removes a session variable, returning whether it existed.
    pub fn undef_var(&mut self, name: &str) -> bool {
        self.current_scope_mut().vars.remove(name).is_some()
    }

    /// Removes a user-defined function.
    pub fn undef_function(&mut self, name: &str) -> bool {
        self.functions.remove(name).is_some()
    }

    /// Shares a value under a name visible to every scope.
    pub fn share(&mut self, name: Name, v: Value) {
        self.shared.insert(name, v);
    }

    pub fn unshare(&mut self, name: &str) -> bool {
        self.shared.remove(name).is_some()
    }

    /// Resolves a script-given path: absolute paths as they are, relative ones against the
    /// session's working folder.
    pub fn resolve_path(&self, path: &str) -> PathBuf {
        let p = std::path::Path::new(path);
        match &self.work_dir {
            Some(dir) if p.is_relative() => dir.join(p),
            _ => p.to_path_buf(),
        }
    }

    /// Registers a module's source so `use` can find it without the file system
    /// (the embedded stdlib).
    pub fn add_module_source(&mut self, src: ModuleSource) {
        self.modules.add_source(src);
    }
}

/// Was `e` parsed by `parseExpr` (its span points into a `<parseExpr>` source)?
fn from_parse_expr(e: &crate::ast::Expr) -> bool {
    crate::syntax::span::source(e.span.file).is_some_and(|s| s.name == PARSE_EXPR_SOURCE)
}

/// The source name `parseExpr` registers its text under.
pub const PARSE_EXPR_SOURCE: &str = "<parseExpr>";

/// What a parallel worker needs to start a session like the current one: the user
/// functions, modules and shared variables (session variables are invisible to functions,
/// so they are not copied).
#[derive(Clone)]
pub struct SessionTemplate {
    functions: FxHashMap<Name, Arc<Function>>,
    modules: modules::Modules,
    shared: FxHashMap<Name, Value>,
    module_dirs: Vec<PathBuf>,
    interrupt: Arc<std::sync::atomic::AtomicBool>,
    auth: crate::auth::Session,
    home: Option<crate::home::Home>,
    work_dir: Option<PathBuf>,
    clock: Option<crate::jobs::clock::SimClock>,
    jobs: Option<Arc<crate::jobs::Manager>>,
}

/// An output sink collecting bytes in memory (for parallel workers and tests).
#[derive(Clone, Default)]
pub struct SharedBuffer(pub Arc<Mutex<Vec<u8>>>);

impl Write for SharedBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut b) = self.0.lock() {
            b.extend_from_slice(buf);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl SharedBuffer {
    /// The bytes written so far, as text.
    pub fn text(&self) -> String {
        self.0
            .lock()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default()
    }
}

impl SessionTemplate {
    /// A new session with this template's functions, writing into a fresh buffer.
    pub fn fork_with_buffer(&self) -> (Interp, Arc<Mutex<Vec<u8>>>) {
        let buf = SharedBuffer::default();
        let mut it = Interp::with_output(Box::new(buf.clone()));
        it.functions = self.functions.clone();
        it.modules = self.modules.clone();
        it.shared = self.shared.clone();
        it.module_dirs = self.module_dirs.clone();
        it.interrupt = Arc::clone(&self.interrupt);
        it.auth = self.auth.clone();
        it.home = self.home.clone();
        it.work_dir = self.work_dir.clone();
        it.clock = self.clock;
        it.jobs = self.jobs.clone();
        (it, buf.0)
    }
}

impl Interp {
    /// Captures what parallel workers need to run functions of this session.
    pub fn fork(&self) -> SessionTemplate {
        SessionTemplate {
            functions: self.functions.clone(),
            modules: self.modules.clone(),
            shared: self.shared.clone(),
            module_dirs: self.module_dirs.clone(),
            interrupt: Arc::clone(&self.interrupt),
            auth: self.auth.clone(),
            home: self.home.clone(),
            work_dir: self.work_dir.clone(),
            clock: self.clock,
            jobs: self.jobs.clone(),
        }
    }
}

impl Default for Interp {
    fn default() -> Interp {
        Interp::new()
    }
}
