//! The write path of tables: appends routed to partitions, dropped and replaced partitions,
//! and the commit that writes new version directories and swaps the manifest.

use crate::error::{Error, Result};
use crate::storage::codec;
use crate::storage::manifest::{
    io_err, new_uuid, now_millis, write_json, Journal, Manifest, PartitionMeta,
};
use crate::storage::scheme;
use crate::storage::sync;
use crate::storage::{check_name, Storage};
use crate::value::{Table, Type, Vector};
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

impl Storage {
    /// Appends rows (columns matched by position and converted to the schema's types),
    /// routing them to partitions. All touched partitions commit together. Returns the
    /// number of rows written (HASH partitions drop rows whose key is NULL).
    pub fn append(&self, db: &str, table: &str, data: &Table) -> Result<usize> {
        let _w = self.writer()?;
        let meta = self.database(db)?;
        let m = self.manifest(db, table)?;
        if data.n_cols() != m.columns.len() {
            return Err(Error::runtime(format!(
                "The number of columns of the table to insert must be the same as that of the original table ({} vs {})",
                data.n_cols(),
                m.columns.len()
            )));
        }
        let mut cols = Vec::with_capacity(m.columns.len());
        for (c, v) in m.columns.iter().zip(data.columns()) {
            let ty = Type::from_id(i64::from(c.ty)).unwrap_or(Type::Void);
            let converted = crate::builtins::coerce(&crate::value::Value::Vector(v.clone()), ty)
                .map_err(|e| {
                    Error::type_err(format!(
                        "Failed to append to column {}: {}",
                        c.name, e.message
                    ))
                })?;
            match converted {
                crate::value::Value::Vector(x) => cols.push(x),
                _ => return Err(Error::runtime("column conversion gave no vector")),
            }
        }
        let n = data.n_rows();
        if n == 0 {
            return Ok(0);
        }
        let mut levels = meta.levels.clone();
        let groups: Vec<(String, Vec<scheme::Key>, Option<Vec<usize>>)> = if m.is_dimension() {
            vec![("/".to_string(), Vec::new(), None)]
        } else {
            let mut pcols = Vec::new();
            for (pc, level) in m.partition_columns.iter().zip(&levels) {
                let i = m.columns.iter().position(|c| &c.name == pc).unwrap_or(0);
                pcols.push(scheme::to_domain(&cols[i], level.ty(), pc)?);
            }
            let routing = scheme::route(&mut levels, &pcols, &m.partition_columns)?;
            let mut out = Vec::new();
            for (slots, rows) in routing.groups {
                let keys: Vec<_> = slots
                    .iter()
                    .zip(&levels)
                    .map(|(&s, l)| l.part_key(s))
                    .collect();
                let mut path = String::new();
                for (k, l) in keys.iter().zip(&levels) {
                    let name = l.dir_name(k);
                    check_name(&name, "partition")?;
                    path.push('/');
                    path.push_str(&name);
                }
                out.push((path, keys, Some(rows)));
            }
            out
        };
        let mut written = 0;
        let mut changes = Vec::new();
        for (path, keys, rows) in groups {
            let new_part: Vec<Arc<Vector>> = match &rows {
                None => cols.clone(),
                Some(r) => {
                    let idx: Vec<i64> = r.iter().map(|&i| i as i64).collect();
                    cols.iter().map(|c| Arc::new(c.gather(&idx))).collect()
                }
            };
            written += new_part.first().map(|c| c.len()).unwrap_or(0);
            let full = match m.partition(&path) {
                Some(old) => {
                    let mut old_cols = self.read_columns(db, table, &m, old, None)?;
                    for (o, nw) in old_cols.iter_mut().zip(&new_part) {
                        if !Arc::make_mut(o).extend_from(nw) {
                            return Err(Error::runtime("column layout mismatch while appending"));
                        }
                    }
                    old_cols
                }
                None => new_part,
            };
            changes.push(Change {
                path,
                keys,
                columns: Some(full),
            });
        }
        if levels != meta.levels {
            let mut dbm = (*meta).clone();
            dbm.levels = levels;
            self.save_database(dbm)?;
        }
        self.commit(db, table, &m, changes)?;
        Ok(written)
    }

    /// Removes partitions (by path) from a table; returns how many existed.
    pub fn drop_partitions(&self, db: &str, table: &str, paths: &[String]) -> Result<usize> {
        let _w = self.writer()?;
        let m = self.manifest(db, table)?;
        let changes: Vec<Change> = m
            .partitions
            .iter()
            .filter(|p| paths.contains(&p.path))
            .map(|p| Change {
                path: p.path.clone(),
                keys: p.keys.clone(),
                columns: None,
            })
            .collect();
        let n = changes.len();
        if n > 0 {
            self.commit(db, table, &m, changes)?;
        }
        Ok(n)
    }

    /// Replaces whole partitions with new contents (schema order and types), in one commit;
    /// `None` (or an empty table) removes the partition. Used by update/delete and restore.
    pub fn replace_partitions(
        &self,
        db: &str,
        table: &str,
        parts: Vec<(PartitionMeta, Option<Table>)>,
    ) -> Result<()> {
        let _w = self.writer()?;
        let m = self.manifest(db, table)?;
        let mut changes = Vec::new();
        for (p, t) in parts {
            let columns = match t {
                Some(t) if t.n_rows() > 0 => {
                    if t.n_cols() != m.columns.len() {
                        return Err(Error::runtime(
                            "A replacement partition must have the table's columns",
                        ));
                    }
                    Some(t.columns().to_vec())
                }
                _ => None,
            };
            changes.push(Change {
                path: p.path,
                keys: p.keys,
                columns,
            });
        }
        self.commit(db, table, &m, changes)
    }

    /// Writes new partition versions, swaps the manifest, then removes what it superseded.
    fn commit(&self, db: &str, table: &str, m: &Manifest, changes: Vec<Change>) -> Result<()> {
        let dir = self.table_dir(db, table);
        let cid = m.cid + 1;
        let now = now_millis();
        let mut next = m.clone();
        next.cid = cid;
        // Every directory this commit creates or supersedes: whichever side of the manifest
        // swap a crash hits, recovery deletes those the manifest does not reference.
        let mut listed: Vec<String> = changes
            .iter()
            .filter(|c| c.columns.is_some())
            .map(|c| version_dir(&c.path, cid))
            .collect();
        listed.extend(
            changes
                .iter()
                .filter_map(|c| m.partition(&c.path).map(|p| p.dir.clone())),
        );
        let journal = Journal { new_dirs: listed };
        if !journal.new_dirs.is_empty() {
            write_json(&dir.join("JOURNAL.json"), &journal)?;
        }
        let mut to_sync: HashSet<PathBuf> = HashSet::new();
        let mut superseded = Vec::new();
        // Encoding and writing the column files of different partitions is independent
        // work: do it in parallel while a sync pool makes each finished file and version
        // directory durable, then assemble the manifest in order.
        let written: Vec<Option<(Vec<u32>, u64)>> = sync::syncing(|syncer| {
            use rayon::prelude::*;
            changes
                .par_iter()
                .map(|c| -> Result<Option<(Vec<u32>, u64)>> {
                    let Some(columns) = &c.columns else {
                        return Ok(None);
                    };
                    let vdir = dir.join(version_dir(&c.path, cid));
                    fs::create_dir_all(&vdir).map_err(|e| io_err("create", &vdir, e))?;
                    let mut checksums = Vec::with_capacity(columns.len());
                    let mut bytes = 0u64;
                    for (i, col) in columns.iter().enumerate() {
                        let (buf, crc) = codec::encode(col)?;
                        bytes += buf.len() as u64;
                        syncer.file(write_unsynced(&vdir.join(format!("c{i}.col")), &buf)?);
                        checksums.push(crc);
                    }
                    // This task made the only new entries of the version directory and of
                    // the partition directory holding it (a commit changes a path once).
                    if let Some(parent) = vdir.parent() {
                        syncer.dir(parent.to_path_buf());
                    }
                    syncer.dir(vdir);
                    Ok(Some((checksums, bytes)))
                })
                .collect::<Result<_>>()
        })?;
        for (c, w) in changes.into_iter().zip(written) {
            let old = next.partitions.iter().position(|p| p.path == c.path);
            if let Some(i) = old {
                superseded.push(next.partitions[i].dir.clone());
            }
            let (Some(columns), Some((checksums, bytes))) = (c.columns, w) else {
                if let Some(i) = old {
                    next.partitions.remove(i);
                }
                continue;
            };
            let rel = version_dir(&c.path, cid);
            let vdir = dir.join(&rel);
            // Directories above the partition's own are shared by several partitions: they
            // are synced once, after all of them are created.
            let mut a = vdir.parent().and_then(Path::parent).map(Path::to_path_buf);
            while let Some(d) = a.filter(|d| d.starts_with(&dir) && *d != dir) {
                a = d.parent().map(Path::to_path_buf);
                to_sync.insert(d);
            }
            let rows = columns.first().map(|c| c.len()).unwrap_or(0) as u64;
            let pm = PartitionMeta {
                path: c.path.clone(),
                keys: c.keys,
                chunk_id: old
                    .map(|i| next.partitions[i].chunk_id.clone())
                    .unwrap_or_else(new_uuid),
                cid,
                rows,
                update_time: now,
                dir: rel,
                checksums,
                bytes,
            };
            match old {
                Some(i) => next.partitions[i] = pm,
                None => next.partitions.push(pm),
            }
        }
        to_sync.insert(dir.clone());
        sync::sync_dirs(to_sync.into_iter().collect())?;
        self.publish(db, table, &dir, next, superseded)
    }

    /// The last step of every commit, once all new files and directories are durable:
    /// swaps in the new manifest, then deletes superseded versions (those pinned by a snapshot
    /// stay, listed as garbage, until it is dropped) and the journal.
    pub(super) fn publish(
        &self,
        db: &str,
        table: &str,
        dir: &Path,
        mut next: Manifest,
        superseded: Vec<String>,
    ) -> Result<()> {
        let mut st = self.state()?;
        let mut garbage: Vec<String> = next
            .garbage
            .iter()
            .filter(|g| dir.join(g.as_str()).exists())
            .cloned()
            .collect();
        let mut delete_now = Vec::new();
        for s in superseded {
            let p = dir.join(&s);
            if st.pins.get(&p).copied().unwrap_or(0) > 0 {
                st.deferred.push(p);
                garbage.push(s);
            } else {
                delete_now.push(p);
            }
        }
        next.garbage = garbage;
        write_json(&dir.join("MANIFEST.json"), &next)?;
        st.tables
            .insert((db.to_string(), table.to_string()), Arc::new(next));
        drop(st);
        for p in delete_now {
            let _ = fs::remove_dir_all(&p);
            prune_empty_parents(&p, dir);
        }
        let _ = fs::remove_file(dir.join("JOURNAL.json"));
        Ok(())
    }
}

fn write_unsynced(path: &Path, bytes: &[u8]) -> Result<PathBuf> {
    fs::write(path, bytes).map_err(|e| io_err("write", path, e))?;
    Ok(path.to_path_buf())
}

/// One partition's new state in a commit: new full contents, or `None` to remove it.
struct Change {
    path: String,
    keys: Vec<scheme::Key>,
    columns: Option<Vec<Arc<Vector>>>,
}

pub(super) fn version_dir(path: &str, cid: u64) -> String {
    let p = path.trim_matches('/');
    if p.is_empty() {
        format!("p/v{cid}")
    } else {
        format!("p/{p}/v{cid}")
    }
}

/// Removes empty partition directories left after their last version was deleted.
pub(super) fn prune_empty_parents(vdir: &Path, table_dir: &Path) {
    let mut d = vdir.parent();
    while let Some(p) = d {
        if p == table_dir || !p.starts_with(table_dir) || fs::remove_dir(p).is_err() {
            break;
        }
        d = p.parent();
    }
}
