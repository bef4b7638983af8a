//! A Blinger server echoing the token back in its failures: the poll failure
//! the window's banner and the tray show (`PollEvent::Failed.message` is the
//! error's text) holds no form of it, for each way the simulator echoes it.

use blinger_sim::{EchoShape, FaultKind, FaultPlan, FaultRule, SimConfig};
use deskbell_desk::poller::{Poller, PollerConfig};
use deskbell_desk::providers::BlingerProvider;
use deskbell_desk::{AccountId, Inbox, NotifyConfig, NotifyPolicy};
use std::sync::{Arc, Mutex};

/// Characters that percent-encoding and JSON escaping both change.
const TOKEN: &str = "Dk5/Vb+3e8a1f6c29=d47b0e5a9cQ";

/// The token plainly, percent-encoded (either case) and JSON-escaped.
fn forms() -> [String; 4] {
    let percent = |hex: fn(u8) -> String| -> String {
        TOKEN
            .bytes()
            .map(|b| match b {
                b'/' | b'+' | b'=' => hex(b),
                b => (b as char).to_string(),
            })
            .collect()
    };
    [
        TOKEN.to_owned(),
        percent(|b| format!("%{b:02X}")),
        percent(|b| format!("%{b:02x}")),
        TOKEN.replace('/', "\\/"),
    ]
}

#[tokio::test]
async fn poll_failures_quote_no_form_of_an_echoed_token() {
    let config = SimConfig {
        token: TOKEN.into(),
        ..SimConfig::default()
    };
    let sim = blinger_sim::start("127.0.0.1:0".parse().unwrap(), config)
        .await
        .unwrap();
    let client = blinger::Client::with_base_url(TOKEN, &sim.api_base_url()).unwrap();
    let provider = BlingerProvider::new(AccountId::new("acme"), client, None, None, vec![]);
    let poller = Poller::new(
        Arc::new(provider),
        Arc::new(Mutex::new(Inbox::new())),
        Arc::new(Mutex::new(NotifyPolicy::new(NotifyConfig::default()))),
        PollerConfig::default(),
    );
    let shapes = [
        (EchoShape::Unauthorized, "not authorized: Wrong token ***"),
        (EchoShape::Html, "<p>Authentication: ***</p>"),
        (EchoShape::Undecodable, "invalid type: string \"***\""),
    ];
    for (shape, says) in shapes {
        sim.set_faults(FaultPlan::new(vec![FaultRule::new(FaultKind::Echo {
            shape,
        })]));
        let message = poller.tick().await.expect_err("the poll fails").to_string();
        assert!(message.contains(says), "{shape:?}: {message}");
        for form in forms() {
            for piece in form.as_bytes().windows(8) {
                let piece = std::str::from_utf8(piece).unwrap();
                assert!(
                    !message.contains(piece),
                    "{shape:?}: {piece:?} in {message}"
                );
            }
        }
    }
    sim.shutdown().await;
}
