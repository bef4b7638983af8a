//! One webhook request: which route, what format, how big, how slow, whether it
//! is a replay; then the event goes on to the desk.

use crate::decode;
use crate::dedup::{Keys, Seen};
use crate::routes::Routes;
use crate::{Limits, Webhook};
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use blinger::WebhookEvent;
use http_body_util::{BodyExt, Limited};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::mpsc;

pub(crate) struct Shared<T> {
    routes: Arc<Routes<T>>,
    max_body: usize,
    body_timeout: Duration,
    events: mpsc::Sender<Webhook<T>>,
    keys: Keys,
    seen: Mutex<Seen>,
}

impl<T: Clone> Shared<T> {
    pub fn new(
        routes: Arc<Routes<T>>,
        max_body: usize,
        limits: &Limits,
        events: mpsc::Sender<Webhook<T>>,
    ) -> Self {
        Shared {
            routes,
            max_body,
            body_timeout: limits.body_timeout,
            events,
            keys: Keys::new(),
            seen: Mutex::new(Seen::new(limits.dedup_window)),
        }
    }
}

pub(crate) fn router<T: Clone + Send + Sync + 'static>(shared: Shared<T>) -> Router {
    Router::new()
        .route("/blinger/{secret}", post(receive::<T>))
        .with_state(Arc::new(shared))
}

async fn receive<T: Clone + Send + Sync + 'static>(
    State(shared): State<Arc<Shared<T>>>,
    Path(secret): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Some((route, tag)) = shared.routes.find(&secret) else {
        return answer(StatusCode::NOT_FOUND, "not found");
    };
    let Some(format) = decode::format(&headers) else {
        return answer(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send application/json or application/x-www-form-urlencoded",
        );
    };
    // Refuse by the declared length before reading a byte; `Limited` catches
    // chunked bodies that lie or declare nothing.
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|len| len > shared.max_body) {
        return answer(StatusCode::PAYLOAD_TOO_LARGE, "body too large");
    }
    let read = Limited::new(body, shared.max_body).collect();
    let bytes = match tokio::time::timeout(shared.body_timeout, read).await {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => {
            return answer(StatusCode::PAYLOAD_TOO_LARGE, "body too large")
        }
        Ok(Err(_)) => return answer(StatusCode::BAD_REQUEST, "unreadable body"),
        Err(_) => {
            // The rest of the body may still come: this connection is done.
            let mut res = answer(StatusCode::REQUEST_TIMEOUT, "body too slow");
            res.headers_mut().insert(
                header::CONNECTION,
                header::HeaderValue::from_static("close"),
            );
            return res;
        }
    };
    let parsed = decode::value(format, &bytes).and_then(|value| {
        let key = shared.keys.of(route.expose(), &value);
        let event = WebhookEvent::from_value(value).map_err(|e| e.to_string())?;
        Ok((key, event))
    });
    let (key, event) = match parsed {
        Ok(parsed) => parsed,
        Err(e) => {
            tracing::warn!("webhook refused: {e}");
            return answer(StatusCode::BAD_REQUEST, "malformed webhook");
        }
    };
    let mut seen = lock(&shared.seen);
    if seen.contains(key) {
        // Blinger retried, or someone replays a captured call: already handed on.
        return answer(StatusCode::OK, "duplicate");
    }
    match shared.events.try_send(Webhook { tag, event }) {
        // Remembered only once handed on, so a retry of a dropped one gets through.
        Ok(()) => seen.insert(key),
        Err(_) => {
            tracing::warn!("webhook event dropped: the desk is busy (polling will catch up)")
        }
    }
    answer(StatusCode::OK, "ok")
}

fn answer(status: StatusCode, text: &'static str) -> Response {
    (status, text).into_response()
}

fn lock(seen: &Mutex<Seen>) -> std::sync::MutexGuard<'_, Seen> {
    seen.lock().unwrap_or_else(PoisonError::into_inner)
}
