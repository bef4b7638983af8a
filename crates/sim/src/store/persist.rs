//! The `--state FILE` persistence: the whole state as one JSON file.

use std::io::{self, Write};
use std::path::Path;

use super::model::State;

/// Reads a state file; `Ok(None)` when it does not exist yet.
pub(crate) fn load_state(path: &Path) -> io::Result<Option<State>> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{}: {e}", path.display()),
            )
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Writes the state atomically (temp file + rename), so a crash mid-write
/// never leaves a torn file behind.
pub(crate) fn save_state(path: &Path, state: &State) -> io::Result<()> {
    let json = serde_json::to_vec_pretty(state).map_err(io::Error::other)?;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    // A temporary file left by a crash would keep its mode: start afresh.
    let _ = std::fs::remove_file(&tmp);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        // The state holds conversations and operators' tokens: owner-only,
        // like every file the desktop app writes (its demo server keeps one).
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(&tmp)?.write_all(&json)?;
    std::fs::rename(&tmp, path)
}
