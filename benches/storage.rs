//! Storage benchmarks (run with `cargo bench --bench storage`; figures go to
//! docs/PERFORMANCE.md; benches/storage_duckdb.py does the same ingest and query in DuckDB):
//!
//! - ingest: 10,000,000 rows (date, INT id, 3 DOUBLEs), 100 days of 100,000 rows in date
//!   order, appended with `pt.append!` in 10 batches of 1,000,000 rows into a
//!   VALUE(date) x HASH(id, 10) table (1,000 partitions): rows/s and MB/s of raw data;
//! - query: `select avg(v1), max(v2) from pt where date between 2020.01.21 : 2020.03.10
//!   group by id` (50 of 100 days): median of 3, and the column bytes it read;
//! - one-partition query: the bytes a query on one date and one id reads;
//! - reopen: opening a home and loading a table of 10,000 partitions.
//!
//! `PORPOISE_FSYNC=0` turns fsync off; `PORPOISE_BENCH_DIR` picks the scratch directory
//! (default: the system temp directory, on disk rather than tmpfs).

use porpoise::eval::Interp;
use porpoise::home::Home;
use porpoise::storage::{self, ColumnDef, Level, Storage};
use porpoise::value::{Table, Type, Value, VecData, Vector};
use std::sync::Arc;
use std::time::{Duration, Instant};

const BATCHES: usize = 10;
const PER_DAY: usize = 100_000;
const DATE0: i32 = 18262; // 2020.01.01

/// Rows `[lo, hi)` of the benchmark data (the same arithmetic as storage_duckdb.py).
fn batch(lo: usize, hi: usize) -> Table {
    let i = lo as i64..hi as i64;
    let date: Vec<i32> = i
        .clone()
        .map(|i| DATE0 + (i / PER_DAY as i64) as i32)
        .collect();
    let id: Vec<i32> = i.clone().map(|i| (i * 7919 % 1000) as i32).collect();
    let v1: Vec<f64> = i
        .clone()
        .map(|i| (i * 7919 % 1_000_003) as f64 * 0.001)
        .collect();
    let v2: Vec<f64> = i
        .clone()
        .map(|i| (i * 104_729 % 999_983) as f64 * 0.001)
        .collect();
    let v3: Vec<f64> = i.map(|i| i as f64 * 0.5).collect();
    Table::from_columns(
        ["date", "id", "v1", "v2", "v3"]
            .iter()
            .map(|s| Arc::from(*s))
            .collect(),
        vec![
            Arc::new(Vector::new(Type::Date, VecData::I32(date))),
            Arc::new(Vector::ints(id)),
            Arc::new(Vector::doubles(v1)),
            Arc::new(Vector::doubles(v2)),
            Arc::new(Vector::doubles(v3)),
        ],
    )
    .expect("benchmark columns")
}

fn run(it: &mut Interp, code: &str) -> Value {
    it.run_source("<bench>", code)
        .unwrap_or_else(|e| panic!("{code}: {}", e.message))
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    // PORPOISE_BENCH_rows shrinks the data; `cargo test --all-targets` runs this binary
    // without `--bench`, and then a small table only checks that the benchmark still works.
    let full = std::env::args().any(|a| a == "--bench");
    let rows: usize = std::env::var("PORPOISE_BENCH_rows")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if full { 10_000_000 } else { 20_000 });
    let base = std::env::var_os("PORPOISE_BENCH_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let dir = base.join(format!("porpoise-bench-storage-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let fsync = !std::env::var("PORPOISE_FSYNC").is_ok_and(|v| v == "0" || v == "off");
    println!(
        "scratch {} fsync {}",
        dir.display(),
        if fsync { "on" } else { "off" }
    );
    storage::set_default_home(Home::at(dir.join("home")));
    let mut it = Interp::with_output(Box::new(std::io::sink()));
    run(
        &mut it,
        "login(`admin, `123456); \
         db = database(\"dfs://bench\", COMPO, [database(, VALUE, 2020.01.01..2020.01.02), database(, HASH, [INT, 10])]); \
         pt = db.createPartitionedTable(table(1:0, `date`id`v1`v2`v3, [DATE, INT, DOUBLE, DOUBLE, DOUBLE]), `pt, `date`id)",
    );

    // Ingest.
    let per = rows / BATCHES;
    let mut spent = Duration::ZERO;
    for b in 0..BATCHES {
        it.set_global("batch", Value::table(batch(b * per, (b + 1) * per)));
        let t = Instant::now();
        run(&mut it, "pt.append!(batch)");
        spent += t.elapsed();
    }
    let raw_mb = (rows * (4 + 4 + 3 * 8)) as f64 / 1e6;
    let secs = spent.as_secs_f64();
    println!(
        "ingest {rows} rows: {secs:.2} s, {:.0} rows/s, {:.0} MB/s of raw data",
        rows as f64 / secs,
        raw_mb / secs
    );
    let n = run(&mut it, "exec count(*) from pt");
    println!("rows stored: {}", porpoise::display::display(&n));

    // The group-by query.
    let q = "r = select avg(v1), max(v2) from pt where date between 2020.01.21 : 2020.03.10 group by id";
    let mut times = Vec::new();
    let mut bytes = 0;
    // PORPOISE_BENCH_query_runs repeats the query (for profiling it); the median is reported.
    let runs: usize = std::env::var("PORPOISE_BENCH_query_runs")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    for _ in 0..runs {
        let before = storage::bytes_read();
        let t = Instant::now();
        run(&mut it, q);
        times.push(t.elapsed());
        bytes = storage::bytes_read() - before;
    }
    let groups = run(&mut it, "size(r)");
    println!(
        "query (50 of 100 days, group by id): {:.1} ms median of {runs}, {:.1} MB read, {} groups",
        median(times).as_secs_f64() * 1e3,
        bytes as f64 / 1e6,
        porpoise::display::display(&groups)
    );

    // One partition.
    let before = storage::bytes_read();
    let t = Instant::now();
    run(
        &mut it,
        "r = select count(*), sum(v1) from pt where date = 2020.02.01, id = 42",
    );
    let one = storage::bytes_read() - before;
    let part = run(
        &mut it,
        "exec max(diskUsage) from getTabletsMeta(\"/bench/20200201/%\", `pt, true)",
    );
    println!(
        "one-partition query: {:.1} ms, {one} bytes read (largest partition of that day: {} bytes on disk)",
        t.elapsed().as_secs_f64() * 1e3,
        porpoise::display::display(&part)
    );

    // Reopening a home whose table has 10,000 partitions.
    let home2 = Home::at(dir.join("home2"));
    {
        storage::set_fsync(false);
        let st = Storage::open(&home2).expect("open");
        let keys = Value::vector(Vector::ints(vec![0]));
        let level = Level::from_script(1, &keys).expect("level");
        st.create_database("wide", vec![level], false, "OLAP", "TRANS")
            .expect("db");
        let cols = vec![
            ColumnDef {
                name: "k".into(),
                ty: Type::Int.id(),
                comment: String::new(),
            },
            ColumnDef {
                name: "v".into(),
                ty: Type::Double.id(),
                comment: String::new(),
            },
        ];
        st.create_table("wide", "t", cols, vec!["k".into()])
            .expect("table");
        let k: Vec<i32> = (0..if full { 10_000 } else { 100 }).collect();
        let v: Vec<f64> = k.iter().map(|&x| f64::from(x)).collect();
        let t = Table::from_columns(
            vec!["k".into(), "v".into()],
            vec![Arc::new(Vector::ints(k)), Arc::new(Vector::doubles(v))],
        )
        .expect("table");
        st.append("wide", "t", &t).expect("append");
        storage::set_fsync(fsync);
    }
    let t = Instant::now();
    let st = Storage::open(&home2).expect("reopen");
    let parts = st.partitions("wide", "t").expect("partitions").len();
    println!(
        "reopen a home with {parts} partitions (open + load the table's manifest): {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    drop(st);
    let _ = std::fs::remove_dir_all(&dir);
}
