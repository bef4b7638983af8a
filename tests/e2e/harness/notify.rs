//! Desktop notifications as the app sends them: every `Notify` call on the
//! session bus, recorded with `busctl monitor` (it sees the call whether or not a
//! notification server answers). The test desktop runs dunst as that server, so
//! the app gets real ids and action signals, as on a user's machine.

use super::bus;
use super::process::lines_of;
use super::{require_desktop, POLL};
use serde_json::{Map, Value};
use std::collections::VecDeque;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

/// One `org.freedesktop.Notifications.Notify` call.
#[derive(Debug, Clone, PartialEq)]
pub struct Notification {
    /// The caller's unique bus name.
    pub sender: String,
    pub app_name: String,
    pub replaces_id: u32,
    pub icon: String,
    pub summary: String,
    pub body: String,
    /// `(key, label)` pairs, e.g. `("default", "Open")`.
    pub actions: Vec<(String, String)>,
    /// Hint name → value, e.g. `"category" → "im.received"`.
    pub hints: Map<String, Value>,
    pub expire_timeout: i32,
}

impl Notification {
    pub fn has_action(&self, key: &str) -> bool {
        self.actions.iter().any(|(k, _)| k == key)
    }

    /// Decodes busctl's JSON for a `Notify` method call (signature `susssasa{sv}i`).
    fn from_busctl(msg: &Value) -> Option<Notification> {
        let d = msg["payload"]["data"].as_array()?;
        let s = |i: usize| {
            d.get(i)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let flat: Vec<String> = d
            .get(5)?
            .as_array()?
            .iter()
            .map(|v| v.as_str().unwrap_or_default().to_string())
            .collect();
        let hints = d
            .get(6)?
            .as_object()?
            .iter()
            .map(|(k, v)| (k.clone(), v["data"].clone()))
            .collect();
        Some(Notification {
            sender: msg["sender"].as_str().unwrap_or_default().to_string(),
            app_name: s(0),
            replaces_id: d.get(1)?.as_u64()? as u32,
            icon: s(2),
            summary: s(3),
            body: s(4),
            actions: flat
                .chunks(2)
                .map(|p| (p[0].clone(), p.get(1).cloned().unwrap_or_default()))
                .collect(),
            hints,
            expire_timeout: d.get(7)?.as_i64()? as i32,
        })
    }
}

/// Signal the monitor also matches, so we know when it is really listening.
const PROBE_INTERFACE: &str = "io.deskbell.E2eProbe";

enum Seen {
    Probe,
    Notify(Box<Notification>),
}

/// Records `Notify` calls from the moment [`NotifyMonitor::start`] returns.
pub struct NotifyMonitor {
    child: Child,
    rx: Receiver<String>,
    /// Captured and not yet returned by `wait_for`.
    pending: VecDeque<Notification>,
    /// Everything captured.
    all: Vec<Notification>,
}

impl NotifyMonitor {
    pub fn start() -> NotifyMonitor {
        require_desktop();
        let mut child = Command::new("busctl")
            .args(["--user", "--json=short", "monitor"])
            .arg("--match=type='method_call',interface='org.freedesktop.Notifications',member='Notify'")
            .arg(format!("--match=type='signal',interface='{PROBE_INTERFACE}'"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("cannot run busctl: install systemd (scripts/install-deps.sh --test)");
        let rx = lines_of(child.stdout.take().expect("piped stdout"));
        let mut monitor = NotifyMonitor {
            child,
            rx,
            pending: VecDeque::new(),
            all: Vec::new(),
        };
        // busctl becomes a monitor asynchronously: emit probes until one comes back.
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let _ = Command::new("busctl")
                .args([
                    "--user",
                    "emit",
                    "/io/deskbell/E2eProbe",
                    PROBE_INTERFACE,
                    "Ready",
                ])
                .status();
            let until = Instant::now() + Duration::from_millis(200);
            while Instant::now() < until {
                if let Some(Seen::Probe) = monitor.next(until - Instant::now()) {
                    return monitor;
                }
            }
            assert!(
                Instant::now() < deadline,
                "busctl monitor did not start listening within 5 s"
            );
        }
    }

    /// Reads one line (waiting at most `wait`), recording notifications.
    fn next(&mut self, wait: Duration) -> Option<Seen> {
        let line = self.rx.recv_timeout(wait).ok()?;
        let msg: Value = serde_json::from_str(&line).ok()?;
        if msg["interface"] == PROBE_INTERFACE {
            return Some(Seen::Probe);
        }
        let n = Notification::from_busctl(&msg)?;
        self.pending.push_back(n.clone());
        self.all.push(n.clone());
        Some(Seen::Notify(Box::new(n)))
    }

    fn drain(&mut self) {
        while self.next(Duration::ZERO).is_some() {}
    }

    /// Every notification captured so far.
    pub fn seen(&mut self) -> &[Notification] {
        self.drain();
        &self.all
    }

    /// The first captured notification matching `pred` that no earlier
    /// `wait_for` returned, waiting up to `timeout` for it.
    pub async fn wait_for(
        &mut self,
        pred: impl Fn(&Notification) -> bool,
        timeout: Duration,
    ) -> Notification {
        let deadline = Instant::now() + timeout;
        loop {
            self.drain();
            if let Some(i) = self.pending.iter().position(&pred) {
                return self.pending.remove(i).expect("index in range");
            }
            if Instant::now() >= deadline {
                panic!(
                    "no matching notification within {timeout:?}; captured: {:#?}",
                    self.all
                );
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Asserts that no notification matching `pred` arrives during `period`
    /// (do-not-disturb, muted conversations, own messages).
    pub async fn expect_none(&mut self, pred: impl Fn(&Notification) -> bool, period: Duration) {
        tokio::time::sleep(period).await;
        self.drain();
        let unwanted: Vec<&Notification> = self.pending.iter().filter(|n| pred(n)).collect();
        assert!(
            unwanted.is_empty(),
            "unexpected notification(s): {unwanted:#?}"
        );
    }
}

impl Drop for NotifyMonitor {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends a notification as any client would (`notify-send`), through `busctl`.
/// Returns the id the server gave, or the D-Bus error (e.g. `ServiceUnknown`
/// when no notification server runs).
pub fn send_notification(
    app_name: &str,
    summary: &str,
    body: &str,
    actions: &[(&str, &str)],
) -> Result<u32, String> {
    let count = (actions.len() * 2).to_string();
    let mut args = vec![app_name, "0", "", summary, body, count.as_str()];
    for (key, label) in actions {
        args.push(key);
        args.push(label);
    }
    args.extend(["0", "5000"]); // no hints; expire after 5 s
    let reply = bus::call(
        "org.freedesktop.Notifications",
        "/org/freedesktop/Notifications",
        "org.freedesktop.Notifications",
        "Notify",
        "susssasa{sv}i",
        &args,
    )?;
    reply
        .first()
        .and_then(Value::as_u64)
        .map(|id| id as u32)
        .ok_or_else(|| format!("unexpected Notify reply: {reply:?}"))
}

/// Clicks the newest notification on screen (its default action), through dunst.
pub fn click_newest_notification() {
    let status = Command::new("dunstctl").args(["action", "0"]).status();
    assert!(
        status.is_ok_and(|s| s.success()),
        "dunstctl action failed: is dunst running (scripts/desktop-session.sh starts it)?"
    );
}

/// Whether a notification server (dunst) answers on the bus.
pub fn notification_server_running() -> bool {
    bus::has_owner("org.freedesktop.Notifications")
}
