//! *Send test event*: the app posts a documented-shape event to an account's own
//! URL, through the real receiver, and says what became of it: received and
//! applied, refused (and why), or no connection at all.
//!
//! The event is an `on_user_new` (the docs' shape) for a customer whose service
//! id carries a one-time nonce: the pump recognises it, applies it like any other
//! (a new customer changes no row, so there is no phantom row and no
//! notification) and reports back here, naming the account whose route it came
//! through. Nothing logged here holds the URL: it carries the account's secret.

use serde::Serialize;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::Duration;
use tokio::sync::oneshot;

/// How long the receiver has to answer, and then the desk to apply the event.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(5);
const APPLY_TIMEOUT: Duration = Duration::from_secs(3);

/// The test customer's service id: this prefix, then the nonce.
const PREFIX: &str = "deskbell-test-";

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TestOutcome {
    /// Received on the account's route and applied to that account.
    Applied,
    /// The receiver answered, but did not take the event (or it never reached the desk).
    Refused,
    /// Nothing answered at the address.
    Unreachable,
}

/// What *Send test event* found, for the window.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WebhookTest {
    pub outcome: TestOutcome,
    /// The HTTP status the receiver answered with, if it answered.
    pub status: Option<u16>,
    /// One sentence for the operator.
    pub message: String,
}

impl WebhookTest {
    fn new(outcome: TestOutcome, status: Option<u16>, message: impl Into<String>) -> Self {
        WebhookTest {
            outcome,
            status,
            message: message.into(),
        }
    }
}

/// Where a test event arrived.
#[derive(Debug, Clone, PartialEq)]
pub struct Arrival {
    pub account: String,
    /// The account was running and the event went through its inbox.
    pub applied: bool,
}

/// Test events sent and not back yet, by nonce.
#[derive(Default)]
pub struct Probes(Mutex<HashMap<String, oneshot::Sender<Arrival>>>);

impl Probes {
    fn expect(&self, nonce: &str) -> oneshot::Receiver<Arrival> {
        let (tx, rx) = oneshot::channel();
        crate::desk::lock(&self.0).insert(nonce.to_owned(), tx);
        rx
    }

    fn forget(&self, nonce: &str) {
        crate::desk::lock(&self.0).remove(nonce);
    }

    /// The pump saw the test event `nonce` come through `account`'s route.
    pub fn arrived(&self, nonce: &str, arrival: Arrival) {
        if let Some(tx) = crate::desk::lock(&self.0).remove(nonce) {
            let _ = tx.send(arrival);
        }
    }
}

/// The nonce of a test event (an `on_user_new` whose service id is ours).
pub fn nonce_of(event: &blinger::WebhookEvent) -> Option<String> {
    let blinger::WebhookEvent::UserNew(e) = event else {
        return None;
    };
    let id = e.user.as_ref()?.service_user_id.as_deref()?;
    id.strip_prefix(PREFIX).map(str::to_owned)
}

/// The test event: `on_user_new` as the docs print it, for the test customer.
pub fn body(nonce: &str, now_secs: i64) -> serde_json::Value {
    serde_json::json!({
        "webhook": "on_user_new",
        "user": {
            "id": 0,
            "blinger_user_id": 0,
            "name": "Deskbell test event",
            "avatar": null,
            "application": "deskbell",
            "service_user_id": format!("{PREFIX}{nonce}"),
            "date_created": now_secs,
        }
    })
}

/// Where to connect to reach a receiver listening on `listen`: "every interface"
/// is reached on loopback.
pub fn connect_address(listen: SocketAddr) -> SocketAddr {
    let ip = match listen.ip() {
        std::net::IpAddr::V4(ip) if ip.is_unspecified() => std::net::Ipv4Addr::LOCALHOST.into(),
        std::net::IpAddr::V6(ip) if ip.is_unspecified() => std::net::Ipv6Addr::LOCALHOST.into(),
        ip => ip,
    };
    SocketAddr::new(ip, listen.port())
}

/// Posts the test event to `url` (the account's URL, on `addr`) and waits for
/// the desk to report it applied to `account`.
pub async fn run(probes: &Probes, account: &str, addr: SocketAddr, url: &str) -> WebhookTest {
    let nonce = uuid::Uuid::new_v4().simple().to_string();
    let arrived = probes.expect(&nonce);
    let result = post(addr, url, &nonce, arrived, account).await;
    probes.forget(&nonce);
    result
}

async fn post(
    addr: SocketAddr,
    url: &str,
    nonce: &str,
    arrived: oneshot::Receiver<Arrival>,
    account: &str,
) -> WebhookTest {
    use TestOutcome::*;
    // No proxy: the URL holds the secret, and the receiver is ours.
    let client = match reqwest::Client::builder()
        .no_proxy()
        .timeout(ANSWER_TIMEOUT)
        .build()
    {
        Ok(c) => c,
        Err(_) => return WebhookTest::new(Unreachable, None, "no HTTP client could be made"),
    };
    let now = crate::desk::now_ms() / 1000;
    let sent = client
        .post(url)
        .header("Content-Type", "application/json")
        .body(body(nonce, now).to_string())
        .send()
        .await;
    let response = match sent {
        Ok(r) => r,
        Err(e) => return WebhookTest::new(Unreachable, None, unreachable(addr, &e)),
    };
    let status = response.status().as_u16();
    let text = response.text().await.unwrap_or_default();
    if status != 200 {
        return WebhookTest::new(Refused, Some(status), refusal(status, &text));
    }
    if text.trim() == "duplicate" {
        return WebhookTest::new(Refused, Some(status), "the receiver took it for a replay");
    }
    match tokio::time::timeout(APPLY_TIMEOUT, arrived).await {
        Ok(Ok(a)) if a.account == account && a.applied => WebhookTest::new(
            Applied,
            Some(status),
            "it came in on this account's URL and went to this account only (a test customer: no conversation changed)",
        ),
        Ok(Ok(a)) if a.account == account => WebhookTest::new(
            Refused,
            Some(status),
            "it came in on this account's URL, but the account is not running: nothing was applied",
        ),
        Ok(Ok(_)) => WebhookTest::new(
            Refused,
            Some(status),
            "it came in as another account's event",
        ),
        _ => WebhookTest::new(
            Refused,
            Some(status),
            "the receiver answered 200, but the event did not reach the inbox",
        ),
    }
}

fn refusal(status: u16, text: &str) -> String {
    let why = match status {
        404 => "the receiver does not know this URL (webhooks are off for this account, or the URL changed)".to_owned(),
        413 => "the body is over the receiver's size limit".to_owned(),
        415 => "the receiver does not take that content type".to_owned(),
        _ => deskbell_desk::text::one_line(text, 120),
    };
    format!("HTTP {status}: {why}")
}

/// Why nothing answered, without the URL (reqwest's own text names it).
fn unreachable(addr: SocketAddr, e: &reqwest::Error) -> String {
    let mut source = std::error::Error::source(e);
    let mut io = None;
    while let Some(s) = source {
        if let Some(found) = s.downcast_ref::<std::io::Error>() {
            io = Some(found.to_string());
        }
        source = s.source();
    }
    let why = match (e.is_timeout(), io) {
        (true, _) => "no answer in time".to_owned(),
        (false, Some(io)) => io,
        (false, None) => "the connection failed".to_owned(),
    };
    format!("{addr}: {why}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_test_event_is_a_documented_new_user_carrying_its_nonce() {
        let value = body("abc123", 1_700_000_000);
        let event = blinger::WebhookEvent::from_value(value).unwrap();
        assert_eq!(event.name(), "on_user_new");
        assert_eq!(event.conversation_id(), None, "it names no conversation");
        assert_eq!(nonce_of(&event).as_deref(), Some("abc123"));
        let other = blinger::WebhookEvent::parse(
            br#"{"webhook":"on_user_new","user":{"service_user_id":"ta4ta4"}}"#,
        )
        .unwrap();
        assert_eq!(nonce_of(&other), None);
    }

    #[test]
    fn every_interface_is_reached_on_loopback() {
        let at = |s: &str| connect_address(s.parse().unwrap()).to_string();
        assert_eq!(at("0.0.0.0:8787"), "127.0.0.1:8787");
        assert_eq!(at("[::]:8787"), "[::1]:8787");
        assert_eq!(at("192.168.1.5:9000"), "192.168.1.5:9000");
    }
}
