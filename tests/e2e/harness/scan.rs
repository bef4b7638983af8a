//! Secrets must live in the keyring only: look for them in plain text in every
//! file the app could have written.

use std::path::{Path, PathBuf};

/// Panics, listing the files, if `secret` occurs in any regular file under
/// `places` (files or folders, walked recursively). Returns how many files were
/// read, so a test can also check that the scan looked at something.
pub fn grep_for_secret<P: AsRef<Path>>(places: &[P], secret: &str) -> usize {
    assert!(
        secret.len() >= 8,
        "a secret this short would match by chance: {secret:?}"
    );
    let mut files = Vec::new();
    for place in places {
        collect_files(place.as_ref(), &mut files);
    }
    let needle = secret.as_bytes();
    let found: Vec<&PathBuf> = files
        .iter()
        .filter(|f| {
            std::fs::read(f).is_ok_and(|bytes| bytes.windows(needle.len()).any(|w| w == needle))
        })
        .collect();
    assert!(
        found.is_empty(),
        "the secret is written in plain text in: {found:#?}"
    );
    files.len()
}

/// Regular files only: a FIFO or socket would block or fail on read.
fn collect_files(path: &Path, out: &mut Vec<PathBuf>) {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return;
    };
    if meta.is_file() {
        out.push(path.to_path_buf());
    } else if meta.is_dir() {
        for entry in std::fs::read_dir(path).into_iter().flatten().flatten() {
            collect_files(&entry.path(), out);
        }
    }
}
