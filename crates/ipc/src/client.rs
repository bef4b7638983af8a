//! The window's end: calls answered by id, events and requests from the agent
//! on a channel. When the agent goes away every call still waiting fails at once
//! (the window reconnects; the agent's outbox kept what was sent).

use crate::endpoint::Endpoint;
use crate::frame;
use crate::listener;
use crate::message::{Failure, ToAgent, ToWindow, PROTOCOL};
use serde_json::Value;
use std::collections::HashMap;
use std::io;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

const WELCOME_WITHIN: Duration = Duration::from_secs(5);

/// What the agent tells a window besides replies.
#[derive(Debug, Clone, PartialEq)]
pub enum Incoming {
    Event(Value),
    Resync,
    Show,
    /// The connection ended: the agent quit or crashed.
    Closed,
}

type Pending = Arc<Mutex<HashMap<u64, oneshot::Sender<Result<Value, Failure>>>>>;

pub struct Client {
    outgoing: mpsc::UnboundedSender<Vec<u8>>,
    pending: Pending,
    /// Set (before the waiting calls are failed) once the connection is gone.
    closed: Arc<AtomicBool>,
    next_id: AtomicU64,
    agent_pid: u32,
    agent_protocol: u32,
}

impl Client {
    /// Connects as a window: replies to calls, and every desk event on the receiver.
    pub async fn connect(
        endpoint: &Endpoint,
    ) -> io::Result<(Client, mpsc::UnboundedReceiver<Incoming>)> {
        let (mut rd, mut wr, agent_protocol, agent_pid) = handshake(endpoint, true).await?;
        let pending: Pending = Arc::default();
        let (incoming_tx, incoming) = mpsc::unbounded_channel();
        let (outgoing, mut to_send) = mpsc::unbounded_channel::<Vec<u8>>();
        tokio::spawn(async move {
            use tokio::io::AsyncWriteExt;
            while let Some(bytes) = to_send.recv().await {
                if wr.write_all(&bytes).await.is_err() || wr.flush().await.is_err() {
                    break;
                }
            }
        });
        let waiting = pending.clone();
        let closed = Arc::new(AtomicBool::new(false));
        let reader_closed = closed.clone();
        tokio::spawn(async move {
            loop {
                match frame::read::<_, ToWindow>(&mut rd).await {
                    Ok(Some(ToWindow::Reply { id, outcome })) => {
                        let waiter = lock(&waiting).remove(&id);
                        if let Some(waiter) = waiter {
                            let _ = waiter.send(outcome.into());
                        }
                    }
                    Ok(Some(ToWindow::Event { event })) => {
                        let _ = incoming_tx.send(Incoming::Event(event));
                    }
                    Ok(Some(ToWindow::Resync)) => {
                        let _ = incoming_tx.send(Incoming::Resync);
                    }
                    Ok(Some(ToWindow::Show)) => {
                        let _ = incoming_tx.send(Incoming::Show);
                    }
                    Ok(Some(ToWindow::Welcome { .. })) => {}
                    Ok(None) => break,
                    Err(e) => {
                        log::warn!("the agent's connection failed: {e}");
                        break;
                    }
                }
            }
            // Dropping the senders fails every waiting call with "agent gone".
            reader_closed.store(true, Ordering::SeqCst);
            lock(&waiting).clear();
            let _ = incoming_tx.send(Incoming::Closed);
        });
        Ok((
            Client {
                outgoing,
                pending,
                closed,
                next_id: AtomicU64::new(1),
                agent_pid,
                agent_protocol,
            },
            incoming,
        ))
    }

    /// Calls a verb by the page's command name with its arguments by name.
    pub async fn call(&self, verb: &str, args: Value) -> Result<Value, Failure> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = oneshot::channel();
        lock(&self.pending).insert(id, tx);
        // After the insert: a reader that ends later clears this call too.
        if self.closed.load(Ordering::SeqCst) {
            lock(&self.pending).remove(&id);
            return Err(Failure::agent_gone());
        }
        let message = ToAgent::Call {
            id,
            verb: verb.to_owned(),
            args,
        };
        let sent = frame::encode(&message)
            .map_err(|e| Failure::new("ipc", e.to_string()))
            .and_then(|bytes| self.outgoing.send(bytes).map_err(|_| Failure::agent_gone()));
        if let Err(e) = sent {
            lock(&self.pending).remove(&id);
            return Err(e);
        }
        rx.await.unwrap_or_else(|_| Err(Failure::agent_gone()))
    }

    pub fn agent_pid(&self) -> u32 {
        self.agent_pid
    }

    /// The agent speaks another protocol (one of the two was updated alone).
    pub fn agent_protocol(&self) -> u32 {
        self.agent_protocol
    }
}

/// A second launch: asks the running agent to show its window, then hangs up.
pub async fn ask_to_show(endpoint: &Endpoint) -> io::Result<()> {
    let (_rd, mut wr, _, _) = handshake(endpoint, false).await?;
    frame::write(&mut wr, &ToAgent::Show).await
}

type Halves = (
    tokio::io::ReadHalf<listener::Stream>,
    tokio::io::WriteHalf<listener::Stream>,
    u32,
    u32,
);

/// Connects, says hello, and waits for the agent's welcome: its protocol and pid.
async fn handshake(endpoint: &Endpoint, window: bool) -> io::Result<Halves> {
    let stream = listener::connect(endpoint).await?;
    let (mut rd, mut wr) = tokio::io::split(stream);
    let hello = ToAgent::Hello {
        protocol: PROTOCOL,
        window,
    };
    frame::write(&mut wr, &hello).await?;
    match tokio::time::timeout(WELCOME_WITHIN, frame::read::<_, ToWindow>(&mut rd)).await {
        Ok(Ok(Some(ToWindow::Welcome {
            protocol,
            agent_pid,
        }))) => Ok((rd, wr, protocol, agent_pid)),
        Ok(Ok(other)) => Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("expected the agent's welcome, got {other:?}"),
        )),
        Ok(Err(e)) => Err(e),
        Err(_) => Err(io::Error::new(
            io::ErrorKind::TimedOut,
            "the agent does not answer",
        )),
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
