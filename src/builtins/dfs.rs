//! Distributed-database functions over the embedded storage engine (`crate::storage`):
//! `database`, `createPartitionedTable`, `createDimensionTable`, `loadTable`, `tableInsert`,
//! `existsDatabase`, `existsTable`, `dropDatabase`, `dropTable`, `dropPartition`.
//! Introspection (`schema`, `getTables`, `getTabletsMeta`) is in `dfs_meta.rs`.
//!
//! The data home opens lazily, on the first call that needs it.

use super::args::{str_arg, strings_arg};
use super::registry::{Builtin, Registry};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::storage::{self, ColumnDef, DbHandle, Level, Pred, Storage, TableHandle};
use crate::value::{Scalar, Value};
use std::sync::Arc;

pub fn register(reg: &mut Registry) {
    reg.add(Builtin::new(
        "database(directory, [partitionType], [partitionScheme], [locations], [engine='OLAP'], [atomic='TRANS'], [chunkGranularity='TABLE'])",
        database,
    )
    .doc("Creates (or reopens) a dfs:// database with a VALUE, RANGE, HASH, LIST or COMPO partition scheme; an empty directory gives a level for COMPO.")
    .example("db = database(, VALUE, 1 2 3); db", "DB[]"));
    reg.add(Builtin::new(
        "createPartitionedTable(dbHandle, table, tableName, partitionColumns, [compressMethods], [sortColumns], [keepDuplicates])",
        create_partitioned_table,
    )
    .doc("Creates an empty partitioned table in a dfs:// database with the schema of `table`; returns its handle.")
    .example(
        "login(`admin, `123456); p = \"dfs://ex_cpt\"; if(existsDatabase(p)) dropDatabase(p); db = database(p, VALUE, 1 2); pt = db.createPartitionedTable(table(1 2 as id, 1.5 2.5 as x), `pt, `id); typestr(pt)",
        "SEGMENTED DFS TABLE",
    ));
    reg.add(Builtin::new(
        "createDimensionTable(dbHandle, table, tableName, [compressMethods], [sortColumns])",
        create_dimension_table,
    )
    .aliases(&["createTable"])
    .doc("Creates an empty unpartitioned (dimension) table in a dfs:// database; returns its handle.")
    .example(
        "login(`admin, `123456); p = \"dfs://ex_cdt\"; if(existsDatabase(p)) dropDatabase(p); db = database(p, VALUE, 1 2); dt = db.createDimensionTable(table(1 2 as id), `dt); typestr(dt)",
        "DFS TABLE",
    ));
    reg.add(Builtin::new("loadTable(database, tableName, [partitions], [memoryMode=false])", load_table)
        .doc("The handle of a table of a dfs:// database (a path or a database handle); its rows stay on disk.")
        .example(
            "login(`admin, `123456); p = \"dfs://ex_lt\"; if(existsDatabase(p)) dropDatabase(p); db = database(p, RANGE, 0 5 10); db.createPartitionedTable(table(1 2 as id), `pt, `id).append!(table(1 7 as id)); exec count(*) from loadTable(p, `pt)",
            "2",
        ));
    reg.add(
        Builtin::new("existsDatabase(dbUrl)", exists_database)
            .doc("Whether a dfs:// database exists.")
            .example("existsDatabase(\"dfs://ex_never_created\")", "false"),
    );
    reg.add(
        Builtin::new("existsTable(dbUrl, tableName)", exists_table)
            .doc("Whether a table exists in a dfs:// database.")
            .example("existsTable(\"dfs://ex_never_created\", `t)", "false"),
    );
    reg.add(Builtin::new("dropDatabase(dbUrl)", drop_database)
        .doc("Deletes a dfs:// database with all its tables.")
        .example(
            "login(`admin, `123456); p = \"dfs://ex_dd\"; if(existsDatabase(p)) dropDatabase(p); database(p, VALUE, 1 2); dropDatabase(p); existsDatabase(p)",
            "false",
        ));
    reg.add(Builtin::new("dropTable(dbHandle, tableName)", drop_table)
        .doc("Deletes a table of a dfs:// database.")
        .example(
            "login(`admin, `123456); p = \"dfs://ex_dt\"; if(existsDatabase(p)) dropDatabase(p); db = database(p, VALUE, 1 2); db.createPartitionedTable(table(1 as id), `pt, `id); dropTable(db, `pt); existsTable(p, `pt)",
            "false",
        ));
    reg.add(Builtin::new(
        "dropPartition(dbHandle, partitionPaths, [tableName], [forceDelete=false], [deleteSchema=false])",
        drop_partition,
    )
    .doc("Deletes partitions given by path (`\"/20170807/0_50\"`) or by partitioning values (a tuple with one element per COMPO level; an empty element matches every partition of that level).")
    .example(
        "login(`admin, `123456); p = \"dfs://ex_dp\"; if(existsDatabase(p)) dropDatabase(p); db = database(p, VALUE, 1 2); pt = db.createPartitionedTable(table(1 2 as id), `pt, `id); pt.append!(table(1 2 2 as id)); dropPartition(db, \"/1\", `pt); exec count(*) from pt",
        "2",
    ));
    reg.add(Builtin::new("truncate(dbUrl, tableName)", truncate)
        .doc("Deletes every row of a DFS table, keeping its schema.")
        .example(
            "login(`admin, `123456); p = \"dfs://ex_tr\"; if(existsDatabase(p)) dropDatabase(p); db = database(p, VALUE, 1 2); db.createPartitionedTable(table(1 as id), `pt, `id).append!(table(1 2 as id)); truncate(p, `pt); exec count(*) from loadTable(p, `pt)",
            "0",
        ));
    reg.add(Builtin::new("addValuePartitions(dbHandle, newValues, [level=0], [locations])", add_value_partitions)
        .doc("Adds values to the VALUE domain of a database (level picks the COMPO level); returns how many were new.")
        .example(
            "login(`admin, `123456); p = \"dfs://ex_avp\"; if(existsDatabase(p)) dropDatabase(p); db = database(p, VALUE, 1 2); addValuePartitions(db, 2 3 4)",
            "2",
        ));
}

/// The storage the session's dfs functions use.
pub fn storage() -> Result<Arc<Storage>> {
    storage::default_storage()
}

fn is_empty_dir(v: &Value) -> bool {
    matches!(v, Value::Scalar(Scalar::Void))
        || matches!(v, Value::Scalar(Scalar::Str(_, s)) if s.is_empty())
}

fn opt_str(args: &[Value], i: usize, default: &str) -> Result<String> {
    match args.get(i) {
        None | Some(Value::Scalar(Scalar::Void)) => Ok(default.to_string()),
        Some(v) => Ok(str_arg("database", "engine", v)?.to_uppercase()),
    }
}

fn database(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let kind = match args.get(1) {
        None | Some(Value::Scalar(Scalar::Void)) => None,
        Some(Value::Scalar(s)) if s.ty().is_integral() => s.as_i64(),
        Some(other) => {
            return Err(Error::type_err(format!(
                "The argument [partitionType] of [database] must be a partition type such as VALUE, not {}",
                other.type_str()
            )))
        }
    };
    let engine = opt_str(args, 4, "OLAP")?;
    let atomic = opt_str(args, 5, "TRANS")?;
    if !matches!(engine.as_str(), "OLAP" | "TSDB") {
        return Err(Error::domain(format!(
            "The storage engine {engine} is not supported; use OLAP or TSDB"
        )));
    }
    if !matches!(atomic.as_str(), "TRANS" | "CHUNK") {
        return Err(Error::domain(format!(
            "The atomic level {atomic} is not supported; use TRANS or CHUNK"
        )));
    }
    let scheme = args.get(2).cloned().unwrap_or(Value::NULL);
    let build_levels = |kind: i64| -> Result<(Vec<Level>, bool)> {
        if kind != 4 {
            return Ok((vec![Level::from_script(kind, &scheme)?], false));
        }
        let items: Vec<Value> = match &scheme {
            Value::Vector(v) if v.is_tuple() => v.iter_values().collect(),
            _ => Vec::new(),
        };
        let mut levels = Vec::new();
        for it in &items {
            match it {
                Value::Database(h) if h.levels.len() == 1 => levels.push(h.levels[0].clone()),
                _ => return Err(Error::domain("A COMPO partition scheme must be a vector of 2 or 3 database handles created with database(\"\", ...)")),
            }
        }
        if !(2..=3).contains(&levels.len()) {
            return Err(Error::domain("A COMPO partition scheme must be a vector of 2 or 3 database handles created with database(\"\", ...)"));
        }
        Ok((levels, true))
    };
    let dir = &args[0];
    if is_empty_dir(dir) {
        let Some(kind) = kind else {
            return Err(Error::domain(
                "An in-memory database needs a partition type and scheme",
            ));
        };
        let (levels, compo) = build_levels(kind)?;
        return Ok(Value::Database(Arc::new(DbHandle {
            name: None,
            levels,
            compo,
            engine,
            atomic,
            storage: None,
        })));
    }
    let path = str_arg("database", "directory", dir)?;
    let name = storage::dfs_name(&path)?.to_string();
    crate::auth::require_login(it, "database")?;
    let st = storage()?;
    let meta = match kind {
        None => st.database(&name).map_err(|_| {
            Error::runtime(format!(
                "The database {path} does not exist; give a partition type and scheme to create it"
            ))
        })?,
        Some(kind) => {
            let (levels, compo) = build_levels(kind)?;
            st.create_database(&name, levels, compo, &engine, &atomic)?
        }
    };
    Ok(db_value(st, &meta))
}

fn db_value(st: Arc<Storage>, meta: &storage::DbMeta) -> Value {
    Value::Database(Arc::new(DbHandle {
        name: Some(meta.name.clone()),
        levels: meta.levels.clone(),
        compo: meta.compo,
        engine: meta.engine.clone(),
        atomic: meta.atomic.clone(),
        storage: Some(st),
    }))
}

/// The dfs database a handle or a `dfs://` path names.
pub fn db_of(func: &str, v: &Value) -> Result<(Arc<Storage>, String)> {
    match v {
        Value::Database(h) => match (&h.name, &h.storage) {
            (Some(n), Some(s)) => Ok((s.clone(), n.clone())),
            _ => Err(Error::runtime(format!(
                "[{func}] needs a dfs:// database, not an in-memory database handle"
            ))),
        },
        Value::Scalar(Scalar::Str(_, p)) => {
            let name = storage::dfs_name(p)?.to_string();
            Ok((storage()?, name))
        }
        other => Err(Error::type_err(format!(
            "The argument [dbHandle] of [{func}] must be a database handle or a dfs:// path, not {}",
            other.type_str()
        ))),
    }
}

fn schema_columns(func: &str, v: &Value) -> Result<Vec<ColumnDef>> {
    let t = match v {
        Value::Table(t) => t.clone(),
        Value::DfsTable(h) => {
            let m = h.storage.manifest(&h.db, &h.table)?;
            return Ok(m.columns.clone());
        }
        other => {
            return Err(Error::type_err(format!(
                "The argument [table] of [{func}] must be a table, not {}",
                other.type_str()
            )))
        }
    };
    Ok(t.names()
        .iter()
        .zip(t.columns())
        .map(|(n, c)| ColumnDef {
            name: n.to_string(),
            ty: c.ty().id(),
            comment: String::new(),
        })
        .collect())
}

fn handle(st: Arc<Storage>, db: &str, table: &str) -> Value {
    Value::DfsTable(Arc::new(TableHandle {
        storage: st,
        db: db.to_string(),
        table: table.to_string(),
    }))
}

fn create_partitioned_table(it: &mut Interp, args: &[Value]) -> Result<Value> {
    crate::auth::require_login(it, "createPartitionedTable")?;
    let (st, db) = db_of("createPartitionedTable", &args[0])?;
    let cols = schema_columns("createPartitionedTable", &args[1])?;
    let name = str_arg("createPartitionedTable", "tableName", &args[2])?;
    let pcols: Vec<String> = strings_arg("createPartitionedTable", "partitionColumns", &args[3])?
        .iter()
        .map(|s| s.to_string())
        .collect();
    if pcols.is_empty() {
        return Err(Error::domain(
            "[createPartitionedTable] needs at least one partitioning column",
        ));
    }
    st.create_table(&db, &name, cols, pcols)?;
    Ok(handle(st, &db, &name))
}

fn create_dimension_table(it: &mut Interp, args: &[Value]) -> Result<Value> {
    crate::auth::require_login(it, "createDimensionTable")?;
    let (st, db) = db_of("createDimensionTable", &args[0])?;
    let cols = schema_columns("createDimensionTable", &args[1])?;
    let name = str_arg("createDimensionTable", "tableName", &args[2])?;
    st.create_table(&db, &name, cols, Vec::new())?;
    Ok(handle(st, &db, &name))
}

fn load_table(it: &mut Interp, args: &[Value]) -> Result<Value> {
    crate::auth::require_login(it, "loadTable")?;
    let (st, db) = db_of("loadTable", &args[0])?;
    let name = str_arg("loadTable", "tableName", &args[1])?;
    if !st.exists_database(&db) {
        return Err(Error::runtime(format!(
            "The database dfs://{db} does not exist"
        )));
    }
    if !st.exists_table(&db, &name) {
        return Err(Error::runtime(format!(
            "The table {name} does not exist in database dfs://{db}"
        )));
    }
    Ok(handle(st, &db, &name))
}

/// Appends a value (table, tuple of columns, dictionary) to a DFS table: it is first shaped
/// into an in-memory table with the schema (the in-memory `append!` rules and conversions),
/// then committed in one atomic write. Returns the rows written.
pub fn append_dfs(it: &Interp, h: &TableHandle, new: &Value) -> Result<usize> {
    crate::auth::require_login(it, "append!")?;
    let snap = h.storage.snapshot(&h.db, &h.table)?;
    let mut t = snap.empty(&[])?;
    drop(snap);
    super::inplace::append_to_table(&mut t, new)?;
    h.storage.append(&h.db, &h.table, &t)
}

fn exists_database(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let path = str_arg("existsDatabase", "dbUrl", &args[0])?;
    if !path.starts_with("dfs://") {
        return Ok(Value::bool(false));
    }
    let name = storage::dfs_name(&path)?;
    Ok(Value::bool(storage()?.exists_database(name)))
}

fn exists_table(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let path = str_arg("existsTable", "dbUrl", &args[0])?;
    let table = str_arg("existsTable", "tableName", &args[1])?;
    if !path.starts_with("dfs://") {
        return Ok(Value::bool(false));
    }
    let name = storage::dfs_name(&path)?;
    Ok(Value::bool(storage()?.exists_table(name, &table)))
}

fn drop_database(it: &mut Interp, args: &[Value]) -> Result<Value> {
    crate::auth::require_login(it, "dropDatabase")?;
    let path = str_arg("dropDatabase", "dbUrl", &args[0])?;
    let name = storage::dfs_name(&path)?;
    storage()?.drop_database(name)?;
    Ok(Value::NULL)
}

fn drop_table(it: &mut Interp, args: &[Value]) -> Result<Value> {
    crate::auth::require_login(it, "dropTable")?;
    let (st, db) = db_of("dropTable", &args[0])?;
    let name = str_arg("dropTable", "tableName", &args[1])?;
    st.drop_table(&db, &name)?;
    Ok(Value::NULL)
}

/// The partitions of a table selected by `dropPartition`'s `partitionPaths`.
pub fn select_partitions(
    st: &Arc<Storage>,
    db: &str,
    table: &str,
    spec: &Value,
) -> Result<Vec<String>> {
    let snap = st.snapshot(db, table)?;
    let paths: Option<Vec<String>> = match spec {
        Value::Scalar(Scalar::Str(_, s)) if s.starts_with('/') => Some(vec![s.to_string()]),
        Value::Vector(v) if matches!(v.data(), crate::value::VecData::Str(xs) if xs.iter().all(|s| s.starts_with('/'))) => {
            Some(
                v.iter_values()
                    .filter_map(|x| x.as_scalar().and_then(|s| s.as_str().map(str::to_string)))
                    .collect(),
            )
        }
        _ => None,
    };
    if let Some(paths) = paths {
        let norm: Vec<String> = paths
            .iter()
            .map(|p| p.trim_end_matches('/').to_string())
            .collect();
        return Ok(snap
            .partitions()
            .iter()
            .filter(|p| {
                norm.iter()
                    .any(|n| p.path == *n || p.path.starts_with(&format!("{n}/")))
            })
            .map(|p| p.path.clone())
            .collect());
    }
    // Conditions: one element per level for COMPO databases, else the values of the level.
    let levels = st.database(db)?.levels.clone();
    let per_level: Vec<Value> = if levels.len() > 1 {
        match spec {
            // A typed vector such as `[2017.08.08, ]` gives one scalar per level; NULL
            // elements filter nothing.
            // elements filter nothing; missing trailing levels too.
            Value::Vector(v) if !v.is_empty() && v.len() <= levels.len() => v
                .iter_values()
                .map(|x| if x.is_null_scalar() { Value::NULL } else { x })
                .collect(),
            _ => {
                return Err(Error::domain(format!(
                    "[dropPartition] The conditions for a COMPO database must be a tuple with up to {} elements, one per level",
                    levels.len()
                )))
            }
        }
    } else {
        vec![spec.clone()]
    };
    let mut preds = Vec::new();
    for (l, v) in per_level.iter().enumerate() {
        let vals: Vec<Scalar> = match v {
            Value::Scalar(Scalar::Void) => continue,
            Value::Scalar(s) => vec![s.clone()],
            Value::Vector(x) | Value::Pair(x) => {
                (0..x.len()).filter_map(|i| x.scalar_at(i)).collect()
            }
            other => {
                return Err(Error::type_err(format!(
                    "[dropPartition] A partition condition must be a scalar or vector, not {}",
                    other.type_str()
                )))
            }
        };
        if vals.is_empty() {
            continue;
        }
        let col = snap
            .manifest
            .partition_columns
            .get(l)
            .cloned()
            .unwrap_or_default();
        preds.push((col, Pred::In(vals)));
    }
    Ok(snap.prune(&preds)?.iter().map(|p| p.path.clone()).collect())
}

fn drop_partition(it: &mut Interp, args: &[Value]) -> Result<Value> {
    crate::auth::require_login(it, "dropPartition")?;
    let (st, db) = db_of("dropPartition", &args[0])?;
    let tables: Vec<String> = match args.get(2) {
        None | Some(Value::Scalar(Scalar::Void)) => st.database(&db)?.tables.clone(),
        Some(v) => vec![str_arg("dropPartition", "tableName", v)?.to_string()],
    };
    let delete_schema = args
        .get(4)
        .is_some_and(|v| v.as_scalar().is_some_and(Scalar::truthy));
    let mut dropped_keys = Vec::new();
    for t in &tables {
        if !st.exists_table(&db, t) {
            return Err(Error::runtime(format!(
                "The table {t} does not exist in database dfs://{db}"
            )));
        }
        let paths = select_partitions(&st, &db, t, &args[1])?;
        if delete_schema {
            for p in st.partitions(&db, t)? {
                if paths.contains(&p.path) {
                    dropped_keys.extend(p.keys.first().cloned());
                }
            }
        }
        st.drop_partitions(&db, t, &paths)?;
    }
    if delete_schema {
        // The dropped VALUE partitions also leave the partition scheme (when no other table
        // still has them).
        st.remove_unused_values(&db, &dropped_keys)?;
    }
    Ok(Value::NULL)
}

fn truncate(it: &mut Interp, args: &[Value]) -> Result<Value> {
    crate::auth::require_login(it, "truncate")?;
    let path = str_arg("truncate", "dbUrl", &args[0])?;
    let db = storage::dfs_name(&path)?.to_string();
    let table = str_arg("truncate", "tableName", &args[1])?;
    let st = storage()?;
    if !st.exists_table(&db, &table) {
        return Err(Error::runtime(format!(
            "The table {table} does not exist in database dfs://{db}"
        )));
    }
    let paths: Vec<String> = st
        .partitions(&db, &table)?
        .into_iter()
        .map(|p| p.path)
        .collect();
    st.drop_partitions(&db, &table, &paths)?;
    Ok(Value::NULL)
}

fn add_value_partitions(it: &mut Interp, args: &[Value]) -> Result<Value> {
    crate::auth::require_login(it, "addValuePartitions")?;
    let (st, db) = db_of("addValuePartitions", &args[0])?;
    let values = match &args[1] {
        Value::Scalar(s) => crate::value::Vector::repeat(s, 1),
        Value::Vector(v) if !v.is_tuple() => v.as_ref().clone(),
        other => {
            return Err(Error::type_err(format!(
            "The argument [newValues] of [addValuePartitions] must be a scalar or vector, not {}",
            other.type_str()
        )))
        }
    };
    let level = match args.get(2) {
        None | Some(Value::Scalar(Scalar::Void)) => 0,
        Some(v) => super::args::int_arg("addValuePartitions", "level", v)?,
    };
    let level = usize::try_from(level).map_err(|_| {
        Error::domain("The argument [level] of [addValuePartitions] must be non-negative")
    })?;
    Ok(Value::int(
        st.add_value_partitions(&db, &values, level)? as i32
    ))
}
