//! Parse throughput: generates about 5 MB of realistic DolphinDB script and reports the
//! MB/s of `parse_program`. Run with `cargo bench --bench parse`.

use porpoise::syntax::{parse_program, span::FileId};
use std::time::Instant;

const SAMPLE: &str = include_str!("../tests/data/sample.dos");
const TARGET_BYTES: usize = 5 << 20;

/// `PORPOISE_PARSE_BYTES` overrides the script size (a small size suits callgrind).
fn target_bytes() -> usize {
    // `cargo test --all-targets` runs this binary without `--bench`: a small script then only
    // checks that the benchmark still works.
    if !std::env::args().any(|a| a == "--bench") {
        return 64 << 10;
    }
    std::env::var("PORPOISE_PARSE_BYTES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(TARGET_BYTES)
}

/// Repeats the sample script, renaming its functions so every copy stays a valid script.
fn generate() -> String {
    let target = target_bytes();
    let mut out = String::with_capacity(target + SAMPLE.len());
    let mut i = 0;
    while out.len() < target {
        let copy = SAMPLE
            .replace("movingStats", &format!("movingStats{i}"))
            .replace("mySum", &format!("mySum{i}"));
        out.push_str(&copy);
        out.push('\n');
        i += 1;
    }
    out
}

fn main() {
    let src = generate();
    let mb = src.len() as f64 / (1024.0 * 1024.0);
    // One warm-up run, then the best of three.
    let mut best = f64::INFINITY;
    let mut n_stmts = 0;
    let runs = if target_bytes() < TARGET_BYTES { 2 } else { 4 };
    for run in 0..runs {
        let start = Instant::now();
        let prog = parse_program(&src, FileId(0)).expect("the generated script parses");
        let secs = start.elapsed().as_secs_f64();
        n_stmts = prog.stmts.len();
        if run > 0 {
            best = best.min(secs);
        }
    }
    println!(
        "parse_program: {mb:.2} MB, {n_stmts} statements, best {best:.3} s, {:.2} MB/s",
        mb / best
    );
}
