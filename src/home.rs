//! The data home: where everything persistent lives. Chosen by `--home DIR`, else the
//! `PORPOISE_HOME` environment variable, else the platform's user data directory
//! (`$XDG_DATA_HOME/porpoise` or `~/.local/share/porpoise`).

use std::path::{Path, PathBuf};

/// A resolved data home directory.
#[derive(Clone, Debug)]
pub struct Home {
    root: PathBuf,
}

impl Home {
    /// Resolves the home from the command-line option and the environment.
    pub fn resolve(cli: Option<&Path>) -> Home {
        let root = cli
            .map(Path::to_path_buf)
            .or_else(|| std::env::var_os("PORPOISE_HOME").map(PathBuf::from))
            .unwrap_or_else(default_root);
        Home { root }
    }

    pub fn at(root: impl Into<PathBuf>) -> Home {
        Home { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `modules/`: DolphinDB's `moduleDir`, searched first by `use`.
    pub fn modules_dir(&self) -> PathBuf {
        self.root.join("modules")
    }
}

fn default_root() -> PathBuf {
    if let Some(x) = std::env::var_os("XDG_DATA_HOME").filter(|x| !x.is_empty()) {
        return PathBuf::from(x).join("porpoise");
    }
    match std::env::var_os("HOME") {
        Some(h) => PathBuf::from(h).join(".local/share/porpoise"),
        None => PathBuf::from(".porpoise"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_home_wins() {
        let h = Home::resolve(Some(Path::new("/tmp/x")));
        assert_eq!(h.root(), Path::new("/tmp/x"));
        assert_eq!(h.modules_dir(), Path::new("/tmp/x/modules"));
    }
}
