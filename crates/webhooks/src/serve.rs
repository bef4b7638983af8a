//! Our own accept loop instead of `axum::serve`: every connection takes a place
//! in the [`Slots`] table, which caps them and closes the oldest idle one when
//! full, and each is closed once it has waited too long for a request head.

use crate::slots::{Slot, Slots};
use axum::body::Body;
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tower::ServiceExt;

/// Largest request head kept in memory per connection (hyper's floor is 8 KiB);
/// a webhook's head is a few hundred bytes.
const MAX_HEAD_BYTES: usize = 16 * 1024;

/// Accepts until `stop` resolves (or its sender is dropped), then closes
/// every connection.
pub(crate) async fn accept_loop(
    listener: TcpListener,
    app: Router,
    slots: Arc<Slots>,
    header_timeout: Duration,
    mut stop: oneshot::Receiver<()>,
) {
    loop {
        let accepted = tokio::select! {
            r = listener.accept() => r,
            _ = &mut stop => break,
        };
        let stream = match accepted {
            Ok((stream, _peer)) => stream,
            Err(e) => {
                // E.g. out of file descriptors: back off instead of spinning.
                tracing::warn!("webhook receiver: accept failed: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let (slot, closed) = tokio::select! {
            admitted = slots.admit() => admitted,
            _ = &mut stop => break,
        };
        tokio::spawn(serve_connection(
            stream,
            app.clone(),
            slot,
            closed,
            header_timeout,
        ));
    }
    slots.close_all();
}

async fn serve_connection(
    stream: TcpStream,
    app: Router,
    slot: Slot,
    closed: oneshot::Receiver<()>,
    header_timeout: Duration,
) {
    let _ = stream.set_nodelay(true);
    let slot = Arc::new(slot);
    let per_request = slot.clone();
    let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
        // Hyper calls the service once the head is complete.
        per_request.busy();
        let answered = per_request.clone();
        let reply = app.clone().oneshot(req.map(Body::new));
        async move {
            let response = reply.await;
            answered.waiting();
            response
        }
    });
    let conn = http1::Builder::new()
        .max_buf_size(MAX_HEAD_BYTES)
        .serve_connection(TokioIo::new(stream), service);
    // Returning drops the connection, which closes the socket.
    tokio::select! {
        _ = conn => {}
        _ = closed => {}
        _ = head_overdue(&slot, header_timeout) => {}
    }
}

/// Resolves once the connection has waited longer than `limit` for a request
/// head: just opened and silent, sending its head too slowly, or idle between
/// two requests.
async fn head_overdue(slot: &Slot, limit: Duration) {
    loop {
        match slot.waiting_since() {
            Some(since) if since.elapsed() >= limit => return,
            Some(since) => tokio::time::sleep_until((since + limit).into()).await,
            // Busy: the body timeout bounds the request; look again later.
            None => tokio::time::sleep(limit).await,
        }
    }
}
