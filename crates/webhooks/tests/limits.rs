//! Slow and greedy clients over raw TCP: a connection that does not send its
//! request head in time is closed, a body that comes too slowly gets 408, and
//! at the connection cap the oldest idle connection makes room for a newcomer.

mod support;

use deskbell_webhooks::Limits;
use std::time::{Duration, Instant};
use support::{receiver_with, INCOMING};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const TIMEOUT: Duration = Duration::from_millis(300);

fn limits(max_connections: usize) -> Limits {
    Limits {
        header_timeout: TIMEOUT,
        body_timeout: TIMEOUT,
        max_connections,
        ..Limits::default()
    }
}

fn path_of(url: &str) -> &str {
    &url[url.find("/blinger/").expect("a receiver URL")..]
}

fn request(path: &str, body: &str) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
}

/// Reads until the server closes the connection (within `limit`): what it sent,
/// and how long that took; `None` if it was still open.
async fn until_closed(
    stream: &mut (impl AsyncRead + Unpin),
    limit: Duration,
) -> Option<(String, Duration)> {
    let start = Instant::now();
    let read = async {
        let mut got = Vec::new();
        let mut buf = [0u8; 1024];
        while let Ok(n @ 1..) = stream.read(&mut buf).await {
            got.extend_from_slice(&buf[..n]);
        }
        got
    };
    let got = tokio::time::timeout(limit, read).await.ok()?;
    Some((String::from_utf8_lossy(&got).into_owned(), start.elapsed()))
}

#[tokio::test]
async fn a_silent_connection_is_closed_after_the_head_timeout() {
    let (r, _rx) = receiver_with(4096, limits(16)).await;
    let mut idle = TcpStream::connect(r.addr()).await.unwrap();
    let (sent, after) = until_closed(&mut idle, Duration::from_secs(3))
        .await
        .expect("still open after 3 s");
    assert_eq!(sent, "");
    assert!(after >= TIMEOUT - Duration::from_millis(50), "{after:?}");
}

#[tokio::test]
async fn a_head_trickled_byte_by_byte_is_closed_after_the_head_timeout() {
    let (r, _rx) = receiver_with(4096, limits(16)).await;
    let stream = TcpStream::connect(r.addr()).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    let head = format!("POST {} HTTP/1.1\r\nHost: x\r\nX-Slow: ", path_of(&r.url()));
    write.write_all(head.as_bytes()).await.unwrap();
    let trickle = tokio::spawn(async move {
        for _ in 0..60 {
            if write.write_all(b"a").await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    });
    let (_, after) = until_closed(&mut read, Duration::from_secs(3))
        .await
        .expect("a trickling head kept the connection open");
    assert!(after < Duration::from_secs(2), "{after:?}");
    trickle.abort();
}

#[tokio::test]
async fn a_body_too_slow_gets_408_and_no_event() {
    let (r, mut rx) = receiver_with(64 * 1024, limits(16)).await;
    let mut stream = TcpStream::connect(r.addr()).await.unwrap();
    let full = request(path_of(&r.url()), INCOMING);
    let cut = full.len() - INCOMING.len() + 10;
    stream.write_all(&full.as_bytes()[..cut]).await.unwrap();
    let (answer, after) = until_closed(&mut stream, Duration::from_secs(3))
        .await
        .expect("still open after 3 s");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(after >= TIMEOUT - Duration::from_millis(50), "{after:?}");
    assert!(rx.try_recv().is_err());
}

#[tokio::test]
async fn a_kept_alive_connection_is_closed_once_idle_too_long() {
    let (r, mut rx) = receiver_with(64 * 1024, limits(16)).await;
    let mut stream = TcpStream::connect(r.addr()).await.unwrap();
    let req = request(path_of(&r.url()), INCOMING);
    stream.write_all(req.as_bytes()).await.unwrap();
    let (answer, _) = until_closed(&mut stream, Duration::from_secs(3))
        .await
        .expect("still open after 3 s");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(rx.try_recv().is_ok());
}

/// Counts the receiver's sockets, which only Linux shows (/proc/self/fd).
#[cfg(target_os = "linux")]
mod at_the_cap {
    use super::*;
    use support::sockets::server_sockets;
    use support::{incoming, post_json};

    #[tokio::test]
    async fn at_the_cap_the_oldest_idle_connection_makes_room_for_a_webhook() {
        let cap = 4;
        let limits = Limits {
            header_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(1),
            ..limits(cap)
        };
        let (r, mut rx) = receiver_with(64 * 1024, limits).await;
        let port = r.addr().port();

        // A request in the middle of its body is busy: never evicted, it gets its 408.
        let mut busy = TcpStream::connect(r.addr()).await.unwrap();
        let full = request(path_of(&r.url()), INCOMING);
        busy.write_all(&full.as_bytes()[..full.len() - 10])
            .await
            .unwrap();
        // Time for its head to be read, so it is busy before the others come.
        tokio::time::sleep(Duration::from_millis(100)).await;
        let mut first = Vec::new();
        for _ in 0..cap - 1 {
            first.push(TcpStream::connect(r.addr()).await.unwrap());
        }
        settle(|| r.open_connections() == cap).await;
        let mut second = Vec::new();
        for _ in 0..cap - 1 {
            second.push(TcpStream::connect(r.addr()).await.unwrap());
        }
        for old in &mut first {
            let closed = until_closed(old, Duration::from_secs(2)).await;
            assert!(closed.is_some(), "an old idle connection was kept");
        }
        settle(|| server_sockets(port) <= cap + 1).await;
        assert_eq!(r.open_connections(), cap);
        assert!(server_sockets(port) <= cap + 1, "listener + {cap}");

        // A webhook still gets through, taking the oldest idle place.
        let res = post_json(&reqwest::Client::new(), &r.url(), incoming("through")).await;
        assert_eq!(res.status(), 200);
        let event = rx.try_recv().expect("delivered").event;
        assert_eq!(event.preview_text().as_deref(), Some("through"));
        assert!(until_closed(&mut second[0], Duration::from_secs(2))
            .await
            .is_some());

        let (answer, _) = until_closed(&mut busy, Duration::from_secs(3))
            .await
            .expect("the busy request was answered");
        assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    }

    /// Waits (up to 2 s) for `done`, which the receiver's tasks make true soon.
    async fn settle(done: impl Fn() -> bool) {
        let start = Instant::now();
        while !done() && start.elapsed() < Duration::from_secs(2) {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}
