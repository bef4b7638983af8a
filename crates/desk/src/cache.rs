//! The inbox cached on disk, so the window opens instantly from the last known
//! state and refreshes in the background.
//!
//! Only [`InboxSnapshot`] goes in: conversation rows, which hold no token, password
//! or webhook secret by construction (the model has no field for one). It is a
//! cache: a missing, unreadable or foreign-version file is simply no cache.

use crate::fsutil::write_atomic;
use crate::inbox::InboxSnapshot;
use serde::{Deserialize, Serialize};
use std::io;
use std::path::Path;

/// Bumped when the snapshot's shape changes incompatibly; older files are ignored.
const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    /// Unix seconds when written, to show "as of …" until the first poll answers.
    saved_at: i64,
    inbox: InboxSnapshot,
}

/// Writes the snapshot atomically (temp file, fsync, rename, fsync of the directory).
pub fn save(path: &Path, snapshot: &InboxSnapshot, now: i64) -> io::Result<()> {
    let file = CacheFile {
        version: VERSION,
        saved_at: now,
        inbox: snapshot.clone(),
    };
    let bytes = serde_json::to_vec(&file).map_err(io::Error::other)?;
    write_atomic(path, &bytes)
}

/// Reads the cache: `Ok(None)` when there is none or it cannot be used.
/// Returns the snapshot and when it was saved.
pub fn load(path: &Path) -> io::Result<Option<(InboxSnapshot, i64)>> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    Ok(decode(&bytes))
}

/// A cache file's contents as [`load`] reads them: `None` when unusable. Public for
/// fuzzing: the file sits in the user's data folder, where anything can change it.
pub fn decode(bytes: &[u8]) -> Option<(InboxSnapshot, i64)> {
    match serde_json::from_slice::<CacheFile>(bytes) {
        Ok(file) if file.version == VERSION => Some((file.inbox, file.saved_at)),
        Ok(file) => {
            tracing::info!(
                version = file.version,
                "inbox cache of another version ignored"
            );
            None
        }
        Err(e) => {
            tracing::warn!(error = %e, "unreadable inbox cache ignored");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ConvKey, InboxItem};

    #[test]
    fn round_trip_and_tolerates_garbage() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("inbox.json");
        assert!(load(&path).unwrap().is_none());
        let snap = InboxSnapshot {
            items: vec![InboxItem::new(ConvKey::new("a", "1"), "Anna", "viber")],
        };
        save(&path, &snap, 1234).unwrap();
        assert_eq!(load(&path).unwrap(), Some((snap, 1234)));
        std::fs::write(&path, b"{not json").unwrap();
        assert!(load(&path).unwrap().is_none());
        std::fs::write(
            &path,
            br#"{"version":99,"saved_at":0,"inbox":{"items":[]}}"#,
        )
        .unwrap();
        assert!(load(&path).unwrap().is_none());
    }

    #[test]
    fn holds_nothing_but_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("inbox.json");
        save(&path, &InboxSnapshot::default(), 0).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let mut keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        assert_eq!(keys, ["inbox", "saved_at", "version"]);
    }
}
