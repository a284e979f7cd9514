//! The interactive shell driven in a pseudo-terminal, as a person would use it: multi-line
//! definitions, history, completion, Ctrl-C, errors, and piped stdin.

use rexpect::session::PtySession;
use std::path::PathBuf;
use std::process::Command;

const TIMEOUT_MS: u64 = 20_000;

fn temp_home(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("porpoise-repl-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn start(home: &PathBuf) -> PtySession {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_porpoise"));
    cmd.arg("--home").arg(home).env("TERM", "xterm");
    let mut p = rexpect::session::spawn_command(cmd, Some(TIMEOUT_MS)).expect("spawn porpoise");
    p.exp_string("Type :help").expect("banner");
    p
}

/// Waits until the line editor has drawn an empty prompt (`> ` or the continuation `.. `)
/// and so is reading keys: bytes typed while a statement still runs may be read before the
/// editor is in raw mode, as with any line editor.
fn ready(p: &mut PtySession) {
    p.exp_regex(r"\x1b\[K(> |\.\. )\r")
        .expect("an empty prompt");
}

/// Types `text` and Enter at the next prompt.
fn line(p: &mut PtySession, text: &str) {
    ready(p);
    p.send_line(text).expect("send a line");
}

fn quit(mut p: PtySession) {
    ready(&mut p);
    p.send_control('d').expect("send Ctrl-D");
    p.exp_eof().expect("Ctrl-D ends the shell");
}

#[test]
fn multi_line_definition_then_call() {
    let home = temp_home("multiline");
    let mut p = start(&home);
    line(&mut p, "def triple(a) {");
    p.exp_regex(r"\x1b\[K\.\. \r").expect("continuation prompt");
    p.send_line("  return a * 3").expect("send");
    p.exp_regex(r"\x1b\[K\.\. \r").expect("continuation prompt");
    p.send_line("}").expect("send");
    line(&mut p, "triple(14)");
    p.exp_string("42")
        .expect("result of the multi-line function");
    quit(p);
}

#[test]
fn history_is_recalled_and_saved() {
    let home = temp_home("history");
    let mut p = start(&home);
    line(&mut p, "1000 + 1");
    p.exp_string("1001").expect("first result");
    // Up arrow recalls the previous statement; Enter runs it again.
    ready(&mut p);
    p.send("\x1b[A").expect("send up");
    p.send_line("").expect("send enter");
    p.exp_string("1001").expect("recalled result");
    quit(p);
    let saved = std::fs::read_to_string(home.join("repl_history")).expect("history file");
    assert!(saved.contains("1000 + 1"), "{saved}");
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn tab_completes_builtins_and_columns() {
    let home = temp_home("complete");
    let mut p = start(&home);
    ready(&mut p);
    p.send("tak\t").expect("send");
    p.send_line("(7 8, 5)").expect("send");
    p.exp_string("[7,8,7,8,7]").expect("take completed and ran");
    line(&mut p, "tbl = table(31 32 as quantity)");
    ready(&mut p);
    p.send("exec quan\t").expect("send");
    p.send_line(" from tbl").expect("send");
    p.exp_string("[31,32]").expect("column completed and ran");
    quit(p);
}

#[test]
fn ctrl_c_cancels_a_running_loop_and_keeps_the_session() {
    let home = temp_home("interrupt");
    let mut p = start(&home);
    line(&mut p, "keep = 11");
    line(&mut p, "do { x = 1 } while (true)");
    std::thread::sleep(std::time::Duration::from_millis(500));
    p.send_control('c').expect("send Ctrl-C");
    p.exp_string("interrupted").expect("interrupt reported");
    line(&mut p, "keep * 4 + 1");
    p.exp_string("45").expect("session still alive");
    quit(p);
}

#[test]
fn an_error_does_not_end_the_session() {
    let home = temp_home("error");
    let mut p = start(&home);
    line(&mut p, "noSuchVariable + 1");
    p.exp_string("noSuchVariable").expect("error shown");
    line(&mut p, "6 * 7");
    p.exp_string("42").expect("next statement runs");
    quit(p);
}

#[test]
fn help_shows_a_builtins_signature() {
    let home = temp_home("help");
    let mut p = start(&home);
    line(&mut p, "?take");
    p.exp_string("take(X, n)").expect("signature shown");
    quit(p);
}

#[test]
fn piped_stdin_runs_without_line_editing() {
    use std::io::Write;
    let home = temp_home("piped");
    let mut child = Command::new(env!("CARGO_BIN_EXE_porpoise"))
        .arg("--home")
        .arg(&home)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn porpoise");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"x = 1; x + 1\ndef f(a) {\n  return a * 10\n}\nf(x)\n")
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "2\n10\n");
}

#[test]
fn tab_completes_dfs_databases_tables_and_columns() {
    let home = temp_home("dfs");
    let mut p = start(&home);
    line(&mut p, "login(\"admin\", \"123456\")");
    line(
        &mut p,
        "db = database(\"dfs://replCompletion\", VALUE, 1 2)",
    );
    line(
        &mut p,
        "db.createPartitionedTable(table(1 2 as id, 3.5 4.5 as volume), \"trades\", \"id\").append!(table(1 2 as id, 3.5 4.5 as volume))",
    );
    ready(&mut p);
    p.send("t = loadTable(\"dfs://replC\t").expect("send");
    p.send("\", \"tra\t").expect("send");
    p.send_line("\")").expect("send");
    ready(&mut p);
    p.send("exec vol\t").expect("send");
    p.send_line(" from t").expect("send");
    p.exp_string("[3.5,4.5]")
        .expect("database, table and column completed");
    quit(p);
    let _ = std::fs::remove_dir_all(&home);
}
