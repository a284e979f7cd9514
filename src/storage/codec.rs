//! Column files: one typed column per file, a fixed header, a little-endian payload and a
//! CRC-32 of the payload, so a torn or corrupted file is detected when it is read.
//!
//! Layout (all integers little-endian):
//!
//! | bytes | field                                                      |
//! |-------|------------------------------------------------------------|
//! | 8     | magic `PPCOL\0\0\x01`                                        |
//! | 1     | DolphinDB type id of the column                            |
//! | 3     | reserved (0)                                               |
//! | 8     | row count                                                  |
//! | 8     | payload length in bytes                                    |
//! | 4     | CRC-32 of the payload                                      |
//! | 4     | CRC-32 of the 32 header bytes before it (header: 36 bytes) |
//! | n     | payload: fixed-width values, or `u32 len + UTF-8` per string |

use super::manifest::io_err;
use crate::error::{Error, Result};
use crate::value::{Physical, Type, VecData, Vector};
use std::cell::RefCell;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

pub const MAGIC: &[u8; 8] = b"PPCOL\0\0\x01";
pub const HEADER_LEN: usize = 36;

/// Encodes a column; returns the file bytes and the payload checksum.
pub fn encode(v: &Vector) -> Result<(Vec<u8>, u32)> {
    // The payload is written after a placeholder header, then the header is filled in:
    // one buffer, no copy of the payload.
    let mut out = vec![0u8; HEADER_LEN];
    encode_payload(v, &mut out)?;
    let payload_len = (out.len() - HEADER_LEN) as u64;
    let crc = crc32fast::hash(&out[HEADER_LEN..]);
    let mut h = Vec::with_capacity(HEADER_LEN);
    h.extend_from_slice(MAGIC);
    h.push(v.ty().id() as u8);
    h.extend_from_slice(&[0, 0, 0]);
    h.extend_from_slice(&(v.len() as u64).to_le_bytes());
    h.extend_from_slice(&payload_len.to_le_bytes());
    h.extend_from_slice(&crc.to_le_bytes());
    let hcrc = crc32fast::hash(&h);
    h.extend_from_slice(&hcrc.to_le_bytes());
    out[..HEADER_LEN].copy_from_slice(&h);
    Ok((out, crc))
}

fn encode_payload(v: &Vector, out: &mut Vec<u8>) -> Result<()> {
    macro_rules! fixed {
        ($xs:expr) => {{
            // The whole slice's size: one allocation, no regrowth.
            out.reserve(std::mem::size_of_val(&$xs[..]));
            for x in $xs.iter() {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }};
    }
    match v.data() {
        VecData::I8(xs) => fixed!(xs),
        VecData::I16(xs) => fixed!(xs),
        VecData::I32(xs) => fixed!(xs),
        VecData::I64(xs) => fixed!(xs),
        VecData::F32(xs) => fixed!(xs),
        VecData::F64(xs) => fixed!(xs),
        VecData::U128(xs) => fixed!(xs),
        VecData::Str(xs) => {
            out.reserve(xs.iter().map(|s| s.len() + 4).sum());
            for s in xs {
                out.extend_from_slice(&(s.len() as u32).to_le_bytes());
                out.extend_from_slice(s.as_bytes());
            }
        }
        VecData::Any(_) => {
            return Err(Error::runtime(
                "A column of a DFS table can't hold an ANY vector",
            ))
        }
    }
    Ok(())
}

thread_local! {
    /// The read buffer of this thread, reused so reading a column file does not allocate
    /// (and page-fault in) a fresh buffer each time.
    static READ_BUF: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Reads a whole file into this thread's reusable buffer and passes its bytes to `f`.
pub fn with_file<R>(path: &Path, f: impl FnOnce(&[u8]) -> Result<R>) -> Result<R> {
    // A buffer grown by a huge file is not kept: it would stay allocated per thread.
    const KEEP: usize = 64 << 20;
    let mut buf = READ_BUF.with(|b| std::mem::take(&mut *b.borrow_mut()));
    buf.clear();
    let read = std::fs::File::open(path).and_then(|mut file| {
        let len = file.metadata().map(|m| m.len() as usize).unwrap_or(0);
        buf.reserve(len);
        file.read_to_end(&mut buf)
    });
    let out = match read {
        Ok(_) => f(&buf),
        Err(e) => Err(io_err("read", path, e)),
    };
    if buf.capacity() <= KEEP {
        READ_BUF.with(|b| *b.borrow_mut() = buf);
    }
    out
}

/// A decoded header.
#[derive(Debug, Clone, Copy)]
pub struct Header {
    pub ty: Type,
    pub rows: u64,
    pub payload_len: u64,
    pub crc: u32,
}

fn corrupt(what: &str, file: &str) -> Error {
    Error::runtime(format!("The column file {file} is corrupt: {what}"))
}

/// Parses and checks the header of a column file.
pub fn header(bytes: &[u8], file: &str) -> Result<Header> {
    if bytes.len() < HEADER_LEN || &bytes[..8] != MAGIC {
        return Err(corrupt("bad header", file));
    }
    let u64_at = |i: usize| {
        let mut b = [0u8; 8];
        b.copy_from_slice(&bytes[i..i + 8]);
        u64::from_le_bytes(b)
    };
    let u32_at = |i: usize| {
        let mut b = [0u8; 4];
        b.copy_from_slice(&bytes[i..i + 4]);
        u32::from_le_bytes(b)
    };
    if crc32fast::hash(&bytes[..32]) != u32_at(32) {
        return Err(corrupt("header checksum mismatch", file));
    }
    let ty = Type::from_id(i64::from(bytes[8])).ok_or_else(|| corrupt("unknown type", file))?;
    Ok(Header {
        ty,
        rows: u64_at(12),
        payload_len: u64_at(20),
        crc: u32_at(28),
    })
}

/// Decodes a column file, verifying both checksums (and `expected_crc` from the manifest
/// when given).
pub fn decode(bytes: &[u8], file: &str, expected_crc: Option<u32>) -> Result<Vector> {
    let h = header(bytes, file)?;
    let payload = &bytes[HEADER_LEN..];
    if payload.len() as u64 != h.payload_len {
        return Err(corrupt("truncated payload", file));
    }
    let crc = crc32fast::hash(payload);
    if crc != h.crc || expected_crc.is_some_and(|e| e != crc) {
        return Err(corrupt("checksum mismatch", file));
    }
    let n = usize::try_from(h.rows).map_err(|_| corrupt("row count", file))?;
    macro_rules! fixed {
        ($t:ty, $variant:ident) => {{
            let w = std::mem::size_of::<$t>();
            if payload.len() != n * w {
                return Err(corrupt("payload size", file));
            }
            let xs: Vec<$t> = payload
                .chunks_exact(w)
                .map(|c| <$t>::from_le_bytes(c.try_into().expect("chunks_exact gives w bytes")))
                .collect();
            VecData::$variant(xs)
        }};
    }
    let data = match h.ty.physical() {
        Physical::I8 => fixed!(i8, I8),
        Physical::I16 => fixed!(i16, I16),
        Physical::I32 => fixed!(i32, I32),
        Physical::I64 => fixed!(i64, I64),
        Physical::F32 => fixed!(f32, F32),
        Physical::F64 => fixed!(f64, F64),
        Physical::U128 => fixed!(u128, U128),
        Physical::Str => {
            let mut xs: Vec<Arc<str>> = Vec::with_capacity(n);
            let mut i = 0usize;
            while i < payload.len() {
                if i + 4 > payload.len() {
                    return Err(corrupt("string length", file));
                }
                let len = u32::from_le_bytes(payload[i..i + 4].try_into().expect("4 bytes"));
                let end = i + 4 + len as usize;
                let s = payload
                    .get(i + 4..end)
                    .and_then(|b| std::str::from_utf8(b).ok())
                    .ok_or_else(|| corrupt("string bytes", file))?;
                xs.push(Arc::from(s));
                i = end;
            }
            if xs.len() != n {
                return Err(corrupt("row count", file));
            }
            VecData::Str(xs)
        }
        Physical::Any => return Err(corrupt("unsupported type", file)),
    };
    Vector::try_new(h.ty, data).ok_or_else(|| corrupt("layout", file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_detects_corruption() {
        let v = Vector::new(Type::Date, VecData::I32(vec![1, i32::MIN, 17385]));
        let (bytes, crc) = encode(&v).expect("encodes");
        let back = decode(&bytes, "x", Some(crc)).expect("decodes");
        assert_eq!(back.ty(), Type::Date);
        assert!(matches!(back.data(), VecData::I32(x) if x == &vec![1, i32::MIN, 17385]));
        let mut bad = bytes.clone();
        let last = bad.len() - 1;
        bad[last] ^= 1;
        assert!(decode(&bad, "x", None).is_err());
        assert!(decode(&bytes[..bytes.len() - 2], "x", None).is_err());
        assert!(decode(&bytes, "x", Some(crc ^ 1)).is_err());
    }

    #[test]
    fn strings_round_trip() {
        let v = Vector::symbols(vec![Arc::from("a"), Arc::from(""), Arc::from("héllo")]);
        let (bytes, _) = encode(&v).expect("encodes");
        let back = decode(&bytes, "x", None).expect("decodes");
        assert_eq!(back.ty(), Type::Symbol);
        assert!(matches!(back.data(), VecData::Str(x) if x[2].as_ref() == "héllo"));
    }
}
