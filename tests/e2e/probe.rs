//! Instruments for the whole-app measurements (`bench.rs`): memory of a process
//! tree, when a process started, and `Notify` calls with the time they reached
//! the bus monitor.

use crate::harness::{secs, wait_until};
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Wall-clock milliseconds since the epoch (what `performance.timeOrigin` uses).
pub fn epoch_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or(0.0)
}

/// Fields of /proc/PID/stat after the command name (field 3 onwards).
fn stat_fields(pid: u32) -> Option<Vec<String>> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let (_, rest) = stat.rsplit_once(')')?;
    Some(rest.split_whitespace().map(String::from).collect())
}

/// When process `pid` started, in epoch milliseconds. The kernel counts in clock
/// ticks (10 ms) since boot, so this is good to about 10 ms.
pub fn started_at_ms(pid: u32) -> f64 {
    let fields = stat_fields(pid).expect("the process is gone");
    let start_ticks: f64 = fields[19].parse().expect("starttime"); // field 22
                                                                   // SAFETY: sysconf only reads a configuration value.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    let now = epoch_ms();
    let uptime: f64 = std::fs::read_to_string("/proc/uptime")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .expect("/proc/uptime");
    now - (uptime * 1000.0 - start_ticks * 1000.0 / hz)
}

/// `pid` and all its descendants.
pub fn tree(pid: u32) -> Vec<u32> {
    let mut parent_of = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        if let Some(p) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        {
            if let Some(ppid) = stat_fields(p).and_then(|f| f.get(1)?.parse::<u32>().ok()) {
                parent_of.push((p, ppid));
            }
        }
    }
    let mut out = vec![pid];
    let mut i = 0;
    while i < out.len() {
        let parent = out[i];
        out.extend(
            parent_of
                .iter()
                .filter(|(_, pp)| *pp == parent)
                .map(|(p, _)| *p),
        );
        i += 1;
    }
    out
}

/// Memory of one process, from /proc/PID/smaps_rollup.
#[derive(Debug, Clone)]
pub struct ProcMem {
    pub pid: u32,
    pub name: String,
    pub rss_kib: u64,
    pub pss_kib: u64,
}

/// The live processes of `pid`'s tree (zombies have no memory to report).
pub fn memory(pid: u32) -> Vec<ProcMem> {
    tree(pid)
        .into_iter()
        .filter_map(|p| {
            let rollup = std::fs::read_to_string(format!("/proc/{p}/smaps_rollup")).ok()?;
            let field = |key: &str| {
                rollup
                    .lines()
                    .find(|l| l.starts_with(key))
                    .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
            };
            // The executable's name: `comm` is cut at 15 characters.
            let exe = std::fs::read_link(format!("/proc/{p}/exe")).ok()?;
            let name = exe.file_name()?.to_string_lossy().into_owned();
            Some(ProcMem {
                pid: p,
                name,
                rss_kib: field("Rss:")?,
                pss_kib: field("Pss:")?,
            })
        })
        .collect()
}

/// `Notify` calls with `busctl monitor`'s receive time (`timestamp-realtime`,
/// taken by the kernel when the message reached the monitor's socket).
pub struct TimedBell {
    child: Child,
    rx: Receiver<Value>,
}

const PROBE: &str = "io.deskbell.BenchProbe";

impl TimedBell {
    pub async fn start() -> TimedBell {
        let mut child = Command::new("busctl")
            .args(["--user", "--json=short", "monitor"])
            .arg("--match=type='method_call',interface='org.freedesktop.Notifications',member='Notify'")
            .arg(format!("--match=type='signal',interface='{PROBE}'"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("busctl");
        let out = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if let Ok(v) = serde_json::from_str::<Value>(&line) {
                    if tx.send(v).is_err() {
                        break;
                    }
                }
            }
        });
        let bell = TimedBell { child, rx };
        // The monitor starts listening asynchronously: probe until it hears us.
        wait_until(secs(5), "busctl monitor listens", || async {
            let _ = Command::new("busctl")
                .args(["--user", "emit", "/io/deskbell/BenchProbe", PROBE, "Ready"])
                .status();
            let heard = bell
                .rx
                .recv_timeout(Duration::from_millis(200))
                .is_ok_and(|v| v["interface"] == PROBE);
            heard.then_some(())
        })
        .await;
        bell
    }

    /// Waits for a `Notify` whose body contains `text`; returns its epoch ms.
    pub fn wait_for_body(&self, text: &str, timeout: Duration) -> f64 {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let msg = self
                .rx
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no notification with {text:?} within {timeout:?}"));
            let body = msg["payload"]["data"][4].as_str().unwrap_or_default();
            if msg["member"] == "Notify" && body.contains(text) {
                let micros = msg["timestamp-realtime"]
                    .as_f64()
                    .expect("busctl timestamp");
                return micros / 1000.0;
            }
        }
    }
}

impl Drop for TimedBell {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Median, minimum and maximum (and the 90th percentile) of `xs`.
pub fn summary(xs: &[f64]) -> (f64, f64, f64, f64) {
    let mut s = xs.to_vec();
    s.sort_by(|a, b| a.total_cmp(b));
    let q = |p: f64| s[((p * s.len() as f64) as usize).min(s.len() - 1)];
    let median = if s.len() % 2 == 1 {
        s[s.len() / 2]
    } else {
        (s[s.len() / 2 - 1] + s[s.len() / 2]) / 2.0
    };
    (median, s[0], s[s.len() - 1], q(0.9))
}
