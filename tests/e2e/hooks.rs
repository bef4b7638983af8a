//! Talking to the app's webhook receiver as Blinger (or a stranger) would:
//! turning it on in the settings file, its path secret in the keyring, the
//! documented event body, and raw HTTP for requests a client library would
//! not send as written (a lying Content-Length, an endless chunked body).

use crate::harness::{Desk, Keyring, INTERNAL_SERVICE};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::Duration;

/// The receiver's body cap in these tests.
pub const MAX_BODY: usize = 64 * 1024;

/// Where the app keeps the receiver's path secret (src-tauri/src/webhooks.rs).
/// Where the app keeps the receiver's path secret, among its own secrets.
const SECRET_USER: &str = "webhook-receiver";

/// `on_message_incoming` as printed in the API docs (blinger-webhooks.txt), with
/// only its `//` comments removed: JSON has no comments, the real server sends none.
pub const DOC_INCOMING: &str = r#"{
    "webhook":"on_message_incoming",
    "from_user_id":481,
    "to_user_id":542,
    "message_id":546,
    "message_blinger_id":4627,
    "conversation_id":173,
    "conversation_token":"G67iEBrRWGx6tz1Q84X5kREL2UhGC8XxzmbLszr60fLep_l6hjGghQ5Umdvac_8U",
    "operator":{
        "id":11,
        "name":"Supervisor",
        "email":"ta4@tut.by"
    },
    "from_user":{
        "user_id":481,
        "role":"default",
        "title":"Yuri Dzabaev",
        "avatar":"https://app.blinger.io/images/users/no-user.png",
        "page_title":"Blinger – Messengers for business",
        "page_url":"https://blinger.io",
        "status":"enabled",
        "application":"vk",
        "service_user_id":"101786025",
        "date_created":1513329664
    },
    "to_user":{
        "user_id":542,
        "role":"customer",
        "title":null,
        "avatar":null,
        "status":"enabled",
        "application":"vk",
        "service_user_id":null,
        "date_created":1513329654
    },
    "message":{
        "id":546,
        "from_user_id":481,
        "to_user_id":542,
        "type":"text",
        "application":"vk",
        "date_created":1513338128,
        "message":"test",
        "tags":["tag1", "tag2"]
    }
}"#;

/// The documented body about conversation `conversation` of customer `name`,
/// who wrote `text` at `at` (unix seconds). The conversation is unassigned, so
/// the operator fields are null, as the docs' comments say they then are.
pub fn incoming(conversation: i64, name: &str, text: &str, at: i64) -> String {
    let mut body: Value = serde_json::from_str(DOC_INCOMING).expect("the doc example is JSON");
    body["conversation_id"] = json!(conversation);
    body["from_user"]["title"] = json!(name);
    body["operator"] = json!({ "id": null, "name": null, "email": null });
    body["message"]["message"] = json!(text);
    body["message"]["date_created"] = json!(at);
    body.to_string()
}

/// A TCP port nobody listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free TCP port")
}

/// Turns the receiver on, on `127.0.0.1:port`, in the desk's settings file
/// (after `account add` wrote it). `poll_secs` stretches the poll interval so a
/// test can tell what a webhook did from what a poll did.
pub fn enable_receiver(desk: &Desk, port: u16, poll_secs: u64) {
    let mut settings = desk.settings();
    assert!(
        settings.is_object(),
        "no settings file yet: add an account first"
    );
    settings["webhook"] = json!({
        "enabled": true,
        "listen": format!("127.0.0.1:{port}"),
        "max_body_bytes": MAX_BODY,
    });
    settings["poll_interval_secs"] = json!(poll_secs);
    let path = desk.config_dir().join("settings.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&settings).expect("JSON"))
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// The receiver's path secret as the app keeps it.
pub fn secret() -> Option<String> {
    Keyring::lookup(INTERNAL_SERVICE, SECRET_USER).map(|s| s.trim().to_string())
}

/// Stores `secret` where the app looks for the receiver's secret, with the
/// attributes the `keyring` crate writes, so the app reuses it.
pub fn store_secret(secret: &str) {
    let mut child = Command::new("secret-tool")
        .args(["store", "--label=Deskbell webhook receiver (e2e)"])
        .args(["service", INTERNAL_SERVICE, "username", SECRET_USER])
        .args(["target", "default", "application", "rust-keyring"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("cannot run secret-tool");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(secret.as_bytes())
        .expect("secret-tool stdin");
    assert!(child.wait().is_ok_and(|s| s.success()), "secret-tool store");
}

/// Sends `head` (request line and headers, without the blank line) and then
/// `body` as is, and returns the answer's status code. Plain blocking I/O: the
/// point is to control every byte.
pub fn raw_request(addr: SocketAddr, head: &str, body: &[u8]) -> u16 {
    let mut stream = TcpStream::connect(addr).expect("connect to the receiver");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    stream
        .write_all(format!("{head}\r\nHost: {addr}\r\n\r\n").as_bytes())
        .expect("send the head");
    // The server may answer (and close) before reading all of it: that is the point.
    let _ = stream.write_all(body);
    let mut answer = Vec::new();
    let mut buf = [0u8; 1024];
    while !answer.windows(2).any(|w| w == b"\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => answer.extend_from_slice(&buf[..n]),
        }
    }
    let text = String::from_utf8_lossy(&answer);
    text.split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no HTTP answer: {text:?}"))
}

/// A body that declares more than the cap and sends none of it.
pub fn declared_too_large(addr: SocketAddr, path: &str) -> u16 {
    let head = format!(
        "POST {path} HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: {}",
        MAX_BODY + 1
    );
    raw_request(addr, &head, b"")
}

/// A chunked body (no length declared) that grows past the cap and stops there,
/// never finished, like a client that would stream forever.
pub fn chunked_too_large(addr: SocketAddr, path: &str) -> u16 {
    let head = format!(
        "POST {path} HTTP/1.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked"
    );
    let chunk = [b'x'; 4096];
    let mut body = Vec::new();
    let mut sent = 0;
    while sent <= MAX_BODY {
        body.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        body.extend_from_slice(&chunk);
        body.extend_from_slice(b"\r\n");
        sent += chunk.len();
    }
    raw_request(addr, &head, &body)
}
