//! The app's own folders: where its logs are, and keeping every one of them
//! owner-only on Unix (0700, files 0600).
//!
//! Files the app writes itself are created that way (`fsutil::write_atomic`);
//! these folders also hold what libraries write with default modes (the log
//! plugin's files, WebKit's storage, the window state), and folders made by
//! older versions.

use deskbell_runtime::settings::{cache_dir, config_dir};
use std::path::PathBuf;
use tauri::Manager;

/// Where the log plugin writes (`~/.local/share/io.deskbell.desk/logs` on Linux).
pub fn log_dir(app: &tauri::AppHandle) -> Result<PathBuf, String> {
    app.path()
        .app_log_dir()
        .map_err(|e| format!("cannot find the log folder: {e}"))
}

/// Makes each existing app folder owner-only; a failure is logged, not fatal.
pub fn make_private(app: &tauri::AppHandle) {
    let path = app.path();
    let mut dirs = vec![config_dir(), cache_dir()];
    dirs.extend(
        [
            path.app_config_dir(),
            path.app_data_dir(),
            path.app_local_data_dir(),
            path.app_cache_dir(),
            path.app_log_dir(),
        ]
        .into_iter()
        .flatten(),
    );
    dirs.sort();
    dirs.dedup();
    for dir in dirs.iter().filter(|d| d.is_dir()) {
        if let Err(e) = deskbell_desk::fsutil::make_private(dir) {
            log::warn!("cannot make {} owner-only: {e}", dir.display());
        }
    }
}
