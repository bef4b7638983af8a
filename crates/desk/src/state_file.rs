//! The app's own files (settings, outbox, inbox cache, drafts) as read at start-up.
//!
//! None of them may stop the app. A file that cannot be read or understood — cut
//! short, flipped bits, written by a newer version, unreadable, a folder where a file
//! should be — is moved aside under a timestamped name (never deleted: it may hold
//! replies or accounts), the app starts without it, and a [`Notice`] tells the window
//! what happened. What can still be read out of it is offered back by the caller.

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::io;
use std::path::{Path, PathBuf};

/// A state file that could not be used, for the window to explain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Notice {
    /// Which file, as the operator knows it: "settings", "outbox", "inbox cache", "drafts"…
    pub file: String,
    /// What was wrong with it.
    pub problem: String,
    /// Where the damaged file was kept, if it could be moved.
    pub kept_as: Option<PathBuf>,
    /// Replies (outbox) or accounts (settings) read back out of it.
    pub recovered: usize,
}

/// Reads a whole file; `Ok(None)` if it does not exist.
pub fn read(path: &Path) -> io::Result<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Reads a file [`set_aside`] kept. One that lost its owner's read permission is
/// made owner-only (0600) first: it is the app's own, no longer in use, and what it
/// holds is the operator's. `None` if it still cannot be read (a folder, another
/// owner's file).
pub fn read_kept(path: &Path) -> Option<Vec<u8>> {
    match std::fs::read(path) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied && path.is_file() => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let private = std::fs::Permissions::from_mode(0o600);
                std::fs::set_permissions(path, private).ok()?;
                std::fs::read(path).ok()
            }
            #[cfg(not(unix))]
            None
        }
        Err(_) => None,
    }
}

/// Moves `path` aside as `<name>.damaged-<UTC time>` (a suffix added if taken).
pub fn quarantine(path: &Path, now_secs: i64) -> io::Result<PathBuf> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?
        .to_string_lossy()
        .into_owned();
    let stamp = utc_stamp(now_secs);
    for n in 0..100 {
        let suffix = if n == 0 {
            String::new()
        } else {
            format!("-{n}")
        };
        let target = path.with_file_name(format!("{name}.damaged-{stamp}{suffix}"));
        if target.symlink_metadata().is_ok() {
            continue;
        }
        std::fs::rename(path, &target)?;
        return Ok(target);
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "too many damaged copies",
    ))
}

/// Loads a JSON state file, moving it aside when it cannot be used. `decode` may
/// refuse what parses but is not usable (a newer version). Absent → `T::default()`.
pub fn load_json<T: Default>(
    path: &Path,
    file: &str,
    now_secs: i64,
    decode: impl FnOnce(&[u8]) -> Result<T, String>,
) -> (T, Option<Notice>) {
    let problem = match read(path) {
        Ok(None) => return (T::default(), None),
        Ok(Some(bytes)) => match decode(&bytes) {
            Ok(value) => return (value, None),
            Err(problem) => problem,
        },
        Err(e) => format!("cannot be read: {e}"),
    };
    (T::default(), Some(set_aside(path, file, problem, now_secs)))
}

/// Moves a file that could not be used aside and says so. If even the move fails the
/// file stays where it is, and the notice says that too.
pub fn set_aside(path: &Path, file: &str, problem: String, now_secs: i64) -> Notice {
    let kept_as = match quarantine(path, now_secs) {
        Ok(target) => Some(target),
        Err(e) => {
            tracing::error!(path = %path.display(), error = %e, "cannot move a damaged file aside");
            None
        }
    };
    tracing::warn!(file, %problem, kept_as = ?kept_as, "state file set aside");
    Notice {
        file: file.to_owned(),
        problem,
        kept_as,
        recovered: 0,
    }
}

/// Plain JSON of type `T`, as most state files are.
pub fn json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    serde_json::from_slice(bytes).map_err(|e| format!("is damaged ({e})"))
}

/// The items of the array `field` that can still be read out of a damaged JSON file,
/// each on its own. Damage costs only the item it is in: after anything that does not
/// read as an item the search goes on at the next `{`, so a file cut short keeps the
/// items before the cut, and a flipped bit loses at most the item it hit — also when
/// it hit the punctuation between items or the array's own name.
pub fn salvage_array<T: DeserializeOwned>(bytes: &[u8], field: &str) -> Vec<T> {
    let mark = format!("\"{field}\"");
    let mut at = find(bytes, mark.as_bytes()).map_or(0, |at| at + mark.len());
    let mut found = Vec::new();
    while let Some(open) = bytes[at..].iter().position(|b| *b == b'{') {
        at += open;
        let mut values =
            serde_json::Deserializer::from_slice(&bytes[at..]).into_iter::<serde_json::Value>();
        if let Some(Ok(value)) = values.next() {
            if let Ok(item) = serde_json::from_value::<T>(value) {
                found.push(item);
                at += values.byte_offset();
                continue;
            }
        }
        // Not an item from here: one may start inside (the whole file, when the
        // array's name was hit) or after it.
        at += 1;
    }
    found
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// `20261202T051400Z` for a unix time (UTC; days from the civil calendar algorithm).
pub fn utc_stamp(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (h, m, s) = (rem / 3600, rem % 3600 / 60, rem % 60);
    let (y, mo, d) = civil_from_days(days);
    format!("{y:04}{mo:02}{d:02}T{h:02}{m:02}{s:02}Z")
}

/// Days since 1970-01-01 to (year, month, day) (Howard Hinnant's algorithm).
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    type Drafts = BTreeMap<String, String>;

    #[test]
    fn stamps_are_utc_calendar_times() {
        assert_eq!(utc_stamp(0), "19700101T000000Z");
        assert_eq!(utc_stamp(1_764_652_440), "20251202T051400Z");
        assert_eq!(utc_stamp(951_782_400), "20000229T000000Z");
    }

    #[test]
    fn a_good_file_is_read_and_an_absent_one_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("drafts.json");
        let (d, notice) = load_json::<Drafts>(&path, "drafts", 0, json);
        assert!(d.is_empty() && notice.is_none());
        std::fs::write(&path, br#"{"a/1":"hi"}"#).unwrap();
        let (d, notice) = load_json::<Drafts>(&path, "drafts", 0, json);
        assert_eq!(d["a/1"], "hi");
        assert!(notice.is_none());
    }

    #[test]
    fn a_damaged_file_is_kept_aside_and_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("drafts.json");
        std::fs::write(&path, br#"{"a/1":"h"#).unwrap();
        let (d, notice) = load_json::<Drafts>(&path, "drafts", 60, json);
        assert!(d.is_empty());
        let notice = notice.unwrap();
        let kept = notice.kept_as.unwrap();
        assert!(!path.exists());
        assert_eq!(std::fs::read(&kept).unwrap(), br#"{"a/1":"h"#);
        assert!(kept
            .to_string_lossy()
            .ends_with("drafts.json.damaged-19700101T000100Z"));
        // The same second again: another name, nothing overwritten.
        std::fs::write(&path, b"\xff").unwrap();
        let (_, again) = load_json::<Drafts>(&path, "drafts", 60, json);
        let again = again.unwrap().kept_as.unwrap();
        assert_ne!(again, kept);
        assert!(kept.exists() && again.exists());
    }

    #[test]
    fn a_folder_where_the_file_should_be_is_moved_aside_too() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("drafts.json");
        std::fs::create_dir(&path).unwrap();
        let (_, notice) = load_json::<Drafts>(&path, "drafts", 0, json);
        let notice = notice.unwrap();
        assert!(
            notice.problem.contains("cannot be read"),
            "{}",
            notice.problem
        );
        assert!(notice.kept_as.unwrap().is_dir());
        assert!(!path.exists());
    }

    #[test]
    fn refused_versions_are_set_aside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.json");
        std::fs::write(&path, br#"{"version":99}"#).unwrap();
        let (_, notice) = load_json::<Drafts>(&path, "settings", 0, |_| {
            Err("was written by a newer version".into())
        });
        assert_eq!(notice.unwrap().problem, "was written by a newer version");
    }

    #[test]
    fn array_items_survive_damage_around_them() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct A {
            name: String,
        }
        let whole = br#"{"version":7,"accounts":[{"name":"a"},{"bad":1},{"name":"b"}],"x":1}"#;
        let names: Vec<String> = salvage_array::<A>(whole, "accounts")
            .into_iter()
            .map(|a| a.name)
            .collect();
        assert_eq!(names, ["a", "b"]);
        let cut = &whole[..40];
        assert_eq!(salvage_array::<A>(cut, "accounts").len(), 1);
        assert!(salvage_array::<A>(b"", "accounts").is_empty());
        assert!(salvage_array::<A>(br#"{"accounts":7}"#, "accounts").is_empty());
        // A hit between items, on an item's first byte, or on the array's name costs
        // no other item.
        for hit in [
            &br#"{"accounts":[{"name":"a"}#{"name":"b"}]}"#[..],
            br#"{"accounts":[{"name":"a"},["name":"x"},{"name":"b"}]}"#,
            br#"{"acc0unts":[{"name":"a"},{"name":"b"}]}"#,
        ] {
            let names: Vec<String> = salvage_array::<A>(hit, "accounts")
                .into_iter()
                .map(|a| a.name)
                .collect();
            assert_eq!(names, ["a", "b"], "{}", String::from_utf8_lossy(hit));
        }
    }
}
