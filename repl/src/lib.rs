//! The interactive shell of porpoise: line editing, multi-line input, history, completion,
//! highlighting, signature hints, timing and meta-commands, on top of rustyline.
//!
//! The shell knows nothing about the language behind it. The `porpoise` binary implements
//! [`Host`] (parse-completeness, evaluation, completion candidates, signatures) and hands
//! it to [`run`]. Keeping the interpreter behind a trait is what lets this crate sit below
//! the `porpoise` package without a dependency cycle.

mod helper;
mod highlight;

use helper::ShellHelper;
use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;
use rustyline::{Config, Editor};
use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;
use std::time::Instant;

pub use highlight::{highlight_line, Token, TokenKind};

/// What the shell needs from the language behind it.
pub trait Host {
    /// Whether `src` is an unfinished statement (an open block, bracket, string or
    /// metacode) that needs more lines before it can run.
    fn is_incomplete(&self, src: &str) -> bool;
    /// Runs `src`, printing its value or its error; returns false if it failed.
    fn eval(&mut self, src: &str) -> bool;
    /// Completion candidates for the word ending at byte `pos` of `line`: the byte offset
    /// where the replaced word starts and the candidates.
    fn complete(&self, line: &str, pos: usize) -> (usize, Vec<String>);
    /// A built-in's signature, shown as a hint while its call is typed.
    fn signature(&self, name: &str) -> Option<String>;
    /// Whether `word` is a keyword (highlighted as one).
    fn is_keyword(&self, word: &str) -> bool;
    /// Prints help on `topic` (`?name`, `:help name`).
    fn help(&mut self, topic: &str);
    /// Handles a meta-command the shell itself does not know (`:rows 50`); false if unknown.
    fn command(&mut self, name: &str, arg: &str) -> bool;
    /// Called between statements so the host can report background work (finished jobs).
    fn idle(&mut self) {}
}

/// How the shell is set up.
pub struct Options {
    /// Printed once at start.
    pub banner: String,
    /// Where history is loaded from and saved to; `None` keeps it in memory only.
    pub history: Option<PathBuf>,
    pub prompt: String,
    /// Shown on the lines that continue an unfinished statement.
    pub continuation: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            banner: String::new(),
            history: None,
            prompt: "> ".into(),
            continuation: ".. ".into(),
        }
    }
}

/// The text printed by `:help`.
pub const SHELL_HELP: &str = "\
Statements run when complete; an open block, bracket, string or <metacode> continues on
the next line. Tab completes names, Ctrl-R searches history, Ctrl-C cancels the running
statement (or clears the line), Ctrl-D exits.

  ?name, :help name   signature, description and example of a built-in
  :timing             toggle printing the elapsed time of every statement
  :rows N             show at most N rows of tables and elements of vectors
  :quit               leave (also Ctrl-D)";

/// Runs the interactive loop until the user leaves; returns the process exit status.
pub fn run<H: Host + 'static>(host: H, opts: Options) -> i32 {
    let host = Rc::new(RefCell::new(host));
    let config = Config::builder()
        .auto_add_history(false)
        .history_ignore_dups(true)
        .and_then(|b| b.max_history_size(10_000))
        .map(|b| b.build());
    let config = match config {
        Ok(c) => c,
        Err(e) => {
            eprintln!("porpoise: can't configure the line editor: {e}");
            return 2;
        }
    };
    let mut editor: Editor<ShellHelper<H>, DefaultHistory> = match Editor::with_config(config) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("porpoise: can't start the line editor: {e}");
            return 2;
        }
    };
    editor.set_helper(Some(ShellHelper::new(Rc::clone(&host))));
    if let Some(path) = &opts.history {
        // A missing history file is normal on first start.
        let _ = editor.load_history(path);
    }
    if !opts.banner.is_empty() {
        println!("{}", opts.banner);
    }
    let mut timing = false;
    let mut buffer = String::new();
    loop {
        let prompt = if buffer.is_empty() {
            &opts.prompt
        } else {
            &opts.continuation
        };
        match editor.readline(prompt.as_str()) {
            Ok(line) => {
                if !buffer.is_empty() {
                    buffer.push('\n');
                }
                buffer.push_str(&line);
                if buffer.trim().is_empty() {
                    buffer.clear();
                    continue;
                }
                if host.borrow().is_incomplete(&buffer) {
                    continue;
                }
                let input = std::mem::take(&mut buffer);
                let _ = editor.add_history_entry(input.as_str());
                if let Some(path) = &opts.history {
                    // Saved after every statement so a crash or kill loses nothing typed.
                    let _ = editor.save_history(path);
                }
                match shell_command(&input) {
                    Some(ShellCommand::Quit) => break,
                    Some(ShellCommand::Timing) => {
                        timing = !timing;
                        println!("timing is {}", if timing { "on" } else { "off" });
                    }
                    Some(ShellCommand::Help(topic)) => {
                        if topic.is_empty() {
                            println!("{SHELL_HELP}");
                        } else {
                            host.borrow_mut().help(&topic);
                        }
                    }
                    Some(ShellCommand::Other(name, arg)) => {
                        if !host.borrow_mut().command(&name, &arg) {
                            println!("unknown command :{name} (try :help)");
                        }
                    }
                    None => {
                        let start = Instant::now();
                        host.borrow_mut().eval(&input);
                        if timing {
                            let ms = start.elapsed().as_secs_f64() * 1000.0;
                            println!("Time elapsed: {ms:.3} ms");
                        }
                    }
                }
                host.borrow_mut().idle();
            }
            // Ctrl-C at the prompt drops whatever was being typed, including an unfinished
            // multi-line statement.
            Err(ReadlineError::Interrupted) => buffer.clear(),
            Err(ReadlineError::Eof) => break,
            Err(e) => {
                eprintln!("porpoise: input error: {e}");
                return 1;
            }
        }
    }
    0
}

/// A line the shell handles itself rather than passing to the language.
#[derive(Debug, PartialEq)]
enum ShellCommand {
    Quit,
    Timing,
    Help(String),
    Other(String, String),
}

fn shell_command(input: &str) -> Option<ShellCommand> {
    let text = input.trim();
    if let Some(topic) = text.strip_prefix('?') {
        return Some(ShellCommand::Help(topic.trim().to_string()));
    }
    let rest = text.strip_prefix(':')?;
    // `:` followed by anything but a word is not a command (no DolphinDB statement starts
    // with `:`, but stay conservative).
    let (name, arg) = match rest.split_once(char::is_whitespace) {
        Some((n, a)) => (n, a.trim()),
        None => (rest, ""),
    };
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    Some(match name {
        "q" | "quit" | "exit" => ShellCommand::Quit,
        "timing" => ShellCommand::Timing,
        "help" | "h" => ShellCommand::Help(arg.to_string()),
        _ => ShellCommand::Other(name.to_string(), arg.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_shell_commands() {
        assert_eq!(shell_command(":quit"), Some(ShellCommand::Quit));
        assert_eq!(shell_command(" :timing "), Some(ShellCommand::Timing));
        assert_eq!(
            shell_command("?sum"),
            Some(ShellCommand::Help("sum".into()))
        );
        assert_eq!(
            shell_command(":help avg"),
            Some(ShellCommand::Help("avg".into()))
        );
        assert_eq!(
            shell_command(":rows 50"),
            Some(ShellCommand::Other("rows".into(), "50".into()))
        );
        assert_eq!(shell_command("x = 1"), None);
        assert_eq!(shell_command(":1"), None);
    }
}
