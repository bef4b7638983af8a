//! Back to a tray-sized process after the window closes.
//!
//! Destroying the webview ends WebKit's web process, but what WebKit and GTK's GL
//! set up inside this process stays mapped until it exits (about 110 MB of PSS,
//! plus WebKit's network process). So a few seconds after the window closes, once
//! no reply is in flight, the app saves its inbox and re-executes itself in tray
//! mode: same PID, same tray, accounts and outbox read back from disk and the
//! keyring, the notification baseline from the cache (nothing is announced twice
//! or missed).
//!
//! The demo server saves its state first and the restarted one loads it. Not done
//! when `DESKBELL_NO_TRIM` is set; Linux only.

use crate::window::MAIN;
use deskbell_runtime::Desk;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tauri::{AppHandle, Manager};

/// Set in the environment of the re-executed process (tests look for it).
pub const TRIMMED_ENV: &str = "DESKBELL_TRIMMED";
/// How long a closed window waits before the restart: reopening at once is free.
const DELAY: Duration = Duration::from_secs(3);
/// How long a reply in flight may delay it before the restart is given up.
const IN_FLIGHT_WAIT: Duration = Duration::from_secs(30);

/// Bumped on every close and open, so only the latest close restarts.
static GENERATION: AtomicU64 = AtomicU64::new(0);

/// The window was opened: a pending restart is called off.
pub fn cancel() {
    GENERATION.fetch_add(1, Ordering::SeqCst);
}

/// The window was destroyed: restart in tray mode unless it comes back first.
pub fn schedule(app: &AppHandle) {
    let generation = GENERATION.fetch_add(1, Ordering::SeqCst) + 1;
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(DELAY).await;
        let desk = app.state::<Arc<Desk>>().inner().clone();
        if !wanted(&app, generation) {
            return;
        }
        let deadline = tokio::time::Instant::now() + IN_FLIGHT_WAIT;
        while desk.reply_in_flight() {
            if tokio::time::Instant::now() > deadline {
                log::info!("tray restart skipped: a reply is still in flight");
                return;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        if !wanted(&app, generation) {
            return;
        }
        // The demo server saves its state as it stops; the restart carries on from it.
        if let Err(e) = desk.hand_over().await {
            log::warn!("tray restart skipped: {e}");
            return;
        }
        restart();
    });
}

fn wanted(app: &AppHandle, generation: u64) -> bool {
    cfg!(target_os = "linux")
        && GENERATION.load(Ordering::SeqCst) == generation
        && app.get_webview_window(MAIN).is_none()
        && std::env::var_os("DESKBELL_NO_TRIM").is_none()
}

/// The arguments of the tray-mode process: the same, starting minimized.
#[cfg(any(target_os = "linux", test))]
fn tray_args(args: impl IntoIterator<Item = std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let mut out: Vec<_> = args.into_iter().collect();
    if !out.iter().any(|a| a == "--minimized") {
        out.push("--minimized".into());
    }
    out
}

/// Whether GTK may be told to leave GL off: on X11 only (a Wayland window is drawn
/// through it), and not when the user has set `GDK_GL` themselves.
pub fn gl_can_stay_off() -> bool {
    std::env::var_os("GDK_GL").is_none()
        && std::env::var_os("WAYLAND_DISPLAY").is_none()
        && std::env::var("XDG_SESSION_TYPE").map_or(true, |t| t != "wayland")
}

#[cfg(target_os = "linux")]
fn restart() {
    use std::os::unix::process::CommandExt;
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => return log::warn!("tray restart skipped: {e}"),
    };
    let mut command = std::process::Command::new(exe);
    command
        .args(tray_args(std::env::args_os().skip(1)))
        .env(TRIMMED_ENV, "1");
    log::info!("window closed: restarting in tray mode");
    // Returns only if the exec failed; the app then simply stays as it is.
    let e = command.exec();
    log::warn!("tray restart failed: {e}");
}

#[cfg(not(target_os = "linux"))]
fn restart() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tray_process_starts_minimized_with_the_same_arguments() {
        let args = tray_args(["--log-level=debug".into()]);
        assert_eq!(args, ["--log-level=debug", "--minimized"]);
        assert_eq!(tray_args(["--minimized".into()]), ["--minimized"]);
    }
}
