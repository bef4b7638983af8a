//! Webhook delivery: every event is POSTed as JSON to every configured URL,
//! in the background, so API answers never wait for a receiver.

use std::time::Duration;

use serde_json::Value;
use tokio::sync::{mpsc, watch};

/// A receiver has this long to answer; Blinger only asks for a quick 200.
const DELIVERY_TIMEOUT: Duration = Duration::from_secs(5);

/// Fans events out to one queue per URL, so each receiver gets its events in
/// order and a slow one does not hold up the others.
pub(crate) async fn deliver(
    mut events: mpsc::UnboundedReceiver<Value>,
    urls: Vec<String>,
    mut shutdown: watch::Receiver<bool>,
) {
    let client = match reqwest::Client::builder().timeout(DELIVERY_TIMEOUT).build() {
        Ok(c) => c,
        Err(e) => {
            tracing::error!("webhooks disabled, cannot build HTTP client: {e}");
            return;
        }
    };
    let queues: Vec<mpsc::UnboundedSender<Value>> = urls
        .into_iter()
        .map(|url| {
            let (tx, rx) = mpsc::unbounded_channel();
            tokio::spawn(post_each(client.clone(), url, rx));
            tx
        })
        .collect();
    loop {
        let event = tokio::select! {
            e = events.recv() => e,
            _ = shutdown.changed() => None,
        };
        let Some(event) = event else { break };
        for queue in &queues {
            let _ = queue.send(event.clone());
        }
    }
}

async fn post_each(client: reqwest::Client, url: String, mut rx: mpsc::UnboundedReceiver<Value>) {
    while let Some(event) = rx.recv().await {
        let name = event["webhook"].as_str().unwrap_or("?").to_owned();
        match client.post(&url).json(&event).send().await {
            Ok(resp) if resp.status().is_success() => {
                tracing::debug!(webhook = %name, %url, "delivered");
            }
            Ok(resp) => {
                tracing::warn!(webhook = %name, %url, status = %resp.status(), "webhook refused")
            }
            Err(e) => tracing::warn!(webhook = %name, %url, "webhook delivery failed: {e}"),
        }
    }
}
