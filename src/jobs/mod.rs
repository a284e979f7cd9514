//! Jobs: scheduled jobs (`scheduleJob`) and background batch jobs (`submitJob`), their
//! persistence in the data home, the worker pool and the scheduler loop.
//!
//! A `Manager` holds one home's jobs; every session of a process that opens the same home
//! shares it. A session without a home gets a private in-memory manager, so jobs work in
//! tests and sweeps but are forgotten when the session ends.
//!
//! **API boundary:** the files under `<home>/jobs/` (see docs/FORMAT.md, "Jobs") and the
//! functions `manager`, `run_scheduler` and `wait_for_batch_jobs`.

mod builtins;
pub mod clock;
mod record;
mod run;
pub mod schedule;
mod scheduler;
pub mod script;
mod store;

pub use builtins::register;
pub use record::{JobRecord, Status};
pub use run::wait_for_batch_jobs;
pub use schedule::ScheduledJob;
pub use scheduler::{run_scheduler, start_background, SchedulerOptions};

use crate::eval::Interp;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock};

/// The jobs of one data home (or of one home-less session).
pub struct Manager {
    /// `<home>/jobs`, or `None` for an in-memory manager.
    dir: Option<PathBuf>,
    /// The home itself, given to the sessions that run jobs.
    home: Option<crate::home::Home>,
    inner: Mutex<Inner>,
    /// Signalled whenever a batch job changes state or a worker becomes free.
    changed: Condvar,
}

#[derive(Default)]
struct Inner {
    /// Scheduled jobs of an in-memory manager (a home keeps them in files).
    scheduled: BTreeMap<String, ScheduledJob>,
    /// Batch job records created by this process (all of them for an in-memory manager).
    records: BTreeMap<String, JobRecord>,
    /// Runtime state of this process's batch jobs.
    live: HashMap<String, Live>,
    /// Workers running now.
    busy: usize,
    /// Submitted jobs not finished yet.
    pending: usize,
    /// Job files already reported as unloadable (reported once per process).
    reported_bad: HashSet<String>,
}

/// What only the process running a batch job knows.
struct Live {
    message: Arc<Mutex<String>>,
    value: Option<crate::value::Value>,
    interrupt: Arc<AtomicBool>,
}

/// How many batch jobs run at once; more wait in the queue.
pub const WORKERS: usize = 4;

impl Manager {
    fn new(home: Option<crate::home::Home>) -> Manager {
        Manager {
            dir: home.as_ref().map(|h| h.root().join("jobs")),
            home,
            inner: Mutex::new(Inner::default()),
            changed: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panicking job thread must not make the jobs unusable.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether jobs are persisted in a data home.
    pub fn is_persistent(&self) -> bool {
        self.dir.is_some()
    }
}

/// The job manager of a session: the process-wide one of its home, or its own in-memory
/// one when it has no home.
pub fn manager(interp: &mut Interp) -> Arc<Manager> {
    if let Some(m) = &interp.jobs {
        return m.clone();
    }
    let m = match &interp.home {
        Some(home) => manager_for_home(home),
        None => Arc::new(Manager::new(None)),
    };
    interp.jobs = Some(m.clone());
    m
}

/// The process-wide manager of a home.
pub fn manager_for_home(home: &crate::home::Home) -> Arc<Manager> {
    static HOMES: OnceLock<Mutex<HashMap<PathBuf, Arc<Manager>>>> = OnceLock::new();
    let map = HOMES.get_or_init(Mutex::default);
    let mut map = map.lock().unwrap_or_else(|e| e.into_inner());
    map.entry(home.root().to_path_buf())
        .or_insert_with(|| Arc::new(Manager::new(Some(home.clone()))))
        .clone()
}

/// Whether `id` matches a DolphinDB wildcard pattern (`%` any run, `?` one character).
pub(crate) fn wildcard_match(pattern: &str, id: &str) -> bool {
    fn go(p: &[char], s: &[char]) -> bool {
        match p.first() {
            None => s.is_empty(),
            Some('%') => (0..=s.len()).any(|i| go(&p[1..], &s[i..])),
            Some('?') => !s.is_empty() && go(&p[1..], &s[1..]),
            Some(c) => s.first() == Some(c) && go(&p[1..], &s[1..]),
        }
    }
    let p: Vec<char> = pattern.chars().collect();
    let s: Vec<char> = id.chars().collect();
    go(&p, &s)
}

/// Job ids name files in the home, so they are restricted to letters, digits and `_`.
pub(crate) fn valid_job_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 128 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        assert!(wildcard_match("daily%", "dailyJob"));
        assert!(wildcard_match("d?ily", "daily"));
        assert!(!wildcard_match("d?ily", "dily"));
        assert!(wildcard_match("%", ""));
        assert!(!valid_job_id("a/b"));
        assert!(valid_job_id("backup_Job1"));
    }
}
