//! The command line, exactly as PRODUCT.md states it:
//! `porpoise [--home DIR] [--now T] [run FILE [--echo] | -e CODE | test PATH... |
//! scheduler [--from T --until T]]`.
//! Exit status: 0 success, 1 script error, 2 usage error.

use crate::eval::Interp;
use crate::home::Home;
use crate::value::{Scalar, Value};
use std::io::Write;
use std::path::{Path, PathBuf};

pub const USAGE: &str = "\
usage: porpoise [--home DIR] [--now T] [COMMAND]

commands:
  (none)                 start the interactive shell on the data home
  run FILE [--echo]      run a script; --echo shows every statement and its value
  -e CODE                evaluate CODE and display the value of its last statement
  test PATH...           run DolphinDB unit-test files (.dos/.txt files in folders)
  scheduler              run the home's scheduled jobs in the foreground (for a service manager)
  scheduler --from T --until T
                         run the schedule over simulated time [T, T) as fast as possible
  help                   show this message

options:
  --home DIR             the data home (default: $PORPOISE_HOME, else ~/.local/share/porpoise)
  --now T                simulate the clock: today() and now() start at T (e.g. 2020.01.01T00:00:00)
";

/// A parsed command line.
#[derive(Debug, PartialEq)]
pub enum Command {
    Repl,
    Run {
        file: PathBuf,
        echo: bool,
    },
    Eval {
        code: String,
    },
    Test {
        paths: Vec<PathBuf>,
    },
    /// `scheduler`: real time, or simulated over `[from, until)` (local milliseconds).
    Scheduler {
        simulate: Option<(i64, i64)>,
    },
    Help,
}

/// Global options besides the home.
#[derive(Debug, PartialEq, Default)]
pub struct Options {
    pub home: Option<PathBuf>,
    /// `--now T`: the session clock starts at T (local milliseconds).
    pub now: Option<i64>,
}

/// Parses `2020.01.01T00:00:00` (also with milliseconds, or a date alone) into local
/// milliseconds since 1970.01.01.
pub fn parse_instant(s: &str) -> Option<i64> {
    use crate::value::temporal::{parse_date, parse_datetime};
    use crate::value::Type;
    if let Some(days) = parse_date(s) {
        return Some(days * 86_400_000);
    }
    Some(match parse_datetime(s)? {
        (Type::DateTime, secs) => secs * 1000,
        (Type::Timestamp, ms) => ms,
        (_, ns) => ns / 1_000_000,
    })
}

/// Parses arguments (without the program name). `Err` carries a usage message.
pub fn parse_args(args: &[String]) -> Result<(Option<PathBuf>, Command), String> {
    parse_args_full(args).map(|(o, c)| (o.home, c))
}

/// Parses arguments with every global option.
pub fn parse_args_full(args: &[String]) -> Result<(Options, Command), String> {
    let mut home = None;
    let mut now = None;
    let mut rest = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--now" && rest.first().is_none_or(|c: &String| c != "scheduler") {
            let t = it
                .next()
                .ok_or("--now needs a time such as 2020.01.01T00:00:00")?;
            now = Some(parse_instant(t).ok_or_else(|| format!("--now: not a time: {t}"))?);
        } else if a == "--home" {
            let dir = it.next().ok_or("--home needs a directory")?;
            home = Some(PathBuf::from(dir));
        } else if let Some(dir) = a.strip_prefix("--home=") {
            home = Some(PathBuf::from(dir));
        } else {
            rest.push(a.clone());
        }
    }
    let cmd = match rest.first().map(String::as_str) {
        None => Command::Repl,
        Some("help" | "--help" | "-h") => Command::Help,
        Some("-e") => {
            if rest.len() != 2 {
                return Err("-e takes exactly one argument: the code to evaluate".into());
            }
            Command::Eval {
                code: rest[1].clone(),
            }
        }
        Some("run") => {
            let mut file = None;
            let mut echo = false;
            for a in &rest[1..] {
                match a.as_str() {
                    "--echo" => echo = true,
                    s if s.starts_with("--") => return Err(format!("run: unknown option {s}")),
                    s if file.is_none() => file = Some(PathBuf::from(s)),
                    s => return Err(format!("run: unexpected argument {s}")),
                }
            }
            Command::Run {
                file: file.ok_or("run needs a script file")?,
                echo,
            }
        }
        Some("test") => {
            if rest.len() < 2 {
                return Err("test needs at least one file or folder".into());
            }
            Command::Test {
                paths: rest[1..].iter().map(PathBuf::from).collect(),
            }
        }
        Some("scheduler") => {
            let mut from = None;
            let mut until = None;
            let mut i = 1;
            while i < rest.len() {
                let flag = rest[i].as_str();
                let value = rest
                    .get(i + 1)
                    .ok_or(format!("scheduler: {flag} needs a time"))?;
                let t = parse_instant(value)
                    .ok_or_else(|| format!("scheduler: {flag}: not a time: {value}"))?;
                match flag {
                    "--from" => from = Some(t),
                    "--until" => until = Some(t),
                    other => return Err(format!("scheduler: unknown option {other}")),
                }
                i += 2;
            }
            let simulate = match (from, until) {
                (None, None) => None,
                (Some(f), Some(u)) if f < u => Some((f, u)),
                (Some(_), Some(_)) => return Err("scheduler: --until must be after --from".into()),
                _ => return Err("scheduler: --from and --until go together".into()),
            };
            Command::Scheduler { simulate }
        }
        Some(other) => return Err(format!("unknown command: {other}")),
    };
    Ok((Options { home, now }, cmd))
}

/// A session on the given home, with its module directories set.
pub fn new_session(home: &Home, script_dir: Option<&Path>) -> Interp {
    let mut it = Interp::new();
    // dfs functions open this home lazily, on their first call.
    crate::storage::set_default_home(home.clone());
    it.module_dirs.push(home.modules_dir());
    it.home = Some(home.clone());
    if let Some(d) = script_dir {
        it.module_dirs.push(d.to_path_buf());
    }
    crate::stdlib::install(&mut it);
    it.clock = SIMULATED_NOW
        .with(|n| n.get())
        .map(crate::jobs::clock::SimClock::at);
    it
}

/// Runs the command line and returns the process exit status.
pub fn main_with_args(args: &[String]) -> i32 {
    let (opts, cmd) = match parse_args_full(args) {
        Ok(x) => x,
        Err(msg) => {
            eprintln!("porpoise: {msg}\n\n{USAGE}");
            return 2;
        }
    };
    let home = Home::resolve(opts.home.as_deref());
    if let Some(t) = opts.now {
        SIMULATED_NOW.with(|n| n.set(Some(t)));
    }
    match cmd {
        Command::Help => {
            print!("{USAGE}");
            0
        }
        Command::Repl => repl(&home),
        Command::Eval { code } => eval_code(&home, &code),
        Command::Run { file, echo } => run_file(&home, &file, echo),
        Command::Test { paths } => test(&home, &paths),
        Command::Scheduler { simulate } => scheduler(&home, simulate),
    }
}

thread_local! {
    /// `--now`: sessions created by this thread start their clock here.
    static SIMULATED_NOW: std::cell::Cell<Option<i64>> = const { std::cell::Cell::new(None) };
}

/// `porpoise scheduler`: the home's schedule in the foreground, in real or simulated time.
fn scheduler(home: &Home, simulate: Option<(i64, i64)>) -> i32 {
    let mgr = crate::jobs::manager_for_home(home);
    let opts = crate::jobs::SchedulerOptions {
        simulate,
        verbose: true,
    };
    match crate::jobs::run_scheduler(&mgr, &opts) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("porpoise: {}", e.message);
            1
        }
    }
}

fn report(err: &crate::Error) {
    let text = crate::display::render_error(err);
    let _ = std::io::stdout().flush();
    eprintln!("{text}");
}

fn eval_code(home: &Home, code: &str) -> i32 {
    let mut it = new_session(home, None);
    let res = crate::script::load("<-e>", code, None).and_then(|s| crate::script::run(&mut it, &s));
    crate::jobs::wait_for_batch_jobs(&it);
    it.flush();
    match res {
        Ok(v) => {
            if !matches!(v, Value::Scalar(Scalar::Void)) {
                println!("{}", crate::display::display(&v));
            }
            0
        }
        Err(e) => {
            report(&e);
            1
        }
    }
}

fn run_file(home: &Home, file: &Path, echo: bool) -> i32 {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("porpoise: can't read {}: {e}", file.display());
            return 2;
        }
    };
    let dir = file.parent().map(Path::to_path_buf);
    let mut it = new_session(home, dir.as_deref());
    let name = file.display().to_string();
    let script = match crate::script::load(&name, &text, dir.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            report(&e);
            return 1;
        }
    };
    if echo {
        // The transcript goes to stdout (errors included, where they occur); the error is
        // repeated on stderr so that callers checking stderr see it.
        let res = crate::script::run_echo(&mut it, &script);
        // Submitted batch jobs finish before the process exits.
        crate::jobs::wait_for_batch_jobs(&it);
        match res {
            Ok(()) => {
                it.flush();
                0
            }
            Err(e) => {
                it.flush();
                report(&e);
                1
            }
        }
    } else {
        let res = crate::script::run(&mut it, &script);
        crate::jobs::wait_for_batch_jobs(&it);
        it.flush();
        match res {
            Ok(_) => 0,
            Err(e) => {
                report(&e);
                1
            }
        }
    }
}

fn test(home: &Home, paths: &[PathBuf]) -> i32 {
    let files = match crate::testing::collect_files(paths) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("porpoise: {e}");
            return 2;
        }
    };
    let mut summary = crate::testing::Summary::default();
    let make = || new_session(home, None);
    for f in &files {
        let before = summary.failures.len();
        crate::testing::run_file(f, &make, &mut summary);
        for failure in &summary.failures[before..] {
            println!("{failure}");
        }
    }
    println!("{} passed, {} failed", summary.passed, summary.failed);
    i32::from(summary.failed > 0)
}

/// The interactive shell (or piped stdin), see `shell.rs`.
fn repl(home: &Home) -> i32 {
    crate::shell::repl(home)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parses_commands() {
        assert_eq!(
            parse_args(&args(&["--home", "/h", "run", "a.dos", "--echo"])),
            Ok((
                Some(PathBuf::from("/h")),
                Command::Run {
                    file: "a.dos".into(),
                    echo: true
                }
            ))
        );
        assert_eq!(
            parse_args(&args(&["-e", "1+1"])),
            Ok((None, Command::Eval { code: "1+1".into() }))
        );
        assert!(parse_args(&args(&["run"])).is_err());
        assert!(parse_args(&args(&["bogus"])).is_err());
        assert!(parse_args(&args(&["-e"])).is_err());
    }
}
