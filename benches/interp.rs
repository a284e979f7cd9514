//! Interpreter benchmarks (run with `cargo bench --bench interp`):
//! - the scalar loop `s = 0; for (i in 1..10000000) { s += i }`, against the same loop in
//!   CPython when `python3` is available;
//! - start-up: `porpoise -e "1+1"` end to end, median of repeated runs.
//!
//! Figures go to docs/PERFORMANCE.md.

use std::process::Command;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// `cargo bench` passes `--bench`; `cargo test --all-targets` runs this binary without it,
/// and then a short loop only checks that the benchmark still works.
fn full_run() -> bool {
    std::env::args().any(|a| a == "--bench")
}

fn scalar_loop() {
    if !full_run() {
        let mut it = porpoise::eval::Interp::with_output(Box::new(std::io::sink()));
        let v = it
            .run_source("<bench>", "s = 0l; for (i in 1..10000) { s += i }; s")
            .expect("the loop runs");
        assert_eq!(porpoise::display::display(&v), "50005000");
        println!("interp bench: smoke run passed (cargo bench for figures)");
        return;
    }
    let code = "s = 0l; for (i in 1..10000000) { s += i }; s";
    let mut times = Vec::new();
    for _ in 0..3 {
        let mut it = porpoise::eval::Interp::with_output(Box::new(std::io::sink()));
        let start = Instant::now();
        let v = it.run_source("<bench>", code).expect("the loop runs");
        times.push(start.elapsed());
        assert_eq!(porpoise::display::display(&v), "50000005000000");
    }
    let ours = median(times);
    println!("scalar loop 1..10^7: porpoise {:.3} s", ours.as_secs_f64());
    let py = "import time\nt=time.perf_counter()\ns=0\nfor i in range(1,10000001):\n    s+=i\nprint(time.perf_counter()-t)";
    match Command::new("python3").args(["-c", py]).output() {
        Ok(out) if out.status.success() => {
            let secs: f64 = String::from_utf8_lossy(&out.stdout)
                .trim()
                .parse()
                .unwrap_or(f64::NAN);
            println!(
                "scalar loop 1..10^7: CPython {secs:.3} s (porpoise/CPython = {:.2})",
                ours.as_secs_f64() / secs
            );
        }
        _ => println!("scalar loop: python3 not available for comparison"),
    }
}

fn startup() {
    let exe = env!("CARGO_BIN_EXE_porpoise");
    let home = std::env::temp_dir().join("porpoise-bench-home");
    let mut times = Vec::new();
    for _ in 0..30 {
        let start = Instant::now();
        let out = Command::new(exe)
            .args(["--home", home.to_str().unwrap_or("."), "-e", "1+1"])
            .output()
            .expect("porpoise starts");
        times.push(start.elapsed());
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "2");
    }
    println!(
        "startup `porpoise -e \"1+1\"`: median {:.1} ms over 30 runs",
        median(times).as_secs_f64() * 1000.0
    );
}

fn main() {
    scalar_loop();
    if full_run() {
        startup();
    }
}
