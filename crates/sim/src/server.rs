//! Our own accept loop instead of `axum::serve`: the Reset fault needs the
//! connection's socket, to set SO_LINGER 0 and drop it mid-request.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use socket2::SockRef;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Notify};
use tower::ServiceExt;

/// Per-connection handle, put into every request's extensions, through
/// which a handler can reset its own connection.
#[derive(Clone, Default)]
pub(crate) struct ConnControl {
    reset: Arc<Notify>,
}

impl ConnControl {
    /// Ask the connection task to reset the TCP connection (RST, no answer).
    pub fn reset(&self) {
        self.reset.notify_one();
    }
}

/// Accepts connections until `shutdown` flips (or its sender is dropped).
pub(crate) async fn serve(listener: TcpListener, app: Router, mut shutdown: watch::Receiver<bool>) {
    loop {
        let accepted = tokio::select! {
            r = listener.accept() => r,
            _ = shutdown.changed() => break,
        };
        match accepted {
            Ok((stream, _peer)) => {
                tokio::spawn(serve_connection(stream, app.clone(), shutdown.clone()));
            }
            Err(e) => {
                // E.g. out of file descriptors: back off instead of spinning.
                tracing::warn!("accept failed: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
}

async fn serve_connection(stream: TcpStream, app: Router, mut shutdown: watch::Receiver<bool>) {
    // A second descriptor of the same socket: hyper owns the stream, this
    // one lets us set SO_LINGER 0 on it before everything is dropped.
    let split = stream.into_std().and_then(|std| {
        let linger_handle = std.try_clone()?;
        Ok((TcpStream::from_std(std)?, linger_handle))
    });
    let (stream, linger_handle) = match split {
        Ok(pair) => pair,
        Err(e) => {
            tracing::warn!("cannot set up connection: {e}");
            return;
        }
    };
    let _ = stream.set_nodelay(true);
    let control = ConnControl::default();
    let per_request = control.clone();
    let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
        req.extensions_mut().insert(per_request.clone());
        app.clone().oneshot(req.map(axum::body::Body::new))
    });
    let conn = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    let mut conn = std::pin::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = control.reset.notified() => {
            // Closing a socket with linger 0 sends RST instead of FIN.
            if let Err(e) = SockRef::from(&linger_handle).set_linger(Some(Duration::ZERO)) {
                tracing::warn!("cannot set SO_LINGER: {e}");
            }
        }
        _ = shutdown.changed() => {
            conn.as_mut().graceful_shutdown();
            let _ = tokio::time::timeout(Duration::from_secs(2), conn.as_mut()).await;
        }
    }
}
