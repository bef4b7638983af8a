//! The log file and crash output, scrubbed of every token the process holds.
//!
//! Tokens never print by themselves (`Token` has no `Display`), but text from
//! outside can carry one: a server echoing the request in its error, a panic
//! message quoting a URL. Every log line and the panic report pass through
//! [`deskbell_transport::scrub`] on their way out.

use deskbell_transport::scrub;
use log::Record;
use tauri::plugin::TauriPlugin;
use tauri::Runtime;
use tauri_plugin_log::{RotationStrategy, TimezoneStrategy};

/// A log file is set aside (renamed with its date) once it reaches this size…
pub const MAX_LOG_FILE_BYTES: u64 = 1024 * 1024;
/// …and this many set-aside files are kept beside the current one: at most
/// 5 MiB of logs in all.
pub const KEPT_OLD_LOG_FILES: usize = 4;

/// The log plugin (stdout and the app's log folder) with scrubbed lines,
/// rotated by size.
pub fn plugin<R: Runtime>() -> TauriPlugin<R> {
    tauri_plugin_log::Builder::new()
        .max_file_size(u128::from(MAX_LOG_FILE_BYTES))
        .rotation_strategy(RotationStrategy::KeepSome(KEPT_OLD_LOG_FILES))
        .level(log::LevelFilter::Info)
        .level_for("tao", log::LevelFilter::Warn)
        .format(|out, message, record| out.finish(format_args!("{}", line(record, message))))
        .build()
}

/// One log line: `[date][time][LEVEL][target] message`, as the plugin's own
/// format, with secrets masked.
fn line(record: &Record, message: &std::fmt::Arguments) -> String {
    let now = TimezoneStrategy::UseUtc.get_now();
    let text = message.to_string();
    format!(
        "[{:04}-{:02}-{:02}][{:02}:{:02}:{:02}][{}][{}] {}",
        now.year(),
        now.month() as u8,
        now.day(),
        now.hour(),
        now.minute(),
        now.second(),
        record.level(),
        record.target(),
        scrub(&text)
    )
}

/// Replaces the default panic report (which would print the message as it is)
/// with a scrubbed one, on stderr and in the log.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let thread = std::thread::current();
        let report = format!(
            "thread '{}' {}",
            thread.name().unwrap_or("<unnamed>"),
            scrub(&info.to_string())
        );
        let backtrace = std::backtrace::Backtrace::capture();
        if backtrace.status() == std::backtrace::BacktraceStatus::Captured {
            eprintln!("{report}\n{backtrace}");
        } else {
            eprintln!("{report}\nnote: run with RUST_BACKTRACE=1 for a backtrace");
        }
        log::error!("{report}");
    }));
}

#[cfg(test)]
mod tests {
    use super::*;
    use deskbell_transport::Token;

    const LOGGED_TOKEN: &str = "log-line-token-4c1f9e27d0b35a68";
    const CRASH_TOKEN: &str = "crash-token-9a8b7c6d5e4f3a2b1c0d";

    #[test]
    fn log_lines_mask_tokens_the_process_holds() {
        let token = Token::new(LOGGED_TOKEN);
        let echoed = format!("401: invalid token {}", token.expose());
        let record = Record::builder()
            .level(log::Level::Warn)
            .target("deskbell::pumps")
            .build();
        let text = line(&record, &format_args!("poll failed: {echoed}"));
        assert!(
            text.ends_with("[WARN][deskbell::pumps] poll failed: 401: invalid token ***"),
            "{text}"
        );
        assert!(!text.contains(LOGGED_TOKEN));
    }

    /// A crash in a child process (this test, run again with a flag): its stderr
    /// quotes the panic message with the token masked.
    #[test]
    fn crash_output_masks_tokens() {
        if std::env::var_os("DESKBELL_CRASH_CHILD").is_some() {
            let token = Token::new(CRASH_TOKEN);
            install_panic_hook();
            panic!("request failed: Authentication: {}", token.expose());
        }
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "logging::tests::crash_output_masks_tokens",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("DESKBELL_CRASH_CHILD", "1")
            .env_remove("RUST_BACKTRACE")
            .output()
            .expect("the child test runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(!out.status.success(), "the child did not crash: {stdout}");
        assert!(
            stderr.contains("request failed: Authentication: ***"),
            "{stderr}"
        );
        assert!(!stderr.contains(CRASH_TOKEN) && !stdout.contains(CRASH_TOKEN));
    }
}
