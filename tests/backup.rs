//! Backup and restore end to end: a round trip through mutations, corruption of every
//! backup file (caught by `checkBackup` and refused by `restore`), backups and restores
//! killed with SIGKILL at random instants or cancelled through the session's interrupt
//! flag, then rerun to completion.

use porpoise::eval::Interp;
use porpoise::value::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn test_tmp() -> PathBuf {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    }
}

/// Points the in-process dfs functions at one fresh home for this test binary.
fn home() -> PathBuf {
    static ONCE: std::sync::Once = std::sync::Once::new();
    let dir = test_tmp().join(format!("porpoise-backup-it-{}", std::process::id()));
    ONCE.call_once(|| {
        let _ = std::fs::remove_dir_all(&dir);
        porpoise::storage::set_fsync(false);
        porpoise::storage::set_default_home(porpoise::home::Home::at(&dir));
    });
    dir
}

fn session() -> Interp {
    home();
    let mut it = Interp::with_output(Box::new(std::io::sink()));
    run(&mut it, "login(\"admin\", \"123456\")");
    it
}

fn run(it: &mut Interp, src: &str) -> Value {
    match it.run_source("test", src) {
        Ok(v) => v,
        Err(e) => panic!("{src}\nfailed: {}", e.message),
    }
}

fn try_run(it: &mut Interp, src: &str) -> Result<Value, String> {
    it.run_source("test", src).map_err(|e| e.message.clone())
}

fn truthy(v: &Value) -> bool {
    matches!(v, Value::Scalar(s) if s.truthy())
}

fn int(v: &Value) -> i64 {
    match v {
        Value::Scalar(s) => s.as_i64().expect("an integer"),
        other => panic!("not a scalar: {other:?}"),
    }
}

/// A script expression that is true when two tables hold the same rows in the same order.
fn same_rows(a: &str, b: &str) -> String {
    format!("rows({a}) == rows({b}) and all(each(eqObj, {a}.values(), {b}.values()))")
}

#[test]
fn round_trip_through_mutations() {
    let mut it = session();
    let dir = test_tmp().join(format!("porpoise-bk-rt-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    run(
        &mut it,
        &format!(
            r#"dir = "{}"
if(existsDatabase("dfs://it_rt")) dropDatabase("dfs://it_rt")
db = database("dfs://it_rt", COMPO, [database(, VALUE, 2024.01.01..2024.01.04), database(, HASH, [INT, 3])])
n = 3000
t = table(take(2024.01.01..2024.01.04, n) as d, 0..(n-1) as id, double(0..(n-1)) / 7 as v, take(`a`bb`ccc`, n) as s)
a = db.createPartitionedTable(t, `a, `d`id)
a.append!(t)
b = db.createPartitionedTable(t, `b, `d`id)
b.append!(t)
r1 = backup(dir, "dfs://it_rt")
a.append!(table(2024.01.05 2024.01.02 as d, 5000 5001 as id, 1.5 2.5 as v, `x`y as s))
dropPartition(db, (2024.01.03, NULL), `a)
dropTable(db, `b)
r2 = backup(dir, "dfs://it_rt")
expected = select * from loadTable("dfs://it_rt", `a) order by d, id
"#,
            dir.display()
        ),
    );
    assert_eq!(int(&run(&mut it, "r1")), 24);
    // The partition written to and the new one; the dropped day's partitions leave the backup.
    assert_eq!(int(&run(&mut it, "r2")), 2);
    assert_eq!(
        int(&run(
            &mut it,
            "size(getBackupList(dir, \"dfs://it_rt\", `a))"
        )),
        12 - 3 + 1
    );
    assert!(
        !dir.join("it_rt/b").exists(),
        "the dropped table left the backup"
    );
    run(
        &mut it,
        r#"dropDatabase("dfs://it_rt")
restoreDB(dir, "dfs://it_rt")
got = select * from loadTable("dfs://it_rt", `a) order by d, id"#,
    );
    assert!(truthy(&run(&mut it, &same_rows("got", "expected"))));
    assert_eq!(
        int(&run(&mut it, "size(checkBackup(dir, \"dfs://it_rt\"))")),
        0
    );
    // Mutate the restored table, then an incremental restore puts back only what changed.
    run(
        &mut it,
        "dropPartition(database(\"dfs://it_rt\"), (2024.01.01, NULL), `a); x = restore(dir, \"dfs://it_rt\", `a, \"%\")",
    );
    assert_eq!(int(&run(&mut it, "size(x)")), 3);
    run(
        &mut it,
        "got = select * from loadTable(\"dfs://it_rt\", `a) order by d, id",
    );
    assert!(truthy(&run(&mut it, &same_rows("got", "expected"))));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every file of a backup, recursively.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("readable").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

fn corruption_is_caught(mode_sql: bool) {
    let mut it = session();
    let tag = if mode_sql { "sql" } else { "copy" };
    let db = format!("it_corrupt_{tag}");
    let dir = test_tmp().join(format!("porpoise-bk-corrupt-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let what = if mode_sql {
        format!("<select * from loadTable(\"dfs://{db}\", `t)>")
    } else {
        format!("\"dfs://{db}\"")
    };
    run(
        &mut it,
        &format!(
            r#"dir = "{}"
if(existsDatabase("dfs://{db}")) dropDatabase("dfs://{db}")
db = database("dfs://{db}", VALUE, 1..4)
t = table(take(1..4, 400) as k, 0..399 as id, string(0..399) as s)
pt = db.createPartitionedTable(t, `t, `k)
pt.append!(t)
backup(dir, {what})
before = select * from pt order by k, id"#,
            dir.display()
        ),
    );
    let chunk_files: Vec<PathBuf> = files(&dir)
        .into_iter()
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.ends_with(".col") || name == "_chunkMeta" || name.ends_with(".bin")
        })
        .collect();
    assert!(chunk_files.len() >= 4, "{chunk_files:?}");
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for f in &chunk_files {
        let original = std::fs::read(f).expect("readable");
        // Flip one byte at three places per file: start, somewhere random, and the end.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        for at in [0, (seed as usize) % original.len(), original.len() - 1] {
            let mut bad = original.clone();
            bad[at] ^= 0x5a;
            std::fs::write(f, &bad).expect("writable");
            let damaged = int(&run(
                &mut it,
                &format!("size(checkBackup(dir, \"dfs://{db}\"))"),
            ));
            assert_eq!(
                damaged,
                1,
                "checkBackup missed a flip at {at} of {}",
                f.display()
            );
            let err = try_run(
                &mut it,
                &format!("restore(dir, \"dfs://{db}\", `t, \"%\", true)"),
            )
            .expect_err("restore refuses a damaged backup");
            assert!(err.contains("damaged"), "{err}");
            assert!(truthy(&run(
                &mut it,
                &same_rows("(select * from pt order by k, id)", "before")
            )));
        }
        std::fs::write(f, &original).expect("writable");
    }
    assert_eq!(
        int(&run(
            &mut it,
            &format!("size(checkBackup(dir, \"dfs://{db}\"))")
        )),
        0
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn corruption_of_copy_backups_is_caught() {
    corruption_is_caught(false);
}

#[test]
fn corruption_of_sql_backups_is_caught() {
    corruption_is_caught(true);
}

fn porpoise(home: &Path, script: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_porpoise"));
    c.arg("--home")
        .arg(home)
        .arg("run")
        .arg(script)
        .env("PORPOISE_FSYNC", "0")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

fn run_ok(home: &Path, script: &Path) -> String {
    let out = porpoise(home, script).output().expect("porpoise runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{}: {text}", script.display());
    text
}

#[test]
fn killed_backups_and_restores_resume() {
    let root = test_tmp().join(format!("porpoise-bk-crash-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).expect("scratch dir");
    let home = root.join("home");
    let dir = root.join("backup");
    let write = |name: &str, text: String| {
        let p = root.join(name);
        std::fs::write(&p, text).expect("script written");
        p
    };
    let setup = write(
        "setup.dos",
        r#"login("admin", "123456")
db = database("dfs://crash", VALUE, 1..40)
t = table(take(1..40, 40000) as k, 0..39999 as id, double(0..39999) * 1.5 as v, string(0..39999) as s)
db.createPartitionedTable(t, `t, `k).append!(t)
"#
        .to_string(),
    );
    let backup = write(
        "backup.dos",
        format!(
            "login(\"admin\", \"123456\")\nbackup(\"{}\", \"dfs://crash\", true, true)\n",
            dir.display()
        ),
    );
    let restore = write(
        "restore.dos",
        format!(
            "login(\"admin\", \"123456\")\nif(existsDatabase(\"dfs://crash_r\")) dropDatabase(\"dfs://crash_r\")\nrestoreTable(\"{}\", \"dfs://crash\", `t, \"dfs://crash_r\")\n",
            dir.display()
        ),
    );
    // The rerun: an incremental backup completes what a killed one left, the backup
    // verifies, and a restore reproduces the source bit for bit.
    let verify = write(
        "verify.dos",
        format!(
            r#"login("admin", "123456")
dir = "{}"
backup(dir, "dfs://crash", false, true)
assert size(checkBackup(dir, "dfs://crash")) == 0
assert size(getBackupList(dir, "dfs://crash", `t)) == 40
restoreTable(dir, "dfs://crash", `t, "dfs://crash_r")
a = select * from loadTable("dfs://crash", `t) order by id
b = select * from loadTable("dfs://crash_r", `t) order by id
assert rows(a) == 40000
assert {}
print("VERIFIED")
"#,
            dir.display(),
            same_rows("a", "b")
        ),
    );
    run_ok(&home, &setup);
    let t0 = Instant::now();
    run_ok(&home, &backup);
    let backup_time = t0.elapsed();
    let t0 = Instant::now();
    run_ok(&home, &restore);
    let restore_time = t0.elapsed();
    let mut seed = 0x9e37_79b9_7f4a_7c15u64
        ^ std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1);
    let trials = 50;
    for trial in 0..trials {
        let (script, span) = if trial % 2 == 0 {
            (&backup, backup_time)
        } else {
            (&restore, restore_time)
        };
        // Every fourth trial starts from an empty backup directory: the first backup dies.
        if trial % 4 == 0 {
            let _ = std::fs::remove_dir_all(&dir);
        }
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let wait = Duration::from_micros(seed % (span.as_micros() as u64 + 1).max(1));
        let mut child = porpoise(&home, script).spawn().expect("spawns");
        std::thread::sleep(wait);
        let _ = child.kill();
        let _ = child.wait();
        let out = run_ok(&home, &verify);
        assert!(out.contains("VERIFIED"), "trial {trial}: {out}");
    }
    let _ = std::fs::remove_dir_all(&root);
}

/// Sets `it`'s interrupt flag from another thread once the running task of `kind` on `db`
/// has finished `after` partitions (the live progress getBackupStatus reports).
fn interrupt_when(
    it: &Interp,
    kind: &'static str,
    db: &'static str,
    after: u64,
) -> std::thread::JoinHandle<()> {
    let flag = it.interrupt_flag();
    let root = home();
    std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(120);
        while Instant::now() < deadline {
            let tasks = porpoise::backup::status::tasks(&root).unwrap_or_default();
            if tasks.iter().any(|t| {
                t.kind == kind
                    && t.db_name == db
                    && t.end_time.is_none()
                    && t.completed_partitions >= after
            }) {
                flag.store(true, std::sync::atomic::Ordering::Relaxed);
                return;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
    })
}

#[test]
fn cancelled_backups_and_restores_stop_at_a_partition_and_resume() {
    let mut it = session();
    let dir = test_tmp().join(format!("porpoise-bk-cancel-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let parts = 600;
    run(
        &mut it,
        &format!(
            r#"dir = "{}"
if(existsDatabase("dfs://it_cancel")) dropDatabase("dfs://it_cancel")
if(existsDatabase("dfs://it_cancel_r")) dropDatabase("dfs://it_cancel_r")
db = database("dfs://it_cancel", VALUE, 1..{parts})
n = {parts} * 20
t = table(take(1..{parts}, n) as k, 0..(n-1) as id, double(0..(n-1)) / 3 as v)
db.createPartitionedTable(t, `t, `k).append!(t)"#,
            dir.display()
        ),
    );
    // A serial backup, interrupted after a few partitions.
    let w = interrupt_when(&it, "BACKUP_BY_COPY_FILE", "dfs://it_cancel", 5);
    let err = try_run(&mut it, "backup(dir, \"dfs://it_cancel\")").expect_err("interrupted");
    let _ = w.join();
    it.clear_interrupt();
    assert!(err.contains("interrupted"), "{err}");
    let done = int(&run(
        &mut it,
        "size(getBackupList(dir, \"dfs://it_cancel\", `t))",
    ));
    assert!(done >= 5 && done < parts, "{done} partitions backed up");
    assert_eq!(
        int(&run(&mut it, "size(checkBackup(dir, \"dfs://it_cancel\"))")),
        0,
        "the backed-up partitions are complete"
    );
    // The interrupted task's log shows how far it got.
    let logged = int(&run(
        &mut it,
        "exec max(completedPartitions) from getBackupStatus() where dbName == \"dfs://it_cancel\", completed == false",
    ));
    assert_eq!(logged, done);
    // The rerun backs up exactly the rest.
    let rest = int(&run(&mut it, "backup(dir, \"dfs://it_cancel\")"));
    assert_eq!(rest, parts - done);
    // A restore, interrupted after its first commits, leaves whole partitions; the rerun
    // completes and the copy equals the source.
    let w = interrupt_when(&it, "RESTORE_BY_COPY_FILE", "dfs://it_cancel_r", 32);
    let err = try_run(
        &mut it,
        "restoreTable(dir, \"dfs://it_cancel\", `t, \"dfs://it_cancel_r\")",
    )
    .expect_err("interrupted");
    let _ = w.join();
    it.clear_interrupt();
    assert!(err.contains("interrupted"), "{err}");
    let restored = int(&run(
        &mut it,
        "exec count(*) from loadTable(\"dfs://it_cancel_r\", `t)",
    ));
    assert!(
        restored > 0 && restored < parts * 20 && restored % 20 == 0,
        "{restored} rows restored"
    );
    run(
        &mut it,
        "restoreTable(dir, \"dfs://it_cancel\", `t, \"dfs://it_cancel_r\")",
    );
    run(
        &mut it,
        "a = select * from loadTable(\"dfs://it_cancel\", `t) order by id\nb = select * from loadTable(\"dfs://it_cancel_r\", `t) order by id",
    );
    assert!(truthy(&run(&mut it, &same_rows("a", "b"))));
    let _ = std::fs::remove_dir_all(&dir);
}
