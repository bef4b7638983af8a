//! The Blinger webhook receiver.
//!
//! Blinger signs nothing (see the webhooks page of the API docs), so the only
//! things standing between a stranger and the operator's notifications are:
//! where we listen (loopback unless the user explicitly says otherwise), a long
//! random secret in the URL path, and a body cap enforced before the body is read.
//! Answers are sent as soon as the body is parsed: Blinger only wants a 200.

mod secret;

pub use secret::PathSecret;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use blinger::WebhookEvent;
use http_body_util::{BodyExt, Limited};
use std::net::SocketAddr;
use tokio::sync::mpsc;

#[derive(Debug, Clone)]
pub struct ReceiverConfig {
    pub listen: SocketAddr,
    /// Listening on a non-loopback address must be asked for explicitly.
    pub allow_remote: bool,
    pub max_body_bytes: usize,
    pub secret: PathSecret,
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
}

/// A running receiver; dropping it stops the listener.
pub struct Receiver {
    addr: SocketAddr,
    secret: PathSecret,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl Receiver {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The URL to give Blinger (through a tunnel or reverse proxy if not local).
    pub fn url(&self) -> String {
        format!("http://{}/blinger/{}", self.addr, self.secret.expose())
    }
}

#[derive(Clone)]
struct Shared {
    secret: PathSecret,
    max_body: usize,
    events: mpsc::Sender<WebhookEvent>,
}

/// Starts listening; parsed events go to `events`. A full channel drops the event
/// (polling is the safety net) rather than making Blinger wait.
pub async fn start(
    config: ReceiverConfig,
    events: mpsc::Sender<WebhookEvent>,
) -> Result<Receiver, ReceiverError> {
    if !config.allow_remote && !config.listen.ip().is_loopback() {
        return Err(ReceiverError::NotLoopback(config.listen));
    }
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|source| ReceiverError::Bind {
            addr: config.listen,
            source,
        })?;
    let addr = listener
        .local_addr()
        .map_err(|source| ReceiverError::Bind {
            addr: config.listen,
            source,
        })?;
    let shared = Shared {
        secret: config.secret.clone(),
        max_body: config.max_body_bytes,
        events,
    };
    let app = Router::new()
        .route("/blinger/{secret}", post(receive))
        .with_state(shared);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let server = axum::serve(listener, app).with_graceful_shutdown(async {
            let _ = stopped.await;
        });
        if let Err(e) = server.await {
            tracing::warn!("webhook receiver stopped: {e}");
        }
    });
    Ok(Receiver {
        addr,
        secret: config.secret,
        _stop: stop,
    })
}

async fn receive(
    State(shared): State<Shared>,
    Path(secret): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> (StatusCode, &'static str) {
    if !shared.secret.matches(&secret) {
        return (StatusCode::NOT_FOUND, "not found");
    }
    // Refuse by the declared length before reading a byte; `Limited` catches
    // chunked bodies that lie or declare nothing.
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|len| len > shared.max_body) {
        return (StatusCode::PAYLOAD_TOO_LARGE, "body too large");
    }
    let bytes = match Limited::new(body, shared.max_body).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => {
            return (StatusCode::PAYLOAD_TOO_LARGE, "body too large")
        }
        Err(_) => return (StatusCode::BAD_REQUEST, "unreadable body"),
    };
    match WebhookEvent::parse(&bytes) {
        Ok(event) => {
            if shared.events.try_send(event).is_err() {
                tracing::warn!("webhook event dropped: the desk is busy (polling will catch up)");
            }
            (StatusCode::OK, "ok")
        }
        Err(e) => {
            tracing::warn!("webhook refused: {e}");
            (StatusCode::BAD_REQUEST, "malformed webhook")
        }
    }
}
