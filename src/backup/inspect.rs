//! Reading backups: verifying and loading one backed-up partition, and the inspection
//! functions `getBackupList`, `getBackupMeta`, `loadBackup` and `checkBackup`.

use super::layout::{self, Chunk, ChunkMeta, Mode, TableMeta};
use crate::error::{Error, Result};
use crate::storage::codec;
use crate::storage::filecopy::{self, CopyFault};
use crate::value::{Table, Type, VecData, Vector};
use std::fs;
use std::path::Path;
use std::sync::Arc;

/// The table record of a backed-up table, with a clear error when there is none.
pub fn table_meta(func: &str, backup_dir: &Path, db: &str, table: &str) -> Result<TableMeta> {
    let tdir = layout::table_dir(backup_dir, db, table);
    let path = tdir.join(layout::META_FILE);
    if !path.is_file() {
        return Err(Error::runtime(format!(
            "[{func}] There is no backup of table {table} of dfs://{db} in {}",
            backup_dir.display()
        )));
    }
    layout::read_sealed(&path).map_err(|e| Error::runtime(format!("[{func}] {}", e.message)))
}

fn damaged(func: &str, m: &ChunkMeta, why: String) -> Error {
    Error::runtime(format!(
        "[{func}] The backup of partition {} (chunk {}) is damaged: {why}",
        m.dfs_path, m.chunk_id
    ))
}

/// The bytes of column file `i` of a copy-mode chunk, its length and whole-file CRC
/// checked against the chunk's record.
pub fn verified_file(func: &str, c: &Chunk, m: &ChunkMeta, i: usize) -> Result<Vec<u8>> {
    let f = m
        .files
        .get(i)
        .ok_or_else(|| damaged(func, m, format!("column file {i} is missing")))?;
    let p = c.location.join(&f.name);
    let bytes = fs::read(&p).map_err(|e| damaged(func, m, format!("{}: {e}", f.name)))?;
    if bytes.len() as u64 != f.bytes || crc32fast::hash(&bytes) != f.crc32 {
        return Err(damaged(func, m, format!("{} fails its checksum", f.name)));
    }
    Ok(bytes)
}

/// Copies column file `i` of a copy-mode chunk to `to` in one streamed pass, checking its
/// length and whole-file CRC against the chunk's record and its header and payload checksum
/// against themselves; returns the file's header. The copy is not synced here: the engine's
/// commit syncs every installed file before it swaps the manifest.
pub fn copy_verified_file(
    func: &str,
    c: &Chunk,
    m: &ChunkMeta,
    i: usize,
    to: &Path,
) -> Result<codec::Header> {
    let f = m
        .files
        .get(i)
        .ok_or_else(|| damaged(func, m, format!("column file {i} is missing")))?;
    let from = c.location.join(&f.name);
    match filecopy::copy_column_file(&from, to, false) {
        Ok(done) if done.len == f.bytes && done.whole_crc == f.crc32 => Ok(done.header),
        Ok(_) | Err(CopyFault::Corrupt(_)) => {
            Err(damaged(func, m, format!("{} fails its checksum", f.name)))
        }
        Err(CopyFault::Read(e)) => Err(damaged(func, m, format!("{}: {e}", f.name))),
        Err(CopyFault::Write(e) | CopyFault::Copy(e)) => Err(Error::io(format!(
            "[{func}] Failed to write {}: {e}",
            to.display()
        ))),
    }
}

/// The raw bytes of each file (copy mode) or block (SQL mode) of a chunk, every checksum
/// verified.
fn verified_blocks(func: &str, c: &Chunk, m: &ChunkMeta) -> Result<Vec<Vec<u8>>> {
    let mut out = Vec::with_capacity(m.files.len());
    match c.mode {
        Mode::Copy => {
            for i in 0..m.files.len() {
                out.push(verified_file(func, c, m, i)?);
            }
        }
        Mode::Sql => {
            let (_, start) = layout::read_bin_meta(&c.location)
                .map_err(|e| damaged(func, m, e.message.clone()))?;
            let bytes = fs::read(&c.location).map_err(|e| damaged(func, m, e.to_string()))?;
            let total: u64 = m.files.iter().map(|f| f.bytes).sum();
            if bytes.len() as u64 != start as u64 + total {
                return Err(damaged(func, m, "the file has the wrong length".into()));
            }
            let mut at = start;
            for f in &m.files {
                let end = at + f.bytes as usize;
                let block = &bytes[at..end];
                if crc32fast::hash(block) != f.crc32 {
                    return Err(damaged(
                        func,
                        m,
                        format!("the block of column {} fails its checksum", f.name),
                    ));
                }
                out.push(block.to_vec());
                at = end;
            }
        }
    }
    Ok(out)
}

/// Re-reads and re-checksums every byte of a chunk (its record included).
pub fn verify_chunk(func: &str, c: &Chunk) -> Result<()> {
    let m = c.meta.as_ref().map_err(|e| e.clone())?;
    verified_blocks(func, c, m).map(|_| ())
}

/// Loads a chunk's rows, every checksum verified; the columns follow `meta`'s schema.
pub fn load_chunk(func: &str, c: &Chunk, meta: &TableMeta) -> Result<Table> {
    let m = c.meta.as_ref().map_err(|e| e.clone())?;
    if m.files.len() != meta.columns.len() {
        return Err(damaged(
            func,
            m,
            format!(
                "it has {} columns, the table {}",
                m.files.len(),
                meta.columns.len()
            ),
        ));
    }
    let blocks = verified_blocks(func, c, m)?;
    let mut cols = Vec::with_capacity(blocks.len());
    for (i, b) in blocks.iter().enumerate() {
        let shown = format!("{} column {}", m.dfs_path, meta.columns[i].name);
        let v = codec::decode(b, &shown, m.checksums.get(i).copied())
            .map_err(|e| damaged(func, m, e.message.clone()))?;
        if v.len() as u64 != m.rows || v.ty().id() != meta.columns[i].ty {
            return Err(damaged(
                func,
                m,
                format!(
                    "column {} has the wrong length or type",
                    meta.columns[i].name
                ),
            ));
        }
        cols.push(Arc::new(v));
    }
    let names = meta
        .columns
        .iter()
        .map(|c| Arc::from(c.name.as_str()))
        .collect();
    Table::from_columns(names, cols).map_err(Error::runtime)
}

/// Finds the chunk of a partition path (`/20170810/0_50`, with or without a trailing `/`;
/// a path that ends a longer one also matches, as `regexFind`-sliced chunk paths do).
pub fn find_chunk<'a>(func: &str, chunks: &'a [Chunk], partition: &str) -> Result<&'a Chunk> {
    let want = partition.trim_end_matches('/');
    let want = if want.is_empty() { "/" } else { want };
    chunks
        .iter()
        .find(|c| {
            c.meta.as_ref().is_ok_and(|m| {
                m.path == want || m.dfs_path.ends_with(want) && want.starts_with('/')
            })
        })
        .ok_or_else(|| {
            Error::runtime(format!(
                "[{func}] The partition {partition} is not in the backup"
            ))
        })
}

fn strings(xs: Vec<String>) -> Arc<Vector> {
    Arc::new(Vector::strings(xs.into_iter().map(Arc::from).collect()))
}

/// Builds a table from named columns.
pub fn table(names: &[&str], cols: Vec<Arc<Vector>>) -> Result<Table> {
    Table::from_columns(names.iter().map(|s| Arc::from(*s)).collect(), cols).map_err(Error::runtime)
}

/// `getBackupList`: one row per backed-up partition.
pub fn backup_list(backup_dir: &Path, db: &str, tbl: &str) -> Result<Table> {
    table_meta("getBackupList", backup_dir, db, tbl)?;
    let chunks = layout::scan(&layout::table_dir(backup_dir, db, tbl));
    let metas: Vec<&ChunkMeta> = chunks.iter().filter_map(|c| c.meta.as_ref().ok()).collect();
    table(
        &["chunkID", "chunkPath", "cid", "rows", "updateTime"],
        vec![
            strings(metas.iter().map(|m| m.chunk_id.clone()).collect()),
            strings(metas.iter().map(|m| m.dfs_path.clone()).collect()),
            Arc::new(Vector::longs(metas.iter().map(|m| m.cid as i64).collect())),
            Arc::new(Vector::longs(metas.iter().map(|m| m.rows as i64).collect())),
            Arc::new(Vector::new(
                Type::Timestamp,
                VecData::I64(metas.iter().map(|m| m.update_time).collect()),
            )),
        ],
    )
}

/// `checkBackup`: one row per damaged partition (empty when everything verifies).
pub fn check_backup(
    backup_dir: &Path,
    db: &str,
    tables: &[String],
    partition: Option<&str>,
) -> Result<Table> {
    let mut rows: Vec<[String; 5]> = Vec::new();
    for t in tables {
        let meta = table_meta("checkBackup", backup_dir, db, t);
        let chunks = layout::scan(&layout::table_dir(backup_dir, db, t));
        for c in &chunks {
            if let (Some(p), Ok(m)) = (partition, &c.meta) {
                if !super::restore::partition_matches(p, db, m) {
                    continue;
                }
            }
            let bad = match (&meta, &c.meta) {
                (Err(_), _) | (_, Err(_)) => true,
                // Loading re-reads every byte, checks every checksum and decodes each column.
                (Ok(tm), Ok(_)) => load_chunk("checkBackup", c, tm).is_err(),
            };
            if bad {
                let (path, id) = match &c.meta {
                    Ok(m) => (m.dfs_path.clone(), m.chunk_id.clone()),
                    Err(_) => (String::new(), c.id()),
                };
                rows.push([
                    format!("dfs://{db}"),
                    t.clone(),
                    path,
                    id,
                    c.location.display().to_string(),
                ]);
            }
        }
    }
    let col = |i: usize| strings(rows.iter().map(|r| r[i].clone()).collect());
    table(
        &[
            "dbName",
            "tableName",
            "chunkPath",
            "chunkID",
            "partitionPath",
        ],
        (0..5).map(col).collect(),
    )
}
