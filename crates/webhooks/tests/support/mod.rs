//! What the receiver's tests share: the documented event, a receiver on
//! loopback, and a look at the sockets this process holds.
#![allow(dead_code)] // each test file uses its own part

use deskbell_webhooks::{start, Limits, PathSecret, Receiver, ReceiverConfig, Webhook};
use tokio::sync::mpsc;

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

/// Raises this process's soft limit of open files towards `want` (never above
/// the hard limit); returns the limit now in force.
pub fn raise_fd_limit(want: u64) -> u64 {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: plain syscalls on a local struct.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return 0;
        }
        if limit.rlim_cur < want {
            limit.rlim_cur = want.min(limit.rlim_max);
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit);
    }
    limit.rlim_cur
}

/// File descriptors of this process open on sockets whose *local* port is
/// `port`: the receiver's listener and the connections it accepted, not the
/// test's own client ends (which have other local ports). Asked of each
/// descriptor itself (`getsockname`): the kernel's socket table is too slow to
/// read while thousands of connections come and go.
pub fn server_sockets(port: u16) -> usize {
    let Ok(dir) = std::fs::read_dir("/proc/self/fd") else {
        return 0;
    };
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<i32>().ok())
        .filter(|&fd| local_port(fd) == Some(port))
        .count()
}

fn local_port(fd: i32) -> Option<u16> {
    // SAFETY: getsockname writes at most `len` bytes into the local buffer; on a
    // descriptor that is not a socket (or no longer open) it fails harmlessly.
    unsafe {
        let mut addr: libc::sockaddr_storage = std::mem::zeroed();
        let mut len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
        if libc::getsockname(fd, &mut addr as *mut _ as *mut libc::sockaddr, &mut len) != 0 {
            return None;
        }
        match addr.ss_family as i32 {
            libc::AF_INET => {
                let v4 = &*(&addr as *const _ as *const libc::sockaddr_in);
                Some(u16::from_be(v4.sin_port))
            }
            libc::AF_INET6 => {
                let v6 = &*(&addr as *const _ as *const libc::sockaddr_in6);
                Some(u16::from_be(v6.sin6_port))
            }
            _ => None,
        }
    }
}

/// Every file descriptor this process has open.
pub fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd")
        .map(|d| d.count())
        .unwrap_or(0)
}
