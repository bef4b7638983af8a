//! Shared by the integration tests: a simulator on a free port, a
//! form-posting client, and a raw TCP exchange for looking at the wire.

#![allow(dead_code)]

pub mod shapes;

use std::time::Duration;

use blinger_sim::{SimConfig, SimHandle};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub const TOKEN: &str = "sim-token";
pub const WIDGET_TOKEN: &str = "sim-widget-token";

pub async fn sim() -> SimHandle {
    sim_with(SimConfig::default()).await
}

pub async fn sim_with(cfg: SimConfig) -> SimHandle {
    blinger_sim::start("127.0.0.1:0".parse().unwrap(), cfg)
        .await
        .expect("simulator starts")
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// HTTP status and parsed JSON body.
pub async fn json_of(resp: reqwest::Response) -> (u16, Value) {
    let status = resp.status().as_u16();
    let body = resp.text().await.unwrap();
    let json = serde_json::from_str(&body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"));
    (status, json)
}

/// POST a form-urlencoded body to a Conversation API endpoint.
pub async fn post_form(sim: &SimHandle, endpoint: &str, form: &[(&str, &str)]) -> (u16, Value) {
    let resp = client()
        .post(format!("{}/conversations/{endpoint}", sim.api_base_url()))
        .header("Authentication", TOKEN)
        .form(form)
        .send()
        .await
        .unwrap();
    json_of(resp).await
}

/// GET a Conversation API endpoint with query parameters.
pub async fn get_query(sim: &SimHandle, endpoint: &str, query: &[(&str, &str)]) -> (u16, Value) {
    let resp = client()
        .get(format!("{}/conversations/{endpoint}", sim.api_base_url()))
        .header("Authentication", TOKEN)
        .query(query)
        .send()
        .await
        .unwrap();
    json_of(resp).await
}

/// POST a JSON body to a Widget API endpoint of a conversation.
pub async fn widget_post(sim: &SimHandle, conv: &str, endpoint: &str, body: Value) -> (u16, Value) {
    let resp = client()
        .post(format!(
            "{}/conversation/{conv}/{endpoint}",
            sim.widget_base_url()
        ))
        .header("Authorization", WIDGET_TOKEN)
        .json(&body)
        .send()
        .await
        .unwrap();
    json_of(resp).await
}

/// Asserts an error envelope with this status and exact text.
pub fn assert_error(got: &(u16, Value), status: u16, text: &str) {
    assert_eq!(got.0, status, "HTTP status of {}", got.1);
    assert_eq!(got.1["status"], status, "{}", got.1);
    assert_eq!(got.1["error"], text, "{}", got.1);
    assert!(
        got.1.get("data").is_none(),
        "an error carries no data: {}",
        got.1
    );
}

/// Asserts a success envelope and returns its `data`.
pub fn data(got: (u16, Value)) -> Value {
    assert_eq!(got.0, 200, "{}", got.1);
    assert_eq!(got.1["status"], 200, "{}", got.1);
    got.1["data"].clone()
}

/// What came back on a raw connection: the bytes, and how the read ended.
pub struct RawExchange {
    pub bytes: Vec<u8>,
    pub reset: bool,
}

impl RawExchange {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }

    pub fn head_and_body(&self) -> (String, Vec<u8>) {
        let split = self
            .bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("response has a header block");
        (
            String::from_utf8_lossy(&self.bytes[..split]).into_owned(),
            self.bytes[split + 4..].to_vec(),
        )
    }
}

/// Sends one HTTP/1.1 request with `Connection: close` and reads until the
/// server closes (or resets) the connection.
pub async fn raw_request(
    sim: &SimHandle,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> RawExchange {
    let mut stream = TcpStream::connect(sim.addr()).await.unwrap();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
        sim.addr()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(req.as_bytes()).await.unwrap();
    let mut bytes = Vec::new();
    let mut buf = [0u8; 8192];
    let mut reset = false;
    loop {
        match tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buf)).await {
            Ok(Ok(0)) => break,
            Ok(Ok(n)) => bytes.extend_from_slice(&buf[..n]),
            Ok(Err(e)) => {
                reset = e.kind() == std::io::ErrorKind::ConnectionReset;
                assert!(reset, "unexpected read error: {e}");
                break;
            }
            Err(_) => panic!("no answer within 10 s"),
        }
    }
    RawExchange { bytes, reset }
}
