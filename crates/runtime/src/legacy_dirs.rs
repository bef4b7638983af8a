//! Folders named after the app's first identifier, `io.deskbell.app`, moved to
//! the current one on the first start of a version that uses it.
//!
//! The old name ends in `.app`, which macOS reads as an application bundle (the
//! bundler warns about it), so the identifier became [`crate::APP_ID`]. The
//! identifier names the config folder (accounts, outbox, drafts, settings), the
//! cache, and Tauri's own folders (logs, window state, WebKit storage): each is
//! renamed in place, so a desk keeps everything it had. A rename within one
//! parent folder is atomic, so the window and the agent starting at once cannot
//! both move it, and nothing is copied.
//!
//! Keyring entries keep the service name `io.deskbell.app` (`secrets.rs`): it is
//! a label, not a folder, and moving tokens would only pass them through memory.

use std::io;
use std::path::{Path, PathBuf};

pub const LEGACY_APP_ID: &str = "io.deskbell.app";

/// What happened to one folder.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// `from` is now `to`.
    Moved { from: PathBuf, to: PathBuf },
    /// No folder of the old name: a new desk, or already moved.
    Nothing,
    /// Both exist (the old version was started again after the move, or ran
    /// beside this one): the current folder is used, the old one left alone.
    BothExist { old: PathBuf, current: PathBuf },
}

/// Renames `<base>/<old>` to `<base>/<new>` unless `<base>/<new>` exists.
pub fn move_folder(base: &Path, old: &str, new: &str) -> io::Result<Outcome> {
    let (from, to) = (base.join(old), base.join(new));
    if !from.is_dir() {
        return Ok(Outcome::Nothing);
    }
    if to.exists() {
        return Ok(Outcome::BothExist {
            old: from,
            current: to,
        });
    }
    match std::fs::rename(&from, &to) {
        Ok(()) => Ok(Outcome::Moved { from, to }),
        // Another process of the app moved it a moment ago.
        Err(_) if !from.exists() && to.is_dir() => Ok(Outcome::Nothing),
        Err(e) => Err(e),
    }
}

/// The parent folders where this system keeps folders named after the
/// identifier: config, cache, data and local data (one folder on some
/// systems), and on macOS the logs. A folder set by `DESKBELL_CONFIG_DIR` or
/// `DESKBELL_CACHE_DIR` is the user's own choice and has no old name.
pub fn bases(env: &dyn Fn(&str) -> Option<String>) -> Vec<PathBuf> {
    let mut bases = Vec::new();
    if env("DESKBELL_CONFIG_DIR").is_none() {
        bases.extend(dirs::config_dir());
    }
    if env("DESKBELL_CACHE_DIR").is_none() {
        bases.extend(dirs::cache_dir());
    }
    bases.extend(dirs::data_dir());
    bases.extend(dirs::data_local_dir());
    if cfg!(target_os = "macos") {
        bases.extend(dirs::home_dir().map(|home| home.join("Library/Logs")));
    }
    bases.sort();
    bases.dedup();
    bases
}

/// Moves every old-named folder of this user; returns what happened to each
/// base, for the log (the logger's own folder may be among them, so the caller
/// logs after this).
pub fn move_all() -> Vec<(PathBuf, io::Result<Outcome>)> {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    bases(&env)
        .into_iter()
        .map(|base| {
            let outcome = move_folder(&base, LEGACY_APP_ID, crate::APP_ID);
            (base, outcome)
        })
        .collect()
}

/// Logs what [`move_all`] did: moves at info, failures at warn, nothing else.
pub fn log(results: &[(PathBuf, io::Result<Outcome>)]) {
    for (base, outcome) in results {
        match outcome {
            Ok(Outcome::Moved { from, to }) => {
                log::info!("moved {} to {}", from.display(), to.display())
            }
            Ok(Outcome::BothExist { old, current }) => log::info!(
                "{} is left as it is; {} is in use",
                old.display(),
                current.display()
            ),
            Ok(Outcome::Nothing) => {}
            Err(e) => log::warn!("cannot move {} in {}: {e}", LEGACY_APP_ID, base.display()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NEW: &str = "io.deskbell.desk";

    #[test]
    fn the_old_folder_moves_with_everything_in_it() {
        let base = tempfile::tempdir().unwrap();
        let old = base.path().join(LEGACY_APP_ID);
        std::fs::create_dir_all(old.join("drafts")).unwrap();
        std::fs::write(old.join("outbox.json"), b"[1]").unwrap();
        std::fs::write(old.join("drafts/7.json"), b"hi").unwrap();

        let outcome = move_folder(base.path(), LEGACY_APP_ID, NEW).unwrap();

        let new = base.path().join(NEW);
        assert_eq!(
            outcome,
            Outcome::Moved {
                from: old.clone(),
                to: new.clone()
            }
        );
        assert!(!old.exists());
        assert_eq!(std::fs::read(new.join("outbox.json")).unwrap(), b"[1]");
        assert_eq!(std::fs::read(new.join("drafts/7.json")).unwrap(), b"hi");
    }

    #[test]
    fn a_current_folder_is_never_overwritten() {
        let base = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(base.path().join(LEGACY_APP_ID)).unwrap();
        std::fs::create_dir_all(base.path().join(NEW)).unwrap();
        std::fs::write(base.path().join(NEW).join("settings.json"), b"new").unwrap();

        let outcome = move_folder(base.path(), LEGACY_APP_ID, NEW).unwrap();

        assert!(matches!(outcome, Outcome::BothExist { .. }));
        assert!(base.path().join(LEGACY_APP_ID).is_dir());
        let kept = std::fs::read(base.path().join(NEW).join("settings.json")).unwrap();
        assert_eq!(kept, b"new");
    }

    #[test]
    fn nothing_to_move_is_not_an_error_and_creates_nothing() {
        let base = tempfile::tempdir().unwrap();
        assert_eq!(
            move_folder(base.path(), LEGACY_APP_ID, NEW).unwrap(),
            Outcome::Nothing
        );
        assert!(!base.path().join(NEW).exists());
        // A file of the old name is not a folder of ours.
        std::fs::write(base.path().join(LEGACY_APP_ID), b"x").unwrap();
        assert_eq!(
            move_folder(base.path(), LEGACY_APP_ID, NEW).unwrap(),
            Outcome::Nothing
        );
    }

    #[test]
    fn folders_the_user_chose_are_not_bases() {
        let none = |_: &str| None;
        let chosen = |name: &str| {
            matches!(name, "DESKBELL_CONFIG_DIR" | "DESKBELL_CACHE_DIR").then(|| "/x".to_owned())
        };
        let all = bases(&none);
        let some = bases(&chosen);
        if let Some(config) = dirs::config_dir() {
            assert!(all.contains(&config));
            // Where config is also the data folder (Linux: no; Windows: roaming
            // data is config), it stays as data.
            if Some(&config) != dirs::data_dir().as_ref() {
                assert!(!some.contains(&config));
            }
        }
        assert!(some.len() <= all.len());
    }

    #[test]
    fn the_identifier_no_longer_ends_in_app() {
        assert_ne!(crate::APP_ID, LEGACY_APP_ID);
        assert!(!crate::APP_ID.ends_with(".app"));
    }
}
