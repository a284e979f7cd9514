//! Script-visible handles: a database handle (`database(...)`) and a DFS table handle
//! (`loadTable`, `createPartitionedTable`). Handles name catalog entries; data stays on disk.

use super::{Level, Storage};
use std::fmt;
use std::sync::Arc;

/// `database(directory, ...)`: a dfs:// database, or an in-memory level (`database("")`)
/// used to build COMPO databases.
pub struct DbHandle {
    /// `None` for `database("", ...)`.
    pub name: Option<String>,
    pub levels: Vec<Level>,
    pub compo: bool,
    pub engine: String,
    pub atomic: String,
    pub storage: Option<Arc<Storage>>,
}

impl DbHandle {
    /// `dfs://name`, or empty for an in-memory level.
    pub fn directory(&self) -> String {
        self.name
            .as_ref()
            .map(|n| format!("dfs://{n}"))
            .unwrap_or_default()
    }
}

impl fmt::Debug for DbHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DB[{}]", self.directory())
    }
}

/// A table of a dfs:// database.
pub struct TableHandle {
    pub storage: Arc<Storage>,
    pub db: String,
    pub table: String,
}

impl fmt::Debug for TableHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "dfs://{}/{}", self.db, self.table)
    }
}

impl TableHandle {
    /// The committed row count (from the manifest; no column file is read).
    pub fn rows(&self) -> crate::error::Result<u64> {
        let m = self.storage.manifest(&self.db, &self.table)?;
        Ok(m.partitions.iter().map(|p| p.rows).sum())
    }

    /// The schema's column names.
    pub fn column_names(&self) -> crate::error::Result<Vec<String>> {
        let m = self.storage.manifest(&self.db, &self.table)?;
        Ok(m.columns.iter().map(|c| c.name.clone()).collect())
    }

    /// Reads `columns` (all when empty) of the partitions that may match `preds`, in
    /// partition order, into one in-memory table; stops after `limit` rows when given.
    pub fn load(
        &self,
        columns: &[&str],
        preds: &[(String, super::Pred)],
        limit: Option<usize>,
    ) -> crate::error::Result<crate::value::Table> {
        let snap = self.storage.snapshot(&self.db, &self.table)?;
        let mut parts = snap.prune(preds)?;
        parts.sort_by(|a, b| a.keys.cmp(&b.keys));
        let mut out = snap.empty(columns)?;
        if let Some(l) = limit {
            for p in parts {
                if out.n_rows() >= l {
                    break;
                }
                let t = snap.read(p, columns)?;
                concat_into(&mut out, &t)?;
            }
            return Ok(out);
        }
        // Partitions are read (and checksummed) in parallel, then joined in order.
        use rayon::prelude::*;
        let tables: Vec<crate::value::Table> = parts
            .par_iter()
            .map(|p| snap.read(p, columns))
            .collect::<crate::error::Result<_>>()?;
        concat_all(&mut out, tables)?;
        Ok(out)
    }
}

/// Appends the rows of every table to `out`, reserving each column's space once.
pub fn concat_all(
    out: &mut crate::value::Table,
    tables: Vec<crate::value::Table>,
) -> crate::error::Result<()> {
    if tables.len() == 1 && out.n_rows() == 0 {
        *out = tables.into_iter().next().expect("one table");
        return Ok(());
    }
    for t in &tables {
        concat_into(out, t)?;
    }
    Ok(())
}

/// Appends the rows of `t` to `out` (same columns, same order).
pub fn concat_into(
    out: &mut crate::value::Table,
    t: &crate::value::Table,
) -> crate::error::Result<()> {
    if out.n_rows() == 0 {
        *out = t.clone();
        return Ok(());
    }
    for (o, c) in out.columns_mut().iter_mut().zip(t.columns()) {
        if !Arc::make_mut(o).extend_from(c) {
            return Err(crate::error::Error::runtime(
                "partitions disagree on a column type",
            ));
        }
    }
    Ok(())
}
