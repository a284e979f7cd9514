//! Introspection of databases and tables: `schema`, `getTables`, `getTabletsMeta`,
//! `getChunksMeta` (DolphinDB's shapes; `getTabletsMeta` adds an `updateTime` column).

use super::args::{int_arg, str_arg};
use super::dfs::{db_of, storage};
use super::registry::{Builtin, Registry};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::storage::{ColumnDef, DbMeta, Level, Manifest, PartitionMeta};
use crate::value::{Dict, Scalar, Table, Type, Value, VecData, Vector};
use std::sync::Arc;

pub fn register(reg: &mut Registry) {
    reg.add(Builtin::new("schema(table|dbHandle)", schema)
        .doc("A dictionary describing a table (colDefs, and for DFS tables the partitioning) or a database (partition type and scheme, engine, directory).")
        .example("schema(table(1 2 as id, `a`b as sym))[`colDefs]", "name typeString typeInt extra comment\n---- ---------- ------- ----- -------\nid   INT        4\nsym  STRING     18"));
    reg.add(Builtin::new("getTables(dbHandle)", get_tables)
        .doc("The names of the tables of a dfs:// database.")
        .example(
            "login(`admin, `123456); p = \"dfs://ex_gt\"; if(existsDatabase(p)) dropDatabase(p); db = database(p, VALUE, 1 2); db.createPartitionedTable(table(1 as id), `pt, `id); getTables(db)",
            "[\"pt\"]",
        ));
    reg.add(Builtin::new("getTabletsMeta([chunkPath], [tableName], [diskUsage=false], [top=1024])", get_tablets_meta)
        .doc("One row per partition of each DFS table: chunkId, physical path, dfsPath, tableName, version (the cid of the last commit), rowNum, latestPhysicalDir, updateTime, [diskUsage]. chunkPath accepts the wildcards % * ?.")
        .example(
            "login(`admin, `123456); p = \"dfs://ex_gtm\"; if(existsDatabase(p)) dropDatabase(p); db = database(p, VALUE, 1 2); db.createPartitionedTable(table(1 as id), `pt, `id).append!(table(1 2 2 as id)); exec rowNum from getTabletsMeta(\"/ex_gtm/%\", `pt) order by dfsPath",
            "[1,2]",
        ));
    reg.add(Builtin::new("getChunksMeta([chunkPath], [top=1024])", get_chunks_meta)
        .doc("One row per partition chunk: site, chunkId, path, dfsPath, type (1: tablet chunk), flag, size, version, state.")
        .example(
            "login(`admin, `123456); p = \"dfs://ex_gcm\"; if(existsDatabase(p)) dropDatabase(p); db = database(p, VALUE, 1 2); db.createPartitionedTable(table(1 as id), `pt, `id).append!(table(1 2 as id)); exec dfsPath from getChunksMeta(\"/ex_gcm/%\") order by dfsPath",
            "[\"/ex_gcm/1\",\"/ex_gcm/2\"]",
        ));
}

fn strings(xs: Vec<String>) -> Vector {
    Vector::strings(xs.into_iter().map(Arc::from).collect())
}

/// The `colDefs` table: name, typeString, typeInt, extra, comment.
pub(crate) fn col_defs(cols: &[ColumnDef]) -> Value {
    let names = strings(cols.iter().map(|c| c.name.clone()).collect());
    let types = strings(
        cols.iter()
            .map(|c| {
                Type::from_id(i64::from(c.ty))
                    .map(|t| t.name().to_string())
                    .unwrap_or_default()
            })
            .collect(),
    );
    let ids = Vector::ints(cols.iter().map(|c| c.ty).collect());
    let extra = Vector::ints(vec![i32::MIN; cols.len()]);
    let comments = strings(cols.iter().map(|c| c.comment.clone()).collect());
    let t = Table::from_columns(
        ["name", "typeString", "typeInt", "extra", "comment"]
            .iter()
            .map(|s| Arc::from(*s))
            .collect(),
        vec![names, types, ids, extra, comments]
            .into_iter()
            .map(Arc::new)
            .collect(),
    )
    .expect("colDefs columns have equal lengths and distinct names");
    Value::table(t)
}

/// One value for a single level, a vector (or tuple) with one element per COMPO level.
fn per_level<F: Fn(&Level) -> Value>(levels: &[Level], compo: bool, f: F) -> Value {
    if !compo {
        return levels.first().map(&f).unwrap_or(Value::NULL);
    }
    Value::from_elements(levels.iter().map(f).collect())
}

fn db_entries(d: &mut Dict, db: &DbMeta) {
    let put = |d: &mut Dict, k: &str, v: Value| d.insert(Scalar::string(k), v);
    let scheme = if db.compo {
        Value::vector(Vector::tuple(
            db.levels.iter().map(Level::scheme_value).collect(),
        ))
    } else {
        db.levels
            .first()
            .map(Level::scheme_value)
            .unwrap_or(Value::NULL)
    };
    put(d, "partitionSchema", scheme);
    put(d, "partitionSites", Value::NULL);
    put(
        d,
        "partitionTypeName",
        per_level(&db.levels, db.compo, |l| Value::string(l.kind.name())),
    );
    put(d, "atomic", Value::string(db.atomic.as_str()));
    put(
        d,
        "databaseDir",
        Value::string(format!("dfs://{}", db.name)),
    );
    put(d, "chunkGranularity", Value::string("TABLE"));
    put(d, "engineType", Value::string(db.engine.as_str()));
    put(
        d,
        "partitionType",
        per_level(&db.levels, db.compo, |l| Value::int(l.kind.id())),
    );
}

fn table_entries(d: &mut Dict, db: &DbMeta, m: &Manifest) {
    let put = |d: &mut Dict, k: &str, v: Value| d.insert(Scalar::string(k), v);
    if m.is_dimension() {
        put(d, "partitionColumnIndex", Value::int(-1));
    } else {
        let idx: Vec<i32> = m
            .partition_columns
            .iter()
            .map(|pc| {
                m.columns
                    .iter()
                    .position(|c| &c.name == pc)
                    .map(|i| i as i32)
                    .unwrap_or(-1)
            })
            .collect();
        let types: Vec<i32> = m
            .partition_columns
            .iter()
            .map(|pc| {
                m.columns
                    .iter()
                    .find(|c| &c.name == pc)
                    .map(|c| c.ty)
                    .unwrap_or(0)
            })
            .collect();
        let one = |xs: Vec<i32>| {
            if db.compo {
                Value::vector(Vector::ints(xs))
            } else {
                Value::int(xs.first().copied().unwrap_or(-1))
            }
        };
        put(d, "partitionColumnType", one(types));
        put(d, "partitionColumnIndex", one(idx));
        let names = if db.compo {
            Value::vector(strings(m.partition_columns.clone()))
        } else {
            Value::string(m.partition_columns.first().cloned().unwrap_or_default())
        };
        put(d, "partitionColumnName", names);
    }
    put(d, "keepDuplicates", Value::string("ALL"));
    put(d, "chunkPath", Value::NULL);
    put(d, "colDefs", col_defs(&m.columns));
}

fn schema(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let mut d = Dict::new(Type::String, Type::Any, false);
    match &args[0] {
        Value::Table(t) => {
            let cols: Vec<ColumnDef> = t
                .names()
                .iter()
                .zip(t.columns())
                .map(|(n, c)| ColumnDef {
                    name: n.to_string(),
                    ty: c.ty().id(),
                    comment: String::new(),
                })
                .collect();
            d.insert(Scalar::string("colDefs"), col_defs(&cols));
        }
        Value::DfsTable(h) => {
            let db = h.storage.database(&h.db)?;
            let m = h.storage.manifest(&h.db, &h.table)?;
            db_entries(&mut d, &db);
            d.remove(&Scalar::string("atomic"));
            d.remove(&Scalar::string("databaseDir"));
            table_entries(&mut d, &db, &m);
        }
        Value::Database(h) if h.name.is_none() => {
            let meta = DbMeta {
                format: 0,
                name: String::new(),
                levels: h.levels.clone(),
                compo: h.compo,
                engine: h.engine.clone(),
                atomic: h.atomic.clone(),
                tables: Vec::new(),
                created: 0,
            };
            db_entries(&mut d, &meta);
            d.insert(Scalar::string("databaseDir"), Value::string(""));
        }
        v @ Value::Database(_) => {
            let (st, name) = db_of("schema", v)?;
            db_entries(&mut d, st.database(&name)?.as_ref());
        }
        other => {
            return Err(Error::type_err(format!(
                "The argument [table] of [schema] must be a table or a database handle, not {}",
                other.type_str()
            )))
        }
    }
    Ok(Value::dict(d))
}

fn get_tables(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let (st, name) = db_of("getTables", &args[0])?;
    let mut tables = st.database(&name)?.tables.clone();
    tables.sort();
    Ok(Value::vector(strings(tables)))
}

/// DolphinDB's chunk path wildcards: `%` and `*` match any run of characters, `?` one.
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && (p[pi] == '%' || p[pi] == '*') {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '%' || *c == '*')
}

/// (dfs path, table name, partition, physical directory).
type Row = (String, String, PartitionMeta, String);

/// Every (database, table, partition) whose dfs path matches the pattern, sorted by path.
fn all_partitions(pattern: Option<&str>, table: Option<&str>) -> Result<Vec<Row>> {
    let st = storage()?;
    let mut out = Vec::new();
    for db in st.list_databases() {
        let meta = st.database(&db)?;
        for t in &meta.tables {
            if table.is_some_and(|x| x != t) {
                continue;
            }
            let dir = st.db_dir(&db).join(t);
            for p in st.partitions(&db, t)? {
                let dfs = format!("/{db}{}", if p.path == "/" { "" } else { p.path.as_str() });
                if pattern.is_none_or(|pat| wildcard_match(pat, &dfs)) {
                    let phys = dir.join(&p.dir).display().to_string();
                    out.push((dfs, t.clone(), p, phys));
                }
            }
        }
    }
    out.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    Ok(out)
}

fn opt_pattern(args: &[Value], i: usize, func: &str) -> Result<Option<String>> {
    match args.get(i) {
        None | Some(Value::Scalar(Scalar::Void)) => Ok(None),
        Some(v) => Ok(Some(str_arg(func, "chunkPath", v)?.to_string())),
    }
}

fn top_arg(args: &[Value], i: usize, func: &str) -> Result<usize> {
    match args.get(i) {
        None | Some(Value::Scalar(Scalar::Void)) => Ok(1024),
        Some(v) => {
            let n = int_arg(func, "top", v)?;
            Ok(if n < 0 { usize::MAX } else { n as usize })
        }
    }
}

fn build(names: &[&str], cols: Vec<Vector>) -> Result<Value> {
    let t = Table::from_columns(
        names.iter().map(|s| Arc::from(*s)).collect(),
        cols.into_iter().map(Arc::new).collect(),
    )
    .map_err(Error::runtime)?;
    Ok(Value::table(t))
}

fn get_tablets_meta(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let pattern = opt_pattern(args, 0, "getTabletsMeta")?;
    let table = match args.get(1) {
        None | Some(Value::Scalar(Scalar::Void)) => None,
        Some(v) => Some(str_arg("getTabletsMeta", "tableName", v)?.to_string()),
    };
    let disk = super::args::bool_arg("getTabletsMeta", "diskUsage", args.get(2), false)?;
    let top = top_arg(args, 3, "getTabletsMeta")?;
    let mut rows = all_partitions(pattern.as_deref(), table.as_deref())?;
    rows.truncate(top);
    let col = |f: &dyn Fn(&Row) -> String| strings(rows.iter().map(f).collect());
    let mut names = vec![
        "chunkId",
        "path",
        "dfsPath",
        "tableName",
        "version",
        "rowNum",
        "latestPhysicalDir",
        "updateTime",
    ];
    let mut cols = vec![
        col(&|r| r.2.chunk_id.clone()),
        col(&|r| r.3.clone()),
        col(&|r| r.0.clone()),
        col(&|r| r.1.clone()),
        Vector::longs(rows.iter().map(|r| r.2.cid as i64).collect()),
        Vector::longs(rows.iter().map(|r| r.2.rows as i64).collect()),
        col(&|r| r.2.dir.rsplit('/').next().unwrap_or("").to_string()),
        Vector::new(
            Type::Timestamp,
            VecData::I64(rows.iter().map(|r| r.2.update_time).collect()),
        ),
    ];
    if disk {
        names.push("diskUsage");
        cols.push(Vector::longs(
            rows.iter().map(|r| r.2.bytes as i64).collect(),
        ));
    }
    build(&names, cols)
}

fn get_chunks_meta(_: &mut Interp, args: &[Value]) -> Result<Value> {
    let pattern = opt_pattern(args, 0, "getChunksMeta")?;
    let top = top_arg(args, 1, "getChunksMeta")?;
    let mut rows = all_partitions(pattern.as_deref(), None)?;
    rows.truncate(top);
    let n = rows.len();
    let col = |f: &dyn Fn(&Row) -> String| strings(rows.iter().map(f).collect());
    build(
        &[
            "site", "chunkId", "path", "dfsPath", "type", "flag", "size", "version", "state",
        ],
        vec![
            strings(vec!["local".to_string(); n]),
            col(&|r| r.2.chunk_id.clone()),
            col(&|r| r.3.clone()),
            col(&|r| r.0.clone()),
            Vector::ints(vec![1; n]),
            Vector::ints(vec![0; n]),
            Vector::longs(vec![0; n]),
            Vector::longs(rows.iter().map(|r| r.2.cid as i64).collect()),
            Vector::ints(vec![0; n]),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::wildcard_match;

    #[test]
    fn wildcards() {
        assert!(wildcard_match("/testDB/%", "/testDB/10"));
        assert!(wildcard_match("%20170810%", "/db/20170810/0_50"));
        assert!(wildcard_match("/db/?", "/db/1"));
        assert!(!wildcard_match("/db/?", "/db/10"));
        assert!(!wildcard_match("/other/%", "/db/1"));
    }
}
