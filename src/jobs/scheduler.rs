//! The scheduler: runs due scheduled jobs while a long-lived process has the home open
//! (the REPL in a background thread, `porpoise scheduler` in the foreground), reports
//! runs missed while nothing was running, and replays a period in simulated time
//! (`porpoise scheduler --from T --until T`).

use super::clock::{real_now_ms, SimClock};
use super::record::Status;
use super::run::{execute, new_record};
use super::schedule::{ScheduledJob, DAY_MS};
use super::{store, Manager};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::value::temporal::format_timestamp;
use crate::value::Value;
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

/// How `run_scheduler` runs.
#[derive(Clone, Debug, Default)]
pub struct SchedulerOptions {
    /// Simulated time: run every occurrence in `[from, until)` as fast as possible with the
    /// jobs' clocks reading the planned time. `None` runs in real time until killed.
    pub simulate: Option<(i64, i64)>,
    /// Print a line per run on stdout (the foreground command does; the REPL does not).
    pub verbose: bool,
}

/// How often the real-time scheduler looks at the clock.
const TICK: Duration = Duration::from_millis(500);
/// How often the real-time scheduler saves its progress when nothing ran.
const SAVE_EVERY_MS: i64 = 30_000;

impl Manager {
    /// The scheduled jobs. Job files that cannot be parsed are reported on stderr (once per
    /// process) and skipped.
    pub fn scheduled_jobs(&self) -> Vec<ScheduledJob> {
        let Some(dir) = &self.dir else {
            return self.lock().scheduled.values().cloned().collect();
        };
        let mut res = Vec::new();
        for item in store::load_scheduled(dir) {
            match item {
                Ok(job) => res.push(job),
                Err((file, why)) => self.report_bad(&file, &why),
            }
        }
        res
    }

    fn report_bad(&self, file: &str, why: &str) {
        if self.lock().reported_bad.insert(file.to_string()) {
            eprintln!("porpoise: skipping scheduled job file {file}: {why}");
        }
    }

    /// A session to run a job of `job.user` in, with the function loaded: from memory, or
    /// by evaluating the job's script.
    fn job_session(
        self: &Arc<Self>,
        job: &ScheduledJob,
        clock: Option<SimClock>,
    ) -> Result<(Interp, Arc<crate::value::Function>)> {
        let mut it = match &self.home {
            Some(h) => crate::cli::new_session(h, None),
            None => Interp::with_output(Box::new(std::io::sink())),
        };
        it.clock = clock;
        it.jobs = Some(self.clone());
        run_as(&mut it, job)?;
        if let Some(f) = &job.func {
            return Ok((it, f.clone()));
        }
        let v = it
            .run_source(&format!("<scheduled job {}>", job.id), &job.script)
            .map_err(|e| {
                Error::runtime(format!(
                    "can't load the function of scheduled job {}: {}",
                    job.id, e.message
                ))
            })?;
        match v {
            Value::Function(f) => Ok((it, f)),
            other => Err(Error::runtime(format!(
                "the script of scheduled job {} yields a {}, not a function",
                job.id,
                other.type_str()
            ))),
        }
    }

    /// Runs one occurrence of a scheduled job and records it.
    fn run_occurrence(
        self: &Arc<Self>,
        job: &ScheduledJob,
        planned: i64,
        simulated: bool,
    ) -> super::JobRecord {
        let clock = simulated.then(|| SimClock::at(planned));
        let id = self.unique_batch_id(&run_id(&job.id, planned), planned.div_euclid(DAY_MS));
        let received = if simulated { planned } else { real_now_ms() };
        let mut r = new_record(id, job.desc.clone(), job.user.clone(), received);
        r.scheduled = Some(job.id.clone());
        r.planned = Some(planned);
        match self.job_session(job, clock) {
            Ok((mut it, f)) => {
                self.put_record(&r);
                execute(self, &mut it, r, &f, Vec::new())
            }
            Err(e) => {
                r.status = Status::Failed;
                r.error = e.message.clone();
                r.start = Some(received);
                r.end = Some(received);
                self.put_record(&r);
                r
            }
        }
    }

    /// Records a run that nobody was there to start.
    fn record_missed(&self, job: &ScheduledJob, planned: i64) {
        let id = self.unique_batch_id(&run_id(&job.id, planned), planned.div_euclid(DAY_MS));
        let mut r = new_record(id, job.desc.clone(), job.user.clone(), planned);
        r.scheduled = Some(job.id.clone());
        r.planned = Some(planned);
        r.status = Status::Missed;
        r.error = format!(
            "missed: no porpoise process had the home open at {}",
            format_timestamp(planned)
        );
        self.put_record(&r);
    }
}

/// Marks a job's session as logged in as the user who created the job, as DolphinDB runs
/// a job: no password is stored or checked. With a data home the user must still exist and
/// the catalog's current administrator flag applies (a user demoted or deleted since the
/// job was created does not keep the old rights); `guest` jobs run logged out.
fn run_as(it: &mut Interp, job: &ScheduledJob) -> Result<()> {
    if job.user == crate::auth::GUEST {
        it.auth.set_user(None);
        return Ok(());
    }
    let admin = if it.home.is_some() {
        crate::auth::with_users(it, |db| Ok((db.get(&job.user).map(|u| u.is_admin), false)))?
            .ok_or_else(|| {
                Error::runtime(format!(
                    "The user [{}] who created the scheduled job {} no longer exists",
                    job.user, job.id
                ))
            })?
    } else {
        job.admin
    };
    it.auth.set_user(Some((job.user.clone(), admin)));
    Ok(())
}

/// The id of one run: the scheduled job's id, `_`, and the planned time `yyyyMMddHHmm`.
fn run_id(job: &str, planned: i64) -> String {
    let day = planned.div_euclid(DAY_MS);
    let minute = planned.rem_euclid(DAY_MS) / 60_000;
    format!(
        "{job}_{}{:02}{:02}",
        super::run::yyyymmdd(day),
        minute / 60,
        minute % 60
    )
}

/// Runs the schedule of `mgr`'s home: in simulated time (returning when the period is
/// done) or in real time (never returning). Fails if another process runs the scheduler of
/// this home.
pub fn run_scheduler(mgr: &Arc<Manager>, opts: &SchedulerOptions) -> Result<()> {
    let _lock = lock_home(mgr)?;
    match opts.simulate {
        Some((from, until)) => {
            simulate(mgr, from, until, opts.verbose);
            Ok(())
        }
        None => {
            real_time(mgr, opts.verbose);
            Ok(())
        }
    }
}

/// Starts the real-time scheduler on a background thread (the REPL). Returns `None` when
/// another process already runs this home's scheduler.
pub fn start_background(mgr: &Arc<Manager>) -> Option<std::thread::JoinHandle<()>> {
    let lock = lock_home(mgr).ok()?;
    let m = mgr.clone();
    std::thread::Builder::new()
        .name("scheduler".into())
        .stack_size(64 * 1024 * 1024)
        .spawn(move || {
            let _lock = lock;
            real_time(&m, false);
        })
        .ok()
}

/// An exclusive lock on `<home>/jobs/scheduler.lock`, held while a scheduler runs.
fn lock_home(mgr: &Manager) -> Result<Option<std::fs::File>> {
    let Some(dir) = &mgr.dir else { return Ok(None) };
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::io(format!("can't create {}: {e}", dir.display())))?;
    let path = dir.join("scheduler.lock");
    let f = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io(format!("can't open {}: {e}", path.display())))?;
    match f.try_lock() {
        Ok(()) => Ok(Some(f)),
        Err(_) => Err(Error::runtime(
            "another porpoise process is already running the scheduler of this home",
        )),
    }
}

fn report(r: &super::JobRecord, verbose: bool) {
    if !verbose {
        return;
    }
    let planned = r.planned.map(format_timestamp).unwrap_or_default();
    let status = format!("{:?}", r.status).to_lowercase();
    // A closed pipe (`| head`) must not stop the schedule.
    let mut out = std::io::stdout();
    let _ = if r.error.is_empty() {
        writeln!(out, "{planned} {} {status}", r.id)
    } else {
        writeln!(out, "{planned} {} {status}: {}", r.id, r.error)
    };
    let _ = out.flush();
}

fn simulate(mgr: &Arc<Manager>, from: i64, until: i64, verbose: bool) {
    let mut cursor = from;
    loop {
        // Reload each step: a job may schedule or delete jobs.
        let jobs = mgr.scheduled_jobs();
        let next = jobs.iter().filter_map(|j| j.next_after(cursor)).min();
        let Some(t) = next.filter(|t| *t < until) else {
            break;
        };
        for job in jobs.iter().filter(|j| j.next_after(t) == Some(t)) {
            let r = mgr.run_occurrence(job, t, true);
            report(&r, verbose);
        }
        cursor = t + 1;
    }
}

fn real_time(mgr: &Arc<Manager>, verbose: bool) {
    let start = real_now_ms();
    let state = mgr
        .dir
        .as_ref()
        .map(|d| store::load_state(d))
        .unwrap_or_default();
    // Runs between the last time a scheduler looked and now were missed: report them and
    // record them, never replay them.
    for job in mgr.scheduled_jobs() {
        let lower = state
            .checked
            .map_or(job.created_ms, |c| c.max(job.created_ms));
        for t in job.occurrences(lower, start) {
            eprintln!(
                "porpoise: scheduled job {} missed its run at {} (no porpoise process had the home open)",
                job.id,
                format_timestamp(t)
            );
            mgr.record_missed(&job, t);
        }
    }
    let mut last = start;
    let mut saved = i64::MIN;
    loop {
        let now = real_now_ms();
        let mut ran = false;
        let mut due: Vec<(i64, ScheduledJob)> = Vec::new();
        for job in mgr.scheduled_jobs() {
            for t in job.occurrences(last.max(job.created_ms), now) {
                due.push((t, job.clone()));
            }
        }
        due.sort_by(|a, b| (a.0, &a.1.id).cmp(&(b.0, &b.1.id)));
        for (t, job) in due {
            let r = mgr.run_occurrence(&job, t, false);
            report(&r, verbose);
            ran = true;
        }
        last = now;
        if let Some(dir) = &mgr.dir {
            if ran || now - saved >= SAVE_EVERY_MS {
                let _ = store::save_state(dir, &store::SchedulerState { checked: Some(now) });
                saved = now;
            }
        }
        std::thread::sleep(TICK);
    }
}
