//! What the receiver's tests share: the documented event, a receiver on
//! loopback, and a look at the sockets this process holds.
#![allow(dead_code)] // each test file uses its own part

use deskbell_webhooks::{start, Limits, PathSecret, Receiver, ReceiverConfig, Webhook};
use tokio::sync::mpsc;

// Counting this process's sockets reads /proc/self/fd.
#[cfg(target_os = "linux")]
pub mod sockets;

/// `on_message_incoming` as printed in the API docs (blinger-webhooks.txt), with
/// only its `//` comments removed: JSON has no comments, the real server sends none.
pub const INCOMING: &str = r#"{
    "webhook":"on_message_incoming",
    "from_user_id":481,
    "to_user_id":542,
    "message_id":546,
    "message_blinger_id":4627,
    "conversation_id":173,
    "conversation_token":"G67iEBrRWGx6tz1Q84X5kREL2UhGC8XxzmbLszr60fLep_l6hjGghQ5Umdvac_8U",
    "operator":{ "id":11, "name":"Supervisor", "email":"ta4@tut.by" },
    "from_user":{
        "user_id":481, "role":"default", "title":"Yuri Dzabaev",
        "avatar":"https://app.blinger.io/images/users/no-user.png",
        "page_title":"Blinger – Messengers for business", "page_url":"https://blinger.io",
        "status":"enabled", "application":"vk", "service_user_id":"101786025", "date_created":1513329664
    },
    "to_user":{ "user_id":542, "role":"customer", "title":null, "avatar":null, "status":"enabled",
        "application":"vk", "service_user_id":null, "date_created":1513329654 },
    "message":{ "id":546, "from_user_id":481, "to_user_id":542, "type":"text", "application":"vk",
        "date_created":1513338128, "message":"test", "tags":["tag1", "tag2"] }
}"#;

/// The documented event saying `text` instead: another event, another body.
pub fn incoming(text: &str) -> String {
    INCOMING.replace(r#""message":"test""#, &format!(r#""message":"{text}""#))
}

pub type Events = mpsc::Receiver<Webhook>;

pub fn loopback() -> std::net::SocketAddr {
    "127.0.0.1:0".parse().unwrap()
}

pub async fn receiver_with(max_body: usize, limits: Limits) -> (Receiver, Events) {
    let (tx, rx) = mpsc::channel(64);
    let config = ReceiverConfig {
        limits,
        ..ReceiverConfig::single(loopback(), PathSecret::generate(), max_body)
    };
    let r = start(config, tx).await.unwrap();
    (r, rx)
}

pub async fn receiver(max_body: usize) -> (Receiver, Events) {
    receiver_with(max_body, Limits::default()).await
}

pub async fn post_json(http: &reqwest::Client, url: &str, body: String) -> reqwest::Response {
    http.post(url)
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .expect("an answer")
}

/// The status a JSON POST is answered with.
pub async fn status(http: &reqwest::Client, url: &str, body: String) -> u16 {
    post_json(http, url, body).await.status().as_u16()
}
