//! Webhooks under a flood of idle connections. A client opens `idle` TCP
//! connections to the receiver and never sends a byte; then `posts` valid
//! webhooks are sent, each on a new connection, and timed from the POST to the
//! event arriving on the receiver's channel. The receiver's own sockets (the
//! file descriptors of this process bound to its port) are counted from /proc.
//!
//! `quick` runs with the suite; `flood` is the benchmark of docs/benchmarks.md:
//!   cargo test --release -p deskbell-webhooks --test load -- --ignored --nocapture
//! `WEBHOOK_LOAD_IDLE`, `WEBHOOK_LOAD_POSTS` change its sizes, and
//! `WEBHOOK_LOAD_CHURN=1` makes every dropped idle connection reconnect at once,
//! so the flood never thins out.
#![cfg(target_os = "linux")]

mod support;

use deskbell_webhooks::Limits;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::sockets::{open_fds, raise_fd_limit, server_sockets};
use support::{incoming, receiver_with, Events};
use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;

struct Load {
    idle: usize,
    posts: usize,
    max_connections: usize,
    churn: bool,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quick() {
    let load = Load {
        idle: 500,
        posts: 40,
        max_connections: 64,
        churn: false,
    };
    let p99 = run(&load).await;
    assert!(p99 < Duration::from_secs(1), "p99 {p99:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "the benchmark: 5000 idle connections (see the module docs)"]
async fn flood() {
    let env = |name: &str, default: usize| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let load = Load {
        idle: env("WEBHOOK_LOAD_IDLE", 5000),
        posts: env("WEBHOOK_LOAD_POSTS", 200),
        max_connections: Limits::default().max_connections,
        churn: env("WEBHOOK_LOAD_CHURN", 0) == 1,
    };
    run(&load).await;
}

/// Runs one load; prints the figures and returns the p99 latency.
async fn run(load: &Load) -> Duration {
    let want = (load.idle + load.max_connections + 512) as u64;
    let limit = raise_fd_limit(want);
    assert!(limit >= want, "open-file limit {limit}, need {want}");
    let limits = Limits {
        // Only the cap is at work here, not the head timeout.
        header_timeout: Duration::from_secs(120),
        max_connections: load.max_connections,
        ..Limits::default()
    };
    let (r, mut rx) = receiver_with(64 * 1024, limits).await;
    let (addr, port, cap) = (r.addr(), r.addr().port(), load.max_connections);

    let opening = Instant::now();
    let reconnects = Arc::new(AtomicUsize::new(0));
    // Reconnecting (with churn) starts once the whole flood is open.
    let (go, started) = tokio::sync::watch::channel(false);
    let mut holders = Vec::with_capacity(load.idle);
    for _ in 0..load.idle {
        let first = TcpStream::connect(addr).await.expect("connect");
        let reconnects = reconnects.clone();
        let (churn, mut started) = (load.churn, started.clone());
        holders.push(tokio::spawn(async move {
            let mut stream = first;
            loop {
                // Never writes; a read ends when the receiver closes it.
                let mut buf = [0u8; 64];
                while let Ok(1..) = stream.read(&mut buf).await {}
                if !churn {
                    std::future::pending::<()>().await;
                }
                let _ = started.wait_for(|go| *go).await;
                match TcpStream::connect(addr).await {
                    Ok(s) => stream = s,
                    Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
                }
                reconnects.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    let opened = opening.elapsed();
    let _ = go.send(true);
    drop(started);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after_flood = server_sockets(port);

    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let mut latencies = Vec::with_capacity(load.posts);
    let mut failures = Vec::new();
    let mut most_sockets = after_flood;
    for i in 0..load.posts {
        match one_webhook(&http, &r.url(), &mut rx, &format!("load {i}")).await {
            Ok(took) => latencies.push(took),
            Err(e) => failures.push(e),
        }
        if i % 10 == 0 {
            most_sockets = most_sockets.max(server_sockets(port));
        }
    }
    assert!(
        load.churn || failures.is_empty(),
        "webhooks lost: {failures:?}"
    );
    latencies.sort();
    let at = |q: f64| {
        let last = latencies.len().saturating_sub(1);
        latencies
            .get((last as f64 * q).round() as usize)
            .copied()
            .unwrap_or(Duration::MAX)
    };
    let (p50, p99, max) = (at(0.5), at(0.99), at(1.0));
    println!(
        "webhook load: {} idle connections{} opened in {opened:.2?}, cap {cap}; \
         {} webhooks: p50 {p50:.2?}, p99 {p99:.2?}, max {max:.2?}; \
         receiver sockets (listener included): {after_flood} after the flood, \
         at most {most_sockets} while posting; reconnects {}; fds of the whole test process {}; \
         failed {}{}",
        load.idle,
        if load.churn { " (reconnecting)" } else { "" },
        load.posts,
        reconnects.load(Ordering::Relaxed),
        open_fds(),
        failures.len(),
        failures
            .first()
            .map(|e| format!(" (first: {e})"))
            .unwrap_or_default(),
    );
    // The receiver holds at most the listener, `cap` connections and the one
    // accepted connection waiting for a place. While connections come and go,
    // a count that walks the descriptors one by one can see a few twice (a
    // closed one's number reused by the next accepted), hence some slack there.
    let slack = if load.churn { cap / 8 } else { 0 };
    assert!(
        most_sockets <= cap + 2 + slack,
        "receiver sockets {most_sockets} above the cap {cap} + listener + one being admitted"
    );
    for h in holders {
        h.abort();
    }
    p99
}

/// Posts one webhook on a new connection: the time from the POST to its event
/// on the receiver's channel.
async fn one_webhook(
    http: &reqwest::Client,
    url: &str,
    events: &mut Events,
    text: &str,
) -> Result<Duration, String> {
    let post = http
        .post(url)
        .header("Content-Type", "application/json")
        .body(incoming(text))
        .send();
    let sent = Instant::now();
    let mut answer = tokio::spawn(post);
    let arrived = tokio::time::timeout(Duration::from_secs(10), async {
        tokio::select! {
            biased;
            webhook = events.recv() => Ok(webhook),
            // The event goes on before the answer; an answer first is a failure.
            answer = &mut answer => Err(format!("answered first: {answer:?}")),
        }
    })
    .await
    .map_err(|_| "no event within 10 s".to_owned())??;
    let took = sent.elapsed();
    let webhook = arrived.expect("the receiver is running");
    assert_eq!(webhook.event.preview_text().as_deref(), Some(text));
    let status = answer.await.unwrap().map_err(|e| e.to_string())?.status();
    assert_eq!(status, 200);
    Ok(took)
}
