//! Verified copy of one column file: the primitive under backups (database to backup
//! directory) and restores (backup directory to database).
//!
//! The bytes move inside the kernel (`std::io::copy` between two files is
//! `copy_file_range` on Linux, as `cp` uses): copying through a user-space buffer costs
//! twice as much on a virtual machine whose page cache lands in memory the host has not
//! backed yet. The copy is then read back through one small per-thread buffer, which stays
//! in the CPU's L2 cache, to check its header, length and payload CRC-32: what is verified
//! is the file as written, not the source. On failure the caller removes the copy (backups
//! and restores both write under names nothing refers to yet).

use super::codec::{self, Header, HEADER_LEN};
use std::cell::RefCell;
use std::fs::File;
use std::io::{ErrorKind, Read, Seek, SeekFrom};
use std::path::Path;

/// Bytes moved per read and write: small enough to stay in L2 cache, large enough that the
/// system calls cost little next to the copying.
const CHUNK: usize = 256 << 10;

thread_local! {
    static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// A column file copied and checked: its parsed header, length and whole-file CRC-32.
#[derive(Clone, Debug)]
pub struct Copied {
    pub header: Header,
    pub len: u64,
    pub whole_crc: u32,
}

/// Why a copy failed; callers word the message for their function.
#[derive(Debug)]
pub enum CopyFault {
    Read(std::io::Error),
    Write(std::io::Error),
    /// Moving the bytes failed (the kernel does not say on which side).
    Copy(std::io::Error),
    /// The source is not an intact column file (what is wrong, in words).
    Corrupt(String),
}

/// Copies the column file `from` to a new file `to`, then checks the copy's header, length
/// and payload checksum, and syncs it when `sync`. On `Err` the
/// destination may exist half-written.
pub fn copy_column_file(from: &Path, to: &Path, sync: bool) -> Result<Copied, CopyFault> {
    BUFFER.with(|b| {
        let mut buf = b.borrow_mut();
        if buf.len() < CHUNK {
            buf.resize(CHUNK, 0);
        }
        copy_with(from, to, sync, &mut buf[..CHUNK])
    })
}

fn copy_with(from: &Path, to: &Path, sync: bool, buf: &mut [u8]) -> Result<Copied, CopyFault> {
    let mut src = File::open(from).map_err(CopyFault::Read)?;
    let mut dst = File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(to)
        .map_err(CopyFault::Write)?;
    let len = std::io::copy(&mut src, &mut dst).map_err(CopyFault::Copy)?;
    dst.seek(SeekFrom::Start(0)).map_err(CopyFault::Read)?;
    let mut head = [0u8; HEADER_LEN];
    let mut head_len = 0;
    let mut payload = crc32fast::Hasher::new();
    let mut seen = 0u64;
    loop {
        let n = match dst.read(buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(CopyFault::Read(e)),
        };
        let chunk = &buf[..n];
        let take = (HEADER_LEN - head_len).min(n);
        head[head_len..head_len + take].copy_from_slice(&chunk[..take]);
        head_len += take;
        payload.update(&chunk[take..]);
        seen += n as u64;
    }
    if seen != len {
        return Err(CopyFault::Corrupt("the copy has the wrong length".into()));
    }
    let header = codec::header(&head[..head_len], "")
        .map_err(|_| CopyFault::Corrupt("bad header".into()))?;
    if header.payload_len != len - HEADER_LEN as u64 {
        return Err(CopyFault::Corrupt("wrong length".into()));
    }
    let payload_crc = payload.clone().finalize();
    if payload_crc != header.crc {
        return Err(CopyFault::Corrupt("checksum mismatch".into()));
    }
    if sync {
        dst.sync_all().map_err(CopyFault::Write)?;
    }
    let mut whole = crc32fast::Hasher::new();
    whole.update(&head);
    whole.combine(&payload);
    Ok(Copied {
        header,
        len,
        whole_crc: whole.finalize(),
    })
}

/// Asks the kernel to start reading `path` into the page cache now (`posix_fadvise` with
/// `WILLNEED`). Backups and restores call it for the next partition's files before they
/// copy the current one, so reading from the disk overlaps the copying instead of waiting
/// for each file's readahead in turn. A file that can't be opened is left to the copy to
/// report.
pub fn prefetch(path: &Path) {
    if let Ok(f) = File::open(path) {
        advise_willneed(&f);
    }
}

#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
fn advise_willneed(f: &File) {
    use std::os::fd::AsRawFd;
    const POSIX_FADV_WILLNEED: i32 = 3;
    extern "C" {
        fn posix_fadvise(fd: i32, offset: i64, len: i64, advice: i32) -> i32;
    }
    // SAFETY: the descriptor stays open for the call (borrowed from `f`), and WILLNEED only
    // schedules readahead into the page cache: it never changes the file or any memory of
    // this process. A failure only means no readahead, so the result is ignored.
    unsafe {
        posix_fadvise(f.as_raw_fd(), 0, 0, POSIX_FADV_WILLNEED);
    }
}

#[cfg(not(target_os = "linux"))]
fn advise_willneed(_f: &File) {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Type;
    use crate::value::{VecData, Vector};

    fn column_file(dir: &Path, n: i64) -> (std::path::PathBuf, Vec<u8>) {
        let v = Vector::new(Type::Long, VecData::I64((0..n).collect()));
        let (bytes, _) = codec::encode(&v).expect("encode");
        let p = dir.join(format!("src{n}.col"));
        std::fs::write(&p, &bytes).expect("write");
        (p, bytes)
    }

    fn tmp(name: &str) -> std::path::PathBuf {
        let d =
            std::env::temp_dir().join(format!("porpoise-filecopy-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("mkdir");
        d
    }

    #[test]
    fn copies_files_larger_and_smaller_than_the_buffer() {
        let d = tmp("sizes");
        for n in [0, 1, 1000, 100_000] {
            let (src, bytes) = column_file(&d, n);
            let dst = d.join(format!("dst{n}.col"));
            let c = copy_column_file(&src, &dst, false).expect("copy");
            assert_eq!(std::fs::read(&dst).expect("read"), bytes);
            assert_eq!(c.len, bytes.len() as u64);
            assert_eq!(c.whole_crc, crc32fast::hash(&bytes));
            assert_eq!(c.header.rows, n as u64);
        }
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn reports_every_damaged_byte() {
        let d = tmp("damage");
        let (src, bytes) = column_file(&d, 70_000);
        let dst = d.join("dst.col");
        for at in [0, 9, 20, 35, 36, 1000, bytes.len() - 1] {
            let mut bad = bytes.clone();
            bad[at] ^= 0x40;
            std::fs::write(&src, &bad).expect("write");
            assert!(
                matches!(
                    copy_column_file(&src, &dst, false),
                    Err(CopyFault::Corrupt(_))
                ),
                "byte {at}"
            );
        }
        std::fs::write(&src, &bytes[..bytes.len() - 8]).expect("write");
        assert!(matches!(
            copy_column_file(&src, &dst, false),
            Err(CopyFault::Corrupt(_))
        ));
        std::fs::write(&src, &bytes[..10]).expect("write");
        assert!(matches!(
            copy_column_file(&src, &dst, false),
            Err(CopyFault::Corrupt(_))
        ));
        assert!(matches!(
            copy_column_file(&d.join("missing"), &dst, false),
            Err(CopyFault::Read(_))
        ));
        let _ = std::fs::remove_dir_all(&d);
    }
}
