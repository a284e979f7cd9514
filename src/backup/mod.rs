//! Backup, restore and migration of `dfs://` tables: DolphinDB's `backup` family over the
//! embedded storage engine, with verified, resumable, incremental and parallel backups.
//!
//! # Public API (the builtins in `builtins/backup.rs` and scheduled jobs call these)
//!
//! - [`backup_copy`]`(storage, backupDir, db, &[TableSelection], whole_db, &BackupOptions,
//!   user) -> partitions written`: copy mode (`backup(dir, dbPath, ...)`).
//! - [`backup_sql`]`(interp, backupDir, &Select, &BackupOptions, user)`: SQL mode
//!   (`backup(dir, <select ...>)`); [`select_of`] finds the `select` in a metacode value.
//! - [`restore`]`(func, storage, backupDir, db, table, pattern, &RestoreOptions, user) ->
//!   restored DFS paths`; [`restore_table`] (restoreDB/restoreTable); [`migrate`].
//! - Inspection: [`backup_list`], [`check_backup`], [`table_meta`], [`layout::scan`],
//!   [`find_chunk`], [`load_chunk`]; the task log: [`status::tasks`].
//!
//! A scheduled backup is just a call of the `backup` builtin (or of [`backup_copy`]) from
//! a job; it needs a logged-in user, whose name goes into the task log.
//!
//! Consistency: each table's backup reads one [`crate::storage::Snapshot`], which pins the
//! partition versions at the start while writers continue. The layout is in
//! `docs/FORMAT.md` ("Backups").

pub mod inspect;
pub mod layout;
pub mod restore;
pub mod sql;
pub mod status;
pub mod write;

pub use inspect::{backup_list, check_backup, find_chunk, load_chunk, table_meta};
pub use layout::{ChunkMeta, Mode, TableMeta};
pub use restore::{migrate, partition_matches, restore, restore_table, RestoreOptions};
pub use sql::{backup_sql, select_of};
pub use status::Cancel;
pub use write::{backup_copy, BackupOptions, TableSelection};
