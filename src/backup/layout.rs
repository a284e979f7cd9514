//! The backup directory's layout: metadata records, sealed (checksummed) JSON files, the
//! per-table lock, scanning a table's backed-up partitions, and crash-safe installs.
//!
//! ```text
//! <backupDir>/<dbName>/<tableName>/
//!   _metaData            table record (mode, schema, partitioning columns), sealed JSON
//!   domain               the database's catalog entry (partition scheme), sealed JSON
//!   dolphindb.lock       flock held while a backup or restore uses the table
//!   <chunkID>/           copy mode: the partition's column files + `_chunkMeta`
//!   <chunkID>.bin        SQL mode: the selected rows, metadata in the file's header
//!   .tmp-* / .old-*      a partition being written / replaced (removed on the next run)
//! ```

use crate::error::{Error, Result};
use crate::storage::{fsync_enabled, ColumnDef, Key};
use serde::{Deserialize, Serialize};
use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The version of the backup layout written into every metadata record.
pub const BACKUP_FORMAT: u32 = 1;
/// The table record's file name.
pub const META_FILE: &str = "_metaData";
/// The database scheme's file name.
pub const DOMAIN_FILE: &str = "domain";
/// The lock file's name (DolphinDB's).
pub const LOCK_FILE: &str = "dolphindb.lock";
/// A copy-mode partition's metadata file, inside its directory.
pub const CHUNK_META: &str = "_chunkMeta";
/// The first bytes of a SQL-mode `<chunkID>.bin` file.
pub const SQL_MAGIC: &[u8; 8] = b"PPBAKSQ1";

/// How a backup directory was written.
#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// `backup(dir, dbPath)`: partition files copied verbatim.
    Copy,
    /// `backup(dir, <select ...>)`: the selected rows of each partition.
    Sql,
}

/// `_metaData`: what a table's backup holds.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct TableMeta {
    pub format: u32,
    pub mode: Mode,
    pub db_path: String,
    pub table_name: String,
    pub columns: Vec<ColumnDef>,
    /// One per level; empty for a dimension table.
    pub partition_columns: Vec<String>,
}

/// One file of a backed-up partition with its size and CRC-32 (of the whole file).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct FileSum {
    pub name: String,
    pub bytes: u64,
    pub crc32: u32,
}

/// The record of one backed-up partition (`_chunkMeta`, or a `.bin` header).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ChunkMeta {
    pub format: u32,
    pub mode: Mode,
    /// `dfs://db/20170807/0_50`.
    pub dfs_path: String,
    /// `/20170807/0_50` (`/` for a dimension table).
    pub path: String,
    pub keys: Vec<Key>,
    pub chunk_id: String,
    pub cid: u64,
    pub rows: u64,
    /// Milliseconds since 1970 of the source partition's last commit.
    pub update_time: i64,
    /// The payload CRC-32 of each column as the storage engine records it, so a restore can
    /// tell whether the target partition already holds the same data.
    pub checksums: Vec<u32>,
    /// Copy mode: the column files; SQL mode: the column blocks of the `.bin` file.
    pub files: Vec<FileSum>,
    pub bytes: u64,
    /// When this partition was backed up (milliseconds since 1970).
    pub backup_time: i64,
}

/// A backed-up partition found in a table directory: its location and its record (or why
/// the record could not be read).
pub struct Chunk {
    /// `<chunkID>/` or `<chunkID>.bin`.
    pub location: PathBuf,
    pub mode: Mode,
    pub meta: Result<ChunkMeta>,
}

impl Chunk {
    /// The chunk ID, from the record or else from the file name.
    pub fn id(&self) -> String {
        match &self.meta {
            Ok(m) => m.chunk_id.clone(),
            Err(_) => self
                .location
                .file_name()
                .map(|n| n.to_string_lossy().trim_end_matches(".bin").to_string())
                .unwrap_or_default(),
        }
    }
}

pub fn io_err(func: &str, what: &str, path: &Path, e: std::io::Error) -> Error {
    Error::io(format!("[{func}] Failed to {what} {}: {e}", path.display()))
}

/// `<backupDir>/<db>/<table>`.
pub fn table_dir(backup_dir: &Path, db: &str, table: &str) -> PathBuf {
    backup_dir.join(db).join(table)
}

/// Encodes a record as JSON followed by a line `crc32 <hex>` over the JSON bytes, so a
/// flipped byte anywhere in a metadata file is detected.
pub fn seal<T: Serialize>(v: &T) -> Result<Vec<u8>> {
    let mut out = serde_json::to_vec_pretty(v)
        .map_err(|e| Error::runtime(format!("Failed to encode backup metadata: {e}")))?;
    let crc = crc32fast::hash(&out);
    out.extend_from_slice(format!("\ncrc32 {crc:08x}\n").as_bytes());
    Ok(out)
}

/// Decodes a sealed record; `shown` names it in the error.
pub fn unseal<T: for<'de> Deserialize<'de>>(bytes: &[u8], shown: &str) -> Result<T> {
    let corrupt =
        |why: &str| Error::runtime(format!("The backup metadata {shown} is corrupted ({why})"));
    let text = std::str::from_utf8(bytes).map_err(|_| corrupt("not UTF-8"))?;
    let at = text
        .rfind("\ncrc32 ")
        .ok_or_else(|| corrupt("no checksum line"))?;
    let (json, tail) = text.split_at(at);
    let hex = tail
        .strip_prefix("\ncrc32 ")
        .and_then(|t| t.strip_suffix('\n'))
        .filter(|h| h.len() == 8)
        .ok_or_else(|| corrupt("bad checksum line"))?;
    let want = u32::from_str_radix(hex, 16).map_err(|_| corrupt("bad checksum line"))?;
    if crc32fast::hash(json.as_bytes()) != want {
        return Err(corrupt("checksum mismatch"));
    }
    serde_json::from_str(json).map_err(|e| corrupt(&e.to_string()))
}

pub fn read_sealed<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T> {
    let bytes = fs::read(path).map_err(|e| {
        Error::runtime(format!(
            "The backup metadata {} can't be read: {e}",
            path.display()
        ))
    })?;
    unseal(&bytes, &path.display().to_string())
}

/// Writes a file and (when fsync is on) syncs it.
pub fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = File::create(path).map_err(|e| io_err("backup", "create", path, e))?;
    f.write_all(bytes)
        .map_err(|e| io_err("backup", "write", path, e))?;
    if fsync_enabled() {
        f.sync_all()
            .map_err(|e| io_err("backup", "sync", path, e))?;
    }
    Ok(())
}

pub fn sync_dir(dir: &Path) -> Result<()> {
    if !fsync_enabled() {
        return Ok(());
    }
    File::open(dir)
        .and_then(|f| f.sync_all())
        .map_err(|e| io_err("backup", "sync", dir, e))
}

/// Replaces a small file atomically (temporary file, sync, rename, directory sync).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(".tmp-{name}"));
    write_synced(&tmp, bytes)?;
    fs::rename(&tmp, path).map_err(|e| io_err("backup", "rename", path, e))?;
    sync_dir(dir)
}

/// Moves `path` aside (a rename, atomic) and deletes it: a crash mid-delete leaves a
/// `.old-*` entry that the next run removes, never a partial chunk under its real name.
pub fn remove_entry(tdir: &Path, path: &Path) -> Result<()> {
    if !path.exists() {
        return Ok(());
    }
    let old = tdir.join(format!(".old-{}", crate::storage::new_uuid()));
    fs::rename(path, &old).map_err(|e| io_err("backup", "remove", path, e))?;
    if old.is_dir() {
        let _ = fs::remove_dir_all(&old);
    } else {
        let _ = fs::remove_file(&old);
    }
    Ok(())
}

/// Installs a finished temporary entry (directory or file) under its final name.
pub fn install(tdir: &Path, tmp: &Path, fin: &Path) -> Result<()> {
    if fin.is_dir() {
        // A directory can't be renamed over a non-empty one: move the old one aside first.
        // A crash in between leaves no entry for the chunk, so the next run writes it again.
        remove_entry(tdir, fin)?;
    }
    fs::rename(tmp, fin).map_err(|e| io_err("backup", "install", fin, e))?;
    sync_dir(tdir)
}

/// Removes what an interrupted run left: temporary and superseded entries.
pub fn clean(tdir: &Path) {
    let Ok(rd) = fs::read_dir(tdir) else { return };
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with(".tmp-") || name.starts_with(".old-") {
            let p = e.path();
            if p.is_dir() {
                let _ = fs::remove_dir_all(&p);
            } else {
                let _ = fs::remove_file(&p);
            }
        }
    }
}

/// The exclusive lock on a table's backup directory, held while a backup or restore uses it.
pub struct Lock {
    _file: File,
}

pub fn lock(func: &str, tdir: &Path) -> Result<Lock> {
    let path = tdir.join(LOCK_FILE);
    let f = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| io_err(func, "create", &path, e))?;
    if f.try_lock().is_err() {
        return Err(Error::runtime(format!(
            "[{func}] Another backup or restore is using {}; try again when it has finished",
            tdir.display()
        )));
    }
    Ok(Lock { _file: f })
}

/// Reads the record at the start of a SQL-mode `.bin` file.
pub fn read_bin_meta(path: &Path) -> Result<(ChunkMeta, usize)> {
    let shown = path.display().to_string();
    let mut f = File::open(path)
        .map_err(|e| Error::runtime(format!("The backup file {shown} can't be read: {e}")))?;
    let mut head = [0u8; 16];
    f.read_exact(&mut head).map_err(|_| {
        Error::runtime(format!(
            "The backup metadata {shown} is corrupted (truncated)"
        ))
    })?;
    if &head[..8] != SQL_MAGIC {
        return Err(Error::runtime(format!(
            "The backup metadata {shown} is corrupted (bad magic)"
        )));
    }
    let len = u32::from_le_bytes([head[8], head[9], head[10], head[11]]) as usize;
    let crc = u32::from_le_bytes([head[12], head[13], head[14], head[15]]);
    if len > 1 << 30 {
        return Err(Error::runtime(format!(
            "The backup metadata {shown} is corrupted (bad length)"
        )));
    }
    let mut json = vec![0u8; len];
    f.read_exact(&mut json).map_err(|_| {
        Error::runtime(format!(
            "The backup metadata {shown} is corrupted (truncated)"
        ))
    })?;
    if crc32fast::hash(&json) != crc {
        return Err(Error::runtime(format!(
            "The backup metadata {shown} is corrupted (checksum mismatch)"
        )));
    }
    let meta = serde_json::from_slice(&json)
        .map_err(|e| Error::runtime(format!("The backup metadata {shown} is corrupted ({e})")))?;
    Ok((meta, 16 + len))
}

/// Every backed-up partition of a table directory, sorted by partition path (unreadable
/// records last).
pub fn scan(tdir: &Path) -> Vec<Chunk> {
    let mut out = Vec::new();
    let Ok(rd) = fs::read_dir(tdir) else {
        return out;
    };
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.')
            || name.starts_with('_')
            || name == DOMAIN_FILE
            || name == LOCK_FILE
        {
            continue;
        }
        let p = e.path();
        if p.is_dir() {
            let meta = read_sealed::<ChunkMeta>(&p.join(CHUNK_META));
            out.push(Chunk {
                location: p,
                mode: Mode::Copy,
                meta,
            });
        } else if name.ends_with(".bin") {
            let meta = read_bin_meta(&p).map(|(m, _)| m);
            out.push(Chunk {
                location: p,
                mode: Mode::Sql,
                meta,
            });
        }
    }
    out.sort_by(|a, b| match (&a.meta, &b.meta) {
        (Ok(x), Ok(y)) => x.path.cmp(&y.path).then(x.chunk_id.cmp(&y.chunk_id)),
        (Ok(_), Err(_)) => std::cmp::Ordering::Less,
        (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
        (Err(_), Err(_)) => a.location.cmp(&b.location),
    });
    out
}

/// The tables backed up for a database (directories holding a `_metaData`), sorted.
pub fn tables_of(backup_dir: &Path, db: &str) -> Vec<String> {
    let mut out: Vec<String> = fs::read_dir(backup_dir.join(db))
        .map(|rd| {
            rd.flatten()
                .filter(|e| e.path().join(META_FILE).is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// The databases backed up in a directory, sorted.
pub fn databases_of(backup_dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = fs::read_dir(backup_dir)
        .map(|rd| {
            rd.flatten()
                .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                .filter(|e| !tables_of(backup_dir, &e.file_name().to_string_lossy()).is_empty())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// The mode of the backups already in a directory (the first table record found), if any.
pub fn existing_mode(backup_dir: &Path) -> Option<Mode> {
    for db in databases_of(backup_dir) {
        for t in tables_of(backup_dir, &db) {
            if let Ok(m) = read_sealed::<TableMeta>(&table_dir(backup_dir, &db, &t).join(META_FILE))
            {
                return Some(m.mode);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_records_detect_any_flipped_byte() {
        let m = FileSum {
            name: "c0.col".into(),
            bytes: 10,
            crc32: 7,
        };
        let bytes = seal(&m).expect("seals");
        assert_eq!(unseal::<FileSum>(&bytes, "x").expect("unseals"), m);
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x01;
            assert!(
                unseal::<FileSum>(&b, "x").is_err(),
                "flip at {i} went unnoticed"
            );
        }
    }
}
