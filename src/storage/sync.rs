//! Background syncing for commits: the files and directories a commit creates are handed to
//! a pool of threads as soon as they are complete, so waiting on the device overlaps with
//! encoding and writing the rest of the commit.
//!
//! fsync mostly waits on the device, not the CPU, and concurrent syncs share the file
//! system's journal commits; that is why the pool is much wider than the machine.

use super::manifest::{fsync_enabled, io_err};
use crate::error::{Error, Result};
use std::fs::File;
use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Mutex;

/// Threads syncing at once.
const THREADS: usize = 32;

/// What to make durable: a file's data and size, or a directory's entries.
enum Job {
    File(PathBuf),
    Dir(PathBuf),
}

/// Hands paths to the sync pool of [`syncing`]; a no-op when fsync is off.
pub struct Syncer {
    tx: Option<Sender<Job>>,
}

impl Syncer {
    /// Queues a completely written file: its data and size become durable (`fdatasync`,
    /// which covers everything needed to read the file back; its name is its directory's).
    pub fn file(&self, path: PathBuf) {
        if let Some(tx) = &self.tx {
            // A send fails only when every worker has stopped on an error, which is reported.
            let _ = tx.send(Job::File(path));
        }
    }

    /// Queues a directory whose entries are all created.
    pub fn dir(&self, path: PathBuf) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(Job::Dir(path));
        }
    }
}

fn run(job: &Job) -> Result<()> {
    match job {
        Job::File(p) => File::open(p)
            .and_then(|f| f.sync_data())
            .map_err(|e| io_err("sync", p, e)),
        Job::Dir(p) => File::open(p)
            .and_then(|f| f.sync_all())
            .map_err(|e| io_err("sync", p, e)),
    }
}

fn worker(rx: &Mutex<Receiver<Job>>) -> Result<()> {
    loop {
        let job = {
            let rx = rx
                .lock()
                .map_err(|_| Error::runtime("a sync thread panicked"))?;
            match rx.recv() {
                Ok(j) => j,
                Err(_) => return Ok(()),
            }
        };
        run(&job)?;
    }
}

/// Runs `work` with a [`Syncer`]; returns once `work` is done and everything it queued is
/// durable (or with the first error of either).
pub fn syncing<R>(work: impl FnOnce(&Syncer) -> Result<R>) -> Result<R> {
    if !fsync_enabled() {
        return work(&Syncer { tx: None });
    }
    let (tx, rx) = channel();
    let rx = Mutex::new(rx);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..THREADS).map(|_| s.spawn(|| worker(&rx))).collect();
        let syncer = Syncer { tx: Some(tx) };
        let out = work(&syncer);
        // Closing the channel lets the workers finish the queue and stop.
        drop(syncer);
        let mut synced = Ok(());
        for h in handles {
            let r = h
                .join()
                .unwrap_or_else(|_| Err(Error::runtime("a sync thread panicked")));
            if synced.is_ok() {
                synced = r;
            }
        }
        let out = out?;
        synced.map(|_| out)
    })
}

/// Syncs directories in parallel (each once), waiting for all of them.
pub fn sync_dirs(dirs: Vec<PathBuf>) -> Result<()> {
    syncing(|s| {
        for d in dirs {
            s.dir(d);
        }
        Ok(())
    })
}
