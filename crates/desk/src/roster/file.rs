//! The roster on disk (`directory.json` in the cache folder). It holds ids, emails
//! and the server's names, nothing the operator typed (their names are in the
//! settings), so a damaged file costs only what the next answers teach again: it
//! is moved aside like any damaged state file, the window is told, and the desk
//! starts learning afresh.

use super::{AccountRoster, Roster};
use crate::fsutil::write_atomic;
use crate::state_file::{self, Notice};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io;
use std::path::Path;

/// Bumped when the shape changes incompatibly; a newer file is set aside, not misread.
const VERSION: u32 = 1;

/// What a notice calls the file.
pub const LABEL: &str = "directory";

#[derive(Serialize, Deserialize)]
struct RosterFile {
    version: u32,
    accounts: BTreeMap<String, AccountRoster>,
}

/// Writes the roster atomically (owner-only, like every file the app writes).
pub fn save(path: &Path, roster: &Roster) -> io::Result<()> {
    write_atomic(path, &encode(roster)?)
}

/// The file's bytes for `roster`.
pub fn encode(roster: &Roster) -> io::Result<Vec<u8>> {
    let file = RosterFile {
        version: VERSION,
        accounts: roster.accounts.clone(),
    };
    serde_json::to_vec(&file).map_err(io::Error::other)
}

/// A file's roster, or why it cannot be used. Public for fuzzing: the file sits in
/// the user's cache folder, where anything can change it.
pub fn decode(bytes: &[u8]) -> Result<Roster, String> {
    let value: serde_json::Value = state_file::json(bytes)?;
    match value.get("version").and_then(serde_json::Value::as_u64) {
        Some(v) if v == u64::from(VERSION) => {}
        Some(v) if v > u64::from(VERSION) => {
            return Err(format!("was written by a newer version ({v})"))
        }
        _ => return Err("is damaged (no version it can read)".into()),
    }
    let file: RosterFile =
        serde_json::from_value(value).map_err(|e| format!("is damaged ({e})"))?;
    Ok(Roster {
        accounts: file.accounts,
        removed: false,
    })
}

/// Reads the roster: empty when there is none; a file that cannot be used is
/// moved aside and the notice says so.
pub fn load(path: &Path, now_secs: i64) -> (Roster, Option<Notice>) {
    state_file::load_json(path, LABEL, now_secs, decode)
}
