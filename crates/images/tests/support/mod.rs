//! A small HTTP/1.1 server on loopback with canned answers, including the
//! malformed ones a hostile image host would send (lying lengths, endless bodies).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A 1×1 PNG.
pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\x0f\x00\x01\x01\x01\x00\x18\xdd\x8d\xb0\0\0\0\0IEND\xaeB`\x82";

#[derive(Default)]
struct Log {
    heads: Vec<String>,
    sent: HashMap<String, usize>,
}

pub struct Server {
    pub base: String,
    log: Arc<Mutex<Log>>,
}

impl Server {
    pub async fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let log = Arc::new(Mutex::new(Log::default()));
        let shared = log.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, shared.clone()));
            }
        });
        Server { base, log }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Every request head received, in order.
    pub fn requests(&self) -> Vec<String> {
        self.log.lock().unwrap().heads.clone()
    }

    /// Body bytes written for `path` before the client went away.
    pub fn bytes_sent(&self, path: &str) -> usize {
        self.log
            .lock()
            .unwrap()
            .sent
            .get(path)
            .copied()
            .unwrap_or(0)
    }
}

async fn serve(mut stream: TcpStream, log: Arc<Mutex<Log>>) {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    log.lock().unwrap().heads.push(head.clone());
    let target = head.split(' ').nth(1).unwrap_or("/").to_owned();
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let ok = |ty: &str, body: &[u8]| answer("200 OK", &[("Content-Type", ty)], body);
    let reply = match path {
        "/a.png" | "/b.png" => ok("image/png", PNG),
        "/mislabelled.jpg" => ok("image/jpeg", PNG),
        "/set-cookie.png" => answer(
            "200 OK",
            &[
                ("Content-Type", "image/png"),
                ("Set-Cookie", "seen=1; Path=/"),
            ],
            PNG,
        ),
        "/redirect" => {
            let to = query.strip_prefix("to=").unwrap_or("/");
            answer("302 Found", &[("Location", to)], b"")
        }
        "/page.html" => ok("text/html", b"<!doctype html><p>hello</p>"),
        "/svg" => ok(
            "image/svg+xml",
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        ),
        "/html-as-png.png" => ok("image/png", b"<html><script>alert(1)</script></html>"),
        "/tiny" => ok("image/png", b"\x89PN"),
        "/big-declared.png" => {
            let mut r = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                1 << 20
            )
            .into_bytes();
            r.extend_from_slice(PNG);
            r
        }
        "/big-chunked.png" => return endless(stream, path, log, PNG, true).await,
        "/big-unbounded.png" => return endless(stream, path, log, PNG, false).await,
        "/endless-page.png" => return endless(stream, path, log, b"<html>", true).await,
        "/slow.png" => {
            tokio::time::sleep(Duration::from_secs(3)).await;
            ok("image/png", PNG)
        }
        _ => answer("404 Not Found", &[("Content-Type", "text/plain")], b"no"),
    };
    let _ = stream.write_all(&reply).await;
    let _ = stream.shutdown().await;
}

fn answer(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut r = format!("HTTP/1.1 {status}\r\n");
    for (k, v) in headers {
        r.push_str(&format!("{k}: {v}\r\n"));
    }
    r.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let mut r = r.into_bytes();
    r.extend_from_slice(body);
    r
}

/// A body starting with `first` that never says how long it is and goes on for a
/// megabyte: in chunks, or as HTTP/1.0 did, until the connection closes.
async fn endless(
    mut stream: TcpStream,
    path: &str,
    log: Arc<Mutex<Log>>,
    first: &[u8],
    chunked: bool,
) {
    let head = if chunked {
        "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    } else {
        "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nConnection: close\r\n\r\n"
    };
    if stream.write_all(head.as_bytes()).await.is_err() {
        return;
    }
    let mut chunk = first.to_vec();
    chunk.resize(16 * 1024, 0);
    for _ in 0..64 {
        let mut frame = Vec::new();
        if chunked {
            frame.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        }
        frame.extend_from_slice(&chunk);
        if chunked {
            frame.extend_from_slice(b"\r\n");
        }
        if stream.write_all(&frame).await.is_err() {
            return;
        }
        *log.lock().unwrap().sent.entry(path.into()).or_default() += chunk.len();
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    if chunked {
        let _ = stream.write_all(b"0\r\n\r\n").await;
    }
}
