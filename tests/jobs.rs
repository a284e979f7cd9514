//! Jobs end to end through the real binary with a temporary data home: a simulated month
//! of daily runs, persistence across processes, failing jobs, missed runs, background jobs
//! and cancellation.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("porpoise-jobs-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the temporary folder");
    dir
}

fn porpoise(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_porpoise"))
        .arg("--home")
        .arg(home.join("home"))
        .args(args)
        .output()
        .expect("run porpoise")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs `code` with `-e` and returns its stdout, failing the test on an error.
fn eval(dir: &Path, code: &str) -> String {
    let o = porpoise(dir, &["-e", code]);
    assert!(o.status.success(), "{code}\nstderr: {}", stderr(&o));
    stdout(&o)
}

fn run_script(dir: &Path, name: &str, text: &str) -> Output {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write the script");
    porpoise(dir, &["run", path.to_str().expect("utf-8 path")])
}

const APPEND_DAY: &str = r#"
def appendDay(path) {
    saveText(string(today()) + " " + string(date(now())), path, , true, false)
    return today()
}
"#;

#[test]
fn a_simulated_month_runs_a_daily_job_31_times_with_the_simulated_date() {
    let dir = temp_dir("month");
    let days = dir.join("days.txt");
    let script = format!(
        "{APPEND_DAY}\nscheduleJob(`daily, \"append the day\", appendDay{{\"{}\"}}, 00:05m, 2020.01.01, 2030.12.31, 'D')\n",
        days.display()
    );
    let o = run_script(&dir, "create.dos", &script);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = porpoise(
        &dir,
        &[
            "scheduler",
            "--from",
            "2020.01.01T00:00:00",
            "--until",
            "2020.02.01T00:00:00",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 31, "{}", stdout(&o));
    let text = std::fs::read_to_string(&days).expect("the job wrote the file");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 31);
    for (i, line) in lines.iter().enumerate() {
        let d = format!("2020.01.{:02}", i + 1);
        assert_eq!(*line, format!("{d} {d}"));
    }
    // The history is persistent: another process sees every run with its return value.
    let out = eval(
        &dir,
        "t = getRecentJobs(); [size(t), sum(t.status == \"completed\"), getJobReturn(`daily_202001310005)]",
    );
    assert_eq!(out.trim(), "(31,31,2020.01.31)");
}

#[test]
fn jobs_survive_reopening_the_home_and_bad_job_files_are_skipped() {
    let dir = temp_dir("reopen");
    let o = run_script(
        &dir,
        "create.dos",
        "def f(x) { return x * 2 }\nscheduleJob(`keep, \"kept\", f{21}, 10:00m 22:00m, 2020.01.01, 2020.12.31, 'M', 1 15)\n",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = eval(
        &dir,
        "exec jobId, jobDesc, scheduleTime, days from getScheduledJobs()",
    );
    assert!(out.contains("keep  kept    10:00m 22:00m 1 15"), "{out}");
    // The job file is DolphinDB script: its last statement is the job function.
    let file = dir.join("home/jobs/scheduled/keep.dos");
    let text = std::fs::read_to_string(&file).expect("the job file");
    assert!(
        text.ends_with("def f(x) { return x * 2 }\nf{21}\n"),
        "{text}"
    );
    // A damaged job file is reported and skipped; the others still run.
    std::fs::write(dir.join("home/jobs/scheduled/broken.dos"), "not a job").expect("write");
    std::fs::write(
        dir.join("home/jobs/scheduled/badscript.dos"),
        text.replace("keep", "badscript").replace("f{21}", "f{21"),
    )
    .expect("write");
    let o = porpoise(
        &dir,
        &[
            "scheduler",
            "--from",
            "2020.01.01T00:00:00",
            "--until",
            "2020.02.01T00:00:00",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("broken.dos"), "{err}");
    let out = stdout(&o);
    assert_eq!(
        out.lines()
            .filter(|l| l.contains(" keep_") && l.ends_with("completed"))
            .count(),
        4,
        "{out}"
    );
    assert!(
        out.contains("badscript_202001011000 failed: can't load"),
        "{out}"
    );
    let out = eval(&dir, "getJobReturn(`keep_202001152200)");
    assert_eq!(out.trim(), "42");
    // deleteScheduledJob removes the file.
    eval(&dir, "deleteScheduledJob(`keep)");
    assert!(!file.exists());
}

#[test]
fn a_failing_job_is_recorded_and_the_schedule_continues() {
    let dir = temp_dir("failing");
    let script = "def bad() { throw \"no disk\" }\n\
        scheduleJob(`bad, \"fails\", bad, 01:00m, 2020.01.01, 2020.01.10, 'D')\n\
        scheduleJob(`good, \"works\", add{1, 2}, 02:00m, 2020.01.01, 2020.01.10, 'D')\n";
    assert!(run_script(&dir, "create.dos", script).status.success());
    let o = porpoise(
        &dir,
        &["scheduler", "--from", "2020.01.01", "--until", "2020.01.06"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = eval(
        &dir,
        "t = getRecentJobs(); select count(*) as n from t group by status, errorMsg",
    );
    assert!(out.contains("completed          5"), "{out}");
    assert!(out.contains("failed    no disk  5"), "{out}");
    let msg = eval(&dir, "getJobMessage(`bad_202001030100)");
    assert!(
        msg.contains("Start the job [bad_202001030100]: fails"),
        "{msg}"
    );
    assert!(msg.contains("The job failed: no disk"), "{msg}");
}

#[test]
fn runs_missed_while_nothing_ran_are_reported_not_replayed() {
    let dir = temp_dir("missed");
    let home = dir.join("home");
    let created = Command::new(env!("CARGO_BIN_EXE_porpoise"))
        .arg("--home")
        .arg(&home)
        .args(["--now", "2020.01.01T00:00:00", "-e"])
        .arg("scheduleJob(`old, \"\", add{1, 2}, 00:05m, 2020.01.01, 2020.01.03, 'D')")
        .output()
        .expect("run porpoise");
    assert!(created.status.success(), "{}", stderr(&created));
    let mut child = Command::new(env!("CARGO_BIN_EXE_porpoise"))
        .arg("--home")
        .arg(&home)
        .arg("scheduler")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the scheduler");
    // The missed runs are recorded before the scheduler starts waiting.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let n = std::fs::read_dir(home.join("jobs/batch"))
            .map(|d| d.count())
            .unwrap_or(0);
        if n >= 3 || std::time::Instant::now() > deadline {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let _ = child.kill();
    let o = child.wait_with_output().expect("scheduler output");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.matches("missed its run").count(), 3, "{err}");
    let out = eval(&dir, "exec status from getRecentJobs()");
    assert_eq!(out.trim(), "[\"missed\",\"missed\",\"missed\"]");
}

#[test]
fn submitted_jobs_return_values_persist_and_finish_before_run_exits() {
    let dir = temp_dir("submit");
    let marker = dir.join("marker.txt");
    let script = format!(
        "def work(n, path) {{ s = 0; for (i in 1..n) s += i; saveText(string(s), path, , false, false); return s }}\n\
         id = submitJob(`work1, \"sum\", work, 100, \"{}\")\n\
         print(getJobReturn(id, true))\n\
         id2 = submitJob(`work1, \"again\", work, 10, \"{}\")\n\
         print(id2 == `work1 ? \"same\" : \"suffixed\")\n",
        marker.display(),
        dir.join("marker2.txt").display()
    );
    let o = run_script(&dir, "submit.dos", &script);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "5050\nsuffixed\n");
    // `run` waited for the second job, which nobody waited for in the script.
    assert!(dir.join("marker2.txt").exists());
    assert_eq!(eval(&dir, "getJobReturn(`work1)").trim(), "5050");
    assert!(eval(&dir, "getJobMessage(`work1)").contains("The job is done."));
}

#[test]
fn cancel_job_stops_a_long_running_loop() {
    let dir = temp_dir("cancel");
    let script = "def spin() { i = 0; do { i += 1 } while (true) }\n\
        id = submitJob(`spin, \"forever\", spin)\n\
        do {} while ((exec status from getJobStatus(id))[0] != \"running\")\n\
        try { getJobReturn(id) } catch (e) { print(e[1]) }\n\
        cancelJob(id)\n\
        try { getJobReturn(id, true) } catch (e) { print(e[1]) }\n\
        print(exec status from getJobStatus(id))\n";
    let o = run_script(&dir, "cancel.dos", script);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "The job [spin] is not complete yet.\nThe job was cancelled.\n[\"cancelled\"]\n"
    );
}

#[test]
fn the_now_option_sets_the_session_clock() {
    let dir = temp_dir("now");
    let o = porpoise(
        &dir,
        &[
            "--now",
            "2020.03.04T10:00:00",
            "-e",
            "[today(), date(now())]",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "[2020.03.04,2020.03.04]");
}

#[test]
fn a_job_runs_as_the_user_who_created_it_without_a_password() {
    let dir = temp_dir("user");
    let script = "login(\"admin\", \"123456\")\n\
        createUser(\"u1\", \"pw123456\")\n\
        db = database(\"dfs://jobuser\", VALUE, 1 2)\n\
        db.createPartitionedTable(table(1 2 as id), `t, `id).append!(table(1 2 2 as id))\n\
        def countRows() { return exec count(*) from loadTable(\"dfs://jobuser\", \"t\") }\n\
        logout()\n\
        login(\"u1\", \"pw123456\")\n\
        scheduleJob(`asU1, \"as u1\", countRows, 00:05m, 2020.01.01, 2020.01.02, 'D')\n\
        logout()\n\
        scheduleJob(`asGuest, \"as guest\", countRows, 00:10m, 2020.01.01, 2020.01.02, 'D')\n";
    let o = run_script(&dir, "create.dos", script);
    assert!(o.status.success(), "{}", stderr(&o));
    // The job file names the user and holds no password.
    let text = std::fs::read_to_string(dir.join("home/jobs/scheduled/asU1.dos")).expect("job");
    assert!(text.contains("\"user\":\"u1\""), "{text}");
    assert!(!text.contains("pw123456"), "{text}");
    let o = porpoise(
        &dir,
        &["scheduler", "--from", "2020.01.01", "--until", "2020.01.02"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("asU1_202001010005 completed"), "{out}");
    assert!(
        out.contains("asGuest_202001010010 failed: [loadTable] <NotAuthenticated>Not login yet."),
        "{out}"
    );
    assert_eq!(eval(&dir, "getJobReturn(`asU1_202001010005)").trim(), "3");
    // A user deleted since no longer runs jobs.
    eval(&dir, "login(\"admin\", \"123456\"); deleteUser(\"u1\")");
    let o = porpoise(
        &dir,
        &["scheduler", "--from", "2020.01.02", "--until", "2020.01.03"],
    );
    let out = stdout(&o);
    assert!(
        out.contains("asU1_202001020005 failed: The user [u1] who created the scheduled job asU1 no longer exists"),
        "{out}"
    );
    let out = eval(&dir, "exec userID from getRecentJobs()");
    assert_eq!(out.trim(), "[\"u1\",\"guest\",\"u1\",\"guest\"]");
}
