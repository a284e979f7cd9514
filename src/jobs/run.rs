//! Running batch jobs: the worker pool behind `submitJob`, the execution shared with
//! scheduled runs (message log, record updates, return value), cancellation and waiting.

use super::clock::{real_now_ms, SimClock};
use super::record::{message_time, new_uuid, JobRecord, Status};
use super::{store, Live, Manager, WORKERS};
use crate::error::{Error, ErrorKind, Result};
use crate::eval::Interp;
use crate::value::{Function, Value};
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Stack size of a job thread: the tree walker recurses deeply (as on the main thread).
const JOB_STACK: usize = 64 * 1024 * 1024;

/// A session output that appends time-stamped lines to a job's message log.
struct MessageWriter {
    log: Arc<Mutex<String>>,
    partial: String,
    clock: Option<SimClock>,
}

impl MessageWriter {
    fn now(&self) -> i64 {
        self.clock.map(|c| c.now_ms()).unwrap_or_else(real_now_ms)
    }
}

impl Write for MessageWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.partial.push_str(&String::from_utf8_lossy(buf));
        while let Some(i) = self.partial.find('\n') {
            let line: String = self.partial.drain(..=i).collect();
            append_line(&self.log, self.now(), line.trim_end_matches('\n'));
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn append_line(log: &Arc<Mutex<String>>, ms: i64, line: &str) {
    let mut l = log.lock().unwrap_or_else(|e| e.into_inner());
    l.push_str(&message_time(ms));
    l.push(' ');
    l.push_str(line);
    l.push('\n');
}

impl Manager {
    /// Whether a batch job record with this id exists (in this process or in the home).
    fn record_exists(&self, id: &str) -> bool {
        if self.lock().records.contains_key(id) {
            return true;
        }
        match &self.dir {
            Some(dir) => store::batch_dir(dir).join(format!("{id}.json")).exists(),
            None => false,
        }
    }

    /// `id` if no batch job has it, else `id` + the date (`yyyyMMdd`) + `0000`, `0001`...
    /// (DolphinDB's rule).
    pub(crate) fn unique_batch_id(&self, id: &str, today: i64) -> String {
        if !self.record_exists(id) {
            return id.to_string();
        }
        let date = yyyymmdd(today);
        (0..)
            .map(|n| format!("{id}{date}{n:04}"))
            .find(|c| !self.record_exists(c))
            .expect("an unbounded counter finds a free id")
    }

    /// Stores a record in memory and, with a home, in its file (a write failure is reported
    /// on stderr: the job itself already ran).
    pub(crate) fn put_record(&self, r: &JobRecord) {
        self.lock().records.insert(r.id.clone(), r.clone());
        if let Some(dir) = &self.dir {
            if let Err(e) = store::save_record(dir, r) {
                eprintln!("porpoise: job {}: {}", r.id, e.message);
            }
        }
        self.changed.notify_all();
    }

    /// Every batch job record, oldest first: the home's files overlaid with this process's
    /// (fresher) records.
    pub fn records(&self) -> Vec<JobRecord> {
        let mut all: std::collections::BTreeMap<String, JobRecord> = Default::default();
        if let Some(dir) = &self.dir {
            for r in store::load_records(dir) {
                all.insert(r.id.clone(), r);
            }
        }
        for (id, r) in &self.lock().records {
            all.insert(id.clone(), r.clone());
        }
        let mut v: Vec<JobRecord> = all.into_values().collect();
        v.sort_by(|a, b| (a.received, &a.id).cmp(&(b.received, &b.id)));
        v
    }

    /// One batch job record.
    pub fn record(&self, id: &str) -> Option<JobRecord> {
        if let Some(r) = self.lock().records.get(id) {
            return Some(r.clone());
        }
        self.dir.as_ref().and_then(|d| store::load_record(d, id))
    }

    /// The message log of a batch job.
    pub fn message(&self, id: &str) -> Option<String> {
        if let Some(l) = self.lock().live.get(id) {
            return Some(l.message.lock().unwrap_or_else(|e| e.into_inner()).clone());
        }
        let dir = self.dir.as_ref()?;
        self.record(id)?;
        Some(std::fs::read_to_string(store::side_file(dir, id, "msg")).unwrap_or_default())
    }

    /// The return value of a finished job; with `blocking`, waits for it to finish.
    pub fn job_return(&self, id: &str, blocking: bool) -> Result<Value> {
        loop {
            let r = self.record(id).ok_or_else(|| no_such_job(id))?;
            if r.status.is_final() {
                return self.final_value(&r);
            }
            if !blocking {
                return Err(Error::runtime(format!(
                    "The job [{id}] is not complete yet."
                )));
            }
            // Another process may be running it, so poll the files too.
            let guard = self.lock();
            let _ = self
                .changed
                .wait_timeout(guard, Duration::from_millis(100))
                .unwrap_or_else(|e| e.into_inner());
        }
    }

    fn final_value(&self, r: &JobRecord) -> Result<Value> {
        match r.status {
            Status::Completed => {}
            _ => return Err(Error::runtime(r.error.clone())),
        }
        if let Some(v) = self.lock().live.get(&r.id).and_then(|l| l.value.clone()) {
            return Ok(v);
        }
        // From another process: evaluate the saved script, else fall back to the display.
        if let Some(dir) = &self.dir {
            if let Ok(text) = std::fs::read_to_string(store::side_file(dir, &r.id, "obj")) {
                let mut it = Interp::with_output(Box::new(std::io::sink()));
                if let Ok(v) = it.run_source(&format!("<job {} return>", r.id), &text) {
                    return Ok(v);
                }
            }
        }
        Ok(Value::string(r.return_text.as_str()))
    }

    /// Cancels a queued or running batch job of this process.
    pub fn cancel(&self, id: &str) -> Result<()> {
        let r = self.record(id).ok_or_else(|| no_such_job(id))?;
        if r.status.is_final() {
            return Ok(());
        }
        match self.lock().live.get(id) {
            Some(l) => {
                l.interrupt.store(true, Ordering::Relaxed);
                Ok(())
            }
            None => Err(Error::runtime(format!(
                "The job [{id}] runs in another porpoise process and can't be cancelled from here."
            ))),
        }
    }

    /// Creates the live state (message log, interrupt flag) of a job about to run.
    pub(crate) fn add_live(&self, id: &str) -> (Arc<Mutex<String>>, Arc<AtomicBool>) {
        let message = Arc::new(Mutex::new(String::new()));
        let interrupt = Arc::new(AtomicBool::new(false));
        self.lock().live.insert(
            id.to_string(),
            Live {
                message: message.clone(),
                value: None,
                interrupt: interrupt.clone(),
            },
        );
        (message, interrupt)
    }
}

fn no_such_job(id: &str) -> Error {
    Error::not_found(format!("The job [{id}] does not exist."))
}

/// `yyyyMMdd` of a day number.
pub(crate) fn yyyymmdd(day: i64) -> String {
    let (y, m, d) = crate::value::temporal::civil_from_days(day);
    format!("{y:04}{m:02}{d:02}")
}

/// Runs `func(args)` in `it` as the batch job `r` (already stored as queued): records
/// the start, the printed output with time stamps, the end, the error or the return value.
/// Returns the final record.
pub(crate) fn execute(
    mgr: &Arc<Manager>,
    it: &mut Interp,
    mut r: JobRecord,
    func: &Function,
    args: Vec<Value>,
) -> JobRecord {
    let (log, interrupt) = {
        let inner = mgr.lock();
        match inner.live.get(&r.id) {
            Some(l) => (l.message.clone(), l.interrupt.clone()),
            None => {
                drop(inner);
                mgr.add_live(&r.id)
            }
        }
    };
    let clock = it.clock;
    let now = || clock.map(|c| c.now_ms()).unwrap_or_else(real_now_ms);
    it.interrupt = interrupt.clone();
    it.jobs = Some(mgr.clone());
    let _ = it.set_output(Box::new(MessageWriter {
        log: log.clone(),
        partial: String::new(),
        clock,
    }));
    if interrupt.load(Ordering::Relaxed) {
        r.status = Status::Cancelled;
        r.error = "The job was cancelled.".into();
        r.end = Some(now());
        mgr.put_record(&r);
        save_message(mgr, &r.id, &log);
        return r;
    }
    r.start = Some(now());
    r.status = Status::Running;
    mgr.put_record(&r);
    append_line(
        &log,
        now(),
        &format!("Start the job [{}]: {}", r.id, r.desc),
    );
    let res = it.call(func, args);
    it.flush();
    r.end = Some(now());
    match res {
        Ok(v) => {
            r.status = Status::Completed;
            r.return_text = crate::display::display(&v);
            if let Some(dir) = &mgr.dir {
                if let Ok(text) = super::script::value_to_script(&v) {
                    let _ =
                        store::write_atomic(&store::side_file(dir, &r.id, "obj"), text.as_bytes());
                }
            }
            if let Some(l) = mgr.lock().live.get_mut(&r.id) {
                l.value = Some(v);
            }
            append_line(&log, now(), "The job is done.");
        }
        Err(e) if e.kind == ErrorKind::Interrupted => {
            r.status = Status::Cancelled;
            r.error = "The job was cancelled.".into();
            append_line(&log, now(), "The job was cancelled.");
        }
        Err(e) => {
            r.status = Status::Failed;
            r.error = e.message.clone();
            append_line(&log, now(), &format!("The job failed: {}", e.message));
        }
    }
    save_message(mgr, &r.id, &log);
    mgr.put_record(&r);
    r
}

fn save_message(mgr: &Manager, id: &str, log: &Arc<Mutex<String>>) {
    if let Some(dir) = &mgr.dir {
        let text = log.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let _ = store::write_atomic(&store::side_file(dir, id, "msg"), text.as_bytes());
    }
}

/// Queues `func(args)` as batch job `id` on the worker pool; `session` is a forked
/// session of the submitter. Returns at once.
pub(crate) fn submit(
    mgr: &Arc<Manager>,
    session: Interp,
    r: JobRecord,
    func: Arc<Function>,
    args: Vec<Value>,
) -> Result<()> {
    mgr.add_live(&r.id);
    mgr.lock().pending += 1;
    mgr.put_record(&r);
    let m = mgr.clone();
    let spawned = std::thread::Builder::new()
        .name(format!("job {}", r.id))
        .stack_size(JOB_STACK)
        .spawn(move || {
            let mut session = session;
            {
                let mut inner = m.lock();
                while inner.busy >= WORKERS {
                    inner = m.changed.wait(inner).unwrap_or_else(|e| e.into_inner());
                }
                inner.busy += 1;
            }
            execute(&m, &mut session, r, &func, args);
            let mut inner = m.lock();
            inner.busy -= 1;
            inner.pending -= 1;
            drop(inner);
            m.changed.notify_all();
        });
    spawned
        .map(|_| ())
        .map_err(|e| Error::runtime(format!("submitJob: can't start a worker thread: {e}")))
}

/// Blocks until every batch job submitted from this session's manager has finished
/// (`porpoise run` calls it before exiting, as users expect submitted work to complete).
pub fn wait_for_batch_jobs(interp: &Interp) {
    let Some(mgr) = &interp.jobs else { return };
    let mut inner = mgr.lock();
    while inner.pending > 0 {
        inner = mgr.changed.wait(inner).unwrap_or_else(|e| e.into_inner());
    }
}

/// A new queued record.
pub(crate) fn new_record(id: String, desc: String, user: String, received: i64) -> JobRecord {
    JobRecord {
        id,
        root_id: new_uuid(),
        desc,
        user,
        received,
        start: None,
        end: None,
        status: Status::Queued,
        error: String::new(),
        scheduled: None,
        planned: None,
        return_text: String::new(),
    }
}
