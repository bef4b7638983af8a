//! Talking to the app's webhook receiver as Blinger (or a stranger) would:
//! turning it on in the settings file, each account's path secret in the
//! keyring, the documented event body, and raw HTTP for requests a client
//! library would not send as written (a lying Content-Length, an endless
//! chunked body).

use crate::harness::{wait_until, Desk, Keyring, INTERNAL_SERVICE, TIMEOUT};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::Duration;

/// The receiver's body cap in these tests.
pub const MAX_BODY: usize = 64 * 1024;

/// Where the app keeps account `id`'s path secret, among its own secrets
/// (crates/runtime/src/webhooks/path_secrets.rs).
fn secret_user(account: &str) -> String {
    format!("webhook:{account}")
}

/// Where versions before per-account webhooks kept the receiver's one secret.
const SINGLE_SECRET_USER: &str = "webhook-receiver";

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

/// Polls that answer later than any webhook check waits: what shows up sooner
/// came through a webhook.
pub const SLOW_POLL_MS: u64 = 8000;

/// A fault plan for the simulator: every list endpoint answers [`SLOW_POLL_MS`] late.
pub fn slow_polls() -> Value {
    json!({ "rules": [{
        "kind": "delay", "ms": SLOW_POLL_MS,
        "endpoints": ["unassigned", "unread", "not-answered"],
    }] })
}

pub fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// POSTs a webhook body as Blinger does; the receiver's status.
pub async fn post(http: &reqwest::Client, url: &str, body: String) -> reqwest::StatusCode {
    http.post(url)
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .expect("webhook POST")
        .status()
}

/// Waits until something listens on `127.0.0.1:port`.
pub async fn wait_for_listener(port: u16) {
    wait_until(TIMEOUT, "the webhook receiver listens", || async {
        TcpStream::connect(("127.0.0.1", port)).ok().map(|_| ())
    })
    .await;
}

/// A TCP port nobody listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free TCP port")
}

/// Sets the receiver's address to `127.0.0.1:port` and turns webhooks on for
/// the accounts named `on`, in the desk's settings file (after `account add`
/// wrote it). `poll_secs` stretches the poll interval so a test can tell what a
/// webhook did from what a poll did.
pub fn listen_on(desk: &Desk, port: u16, poll_secs: u64, on: &[&str]) {
    let accounts: serde_json::Map<String, Value> = on
        .iter()
        .map(|name| (desk.account_id(name), json!({ "enabled": true })))
        .collect();
    write_webhook_settings(
        desk,
        poll_secs,
        json!({
            "listen": format!("127.0.0.1:{port}"),
            "max_body_bytes": MAX_BODY,
            "by_account": accounts,
        }),
    );
}

/// [`listen_on`] with webhooks on for every account in the file.
pub fn enable_receiver(desk: &Desk, port: u16, poll_secs: u64) {
    let names: Vec<String> = desk.settings()["accounts"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|a| a["name"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    listen_on(desk, port, poll_secs, &names);
}

/// The settings of versions before webhooks were per account: one switch.
pub fn enable_single_switch(desk: &Desk, port: u16, poll_secs: u64) {
    write_webhook_settings(
        desk,
        poll_secs,
        json!({
            "enabled": true,
            "listen": format!("127.0.0.1:{port}"),
            "max_body_bytes": MAX_BODY,
        }),
    );
}

fn write_webhook_settings(desk: &Desk, poll_secs: u64, webhook: Value) {
    let mut settings = desk.settings();
    assert!(
        settings.is_object(),
        "no settings file yet: add an account first"
    );
    settings["webhook"] = webhook;
    settings["poll_interval_secs"] = json!(poll_secs);
    let path = desk.config_dir().join("settings.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&settings).expect("JSON"))
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// Account `id`'s path secret as the app keeps it.
pub fn secret(account: &str) -> Option<String> {
    Keyring::lookup(INTERNAL_SERVICE, &secret_user(account)).map(|s| s.trim().to_string())
}

/// The receiver's one secret of earlier versions, if it is still there.
pub fn single_secret() -> Option<String> {
    Keyring::lookup(INTERNAL_SERVICE, SINGLE_SECRET_USER).map(|s| s.trim().to_string())
}

/// Stores `secret` where the app looks for account `id`'s path secret, with the
/// attributes the `keyring` crate writes, so the app uses it.
pub fn store_secret(account: &str, secret: &str) {
    store(&secret_user(account), secret);
}

/// Stores `secret` where earlier versions kept the receiver's one secret.
pub fn store_single_secret(secret: &str) {
    store(SINGLE_SECRET_USER, secret);
}

fn store(user: &str, secret: &str) {
    let mut child = Command::new("secret-tool")
        .args(["store", "--label=Deskbell webhook secret (e2e)"])
        .args(["service", INTERNAL_SERVICE, "username", user])
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
