//! Crash-safe, owner-only file replacement.
//!
//! A file is never rewritten in place: a power cut in the middle would leave half of
//! it. Instead: write a temporary file beside it, fsync it, rename it over the old
//! one (atomic on POSIX), then fsync the directory so the rename itself is durable.
//!
//! What the app writes (drafts, the outbox, caches, settings) is what operators
//! wrote to customers and about them: on Unix its files are 0600 and the folders
//! it creates 0700, whatever the umask.
//!
//! On Windows a file that another process holds open (an antivirus scan, the
//! search indexer, a backup tool, the other Deskbell program reading it) cannot be
//! replaced for that moment: the rename fails with "access denied" or a sharing
//! violation. Such a failure is waited out for a while instead of losing a write.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::Path;
use std::time::Duration;

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
        retry_while_held(|| fs::rename(&tmp, path), std::thread::sleep)?;
        sync_dir(dir)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Backoff between attempts while another process holds the file: ~2.5 s in all,
/// longer than a scanner's usual look, short enough that a caller still hears of a
/// file that stays locked.
const HELD_BACKOFF_MS: [u64; 9] = [5, 10, 20, 40, 80, 160, 320, 640, 1280];

/// Runs `op` again while it fails because another process holds the file (Windows'
/// ERROR_ACCESS_DENIED / ERROR_SHARING_VIOLATION / ERROR_LOCK_VIOLATION); any other
/// result is returned at once. `sleep` is injected so tests need not wait.
pub fn retry_while_held<T>(
    mut op: impl FnMut() -> io::Result<T>,
    mut sleep: impl FnMut(Duration),
) -> io::Result<T> {
    for wait in HELD_BACKOFF_MS {
        match op() {
            Err(e) if is_held_elsewhere(&e) => sleep(Duration::from_millis(wait)),
            other => return other,
        }
    }
    op()
}

/// Whether an error means "another process has this file open right now" — on
/// Windows only: on Unix a rename never fails for that reason, and EACCES there
/// is a real permission problem that waiting does not cure.
fn is_held_elsewhere(e: &io::Error) -> bool {
    const ACCESS_DENIED: i32 = 5;
    const SHARING_VIOLATION: i32 = 32;
    const LOCK_VIOLATION: i32 = 33;
    cfg!(windows)
        && matches!(
            e.raw_os_error(),
            Some(ACCESS_DENIED | SHARING_VIOLATION | LOCK_VIOLATION)
        )
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

    #[test]
    fn a_held_file_is_waited_for_on_windows_only() {
        let mut calls = 0;
        let mut slept = Vec::new();
        let result = retry_while_held(
            || {
                calls += 1;
                if calls < 4 {
                    Err(io::Error::from_raw_os_error(32))
                } else {
                    Ok("replaced")
                }
            },
            |d| slept.push(d.as_millis()),
        );
        if cfg!(windows) {
            assert_eq!(result.unwrap(), "replaced");
            assert_eq!(slept, [5, 10, 20]);
        } else {
            // os error 32 is EPIPE on Unix: not a held file, reported at once.
            assert_eq!(result.unwrap_err().raw_os_error(), Some(32));
            assert!(slept.is_empty());
        }
    }

    #[test]
    fn a_file_held_for_good_is_reported_after_the_backoff() {
        let mut calls = 0;
        let mut slept = 0;
        let result: io::Result<()> = retry_while_held(
            || {
                calls += 1;
                Err(io::Error::from_raw_os_error(5))
            },
            |d| slept += d.as_millis(),
        );
        assert_eq!(result.unwrap_err().raw_os_error(), Some(5));
        if cfg!(windows) {
            assert_eq!(calls, HELD_BACKOFF_MS.len() + 1);
            assert_eq!(slept, HELD_BACKOFF_MS.iter().sum::<u64>() as u128);
        } else {
            assert_eq!((calls, slept), (1, 0));
        }
    }

    #[test]
    fn other_errors_are_not_retried() {
        let mut calls = 0;
        let result: io::Result<()> = retry_while_held(
            || {
                calls += 1;
                Err(io::Error::new(io::ErrorKind::NotFound, "gone"))
            },
            |_| panic!("no wait for a missing file"),
        );
        assert_eq!(result.unwrap_err().kind(), io::ErrorKind::NotFound);
        assert_eq!(calls, 1);
    }

    /// The real case: another handle (a reader, as a scanner would be) has the
    /// file open while it is replaced. Windows refuses the rename until the
    /// handle closes; the write must wait for it, not fail.
    #[test]
    fn replaces_a_file_another_handle_is_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("outbox.json");
        write_atomic(&path, b"old").unwrap();
        let reader = fs::File::open(&path).unwrap();
        let closer = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(150));
            drop(reader);
        });
        write_atomic(&path, b"new").unwrap();
        closer.join().unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
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
