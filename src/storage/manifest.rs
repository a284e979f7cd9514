//! Catalog files: the per-database `database.json` and the per-table `MANIFEST.json`, the
//! atomic file replacement every commit ends with, and small helpers (UUIDs, clock).

use super::scheme::{Key, Level};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// The on-disk format version written to `<home>/FORMAT` and to every catalog file.
pub const FORMAT_VERSION: u32 = 1;

/// `<home>/dfs/<db>/database.json`.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct DbMeta {
    pub format: u32,
    pub name: String,
    /// One level, or 2-3 for COMPO.
    pub levels: Vec<Level>,
    pub compo: bool,
    pub engine: String,
    pub atomic: String,
    pub tables: Vec<String>,
    pub created: i64,
}

/// A column of a table's schema.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct ColumnDef {
    pub name: String,
    /// DolphinDB type id.
    pub ty: i32,
    #[serde(default)]
    pub comment: String,
}

/// One partition of one table, as committed.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct PartitionMeta {
    /// The partition path inside the database, e.g. `/20170807/0_50` (`/` for a dimension
    /// table's single partition).
    pub path: String,
    /// The level keys (VALUE: the value; RANGE/LIST/HASH: the slot number).
    pub keys: Vec<Key>,
    /// A UUID assigned when the partition was created for this table.
    pub chunk_id: String,
    /// The commit id of the last write to this partition; grows with every commit.
    pub cid: u64,
    pub rows: u64,
    /// Last update time, milliseconds since 1970 (a DolphinDB TIMESTAMP).
    pub update_time: i64,
    /// The version directory holding the column files, relative to the database directory.
    pub dir: String,
    /// CRC-32 of each column file's payload, in schema order.
    pub checksums: Vec<u32>,
    /// Total bytes of the column files.
    #[serde(default)]
    pub bytes: u64,
}

/// `<home>/dfs/<db>/<table>/MANIFEST.json`: the schema and the committed partitions.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Manifest {
    pub format: u32,
    pub name: String,
    pub columns: Vec<ColumnDef>,
    /// Partitioning columns, one per level; empty for a dimension table.
    pub partition_columns: Vec<String>,
    pub created: i64,
    /// The last commit id used by this table.
    pub cid: u64,
    pub partitions: Vec<PartitionMeta>,
    /// Version directories superseded by a commit and not yet deleted (kept while a
    /// snapshot pins them; removed when the table is next opened).
    #[serde(default)]
    pub garbage: Vec<String>,
}

impl Manifest {
    pub fn is_dimension(&self) -> bool {
        self.partition_columns.is_empty()
    }
    pub fn partition(&self, path: &str) -> Option<&PartitionMeta> {
        self.partitions.iter().find(|p| p.path == path)
    }
}

/// The journal written before a commit creates version directories: the directories it
/// creates and those it supersedes. After a crash on either side of the manifest swap,
/// recovery removes the listed directories the manifest does not reference, without
/// scanning the table's partitions.
#[derive(Serialize, Deserialize, Default, Debug)]
pub struct Journal {
    pub new_dirs: Vec<String>,
}

pub fn io_err(what: &str, path: &Path, e: std::io::Error) -> Error {
    Error::runtime(format!("Failed to {what} {}: {e}", path.display()))
}

static FSYNC: AtomicBool = AtomicBool::new(true);

/// Turns fsync off (tests, bulk loads whose loss on power failure is acceptable) or on.
/// Atomicity against a crashed *process* does not depend on it: renames and written data
/// survive a SIGKILL; fsync only guards against losing power.
pub fn set_fsync(on: bool) {
    FSYNC.store(on, Ordering::Relaxed);
}

pub fn fsync_enabled() -> bool {
    FSYNC.load(Ordering::Relaxed)
}

/// Syncs a directory so a rename or a new entry in it is durable.
pub fn sync_dir(dir: &Path) -> Result<()> {
    if !fsync_enabled() {
        return Ok(());
    }
    File::open(dir)
        .and_then(|f| f.sync_all())
        .map_err(|e| io_err("sync", dir, e))
}

/// Writes a file and syncs it (used for column files, which live in fresh directories).
pub fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = File::create(path).map_err(|e| io_err("create", path, e))?;
    f.write_all(bytes).map_err(|e| io_err("write", path, e))?;
    if !fsync_enabled() {
        return Ok(());
    }
    f.sync_all().map_err(|e| io_err("sync", path, e))
}

/// Replaces `path` atomically: write a temporary file, sync it, rename it over `path`, sync
/// the directory. A crash leaves either the old or the new content.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| Error::runtime("a catalog file needs a directory"))?;
    let tmp = prepare_atomic(path, bytes)?;
    finish_atomic(&tmp, path, dir)
}

/// The first half of [`write_atomic`]: writes and syncs the temporary file beside `path`,
/// returning its path.
pub fn prepare_atomic(path: &Path, bytes: &[u8]) -> Result<PathBuf> {
    let dir = path
        .parent()
        .ok_or_else(|| Error::runtime("a catalog file needs a directory"))?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(".{name}.tmp"));
    write_synced(&tmp, bytes)?;
    Ok(tmp)
}

/// The second half of [`write_atomic`]: renames `tmp` over `path` and syncs `dir`, the
/// directory holding both.
pub fn finish_atomic(tmp: &Path, path: &Path, dir: &Path) -> Result<()> {
    fs::rename(tmp, path).map_err(|e| io_err("rename", path, e))?;
    sync_dir(dir)
}

pub fn write_json<T: Serialize>(path: &Path, v: &T) -> Result<()> {
    let bytes = serde_json::to_vec(v)
        .map_err(|e| Error::runtime(format!("Failed to encode {}: {e}", path.display())))?;
    write_atomic(path, &bytes)
}

pub fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T> {
    let bytes = fs::read(path).map_err(|e| io_err("read", path, e))?;
    serde_json::from_slice(&bytes).map_err(|e| {
        Error::runtime(format!(
            "The catalog file {} is corrupt: {e}",
            path.display()
        ))
    })
}

/// A random (version 4) UUID in DolphinDB's text form.
pub fn new_uuid() -> String {
    let mut b = [0u8; 16];
    if getrandom::fill(&mut b).is_err() {
        // No OS randomness: fall back to the clock and a counter, still unique in-process.
        static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n =
            now_millis() as u64 ^ COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed) << 40;
        b[..8].copy_from_slice(&n.to_le_bytes());
        b[8..].copy_from_slice(&u64::from(std::process::id()).to_le_bytes());
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

/// Milliseconds since 1970 (TIMESTAMP), local wall clock as DolphinDB's `now()` reports.
pub fn now_millis() -> i64 {
    chrono::Local::now()
        .naive_local()
        .and_utc()
        .timestamp_millis()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces() {
        let dir = std::env::temp_dir().join(format!("porpoise-manifest-{}", new_uuid()));
        fs::create_dir_all(&dir).expect("temp dir");
        let p = dir.join("m.json");
        write_json(
            &p,
            &Journal {
                new_dirs: vec!["a".into()],
            },
        )
        .expect("writes");
        write_json(
            &p,
            &Journal {
                new_dirs: vec!["b".into()],
            },
        )
        .expect("replaces");
        let j: Journal = read_json(&p).expect("reads");
        assert_eq!(j.new_dirs, vec!["b".to_string()]);
        assert!(!dir.join(".m.json.tmp").exists());
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn uuids_look_like_uuids() {
        let u = new_uuid();
        assert_eq!(u.len(), 36);
        assert_ne!(u, new_uuid());
    }
}
