//! The job files under `<home>/jobs/`: scheduled jobs as `.dos` scripts with a JSON header
//! line, batch job records as JSON with their message log and return value beside them,
//! and the scheduler's state. Every file is written atomically (temporary file, fsync,
//! rename), so a crash leaves either the old or the new version.

use super::record::JobRecord;
use super::schedule::ScheduledJob;
use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The first line of a scheduled job file starts with this, followed by the JSON header.
pub const HEADER: &str = "// porpoise scheduled job v1: ";

/// Writes `bytes` to `path` atomically, creating the folder if needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let io = |e: std::io::Error| Error::io(format!("can't write {}: {e}", path.display()));
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let tmp = path.with_extension(format!(
        "{}.tmp",
        path.extension().and_then(|e| e.to_str()).unwrap_or("")
    ));
    {
        let mut f = std::fs::File::create(&tmp).map_err(io)?;
        f.write_all(bytes).map_err(io)?;
        if durable() {
            f.sync_all().map_err(io)?;
        }
    }
    std::fs::rename(&tmp, path).map_err(io)?;
    if let Some(dir) = path.parent().filter(|_| durable()) {
        // Make the rename itself durable; not every platform can open a folder.
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// Whether job files are fsynced: as the storage engine's, turned off by
/// `PORPOISE_FSYNC=0` (tests replaying a simulated month write hundreds of records).
fn durable() -> bool {
    crate::storage::fsync_enabled()
        && !std::env::var_os("PORPOISE_FSYNC").is_some_and(|v| v == "0" || v == "off")
}

pub fn scheduled_dir(dir: &Path) -> PathBuf {
    dir.join("scheduled")
}

pub fn batch_dir(dir: &Path) -> PathBuf {
    dir.join("batch")
}

/// Saves a scheduled job as `scheduled/<id>.dos`.
pub fn save_scheduled(dir: &Path, job: &ScheduledJob) -> Result<()> {
    let header = serde_json::to_string(job)
        .map_err(|e| Error::runtime(format!("can't encode job {}: {e}", job.id)))?;
    let text = format!("{HEADER}{header}\n{}", job.script);
    write_atomic(
        &scheduled_dir(dir).join(format!("{}.dos", job.id)),
        text.as_bytes(),
    )
}

/// Parses a scheduled job file (the function is not evaluated here).
pub fn parse_scheduled(text: &str) -> std::result::Result<ScheduledJob, String> {
    let (first, body) = text.split_once('\n').unwrap_or((text, ""));
    let json = first
        .strip_prefix(HEADER)
        .ok_or("the first line is not a porpoise scheduled job header")?;
    let mut job: ScheduledJob =
        serde_json::from_str(json).map_err(|e| format!("bad job header: {e}"))?;
    job.script = body.to_string();
    Ok(job)
}

/// Every scheduled job file: `Ok(job)` or `Err((file name, reason))`.
pub fn load_scheduled(dir: &Path) -> Vec<std::result::Result<ScheduledJob, (String, String)>> {
    let mut res = Vec::new();
    let Ok(entries) = std::fs::read_dir(scheduled_dir(dir)) else {
        return res;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "dos"))
        .collect();
    paths.sort();
    for p in paths {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match std::fs::read_to_string(&p) {
            Ok(text) => res.push(parse_scheduled(&text).map_err(|e| (name, e))),
            Err(e) => res.push(Err((name, e.to_string()))),
        }
    }
    res
}

/// Removes `scheduled/<id>.dos`; `false` if it did not exist.
pub fn delete_scheduled(dir: &Path, id: &str) -> Result<bool> {
    let p = scheduled_dir(dir).join(format!("{id}.dos"));
    match std::fs::remove_file(&p) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(Error::io(format!("can't delete {}: {e}", p.display()))),
    }
}

/// Saves a batch job record as `batch/<id>.json`.
pub fn save_record(dir: &Path, r: &JobRecord) -> Result<()> {
    let text = serde_json::to_string_pretty(r)
        .map_err(|e| Error::runtime(format!("can't encode job record {}: {e}", r.id)))?;
    write_atomic(
        &batch_dir(dir).join(format!("{}.json", r.id)),
        text.as_bytes(),
    )
}

/// Every readable batch job record (unreadable ones are skipped).
pub fn load_records(dir: &Path) -> Vec<JobRecord> {
    let Ok(entries) = std::fs::read_dir(batch_dir(dir)) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .filter_map(|t| serde_json::from_str::<JobRecord>(&t).ok())
        .collect()
}

pub fn load_record(dir: &Path, id: &str) -> Option<JobRecord> {
    let t = std::fs::read_to_string(batch_dir(dir).join(format!("{id}.json"))).ok()?;
    serde_json::from_str(&t).ok()
}

/// `batch/<id>.msg` (the job's message log) or `batch/<id>.obj` (its return value as
/// script text).
pub fn side_file(dir: &Path, id: &str, ext: &str) -> PathBuf {
    batch_dir(dir).join(format!("{id}.{ext}"))
}

/// The scheduler state: the last instant (real local time) up to which the schedule was
/// handled, so the next scheduler can report what it missed.
#[derive(serde::Serialize, serde::Deserialize, Default)]
pub struct SchedulerState {
    pub checked: Option<i64>,
}

pub fn load_state(dir: &Path) -> SchedulerState {
    std::fs::read_to_string(dir.join("scheduler.json"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

pub fn save_state(dir: &Path, s: &SchedulerState) -> Result<()> {
    let text = serde_json::to_string(s).unwrap_or_else(|_| "{}".into());
    write_atomic(&dir.join("scheduler.json"), text.as_bytes())
}
