//! Tables: creation, atomic commits (append, drop and replace partitions), snapshots that
//! pin partition versions, and reads of selected columns of selected partitions.
//!
//! A commit writes every new partition version into a fresh directory
//! `<db>/<table>/p/<partition path>/v<cid>/` (column files synced, directories synced), then
//! replaces `MANIFEST.json` atomically. A crash before the swap leaves the old manifest and
//! some unreferenced directories, listed in `JOURNAL.json` and removed when the table is
//! next opened; a crash after it leaves the new state.

use super::codec;
use super::manifest::{
    io_err, new_uuid, now_millis, read_json, sync_dir, write_json, ColumnDef, Journal, Manifest,
    PartitionMeta, FORMAT_VERSION,
};
use super::scheme::{self, Pred};
use super::sync;
use super::{check_name, Storage};
use crate::error::{Error, Result};
use crate::value::{Table, Type, Vector};
use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};
use std::sync::Arc;

mod install;
pub use install::{FetchFile, InstallPart};

impl Storage {
    pub(crate) fn table_dir(&self, db: &str, table: &str) -> PathBuf {
        self.db_dir(db).join(table)
    }

    pub fn exists_table(&self, db: &str, table: &str) -> bool {
        self.database(db)
            .map(|d| d.tables.iter().any(|t| t == table))
            .unwrap_or(false)
    }

    /// Creates a table. `partition_columns` names one column per level of the database;
    /// empty creates a dimension (unpartitioned) table.
    pub fn create_table(
        &self,
        db: &str,
        table: &str,
        columns: Vec<ColumnDef>,
        partition_columns: Vec<String>,
    ) -> Result<Arc<Manifest>> {
        check_name(table, "table")?;
        let _w = self.writer()?;
        let meta = self.database(db)?;
        if meta.tables.iter().any(|t| t == table) {
            return Err(Error::runtime(format!(
                "The table {table} already exists in database dfs://{db}"
            )));
        }
        let mut seen = HashSet::new();
        for c in &columns {
            if c.name.is_empty() || c.name.contains('\0') {
                return Err(Error::domain(format!(
                    "Invalid column name '{}'",
                    c.name.escape_default()
                )));
            }
            if !seen.insert(c.name.to_lowercase()) {
                return Err(Error::domain(format!("Duplicate column name {}", c.name)));
            }
            let ty = Type::from_id(i64::from(c.ty));
            if ty.is_none_or(|t| {
                t == Type::Any || t == Type::Void || t.physical() == crate::value::Physical::Any
            }) {
                return Err(Error::type_err(format!(
                    "The column {} has a type that can't be stored in a DFS table",
                    c.name
                )));
            }
        }
        if !partition_columns.is_empty() && partition_columns.len() != meta.levels.len() {
            return Err(Error::domain(format!(
                "The database dfs://{db} has {} partition level(s) but {} partitioning column(s) were given",
                meta.levels.len(),
                partition_columns.len()
            )));
        }
        let mut resolved = Vec::new();
        for (pc, level) in partition_columns.iter().zip(&meta.levels) {
            let Some(c) = columns.iter().find(|c| c.name.eq_ignore_ascii_case(pc)) else {
                return Err(Error::domain(format!(
                    "The partitioning column {pc} is not a column of the table"
                )));
            };
            let cty = Type::from_id(i64::from(c.ty)).unwrap_or(Type::Void);
            if cty.is_literal() != level.ty().is_literal() || cty.is_floating() || cty == Type::Bool
            {
                return Err(Error::type_err(format!(
                    "The partitioning column {pc} of type {} doesn't match the partition scheme of type {}",
                    cty.name(),
                    level.ty().name()
                )));
            }
            resolved.push(c.name.clone());
        }
        let dir = self.table_dir(db, table);
        if dir.exists() {
            // Left by a crash between writing the manifest and the catalog: start over.
            fs::remove_dir_all(&dir).map_err(|e| io_err("clean", &dir, e))?;
        }
        fs::create_dir_all(&dir).map_err(|e| io_err("create", &dir, e))?;
        let m = Manifest {
            format: FORMAT_VERSION,
            name: table.to_string(),
            columns,
            partition_columns: resolved,
            created: now_millis(),
            cid: 0,
            partitions: Vec::new(),
            garbage: Vec::new(),
        };
        write_json(&dir.join("MANIFEST.json"), &m)?;
        sync_dir(&self.db_dir(db))?;
        let mut dbm = (*meta).clone();
        dbm.tables.push(table.to_string());
        self.save_database(dbm)?;
        let m = Arc::new(m);
        self.state()?
            .tables
            .insert((db.to_string(), table.to_string()), m.clone());
        Ok(m)
    }

    /// The committed manifest of a table (loaded and cleaned up on first use).
    pub fn manifest(&self, db: &str, table: &str) -> Result<Arc<Manifest>> {
        let key = (db.to_string(), table.to_string());
        if let Some(m) = self.state()?.tables.get(&key) {
            return Ok(m.clone());
        }
        if !self.exists_table(db, table) {
            return Err(Error::runtime(format!(
                "The table {table} does not exist in database dfs://{db}"
            )));
        }
        let dir = self.table_dir(db, table);
        let mut m: Manifest = read_json(&dir.join("MANIFEST.json"))?;
        self.recover(&dir, &mut m)?;
        let m = Arc::new(m);
        self.state()?.tables.insert(key, m.clone());
        Ok(m)
    }

    /// Removes what an interrupted commit or a superseded version left behind.
    fn recover(&self, dir: &Path, m: &mut Manifest) -> Result<()> {
        let live: HashSet<&str> = m.partitions.iter().map(|p| p.dir.as_str()).collect();
        let journal = dir.join("JOURNAL.json");
        if journal.exists() {
            let j: Journal = read_json(&journal).unwrap_or_default();
            for d in j.new_dirs.iter().filter(|d| !live.contains(d.as_str())) {
                let _ = fs::remove_dir_all(dir.join(d));
            }
            let _ = fs::remove_file(&journal);
        }
        if !m.garbage.is_empty() {
            for d in m.garbage.iter().filter(|d| !live.contains(d.as_str())) {
                let _ = fs::remove_dir_all(dir.join(d));
            }
            m.garbage.clear();
            write_json(&dir.join("MANIFEST.json"), &*m)?;
        }
        Ok(())
    }

    pub fn drop_table(&self, db: &str, table: &str) -> Result<()> {
        let _w = self.writer()?;
        let meta = self.database(db)?;
        if !meta.tables.iter().any(|t| t == table) {
            return Err(Error::runtime(format!(
                "The table {table} does not exist in database dfs://{db}"
            )));
        }
        let mut dbm = (*meta).clone();
        dbm.tables.retain(|t| t != table);
        self.save_database(dbm)?;
        self.state()?
            .tables
            .remove(&(db.to_string(), table.to_string()));
        let _ = fs::remove_dir_all(self.table_dir(db, table));
        Ok(())
    }

    /// The committed partitions of a table.
    pub fn partitions(&self, db: &str, table: &str) -> Result<Vec<PartitionMeta>> {
        Ok(self.manifest(db, table)?.partitions.clone())
    }

    /// Pins the current version of every partition of a table.
    pub fn snapshot(self: &Arc<Self>, db: &str, table: &str) -> Result<Snapshot> {
        let manifest = self.manifest(db, table)?;
        let dir = self.table_dir(db, table);
        let pinned: Vec<PathBuf> = manifest
            .partitions
            .iter()
            .map(|p| dir.join(&p.dir))
            .collect();
        {
            let mut st = self.state()?;
            for p in &pinned {
                *st.pins.entry(p.clone()).or_insert(0) += 1;
            }
        }
        Ok(Snapshot {
            storage: self.clone(),
            db: db.to_string(),
            table: table.to_string(),
            dir,
            manifest,
            pinned,
        })
    }

    /// Appends rows (columns matched by position and converted to the schema's types),
    /// routing them to partitions. All touched partitions commit together. Returns the
    /// number of rows written (HASH partitions drop rows whose key is NULL).
    pub fn append(&self, db: &str, table: &str, data: &Table) -> Result<usize> {
        let _w = self.writer()?;
        let meta = self.database(db)?;
        let m = self.manifest(db, table)?;
        if data.n_cols() != m.columns.len() {
            return Err(Error::runtime(format!(
                "The number of columns of the table to insert must be the same as that of the original table ({} vs {})",
                data.n_cols(),
                m.columns.len()
            )));
        }
        let mut cols = Vec::with_capacity(m.columns.len());
        for (c, v) in m.columns.iter().zip(data.columns()) {
            let ty = Type::from_id(i64::from(c.ty)).unwrap_or(Type::Void);
            let converted = crate::builtins::coerce(&crate::value::Value::Vector(v.clone()), ty)
                .map_err(|e| {
                    Error::type_err(format!(
                        "Failed to append to column {}: {}",
                        c.name, e.message
                    ))
                })?;
            match converted {
                crate::value::Value::Vector(x) => cols.push(x),
                _ => return Err(Error::runtime("column conversion gave no vector")),
            }
        }
        let n = data.n_rows();
        if n == 0 {
            return Ok(0);
        }
        let mut levels = meta.levels.clone();
        let groups: Vec<(String, Vec<scheme::Key>, Option<Vec<usize>>)> = if m.is_dimension() {
            vec![("/".to_string(), Vec::new(), None)]
        } else {
            let mut pcols = Vec::new();
            for (pc, level) in m.partition_columns.iter().zip(&levels) {
                let i = m.columns.iter().position(|c| &c.name == pc).unwrap_or(0);
                pcols.push(scheme::to_domain(&cols[i], level.ty(), pc)?);
            }
            let routing = scheme::route(&mut levels, &pcols, &m.partition_columns)?;
            let mut out = Vec::new();
            for (slots, rows) in routing.groups {
                let keys: Vec<_> = slots
                    .iter()
                    .zip(&levels)
                    .map(|(&s, l)| l.part_key(s))
                    .collect();
                let mut path = String::new();
                for (k, l) in keys.iter().zip(&levels) {
                    let name = l.dir_name(k);
                    check_name(&name, "partition")?;
                    path.push('/');
                    path.push_str(&name);
                }
                out.push((path, keys, Some(rows)));
            }
            out
        };
        let mut written = 0;
        let mut changes = Vec::new();
        for (path, keys, rows) in groups {
            let new_part: Vec<Arc<Vector>> = match &rows {
                None => cols.clone(),
                Some(r) => {
                    let idx: Vec<i64> = r.iter().map(|&i| i as i64).collect();
                    cols.iter().map(|c| Arc::new(c.gather(&idx))).collect()
                }
            };
            written += new_part.first().map(|c| c.len()).unwrap_or(0);
            let full = match m.partition(&path) {
                Some(old) => {
                    let mut old_cols = self.read_columns(db, table, &m, old, None)?;
                    for (o, nw) in old_cols.iter_mut().zip(&new_part) {
                        if !Arc::make_mut(o).extend_from(nw) {
                            return Err(Error::runtime("column layout mismatch while appending"));
                        }
                    }
                    old_cols
                }
                None => new_part,
            };
            changes.push(Change {
                path,
                keys,
                columns: Some(full),
            });
        }
        if levels != meta.levels {
            let mut dbm = (*meta).clone();
            dbm.levels = levels;
            self.save_database(dbm)?;
        }
        self.commit(db, table, &m, changes)?;
        Ok(written)
    }

    /// Removes partitions (by path) from a table; returns how many existed.
    pub fn drop_partitions(&self, db: &str, table: &str, paths: &[String]) -> Result<usize> {
        let _w = self.writer()?;
        let m = self.manifest(db, table)?;
        let changes: Vec<Change> = m
            .partitions
            .iter()
            .filter(|p| paths.contains(&p.path))
            .map(|p| Change {
                path: p.path.clone(),
                keys: p.keys.clone(),
                columns: None,
            })
            .collect();
        let n = changes.len();
        if n > 0 {
            self.commit(db, table, &m, changes)?;
        }
        Ok(n)
    }

    /// Replaces whole partitions with new contents (schema order and types), in one commit;
    /// `None` (or an empty table) removes the partition. Used by update/delete and restore.
    pub fn replace_partitions(
        &self,
        db: &str,
        table: &str,
        parts: Vec<(PartitionMeta, Option<Table>)>,
    ) -> Result<()> {
        let _w = self.writer()?;
        let m = self.manifest(db, table)?;
        let mut changes = Vec::new();
        for (p, t) in parts {
            let columns = match t {
                Some(t) if t.n_rows() > 0 => {
                    if t.n_cols() != m.columns.len() {
                        return Err(Error::runtime(
                            "A replacement partition must have the table's columns",
                        ));
                    }
                    Some(t.columns().to_vec())
                }
                _ => None,
            };
            changes.push(Change {
                path: p.path,
                keys: p.keys,
                columns,
            });
        }
        self.commit(db, table, &m, changes)
    }

    /// Writes new partition versions, swaps the manifest, then removes what it superseded.
    fn commit(&self, db: &str, table: &str, m: &Manifest, changes: Vec<Change>) -> Result<()> {
        let dir = self.table_dir(db, table);
        let cid = m.cid + 1;
        let now = now_millis();
        let mut next = m.clone();
        next.cid = cid;
        // Every directory this commit creates or supersedes: whichever side of the manifest
        // swap a crash hits, recovery deletes those the manifest does not reference.
        let mut listed: Vec<String> = changes
            .iter()
            .filter(|c| c.columns.is_some())
            .map(|c| version_dir(&c.path, cid))
            .collect();
        listed.extend(
            changes
                .iter()
                .filter_map(|c| m.partition(&c.path).map(|p| p.dir.clone())),
        );
        let journal = Journal { new_dirs: listed };
        if !journal.new_dirs.is_empty() {
            write_json(&dir.join("JOURNAL.json"), &journal)?;
        }
        let mut to_sync: HashSet<PathBuf> = HashSet::new();
        let mut superseded = Vec::new();
        // Encoding and writing the column files of different partitions is independent
        // work: do it in parallel while a sync pool makes each finished file and version
        // directory durable, then assemble the manifest in order.
        let written: Vec<Option<(Vec<u32>, u64)>> = sync::syncing(|syncer| {
            use rayon::prelude::*;
            changes
                .par_iter()
                .map(|c| -> Result<Option<(Vec<u32>, u64)>> {
                    let Some(columns) = &c.columns else {
                        return Ok(None);
                    };
                    let vdir = dir.join(version_dir(&c.path, cid));
                    fs::create_dir_all(&vdir).map_err(|e| io_err("create", &vdir, e))?;
                    let mut checksums = Vec::with_capacity(columns.len());
                    let mut bytes = 0u64;
                    for (i, col) in columns.iter().enumerate() {
                        let (buf, crc) = codec::encode(col)?;
                        bytes += buf.len() as u64;
                        syncer.file(write_unsynced(&vdir.join(format!("c{i}.col")), &buf)?);
                        checksums.push(crc);
                    }
                    // This task made the only new entries of the version directory and of
                    // the partition directory holding it (a commit changes a path once).
                    if let Some(parent) = vdir.parent() {
                        syncer.dir(parent.to_path_buf());
                    }
                    syncer.dir(vdir);
                    Ok(Some((checksums, bytes)))
                })
                .collect::<Result<_>>()
        })?;
        for (c, w) in changes.into_iter().zip(written) {
            let old = next.partitions.iter().position(|p| p.path == c.path);
            if let Some(i) = old {
                superseded.push(next.partitions[i].dir.clone());
            }
            let (Some(columns), Some((checksums, bytes))) = (c.columns, w) else {
                if let Some(i) = old {
                    next.partitions.remove(i);
                }
                continue;
            };
            let rel = version_dir(&c.path, cid);
            let vdir = dir.join(&rel);
            // Directories above the partition's own are shared by several partitions: they
            // are synced once, after all of them are created.
            let mut a = vdir.parent().and_then(Path::parent).map(Path::to_path_buf);
            while let Some(d) = a.filter(|d| d.starts_with(&dir) && *d != dir) {
                a = d.parent().map(Path::to_path_buf);
                to_sync.insert(d);
            }
            let rows = columns.first().map(|c| c.len()).unwrap_or(0) as u64;
            let pm = PartitionMeta {
                path: c.path.clone(),
                keys: c.keys,
                chunk_id: old
                    .map(|i| next.partitions[i].chunk_id.clone())
                    .unwrap_or_else(new_uuid),
                cid,
                rows,
                update_time: now,
                dir: rel,
                checksums,
                bytes,
            };
            match old {
                Some(i) => next.partitions[i] = pm,
                None => next.partitions.push(pm),
            }
        }
        to_sync.insert(dir.clone());
        sync::sync_dirs(to_sync.into_iter().collect())?;
        self.publish(db, table, &dir, next, superseded)
    }

    /// The last step of every commit, once all new files and directories are durable:
    /// swaps in the new manifest, then deletes superseded versions (those pinned by a snapshot
    /// stay, listed as garbage, until it is dropped) and the journal.
    pub(super) fn publish(
        &self,
        db: &str,
        table: &str,
        dir: &Path,
        mut next: Manifest,
        superseded: Vec<String>,
    ) -> Result<()> {
        let mut st = self.state()?;
        let mut garbage: Vec<String> = next
            .garbage
            .iter()
            .filter(|g| dir.join(g.as_str()).exists())
            .cloned()
            .collect();
        let mut delete_now = Vec::new();
        for s in superseded {
            let p = dir.join(&s);
            if st.pins.get(&p).copied().unwrap_or(0) > 0 {
                st.deferred.push(p);
                garbage.push(s);
            } else {
                delete_now.push(p);
            }
        }
        next.garbage = garbage;
        write_json(&dir.join("MANIFEST.json"), &next)?;
        st.tables
            .insert((db.to_string(), table.to_string()), Arc::new(next));
        drop(st);
        for p in delete_now {
            let _ = fs::remove_dir_all(&p);
            prune_empty_parents(&p, dir);
        }
        let _ = fs::remove_file(dir.join("JOURNAL.json"));
        Ok(())
    }

    /// Reads columns of one partition (all when `names` is `None`), verifying checksums.
    fn read_columns(
        &self,
        db: &str,
        table: &str,
        m: &Manifest,
        p: &PartitionMeta,
        names: Option<&[&str]>,
    ) -> Result<Vec<Arc<Vector>>> {
        let vdir = self.table_dir(db, table).join(&p.dir);
        let idx: Vec<usize> = match names {
            None => (0..m.columns.len()).collect(),
            Some(ns) => ns
                .iter()
                .map(|n| {
                    m.columns
                        .iter()
                        .position(|c| c.name.eq_ignore_ascii_case(n))
                        .ok_or_else(|| {
                            Error::runtime(format!(
                                "The column {n} does not exist in table {table}"
                            ))
                        })
                })
                .collect::<Result<_>>()?,
        };
        let mut out = Vec::with_capacity(idx.len());
        for i in idx {
            let file = vdir.join(format!("c{i}.col"));
            let shown = format!("{}/{}", p.path, m.columns[i].name);
            let v = codec::with_file(&file, |bytes| {
                BYTES_READ.fetch_add(bytes.len() as u64, AtomicOrdering::Relaxed);
                codec::decode(bytes, &shown, p.checksums.get(i).copied())
            })?;
            if v.len() as u64 != p.rows {
                return Err(Error::runtime(format!(
                    "The column file {shown} has the wrong row count"
                )));
            }
            out.push(Arc::new(v));
        }
        Ok(out)
    }

    fn unpin(&self, paths: &[PathBuf]) {
        let Ok(mut st) = self.state() else { return };
        let mut freed = Vec::new();
        for p in paths {
            if let Some(n) = st.pins.get_mut(p) {
                *n -= 1;
                if *n == 0 {
                    st.pins.remove(p);
                    freed.push(p.clone());
                }
            }
        }
        let (now, keep): (Vec<PathBuf>, Vec<PathBuf>) =
            st.deferred.drain(..).partition(|d| freed.contains(d));
        st.deferred = keep;
        drop(st);
        for d in now {
            let _ = fs::remove_dir_all(&d);
        }
    }
}

/// Bytes of column files read by this process (benchmarks and tests check pruning with it).
static BYTES_READ: AtomicU64 = AtomicU64::new(0);

/// The number of column-file bytes this process has read so far.
pub fn bytes_read() -> u64 {
    BYTES_READ.load(AtomicOrdering::Relaxed)
}

fn write_unsynced(path: &Path, bytes: &[u8]) -> Result<PathBuf> {
    fs::write(path, bytes).map_err(|e| io_err("write", path, e))?;
    Ok(path.to_path_buf())
}

/// One partition's new state in a commit: new full contents, or `None` to remove it.
struct Change {
    path: String,
    keys: Vec<scheme::Key>,
    columns: Option<Vec<Arc<Vector>>>,
}

fn version_dir(path: &str, cid: u64) -> String {
    let p = path.trim_matches('/');
    if p.is_empty() {
        format!("p/v{cid}")
    } else {
        format!("p/{p}/v{cid}")
    }
}

/// Removes empty partition directories left after their last version was deleted.
fn prune_empty_parents(vdir: &Path, table_dir: &Path) {
    let mut d = vdir.parent();
    while let Some(p) = d {
        if p == table_dir || !p.starts_with(table_dir) || fs::remove_dir(p).is_err() {
            break;
        }
        d = p.parent();
    }
}

/// One consistent set of partition versions of a table, pinned until dropped: commits that
/// happen meanwhile leave these versions on disk.
pub struct Snapshot {
    storage: Arc<Storage>,
    pub db: String,
    pub table: String,
    dir: PathBuf,
    pub manifest: Arc<Manifest>,
    pinned: Vec<PathBuf>,
}

impl Snapshot {
    pub fn partitions(&self) -> &[PartitionMeta] {
        &self.manifest.partitions
    }

    /// The directory holding a partition version's column files (`c<i>.col`).
    pub fn partition_dir(&self, p: &PartitionMeta) -> PathBuf {
        self.dir.join(&p.dir)
    }

    /// Reads `columns` (all when empty) of one partition into a table, checksums verified.
    pub fn read(&self, p: &PartitionMeta, columns: &[&str]) -> Result<Table> {
        let m = &self.manifest;
        let names: Vec<&str> = if columns.is_empty() {
            m.columns.iter().map(|c| c.name.as_str()).collect()
        } else {
            columns.to_vec()
        };
        let cols = self
            .storage
            .read_columns(&self.db, &self.table, m, p, Some(&names))?;
        let names = names
            .iter()
            .map(|n| {
                let real = m.columns.iter().find(|c| c.name.eq_ignore_ascii_case(n));
                Arc::from(real.map(|c| c.name.as_str()).unwrap_or(n))
            })
            .collect();
        Table::from_columns(names, cols).map_err(Error::runtime)
    }

    /// An empty table with the schema's columns (`columns` selects, empty = all).
    pub fn empty(&self, columns: &[&str]) -> Result<Table> {
        let mut t = Table::new();
        for c in &self.manifest.columns {
            if columns.is_empty() || columns.iter().any(|n| n.eq_ignore_ascii_case(&c.name)) {
                let ty = Type::from_id(i64::from(c.ty)).unwrap_or(Type::Int);
                t.add_column(Arc::from(c.name.as_str()), Arc::new(Vector::empty(ty)))
                    .map_err(Error::runtime)?;
            }
        }
        Ok(t)
    }

    /// Partitions that may hold rows satisfying every `(column, predicate)`; predicates on
    /// columns that do not partition the table are ignored.
    pub fn prune(&self, preds: &[(String, Pred)]) -> Result<Vec<&PartitionMeta>> {
        let levels = self.storage.database(&self.db)?.levels.clone();
        let mut by_level: HashMap<usize, Vec<&Pred>> = HashMap::new();
        for (col, pred) in preds {
            if let Some(l) = self
                .manifest
                .partition_columns
                .iter()
                .position(|c| c.eq_ignore_ascii_case(col))
            {
                by_level.entry(l).or_default().push(pred);
            }
        }
        Ok(self
            .manifest
            .partitions
            .iter()
            .filter(|p| {
                by_level
                    .iter()
                    .all(|(&l, ps)| match (levels.get(l), p.keys.get(l)) {
                        (Some(level), Some(k)) => ps.iter().all(|pr| level.may_match(k, pr)),
                        _ => true,
                    })
            })
            .collect())
    }
}

impl Drop for Snapshot {
    fn drop(&mut self) {
        self.storage.unpin(&self.pinned);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::home::Home;
    use crate::value::Value;

    #[test]
    fn commit_and_recovery_from_an_interrupted_commit() {
        let root = std::env::temp_dir().join(format!("porpoise-engine-{}", new_uuid()));
        let home = Home::at(&root);
        let st = Storage::open(&home).expect("open");
        let level =
            scheme::Level::from_script(1, &Value::vector(Vector::ints(vec![1]))).expect("level");
        st.create_database("d", vec![level], false, "OLAP", "TRANS")
            .expect("db");
        let cols = vec![ColumnDef {
            name: "k".into(),
            ty: Type::Int.id(),
            comment: String::new(),
        }];
        st.create_table("d", "t", cols, vec!["k".into()])
            .expect("table");
        let t = Table::from_columns(
            vec!["k".into()],
            vec![Arc::new(Vector::ints(vec![1, 2, 2]))],
        )
        .expect("table");
        assert_eq!(st.append("d", "t", &t).expect("append"), 3);
        let m = st.manifest("d", "t").expect("manifest");
        assert_eq!((m.cid, m.partitions.len()), (1, 2));
        // Simulate a crash after writing a version directory but before the manifest swap.
        let tdir = st.table_dir("d", "t");
        let orphan = "p/1/v2".to_string();
        fs::create_dir_all(tdir.join(&orphan)).expect("orphan dir");
        write_json(
            &tdir.join("JOURNAL.json"),
            &Journal {
                new_dirs: vec![orphan.clone()],
            },
        )
        .expect("journal");
        drop(st);
        let st = Storage::open(&home).expect("reopen");
        assert_eq!(st.manifest("d", "t").expect("manifest").cid, 1);
        assert!(!tdir.join(&orphan).exists());
        assert!(tdir.join("p/1/v1").exists());
        assert!(!tdir.join("JOURNAL.json").exists());
        drop(st);
        let _ = fs::remove_dir_all(&root);
    }
}
