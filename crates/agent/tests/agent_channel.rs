//! The real agent program and a window's end of the channel: the desk answers
//! calls by the page's command names and pushes its events; one agent per user (a
//! second launch asks the first for its window and leaves); a killed agent frees
//! its endpoint for the next, and the window hears it go.

use deskbell_ipc::{Client, Endpoint, Failure, Incoming};
use serde_json::{json, Value};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::sync::mpsc::UnboundedReceiver;

const AGENT: &str = env!("CARGO_BIN_EXE_deskbell-agent");

fn agent(dir: &Path) -> Command {
    let mut cmd = Command::new(AGENT);
    cmd.arg("--demo")
        .env("DESKBELL_AGENT_DIR", dir.join("agent"))
        .env("DESKBELL_CONFIG_DIR", dir.join("config"))
        .env("DESKBELL_CACHE_DIR", dir.join("cache"))
        // No session bus: no tray icon and no notifications, which is all this test
        // does without.
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    cmd
}

fn endpoint(dir: &Path) -> Endpoint {
    std::env::set_var("DESKBELL_AGENT_DIR", dir.join("agent"));
    Endpoint::current()
}

async fn connect(endpoint: &Endpoint) -> (Client, UnboundedReceiver<Incoming>) {
    let started = Instant::now();
    loop {
        match Client::connect(endpoint).await {
            Ok(c) => return c,
            Err(_) if started.elapsed() < Duration::from_secs(20) => {
                tokio::time::sleep(Duration::from_millis(50)).await
            }
            Err(e) => panic!("the agent never listened: {e}"),
        }
    }
}

/// The next incoming message that `want` picks, within 20 s.
async fn heard<T>(
    rx: &mut UnboundedReceiver<Incoming>,
    mut want: impl FnMut(&Incoming) -> Option<T>,
) -> T {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        match tokio::time::timeout_at(deadline, rx.recv()).await {
            Ok(Some(m)) => {
                if let Some(t) = want(&m) {
                    return t;
                }
            }
            Ok(None) => panic!("the channel ended"),
            Err(_) => panic!("not heard in time"),
        }
    }
}

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_window_works_the_desk_through_the_agent() {
    let dir = tempfile::tempdir().unwrap();
    let endpoint = endpoint(dir.path());
    let mut first = Killed(agent(dir.path()).spawn().unwrap());
    let (window, mut events) = connect(&endpoint).await;
    assert_eq!(window.agent_pid(), first.0.id());

    // The demo account comes online with conversations in it.
    let started = Instant::now();
    let state = loop {
        let state = window.call("app_state", json!({})).await.unwrap();
        let online = state["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["status"] == "online");
        if online && !state["items"].as_array().unwrap().is_empty() {
            break state;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the demo never came up: {state}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let key = state["items"][0]["key"].clone();

    // A reply: queued before the answer comes back, then delivered, and the window hears it.
    let text = "Through the agent <b>bold</b> & שלום";
    let echo = window
        .call(
            "send",
            json!({"key": key, "payload": {"type": "text", "text": text}}),
        )
        .await
        .unwrap();
    assert_eq!(echo["delivery"]["state"], "pending", "{echo}");
    heard(&mut events, |m| match m {
        Incoming::Event(e)
            if e["type"] == "outbox_changed"
                && e["message"]["text"] == text
                && e["message"]["delivery"]["state"] == "sent" =>
        {
            Some(())
        }
        _ => None,
    })
    .await;
    let e: Failure = window.call("no_such_verb", json!({})).await.unwrap_err();
    assert_eq!(e.kind, "not_found");

    // A second launch: asks the running agent for its window and leaves at once.
    let second = agent(dir.path()).output().unwrap();
    assert!(second.status.success(), "{second:?}");
    assert!(String::from_utf8_lossy(&second.stdout).contains("already running"));
    heard(&mut events, |m| (*m == Incoming::Show).then_some(())).await;

    // The agent dies: the window hears it, its calls fail at once, and the next
    // agent takes the endpoint the dead one held.
    first.0.kill().unwrap();
    first.0.wait().unwrap();
    heard(&mut events, |m| (*m == Incoming::Closed).then_some(())).await;
    assert_eq!(
        window.call("app_state", json!({})).await.unwrap_err(),
        Failure::agent_gone()
    );
    let next = Killed(agent(dir.path()).spawn().unwrap());
    let (window, _events) = connect(&endpoint).await;
    assert_eq!(window.agent_pid(), next.0.id());
    let state: Value = window.call("app_state", json!({})).await.unwrap();
    assert!(state["accounts"].is_array());
}
