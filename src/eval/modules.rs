//! Modules: `module a::b` files found in the module directories (the data home's
//! `modules/`, then the running script's folder) or embedded in the binary (`stdlib/`),
//! loaded by `use a::b`. Their functions are callable as `a::b::f` and, unless two used
//! modules define the same name, as plain `f`.

use super::Interp;
use crate::ast::{Name, StmtKind};
use crate::error::{Error, Result};
use crate::value::Function;
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// A module's source text known without the file system (the embedded stdlib).
#[derive(Clone, Debug)]
pub struct ModuleSource {
    /// `a::b`
    pub name: String,
    pub text: String,
}

#[derive(Default, Clone)]
pub(crate) struct Modules {
    sources: FxHashMap<String, ModuleSource>,
    loaded: FxHashMap<Name, FxHashMap<Name, Arc<Function>>>,
    /// Modules the session has `use`d, in order.
    used: Vec<Name>,
    /// The module whose definitions are being executed, if any.
    defining: Option<Name>,
}

impl Modules {
    pub fn add_source(&mut self, src: ModuleSource) {
        self.sources.insert(src.name.clone(), src);
    }

    pub fn defining_module(&self) -> Option<Name> {
        self.defining.clone()
    }

    /// A function of a used module by its plain name; `None` if absent or ambiguous.
    pub fn resolve_unqualified(&self, name: &str) -> Option<Arc<Function>> {
        let mut found = None;
        for m in &self.used {
            if let Some(f) = self.loaded.get(m).and_then(|fs| fs.get(name)) {
                if found.is_some() {
                    return None;
                }
                found = Some(f.clone());
            }
        }
        found
    }

    /// Modules (among those used) that define `name`; more than one means ambiguity.
    pub fn defining_modules(&self, name: &str) -> Vec<Name> {
        self.used
            .iter()
            .filter(|m| self.loaded.get(*m).is_some_and(|fs| fs.contains_key(name)))
            .cloned()
            .collect()
    }

    pub fn function_in(&self, module: &str, name: &str) -> Option<Arc<Function>> {
        self.loaded.get(module).and_then(|fs| fs.get(name)).cloned()
    }
}

impl Interp {
    /// `use a::b`: loads the module once, then makes its functions visible.
    pub(crate) fn use_module(&mut self, path: &[Name]) -> Result<()> {
        let name: Name = Name::from(path.join("::"));
        if !self.modules.loaded.contains_key(&name) {
            self.load_module(&name, path)?;
        }
        if !self.modules.used.contains(&name) {
            self.modules.used.push(name);
        }
        Ok(())
    }

    fn load_module(&mut self, name: &Name, path: &[Name]) -> Result<()> {
        let (file_name, text) = match self.modules.sources.get(name.as_ref()) {
            Some(src) => (format!("<stdlib>/{}.dos", path.join("/")), src.text.clone()),
            None => {
                let rel: std::path::PathBuf = path.iter().map(|p| p.as_ref()).collect();
                let rel = rel.with_extension("dos");
                let found = self
                    .module_dirs
                    .iter()
                    .map(|d| d.join(&rel))
                    .find(|p| p.is_file())
                    .ok_or_else(|| {
                        Error::not_found(format!(
                            "Can't find module [{name}]: no file {} in the module directories",
                            rel.display()
                        ))
                    })?;
                let text = std::fs::read_to_string(&found).map_err(|e| {
                    Error::io(format!("Can't read module file {}: {e}", found.display()))
                })?;
                (found.display().to_string(), text)
            }
        };
        let file = crate::syntax::span::add_source(file_name, text.clone());
        let program = crate::syntax::parse_program(&text, file)?;
        match program.stmts.first().map(|s| &s.kind) {
            Some(StmtKind::Module(decl)) if decl.join("::") == name.as_ref() => {}
            _ => {
                return Err(Error::syntax(
                    format!("The module file must start with `module {name}`"),
                    program.stmts.first().map(|s| s.span).unwrap_or_default(),
                ))
            }
        }
        self.modules
            .loaded
            .insert(name.clone(), FxHashMap::default());
        let saved_functions = std::mem::take(&mut self.functions);
        let saved_defining = self.modules.defining.replace(name.clone());
        let mut res = Ok(());
        for s in &program.stmts {
            match &s.kind {
                StmtKind::Module(_) => {}
                StmtKind::Def(_) | StmtKind::Use(_) | StmtKind::Empty => {
                    if let Err(e) = self.exec(s) {
                        res = Err(e);
                        break;
                    }
                }
                _ => {
                    res = Err(Error::syntax(
                        "A module may contain only function definitions and `use` statements",
                        s.span,
                    ));
                    break;
                }
            }
        }
        let defined = std::mem::replace(&mut self.functions, saved_functions);
        self.modules.defining = saved_defining;
        if let Err(e) = res {
            self.modules.loaded.remove(name);
            return Err(e);
        }
        self.modules.loaded.insert(name.clone(), defined);
        Ok(())
    }

    /// `a::b::f` (module function) or `::f` (built-in).
    pub(crate) fn resolve_qualified(&self, path: &[Name]) -> Option<Arc<Function>> {
        let (f, module) = path.split_last()?;
        if module.iter().all(|m| m.is_empty()) {
            return crate::builtins::lookup(f).map(|b| Arc::new(Function::Builtin(b)));
        }
        self.modules.function_in(&module.join("::"), f)
    }

    /// Functions of the module a running user function belongs to.
    pub(crate) fn module_function(&self, module: &str, name: &str) -> Option<Arc<Function>> {
        self.modules.function_in(module, name)
    }
}
