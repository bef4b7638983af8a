//! Child processes: free ports, reading a child's output with a deadline, and
//! ending a whole process group. The app runs three levels down (tauri-driver →
//! WebKitWebDriver → deskbell → WebKit helpers), and WebKit's network process
//! outlives a closed session, so killing only our direct child is not enough.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A TCP port nobody listens on right now (the OS picks it; tiny race, fine here).
pub(crate) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free TCP port")
}

/// Waits until something accepts TCP connections on `port`.
pub(crate) fn wait_for_port(port: u16, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

/// Forwards each line of `reader` to the returned channel, on a thread, so
/// callers can wait with a timeout. Lines that are not UTF-8 are passed lossily.
pub(crate) fn lines_of(reader: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(reader);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match reader.read_until(b'\n', &mut buf) {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    let line = String::from_utf8_lossy(&buf).trim_end().to_string();
                    if tx.send(line).is_err() {
                        break;
                    }
                }
            }
        }
    });
    rx
}

/// Opens (truncates) a log file for a child's stdout or stderr.
pub(crate) fn log_file(path: &Path) -> std::fs::File {
    std::fs::File::create(path).unwrap_or_else(|e| panic!("cannot create {}: {e}", path.display()))
}

/// What /proc says about one process.
#[derive(Clone, Copy)]
struct Proc {
    state: char,
    pgrp: u32,
}

impl Proc {
    /// Zombies have ended; they only wait to be reaped.
    fn running(self) -> bool {
        self.state != 'Z' && self.state != 'X'
    }
}

/// Every process we can see, by pid.
fn process_table() -> HashMap<u32, Proc> {
    let mut table = HashMap::new();
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return table;
    };
    for entry in dir.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // "pid (comm) S ppid pgrp …": comm may hold spaces and parentheses, so split at the last ')'.
        let Some((_, rest)) = stat.rsplit_once(')') else {
            continue;
        };
        let mut fields = rest.split_whitespace();
        let state = fields.next().and_then(|s| s.chars().next()).unwrap_or('?');
        let _ppid = fields.next();
        let pgrp = fields.next().and_then(|s| s.parse().ok()).unwrap_or(0);
        table.insert(pid, Proc { state, pgrp });
    }
    table
}

/// The processes of group `pgid`, zombies included. A child spawned with
/// `Command::process_group(0)` leads its own group, and everything it starts
/// stays in it (nothing in the tauri-driver → WebKitWebDriver → app → WebKit chain
/// changes groups), even after a parent dies and its children are re-parented.
pub(crate) fn group(pgid: u32) -> Vec<u32> {
    process_table()
        .into_iter()
        .filter(|(_, p)| p.pgrp == pgid)
        .map(|(pid, _)| pid)
        .collect()
}

pub(crate) fn is_alive(pid: u32) -> bool {
    process_table().get(&pid).is_some_and(|p| p.running())
}

/// The executable of `pid`, if it is still running.
pub(crate) fn exe_of(pid: u32) -> Option<std::path::PathBuf> {
    std::fs::read_link(format!("/proc/{pid}/exe")).ok()
}

/// Makes this test process the parent of its orphaned descendants (instead of
/// PID 1, which on these machines does not reap them): the app's helpers, whose
/// parents die first, can then be reaped by [`terminate`] and leave no zombies.
pub(crate) fn become_subreaper() {
    // SAFETY: PR_SET_CHILD_SUBREAPER takes an integer flag and touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1 as libc::c_ulong, 0, 0, 0);
    }
}

/// Collects the exit status of those `pids` that are our (adopted) children and
/// have ended. Others are left alone (ECHILD).
fn reap(pids: &[u32]) {
    for &pid in pids {
        // SAFETY: waitpid with WNOHANG and a null status pointer only reaps `pid`.
        unsafe {
            libc::waitpid(pid as libc::pid_t, std::ptr::null_mut(), libc::WNOHANG);
        }
    }
}

fn signal_group(pgid: u32, sig: libc::c_int) {
    // SAFETY: kill(2) has no memory effects; a group that is gone only yields ESRCH.
    unsafe {
        libc::kill(-(pgid as libc::pid_t), sig);
    }
}

/// Ends process group `pgid`: SIGTERM, up to `grace` to exit, then SIGKILL.
/// Returns the pids still running after that (should be none).
pub(crate) fn terminate_group(pgid: u32, grace: Duration) -> Vec<u32> {
    let running = || -> Vec<u32> {
        let table = process_table();
        let members: Vec<u32> = table
            .iter()
            .filter(|(_, p)| p.pgrp == pgid)
            .map(|(pid, _)| *pid)
            .collect();
        reap(&members);
        members
            .into_iter()
            .filter(|pid| table[pid].running())
            .collect()
    };
    signal_group(pgid, libc::SIGTERM);
    let mut left = wait_until_empty(grace, &running);
    if !left.is_empty() {
        signal_group(pgid, libc::SIGKILL);
        left = wait_until_empty(Duration::from_secs(2), &running);
    }
    // Zombies count as ended above. Reaping one re-parents its own dead children
    // to us (we are a subreaper), so reap until the group is empty.
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        let members = group(pgid);
        if members.is_empty() || Instant::now() >= deadline {
            break;
        }
        reap(&members);
        std::thread::sleep(Duration::from_millis(10));
    }
    left
}

fn wait_until_empty(timeout: Duration, running: &impl Fn() -> Vec<u32>) -> Vec<u32> {
    let deadline = Instant::now() + timeout;
    loop {
        let left = running();
        if left.is_empty() || Instant::now() >= deadline {
            return left;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
