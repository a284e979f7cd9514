//! The read path of tables: snapshots that pin one consistent set of partition versions,
//! column reads with checksums verified, partition pruning, and the deferred deletion of
//! versions a snapshot kept alive.

use crate::error::{Error, Result};
use crate::storage::codec;
use crate::storage::manifest::{Manifest, PartitionMeta};
use crate::storage::scheme::Pred;
use crate::storage::Storage;
use crate::value::{Table, Type, Vector};
use std::collections::HashMap;
use std::fs;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};
use std::sync::Arc;

impl Storage {
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

    /// Reads columns of one partition (all when `names` is `None`), verifying checksums.
    pub(super) fn read_columns(
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
