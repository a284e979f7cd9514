//! The seed's daily backup (§1.3) and month restore loop (§2.2) end to end through the real
//! binary: `scripts/daily_backup_job.dos` creates the database and the jobs in simulated
//! time (`--now`), `porpoise scheduler --from --until` runs a simulated month in which one
//! job appends each day's data and another backs up the previous day, and
//! `scripts/daily_backup_restore.dos` restores the month with the seed's loop and compares
//! every row. Also the seed's literal partial-application form and a cancelled backup job.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The backup root the example scripts use; the tests point it into their own folder.
const EXAMPLE_ROOT: &str = "/tmp/porpoise-daily-backup/";

fn temp_dir(name: &str) -> PathBuf {
    let base = if Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    let dir = base.join(format!("porpoise-seed-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the temporary folder");
    dir
}

/// Runs the binary on `<dir>/home`; fsync is off, as a simulated month writes hundreds of
/// job records and partitions.
fn porpoise(dir: &Path, args: &[&str]) -> Output {
    let o = Command::new(env!("CARGO_BIN_EXE_porpoise"))
        .env("PORPOISE_FSYNC", "0")
        .arg("--home")
        .arg(dir.join("home"))
        .args(args)
        .output()
        .expect("run porpoise");
    assert!(
        o.status.success(),
        "porpoise {args:?} failed\nstdout: {}\nstderr: {}",
        stdout(&o),
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Evaluates `code` (after logging in) and returns what it displays.
fn eval(dir: &Path, code: &str) -> String {
    let code = format!("login(\"admin\", \"123456\")\n{code}");
    stdout(&porpoise(dir, &["-e", &code])).trim().to_string()
}

/// An example script with its backup root moved to `root`.
fn example(name: &str, root: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scripts")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("the example script");
    assert!(text.contains(EXAMPLE_ROOT), "{name} uses {EXAMPLE_ROOT}");
    text.replace(EXAMPLE_ROOT, root)
}

/// Writes `text` to `<dir>/<name>` and runs it, with `--now` when given.
fn run_script(dir: &Path, name: &str, text: &str, now: Option<&str>) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write the script");
    let path = path.to_str().expect("utf-8 path").to_string();
    let mut args = Vec::new();
    if let Some(t) = now {
        args.extend(["--now", t]);
    }
    args.extend(["run", path.as_str()]);
    stdout(&porpoise(dir, &args))
}

fn scheduler(dir: &Path, from: &str, until: &str) -> String {
    stdout(&porpoise(
        dir,
        &["scheduler", "--from", from, "--until", until],
    ))
}

/// The root of the backup directories, with a trailing slash as the scripts expect.
fn backup_root(dir: &Path) -> String {
    format!("{}/backup/", dir.display())
}

fn listing(root: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root)
        .expect("the backup root exists")
        .map(|e| {
            e.expect("a directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn a_simulated_month_of_daily_backups_is_restored_by_the_seed_loop() {
    let dir = temp_dir("month");
    let root = backup_root(&dir);
    let out = run_script(
        &dir,
        "create.dos",
        &example("daily_backup_job.dos", &root),
        Some("2020.01.01T00:00:00"),
    );
    assert!(
        out.contains(
            "admin  appendDay append the day's data 2020.01.02 2020.01.31 D         00:01m"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "admin  backupJob backupDB              2020.01.01 2030.12.31 D         00:05m"
        ),
        "{out}"
    );

    let out = scheduler(&dir, "2020.01.01T00:00:00", "2020.02.01T00:10:00");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 30 + 32, "{out}");
    assert!(lines.iter().all(|l| l.ends_with(" completed")), "{out}");
    assert_eq!(
        lines[..3],
        [
            "2020.01.01T00:05:00.000 backupJob_202001010005 completed",
            "2020.01.02T00:01:00.000 appendDay_202001020001 completed",
            "2020.01.02T00:05:00.000 backupJob_202001020005 completed",
        ]
    );

    // Every run is visible, as the creating user, with its status and return value: the
    // first backup finds nothing of 2019.12.31, later ones the previous day's 3 partitions.
    let out = eval(
        &dir,
        "t = getRecentJobs(); \
         [size(t), sum(t.status == \"completed\"), sum(t.userID == \"admin\"), \
          getJobReturn(`backupJob_202001010005), getJobReturn(`backupJob_202001020005), \
          getJobReturn(`backupJob_202002010005)]",
    );
    assert_eq!(out, "[62,62,62,0,3,3]");
    assert_eq!(
        eval(&dir, "getJobReturn(`appendDay_202001150001)"),
        "2020.01.15"
    );
    let msg = eval(&dir, "getJobMessage(`backupJob_202001160005)");
    assert!(
        msg.contains("Start the job [backupJob_202001160005]: backupDB"),
        "{msg}"
    );
    assert!(msg.contains("The job is done."), "{msg}");
    // The schedule itself persists past the run.
    assert_eq!(
        eval(&dir, "exec jobId from getScheduledJobs()"),
        "[\"appendDay\",\"backupJob\"]"
    );

    // One directory per day, each holding exactly that day's partitions.
    let dirs = listing(&root);
    for day in 1..=31 {
        assert!(dirs.contains(&format!("202001{day:02}")), "{dirs:?}");
    }
    let out = eval(
        &dir,
        &format!(
            "exec chunkPath from getBackupList(\"{root}20200110\", \"dfs://ddb\", \"windTurbine\")"
        ),
    );
    assert_eq!(
        out,
        "[\"dfs://ddb/20200110/1\",\"dfs://ddb/20200110/2\",\"dfs://ddb/20200110/3\"]"
    );

    // The seed's restore loop into a freshly created database gives back every row.
    let out = run_script(
        &dir,
        "restore.dos",
        &example("daily_backup_restore.dos", &root),
        None,
    );
    assert_eq!(out.matches("restoring ").count(), 31, "{out}");
    assert!(out.contains(&format!("restoring {root}20200131/")), "{out}");
    assert!(
        out.contains("rows: source 2232, restored 2232, expected 2232"),
        "{out}"
    );
    assert!(out.contains("restored == source: true"), "{out}");
    assert!(out.contains("restored == expected: true"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The seed's literal job binds the directory with partial application, so (as in
/// DolphinDB, and as the README documents) it is computed once when the job is created:
/// every run writes into the creation day's directory, while the `where` clause inside the
/// metacode is evaluated again at each run and picks that run's previous day.
#[test]
fn the_seed_literal_job_writes_every_day_into_the_creation_day_directory() {
    let dir = temp_dir("literal");
    let root = backup_root(&dir);
    let literal = format!(
        "scheduleJob(`backupJob, \"backupDB\", backup{{\"{root}\"+(today()-1).format(\"yyyyMMdd\"),<select * from loadTable(\"dfs://ddb\",\"windTurbine\") where tm between datetime(today()-1) : (today().datetime()-1) >,false,true}}, 00:05m, today(), 2030.12.31, 'D');"
    );
    let script: Vec<String> = example("daily_backup_job.dos", &root)
        .lines()
        .map(|l| {
            if l.starts_with("scheduleJob(`backupJob") {
                literal.clone()
            } else {
                l.to_string()
            }
        })
        .collect();
    run_script(
        &dir,
        "create.dos",
        &script.join("\n"),
        Some("2020.01.01T00:00:00"),
    );
    let job = std::fs::read_to_string(dir.join("home/jobs/scheduled/backupJob.dos"))
        .expect("the job file");
    assert!(
        job.contains(&format!("backup{{\"{root}20191231\", <select")),
        "{job}"
    );
    assert!(job.contains("datetime(today() - 1)"), "{job}");

    let out = scheduler(&dir, "2020.01.01T00:00:00", "2020.01.08T00:00:00");
    assert_eq!(out.lines().count(), 6 + 7, "{out}");
    assert!(out.lines().all(|l| l.ends_with(" completed")), "{out}");
    assert_eq!(listing(&root), ["20191231"]);
    let out = eval(
        &dir,
        "each(getJobReturn, \"backupJob_2020010\" + string(1..7) + \"0005\")",
    );
    assert_eq!(out, "[0,3,3,3,3,3,3]");
    let one = format!("{root}20191231");
    let out = eval(
        &dir,
        &format!("exec count(*) from getBackupList(\"{one}\", \"dfs://ddb\", \"windTurbine\")"),
    );
    assert_eq!(out, "18");
    // The one directory restores every backed-up day.
    let out = eval(
        &dir,
        &format!(
            "if (existsDatabase(\"dfs://copy\")) dropDatabase(\"dfs://copy\")\n\
             migrate(\"{one}\", \"dfs://ddb\", \"windTurbine\", \"dfs://copy\", \"windTurbine\")\n\
             a = select * from loadTable(\"dfs://ddb\", \"windTurbine\") where tm < 2020.01.07T00:00:00 order by tm, wntId\n\
             b = select * from loadTable(\"dfs://copy\", \"windTurbine\") order by tm, wntId\n\
             print(size(a), size(b)); all(each(eqObj, a.values(), b.values()))"
        ),
    );
    assert_eq!(out, "432\n432\ntrue");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `cancelJob` on a running backup: the backup stops at a partition boundary, leaving a
/// consistent backup of the partitions done so far, and rerunning the same (incremental)
/// backup writes only the rest and matches the source.
#[test]
fn a_cancelled_backup_job_stops_at_a_partition_boundary_and_a_rerun_completes() {
    let dir = temp_dir("cancel");
    let root = format!("{}/big", backup_root(&dir));
    // 31 days x 10 turbines = 310 partitions, backed up one at a time.
    let script = format!(
        r#"login("admin", "123456")
db1 = database("", VALUE, 2020.01.01..2020.01.31)
db2 = database("", VALUE, 1..10)
db = database("dfs://big", COMPO, [db1, db2])
n = 31 * 10 * 24
t = table(take(1..10, n) as wntId, datetime(2020.01.01) + 360 * (0..(n - 1)) as tm, double(0..(n - 1)) as tag001)
db.createPartitionedTable(t, "readings", `tm`wntId).append!(t)
def bigBackup(dir) {{ return backup(dir, <select * from loadTable("dfs://big", "readings")>, true, false) }}
id = submitJob(`bigBackup, "back up everything", bigBackup, "{root}")
// Cancel once the backup has written its first partitions (endTime of a running task is
// an estimate, so `completed` tells a running task; the job may not have started yet).
do {{
    s = select * from getBackupStatus() where dbName == "dfs://big", completed == false, completedPartitions >= 2
}} while (size(s) == 0 && (exec status from getJobStatus(id))[0] in ["queued", "running"])
cancelJob(id)
try {{ getJobReturn(id, true) }} catch (e) {{ print(e[1]) }}
print(exec status from getJobStatus(id))
n1 = exec count(*) from getBackupList("{root}", "dfs://big", "readings")
print("partial: " + string(n1 > 0 && n1 < 310))
print("consistent: " + string(size(checkBackup("{root}", "dfs://big")) == 0))
n2 = backup("{root}", <select * from loadTable("dfs://big", "readings")>, false, false)
print("resumed: " + string(n1 + n2 == 310))
migrate("{root}", "dfs://big", "readings", "dfs://bigCopy", "readings")
a = select * from loadTable("dfs://big", "readings") order by tm, wntId
b = select * from loadTable("dfs://bigCopy", "readings") order by tm, wntId
print("rows: " + string(size(a)) + " " + string(size(b)))
print("equal: " + string(all(each(eqObj, a.values(), b.values()))))
"#
    );
    let out = run_script(&dir, "cancel.dos", &script, None);
    assert_eq!(
        out,
        "The job was cancelled.\n[\"cancelled\"]\npartial: true\nconsistent: true\nresumed: true\nrows: 7440 7440\nequal: true\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
