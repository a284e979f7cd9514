//! Registry-wide checks: every built-in's example runs and displays its expected output, and a
//! sweep calls every built-in with wrong arity, wrong types, NULLs and empty arguments — none
//! may panic.

use porpoise::builtins::registry;
use porpoise::eval::{CallArgs, Interp, SharedBuffer};
use porpoise::value::{Dict, Function, Scalar, Table, Type, Value, Vector};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

/// Points dfs functions at a fresh data home for this test process (never the user's).
fn temp_home() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let dir = test_tmp().join(format!("porpoise-builtins-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        // Test homes are thrown away: skip fsync (atomicity does not depend on it).
        porpoise::storage::set_fsync(false);
        porpoise::storage::set_default_home(porpoise::home::Home::at(dir));
    });
}

fn sample_args() -> Vec<Value> {
    let mut t = Table::new();
    t.add_column("a".into(), Arc::new(Vector::ints(vec![1, 2])))
        .expect("a fresh table takes a column");
    let mut d = Dict::new(Type::String, Type::Int, true);
    d.insert(Scalar::string("k"), Value::int(1));
    vec![
        Value::NULL,
        Value::int(3),
        Value::int(-1),
        Value::double(2.5),
        Value::string("abc"),
        Value::Scalar(Scalar::null(Type::Int)),
        Value::vector(Vector::ints(vec![])),
        Value::vector(Vector::ints(vec![3, 1, 2])),
        Value::vector(Vector::doubles(vec![1.5, f64::MIN])),
        Value::vector(Vector::strings(vec![Arc::from("x"), Arc::from("")])),
        Value::vector(Vector::tuple(vec![Value::int(1), Value::string("a")])),
        Value::table(t),
        Value::dict(d),
        Value::Function(Arc::new(Function::Builtin(
            porpoise::builtins::lookup("add").expect("add is registered"),
        ))),
    ]
}

#[test]
fn no_builtin_panics_on_bad_arguments() {
    temp_home();
    let samples = sample_args();
    // File-system built-ins get "abc" as a path: keep what they create out of the checkout.
    let sandbox = std::env::temp_dir().join(format!("porpoise-sweep-{}", std::process::id()));
    std::fs::create_dir_all(&sandbox).expect("the sweep's scratch folder can be created");
    let mut panics = Vec::new();
    for b in registry().iter() {
        let max = b.max_args.min(4);
        for n in 0..=(max + 1) {
            // One call per sample in every position keeps the sweep linear in size.
            for s in &samples {
                let args: Vec<Value> = (0..n)
                    .map(|i| {
                        if i == 0 {
                            s.clone()
                        } else {
                            samples[(i * 7) % samples.len()].clone()
                        }
                    })
                    .collect();
                let f = Function::Builtin(b);
                let res = catch_unwind(AssertUnwindSafe(|| {
                    let mut it = Interp::with_output(Box::new(std::io::sink()));
                    it.work_dir = Some(sandbox.clone());
                    let _ = it.call_function(&f, CallArgs::positional(args.clone()), None);
                }));
                if res.is_err() {
                    panics.push(format!(
                        "{}({})",
                        b.name,
                        args.iter()
                            .map(|a| a.type_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&sandbox);
    assert!(
        panics.is_empty(),
        "built-ins panicked:\n{}",
        panics.join("\n")
    );
}

#[test]
fn every_builtin_has_a_working_example() {
    temp_home();
    let mut problems = Vec::new();
    for b in registry().iter() {
        if b.doc.is_empty() || b.example.is_empty() {
            problems.push(format!("{}: missing doc or example", b.name));
            continue;
        }
        let buf = SharedBuffer::default();
        let mut it = Interp::with_output(Box::new(buf.clone()));
        match it.run_source(&format!("<example of {}>", b.name), b.example) {
            Ok(v) => {
                let shown = match &v {
                    Value::Scalar(Scalar::Void) => buf.text().trim_end().to_string(),
                    other => porpoise::display::display(other),
                };
                if shown != b.expected {
                    problems.push(format!(
                        "{}: `{}` displayed\n{shown}\nexpected\n{}",
                        b.name, b.example, b.expected
                    ));
                }
            }
            Err(e) => problems.push(format!("{}: `{}` failed: {}", b.name, b.example, e.message)),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// Every registered name appears in some corpus file, so its behaviour is snapshot-tested.
#[test]
fn every_builtin_appears_in_the_corpus() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut text = String::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "dos") {
                text.push_str(&std::fs::read_to_string(&p).unwrap_or_default());
                text.push('\n');
            }
        }
    }
    let missing: Vec<&str> = registry()
        .iter()
        .map(|b| b.name)
        .filter(|name| !mentions(&text, name))
        .collect();
    assert!(
        missing.is_empty(),
        "built-ins missing from tests/corpus: {}",
        missing.join(", ")
    );
}

/// Whether `name` occurs in `text` as a whole identifier (not as part of a longer one).
fn mentions(text: &str, name: &str) -> bool {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(name).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + name.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(|c| is_ident(c) || c == '!')
            || name.ends_with('!') && !before.is_some_and(is_ident)
    })
}

/// A scratch directory for data homes: tmpfs when there is one (creating thousands of
/// column files on a slow disk would dominate the test time).
fn test_tmp() -> std::path::PathBuf {
    let shm = std::path::Path::new("/dev/shm");
    if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    }
}
