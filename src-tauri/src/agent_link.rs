//! The window's link to the tray agent, which runs the desk: commands go to it
//! as calls, its events come back to the page. If no agent answers, the window
//! starts one; if the agent goes away (an update, a crash), the window waits
//! for the next, starts it if need be, and tells the page to read its state again.

use deskbell_ipc::launch::AGENT;
use deskbell_ipc::{Client, Endpoint, Failure, Incoming};
use deskbell_runtime::error::{CmdError, CmdResult};
use deskbell_runtime::events::{DeskEvent, EVENT};
use serde::Serialize;
use serde_json::Value;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;
use tauri::{AppHandle, Emitter};
use tokio::sync::watch;

/// How long a freshly started agent may take to answer (it reads its state first).
const AGENT_START: Duration = Duration::from_secs(10);
/// How long a call waits for a connection before it fails.
const CALL_WAITS: Duration = Duration::from_secs(12);

/// A verb's answer as the agent serialized it from the desk's own type `T`: the
/// page gets exactly the agent's JSON, and the contract still names `T`.
pub struct Forwarded<T>(Value, PhantomData<T>);

impl<T> Forwarded<T> {
    pub fn value(&self) -> &Value {
        &self.0
    }

    pub fn into_value(self) -> Value {
        self.0
    }
}

impl<T> Serialize for Forwarded<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

pub struct AgentLink {
    endpoint: Endpoint,
    /// What a started agent is given (`--demo` when the window was).
    agent_args: Vec<&'static str>,
    /// The current connection; `None` while (re)connecting.
    client: watch::Sender<Option<Arc<Client>>>,
}

impl AgentLink {
    pub fn new(endpoint: Endpoint, agent_args: Vec<&'static str>) -> Arc<Self> {
        Arc::new(AgentLink {
            endpoint,
            agent_args,
            client: watch::Sender::new(None),
        })
    }

    /// Calls `verb` on the desk with `args` (an object by argument name).
    pub async fn call<T>(&self, verb: &str, args: Value) -> CmdResult<Forwarded<T>> {
        let client = self.connected().await?;
        match client.call(verb, args).await {
            Ok(value) => Ok(Forwarded(value, PhantomData)),
            Err(failure) => Err(to_cmd_error(failure)),
        }
    }

    async fn connected(&self) -> CmdResult<Arc<Client>> {
        let mut rx = self.client.subscribe();
        let waited = tokio::time::timeout(CALL_WAITS, async {
            rx.wait_for(Option::is_some)
                .await
                .ok()
                .and_then(|c| c.clone())
        })
        .await;
        waited
            .ok()
            .flatten()
            .ok_or_else(|| to_cmd_error(Failure::agent_gone()))
    }

    /// Keeps the window connected for as long as it runs: hands the agent's
    /// events to the page and, after a reconnection, asks the page to resync.
    pub async fn run(self: Arc<Self>, app: AppHandle) {
        let mut first = true;
        loop {
            let (client, mut incoming) = connect_or_start(&self.endpoint, &self.agent_args).await;
            log::info!("connected to the agent (pid {})", client.agent_pid());
            if client.agent_protocol() != deskbell_ipc::PROTOCOL {
                log::warn!(
                    "the agent speaks protocol {}, this window {}: restart Deskbell",
                    client.agent_protocol(),
                    deskbell_ipc::PROTOCOL
                );
            }
            self.client.send_replace(Some(Arc::new(client)));
            if !first {
                resync(&app);
            }
            first = false;
            while let Some(message) = incoming.recv().await {
                match message {
                    Incoming::Event(event) => {
                        if event["type"] == "inbox_changed" {
                            let unread = event["unread_total"].as_u64().unwrap_or(0);
                            crate::taskbar::show(&app, unread as u32);
                        }
                        if let Err(e) = app.emit(EVENT, event) {
                            log::debug!("event not delivered: {e}");
                        }
                    }
                    Incoming::Resync => resync(&app),
                    Incoming::Show => crate::window::show(&app),
                    Incoming::Closed => break,
                }
            }
            self.client.send_replace(None);
            log::warn!("the agent went away; reconnecting");
        }
    }
}

/// The page reads `app_state` again: events were missed.
fn resync(app: &AppHandle) {
    let _ = app.emit(EVENT, DeskEvent::Resync);
}

/// Connects to this user's agent, starting it when none answers; retries
/// (with a pause that grows to 5 s) until one does.
pub async fn connect_or_start(
    endpoint: &Endpoint,
    agent_args: &[&str],
) -> (Client, tokio::sync::mpsc::UnboundedReceiver<Incoming>) {
    let mut pause = Duration::from_millis(100);
    loop {
        if let Ok(connected) = Client::connect(endpoint).await {
            return connected;
        }
        match AGENT.start(agent_args) {
            Ok(pid) => log::info!("started the agent (pid {pid})"),
            Err(e) => log::error!("cannot start the agent: {e}"),
        }
        let started = tokio::time::Instant::now();
        while started.elapsed() < AGENT_START {
            tokio::time::sleep(Duration::from_millis(50)).await;
            if let Ok(connected) = Client::connect(endpoint).await {
                return connected;
            }
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_secs(5));
    }
}

fn to_cmd_error(failure: Failure) -> CmdError {
    CmdError::new(&failure.kind, failure.message)
}
