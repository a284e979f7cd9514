//! SQL-mode backups (`backup(dir, <select * from loadTable(...) where ...>)`): the query
//! runs once per partition its `where` conditions can touch, over that partition's rows
//! read from a pinned snapshot, and each non-empty result is written as `<chunkID>.bin`.

use super::layout;
use super::status;
use super::write::{self, BackupOptions, SqlPart};
use crate::ast::{Expr, ExprKind, FromItem, Select};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::storage::PartitionMeta;
use crate::value::Value;
use rayon::prelude::*;
use std::path::Path;

/// Partitions queried before their results are written (in parallel with `parallel`):
/// bounds the memory a parallel SQL backup holds.
const BATCH: usize = 16;

fn not_a_dfs_select() -> Error {
    Error::runtime(
        "[backup] The sqlObj must be a select from a DFS table, such as <select * from loadTable(\"dfs://db\", \"t\") where ...>",
    )
}

/// The `select` inside a metacode value, if it is one.
pub fn select_of(code: &Expr) -> Option<&Select> {
    match &code.kind {
        ExprKind::Select(q) => Some(q),
        ExprKind::Meta(inner) => select_of(inner),
        _ => None,
    }
}

/// Runs a SQL-mode backup; returns the number of partitions written.
pub fn backup_sql(
    it: &mut Interp,
    backup_dir: &Path,
    q: &Select,
    opts: &BackupOptions,
    user: &str,
) -> Result<usize> {
    let Some(FromItem::Table { expr, alias }) = &q.from else {
        return Err(not_a_dfs_select());
    };
    if q.exec || q.group.is_some() || q.top.is_some() || q.limit.is_some() {
        return Err(Error::runtime(
            "[backup] The sqlObj must select rows (no exec, group by, top or limit)",
        ));
    }
    let Value::DfsTable(h) = it.eval(expr)? else {
        return Err(not_a_dfs_select());
    };
    let st = h.storage.clone();
    let snap = st.snapshot(&h.db, &h.table)?;
    let preds = crate::sql::dfs::predicates(it, &h, &q.where_)?;
    let touched: Vec<PartitionMeta> = snap.prune(&preds)?.into_iter().cloned().collect();
    let (_lock, chunks) = write::open_sql_table(&st, backup_dir, &h.db, &snap)?;
    let tdir = layout::table_dir(backup_dir, &h.db, &h.table);
    let todo: Vec<&PartitionMeta> = touched
        .iter()
        .filter(|p| opts.force || !write::sql_unchanged(&chunks, p))
        .collect();
    let task = status::start(
        st.root(),
        user,
        "BACKUP_BY_SQL",
        &h.db,
        &h.table,
        todo.len() as u64,
        todo.iter().map(|p| p.bytes).sum(),
    );
    let schema: Vec<String> = snap
        .manifest
        .columns
        .iter()
        .map(|c| c.name.clone())
        .collect();
    let res = (|| -> Result<usize> {
        let mut written = 0;
        for batch in todo.chunks(BATCH) {
            let mut parts = Vec::new();
            for p in batch {
                opts.cancel.check()?;
                let rows = snap.read(p, &[])?;
                let mut one = q.clone();
                one.from = Some(FromItem::Table {
                    expr: Expr {
                        kind: ExprKind::Const(Value::table(rows)),
                        span: expr.span,
                    },
                    alias: alias.clone(),
                });
                let Value::Table(t) = crate::sql::select(it, &one)? else {
                    return Err(not_a_dfs_select());
                };
                let names: Vec<String> = t.names().iter().map(|n| n.to_string()).collect();
                if names.len() != schema.len()
                    || names
                        .iter()
                        .zip(&schema)
                        .any(|(a, b)| !a.eq_ignore_ascii_case(b))
                {
                    return Err(Error::runtime(
                        "[backup] The sqlObj must select every column of the table in order (select *)",
                    ));
                }
                if t.n_rows() == 0 {
                    task.advance(p.bytes);
                    continue;
                }
                parts.push(SqlPart {
                    partition: p,
                    rows: (*t).clone(),
                });
            }
            let one = |part: &SqlPart<'_>| -> Result<()> {
                opts.cancel.check()?;
                write::drop_replaced(&tdir, &chunks, part.partition)?;
                write::write_sql_chunk(&tdir, &h.db, part)?;
                task.advance(part.partition.bytes);
                Ok(())
            };
            if opts.parallel {
                parts.par_iter().try_for_each(one)?;
            } else {
                parts.iter().try_for_each(one)?;
            }
            written += parts.len();
        }
        Ok(written)
    })();
    task.finish(res.is_ok());
    res
}
