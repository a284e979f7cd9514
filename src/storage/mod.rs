//! The embedded storage engine for `dfs://` databases: partitioned tables stored column by
//! column under the data home, with crash-safe commits.
//!
//! # Public API (used by the builtins, SQL and the backup engine)
//!
//! - [`Storage::open`]`(&Home) -> Result<Arc<Storage>>` takes the home's exclusive lock;
//!   [`for_home`] / [`default_storage`] share one `Storage` per home in a process (the
//!   interpreter opens the home lazily, on the first dfs function call).
//! - Databases: [`Storage::create_database`], [`Storage::database`] (`Arc<DbMeta>`, with the
//!   partition [`Level`]s), [`Storage::exists_database`], [`Storage::drop_database`],
//!   [`Storage::list_databases`].
//! - Tables: [`Storage::create_table`], [`Storage::manifest`] (`Arc<Manifest>`: schema and
//!   committed [`PartitionMeta`]s), [`Storage::exists_table`], [`Storage::drop_table`].
//! - Writes (each one atomic): [`Storage::append`], [`Storage::drop_partitions`],
//!   [`Storage::replace_partitions`] (rewrite whole partitions: update/delete/restore).
//! - Reads: [`Storage::partitions`], [`Storage::snapshot`] → [`Snapshot`] (pins one
//!   consistent set of partition versions until dropped; writes may continue),
//!   [`Snapshot::read`]`(partition, columns) -> Table` (checksums verified),
//!   [`Snapshot::prune`]`(&[(column, Pred)])` / [`scheme::Level::may_match`] for pruning.
//! - [`bytes_read`]: column-file bytes read by the process (shows what pruning saved).
//! - Paths: [`dfs_name`] parses `dfs://name`; [`check_name`] rejects names that could
//!   escape the home.
//!
//! The layout on disk is described in `docs/FORMAT.md`.

pub mod codec;
mod engine;
pub mod filecopy;
mod handle;
mod manifest;
pub mod scheme;
mod sync;

pub use engine::{bytes_read, FetchFile, InstallPart, Snapshot};
pub use handle::{DbHandle, TableHandle};
pub use manifest::{
    fsync_enabled, new_uuid, now_millis, set_fsync, ColumnDef, DbMeta, Manifest, PartitionMeta,
    FORMAT_VERSION,
};
pub use scheme::{Key, Kind, Level, Pred};

use crate::error::{Error, Result};
use crate::home::Home;
use manifest::{io_err, read_json, write_atomic, write_json};
use std::collections::HashMap;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

/// An open data home.
pub struct Storage {
    root: PathBuf,
    /// Held for the process lifetime: the exclusive lock on `<home>/LOCK`.
    _lock: File,
    /// Serialises writers (commits) inside the process.
    write: Mutex<()>,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    dbs: HashMap<String, Arc<DbMeta>>,
    tables: HashMap<(String, String), Arc<Manifest>>,
    /// Version directories pinned by live snapshots, with their pin counts.
    pins: HashMap<PathBuf, usize>,
    /// Superseded version directories to delete once unpinned.
    deferred: Vec<PathBuf>,
}

fn lock_poisoned() -> Error {
    Error::runtime("The storage engine's lock was poisoned by a panic")
}

impl Storage {
    /// Opens (creating if needed) the data home and takes its exclusive lock.
    pub fn open(home: &Home) -> Result<Arc<Storage>> {
        let root = home.root().to_path_buf();
        if std::env::var_os("PORPOISE_FSYNC").is_some_and(|v| v == "0" || v == "off") {
            set_fsync(false);
        }
        fs::create_dir_all(root.join("dfs"))
            .map_err(|e| io_err("create the data home", &root, e))?;
        let lock_path = root.join("LOCK");
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| io_err("open", &lock_path, e))?;
        if lock.try_lock().is_err() {
            return Err(Error::runtime(format!(
                "The data home {} is in use by another porpoise process",
                root.display()
            )));
        }
        let format_path = root.join("FORMAT");
        match fs::read_to_string(&format_path) {
            Ok(text) => {
                let v = text
                    .trim()
                    .strip_prefix("porpoise-home ")
                    .and_then(|v| v.parse::<u32>().ok());
                if v != Some(FORMAT_VERSION) {
                    return Err(Error::runtime(format!(
                        "The data home {} has an unsupported format ({}); this porpoise reads format {FORMAT_VERSION}",
                        root.display(),
                        text.trim()
                    )));
                }
            }
            Err(_) => write_atomic(
                &format_path,
                format!("porpoise-home {FORMAT_VERSION}\n").as_bytes(),
            )?,
        }
        // Databases dropped by a process that crashed before deleting their files.
        if let Ok(entries) = fs::read_dir(root.join("dfs")) {
            for e in entries.flatten() {
                if e.file_name().to_string_lossy().starts_with(".trash-") {
                    let _ = fs::remove_dir_all(e.path());
                }
            }
        }
        Ok(Arc::new(Storage {
            root,
            _lock: lock,
            write: Mutex::new(()),
            state: Mutex::new(State::default()),
        }))
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn state(&self) -> Result<MutexGuard<'_, State>> {
        self.state.lock().map_err(|_| lock_poisoned())
    }

    fn writer(&self) -> Result<MutexGuard<'_, ()>> {
        self.write.lock().map_err(|_| lock_poisoned())
    }

    /// `<home>/dfs/<name>`.
    pub fn db_dir(&self, name: &str) -> PathBuf {
        self.root.join("dfs").join(name)
    }

    pub fn exists_database(&self, name: &str) -> bool {
        self.db_dir(name).join("database.json").is_file()
    }

    /// Names of every database in the home.
    pub fn list_databases(&self) -> Vec<String> {
        let mut out: Vec<String> = fs::read_dir(self.root.join("dfs"))
            .map(|rd| {
                rd.flatten()
                    .filter(|e| e.path().join("database.json").is_file())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        out.sort();
        out
    }

    /// Creates a database, or reopens it when one with the same partition scheme types exists.
    pub fn create_database(
        &self,
        name: &str,
        levels: Vec<Level>,
        compo: bool,
        engine: &str,
        atomic: &str,
    ) -> Result<Arc<DbMeta>> {
        check_name(name, "database")?;
        let _w = self.writer()?;
        if self.exists_database(name) {
            let db = self.database(name)?;
            let same = db.levels.len() == levels.len()
                && db
                    .levels
                    .iter()
                    .zip(&levels)
                    .all(|(a, b)| a.kind == b.kind && a.ty == b.ty);
            if !same {
                return Err(Error::runtime(format!(
                    "The database dfs://{name} already exists with a different partition scheme"
                )));
            }
            return Ok(db);
        }
        let dir = self.db_dir(name);
        fs::create_dir_all(&dir).map_err(|e| io_err("create", &dir, e))?;
        let meta = DbMeta {
            format: FORMAT_VERSION,
            name: name.to_string(),
            levels,
            compo,
            engine: engine.to_string(),
            atomic: atomic.to_string(),
            tables: Vec::new(),
            created: now_millis(),
        };
        write_json(&dir.join("database.json"), &meta)?;
        manifest::sync_dir(&self.root.join("dfs"))?;
        let meta = Arc::new(meta);
        self.state()?.dbs.insert(name.to_string(), meta.clone());
        Ok(meta)
    }

    /// The catalog entry of a database.
    pub fn database(&self, name: &str) -> Result<Arc<DbMeta>> {
        if let Some(db) = self.state()?.dbs.get(name) {
            return Ok(db.clone());
        }
        if !self.exists_database(name) {
            return Err(Error::runtime(format!(
                "The database dfs://{name} does not exist"
            )));
        }
        let meta: DbMeta = read_json(&self.db_dir(name).join("database.json"))?;
        if meta.format != FORMAT_VERSION {
            return Err(Error::runtime(format!(
                "The database dfs://{name} has an unsupported format version {}",
                meta.format
            )));
        }
        let meta = Arc::new(meta);
        self.state()?.dbs.insert(name.to_string(), meta.clone());
        Ok(meta)
    }

    fn save_database(&self, meta: DbMeta) -> Result<Arc<DbMeta>> {
        write_json(&self.db_dir(&meta.name).join("database.json"), &meta)?;
        let meta = Arc::new(meta);
        self.state()?.dbs.insert(meta.name.clone(), meta.clone());
        Ok(meta)
    }

    /// Drops a database and every table in it.
    pub fn drop_database(&self, name: &str) -> Result<()> {
        check_name(name, "database")?;
        let _w = self.writer()?;
        if !self.exists_database(name) {
            return Err(Error::runtime(format!(
                "The database dfs://{name} does not exist"
            )));
        }
        let dir = self.db_dir(name);
        // Renaming first makes the drop atomic; the files are deleted afterwards (or when
        // the home is next opened, after a crash).
        let trash = self
            .root
            .join("dfs")
            .join(format!(".trash-{}", manifest::new_uuid()));
        fs::rename(&dir, &trash).map_err(|e| io_err("drop", &dir, e))?;
        manifest::sync_dir(&self.root.join("dfs"))?;
        {
            let mut st = self.state()?;
            st.dbs.remove(name);
            st.tables.retain(|(d, _), _| d != name);
        }
        let _ = fs::remove_dir_all(&trash);
        Ok(())
    }
}

impl Storage {
    /// Adds values to the VALUE domain of level `level`; returns how many were new.
    pub fn add_value_partitions(
        &self,
        db: &str,
        values: &crate::value::Vector,
        level: usize,
    ) -> Result<usize> {
        let _w = self.writer()?;
        let meta = self.database(db)?;
        let Some(l) = meta.levels.get(level) else {
            return Err(Error::domain(format!(
                "The database dfs://{db} has no partition level {level}"
            )));
        };
        if l.kind != Kind::Value {
            return Err(Error::domain(format!(
                "Level {level} of the database dfs://{db} is a {} domain; addValuePartitions needs a VALUE domain",
                l.kind.name()
            )));
        }
        let dom = scheme::to_domain(values, l.ty(), "newValues")?;
        let mut next = (*meta).clone();
        let lv = &mut next.levels[level];
        let mut added = 0;
        for k in scheme::keys_of(&dom).into_iter().flatten() {
            if !lv.values.contains(&k) {
                lv.values.push(k);
                added += 1;
            }
        }
        if added > 0 {
            self.save_database(next)?;
        }
        Ok(added)
    }

    /// Removes VALUE-domain values of the first level that no table has a partition for
    /// any more (`dropPartition(..., deleteSchema=true)`).
    pub fn remove_unused_values(&self, db: &str, candidates: &[Key]) -> Result<usize> {
        let meta = self.database(db)?;
        if meta.levels.first().is_none_or(|l| l.kind != Kind::Value) || candidates.is_empty() {
            return Ok(0);
        }
        let mut used = std::collections::HashSet::new();
        for t in &meta.tables {
            for p in &self.manifest(db, t)?.partitions {
                if let Some(k) = p.keys.first() {
                    used.insert(k.clone());
                }
            }
        }
        let _w = self.writer()?;
        let mut next = (*meta).clone();
        let before = next.levels[0].values.len();
        next.levels[0]
            .values
            .retain(|k| used.contains(k) || !candidates.contains(k));
        let removed = before - next.levels[0].values.len();
        if removed > 0 {
            self.save_database(next)?;
        }
        Ok(removed)
    }
}

/// Checks a database, table, column or partition name: no path separators, no `..`, no
/// NUL, not empty, not hidden. Such names could escape the data home.
pub fn check_name(name: &str, what: &str) -> Result<()> {
    let bad = name.is_empty()
        || name == "."
        || name == ".."
        || name.starts_with('.')
        || name.contains(['/', '\\', '\0'])
        || name.len() > 255;
    if bad {
        return Err(Error::domain(format!(
            "Invalid {what} name '{}': names must be non-empty and must not contain '/', '\\', NUL or start with '.'",
            name.escape_default()
        )));
    }
    Ok(())
}

/// The database name of a `dfs://name` path.
pub fn dfs_name(path: &str) -> Result<&str> {
    let Some(name) = path.strip_prefix("dfs://") else {
        return Err(Error::domain(format!(
            "Only dfs:// databases are supported, not '{path}'"
        )));
    };
    let name = name.strip_suffix('/').unwrap_or(name);
    check_name(name, "database")?;
    Ok(name)
}

fn registry() -> &'static Mutex<HashMap<PathBuf, Arc<Storage>>> {
    static OPEN: OnceLock<Mutex<HashMap<PathBuf, Arc<Storage>>>> = OnceLock::new();
    OPEN.get_or_init(|| Mutex::new(HashMap::new()))
}

fn default_home() -> &'static Mutex<Option<Home>> {
    static HOME: OnceLock<Mutex<Option<Home>>> = OnceLock::new();
    HOME.get_or_init(|| Mutex::new(None))
}

/// The storage of a home, opened once per process and kept open (with its lock) until exit.
pub fn for_home(home: &Home) -> Result<Arc<Storage>> {
    let mut open = registry().lock().map_err(|_| lock_poisoned())?;
    if let Some(s) = open.get(home.root()) {
        return Ok(s.clone());
    }
    let s = Storage::open(home)?;
    open.insert(home.root().to_path_buf(), s.clone());
    Ok(s)
}

/// Sets the home that dfs functions open (the CLI's `--home`); without it they use
/// `Home::resolve(None)` (`PORPOISE_HOME`, else the platform default).
pub fn set_default_home(home: Home) {
    if let Ok(mut h) = default_home().lock() {
        *h = Some(home);
    }
}

/// The storage dfs functions use, opened on first call.
pub fn default_storage() -> Result<Arc<Storage>> {
    let home = default_home()
        .lock()
        .map_err(|_| lock_poisoned())?
        .clone()
        .unwrap_or_else(|| Home::resolve(None));
    for_home(&home)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_escape_are_rejected() {
        for bad in ["", "..", "a/b", "a\0", ".hidden", "a\\b"] {
            assert!(check_name(bad, "database").is_err(), "{bad:?}");
        }
        assert!(check_name("compoDB", "database").is_ok());
        assert_eq!(dfs_name("dfs://x").expect("valid"), "x");
        assert!(dfs_name("dfs://../x").is_err());
        assert!(dfs_name("/tmp/x").is_err());
    }

    #[test]
    fn second_open_is_refused() {
        let dir = std::env::temp_dir().join(format!("porpoise-lock-{}", manifest::new_uuid()));
        let home = Home::at(&dir);
        let first = Storage::open(&home).expect("first open");
        let err = Storage::open(&home).err().expect("second open fails");
        assert!(err.message.contains("in use by another porpoise process"));
        drop(first);
        assert!(Storage::open(&home).is_ok());
        let _ = fs::remove_dir_all(&dir);
    }
}
