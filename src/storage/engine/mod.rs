//! Tables of a database: creation, the committed manifest (loaded and recovered on first
//! use), and dropping; the commit path is in `commit`, snapshots and reads in `snapshot`.
//!
//! A commit writes every new partition version into a fresh directory
//! `<db>/<table>/p/<partition path>/v<cid>/` (column files synced, directories synced), then
//! replaces `MANIFEST.json` atomically. A crash before the swap leaves the old manifest and
//! some unreferenced directories, listed in `JOURNAL.json` and removed when the table is
//! next opened; a crash after it leaves the new state.

use super::manifest::{
    io_err, now_millis, read_json, sync_dir, write_json, ColumnDef, Journal, Manifest,
    PartitionMeta, FORMAT_VERSION,
};
use super::{check_name, Storage};
use crate::error::{Error, Result};
use crate::value::Type;
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

mod commit;
mod install;
mod snapshot;

use commit::{prune_empty_parents, version_dir};
pub use install::{FetchFile, InstallPart};
pub use snapshot::{bytes_read, Snapshot};
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::home::Home;
    use crate::storage::manifest::new_uuid;
    use crate::storage::scheme;
    use crate::value::{Table, Value, Vector};

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
