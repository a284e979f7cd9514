//! `update` and `delete` on DFS tables: only the partitions the `where` conditions on
//! partitioning columns can match are read; each one whose rows change is rewritten whole,
//! and all of them commit together through `Storage::replace_partitions` (one new cid).

use super::modify::{conform, delete_frame, table_name, update_frame};
use super::Frame;
use crate::ast::{Delete, Update};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::storage::{PartitionMeta, TableHandle};
use crate::value::{Table, Type, Vector};
use std::sync::Arc;

/// `update <dfs table> set ... [where ...] [context by ...]` (context by groups within each
/// partition, as DolphinDB computes it per partition).
pub(crate) fn update(it: &mut Interp, h: &TableHandle, u: &Update) -> Result<()> {
    crate::auth::require_login(it, "update")?;
    let m = h.storage.manifest(&h.db, &h.table)?;
    for (name, _) in &u.sets {
        if !m.columns.iter().any(|c| c.name.eq_ignore_ascii_case(name)) {
            return Err(Error::not_found(format!(
                "The column {name} does not exist in table {}; use addColumn to add it",
                h.table
            )));
        }
        if m.partition_columns
            .iter()
            .any(|c| c.eq_ignore_ascii_case(name))
        {
            return Err(Error::runtime(format!(
                "The partitioning column {name} can't be updated"
            )));
        }
    }
    let preds = super::dfs::predicates(it, h, &u.where_)?;
    let snap = h.storage.snapshot(&h.db, &h.table)?;
    let parts: Vec<PartitionMeta> = snap.prune(&preds)?.into_iter().cloned().collect();
    let mut changed = Vec::new();
    for p in parts {
        let t = snap.read(&p, &[])?;
        let frame = Frame::single(t, table_name(&u.table));
        if let Ok(new) = update_frame(it, frame, u)? {
            changed.push((p, Some(to_schema(new, &snap.manifest.columns)?)));
        }
    }
    drop(snap);
    if !changed.is_empty() {
        h.storage.replace_partitions(&h.db, &h.table, changed)?;
    }
    Ok(())
}

/// `delete from <dfs table> [where ...]`: partitions left empty are removed.
pub(crate) fn delete(it: &mut Interp, h: &TableHandle, d: &Delete) -> Result<()> {
    crate::auth::require_login(it, "delete")?;
    let preds = super::dfs::predicates(it, h, &d.where_)?;
    let snap = h.storage.snapshot(&h.db, &h.table)?;
    let parts: Vec<PartitionMeta> = snap.prune(&preds)?.into_iter().cloned().collect();
    let mut changed = Vec::new();
    for p in parts {
        let t = if d.where_.is_empty() {
            // Everything goes: no column needs reading.
            snap.empty(&[])?
        } else {
            let t = snap.read(&p, &[])?;
            let (rest, removed) =
                delete_frame(it, Frame::single(t, table_name(&d.table)), &d.where_)?;
            if removed == 0 {
                continue;
            }
            rest
        };
        changed.push((p, Some(t)));
    }
    drop(snap);
    if !changed.is_empty() {
        h.storage.replace_partitions(&h.db, &h.table, changed)?;
    }
    Ok(())
}

/// The updated partition in the schema's column order and types.
fn to_schema(t: Table, columns: &[crate::storage::ColumnDef]) -> Result<Table> {
    let mut names = Vec::with_capacity(columns.len());
    let mut cols = Vec::with_capacity(columns.len());
    for c in columns {
        let ty = Type::from_id(i64::from(c.ty)).unwrap_or(Type::Void);
        let col = t
            .column(&c.name)
            .ok_or_else(|| Error::runtime(format!("The column {} disappeared", c.name)))?;
        let col: Arc<Vector> = if col.ty() == ty {
            col.clone()
        } else {
            Arc::new(conform(col.as_ref().clone(), ty)?)
        };
        names.push(Arc::from(c.name.as_str()));
        cols.push(col);
    }
    Table::from_columns(names, cols).map_err(Error::runtime)
}
