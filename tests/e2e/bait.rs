//! A web server on loopback that the page must never reach: it answers anything
//! (a page, a picture, a CORS-open text) so that a request that gets through
//! succeeds, and it records every request, so "refused" means the server saw
//! nothing rather than that a load merely failed.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A 1×1 PNG.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\x0f\x00\x01\x01\x01\x00\x18\xdd\x8d\xb0\0\0\0\0IEND\xaeB`\x82";

pub struct Bait {
    pub base: String,
    hits: Arc<Mutex<Vec<String>>>,
}

impl Bait {
    pub fn start() -> Bait {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the bait server");
        let base = format!("http://{}", listener.local_addr().unwrap());
        let hits = Arc::new(Mutex::new(Vec::new()));
        let log = hits.clone();
        // Runs until the test process ends; one thread, requests are few.
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                answer(stream, &log);
            }
        });
        Bait { base, hits }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Every request line received (`GET /x HTTP/1.1`).
    pub fn hits(&self) -> Vec<String> {
        self.hits.lock().unwrap().clone()
    }
}

fn answer(mut stream: TcpStream, log: &Mutex<Vec<String>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let mut head = Vec::new();
    let mut buf = [0u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head);
    let line = head.lines().next().unwrap_or_default().to_owned();
    log.lock().unwrap().push(line.clone());
    let path = line.split(' ').nth(1).unwrap_or("/");
    let (ty, body): (&str, &[u8]) = if path.ends_with(".png") {
        ("image/png", PNG)
    } else if path.ends_with(".html") {
        (
            "text/html",
            b"<!doctype html><title>Elsewhere</title><h1>Not the app</h1>",
        )
    } else {
        ("text/plain", b"ok")
    };
    let _ = write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: {ty}\r\nContent-Length: {}\r\nAccess-Control-Allow-Origin: *\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(body);
}
