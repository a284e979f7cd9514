//! Restoring backups: `restore` (selected partitions into the table or another one),
//! `restoreDB`/`restoreTable` (creating what is missing, mirroring the backup) and
//! `migrate` (into new tables).
//!
//! Every file of a partition is checksummed before the partition is swapped in, and each
//! swap is one storage commit, so a damaged partition is refused with an error naming it
//! and the target keeps its previous data. A copy-mode backup's column files are already
//! in the engine's format: each is copied in the kernel into a new partition version and
//! the copy read back and verified ([`Storage::install_partitions`]), without decoding; the
//! versions it replaces are deleted after the last group is committed. Restores are
//! incremental (a partition whose rows and column checksums already equal the backup's is
//! skipped), which also makes an interrupted restore resumable: the rerun skips what is
//! already in place. The session's interrupt flag is checked between partitions.

use super::inspect::{copy_verified_file, load_chunk, table, table_meta};
use super::layout::{self, Chunk, ChunkMeta, Mode, TableMeta};
use super::status::{self, Cancel};
use crate::error::{Error, Result};
use crate::storage::codec;
use crate::storage::filecopy;
use crate::storage::{DbMeta, InstallPart, Kind, PartitionMeta, Storage};
use crate::value::{Table, Vector};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

/// Options of one restore.
#[derive(Clone, Debug, Default)]
pub struct RestoreOptions {
    pub force: bool,
    pub parallel: bool,
    /// With the pattern `%`: delete target partitions that the backup does not hold.
    pub snapshot: bool,
    /// Restore into this `(database, table)` instead of the backed-up one.
    pub output: Option<(String, String)>,
    /// Stops the restore at the next partition group boundary when set.
    pub cancel: Cancel,
}

/// Partitions restored per storage commit: each group is atomic, and a big restore does
/// not rewrite the manifest once per partition.
const GROUP: usize = 32;

/// Whether a `restore` partition pattern (`%` any run, `?` one character) selects a
/// backed-up partition: it may name the DFS path, `/<db>/<path>` or the path.
pub fn partition_matches(pattern: &str, db: &str, m: &ChunkMeta) -> bool {
    let m_path = if m.path == "/" { "" } else { m.path.as_str() };
    [m.dfs_path.clone(), format!("/{db}{m_path}"), m.path.clone()]
        .iter()
        .any(|t| crate::builtins::wildcard_match(pattern, t))
}

/// Fails unless the target table has the backup's schema and the target database a
/// compatible partition scheme (VALUE domains may differ: they grow).
fn check_compatible(
    func: &str,
    meta: &TableMeta,
    domain: &DbMeta,
    st: &Storage,
    db: &str,
    tbl: &str,
) -> Result<()> {
    let m = st.manifest(db, tbl)?;
    let same_cols = m.columns.len() == meta.columns.len()
        && m.columns
            .iter()
            .zip(&meta.columns)
            .all(|(a, b)| a.name.eq_ignore_ascii_case(&b.name) && a.ty == b.ty);
    if !same_cols {
        return Err(Error::runtime(format!(
            "[{func}] The schema of table {tbl} of dfs://{db} differs from the backup's; nothing was restored"
        )));
    }
    let target = st.database(db)?;
    check_scheme(func, domain, &target)?;
    if m.partition_columns.len() != meta.partition_columns.len() {
        return Err(Error::runtime(format!(
            "[{func}] The table {tbl} of dfs://{db} is partitioned differently from the backup; nothing was restored"
        )));
    }
    Ok(())
}

fn check_scheme(func: &str, backup: &DbMeta, target: &DbMeta) -> Result<()> {
    let same = backup.levels.len() == target.levels.len()
        && backup.levels.iter().zip(&target.levels).all(|(a, b)| {
            a.kind == b.kind
                && a.ty == b.ty
                && match a.kind {
                    Kind::Value => true,
                    Kind::Range => a.values == b.values,
                    Kind::List => a.lists == b.lists,
                    Kind::Hash => a.buckets == b.buckets,
                }
        });
    if !same {
        return Err(Error::runtime(format!(
            "[{func}] The partition scheme of dfs://{} differs from the backup's (dfs://{}); nothing was restored",
            target.name, backup.name
        )));
    }
    Ok(())
}

/// Restores the backed-up partitions of `db.tbl` matching `pattern`; returns the restored
/// partitions' DFS paths (in the target database).
#[allow(clippy::too_many_arguments)]
pub fn restore(
    func: &str,
    st: &Arc<Storage>,
    backup_dir: &Path,
    db: &str,
    tbl: &str,
    pattern: &str,
    opts: &RestoreOptions,
    user: &str,
) -> Result<Vec<String>> {
    let meta = table_meta(func, backup_dir, db, tbl)?;
    let tdir = layout::table_dir(backup_dir, db, tbl);
    let domain: DbMeta = layout::read_sealed(&tdir.join(layout::DOMAIN_FILE))
        .map_err(|e| Error::runtime(format!("[{func}] {}", e.message)))?;
    let (tdb, ttbl) = opts
        .output
        .clone()
        .unwrap_or_else(|| (db.to_string(), tbl.to_string()));
    if !st.exists_table(&tdb, &ttbl) {
        return Err(Error::runtime(format!(
            "[{func}] The table {ttbl} does not exist in database dfs://{tdb}"
        )));
    }
    check_compatible(func, &meta, &domain, st, &tdb, &ttbl)?;
    if opts.snapshot && meta.mode == Mode::Sql {
        return Err(Error::runtime(format!(
            "[{func}] snapshot can't be used with a backup made with SQL statements"
        )));
    }
    let _lock = layout::lock(func, &tdir)?;
    let chunks = layout::scan(&tdir);
    if let Some(bad) = chunks.iter().find(|c| c.meta.is_err()) {
        return Err(Error::runtime(format!(
            "[{func}] The backup of partition {} is damaged (its metadata can't be read); nothing was restored",
            bad.location.display()
        )));
    }
    let appending = meta.mode == Mode::Sql && opts.output.is_some();
    let current: HashMap<String, PartitionMeta> = st
        .partitions(&tdb, &ttbl)?
        .into_iter()
        .map(|p| (p.path.clone(), p))
        .collect();
    let selected: Vec<&Chunk> = chunks
        .iter()
        .filter(|c| {
            c.meta
                .as_ref()
                .is_ok_and(|m| partition_matches(pattern, db, m))
        })
        .collect();
    let todo: Vec<&Chunk> = selected
        .iter()
        .copied()
        .filter(|c| {
            let Ok(m) = &c.meta else { return false };
            opts.force
                || appending
                || !current
                    .get(&m.path)
                    .is_some_and(|p| p.rows == m.rows && p.checksums == m.checksums)
        })
        .collect();
    let kind = match meta.mode {
        Mode::Copy => "RESTORE_BY_COPY_FILE",
        Mode::Sql => "RESTORE_BY_SQL",
    };
    let task = status::start(
        st.root(),
        user,
        kind,
        &tdb,
        &ttbl,
        todo.len() as u64,
        todo.iter()
            .filter_map(|c| c.meta.as_ref().ok())
            .map(|m| m.bytes)
            .sum(),
    );
    let res = (|| -> Result<Vec<String>> {
        // The versions a restore replaces are deleted when this pin goes, after the last
        // group: deleting thousands of files between groups would slow creating the next
        // group's files (ext4 scans past recently freed inodes).
        let _pin = st.snapshot(&tdb, &ttbl).ok();
        let mut restored = Vec::new();
        for group in todo.chunks(GROUP) {
            opts.cancel.check()?;
            let metas: Vec<&ChunkMeta> = group
                .iter()
                .map(|c| c.meta.as_ref().map_err(|e| e.clone()))
                .collect::<Result<_>>()?;
            if meta.mode == Mode::Copy {
                install_group(func, st, &tdb, &ttbl, group, &metas, opts)?;
            } else {
                load_group(func, st, &tdb, &ttbl, group, &meta, opts, appending)?;
            }
            for m in metas {
                restored.push(format!("dfs://{tdb}{}", super::write::dfs_suffix(&m.path)));
                task.advance(m.bytes);
            }
        }
        if opts.snapshot && pattern == "%" {
            let keep: HashSet<&str> = selected
                .iter()
                .filter_map(|c| c.meta.as_ref().ok().map(|m| m.path.as_str()))
                .collect();
            let extra: Vec<String> = current
                .keys()
                .filter(|p| !keep.contains(p.as_str()))
                .cloned()
                .collect();
            if !extra.is_empty() {
                st.drop_partitions(&tdb, &ttbl, &extra)?;
            }
        }
        Ok(restored)
    })();
    task.finish(res.is_ok());
    res
}

/// Installs a group of copy-mode chunks in one commit: each file is read once, checked
/// against the backup's whole-file CRC and the engine's header, and written once.
fn install_group(
    func: &str,
    st: &Storage,
    tdb: &str,
    ttbl: &str,
    group: &[&Chunk],
    metas: &[&ChunkMeta],
    opts: &RestoreOptions,
) -> Result<()> {
    let n_cols = st.manifest(tdb, ttbl)?.columns.len();
    let parts: Vec<InstallPart> = metas
        .iter()
        .map(|m| {
            if m.files.len() != n_cols || m.checksums.len() != n_cols {
                return Err(Error::runtime(format!(
                    "[{func}] The backup of partition {} (chunk {}) is damaged: it has {} column files, the table {n_cols}",
                    m.dfs_path,
                    m.chunk_id,
                    m.files.len()
                )));
            }
            Ok(InstallPart {
                path: m.path.clone(),
                keys: m.keys.clone(),
                rows: m.rows,
                checksums: m.checksums.clone(),
            })
        })
        .collect::<Result<_>>()?;
    let prefetch = |c: &Chunk, m: &ChunkMeta| {
        for f in &m.files {
            filecopy::prefetch(&c.location.join(&f.name));
        }
    };
    if let (Some(c), Some(m)) = (group.first(), metas.first()) {
        prefetch(c, m);
    }
    let fetch = |i: usize, col: usize, to: &Path| -> Result<codec::Header> {
        if col == 0 {
            opts.cancel.check()?;
            if let (Some(c), Some(m)) = (group.get(i + 1), metas.get(i + 1)) {
                prefetch(c, m);
            }
        }
        copy_verified_file(func, group[i], metas[i], col, to)
    };
    st.install_partitions(tdb, ttbl, &parts, &fetch, opts.parallel)
        .map_err(|e| {
            if e.message.starts_with('[') || e.kind == crate::error::ErrorKind::Interrupted {
                e
            } else {
                Error::new(e.kind.clone(), format!("[{func}] {}", e.message))
            }
        })
}

/// Restores a group of SQL-mode chunks: decoded, then appended (into another table) or
/// swapped in as whole partitions in one commit.
#[allow(clippy::too_many_arguments)]
fn load_group(
    func: &str,
    st: &Storage,
    tdb: &str,
    ttbl: &str,
    group: &[&Chunk],
    meta: &TableMeta,
    opts: &RestoreOptions,
    appending: bool,
) -> Result<()> {
    let load = |c: &&Chunk| {
        opts.cancel.check()?;
        load_chunk(func, c, meta)
    };
    let tables: Vec<Table> = if opts.parallel {
        group.par_iter().map(load).collect::<Result<_>>()?
    } else {
        group.iter().map(load).collect::<Result<_>>()?
    };
    let mut parts = Vec::new();
    for (c, t) in group.iter().zip(tables) {
        let m = c.meta.as_ref().map_err(|e| e.clone())?;
        if appending {
            st.append(tdb, ttbl, &t)?;
        } else {
            parts.push((partition_meta(m), Some(t)));
        }
    }
    if !parts.is_empty() {
        st.replace_partitions(tdb, ttbl, parts)?;
    }
    Ok(())
}

/// One row of `migrate`'s result: backup database, table, success, error message.
type MigrateRow = (String, String, bool, String);

fn partition_meta(m: &ChunkMeta) -> PartitionMeta {
    PartitionMeta {
        path: m.path.clone(),
        keys: m.keys.clone(),
        chunk_id: m.chunk_id.clone(),
        cid: m.cid,
        rows: m.rows,
        update_time: m.update_time,
        dir: String::new(),
        checksums: m.checksums.clone(),
        bytes: m.bytes,
    }
}

/// Creates the target database and table from the backup's records when missing; returns
/// whether the table was created.
fn ensure_target(
    func: &str,
    st: &Arc<Storage>,
    backup_dir: &Path,
    db: &str,
    tbl: &str,
    tdb: &str,
    ttbl: &str,
) -> Result<bool> {
    let meta = table_meta(func, backup_dir, db, tbl)?;
    let domain: DbMeta =
        layout::read_sealed(&layout::table_dir(backup_dir, db, tbl).join(layout::DOMAIN_FILE))
            .map_err(|e| Error::runtime(format!("[{func}] {}", e.message)))?;
    if st.exists_database(tdb) {
        check_scheme(func, &domain, &*st.database(tdb)?)?;
    } else {
        st.create_database(
            tdb,
            domain.levels.clone(),
            domain.compo,
            &domain.engine,
            &domain.atomic,
        )?;
    }
    if st.exists_table(tdb, ttbl) {
        return Ok(false);
    }
    st.create_table(
        tdb,
        ttbl,
        meta.columns.clone(),
        meta.partition_columns.clone(),
    )?;
    Ok(true)
}

/// `restoreTable`/`restoreDB` for one table: create what is missing, then make the target
/// equal to the backup (incremental, parallel, snapshot). Copy-mode backups only.
#[allow(clippy::too_many_arguments)]
pub fn restore_table(
    func: &str,
    st: &Arc<Storage>,
    backup_dir: &Path,
    db: &str,
    tbl: &str,
    tdb: &str,
    ttbl: &str,
    user: &str,
    cancel: &Cancel,
) -> Result<()> {
    let meta = table_meta(func, backup_dir, db, tbl)?;
    if meta.mode != Mode::Copy {
        return Err(Error::runtime(format!(
            "[{func}] only restores backups made by copying files (backup with dbPath); use restore or migrate for a SQL backup"
        )));
    }
    ensure_target(func, st, backup_dir, db, tbl, tdb, ttbl)?;
    let opts = RestoreOptions {
        force: false,
        parallel: true,
        snapshot: true,
        output: Some((tdb.to_string(), ttbl.to_string())),
        cancel: cancel.clone(),
    };
    restore(func, st, backup_dir, db, tbl, "%", &opts, user).map(|_| ())
}

/// `migrate`: restores backed-up tables into new tables; one row per table with the
/// backup's names, whether it worked and why not.
pub fn migrate(
    st: &Arc<Storage>,
    backup_dir: &Path,
    tables: &[(String, String, String, String)],
    user: &str,
    cancel: &Cancel,
) -> Result<Table> {
    let mut rows: Vec<MigrateRow> = Vec::new();
    for (db, tbl, tdb, ttbl) in tables {
        let res = (|| -> Result<()> {
            if st.exists_table(tdb, ttbl) {
                return Err(Error::runtime(format!(
                    "The table {ttbl} already exists in database dfs://{tdb}; drop it before migrating"
                )));
            }
            let created = ensure_target("migrate", st, backup_dir, db, tbl, tdb, ttbl)?;
            let opts = RestoreOptions {
                force: true,
                parallel: true,
                snapshot: false,
                output: Some((tdb.clone(), ttbl.clone())),
                cancel: cancel.clone(),
            };
            // A SQL backup is appended to the new (empty) table; a copy backup replaces.
            if let Err(e) = restore("migrate", st, backup_dir, db, tbl, "%", &opts, user) {
                if created {
                    let _ = st.drop_table(tdb, ttbl);
                }
                return Err(e);
            }
            Ok(())
        })();
        let (ok, msg) = match res {
            Ok(()) => (true, String::new()),
            // A cancelled migration stops rather than reporting the table as failed.
            Err(e) if e.kind == crate::error::ErrorKind::Interrupted => return Err(e),
            Err(e) => (false, e.message.clone()),
        };
        rows.push((format!("dfs://{db}"), tbl.clone(), ok, msg));
    }
    let s = |f: &dyn Fn(&MigrateRow) -> String| {
        Arc::new(Vector::strings(
            rows.iter().map(|r| Arc::from(f(r))).collect(),
        ))
    };
    table(
        &["dbName", "tableName", "success", "errorMsg"],
        vec![
            s(&|r| r.0.clone()),
            s(&|r| r.1.clone()),
            Arc::new(Vector::bools(rows.iter().map(|r| r.2 as i8).collect())),
            s(&|r| r.3.clone()),
        ],
    )
}
