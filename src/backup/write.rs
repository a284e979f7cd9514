//! Writing backups: copy mode (partition files copied verbatim, each checked against the
//! engine's recorded checksum) and SQL mode (the rows a query selects from each partition,
//! in one `.bin` file).
//!
//! Each file is copied in the kernel and the copy read back once to check it against the
//! engine's checksum ([`filecopy`]); that read hits the page cache, so `checkBackup` stays
//! the independent check of the disk. Each partition is written under a temporary name, synced,
//! and only then renamed into place with its record, so an interrupted backup never
//! leaves a partial partition under a final name, and a rerun skips the partitions already
//! done. Backups check the session's interrupt flag between partitions.

use super::layout::{self, Chunk, ChunkMeta, FileSum, Mode, TableMeta, BACKUP_FORMAT};
use super::status::{self, Cancel};
use crate::error::{Error, Result};
use crate::storage::codec;
use crate::storage::filecopy::{self, CopyFault};
use crate::storage::{fsync_enabled, now_millis, PartitionMeta, Snapshot, Storage};
use crate::value::Table;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::Path;
use std::sync::Arc;

/// Options of one `backup` call.
#[derive(Clone, Debug)]
pub struct BackupOptions {
    /// Rewrite every partition instead of only those changed since the last backup.
    pub force: bool,
    /// Back up the partitions of a table concurrently (rayon).
    pub parallel: bool,
    /// Remove from the backup the tables and partitions deleted from the database
    /// (copy mode, only when no partition filter is given).
    pub snapshot: bool,
    /// Stops the backup at the next partition boundary when set (the session's interrupt).
    pub cancel: Cancel,
}

impl Default for BackupOptions {
    fn default() -> Self {
        BackupOptions {
            force: false,
            parallel: false,
            snapshot: true,
            cancel: Cancel::default(),
        }
    }
}

/// One table to back up in copy mode; `partitions` restricts it to those paths.
#[derive(Clone, Debug)]
pub struct TableSelection {
    pub table: String,
    pub partitions: Option<Vec<String>>,
}

/// Checks that `backup_dir` can hold a backup made with `mode`, creating it if needed.
pub fn prepare_dir(func: &str, backup_dir: &Path, mode: Mode) -> Result<()> {
    if backup_dir.exists() && !backup_dir.is_dir() {
        return Err(Error::io(format!(
            "[{func}] The backup directory {} is not a directory",
            backup_dir.display()
        )));
    }
    fs::create_dir_all(backup_dir).map_err(|e| {
        Error::io(format!(
            "[{func}] The backup directory {} can't be created: {e}",
            backup_dir.display()
        ))
    })?;
    let probe = backup_dir.join(format!(".tmp-probe-{}", crate::storage::new_uuid()));
    fs::write(&probe, b"").map_err(|e| {
        Error::io(format!(
            "[{func}] The backup directory {} is not writable: {e}",
            backup_dir.display()
        ))
    })?;
    let _ = fs::remove_file(&probe);
    match layout::existing_mode(backup_dir) {
        Some(m) if m != mode => Err(Error::runtime(format!(
            "[{func}] The backup directory {} holds backups made {}; a backup into it must use the same method",
            backup_dir.display(),
            match m {
                Mode::Copy => "by copying files (dbPath)",
                Mode::Sql => "with SQL statements (sqlObj)",
            }
        ))),
        _ => Ok(()),
    }
}

/// Backs up tables of a database by copying partition files; returns how many partitions
/// were written. `whole_db` (no `tableName`) also drops tables deleted from the database
/// from the backup when `snapshot` is on.
pub fn backup_copy(
    st: &Arc<Storage>,
    backup_dir: &Path,
    db: &str,
    tables: &[TableSelection],
    whole_db: bool,
    opts: &BackupOptions,
    user: &str,
) -> Result<usize> {
    prepare_dir("backup", backup_dir, Mode::Copy)?;
    let mut n = 0;
    for sel in tables {
        n += backup_table_copy(st, backup_dir, db, sel, opts, user)?;
    }
    if whole_db && opts.snapshot {
        let live: HashSet<&str> = tables.iter().map(|t| t.table.as_str()).collect();
        let dbdir = backup_dir.join(db);
        for t in layout::tables_of(backup_dir, db) {
            if !live.contains(t.as_str()) {
                let tdir = dbdir.join(&t);
                let _lock = layout::lock("backup", &tdir)?;
                layout::remove_entry(&dbdir, &tdir)?;
            }
        }
        layout::clean(&dbdir);
    }
    Ok(n)
}

/// Writes `_metaData` and `domain`; a table recreated with another schema since the last
/// backup loses its old partitions, which no longer fit it.
fn write_table_records(
    st: &Arc<Storage>,
    tdir: &Path,
    db: &str,
    snap: &Snapshot,
    mode: Mode,
) -> Result<()> {
    let meta = TableMeta {
        format: BACKUP_FORMAT,
        mode,
        db_path: format!("dfs://{db}"),
        table_name: snap.table.clone(),
        columns: snap.manifest.columns.clone(),
        partition_columns: snap.manifest.partition_columns.clone(),
    };
    let meta_path = tdir.join(layout::META_FILE);
    if let Ok(old) = layout::read_sealed::<TableMeta>(&meta_path) {
        if old.columns != meta.columns || old.partition_columns != meta.partition_columns {
            for c in layout::scan(tdir) {
                layout::remove_entry(tdir, &c.location)?;
            }
        }
    }
    let domain = st.database(db)?;
    layout::write_atomic(&tdir.join(layout::DOMAIN_FILE), &layout::seal(&*domain)?)?;
    layout::write_atomic(&meta_path, &layout::seal(&meta)?)
}

/// The existing chunks of a table directory with a readable record, by chunk ID.
fn existing(chunks: &[Chunk]) -> HashMap<String, &ChunkMeta> {
    chunks
        .iter()
        .filter_map(|c| c.meta.as_ref().ok().map(|m| (m.chunk_id.clone(), m)))
        .collect()
}

fn unchanged(old: Option<&&ChunkMeta>, p: &PartitionMeta) -> bool {
    old.is_some_and(|m| m.cid == p.cid && m.update_time == p.update_time && m.path == p.path)
}

fn backup_table_copy(
    st: &Arc<Storage>,
    backup_dir: &Path,
    db: &str,
    sel: &TableSelection,
    opts: &BackupOptions,
    user: &str,
) -> Result<usize> {
    let snap = st.snapshot(db, &sel.table)?;
    let tdir = layout::table_dir(backup_dir, db, &sel.table);
    fs::create_dir_all(&tdir).map_err(|e| layout::io_err("backup", "create", &tdir, e))?;
    let _lock = layout::lock("backup", &tdir)?;
    layout::clean(&tdir);
    write_table_records(st, &tdir, db, &snap, Mode::Copy)?;
    let chunks = layout::scan(&tdir);
    let have = existing(&chunks);
    let wanted: Option<HashSet<&str>> = sel
        .partitions
        .as_ref()
        .map(|v| v.iter().map(String::as_str).collect());
    let todo: Vec<&PartitionMeta> = snap
        .partitions()
        .iter()
        .filter(|p| wanted.as_ref().is_none_or(|w| w.contains(p.path.as_str())))
        .filter(|p| opts.force || !unchanged(have.get(&p.chunk_id), p))
        .collect();
    let task = status::start(
        st.root(),
        user,
        "BACKUP_BY_COPY_FILE",
        db,
        &sel.table,
        todo.len() as u64,
        todo.iter().map(|p| p.bytes).sum(),
    );
    let dfs_prefix = format!("dfs://{db}");
    let prefetch = |p: &PartitionMeta| {
        let dir = snap.partition_dir(p);
        for i in 0..p.checksums.len() {
            filecopy::prefetch(&dir.join(format!("c{i}.col")));
        }
    };
    if let Some(first) = todo.first() {
        prefetch(first);
    }
    let one = |(i, p): (usize, &&PartitionMeta)| -> Result<()> {
        opts.cancel.check()?;
        if let Some(next) = todo.get(i + 1) {
            prefetch(next);
        }
        copy_partition(&snap, p, &tdir, &dfs_prefix)?;
        task.advance(p.bytes);
        Ok(())
    };
    let res = if opts.parallel {
        todo.par_iter().enumerate().try_for_each(one)
    } else {
        todo.iter().enumerate().try_for_each(one)
    };
    let res = res.and_then(|_| {
        // A partition dropped and written again has a new chunk ID: its old chunk goes. With
        // `snapshot`, so do the chunks of partitions deleted from the table.
        let live_ids: HashSet<&str> = snap
            .partitions()
            .iter()
            .map(|p| p.chunk_id.as_str())
            .collect();
        let by_path: HashMap<&str, &str> = snap
            .partitions()
            .iter()
            .map(|p| (p.path.as_str(), p.chunk_id.as_str()))
            .collect();
        let mirror = opts.snapshot && sel.partitions.is_none();
        for c in &chunks {
            let stale = match &c.meta {
                Ok(m) => {
                    let replaced = by_path
                        .get(m.path.as_str())
                        .is_some_and(|id| *id != m.chunk_id);
                    replaced || (mirror && !live_ids.contains(m.chunk_id.as_str()))
                }
                Err(_) => mirror && !live_ids.contains(c.id().as_str()),
            };
            if stale {
                layout::remove_entry(&tdir, &c.location)?;
            }
        }
        Ok(())
    });
    task.finish(res.is_ok());
    res.map(|_| todo.len())
}

fn write_err(p: &Path, e: std::io::Error) -> Error {
    layout::io_err("backup", "write", p, e)
}

fn corrupt(shown: &str, what: &str) -> Error {
    Error::runtime(format!(
        "[backup] The partition file {shown} is corrupt ({what}); it was not backed up"
    ))
}

/// Copies one partition's column files into `<chunkID>/`: each file is streamed once
/// ([`filecopy`]), checked against the engine's checksum of its payload and its own header
/// checksum on the way; the whole-file CRC recorded for `checkBackup` comes from the same
/// pass. A damaged source fails the partition before its record is written.
fn copy_partition(snap: &Snapshot, p: &PartitionMeta, tdir: &Path, dfs_prefix: &str) -> Result<()> {
    let src = snap.partition_dir(p);
    let tmp = tdir.join(format!(".tmp-{}", p.chunk_id));
    let _ = fs::remove_dir_all(&tmp);
    fs::create_dir(&tmp).map_err(|e| write_err(&tmp, e))?;
    let mut files = Vec::with_capacity(p.checksums.len());
    for (i, want) in p.checksums.iter().enumerate() {
        let name = format!("c{i}.col");
        let from = src.join(&name);
        let to = tmp.join(&name);
        let shown = format!("dfs://{}/{}{} (column {i})", snap.db, snap.table, p.path);
        let copied = match filecopy::copy_column_file(&from, &to, fsync_enabled()) {
            Ok(c) if c.header.crc == *want => c,
            Ok(_) => return Err(corrupt(&shown, "checksum mismatch")),
            Err(CopyFault::Corrupt(what)) => return Err(corrupt(&shown, &what)),
            Err(CopyFault::Read(e)) => return Err(layout::io_err("backup", "read", &from, e)),
            Err(CopyFault::Write(e)) => return Err(write_err(&to, e)),
            Err(CopyFault::Copy(e)) => return Err(write_err(&to, e)),
        };
        files.push(FileSum {
            name,
            bytes: copied.len,
            crc32: copied.whole_crc,
        });
    }
    let meta = ChunkMeta {
        format: BACKUP_FORMAT,
        mode: Mode::Copy,
        dfs_path: format!("{dfs_prefix}{}", dfs_suffix(&p.path)),
        path: p.path.clone(),
        keys: p.keys.clone(),
        chunk_id: p.chunk_id.clone(),
        cid: p.cid,
        rows: p.rows,
        update_time: p.update_time,
        checksums: p.checksums.clone(),
        bytes: files.iter().map(|f| f.bytes).sum(),
        files,
        backup_time: now_millis(),
    };
    layout::write_synced(&tmp.join(layout::CHUNK_META), &layout::seal(&meta)?)?;
    layout::sync_dir(&tmp)?;
    layout::install(tdir, &tmp, &tdir.join(&p.chunk_id))
}

/// `/20170807/0_50` as it follows `dfs://db` (nothing for a dimension table's `/`).
pub fn dfs_suffix(path: &str) -> &str {
    if path == "/" {
        ""
    } else {
        path
    }
}

/// The rows a SQL-mode backup takes from one partition.
pub struct SqlPart<'a> {
    pub partition: &'a PartitionMeta,
    pub rows: Table,
}

/// Writes one partition's selected rows as `<chunkID>.bin`: magic, record length and
/// CRC, the record, then one encoded column block per column.
pub fn write_sql_chunk(tdir: &Path, db: &str, part: &SqlPart<'_>) -> Result<u64> {
    let p = part.partition;
    let mut blocks = Vec::with_capacity(part.rows.n_cols());
    let mut checksums = Vec::new();
    let mut files = Vec::new();
    for (name, col) in part.rows.names().iter().zip(part.rows.columns()) {
        let (buf, crc) = codec::encode(col)?;
        checksums.push(crc);
        files.push(FileSum {
            name: name.to_string(),
            bytes: buf.len() as u64,
            crc32: crc32fast::hash(&buf),
        });
        blocks.push(buf);
    }
    let meta = ChunkMeta {
        format: BACKUP_FORMAT,
        mode: Mode::Sql,
        dfs_path: format!("dfs://{db}{}", dfs_suffix(&p.path)),
        path: p.path.clone(),
        keys: p.keys.clone(),
        chunk_id: p.chunk_id.clone(),
        cid: p.cid,
        rows: part.rows.n_rows() as u64,
        update_time: p.update_time,
        checksums,
        bytes: files.iter().map(|f| f.bytes).sum(),
        files,
        backup_time: now_millis(),
    };
    let json = serde_json::to_vec(&meta)
        .map_err(|e| Error::runtime(format!("Failed to encode backup metadata: {e}")))?;
    let mut out = Vec::with_capacity(16 + json.len() + meta.bytes as usize);
    out.extend_from_slice(layout::SQL_MAGIC);
    out.extend_from_slice(&(json.len() as u32).to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(&json).to_le_bytes());
    out.extend_from_slice(&json);
    for b in &blocks {
        out.extend_from_slice(b);
    }
    let tmp = tdir.join(format!(".tmp-{}.bin", p.chunk_id));
    layout::write_synced(&tmp, &out)?;
    layout::install(tdir, &tmp, &tdir.join(format!("{}.bin", p.chunk_id)))?;
    Ok(out.len() as u64)
}

/// Prepares a table directory for a SQL-mode backup: lock, cleanup, records. Returns the
/// lock and the chunks already there.
pub fn open_sql_table(
    st: &Arc<Storage>,
    backup_dir: &Path,
    db: &str,
    snap: &Snapshot,
) -> Result<(layout::Lock, Vec<Chunk>)> {
    prepare_dir("backup", backup_dir, Mode::Sql)?;
    let tdir = layout::table_dir(backup_dir, db, &snap.table);
    fs::create_dir_all(&tdir).map_err(|e| layout::io_err("backup", "create", &tdir, e))?;
    let lock = layout::lock("backup", &tdir)?;
    layout::clean(&tdir);
    write_table_records(st, &tdir, db, snap, Mode::Sql)?;
    Ok((lock, layout::scan(&tdir)))
}

/// Whether a SQL-mode backup can skip a partition (same version already backed up).
pub fn sql_unchanged(chunks: &[Chunk], p: &PartitionMeta) -> bool {
    let have = existing(chunks);
    unchanged(have.get(&p.chunk_id), p)
}

/// Removes an older chunk of the same partition path (the partition was recreated).
pub fn drop_replaced(tdir: &Path, chunks: &[Chunk], p: &PartitionMeta) -> Result<()> {
    for c in chunks {
        if let Ok(m) = &c.meta {
            if m.path == p.path && m.chunk_id != p.chunk_id {
                layout::remove_entry(tdir, &c.location)?;
            }
        }
    }
    Ok(())
}
