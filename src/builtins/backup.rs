//! The backup family as builtins: `backup`, `backupDB`, `backupTable`, `restore`,
//! `restoreDB`, `restoreTable`, `migrate`, `getBackupList`, `getBackupMeta`, `loadBackup`,
//! `checkBackup` and `getBackupStatus`. Argument checking lives here; the work is in
//! `crate::backup`. Every function requires a logged-in user, as in DolphinDB.

use super::args::{bool_arg, str_arg, strings_arg};
use super::dfs::{select_partitions, storage};
use super::registry::{Builtin, Registry};
use crate::backup::{self as bk, layout, BackupOptions, Cancel, RestoreOptions, TableSelection};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::storage::{self, Storage};
use crate::value::{Dict, Scalar, Type, Value, VecData, Vector};
use std::path::PathBuf;
use std::sync::Arc;

const EX_SETUP: &str = "login(`admin, `123456); p = \"dfs://ex_backup\"; if(existsDatabase(p)) dropDatabase(p); db = database(p, VALUE, 1 2); db.createPartitionedTable(table(1 2 as id), `pt, `id).append!(table(1 2 2 as id)); ";

pub fn register(reg: &mut Registry) {
    reg.add(Builtin::new("backup(backupDir, dbPath|sqlObj, [force=false], [parallel=false], [snapshot=true], [tableName], [partition])", backup)
        .doc("Backs up a dfs:// database (copying partition files) or the rows a SQL query selects from each partition; returns the number of partitions backed up. Incremental unless force; verified and resumable.")
        .example(leak(format!("{EX_SETUP}backup(\"/tmp/porpoise-ex-backup\", p, true)")), "2"));
    reg.add(Builtin::new("backupDB(backupDir, dbPath)", backup_db)
        .doc("backup(backupDir, dbPath, force=false, parallel=true, snapshot=true): an incremental, mirrored backup of a whole database; returns the partitions written.")
        .example(leak(format!("{EX_SETUP}backupDB(\"/tmp/porpoise-ex-backupdb\", p); backupDB(\"/tmp/porpoise-ex-backupdb\", p)")), "0"));
    reg.add(Builtin::new("backupTable(backupDir, dbPath, tableName)", backup_table)
        .doc("backup(backupDir, dbPath, force=false, parallel=true, snapshot=true, tableName): an incremental, mirrored backup of one table; returns the partitions written.")
        .example(leak(format!("{EX_SETUP}backupTable(\"/tmp/porpoise-ex-backuptb\", p, `pt)")), "2"));
    reg.add(Builtin::new("restore(backupDir, dbPath, tableName, partition, [force=false], [outputTable], [parallel=false], [snapshot=false])", restore)
        .doc("Restores backed-up partitions matching a pattern (`%` any run, `?` one character) into the table or outputTable; every checksum is verified first. Returns the restored partition paths.")
        .example(leak(format!("{EX_SETUP}backup(\"/tmp/porpoise-ex-restore\", p, true); restore(\"/tmp/porpoise-ex-restore\", p, `pt, \"%\", true)")), "[\"dfs://ex_backup/1\",\"dfs://ex_backup/2\"]"));
    reg.add(Builtin::new("restoreDB(backupDir, dbPath, [newDBPath])", restore_db)
        .doc("Restores every table of a backed-up database (creating the database and tables if missing), leaving it equal to the backup; returns table(dbName, tableName).")
        .example(leak(format!("{EX_SETUP}backup(\"/tmp/porpoise-ex-restoredb\", p, true); restoreDB(\"/tmp/porpoise-ex-restoredb\", p)")), "dbName          tableName\n--------------- ---------\ndfs://ex_backup pt"));
    reg.add(Builtin::new("restoreTable(backupDir, dbPath, tableName, [newDBPath], [newTableName])", restore_table)
        .doc("Restores one backed-up table (creating it if missing), leaving it equal to the backup; returns table(dbName, tableName).")
        .example(leak(format!("{EX_SETUP}backup(\"/tmp/porpoise-ex-restoretb\", p, true); restoreTable(\"/tmp/porpoise-ex-restoretb\", p, `pt, , `pt2).tableName")), "[\"pt2\"]"));
    reg.add(Builtin::new("migrate(backupDir, [backupDBPath], [backupTableName], [newDBPath], [newTableName])", migrate)
        .doc("Restores backed-up tables into tables that must not exist yet (all databases of the directory by default); returns table(dbName, tableName, success, errorMsg).")
        .example(leak(format!("{EX_SETUP}backup(\"/tmp/porpoise-ex-migrate\", p, true); if(existsDatabase(\"dfs://ex_migrated\")) dropDatabase(\"dfs://ex_migrated\"); migrate(\"/tmp/porpoise-ex-migrate\", p, `pt, \"dfs://ex_migrated\").success")), "[true]"));
    reg.add(Builtin::new("getBackupList(backupDir, dbPath, tableName)", get_backup_list)
        .doc("One row per backed-up partition of a table: chunkID, chunkPath, cid, rows, updateTime.")
        .example(leak(format!("{EX_SETUP}backup(\"/tmp/porpoise-ex-list\", p, true); getBackupList(\"/tmp/porpoise-ex-list\", p, `pt).rows")), "[1,2]"));
    reg.add(Builtin::new("getBackupMeta(backupDir, dbPath, partition, tableName)", get_backup_meta)
        .doc("A dictionary describing one backed-up partition: schema, dfsPath, rows, chunkID, cid.")
        .example(leak(format!("{EX_SETUP}backup(\"/tmp/porpoise-ex-meta\", p, true); getBackupMeta(\"/tmp/porpoise-ex-meta\", p, \"/2\", `pt)[`dfsPath]")), "dfs://ex_backup/2"));
    reg.add(Builtin::new("loadBackup(backupDir, dbPath, partition, tableName)", load_backup)
        .doc("The rows of one backed-up partition as an in-memory table (checksums verified).")
        .example(leak(format!("{EX_SETUP}backup(\"/tmp/porpoise-ex-load\", p, true); loadBackup(\"/tmp/porpoise-ex-load\", p, \"/2\", `pt).id")), "[2,2]"));
    reg.add(Builtin::new("checkBackup(backupDir, dbPath, [tableName], [partition])", check_backup)
        .doc("Re-reads and re-checksums every byte of a backup; an empty table when intact, else one row per damaged partition (dbName, tableName, chunkPath, chunkID, partitionPath).")
        .example(leak(format!("{EX_SETUP}backup(\"/tmp/porpoise-ex-check\", p, true); size(checkBackup(\"/tmp/porpoise-ex-check\", p))")), "0"));
    reg.add(Builtin::new("getBackupStatus([userName])", get_backup_status)
        .doc("One row per backup or restore task and table (kept in the data home, so it survives restarts): userName, type, startTime, dbName, tableName, totalPartitions, completedPartitions, percentComplete, endTime, completed, bytesTotal, bytesDone.")
        .example(leak(format!("{EX_SETUP}backup(\"/tmp/porpoise-ex-status\", p, true); last(getBackupStatus().type)")), "BACKUP_BY_COPY_FILE"));
}

/// Builtin examples are `&'static str`; these few are built once at registration.
fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn login(it: &Interp, func: &str) -> Result<String> {
    crate::auth::require_login(it, func)?;
    Ok(crate::auth::current_user(it))
}

fn dir_arg(it: &Interp, func: &str, v: &Value) -> Result<PathBuf> {
    let s = str_arg(func, "backupDir", v)?;
    if s.is_empty() {
        return Err(Error::domain(format!(
            "[{func}] The backup directory must not be empty"
        )));
    }
    Ok(it.resolve_path(&s))
}

fn db_arg(func: &str, param: &str, v: &Value) -> Result<String> {
    let s = str_arg(func, param, v)?;
    storage::dfs_name(&s)
        .map(str::to_string)
        .map_err(|e| Error::domain(format!("[{func}] {}", e.message)))
}

fn opt(args: &[Value], i: usize) -> Option<&Value> {
    args.get(i).filter(|v| !v.is_void())
}

fn existing_db(func: &str, st: &Storage, db: &str) -> Result<()> {
    if st.exists_database(db) {
        Ok(())
    } else {
        Err(Error::runtime(format!(
            "[{func}] The database dfs://{db} does not exist"
        )))
    }
}

fn existing_table(func: &str, st: &Storage, db: &str, t: &str) -> Result<()> {
    existing_db(func, st, db)?;
    if st.exists_table(db, t) {
        Ok(())
    } else {
        Err(Error::runtime(format!(
            "[{func}] The table {t} does not exist in database dfs://{db}"
        )))
    }
}

fn backup(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let user = login(it, "backup")?;
    let dir = dir_arg(it, "backup", &args[0])?;
    let opts = BackupOptions {
        force: bool_arg("backup", "force", args.get(2), false)?,
        parallel: bool_arg("backup", "parallel", args.get(3), false)?,
        snapshot: bool_arg("backup", "snapshot", args.get(4), true)?,
        cancel: Cancel::new(it.interrupt_flag()),
    };
    match &args[1] {
        Value::Code(code) => {
            if opt(args, 5).is_some() || opt(args, 6).is_some() {
                return Err(Error::runtime(
                    "[backup] tableName and partition only apply to a backup by dbPath",
                ));
            }
            let Some(q) = bk::select_of(code) else {
                return Err(Error::runtime(
                    "[backup] The sqlObj must be a select from a DFS table, such as <select * from loadTable(\"dfs://db\", \"t\") where ...>",
                ));
            };
            let q = q.clone();
            let n = bk::backup_sql(it, &dir, &q, &opts, &user)?;
            Ok(Value::int(n as i32))
        }
        Value::Scalar(Scalar::Str(..)) => {
            let db = db_arg("backup", "dbPath", &args[1])?;
            let tables = opt(args, 5)
                .map(|v| strings_arg("backup", "tableName", v))
                .transpose()?;
            run_copy("backup", &dir, &db, tables, opt(args, 6), &opts, &user)
        }
        other => Err(Error::type_err(format!(
            "The argument [dbPath|sqlObj] of [backup] must be a dfs:// path or SQL metacode, not {}",
            other.type_str()
        ))),
    }
}

fn run_copy(
    func: &str,
    dir: &std::path::Path,
    db: &str,
    tables: Option<Vec<Arc<str>>>,
    partition: Option<&Value>,
    opts: &BackupOptions,
    user: &str,
) -> Result<Value> {
    let st = storage()?;
    existing_db(func, &st, db)?;
    let whole_db = tables.is_none();
    let names: Vec<String> = match tables {
        Some(ts) => ts.iter().map(|t| t.to_string()).collect(),
        None => st.database(db)?.tables.clone(),
    };
    let mut sels = Vec::new();
    let given_paths: Vec<String> = match partition {
        Some(Value::Scalar(Scalar::Str(_, s))) => vec![s.to_string()],
        Some(Value::Vector(v)) => match v.data() {
            VecData::Str(xs) => xs.iter().map(|s| s.to_string()).collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    let mut matched = vec![false; given_paths.len()];
    for t in &names {
        existing_table(func, &st, db, t)?;
        let partitions = match partition {
            None => None,
            Some(spec) => {
                let ps = select_partitions(&st, db, t, spec)
                    .map_err(|e| Error::new(e.kind.clone(), format!("[{func}] {}", e.message)))?;
                for (i, g) in given_paths.iter().enumerate() {
                    let g = g.trim_end_matches('/');
                    matched[i] |= ps.iter().any(|p| p == g || p.starts_with(&format!("{g}/")));
                }
                Some(ps)
            }
        };
        sels.push(TableSelection {
            table: t.clone(),
            partitions,
        });
    }
    if let Some(i) = matched.iter().position(|m| !m) {
        return Err(Error::runtime(format!(
            "[{func}] The partition {} does not exist in dfs://{db}",
            given_paths[i]
        )));
    }
    let n = bk::backup_copy(&st, dir, db, &sels, whole_db, opts, user)?;
    Ok(Value::int(n as i32))
}

fn wrapper_opts(it: &Interp) -> BackupOptions {
    BackupOptions {
        force: false,
        parallel: true,
        snapshot: true,
        cancel: Cancel::new(it.interrupt_flag()),
    }
}

fn backup_db(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let user = login(it, "backupDB")?;
    let dir = dir_arg(it, "backupDB", &args[0])?;
    let db = db_arg("backupDB", "dbPath", &args[1])?;
    run_copy("backupDB", &dir, &db, None, None, &wrapper_opts(it), &user)
}

fn backup_table(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let user = login(it, "backupTable")?;
    let dir = dir_arg(it, "backupTable", &args[0])?;
    let db = db_arg("backupTable", "dbPath", &args[1])?;
    let t = str_arg("backupTable", "tableName", &args[2])?;
    run_copy(
        "backupTable",
        &dir,
        &db,
        Some(vec![t]),
        None,
        &wrapper_opts(it),
        &user,
    )
}

fn restore(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let user = login(it, "restore")?;
    let dir = dir_arg(it, "restore", &args[0])?;
    let db = db_arg("restore", "dbPath", &args[1])?;
    let t = str_arg("restore", "tableName", &args[2])?;
    let pattern = str_arg("restore", "partition", &args[3])?;
    let output = match opt(args, 5) {
        None => None,
        Some(Value::DfsTable(h)) => Some((h.db.clone(), h.table.clone())),
        Some(other) => {
            return Err(Error::type_err(format!(
                "The argument [outputTable] of [restore] must be a DFS table, not {}",
                other.type_str()
            )))
        }
    };
    let opts = RestoreOptions {
        force: bool_arg("restore", "force", args.get(4), false)?,
        parallel: bool_arg("restore", "parallel", args.get(6), false)?,
        snapshot: bool_arg("restore", "snapshot", args.get(7), false)?,
        output,
        cancel: Cancel::new(it.interrupt_flag()),
    };
    let st = storage()?;
    let paths = bk::restore("restore", &st, &dir, &db, &t, &pattern, &opts, &user)?;
    Ok(Value::vector(Vector::strings(
        paths.into_iter().map(Arc::from).collect(),
    )))
}

fn name_table(rows: &[(String, String)]) -> Result<Value> {
    let col = |f: &dyn Fn(&(String, String)) -> String| {
        Arc::new(Vector::strings(
            rows.iter().map(|r| Arc::from(f(r))).collect(),
        ))
    };
    let t = bk::inspect::table(
        &["dbName", "tableName"],
        vec![col(&|r| r.0.clone()), col(&|r| r.1.clone())],
    )?;
    Ok(Value::table(t))
}

fn restore_db(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let user = login(it, "restoreDB")?;
    let dir = dir_arg(it, "restoreDB", &args[0])?;
    let db = db_arg("restoreDB", "dbPath", &args[1])?;
    let tdb = match opt(args, 2) {
        Some(v) => db_arg("restoreDB", "newDBPath", v)?,
        None => db.clone(),
    };
    let tables = layout::tables_of(&dir, &db);
    if tables.is_empty() {
        return Err(Error::runtime(format!(
            "[restoreDB] There is no backup of dfs://{db} in {}",
            dir.display()
        )));
    }
    let st = storage()?;
    let mut rows = Vec::new();
    for t in tables {
        let cancel = Cancel::new(it.interrupt_flag());
        bk::restore_table("restoreDB", &st, &dir, &db, &t, &tdb, &t, &user, &cancel)?;
        rows.push((format!("dfs://{tdb}"), t));
    }
    name_table(&rows)
}

fn restore_table(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let user = login(it, "restoreTable")?;
    let dir = dir_arg(it, "restoreTable", &args[0])?;
    let db = db_arg("restoreTable", "dbPath", &args[1])?;
    let t = str_arg("restoreTable", "tableName", &args[2])?.to_string();
    let tdb = match opt(args, 3) {
        Some(v) => db_arg("restoreTable", "newDBPath", v)?,
        None => db.clone(),
    };
    let tt = match opt(args, 4) {
        Some(v) => str_arg("restoreTable", "newTableName", v)?.to_string(),
        None => t.clone(),
    };
    storage::check_name(&tt, "table")?;
    let st = storage()?;
    let cancel = Cancel::new(it.interrupt_flag());
    bk::restore_table(
        "restoreTable",
        &st,
        &dir,
        &db,
        &t,
        &tdb,
        &tt,
        &user,
        &cancel,
    )?;
    name_table(&[(format!("dfs://{tdb}"), tt)])
}

fn migrate(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let user = login(it, "migrate")?;
    let dir = dir_arg(it, "migrate", &args[0])?;
    if !dir.is_dir() {
        return Err(Error::runtime(format!(
            "[migrate] The backup directory {} does not exist",
            dir.display()
        )));
    }
    let dbs = match opt(args, 1) {
        Some(v) => vec![db_arg("migrate", "backupDBPath", v)?],
        None => layout::databases_of(&dir),
    };
    let one_table = opt(args, 2)
        .map(|v| str_arg("migrate", "backupTableName", v))
        .transpose()?;
    let new_db = opt(args, 3)
        .map(|v| db_arg("migrate", "newDBPath", v))
        .transpose()?;
    let new_table = opt(args, 4)
        .map(|v| str_arg("migrate", "newTableName", v))
        .transpose()?;
    if let Some(t) = &new_table {
        storage::check_name(t, "table")?;
    }
    let mut jobs = Vec::new();
    for db in &dbs {
        let tables = match &one_table {
            Some(t) => vec![t.to_string()],
            None => layout::tables_of(&dir, db),
        };
        if tables.is_empty() {
            return Err(Error::runtime(format!(
                "[migrate] There is no backup of dfs://{db} in {}",
                dir.display()
            )));
        }
        for t in tables {
            bk::table_meta("migrate", &dir, db, &t)?;
            let tdb = new_db.clone().unwrap_or_else(|| db.clone());
            let tt = new_table
                .as_ref()
                .map(|s| s.to_string())
                .unwrap_or_else(|| t.clone());
            jobs.push((db.clone(), t, tdb, tt));
        }
    }
    let st = storage()?;
    let cancel = Cancel::new(it.interrupt_flag());
    Ok(Value::table(bk::migrate(&st, &dir, &jobs, &user, &cancel)?))
}

fn inspect_args(
    it: &Interp,
    func: &str,
    args: &[Value],
    table_at: usize,
) -> Result<(PathBuf, String, String)> {
    let dir = dir_arg(it, func, &args[0])?;
    let db = db_arg(func, "dbPath", &args[1])?;
    let t = str_arg(func, "tableName", &args[table_at])?.to_string();
    Ok((dir, db, t))
}

fn get_backup_list(it: &mut Interp, args: &[Value]) -> Result<Value> {
    login(it, "getBackupList")?;
    let (dir, db, t) = inspect_args(it, "getBackupList", args, 2)?;
    Ok(Value::table(bk::backup_list(&dir, &db, &t)?))
}

fn get_backup_meta(it: &mut Interp, args: &[Value]) -> Result<Value> {
    login(it, "getBackupMeta")?;
    let (dir, db, t) = inspect_args(it, "getBackupMeta", args, 3)?;
    let partition = str_arg("getBackupMeta", "partition", &args[2])?;
    let meta = bk::table_meta("getBackupMeta", &dir, &db, &t)?;
    let chunks = layout::scan(&layout::table_dir(&dir, &db, &t));
    let c = bk::find_chunk("getBackupMeta", &chunks, &partition)?;
    let m = c.meta.as_ref().map_err(|e| e.clone())?;
    let mut d = Dict::new(Type::String, Type::Any, false);
    d.insert(
        Scalar::string("schema"),
        super::dfs_meta::col_defs(&meta.columns),
    );
    d.insert(
        Scalar::string("dfsPath"),
        Value::string(m.dfs_path.as_str()),
    );
    d.insert(Scalar::string("rows"), Value::long(m.rows as i64));
    d.insert(
        Scalar::string("chunkID"),
        Value::string(m.chunk_id.as_str()),
    );
    d.insert(Scalar::string("cid"), Value::long(m.cid as i64));
    Ok(Value::dict(d))
}

fn load_backup(it: &mut Interp, args: &[Value]) -> Result<Value> {
    login(it, "loadBackup")?;
    let (dir, db, t) = inspect_args(it, "loadBackup", args, 3)?;
    let partition = str_arg("loadBackup", "partition", &args[2])?;
    let meta = bk::table_meta("loadBackup", &dir, &db, &t)?;
    let chunks = layout::scan(&layout::table_dir(&dir, &db, &t));
    let c = bk::find_chunk("loadBackup", &chunks, &partition)?;
    Ok(Value::table(bk::load_chunk("loadBackup", c, &meta)?))
}

fn check_backup(it: &mut Interp, args: &[Value]) -> Result<Value> {
    login(it, "checkBackup")?;
    let dir = dir_arg(it, "checkBackup", &args[0])?;
    let db = db_arg("checkBackup", "dbPath", &args[1])?;
    let tables = match opt(args, 2) {
        Some(v) => {
            let t = str_arg("checkBackup", "tableName", v)?.to_string();
            bk::table_meta("checkBackup", &dir, &db, &t)?;
            vec![t]
        }
        None => layout::tables_of(&dir, &db),
    };
    if tables.is_empty() {
        return Err(Error::runtime(format!(
            "[checkBackup] There is no backup of dfs://{db} in {}",
            dir.display()
        )));
    }
    let partition = opt(args, 3)
        .map(|v| str_arg("checkBackup", "partition", v))
        .transpose()?;
    Ok(Value::table(bk::check_backup(
        &dir,
        &db,
        &tables,
        partition.as_deref(),
    )?))
}

fn get_backup_status(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let me = login(it, "getBackupStatus")?;
    let who = opt(args, 0)
        .map(|v| str_arg("getBackupStatus", "userName", v))
        .transpose()?;
    let admin = it.auth.is_admin();
    if let Some(w) = &who {
        if !admin && **w != *me {
            return Err(Error::runtime(
                "[getBackupStatus] Only administrators can see other users' backups",
            ));
        }
    }
    let st = storage()?;
    let now = storage::now_millis();
    let rows: Vec<_> = bk::status::tasks(st.root())?
        .into_iter()
        .filter(|r| match &who {
            Some(w) => r.user_name == **w,
            None => admin || r.user_name == me,
        })
        .collect();
    let s = |f: &dyn Fn(&bk::status::TaskRecord) -> String| {
        Arc::new(Vector::strings(
            rows.iter().map(|r| Arc::from(f(r))).collect(),
        ))
    };
    let ints = |f: &dyn Fn(&bk::status::TaskRecord) -> i32| {
        Arc::new(Vector::ints(rows.iter().map(f).collect()))
    };
    let ts = |f: &dyn Fn(&bk::status::TaskRecord) -> i64| {
        Arc::new(Vector::new(
            Type::Timestamp,
            VecData::I64(rows.iter().map(f).collect()),
        ))
    };
    let pct = |r: &bk::status::TaskRecord| -> f64 {
        if r.total_partitions == 0 {
            100.0
        } else {
            r.completed_partitions as f64 * 100.0 / r.total_partitions as f64
        }
    };
    // While a task runs, endTime is an estimate from its progress so far, as in DolphinDB.
    let end = |r: &bk::status::TaskRecord| -> i64 {
        match r.end_time {
            Some(e) => e,
            None if r.completed_partitions > 0 => {
                let spent = (now - r.start_time).max(0) as f64;
                r.start_time
                    + (spent * r.total_partitions as f64 / r.completed_partitions as f64) as i64
            }
            None => i64::MIN,
        }
    };
    let t = bk::inspect::table(
        &[
            "userName",
            "type",
            "startTime",
            "dbName",
            "tableName",
            "totalPartitions",
            "completedPartitions",
            "percentComplete",
            "endTime",
            "completed",
            "bytesTotal",
            "bytesDone",
        ],
        vec![
            s(&|r| r.user_name.clone()),
            s(&|r| r.kind.clone()),
            ts(&|r| r.start_time),
            s(&|r| r.db_name.clone()),
            s(&|r| r.table_name.clone()),
            ints(&|r| r.total_partitions as i32),
            ints(&|r| r.completed_partitions as i32),
            Arc::new(Vector::doubles(rows.iter().map(pct).collect())),
            ts(&end),
            ints(&|r| r.completed as i32),
            Arc::new(Vector::longs(
                rows.iter().map(|r| r.bytes_total as i64).collect(),
            )),
            Arc::new(Vector::longs(
                rows.iter().map(|r| r.bytes_done as i64).collect(),
            )),
        ],
    )?;
    Ok(Value::table(t))
}
