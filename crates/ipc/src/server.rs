//! The agent's end: every connection says hello, then calls verbs (answered in
//! any order, each as soon as it is done) and, if it is a window, hears every
//! desk event. A window that reads too slowly to keep up is told to resync
//! rather than being waited for: the desk never blocks on a window.

use crate::frame;
use crate::listener::{Listener, Stream};
use crate::message::{Failure, ToAgent, ToWindow, PROTOCOL};
use serde::Serialize;
use serde_json::Value;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::sync::{broadcast, mpsc};

/// Events a window may fall behind by before it is told to resync.
const EVENT_BACKLOG: usize = 1024;
/// A connection that does not say hello by then is dropped.
const HELLO_WITHIN: Duration = Duration::from_secs(5);

pub type Answer = Pin<Box<dyn Future<Output = Result<Value, Failure>> + Send>>;

/// What the agent does with what windows ask.
pub trait Handler: Send + Sync + 'static {
    /// A verb by the page's command name.
    fn call(&self, verb: String, args: Value) -> Answer;
    /// A second launch asked for the window.
    fn show(&self);
}

pub struct Server {
    events: broadcast::Sender<Arc<Vec<u8>>>,
    windows: Arc<AtomicUsize>,
}

impl Default for Server {
    fn default() -> Self {
        Server {
            events: broadcast::channel(EVENT_BACKLOG).0,
            windows: Arc::default(),
        }
    }
}

impl Server {
    /// Sends a desk event to every connected window; serialized once.
    pub fn publish(&self, event: &impl Serialize) {
        if self.events.receiver_count() == 0 {
            return;
        }
        let message = match serde_json::to_value(event) {
            Ok(event) => ToWindow::Event { event },
            Err(e) => return log::error!("an event could not be serialized: {e}"),
        };
        self.broadcast(&message);
    }

    /// Asks connected windows to come to the front; false when there is none.
    pub fn show_windows(&self) -> bool {
        self.windows() > 0 && self.broadcast(&ToWindow::Show)
    }

    /// Windows connected now.
    pub fn windows(&self) -> usize {
        self.windows.load(Ordering::SeqCst)
    }

    fn broadcast(&self, message: &ToWindow) -> bool {
        match frame::encode(message) {
            Ok(bytes) => self.events.send(Arc::new(bytes)).is_ok(),
            Err(e) => {
                log::error!("a message for the windows was not sent: {e}");
                false
            }
        }
    }

    /// Serves connections until the listener fails. The connections live inside
    /// this future: dropping it (the agent stopping) closes every one of them.
    pub async fn run(&self, mut listener: Listener, handler: Arc<dyn Handler>) {
        let mut connections = tokio::task::JoinSet::new();
        loop {
            tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok(stream) => {
                        let events = self.events.subscribe();
                        let windows = self.windows.clone();
                        let handler = handler.clone();
                        connections.spawn(async move {
                            if let Err(e) = serve(stream, handler, events, windows).await {
                                log::debug!("a window connection ended: {e}");
                            }
                        });
                    }
                    Err(e) => {
                        log::error!("the agent stops listening for windows: {e}");
                        return;
                    }
                },
                Some(_) = connections.join_next() => {}
            }
        }
    }
}

/// Counts a window while its connection lasts.
struct Counted(Arc<AtomicUsize>);

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn serve(
    stream: Stream,
    handler: Arc<dyn Handler>,
    events: broadcast::Receiver<Arc<Vec<u8>>>,
    windows: Arc<AtomicUsize>,
) -> std::io::Result<()> {
    let (mut rd, wr) = tokio::io::split(stream);
    let hello = tokio::time::timeout(HELLO_WITHIN, frame::read::<_, ToAgent>(&mut rd))
        .await
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, "no hello"))??;
    let window = match hello {
        Some(ToAgent::Hello { window, .. }) => window,
        other => {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("expected hello, got {other:?}"),
            ))
        }
    };
    let (replies, outgoing) = mpsc::unbounded_channel::<Vec<u8>>();
    let welcome = ToWindow::Welcome {
        protocol: PROTOCOL,
        agent_pid: std::process::id(),
    };
    let _ = replies.send(frame::encode(&welcome)?);
    let _counted = window.then(|| {
        windows.fetch_add(1, Ordering::SeqCst);
        Counted(windows.clone())
    });
    // Both halves in this one future, so the connection closes when it is dropped.
    // A verb still running when the window goes finishes anyway (its answer is
    // dropped): cutting a verb short could leave half of what it does.
    tokio::select! {
        read = read_loop(&mut rd, &handler, &replies) => read,
        written = write_loop(wr, outgoing, window.then_some(events)) => written,
    }
}

async fn read_loop(
    rd: &mut (impl tokio::io::AsyncRead + Unpin),
    handler: &Arc<dyn Handler>,
    replies: &mpsc::UnboundedSender<Vec<u8>>,
) -> std::io::Result<()> {
    while let Some(message) = frame::read::<_, ToAgent>(rd).await? {
        match message {
            ToAgent::Call { id, verb, args } => {
                let answer = handler.call(verb, args);
                let replies = replies.clone();
                tokio::spawn(async move {
                    let outcome = answer.await.into();
                    match frame::encode(&ToWindow::Reply { id, outcome }) {
                        Ok(bytes) => {
                            let _ = replies.send(bytes);
                        }
                        Err(e) => {
                            let failure =
                                Failure::new("ipc", format!("the answer is unsendable: {e}"));
                            if let Ok(bytes) = frame::encode(&ToWindow::Reply {
                                id,
                                outcome: Err(failure).into(),
                            }) {
                                let _ = replies.send(bytes);
                            }
                        }
                    }
                });
            }
            ToAgent::Show => handler.show(),
            ToAgent::Hello { .. } => {}
        }
    }
    Ok(())
}

async fn write_loop(
    mut wr: impl tokio::io::AsyncWrite + Unpin,
    mut replies: mpsc::UnboundedReceiver<Vec<u8>>,
    mut events: Option<broadcast::Receiver<Arc<Vec<u8>>>>,
) -> std::io::Result<()> {
    loop {
        let bytes: Arc<Vec<u8>> = tokio::select! {
            reply = replies.recv() => match reply {
                Some(bytes) => Arc::new(bytes),
                None => break,
            },
            event = next_event(&mut events) => match event {
                Some(bytes) => bytes,
                None => continue,
            },
        };
        wr.write_all(&bytes).await?;
        wr.flush().await?;
    }
    wr.shutdown().await
}

/// The next event for this window; a resync notice when it fell behind; pending
/// forever when it takes no events.
async fn next_event(
    events: &mut Option<broadcast::Receiver<Arc<Vec<u8>>>>,
) -> Option<Arc<Vec<u8>>> {
    let Some(rx) = events else {
        return std::future::pending().await;
    };
    match rx.recv().await {
        Ok(bytes) => Some(bytes),
        Err(broadcast::error::RecvError::Lagged(missed)) => {
            log::warn!("a window missed {missed} events: it resyncs");
            frame::encode(&ToWindow::Resync).ok().map(Arc::new)
        }
        Err(broadcast::error::RecvError::Closed) => {
            *events = None;
            None
        }
    }
}
