//! Crash-safe, owner-only file replacement.
//!
//! A file is never rewritten in place: a power cut in the middle would leave half of
//! it. Instead: write a temporary file beside it, fsync it, rename it over the old
//! one (atomic on POSIX), then fsync the directory so the rename itself is durable.
//!
//! What the app writes (drafts, the outbox, caches, settings) is what operators
//! wrote to customers and about them: on Unix its files are 0600 and the folders
//! it creates 0700, whatever the umask.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

/// Replaces `path` with `bytes`, durably and atomically: after a crash the file is
/// either the old one or the new one, never a mix.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    create_private_dir_all(dir)?;
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "path has no file name"))?;
    let tmp = dir.join(format!(
        ".{}.{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id(),
        rand::random::<u32>()
    ));
    let result = (|| {
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            // Owner-only: these files hold what operators wrote to customers.
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)?;
        sync_dir(dir)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Creates `dir` and whichever of its parents are missing, each owner-only
/// (0700) on Unix. Folders that exist already are left as they are.
pub fn create_private_dir_all(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Makes one of the app's own folders owner-only on Unix: the folder and the
/// folders in it 0700, the files in it 0600 (one level deep; symbolic links are
/// left alone). For folders created before these modes, or by libraries that
/// use the default ones. Does nothing elsewhere.
pub fn make_private(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
        for entry in fs::read_dir(dir)? {
            let entry = entry?;
            // The entry's own type: a symbolic link is neither.
            let kind = entry.file_type()?;
            let mode = if kind.is_dir() {
                0o700
            } else if kind.is_file() {
                0o600
            } else {
                continue;
            };
            fs::set_permissions(entry.path(), fs::Permissions::from_mode(mode))?;
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    // Windows has no directory handle to fsync; the rename is durable once the
    // file's own data is flushed.
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("state.json");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["state.json"]);
    }
}

#[cfg(all(test, unix))]
mod mode_tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn written_files_are_0600_and_created_folders_0700() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("a").join("b").join("drafts.json");
        write_atomic(&path, b"{}").unwrap();
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&root.path().join("a")), 0o700);
        assert_eq!(mode(&root.path().join("a/b")), 0o700);
    }

    #[test]
    fn a_readable_file_becomes_0600_when_replaced() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("outbox.json");
        fs::write(&path, b"old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(mode(&path), 0o600);
    }

    #[test]
    fn make_private_tightens_a_folder_and_what_is_directly_in_it() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("io.deskbell.app");
        fs::create_dir_all(dir.join("logs/deeper")).unwrap();
        fs::write(dir.join("settings.json"), b"{}").unwrap();
        fs::write(dir.join("logs/deeper/x"), b"").unwrap();
        for p in [&dir, &dir.join("logs"), &dir.join("logs/deeper")] {
            fs::set_permissions(p, fs::Permissions::from_mode(0o755)).unwrap();
        }
        fs::set_permissions(dir.join("settings.json"), fs::Permissions::from_mode(0o644)).unwrap();
        let outside = root.path().join("outside.txt");
        fs::write(&outside, b"").unwrap();
        fs::set_permissions(&outside, fs::Permissions::from_mode(0o644)).unwrap();
        std::os::unix::fs::symlink(&outside, dir.join("link")).unwrap();
        make_private(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&dir.join("settings.json")), 0o600);
        assert_eq!(mode(&dir.join("logs")), 0o700);
        // One level only: deeper folders are the business of whoever made them.
        assert_eq!(mode(&dir.join("logs/deeper")), 0o755);
        assert_eq!(mode(&outside), 0o644, "a link's target is left alone");
    }
}
