//! The storage engine across processes: a home reopened by a fresh `Storage` holds what was
//! committed; a second process is refused the home; a writer killed with SIGKILL at random
//! instants leaves every partition old or new, never torn; reopening 10,000 partitions is fast.

use porpoise::home::Home;
use porpoise::storage::{ColumnDef, Level, Storage};
use porpoise::value::{Table, Type, Value, VecData, Vector};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn scratch(name: &str) -> PathBuf {
    let base = if std::path::Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    let dir = base.join(format!("porpoise-it-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn col(name: &str, ty: Type) -> ColumnDef {
    ColumnDef {
        name: name.into(),
        ty: ty.id(),
        comment: String::new(),
    }
}

/// `n` rows: dates cycling over 2020.01.01..+days, ids 0..n, values id * 0.5.
fn batch(n: usize, days: i32) -> Table {
    let base = 18262; // 2020.01.01
    let dates: Vec<i32> = (0..n as i32).map(|i| base + i % days).collect();
    let ids: Vec<i32> = (0..n as i32).collect();
    let vals: Vec<f64> = ids.iter().map(|&i| f64::from(i) * 0.5).collect();
    Table::from_columns(
        vec!["date".into(), "id".into(), "v".into()],
        vec![
            Arc::new(Vector::new(Type::Date, VecData::I32(dates))),
            Arc::new(Vector::ints(ids)),
            Arc::new(Vector::doubles(vals)),
        ],
    )
    .expect("batch columns")
}

/// Creates `dfs://name`: VALUE(date) x HASH(id, 4) with table `pt(date, id, v)`.
fn create(st: &Storage, name: &str) {
    let days = Value::vector(Vector::new(Type::Date, VecData::I32(vec![18262, 18263])));
    let levels = vec![
        Level::from_script(1, &days).expect("value level"),
        Level::from_script(5, &Value::vector(Vector::ints(vec![4, 4]))).expect("hash level"),
    ];
    st.create_database(name, levels, true, "OLAP", "TRANS")
        .expect("create db");
    st.create_table(
        name,
        "pt",
        vec![
            col("date", Type::Date),
            col("id", Type::Int),
            col("v", Type::Double),
        ],
        vec!["date".into(), "id".into()],
    )
    .expect("create table");
}

/// Reads every partition (checksums verified) and returns (path, rows) pairs.
fn verify(st: &Arc<Storage>, db: &str) -> Vec<(String, u64)> {
    let snap = st.snapshot(db, "pt").expect("snapshot");
    let mut out = Vec::new();
    for p in snap.partitions() {
        let t = snap
            .read(p, &[])
            .expect("partition reads with valid checksums");
        assert_eq!(t.n_rows() as u64, p.rows, "{}", p.path);
        out.push((p.path.clone(), p.rows));
    }
    out.sort();
    out
}

#[test]
fn reopened_home_finds_everything() {
    let dir = scratch("reopen");
    let home = Home::at(&dir);
    let before;
    {
        let st = Storage::open(&home).expect("open");
        create(&st, "db1");
        st.append("db1", "pt", &batch(100, 3)).expect("append");
        st.append("db1", "pt", &batch(10, 1)).expect("append again");
        before = verify(&st, "db1");
        assert_eq!(before.iter().map(|x| x.1).sum::<u64>(), 110);
        // The VALUE domain grew by the third day.
        assert_eq!(st.database("db1").expect("db").levels[0].values.len(), 3);
    }
    let st = Storage::open(&home).expect("reopen");
    assert!(st.exists_database("db1"));
    assert!(st.exists_table("db1", "pt"));
    assert_eq!(verify(&st, "db1"), before);
    let parts = st.partitions("db1", "pt").expect("partitions");
    assert!(parts
        .iter()
        .all(|p| p.chunk_id.len() == 36 && p.cid >= 1 && p.update_time > 0));
    assert!(parts.iter().any(|p| p.path == "/20200101/Key0"));
    let dropped = st
        .drop_partitions("db1", "pt", &["/20200101/Key0".to_string()])
        .expect("drop");
    assert_eq!(dropped, 1);
    drop(st);
    let st = Storage::open(&home).expect("reopen again");
    assert_eq!(verify(&st, "db1").len(), before.len() - 1);
    st.drop_database("db1").expect("drop db");
    assert!(!st.exists_database("db1"));
    drop(st);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn snapshot_pins_old_versions() {
    let dir = scratch("pin");
    let st = Storage::open(&Home::at(&dir)).expect("open");
    create(&st, "db");
    st.append("db", "pt", &batch(8, 1)).expect("append");
    let snap = st.snapshot("db", "pt").expect("snapshot");
    st.append("db", "pt", &batch(8, 1))
        .expect("append while pinned");
    let total: usize = snap
        .partitions()
        .iter()
        .map(|p| snap.read(p, &["v"]).expect("pinned read").n_rows())
        .sum();
    assert_eq!(total, 8);
    let old_dir = snap.partition_dir(&snap.partitions()[0]);
    drop(snap);
    assert!(
        !old_dir.exists(),
        "an unpinned superseded version is deleted"
    );
    drop(st);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn second_process_is_refused() {
    let dir = scratch("lock");
    let _st = Storage::open(&Home::at(&dir)).expect("open");
    let out = Command::new(env!("CARGO_BIN_EXE_porpoise"))
        .args([
            "--home",
            dir.to_str().expect("utf-8 path"),
            "-e",
            "existsDatabase(\"dfs://x\")",
        ])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("is in use by another porpoise process"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn reopening_ten_thousand_partitions_is_fast() {
    let dir = scratch("many");
    let home = Home::at(&dir);
    {
        let st = Storage::open(&home).expect("open");
        porpoise::storage::set_fsync(false);
        let level = Level::from_script(1, &Value::vector(Vector::ints(vec![0]))).expect("level");
        st.create_database("big", vec![level], false, "OLAP", "TRANS")
            .expect("db");
        st.create_table("big", "pt", vec![col("k", Type::Int)], vec!["k".into()])
            .expect("table");
        let t = Table::from_columns(
            vec!["k".into()],
            vec![Arc::new(Vector::ints((0..10_000).collect()))],
        )
        .expect("table");
        st.append("big", "pt", &t)
            .expect("append 10,000 partitions");
        porpoise::storage::set_fsync(true);
    }
    let start = Instant::now();
    let st = Storage::open(&home).expect("reopen");
    let n = st.partitions("big", "pt").expect("partitions").len();
    let took = start.elapsed();
    assert_eq!(n, 10_000);
    eprintln!("reopening 10,000 partitions took {took:?}");
    assert!(
        took < Duration::from_millis(if cfg!(debug_assertions) { 500 } else { 200 }),
        "{took:?}"
    );
    drop(st);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A small deterministic generator (no rand dependency).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, bound: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % bound
    }
}

#[test]
fn sigkill_leaves_committed_states_only() {
    const BATCH: u64 = 40;
    let dir = scratch("crash");
    let home = Home::at(&dir);
    {
        let st = Storage::open(&home).expect("open");
        create(&st, "crash");
    }
    // Each append writes 40 rows into 4 partitions in one commit.
    let script = dir.join("writer.dos");
    std::fs::write(
        &script,
        "pt = loadTable(\"dfs://crash\", `pt)\n\
         t = table(take(2020.01.01 2020.01.02, 40) as date, 0..39 as id, (0..39) * 0.5 as v)\n\
         for (i in 0..100000) { pt.append!(t) }\n",
    )
    .expect("script");
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(7);
    let mut rng = Lcg(seed);
    let start = Instant::now();
    let mut last_total = 0;
    let trials = 50;
    for trial in 0..trials {
        let mut child = Command::new(env!("CARGO_BIN_EXE_porpoise"))
            .args([
                "--home",
                dir.to_str().expect("utf-8 path"),
                "run",
                script.to_str().expect("utf-8 path"),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn writer");
        std::thread::sleep(Duration::from_millis(5 + rng.next(80)));
        child.kill().expect("SIGKILL");
        let _ = child.wait();
        let st = Storage::open(&home).expect("home opens after a crash");
        let parts = verify(&st, "crash");
        let total: u64 = parts.iter().map(|p| p.1).sum();
        assert_eq!(
            total % BATCH,
            0,
            "trial {trial}: {total} rows is not a committed state"
        );
        // All partitions of a batch commit together: even ids fall on 2020.01.01 and in
        // buckets 0 and 2, odd ids on 2020.01.02 in 1 and 3, so 4 partitions of 10 rows.
        let batches = total / BATCH;
        assert!(batches == 0 || parts.len() == 4, "trial {trial}: {parts:?}");
        assert!(
            parts.iter().all(|p| p.1 == 10 * batches),
            "trial {trial}: torn batch {parts:?}"
        );
        assert!(
            total >= last_total,
            "trial {trial}: committed rows were lost"
        );
        last_total = total;
        // Interrupted commits leave nothing behind once the table has been opened.
        let m = st.manifest("crash", "pt").expect("manifest");
        let on_disk = count_version_dirs(&dir.join("dfs/crash/pt/p"));
        assert_eq!(
            on_disk,
            m.partitions.len(),
            "trial {trial}: orphan version directories"
        );
    }
    eprintln!(
        "{trials} crash trials, {last_total} rows committed, {:?}",
        start.elapsed()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn count_version_dirs(root: &std::path::Path) -> usize {
    let mut n = 0;
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                if e.file_name().to_string_lossy().starts_with('v') {
                    n += 1;
                } else {
                    stack.push(p);
                }
            }
        }
    }
    n
}
