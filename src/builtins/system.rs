//! System functions on the file system and the environment: `exists files mkdir rmdir rm
//! run getEnv`, plus `isVoid`. Relative paths resolve against the session's working folder
//! (`Interp::resolve_path`); messages show paths as the script gave them.
//!
//! DolphinDB requires a logged-in user for `files mkdir rmdir run`; porpoise runs scripts
//! locally and does not (yet) enforce that.

use super::args::{bool_arg, str_arg, strings_arg};
use super::registry::{Builtin, Kind, Registry};
use crate::error::{Error, Result};
use crate::eval::{Interp, SharedBuffer};
use crate::value::{Table, Value, Vector};
use std::sync::Arc;
use std::time::SystemTime;

pub fn register(reg: &mut Registry) {
    reg.add(
        Builtin::new("exists(path)", exists)
            .doc("Tests whether each file or folder exists (BOOL scalar or vector).")
            .example(
                "exists([\"/\", \"/no/such/porpoise/path\"])",
                "[true,false]",
            ),
    );
    reg.add(Builtin::new("files(directory, [pattern])", files)
        .doc("A table (filename, isDir, fileSize, lastAccessed, lastModified) of the folder's entries; pattern keeps names containing it, with LIKE wildcards (% and _), ignoring case.")
        .example("d = \"/tmp/porpoise-example-files\"; if (exists(d)) rmdir(d, true); mkdir(d); saveText(1 2, d + \"/a.csv\"); r = exec filename from files(d); rmdir(d, true); r", "[\"a.csv\"]"));
    reg.add(
        Builtin::new("mkdir(directory)", mkdir)
            .kind(Kind::System)
            .doc("Creates a folder (and missing parents); fails if it already exists.")
            .example("d = \"/tmp/porpoise-example-mkdir\"; if (exists(d)) rmdir(d, true); mkdir(d); r = exists(d); rmdir(d); r", "true"),
    );
    reg.add(Builtin::new("rmdir(directory, [recursive=false], [keepRootDir=false])", rmdir)
        .kind(Kind::System)
        .doc("Deletes a folder; a non-empty one only with recursive=true, and keepRootDir=true keeps the folder itself.")
        .example("d = \"/tmp/porpoise-example-rmdir\"; if (!exists(d)) mkdir(d); rmdir(d); exists(d)", "false"));
    reg.add(
        Builtin::new("rm(filename)", rm)
            .kind(Kind::System)
            .doc("Deletes a file.")
            .example(
                "f = \"/tmp/porpoise-example-rm.csv\"; saveText(1 2 3, f); rm(f); exists(f)",
                "false",
            ),
    );
    reg.add(Builtin::new("run(scriptFile, [newSession=false], [clean=true])", run)
        .kind(Kind::System)
        .doc("Runs a script file in this session (or a new one with newSession=true); clean=true removes the session's variables afterwards.")
        .example("f = \"/tmp/porpoise-example-run.dos\"; saveText(\"print(40 + 2)\", f, , false, false); run(f, clean=false); rm(f)", "42"));
    reg.add(
        Builtin::new("isVoid(X)", is_void)
            .doc("Whether X is VOID (the untyped NULL); for a tuple, whether each element is.")
            .example("[isVoid(NULL), isVoid(00i)]", "[true,false]"),
    );
    reg.add(
        Builtin::new("getEnv(name, [default])", get_env)
            .doc("The value of an environment variable; `default` (an empty string if not given) when it is not set.")
            .example("getEnv(\"PORPOISE_SURELY_UNSET_VARIABLE\", \"not exist\")", "not exist"),
    );
}

fn io_err(what: &str, path: &str, e: &std::io::Error) -> Error {
    Error::io(format!(
        "{what} [{path}] with error code {}",
        e.raw_os_error().unwrap_or(-1)
    ))
}

fn exists(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let paths = strings_arg("exists", "path", &args[0])?;
    let found: Vec<i8> = paths
        .iter()
        .map(|p| i8::from(it.resolve_path(p).exists()))
        .collect();
    match &args[0] {
        Value::Scalar(_) => Ok(Value::bool(found[0] != 0)),
        _ => Ok(Value::vector(Vector::bools(found))),
    }
}

fn files(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let dir = str_arg("files", "directory", &args[0])?;
    let pattern = match args.get(1) {
        None | Some(Value::Scalar(crate::value::Scalar::Void)) => None,
        Some(v) => Some(str_arg("files", "pattern", v)?.to_lowercase()),
    };
    let entries = std::fs::read_dir(it.resolve_path(&dir))
        .map_err(|e| io_err("Failed to list the directory", &dir, &e))?;
    let mut rows = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(p) = &pattern {
            if !like(&name.to_lowercase(), &format!("%{p}%")) {
                continue;
            }
        }
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        let millis = |t: std::io::Result<SystemTime>| -> i64 {
            t.ok()
                .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
                .map(|d| d.as_millis() as i64)
                .unwrap_or(i64::MIN)
        };
        let size = if meta.is_dir() { 0 } else { meta.len() as i64 };
        rows.push((
            name,
            meta.is_dir(),
            size,
            millis(meta.accessed()),
            millis(meta.modified()),
        ));
    }
    // DolphinDB lists entries alphabetically, ignoring case.
    rows.sort_by(|a, b| {
        a.0.to_lowercase()
            .cmp(&b.0.to_lowercase())
            .then(a.0.cmp(&b.0))
    });
    let names = Vector::strings(rows.iter().map(|r| Arc::from(r.0.as_str())).collect());
    let is_dir = Vector::bools(rows.iter().map(|r| i8::from(r.1)).collect());
    let col = |f: fn(&(String, bool, i64, i64, i64)) -> i64| {
        Arc::new(Vector::longs(rows.iter().map(f).collect()))
    };
    let table = Table::from_columns(
        [
            "filename",
            "isDir",
            "fileSize",
            "lastAccessed",
            "lastModified",
        ]
        .map(Arc::from)
        .to_vec(),
        vec![
            Arc::new(names),
            Arc::new(is_dir),
            col(|r| r.2),
            col(|r| r.3),
            col(|r| r.4),
        ],
    )
    .map_err(Error::runtime)?;
    Ok(Value::table(table))
}

/// SQL LIKE on lower-cased text: `%` any run, `_` one character.
fn like(s: &str, pattern: &str) -> bool {
    let s: Vec<char> = s.chars().collect();
    let p: Vec<char> = pattern.chars().collect();
    // Classic two-pointer wildcard match with backtracking to the last `%`.
    let (mut i, mut j, mut star, mut mark) = (0, 0, None, 0);
    while i < s.len() {
        if j < p.len() && (p[j] == '_' || p[j] == s[i]) {
            i += 1;
            j += 1;
        } else if j < p.len() && p[j] == '%' {
            star = Some(j);
            mark = i;
            j += 1;
        } else if let Some(st) = star {
            j = st + 1;
            mark += 1;
            i = mark;
        } else {
            return false;
        }
    }
    p[j..].iter().all(|c| *c == '%')
}

fn mkdir(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let dir = str_arg("mkdir", "directory", &args[0])?;
    let path = it.resolve_path(&dir);
    if path.exists() {
        return Err(Error::io(format!("The directory [{dir}] already exists.")));
    }
    std::fs::create_dir_all(&path).map_err(|e| io_err("Failed to create directory", &dir, &e))?;
    Ok(Value::NULL)
}

fn rmdir(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let dir = str_arg("rmdir", "directory", &args[0])?;
    let recursive = bool_arg("rmdir", "recursive", args.get(1), false)?;
    let keep_root = bool_arg("rmdir", "keepRootDir", args.get(2), false)?;
    if keep_root && !recursive {
        return Err(Error::domain(
            "[rmdir] keepRootDir=true requires recursive=true",
        ));
    }
    let path = it.resolve_path(&dir);
    let fail = |e: std::io::Error| io_err("Failed to remove directory", &dir, &e);
    if !path.is_dir() {
        return Err(Error::io(format!("The directory [{dir}] doesn't exist.")));
    }
    if keep_root {
        for entry in std::fs::read_dir(&path).map_err(fail)?.flatten() {
            let p = entry.path();
            if p.is_dir() {
                std::fs::remove_dir_all(&p).map_err(fail)?;
            } else {
                std::fs::remove_file(&p).map_err(fail)?;
            }
        }
    } else if recursive {
        std::fs::remove_dir_all(&path).map_err(fail)?;
    } else {
        std::fs::remove_dir(&path).map_err(fail)?;
    }
    Ok(Value::NULL)
}

fn rm(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let file = str_arg("rm", "filename", &args[0])?;
    let path = it.resolve_path(&file);
    if path.is_dir() {
        return Err(Error::io(format!(
            "[{file}] is a directory; use rmdir to delete it."
        )));
    }
    std::fs::remove_file(&path).map_err(|e| io_err("Failed to remove file", &file, &e))?;
    Ok(Value::NULL)
}

fn run(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let file = str_arg("run", "scriptFile", &args[0])?;
    let new_session = bool_arg("run", "newSession", args.get(1), false)?;
    let clean = bool_arg("run", "clean", args.get(2), true)?;
    let path = it.resolve_path(&file);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| io_err("Failed to open the script file", &file, &e))?;
    let script = crate::script::load(&file, &text, path.parent())?;
    if new_session {
        // A fresh session sees nothing of this one but the login and the home; its output
        // is copied here when it ends.
        let buf = SharedBuffer::default();
        let mut fresh = Interp::with_output(Box::new(buf.clone()));
        fresh.module_dirs = it.module_dirs.clone();
        fresh.auth = it.auth.clone();
        fresh.home = it.home.clone();
        fresh.work_dir = it.work_dir.clone();
        crate::stdlib::install(&mut fresh);
        let res = crate::script::run(&mut fresh, &script);
        fresh.flush();
        let out = buf.text();
        if !out.is_empty() {
            it.write_line(out.trim_end_matches('\n'));
        }
        return res.map(|_| Value::NULL);
    }
    let res = crate::script::run(it, &script);
    if clean {
        it.globals.vars.clear();
        it.globals.aliases.clear();
    }
    res.map(|_| Value::NULL)
}

fn is_void(_: &mut Interp, args: &[Value]) -> Result<Value> {
    Ok(match &args[0] {
        Value::Vector(v) if v.is_tuple() => Value::vector(Vector::bools(
            v.iter_values().map(|e| i8::from(e.is_void())).collect(),
        )),
        other => Value::bool(other.is_void()),
    })
}

fn get_env(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let name = str_arg("getEnv", "name", &args[0])?;
    let default = match args.get(1) {
        Some(d) if !d.is_void() => str_arg("getEnv", "default", d)?.to_string(),
        _ => String::new(),
    };
    Ok(Value::string(std::env::var(&*name).unwrap_or(default)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_resolve_against_the_work_dir() {
        let dir = std::env::temp_dir().join(format!("porpoise-workdir-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch folder");
        let mut it = Interp::with_output(Box::new(std::io::sink()));
        it.work_dir = Some(dir.clone());
        it.run_source("t", "mkdir(\"rel\"); saveText(1 2, \"rel/x.csv\")")
            .expect("relative paths work");
        assert!(dir.join("rel/x.csv").is_file());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn like_wildcards() {
        assert!(like("readme_win.txt", "readme%"));
        assert!(like("abc", "a_c"));
        assert!(like("abc", "%"));
        assert!(!like("abc", "b%"));
        assert!(like("xabcx", "%abc%"));
        assert!(!like("ab", "a_c"));
    }
}
