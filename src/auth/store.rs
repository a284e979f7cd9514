//! The user catalog: user records with salted, iterated password hashes, kept in
//! `<home>/users/users.json` (written atomically: temporary file, fsync, rename) or, for
//! sessions without a home, in memory.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The built-in super administrator, present in every new home and never deletable.
pub const SUPER_ADMIN: &str = "admin";
/// Its initial password.
pub const DEFAULT_ADMIN_PASSWORD: &str = "123456";
/// PBKDF2 rounds for new hashes; each record stores its own count so this can grow.
pub const ITERATIONS: u32 = 10_000;
/// The on-disk format version of `users.json`.
pub const FORMAT_VERSION: u32 = 1;

/// One user. `privileges` and `groups` are kept for `grant`/`deny`/`revoke` and groups,
/// which later work fills in; unknown fields of newer files are ignored.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct UserRecord {
    pub name: String,
    /// Hex-encoded random salt.
    pub salt: String,
    /// Hex-encoded PBKDF2-HMAC-SHA256 of the password.
    pub hash: String,
    pub iterations: u32,
    #[serde(rename = "isAdmin")]
    pub is_admin: bool,
    #[serde(default)]
    pub groups: Vec<String>,
    #[serde(default)]
    pub privileges: Vec<Privilege>,
}

/// A privilege decision on an object (`grant`, `deny`; `revoke` removes the entry).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Privilege {
    /// DolphinDB's access type, e.g. `TABLE_READ`, `DB_OWNER`.
    pub access: String,
    /// The object: `*`, `dfs://db`, `dfs://db/table`.
    #[serde(default)]
    pub object: String,
    /// `allow` or `deny`.
    pub state: String,
}

/// The whole catalog as stored.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct UserDb {
    pub version: u32,
    pub users: Vec<UserRecord>,
}

impl UserDb {
    /// A fresh catalog holding only the super administrator.
    pub fn new() -> Result<UserDb> {
        Ok(UserDb {
            version: FORMAT_VERSION,
            users: vec![UserRecord::new(SUPER_ADMIN, DEFAULT_ADMIN_PASSWORD, true)?],
        })
    }

    pub fn get(&self, name: &str) -> Option<&UserRecord> {
        self.users.iter().find(|u| u.name == name)
    }

    pub fn get_mut(&mut self, name: &str) -> Option<&mut UserRecord> {
        self.users.iter_mut().find(|u| u.name == name)
    }

    /// The user when `password` is theirs.
    pub fn authenticate(&self, name: &str, password: &str) -> Option<&UserRecord> {
        self.get(name).filter(|u| u.verify(password))
    }
}

impl UserRecord {
    /// A record for a new user with a freshly salted hash of `password`.
    pub fn new(name: &str, password: &str, is_admin: bool) -> Result<UserRecord> {
        let mut rec = UserRecord {
            name: name.to_string(),
            salt: String::new(),
            hash: String::new(),
            iterations: ITERATIONS,
            is_admin,
            groups: Vec::new(),
            privileges: Vec::new(),
        };
        rec.set_password(password)?;
        Ok(rec)
    }

    /// Replaces the password, with a new salt.
    pub fn set_password(&mut self, password: &str) -> Result<()> {
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt)
            .map_err(|e| Error::runtime(format!("Failed to generate a password salt: {e}")))?;
        self.salt = hex(&salt);
        self.iterations = ITERATIONS;
        self.hash = hex(&pbkdf2_sha256(password.as_bytes(), &salt, self.iterations));
        Ok(())
    }

    pub fn verify(&self, password: &str) -> bool {
        let Some(salt) = unhex(&self.salt) else {
            return false;
        };
        let got = hex(&pbkdf2_sha256(password.as_bytes(), &salt, self.iterations));
        // Compare without an early exit so timing does not reveal the matching prefix.
        got.len() == self.hash.len()
            && got
                .bytes()
                .zip(self.hash.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    }
}

/// `<home>/users/users.json`.
pub fn users_file(home: &Path) -> PathBuf {
    home.join("users").join("users.json")
}

/// Reads the catalog, or creates the default one when the home has none yet.
pub fn load(home: &Path) -> Result<UserDb> {
    let path = users_file(home);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let db = UserDb::new()?;
            save(home, &db)?;
            return Ok(db);
        }
        Err(e) => {
            return Err(Error::io(format!(
                "Failed to read the user catalog [{}]: {e}",
                path.display()
            )))
        }
    };
    let db: UserDb = serde_json::from_str(&text).map_err(|e| {
        Error::io(format!(
            "The user catalog [{}] is corrupt: {e}",
            path.display()
        ))
    })?;
    if db.version > FORMAT_VERSION {
        return Err(Error::io(format!(
            "The user catalog [{}] has format version {}, newer than this porpoise supports ({FORMAT_VERSION})",
            path.display(),
            db.version
        )));
    }
    Ok(db)
}

/// Writes the catalog atomically: a reader sees the old file or the new one, never a mix.
pub fn save(home: &Path, db: &UserDb) -> Result<()> {
    use std::io::Write;
    let path = users_file(home);
    let dir = path.parent().expect("the users file lives in a folder");
    let io = |e: std::io::Error| {
        Error::io(format!(
            "Failed to write the user catalog [{}]: {e}",
            path.display()
        ))
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    let text = serde_json::to_string_pretty(db)
        .map_err(|e| Error::runtime(format!("Failed to encode the user catalog: {e}")))?;
    let tmp = dir.join(format!("users.json.tmp-{}", std::process::id()));
    let mut f = std::fs::File::create(&tmp).map_err(io)?;
    f.write_all(text.as_bytes()).map_err(io)?;
    f.sync_all().map_err(io)?;
    drop(f);
    std::fs::rename(&tmp, &path).map_err(io)?;
    // Make the rename itself durable.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// PBKDF2 (RFC 8018) with HMAC-SHA256, one 32-byte block.
fn pbkdf2_sha256(password: &[u8], salt: &[u8], iterations: u32) -> [u8; 32] {
    let mut block = salt.to_vec();
    block.extend_from_slice(&1u32.to_be_bytes());
    let mut u = hmac_sha256(password, &block);
    let mut acc = u;
    for _ in 1..iterations.max(1) {
        u = hmac_sha256(password, &u);
        for (a, b) in acc.iter_mut().zip(u.iter()) {
            *a ^= b;
        }
    }
    acc
}

fn hmac_sha256(key: &[u8], msg: &[u8]) -> [u8; 32] {
    let mut k = [0u8; 64];
    if key.len() > 64 {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(k.map(|b| b ^ 0x36));
    inner.update(msg);
    let mut outer = Sha256::new();
    outer.update(k.map(|b| b ^ 0x5c));
    outer.update(inner.finalize());
    let mut out = [0u8; 32];
    out.copy_from_slice(&outer.finalize());
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pbkdf2_matches_the_rfc_7914_vector() {
        // RFC 7914 section 11: PBKDF2-HMAC-SHA256("passwd", "salt", 1), first 32 bytes.
        let got = hex(&pbkdf2_sha256(b"passwd", b"salt", 1));
        assert_eq!(
            got,
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
        );
    }

    #[test]
    fn passwords_are_salted_and_verified() {
        let a = UserRecord::new("u1", "secret", false).expect("record");
        let b = UserRecord::new("u2", "secret", false).expect("record");
        assert_ne!(a.hash, b.hash, "different salts give different hashes");
        assert!(a.verify("secret"));
        assert!(!a.verify("Secret"));
        assert!(!a.hash.contains("secret"));
    }

    #[test]
    fn catalog_round_trips_through_the_file() {
        let dir = std::env::temp_dir().join(format!("porpoise-users-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut db = load(&dir).expect("a new home gets the default catalog");
        assert!(db
            .authenticate(SUPER_ADMIN, DEFAULT_ADMIN_PASSWORD)
            .is_some());
        db.users
            .push(UserRecord::new("alice", "pw123456", false).expect("record"));
        save(&dir, &db).expect("save");
        let again = load(&dir).expect("reload");
        assert_eq!(again, db);
        let text = std::fs::read_to_string(users_file(&dir)).expect("file");
        assert!(!text.contains("pw123456"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
