//! The Blinger webhook receiver.
//!
//! Blinger signs nothing (see the webhooks page of the API docs), so the only
//! things standing between a stranger and the operator's notifications are:
//! where we listen (loopback unless the user explicitly says otherwise), a long
//! random secret in the URL path, and a body cap enforced before the body is read.
//! Answers are sent as soon as the body is parsed: Blinger only wants a 200.
//!
//! Whoever can connect can also try to tie the receiver up, so connections are
//! held to limits (see [`Limits`]): a request's head and body must arrive in
//! time, the number of open connections is capped, and at the cap the oldest
//! connection still waiting for a request head makes room for the newcomer
//! (see `slots.rs` for why). The same event delivered twice is handed on once.

mod decode;
mod dedup;
mod form;
mod handler;
mod routes;
mod secret;
mod serve;
mod slots;

pub use secret::PathSecret;

use blinger::WebhookEvent;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

/// What the receiver listens on and whom it answers.
///
/// Each route is a secret path and a tag handed on with the events that came
/// through it, so several senders (e.g. one per account) can share a receiver
/// and still be told apart. A single sender uses one route tagged `()`. The
/// routes can change while the receiver runs ([`Receiver::set_routes`]).
#[derive(Debug, Clone)]
pub struct ReceiverConfig<T = ()> {
    pub listen: SocketAddr,
    /// Listening on a non-loopback address must be asked for explicitly.
    pub allow_remote: bool,
    pub max_body_bytes: usize,
    pub routes: Vec<(PathSecret, T)>,
    pub limits: Limits,
}

impl<T> ReceiverConfig<T> {
    /// Several secret paths on `listen` (loopback only), default limits.
    pub fn new(listen: SocketAddr, routes: Vec<(PathSecret, T)>, max_body_bytes: usize) -> Self {
        ReceiverConfig {
            listen,
            allow_remote: false,
            max_body_bytes,
            routes,
            limits: Limits::default(),
        }
    }
}

impl ReceiverConfig<()> {
    /// One secret path on `listen` (loopback only), default limits.
    pub fn single(listen: SocketAddr, secret: PathSecret, max_body_bytes: usize) -> Self {
        Self::new(listen, vec![(secret, ())], max_body_bytes)
    }
}

/// How long and how many: what keeps a slow or greedy client from holding the
/// receiver. Memory is bounded too: at most `max_connections` request heads of
/// at most 16 KiB, bodies of at most `max_body_bytes`, `dedup_window` hashes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// From a connection's opening (or its previous answer) to a complete
    /// request head; a connection that waits longer is closed (after a kept-alive
    /// answer, within twice this). 10 s by default: a webhook's head is a few
    /// hundred bytes, even through a tunnel.
    pub header_timeout: Duration,
    /// From a complete head to the whole body; later gets 408.
    pub body_timeout: Duration,
    /// Open connections at most (each is one file descriptor).
    pub max_connections: usize,
    /// How many recent events are remembered to recognise a replay.
    pub dedup_window: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            max_connections: 256,
            dedup_window: 4096,
        }
    }
}

/// One event and the tag of the route it came through.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook<T = ()> {
    pub tag: T,
    pub event: WebhookEvent,
}

#[derive(Debug, thiserror::Error)]
pub enum ReceiverError {
    #[error("refusing to listen on {0}: webhooks are unsigned, so only loopback is allowed unless remote listening is enabled explicitly")]
    NotLoopback(SocketAddr),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("the webhook receiver needs at least one secret path")]
    NoRoute,
    #[error("two webhook routes share one secret path")]
    DuplicateSecret,
    #[error("the webhook receiver needs room for at least one connection")]
    NoConnections,
}

/// A running receiver; dropping it stops the listener and closes its connections.
pub struct Receiver<T = ()> {
    addr: SocketAddr,
    routes: Arc<routes::Routes<T>>,
    slots: Arc<slots::Slots>,
    stop: tokio::sync::oneshot::Sender<()>,
    accepting: tokio::task::JoinHandle<()>,
}

impl<T: Clone> Receiver<T> {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The URL of the first route, to give Blinger (through a tunnel or reverse
    /// proxy if not local).
    pub fn url(&self) -> String {
        let first = self.routes.secret_where(|_| true).expect("a route");
        self.url_of(&first)
    }

    /// Connections open right now (never above `Limits::max_connections`).
    pub fn open_connections(&self) -> usize {
        self.slots.open()
    }

    /// Answers these routes from now on, in place of the previous ones: a path
    /// left out gets 404 at once; the listener, its connections and the memory
    /// of recent events stay. No route at all is allowed (every path is 404).
    pub fn set_routes(&self, routes: Vec<(PathSecret, T)>) -> Result<(), ReceiverError> {
        self.routes.replace(routes)
    }

    /// Stops listening and returns once the address is free again (dropping the
    /// receiver stops it too, but the socket closes a moment later).
    pub async fn shutdown(self) {
        let Receiver {
            stop, accepting, ..
        } = self;
        drop(stop);
        let _ = accepting.await;
    }

    fn url_of(&self, secret: &PathSecret) -> String {
        format!("http://{}/blinger/{}", self.addr, secret.expose())
    }
}

impl<T: Clone + PartialEq> Receiver<T> {
    /// The URL of the route tagged `tag`.
    pub fn url_for(&self, tag: &T) -> Option<String> {
        let secret = self.routes.secret_where(|t| t == tag)?;
        Some(self.url_of(&secret))
    }
}

/// Starts listening; parsed events go to `events` with their route's tag. A full
/// channel drops the event (polling is the safety net) rather than making
/// Blinger wait.
pub async fn start<T>(
    config: ReceiverConfig<T>,
    events: mpsc::Sender<Webhook<T>>,
) -> Result<Receiver<T>, ReceiverError>
where
    T: Clone + Send + Sync + 'static,
{
    if !config.allow_remote && !config.listen.ip().is_loopback() {
        return Err(ReceiverError::NotLoopback(config.listen));
    }
    if config.routes.is_empty() {
        return Err(ReceiverError::NoRoute);
    }
    let routes = Arc::new(routes::Routes::new(config.routes)?);
    if config.limits.max_connections == 0 {
        return Err(ReceiverError::NoConnections);
    }
    let bind_error = |source| ReceiverError::Bind {
        addr: config.listen,
        source,
    };
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(bind_error)?;
    let addr = listener.local_addr().map_err(bind_error)?;
    let slots = slots::Slots::new(config.limits.max_connections);
    let app = handler::router(handler::Shared::new(
        routes.clone(),
        config.max_body_bytes,
        &config.limits,
        events,
    ));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let accepting = tokio::spawn(serve::accept_loop(
        listener,
        app,
        slots.clone(),
        config.limits.header_timeout,
        stopped,
    ));
    Ok(Receiver {
        addr,
        routes,
        slots,
        stop,
        accepting,
    })
}
