//! Users and login as DolphinDB has them: the session's current user (`guest` until
//! `login`), the user catalog in the data home (see `store`), and the checks other
//! subsystems call before privileged work (`require_login`, `require_admin`).
//!
//! **API boundary:** `current_user` and `require_login` are what storage and backup call;
//! the catalog file `<home>/users/users.json` is part of the on-disk format.

mod builtins;
pub mod store;

pub use builtins::register;

use crate::error::{Error, Result};
use crate::eval::Interp;
use std::sync::{Arc, Mutex};
use store::UserDb;

/// The name DolphinDB reports for a session nobody has logged in to.
pub const GUEST: &str = "guest";

/// Per-session login state. Clones (parallel workers) share the in-memory catalog.
#[derive(Clone, Debug)]
pub struct Session {
    user: Option<String>,
    is_admin: bool,
    /// A number identifying the session (`getCurrentSessionAndUser`).
    id: i64,
    /// The catalog of a session without a data home, created on first use.
    memory: Arc<Mutex<Option<UserDb>>>,
}

impl Default for Session {
    fn default() -> Session {
        use std::sync::atomic::{AtomicI64, Ordering};
        static NEXT: AtomicI64 = AtomicI64::new(1);
        Session {
            user: None,
            is_admin: false,
            id: NEXT.fetch_add(1, Ordering::Relaxed),
            memory: Arc::new(Mutex::new(None)),
        }
    }
}

impl Session {
    /// The logged-in user, or `guest`.
    pub fn user(&self) -> &str {
        self.user.as_deref().unwrap_or(GUEST)
    }

    pub fn is_logged_in(&self) -> bool {
        self.user.is_some()
    }

    pub fn is_admin(&self) -> bool {
        self.user.is_some() && self.is_admin
    }

    pub fn id(&self) -> i64 {
        self.id
    }

    pub(crate) fn set_user(&mut self, user: Option<(String, bool)>) {
        match user {
            Some((name, admin)) => {
                self.user = Some(name);
                self.is_admin = admin;
            }
            None => {
                self.user = None;
                self.is_admin = false;
            }
        }
    }
}

/// The session's user name (`guest` when nobody is logged in).
pub fn current_user(interp: &Interp) -> String {
    interp.auth.user().to_string()
}

/// Fails unless someone is logged in; `func` names the refused function in the message.
pub fn require_login(interp: &Interp, func: &str) -> Result<()> {
    if interp.auth.is_logged_in() {
        Ok(())
    } else {
        Err(not_logged_in(func))
    }
}

/// Fails unless an administrator is logged in, with DolphinDB's message.
pub fn require_admin(interp: &Interp, func: &str) -> Result<()> {
    if interp.auth.is_admin() {
        Ok(())
    } else {
        Err(Error::runtime(format!(
            "Only administrators execute function {func}"
        )))
    }
}

fn not_logged_in(func: &str) -> Error {
    Error::runtime(format!("[{func}] <NotAuthenticated>Not login yet."))
}

/// Runs `f` on the session's catalog: the home's file (read fresh, written back when `f`
/// reports a change) or the in-memory one.
pub(crate) fn with_users<T>(
    interp: &Interp,
    f: impl FnOnce(&mut UserDb) -> Result<(T, bool)>,
) -> Result<T> {
    match &interp.home {
        Some(home) => {
            let mut db = store::load(home.root())?;
            let (res, changed) = f(&mut db)?;
            if changed {
                store::save(home.root(), &db)?;
            }
            Ok(res)
        }
        None => {
            let mut guard = interp
                .auth
                .memory
                .lock()
                .map_err(|_| Error::runtime("The user catalog is unavailable"))?;
            if guard.is_none() {
                *guard = Some(UserDb::new()?);
            }
            let db = guard.as_mut().expect("the catalog was just created");
            Ok(f(db)?.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guest_until_login() {
        let mut it = Interp::with_output(Box::new(std::io::sink()));
        assert_eq!(current_user(&it), "guest");
        let err = require_login(&it, "backup").expect_err("guest is refused");
        assert_eq!(err.message, "[backup] <NotAuthenticated>Not login yet.");
        it.run_source("t", "login(`admin, `123456)").expect("login");
        assert_eq!(current_user(&it), "admin");
        assert!(require_login(&it, "backup").is_ok());
        assert!(require_admin(&it, "createUser").is_ok());
    }

    #[test]
    fn users_persist_in_the_home() {
        let dir = std::env::temp_dir().join(format!("porpoise-auth-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut it = Interp::with_output(Box::new(std::io::sink()));
        it.home = Some(crate::home::Home::at(&dir));
        it.run_source(
            "t",
            "login(`admin, `123456); createUser(`alice, \"pw_alice1\"); logout()",
        )
        .expect("create a user");
        let mut again = Interp::with_output(Box::new(std::io::sink()));
        again.home = Some(crate::home::Home::at(&dir));
        again
            .run_source("t", "login(`alice, \"pw_alice1\")")
            .expect("the new session sees the user");
        assert_eq!(current_user(&again), "alice");
        assert!(require_admin(&again, "createUser").is_err());
        let text = std::fs::read_to_string(store::users_file(&dir)).expect("users file");
        assert!(
            !text.contains("pw_alice1"),
            "passwords are never stored in clear"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
