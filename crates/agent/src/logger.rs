//! Log lines on stderr and in `deskbell-agent.log`, in the folder where the
//! window's log plugin writes (Settings → "Open logs folder" shows both), scrubbed
//! of every token the process holds (a server may echo one back in an error).
//! One file of at most 1 MiB plus the one before it.

use deskbell_transport::scrub;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub const FILE: &str = "deskbell-agent.log";
const OLD_FILE: &str = "deskbell-agent.old.log";
const MAX_BYTES: u64 = 1024 * 1024;

struct Logger {
    file: Mutex<Option<LogFile>>,
}

struct LogFile {
    dir: PathBuf,
    file: File,
    written: u64,
}

impl log::Log for Logger {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        // The D-Bus library's spans (the tray, notifications) are not news.
        let chatty = ["zbus", "tracing::span", "ksni"]
            .iter()
            .any(|t| metadata.target().starts_with(t));
        metadata.level()
            <= if chatty {
                log::Level::Warn
            } else {
                log::Level::Info
            }
    }

    fn log(&self, record: &log::Record) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let now = now_utc();
        let line = format!(
            "[{now}][{}][{}] {}\n",
            record.level(),
            record.target(),
            scrub(&record.args().to_string())
        );
        eprint!("{line}");
        let mut file = self.file.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(log) = file.as_mut() {
            if log.written + line.len() as u64 > MAX_BYTES {
                *file = LogFile::open(&log.dir, true);
            }
        }
        if let Some(log) = file.as_mut() {
            if log.file.write_all(line.as_bytes()).is_ok() {
                log.written += line.len() as u64;
            }
        }
    }

    fn flush(&self) {}
}

impl LogFile {
    /// Opens the log for appending; `rotate` (or a file already full) sets the
    /// current one aside first. `None` when the folder cannot be written: stderr only.
    fn open(dir: &Path, rotate: bool) -> Option<LogFile> {
        deskbell_desk::fsutil::create_private_dir_all(dir).ok()?;
        let path = dir.join(FILE);
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        if rotate || size >= MAX_BYTES {
            let _ = std::fs::rename(&path, dir.join(OLD_FILE));
        }
        let mut options = std::fs::OpenOptions::new();
        options.create(true).append(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(&path).ok()?;
        let written = file.metadata().map(|m| m.len()).unwrap_or(0);
        Some(LogFile {
            dir: dir.to_owned(),
            file,
            written,
        })
    }
}

/// Where the window's log plugin writes (Tauri's `app_log_dir`), per system.
pub fn log_dir() -> Option<PathBuf> {
    let id = deskbell_runtime::APP_ID;
    if cfg!(target_os = "macos") {
        dirs::home_dir().map(|home| home.join("Library/Logs").join(id))
    } else {
        dirs::data_local_dir().map(|dir| dir.join(id).join("logs"))
    }
}

/// `YYYY-MM-DD][HH:MM:SS` in UTC, as the window's lines.
fn now_utc() -> String {
    let secs = deskbell_runtime::now_ms() / 1000;
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = deskbell_desk::state_file::civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}][{:02}:{:02}:{:02}",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

pub fn install() {
    let file = log_dir().and_then(|dir| LogFile::open(&dir, false));
    let logger = Box::leak(Box::new(Logger {
        file: Mutex::new(file),
    }));
    if log::set_logger(logger).is_ok() {
        log::set_max_level(log::LevelFilter::Info);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_log_is_set_aside_and_a_new_one_begun() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE), vec![b'x'; MAX_BYTES as usize]).unwrap();
        let log = LogFile::open(dir.path(), false).unwrap();
        assert_eq!(log.written, 0);
        assert_eq!(
            std::fs::metadata(dir.path().join(OLD_FILE)).unwrap().len(),
            MAX_BYTES
        );
    }
}
