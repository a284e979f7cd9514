//! The backup/restore task log behind `getBackupStatus`: one record per task and table,
//! kept in memory while it runs and appended to `<home>/backup/tasks.jsonl` when it
//! starts, at most once a second while it makes progress, and when it ends, so the history
//! (and the progress of a task whose process was killed) survives a restart. Also the progress display: an indicatif
//! bar when stderr is a terminal, otherwise nothing (or one summary line on stderr when
//! `PORPOISE_BACKUP_SUMMARY` is set), so scripted output stays clean.

use crate::error::{Error, ErrorKind, Result};
use crate::storage::{new_uuid, now_millis};
use indicatif::{ProgressBar, ProgressStyle};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fs::{self, OpenOptions};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

/// A cancellation request: the session's interrupt flag, polled between partitions so a
/// cancelled backup or restore stops at a partition boundary, where a rerun resumes.
#[derive(Clone, Debug, Default)]
pub struct Cancel(Option<Arc<AtomicBool>>);

impl Cancel {
    pub fn new(flag: Arc<AtomicBool>) -> Self {
        Cancel(Some(flag))
    }

    /// Fails with the interpreter's `Interrupted` error once cancellation was requested.
    pub fn check(&self) -> Result<()> {
        match &self.0 {
            Some(f) if f.load(Ordering::Relaxed) => Err(Error::new(
                ErrorKind::Interrupted,
                "The execution was interrupted by the user.",
            )),
            _ => Ok(()),
        }
    }
}

/// A persisted task record (one JSON line).
#[derive(Serialize, Deserialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub struct TaskRecord {
    pub id: String,
    pub user_name: String,
    /// `BACKUP_BY_SQL`, `BACKUP_BY_COPY_FILE`, `RESTORE_BY_SQL` or `RESTORE_BY_COPY_FILE`.
    #[serde(rename = "type")]
    pub kind: String,
    pub start_time: i64,
    pub db_name: String,
    pub table_name: String,
    pub total_partitions: u64,
    pub completed_partitions: u64,
    pub bytes_total: u64,
    pub bytes_done: u64,
    /// `None` while running (or when the process died mid-task).
    pub end_time: Option<i64>,
    pub completed: bool,
}

/// A running task.
pub struct Task {
    record: Mutex<TaskRecord>,
    done: AtomicU64,
    bytes_done: AtomicU64,
    log: PathBuf,
    bar: Option<ProgressBar>,
    started: Instant,
    /// When progress was last appended to the log (milliseconds since `started`).
    persisted_ms: AtomicU64,
}

/// How often a running task appends its progress to the log, in milliseconds.
static PERSIST_EVERY_MS: AtomicU64 = AtomicU64::new(1000);

fn running() -> &'static Mutex<Vec<Arc<Task>>> {
    static RUNNING: OnceLock<Mutex<Vec<Arc<Task>>>> = OnceLock::new();
    RUNNING.get_or_init(|| Mutex::new(Vec::new()))
}

fn log_path(home: &Path) -> PathBuf {
    home.join("backup").join("tasks.jsonl")
}

fn append(log: &Path, r: &TaskRecord) {
    // The log is advisory: a full disk must not fail the backup itself.
    if let Some(dir) = log.parent() {
        let _ = fs::create_dir_all(dir);
    }
    if let (Ok(mut f), Ok(line)) = (
        OpenOptions::new().create(true).append(true).open(log),
        serde_json::to_string(r),
    ) {
        let _ = f.write_all(format!("{line}\n").as_bytes());
    }
}

/// Starts a task for one table.
pub fn start(
    home: &Path,
    user: &str,
    kind: &str,
    db: &str,
    table: &str,
    total: u64,
    bytes_total: u64,
) -> Arc<Task> {
    let record = TaskRecord {
        id: new_uuid(),
        user_name: user.to_string(),
        kind: kind.to_string(),
        start_time: now_millis(),
        db_name: format!("dfs://{db}"),
        table_name: table.to_string(),
        total_partitions: total,
        completed_partitions: 0,
        bytes_total,
        bytes_done: 0,
        end_time: None,
        completed: false,
    };
    let log = log_path(home);
    append(&log, &record);
    let bar = (std::io::stderr().is_terminal() && total > 0).then(|| {
        let b = ProgressBar::new(bytes_total.max(1));
        b.set_style(
            ProgressStyle::with_template(
                "{msg} [{bar:30}] {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        b.set_message(format!("{kind} dfs://{db}/{table} 0/{total}"));
        b
    });
    let task = Arc::new(Task {
        record: Mutex::new(record),
        done: AtomicU64::new(0),
        bytes_done: AtomicU64::new(0),
        log,
        bar,
        started: Instant::now(),
        persisted_ms: AtomicU64::new(0),
    });
    if let Ok(mut r) = running().lock() {
        r.push(task.clone());
    }
    task
}

impl Task {
    /// Records one more finished partition of `bytes` bytes.
    pub fn advance(&self, bytes: u64) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        self.bytes_done.fetch_add(bytes, Ordering::Relaxed);
        let now = self.started.elapsed().as_millis() as u64;
        let last = self.persisted_ms.load(Ordering::Relaxed);
        // One thread wins the exchange and writes; parallel workers don't all append.
        if now.saturating_sub(last) >= PERSIST_EVERY_MS.load(Ordering::Relaxed)
            && self
                .persisted_ms
                .compare_exchange(last, now.max(1), Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            append(&self.log, &self.current());
        }
        if let Some(b) = &self.bar {
            b.inc(bytes);
            if let Ok(r) = self.record.lock() {
                b.set_message(format!(
                    "{} {}/{} {done}/{}",
                    r.kind, r.db_name, r.table_name, r.total_partitions
                ));
            }
        }
    }

    /// Ends the task (successfully or not), persists it and prints the summary.
    pub fn finish(&self, ok: bool) {
        let snapshot = self.current();
        let mut r = snapshot;
        r.end_time = Some(now_millis());
        r.completed = ok;
        append(&self.log, &r);
        if let Ok(mut rec) = self.record.lock() {
            *rec = r.clone();
        }
        if let Ok(mut run) = running().lock() {
            run.retain(|t| !std::ptr::eq(t.as_ref(), self));
        }
        let secs = self.started.elapsed().as_secs_f64();
        let line = format!(
            "{} {}/{}: {} of {} partitions, {} bytes in {secs:.2} s{}",
            r.kind,
            r.db_name,
            r.table_name,
            r.completed_partitions,
            r.total_partitions,
            r.bytes_done,
            if ok { "" } else { " (failed)" }
        );
        if let Some(b) = &self.bar {
            b.finish_and_clear();
            eprintln!("{line}");
        } else if std::env::var_os("PORPOISE_BACKUP_SUMMARY").is_some() {
            eprintln!("{line}");
        }
    }

    fn current(&self) -> TaskRecord {
        let mut r = self
            .record
            .lock()
            .map(|r| r.clone())
            .unwrap_or_else(|p| p.into_inner().clone());
        if r.end_time.is_none() {
            r.completed_partitions = self.done.load(Ordering::Relaxed);
            r.bytes_done = self.bytes_done.load(Ordering::Relaxed);
        }
        r
    }
}

/// Every task known for a home: the persisted log (the last record of each task wins),
/// updated with the live progress of tasks running in this process; oldest first.
pub fn tasks(home: &Path) -> Result<Vec<TaskRecord>> {
    let mut by_id: HashMap<String, TaskRecord> = HashMap::new();
    let mut order = Vec::new();
    if let Ok(text) = fs::read_to_string(log_path(home)) {
        for line in text.lines() {
            // A line torn by a crash is skipped rather than failing the query.
            if let Ok(r) = serde_json::from_str::<TaskRecord>(line) {
                if !by_id.contains_key(&r.id) {
                    order.push(r.id.clone());
                }
                by_id.insert(r.id.clone(), r);
            }
        }
    }
    if let Ok(run) = running().lock() {
        for t in run.iter() {
            let r = t.current();
            if !by_id.contains_key(&r.id) {
                order.push(r.id.clone());
            }
            by_id.insert(r.id.clone(), r);
        }
    }
    Ok(order
        .into_iter()
        .filter_map(|id| by_id.remove(&id))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_is_persisted_while_a_task_runs() {
        let home = std::env::temp_dir().join(format!("porpoise-status-{}", new_uuid()));
        PERSIST_EVERY_MS.store(0, Ordering::Relaxed);
        let task = start(&home, "u", "BACKUP_BY_COPY_FILE", "db", "t", 3, 30);
        task.advance(10);
        task.advance(10);
        // Read the log as a restarted process would, without the live record.
        let text = fs::read_to_string(log_path(&home)).expect("log");
        let last: TaskRecord =
            serde_json::from_str(text.lines().last().expect("a line")).expect("record");
        assert_eq!((last.completed_partitions, last.bytes_done), (2, 20));
        assert!(last.end_time.is_none());
        task.finish(false);
        PERSIST_EVERY_MS.store(1000, Ordering::Relaxed);
        let _ = fs::remove_dir_all(&home);
    }
}
