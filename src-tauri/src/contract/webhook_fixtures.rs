//! Samples of the webhook settings the window shows: one Blinger account with
//! webhooks on (its URL) and one off, and every outcome of *Send test event*.

use deskbell_runtime::settings::Account;
use deskbell_runtime::verbs::{AccountWebhookView, WebhookView};
use deskbell_runtime::webhooks::probe::{TestOutcome, WebhookTest};
use serde_json::{json, Value};

/// A path secret as the app makes them (64 hex characters), fixed for the tests.
const SECRET: &str = "5f0c3a9d7e2b41c6a8d9e0f1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5";

pub fn fixtures(support: &Account) -> Value {
    let on = AccountWebhookView {
        account: support.id.clone(),
        name: support.name.clone(),
        enabled: true,
        url: Some(format!("http://127.0.0.1:8787/blinger/{SECRET}")),
    };
    let off = AccountWebhookView {
        account: "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f".into(),
        name: "Sales".into(),
        enabled: false,
        url: None,
    };
    let view = WebhookView {
        listen: "127.0.0.1:8787".into(),
        allow_remote: false,
        loopback: true,
        listening: true,
        error: None,
        accounts: vec![on, off],
    };
    let test = |outcome, status, message: &str| WebhookTest {
        outcome,
        status,
        message: message.into(),
    };
    json!({
        "view": view,
        "tests": {
            "applied": test(TestOutcome::Applied, Some(200), "it came in on this account's URL and went to this account only (a test customer: no conversation changed)"),
            "refused": test(TestOutcome::Refused, Some(404), "HTTP 404: the receiver does not know this URL (webhooks are off for this account, or the URL changed)"),
            "unreachable": test(TestOutcome::Unreachable, None, "127.0.0.1:8787: Connection refused (os error 111)"),
        },
    })
}
