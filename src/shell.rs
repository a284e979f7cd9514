//! The REPL's view of the interpreter: implements `porpoise_repl::Host` (statement
//! completeness, evaluation with Ctrl-C cancellation, completion candidates, signatures,
//! help), and runs piped stdin without line editing.

use crate::builtins::registry;
use crate::display::{display_with, render_error, DisplayOptions};
use crate::eval::Interp;
use crate::home::Home;
use crate::value::{Scalar, Value};
use porpoise_repl::Host;
use std::io::Write;
use std::path::PathBuf;

/// Words the shell colours and completes as keywords.
pub const KEYWORDS: &[&str] = &[
    "and", "as", "asc", "assert", "between", "break", "by", "catch", "const", "context",
    "continue", "cross", "csort", "def", "delete", "desc", "distinct", "do", "else", "exec",
    "false", "for", "from", "full", "go", "group", "having", "if", "in", "inner", "insert", "into",
    "join", "left", "like", "limit", "module", "not", "NULL", "on", "or", "order", "outer",
    "pivot", "return", "right", "select", "set", "share", "throw", "timer", "top", "true", "try",
    "undef", "update", "use", "values", "where", "while",
];

/// A REPL session: the interpreter plus display settings.
pub struct Session {
    pub interp: Interp,
    pub display: DisplayOptions,
    cwd: Option<PathBuf>,
}

impl Session {
    pub fn new(home: &Home) -> Session {
        Session {
            interp: crate::cli::new_session(home, None),
            display: DisplayOptions::default(),
            cwd: std::env::current_dir().ok(),
        }
    }

    /// Runs `src` statement by statement, displaying each value; stops at the first error,
    /// which is rendered to stderr. Returns false on error.
    pub fn run(&mut self, name: &str, src: &str) -> bool {
        self.interp.clear_interrupt();
        let script = match crate::script::load(name, src, self.cwd.as_deref()) {
            Ok(s) => s,
            Err(e) => return self.fail(&e),
        };
        for seg in &script.segments {
            let stmts = match seg.parse() {
                Ok(s) => s,
                Err(e) => return self.fail(&e),
            };
            for s in &stmts {
                match self.interp.exec_top(s) {
                    Ok(Some(v)) if !matches!(v, Value::Scalar(Scalar::Void)) => {
                        let text = display_with(&v, &self.display);
                        self.interp.write_line(&text);
                    }
                    Ok(_) => {}
                    Err(e) => return self.fail(&e),
                }
            }
        }
        self.interp.flush();
        true
    }

    fn fail(&mut self, e: &crate::Error) -> bool {
        self.interp.flush();
        let _ = std::io::stdout().flush();
        eprintln!("{}", render_error(e));
        false
    }

    /// Names visible to completion: session variables and user functions.
    fn session_names(&self) -> Vec<String> {
        let it = &self.interp;
        let mut out: Vec<String> = it.globals.vars.keys().map(|k| k.to_string()).collect();
        out.extend(it.shared.keys().map(|k| k.to_string()));
        out.extend(it.functions.keys().map(|k| k.to_string()));
        out
    }

    /// Column names of the in-memory tables named after `from` (or before `.`) in `line`.
    fn columns_in(&self, line: &str) -> Vec<String> {
        let words: Vec<&str> = line
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .collect();
        let mut tables: Vec<&str> = words
            .windows(2)
            .filter(|w| w[0] == "from" || w[0] == "join" || w[0].ends_with('j'))
            .map(|w| w[1])
            .collect();
        tables.extend(
            line.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
                .filter_map(|w| w.split_once('.').map(|(t, _)| t)),
        );
        let mut cols = Vec::new();
        for t in &tables {
            match self.interp.globals.vars.get(t) {
                Some(Value::Table(tab)) => cols.extend(tab.names().iter().map(|n| n.to_string())),
                Some(Value::DfsTable(h)) => cols.extend(dfs_columns(&h.storage, &h.db, &h.table)),
                _ => {}
            }
        }
        for (db, table) in loaded_tables(line) {
            if let Ok(st) = crate::storage::default_storage() {
                cols.extend(dfs_columns(&st, &db, &table));
            }
        }
        // A query typed before its `from` clause: any table in the session may be meant.
        let query = ["select", "exec", "update", "where", "by"];
        if cols.is_empty() && words.iter().any(|w| query.contains(w)) {
            for v in self.interp.globals.vars.iter().map(|(_, v)| v) {
                match v {
                    Value::Table(tab) => cols.extend(tab.names().iter().map(|n| n.to_string())),
                    Value::DfsTable(h) => cols.extend(dfs_columns(&h.storage, &h.db, &h.table)),
                    _ => {}
                }
            }
        }
        cols
    }
}

/// The byte offset just after the opening quote if `before` ends inside a string literal.
fn open_string_start(before: &str) -> Option<usize> {
    let mut open: Option<(char, usize)> = None;
    let mut escaped = false;
    for (i, c) in before.char_indices() {
        match open {
            Some(_) if escaped => escaped = false,
            Some(_) if c == '\\' => escaped = true,
            Some((q, _)) if c == q => open = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => open = Some((c, i + 1)),
            None => {}
        }
    }
    open.map(|(_, start)| start)
}

/// Completions inside a string: `dfs://` database paths, and the table names of the
/// database named by the previous argument of `loadTable("dfs://db", "...`.
fn string_candidates(before: &str, typed: &str) -> Vec<String> {
    let Ok(st) = crate::storage::default_storage() else {
        return Vec::new();
    };
    let mut out: Vec<String> = if "dfs://".starts_with(typed) || typed.starts_with("dfs://") {
        st.list_databases()
            .into_iter()
            .map(|db| format!("dfs://{db}"))
            .collect()
    } else {
        let db = before
            .rsplit_once("loadTable(")
            .and_then(|(_, args)| args.split(['"', '\'']).nth(1))
            .and_then(|p| p.strip_prefix("dfs://"));
        match db.and_then(|db| st.database(db).ok()) {
            Some(meta) => meta.tables.clone(),
            None => Vec::new(),
        }
    };
    out.retain(|c| c.starts_with(typed));
    out.sort();
    out
}

/// `(db, table)` for every `loadTable("dfs://db", "table")` (or `` `table ``) in `line`.
fn loaded_tables(line: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for call in line.split("loadTable(").skip(1) {
        let args = call.split(')').next().unwrap_or("");
        let mut parts = args
            .split(',')
            .map(|a| a.trim().trim_matches(['"', '\'', '`']));
        if let (Some(db), Some(table)) = (parts.next(), parts.next()) {
            if let Some(db) = db.strip_prefix("dfs://") {
                out.push((db.to_string(), table.to_string()));
            }
        }
    }
    out
}

/// The column names of a DFS table (none if it cannot be read).
fn dfs_columns(st: &crate::storage::Storage, db: &str, table: &str) -> Vec<String> {
    st.manifest(db, table)
        .map(|m| m.columns.iter().map(|c| c.name.clone()).collect())
        .unwrap_or_default()
}

/// The word being completed: letters, digits, `_`, `!` (in-place functions) and `::`
/// (module-qualified names) before the cursor.
fn word_start(line: &str, pos: usize) -> usize {
    let before = &line[..pos];
    before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '_' || c == '!' || c == ':')
        .last()
        .map_or(pos, |(i, _)| i)
}

impl Host for Session {
    fn is_incomplete(&self, src: &str) -> bool {
        crate::syntax::is_incomplete(src)
    }

    fn eval(&mut self, src: &str) -> bool {
        self.run("<console>", src)
    }

    fn complete(&self, line: &str, pos: usize) -> (usize, Vec<String>) {
        let pos = pos.min(line.len());
        if let Some(start) = open_string_start(&line[..pos]) {
            return (start, string_candidates(&line[..start], &line[start..pos]));
        }
        let start = word_start(line, pos);
        let prefix = &line[start..pos];
        // After `t.` only the columns of `t` make sense.
        let after_dot = line[..start].ends_with('.');
        // Columns first: in a query they are what is most likely meant.
        let mut columns = self.columns_in(line);
        columns.sort();
        let mut cands = Vec::new();
        if !after_dot {
            cands.extend(self.session_names());
            for b in registry().iter() {
                cands.push(b.name.to_string());
                cands.extend(b.aliases.iter().map(|a| a.to_string()));
            }
            cands.extend(KEYWORDS.iter().map(|k| k.to_string()));
        }
        cands.sort();
        let mut seen = std::collections::HashSet::new();
        let out: Vec<String> = columns
            .into_iter()
            .chain(cands)
            .filter(|c| c.starts_with(prefix) && seen.insert(c.clone()))
            .collect();
        (start, out)
    }

    fn signature(&self, name: &str) -> Option<String> {
        registry().get(name).map(|b| b.signature.to_string())
    }

    fn is_keyword(&self, word: &str) -> bool {
        KEYWORDS.contains(&word)
    }

    fn help(&mut self, topic: &str) {
        match crate::builtins::help_text(topic) {
            Ok(text) => println!("{text}"),
            Err(e) => println!("{}", e.message),
        }
    }

    fn command(&mut self, name: &str, arg: &str) -> bool {
        match name {
            "rows" => {
                match arg.parse::<usize>() {
                    Ok(n) if n > 0 => {
                        self.display.max_rows = n;
                        self.display.max_vector = n;
                        println!("showing at most {n} rows");
                    }
                    _ => println!(":rows needs a positive number"),
                }
                true
            }
            _ => false,
        }
    }
}

/// The interactive shell on `home`; piped stdin runs without line editing.
pub fn repl(home: &Home) -> i32 {
    use std::io::IsTerminal;
    let mut session = Session::new(home);
    if !std::io::stdin().is_terminal() {
        let code = piped(&mut session);
        crate::jobs::wait_for_batch_jobs(&session.interp);
        return code;
    }
    // A long-lived shell runs the home's scheduled jobs in the background (unless another
    // process already does).
    let jobs = crate::jobs::manager(&mut session.interp);
    let _scheduler = crate::jobs::start_background(&jobs);
    // Ctrl-C while a statement runs sets the session's interrupt flag (the line editor
    // reads keys in raw mode, so at the prompt Ctrl-C arrives as a key instead).
    if let Err(e) =
        signal_hook::flag::register(signal_hook::consts::SIGINT, session.interp.interrupt_flag())
    {
        eprintln!("porpoise: Ctrl-C will not cancel statements: {e}");
    }
    let history = match std::fs::create_dir_all(home.root()) {
        Ok(()) => Some(home.root().join("repl_history")),
        Err(_) => None,
    };
    let banner = format!(
        "porpoise {} (DolphinDB script) on {}\nType :help for help, ?name for a function, Ctrl-D to leave.",
        env!("CARGO_PKG_VERSION"),
        home.root().display()
    );
    let opts = porpoise_repl::Options {
        banner,
        history,
        ..porpoise_repl::Options::default()
    };
    porpoise_repl::run(session, opts)
}

/// Runs a script piped to stdin statement by statement as the REPL would (values shown,
/// no prompts); an error is reported and the rest still runs. Exit 1 if any failed.
fn piped(session: &mut Session) -> i32 {
    let mut text = String::new();
    if let Err(e) = std::io::Read::read_to_string(&mut std::io::stdin(), &mut text) {
        eprintln!("porpoise: can't read stdin: {e}");
        return 2;
    }
    let mut failed = false;
    let mut buffer = String::new();
    for line in text.lines() {
        if !buffer.is_empty() {
            buffer.push('\n');
        }
        buffer.push_str(line);
        if buffer.trim().is_empty() || crate::syntax::is_incomplete(&buffer) {
            continue;
        }
        failed |= !session.run("<stdin>", &std::mem::take(&mut buffer));
    }
    if !buffer.trim().is_empty() {
        failed |= !session.run("<stdin>", &buffer);
    }
    i32::from(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session() -> Session {
        let mut s = Session::new(&Home::at("/nonexistent-porpoise-home"));
        s.interp = Interp::with_output(Box::new(std::io::sink()));
        s
    }

    #[test]
    fn completes_builtins_variables_and_columns() {
        let mut s = session();
        assert!(s.run(
            "<t>",
            "trades = table(1 2 as qty, 3.0 4.0 as price)\nmyVar = 1"
        ));
        let (start, c) = s.complete("x = su", 6);
        assert_eq!(start, 4);
        assert!(c.contains(&"sum".to_string()), "{c:?}");
        let (_, c) = s.complete("my", 2);
        assert_eq!(c, vec!["myVar".to_string()]);
        let line = "select pr from trades";
        let (start, c) = s.complete(line, 9);
        assert_eq!(start, 7);
        assert_eq!(c[0], "price");
        assert!(c.contains(&"prod".to_string()), "{c:?}");
        let (_, c) = s.complete("trades.q", 8);
        assert_eq!(c, vec!["qty".to_string()]);
    }

    #[test]
    fn finds_open_strings_and_loaded_tables() {
        assert_eq!(open_string_start("x = \"dfs://a"), Some(5));
        assert_eq!(open_string_start("f(\"a\", 'b"), Some(8));
        assert_eq!(open_string_start("f(\"a\\\"b\")"), None);
        assert_eq!(open_string_start("no strings"), None);
        assert_eq!(
            loaded_tables("select x from loadTable(\"dfs://db\", `pt) where"),
            vec![("db".to_string(), "pt".to_string())]
        );
        assert!(loaded_tables("loadTable(\"/local\", \"t\")").is_empty());
    }

    #[test]
    fn signatures_come_from_the_registry() {
        let s = session();
        assert_eq!(s.signature("take").as_deref(), Some("take(X, n)"));
        assert!(s.signature("noSuchFunction").is_none());
        assert!(s.is_keyword("select") && !s.is_keyword("sum"));
    }

    #[test]
    fn errors_do_not_end_the_session() {
        let mut s = session();
        assert!(!s.run("<t>", "undefinedThing + 1"));
        assert!(s.run("<t>", "x = 2"));
        assert!(s.run("<t>", "x + 1"));
    }
}
