//! Installing ready-made column files as new partition versions: the restore path of
//! backups, which already holds each column in the engine's file format (and has verified
//! it), so decoding and re-encoding the values would only cost time.
//!
//! The commit is the engine's usual one: files go into fresh `v<cid>` directories listed
//! in `JOURNAL.json`, are synced, and `MANIFEST.json` is swapped atomically, so a crash or
//! an error on either side leaves either the old or the new state of every partition.

use super::{prune_empty_parents, version_dir};
use crate::error::{Error, Result};
use crate::storage::codec::{self, HEADER_LEN};
use crate::storage::manifest::{io_err, new_uuid, now_millis, write_json, Journal, Manifest};
use crate::storage::sync;
use crate::storage::{Key, PartitionMeta, Storage};
use rayon::prelude::*;
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

/// One partition to install from encoded column files.
#[derive(Clone, Debug)]
pub struct InstallPart {
    /// The partition path inside the database, e.g. `/20170807/0_50`.
    pub path: String,
    pub keys: Vec<Key>,
    pub rows: u64,
    /// The payload CRC-32 of each column file, in schema order (as the manifest records).
    pub checksums: Vec<u32>,
}

/// Writes column file `column` of part `part` (header and payload, as `codec::encode`
/// writes them) to the given new path, verified by the caller against its own records
/// (a streamed [`crate::storage::filecopy`] copy), and returns the file's header.
pub type FetchFile<'a> = dyn Fn(usize, usize, &Path) -> Result<codec::Header> + Sync + 'a;

impl Storage {
    /// Replaces (or adds) whole partitions with the given column files in one atomic
    /// commit: new cid, new update time, the existing chunk ID kept. Each file is written
    /// once by `fetch` and its header checked against the table and the partition record
    /// (type, row count, checksum); with `parallel` the partitions are written
    /// concurrently. On any error nothing changes.
    pub fn install_partitions(
        &self,
        db: &str,
        table: &str,
        parts: &[InstallPart],
        fetch: &FetchFile<'_>,
        parallel: bool,
    ) -> Result<()> {
        let _w = self.writer()?;
        let m = self.manifest(db, table)?;
        for p in parts {
            if p.checksums.len() != m.columns.len() {
                return Err(Error::runtime(format!(
                    "The partition {} to install has {} column files, the table {table} {} columns",
                    p.path,
                    p.checksums.len(),
                    m.columns.len()
                )));
            }
        }
        let dir = self.table_dir(db, table);
        let cid = m.cid + 1;
        let mut listed: Vec<String> = parts.iter().map(|p| version_dir(&p.path, cid)).collect();
        listed.extend(
            parts
                .iter()
                .filter_map(|p| m.partition(&p.path).map(|o| o.dir.clone())),
        );
        write_json(
            &dir.join("JOURNAL.json"),
            &Journal {
                new_dirs: listed.clone(),
            },
        )?;
        let write_one = |(i, p): (usize, &InstallPart)| -> Result<u64> {
            let vdir = dir.join(version_dir(&p.path, cid));
            fs::create_dir_all(&vdir).map_err(|e| io_err("create", &vdir, e))?;
            let mut bytes = 0u64;
            for (c, def) in m.columns.iter().enumerate() {
                let file = vdir.join(format!("c{c}.col"));
                let h = fetch(i, c, &file)?;
                if h.ty.id() != def.ty || h.rows != p.rows || h.crc != p.checksums[c] {
                    return Err(Error::runtime(format!(
                        "The column file {}/{} to install does not match its partition record",
                        p.path, def.name
                    )));
                }
                bytes += HEADER_LEN as u64 + h.payload_len;
            }
            Ok(bytes)
        };
        let written: Result<Vec<u64>> = if parallel {
            parts.par_iter().enumerate().map(write_one).collect()
        } else {
            parts.iter().enumerate().map(write_one).collect()
        };
        let res = written.and_then(|sizes| self.publish_installed(db, table, &m, parts, &sizes));
        if res.is_err() {
            // Nothing was swapped in: the new version directories are unreferenced.
            for p in parts {
                let vdir = dir.join(version_dir(&p.path, cid));
                let _ = fs::remove_dir_all(&vdir);
                prune_empty_parents(&vdir, &dir);
            }
            let _ = fs::remove_file(dir.join("JOURNAL.json"));
        }
        res
    }

    /// Syncs the installed files and swaps the manifest; superseded versions pinned by a
    /// snapshot stay until it is dropped (as in the engine's commit).
    fn publish_installed(
        &self,
        db: &str,
        table: &str,
        m: &Manifest,
        parts: &[InstallPart],
        sizes: &[u64],
    ) -> Result<()> {
        let dir = self.table_dir(db, table);
        let cid = m.cid + 1;
        let now = now_millis();
        let mut next = m.clone();
        next.cid = cid;
        let mut superseded = Vec::new();
        let mut unsynced: Vec<PathBuf> = Vec::new();
        let mut to_sync: HashSet<PathBuf> = HashSet::new();
        for (p, &bytes) in parts.iter().zip(sizes) {
            let rel = version_dir(&p.path, cid);
            let vdir = dir.join(&rel);
            unsynced.extend((0..p.checksums.len()).map(|c| vdir.join(format!("c{c}.col"))));
            add_ancestors(&mut to_sync, &vdir, &dir);
            let old = next.partitions.iter().position(|o| o.path == p.path);
            let pm = PartitionMeta {
                path: p.path.clone(),
                keys: p.keys.clone(),
                chunk_id: old
                    .map(|i| next.partitions[i].chunk_id.clone())
                    .unwrap_or_else(new_uuid),
                cid,
                rows: p.rows,
                update_time: now,
                dir: rel,
                checksums: p.checksums.clone(),
                bytes,
            };
            match old {
                Some(i) => {
                    superseded.push(next.partitions[i].dir.clone());
                    next.partitions[i] = pm;
                }
                None => next.partitions.push(pm),
            }
        }
        to_sync.insert(dir.clone());
        // Files first, then the directories holding them, as in an ordinary commit.
        sync::syncing(|syncer| {
            for f in unsynced {
                syncer.file(f);
            }
            Ok(())
        })?;
        sync::sync_dirs(to_sync.into_iter().collect())?;
        self.publish(db, table, &dir, next, superseded)
    }
}

/// `vdir` and its parents up to (not including) `table_dir`: the directories whose entries
/// a commit changed.
fn add_ancestors(to_sync: &mut HashSet<PathBuf>, vdir: &Path, table_dir: &Path) {
    let mut a = vdir.to_path_buf();
    while a.starts_with(table_dir) && a != table_dir {
        to_sync.insert(a.clone());
        a = match a.parent() {
            Some(p) => p.to_path_buf(),
            None => break,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::home::Home;
    use crate::storage::{scheme, ColumnDef};
    use crate::value::{Table, Type, Value, Vector};
    use std::sync::Arc;

    #[test]
    fn installs_files_atomically_and_refuses_a_mismatch() {
        let root = std::env::temp_dir().join(format!("porpoise-install-{}", new_uuid()));
        let st = Storage::open(&Home::at(&root)).expect("open");
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
        let t = Table::from_columns(vec!["k".into()], vec![Arc::new(Vector::ints(vec![1, 1]))])
            .expect("table");
        st.append("d", "t", &t).expect("append");
        let before = st.manifest("d", "t").expect("manifest");
        let (good, crc) = codec::encode(&Vector::ints(vec![1, 1, 1])).expect("encode");
        let part = InstallPart {
            path: before.partitions[0].path.clone(),
            keys: before.partitions[0].keys.clone(),
            rows: 3,
            checksums: vec![crc],
        };
        // A file that does not match the record (wrong row count) changes nothing.
        let (short, _) = codec::encode(&Vector::ints(vec![1, 1])).expect("encode");
        let bad = InstallPart {
            checksums: vec![codec::header(&short, "x").expect("header").crc],
            ..part.clone()
        };
        let put = |bytes: &Vec<u8>, to: &Path| -> Result<codec::Header> {
            fs::write(to, bytes).map_err(|e| io_err("write", to, e))?;
            codec::header(bytes, "x")
        };
        let err = st.install_partitions("d", "t", &[bad], &|_, _, to| put(&short, to), true);
        assert!(err.is_err());
        let same = st.manifest("d", "t").expect("manifest");
        assert_eq!(same.cid, before.cid);
        let tdir = st.table_dir("d", "t");
        assert!(!tdir.join("p/1/v2").exists());
        assert!(!tdir.join("JOURNAL.json").exists());
        st.install_partitions("d", "t", &[part], &|_, _, to| put(&good, to), false)
            .expect("install");
        let after = st.manifest("d", "t").expect("manifest");
        let p = &after.partitions[0];
        assert_eq!(
            (after.cid, p.rows, p.cid),
            (before.cid + 1, 3, before.cid + 1)
        );
        assert_eq!(p.chunk_id, before.partitions[0].chunk_id);
        assert!(!tdir.join(&before.partitions[0].dir).exists());
        drop(st);
        let _ = fs::remove_dir_all(&root);
    }
}
