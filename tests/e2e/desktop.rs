//! The desktop around the app, read the way a window manager or `ps` would:
//! top-level X windows (there is no window manager under Xvfb, so they are the
//! root window's children), closing one as a close button does, and the app's
//! processes.

use crate::harness::app_binary;
use std::process::Command;

/// The window title the app gives its main window (src-tauri/src/window.rs).
pub const TITLE: &str = "Deskbell";

/// A top-level X window called [`TITLE`].
#[derive(Debug, Clone, PartialEq)]
pub struct XWindow {
    pub id: String,
    /// Mapped and visible (`Map State: IsViewable`), not just existing.
    pub viewable: bool,
}

fn xwininfo(args: &[&str]) -> String {
    let out = Command::new("xwininfo")
        .args(args)
        .output()
        .expect("cannot run xwininfo: install x11-utils (scripts/install-deps.sh --test)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The app's top-level windows. Lines of `xwininfo -root -children` look like
/// `     0x1a00003 "Deskbell": ("deskbell" "Deskbell")  1280x800+0+0  +0+0`.
pub fn app_windows() -> Vec<XWindow> {
    let quoted = format!("\"{TITLE}\":");
    xwininfo(&["-root", "-children"])
        .lines()
        .filter(|l| l.contains(&quoted))
        .filter_map(|l| l.split_whitespace().next().map(String::from))
        .map(|id| {
            let viewable = xwininfo(&["-id", &id]).contains("Map State: IsViewable");
            XWindow { id, viewable }
        })
        .collect()
}

/// Viewable app windows only.
pub fn shown_windows() -> Vec<XWindow> {
    app_windows().into_iter().filter(|w| w.viewable).collect()
}

/// Asks the app's window to close (WM_DELETE_WINDOW), as a close button would.
pub fn close_window() {
    let script = crate::harness::repo_root().join("tests/support/x11-close.py");
    let status = Command::new("python3")
        .arg(script)
        .arg(TITLE)
        .status()
        .expect("cannot run python3");
    assert!(status.success(), "no window called {TITLE:?} to close");
}

/// Running processes of the app binary on this desktop (any instance, whoever
/// started it). Other desktops on the machine (another test run) have another
/// DISPLAY and are not counted.
pub fn app_processes() -> Vec<u32> {
    let display = std::env::var("DISPLAY").unwrap_or_default();
    let app = app_binary();
    let name = app
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("deskbell")
        .to_string();
    let mut pids = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(exe) = std::fs::read_link(format!("/proc/{pid}/exe")) else {
            continue;
        };
        // A rebuilt binary reads as "deskbell (deleted)".
        let same = exe == app
            || exe
                .file_name()
                .and_then(|f| f.to_str())
                .is_some_and(|f| f == name || f == format!("{name} (deleted)"));
        if same && !is_zombie(pid) && env_of(pid, "DISPLAY").as_deref() == Some(display.as_str()) {
            pids.push(pid);
        }
    }
    pids.sort_unstable();
    pids
}

/// One variable of a process's environment (as it was started).
fn env_of(pid: u32, key: &str) -> Option<String> {
    let environ = std::fs::read(format!("/proc/{pid}/environ")).ok()?;
    environ.split(|&b| b == 0).find_map(|kv| {
        let kv = String::from_utf8_lossy(kv);
        kv.strip_prefix(key)
            .and_then(|rest| rest.strip_prefix('='))
            .map(String::from)
    })
}

fn is_zombie(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            s.rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().next().map(String::from))
        })
        .is_none_or(|state| state == "Z" || state == "X")
}
