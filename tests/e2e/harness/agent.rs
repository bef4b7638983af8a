//! A desk's tray agent. The window starts it detached (in its own process
//! group, so it outlives the window as it must), so teardown finds it by what
//! only this desk's agent has: its channel folder (`DESKBELL_AGENT_DIR`).

use super::process;
use std::path::Path;
use std::time::Duration;

/// The running agents whose channel folder is `dir`.
pub(crate) fn agents_of(dir: &Path) -> Vec<u32> {
    programs_of(dir, |name| name.starts_with("deskbell-agent"))
}

/// The running windows of the desk whose channel folder is `dir`, whoever
/// started them (the agent starts a window in a process group of its own).
pub(crate) fn windows_of(dir: &Path) -> Vec<u32> {
    programs_of(dir, |name| {
        name == "deskbell" || name == "deskbell (deleted)"
    })
}

fn programs_of(dir: &Path, named: impl Fn(&str) -> bool) -> Vec<u32> {
    let needle = format!("DESKBELL_AGENT_DIR={}", dir.display());
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&pid| {
            process::exe_of(pid)
                .and_then(|exe| exe.file_name()?.to_str().map(str::to_owned))
                .is_some_and(|name| named(&name))
        })
        .filter(|&pid| {
            std::fs::read(format!("/proc/{pid}/environ"))
                .is_ok_and(|env| env.split(|&b| b == 0).any(|var| var == needle.as_bytes()))
        })
        .filter(|&pid| process::is_alive(pid))
        .collect()
}

/// Ends the desk's windows, then its agents, as a logout would (SIGTERM, then
/// SIGKILL after `grace`); returns the pids that survived.
pub(crate) fn stop_agents(dir: &Path, grace: Duration) -> Vec<u32> {
    let mut left = Vec::new();
    for pid in windows_of(dir) {
        // A window's WebKit helpers share its group when the agent started it.
        let group = process_group(pid).unwrap_or(pid);
        left.extend(process::terminate_group(group, grace));
    }
    for pid in agents_of(dir) {
        left.extend(process::terminate_group(pid, grace));
    }
    left
}

/// The process group of `pid`, from /proc.
fn process_group(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let (_, rest) = stat.rsplit_once(')')?;
    rest.split_whitespace().nth(2)?.parse().ok()
}
