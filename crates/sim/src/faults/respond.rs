//! The middleware that counts requests and makes faulted ones go wrong.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{ready, Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use hyper::body::{Frame, SizeHint};
use tokio::time::Sleep;

use super::{echo, FaultInjector, FaultKind};
use crate::api_error::ApiError;
use crate::error_texts as texts;
use crate::server::ConnControl;
use crate::store::Store;

#[derive(Clone)]
pub(crate) struct FaultState {
    pub store: Store,
    pub injector: Arc<Mutex<FaultInjector>>,
}

/// `conversations/<name>`, `widget/<name>` or `_sim/<name>` for a request
/// path; None for anything else.
fn endpoint_key(path: &str) -> Option<String> {
    let path = path.trim_end_matches('/');
    if let Some(name) = path.strip_prefix("/api/conversations/") {
        return Some(format!("conversations/{name}"));
    }
    if let Some(rest) = path.strip_prefix("/api/external/v1/conversation/") {
        let name = rest.rsplit('/').next().unwrap_or(rest);
        return Some(format!("widget/{name}"));
    }
    path.strip_prefix("/_sim/")
        .map(|name| format!("_sim/{name}"))
}

/// Counts every request per endpoint and applies the fault plan to the API
/// endpoints. See [`super::FaultPlan`] for which faults apply the action.
pub(crate) async fn fault_layer(
    State(fs): State<FaultState>,
    req: Request,
    next: Next,
) -> Response {
    let Some(key) = endpoint_key(req.uri().path()) else {
        return next.run(req).await;
    };
    fs.store.count_request(&key);
    if key.starts_with("_sim/") {
        return next.run(req).await;
    }
    let fault = fs
        .injector
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .decide(&key);
    let Some(fault) = fault else {
        return next.run(req).await;
    };
    tracing::info!(endpoint = %key, ?fault, "injecting fault");
    let conn = req.extensions().get::<ConnControl>().cloned();
    match fault {
        FaultKind::Status { code } => status_response(code),
        FaultKind::RateLimit { retry_after_secs } => {
            let mut resp = ApiError::new(429, texts::TOO_MANY_REQUESTS).into_response();
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
            resp
        }
        FaultKind::Delay { ms } => {
            let resp = next.run(req).await;
            tokio::time::sleep(Duration::from_millis(ms)).await;
            resp
        }
        FaultKind::Html => {
            drop(next.run(req).await);
            html(StatusCode::OK, HTML_ERROR_PAGE.to_owned())
        }
        FaultKind::Echo { shape } => echo::respond(shape, &echo::sent_token(req.headers())),
        FaultKind::Truncate => truncate(next.run(req).await).await,
        FaultKind::Stall => std::future::pending::<Response>().await,
        FaultKind::Reset => {
            drop(next.run(req).await);
            match conn {
                Some(conn) => {
                    conn.reset();
                    // The connection task drops this future with the socket.
                    std::future::pending::<Response>().await
                }
                None => status_response(500),
            }
        }
    }
}

const HTML_ERROR_PAGE: &str = "<!DOCTYPE html>\n<html><head><title>Service temporarily unavailable</title></head>\n<body><h1>We'll be back soon</h1><p>The service is temporarily unavailable. Please try again later.</p></body></html>\n";

fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

/// 500 answers as the PHP app would (an envelope); other codes as the nginx
/// in front of it would (an HTML page), since they come from the proxy.
fn status_response(code: u16) -> Response {
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if code == 500 {
        return ApiError::new(500, texts::INTERNAL_SERVER_ERROR).into_response();
    }
    let line = format!("{} {}", code, status.canonical_reason().unwrap_or("Error"));
    html(
        status,
        format!(
            "<html>\r\n<head><title>{line}</title></head>\r\n<body>\r\n<center><h1>{line}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
        ),
    )
}

/// The same response, but its body stops after half the bytes while the
/// Content-Length still announces all of them.
async fn truncate(resp: Response) -> Response {
    let (mut parts, body) = resp.into_parts();
    let full = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let half = full.slice(..full.len() / 2);
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(full.len()));
    let body = HalfBody {
        half: Some(half),
        total: full.len() as u64,
        pause: None,
    };
    Response::from_parts(parts, Body::new(body))
}

struct HalfBody {
    half: Option<Bytes>,
    total: u64,
    /// A short pause before failing, so the half is flushed to the socket.
    pause: Option<Pin<Box<Sleep>>>,
}

impl hyper::body::Body for HalfBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        if let Some(half) = self.half.take() {
            return Poll::Ready(Some(Ok(Frame::data(half))));
        }
        let pause = self
            .pause
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(Duration::from_millis(50))));
        ready!(pause.as_mut().poll(cx));
        Poll::Ready(Some(Err(io::Error::other("body truncated on purpose"))))
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.total)
    }
}
