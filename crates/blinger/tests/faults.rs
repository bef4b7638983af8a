//! Each fault the simulator can inject becomes its own `ErrorKind`, with the
//! right `Delivery` (was the action applied?) and no panic.

use blinger::{Act, Client, Delivery, Error, ErrorKind, HttpConfig, WidgetClient};
use blinger_sim::{FaultKind, FaultPlan, FaultRule, NewConversation, SimConfig, SimHandle};
use std::time::Duration;

const TOKEN: &str = "t";

async fn sim() -> SimHandle {
    let config = SimConfig {
        token: TOKEN.into(),
        widget_token: TOKEN.into(),
        ..SimConfig::default()
    };
    blinger_sim::start("127.0.0.1:0".parse().unwrap(), config)
        .await
        .unwrap()
}

/// A client whose whole-request timeout is short, so a delayed answer times out fast.
fn client(sim: &SimHandle) -> Client {
    let http = HttpConfig {
        timeout: Duration::from_millis(400),
        ..HttpConfig::default()
    };
    Client::with_config(TOKEN, &sim.api_base_url(), &http).unwrap()
}

fn only(kind: FaultKind, endpoints: &[&str]) -> FaultPlan {
    FaultPlan::new(vec![FaultRule::new(kind).on(endpoints)])
}

/// Sends a message to a fresh inbox conversation under `fault`; returns the
/// error and how many messages the simulator stored.
async fn send_under(sim: &SimHandle, fault: FaultKind) -> (Error, usize) {
    let id = sim.store().add_conversation(NewConversation {
        status: blinger_sim::ConversationStatus::Inbox,
        operator_id: Some(1),
        ..NewConversation::default()
    });
    sim.set_faults(only(fault, &["send-message"]));
    let e = client(sim)
        .send_message(id, "are you there?", &Act::default())
        .await
        .expect_err("the fault must surface as an error");
    sim.set_faults(FaultPlan::none());
    (e, sim.store().messages(id).len())
}

#[tokio::test]
async fn delay_beyond_the_timeout_is_timeout() {
    let sim = sim().await;
    let (e, stored) = send_under(&sim, FaultKind::Delay { ms: 1_500 }).await;
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e:?}");
    assert_eq!(e.delivery(), Delivery::Unknown);
    assert!(e.is_transient());
    assert_eq!(
        stored, 1,
        "the simulator applied the action before the delay"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn a_short_delay_is_just_slow() {
    let sim = sim().await;
    sim.set_faults(only(FaultKind::Delay { ms: 100 }, &["unread"]));
    assert!(client(&sim)
        .unread(&Default::default())
        .await
        .unwrap()
        .is_empty());
    sim.shutdown().await;
}

#[tokio::test]
async fn server_errors_are_server() {
    let sim = sim().await;
    for code in [500, 502, 503] {
        let (e, stored) = send_under(&sim, FaultKind::Status { code }).await;
        assert_eq!(e.kind(), ErrorKind::Server, "{code}: {e:?}");
        assert!(
            matches!(e, Error::Server { status, .. } if status == code),
            "{e:?}"
        );
        assert!(e.is_transient());
        assert_eq!(stored, 0, "{code}: answered before handling");
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn rate_limit_carries_retry_after() {
    let sim = sim().await;
    let (e, stored) = send_under(
        &sim,
        FaultKind::RateLimit {
            retry_after_secs: 7,
        },
    )
    .await;
    assert_eq!(e.kind(), ErrorKind::RateLimited, "{e:?}");
    assert_eq!(e.retry_after(), Some(Duration::from_secs(7)));
    assert_eq!(e.delivery(), Delivery::NotApplied);
    assert_eq!(stored, 0);
    sim.shutdown().await;
}

#[tokio::test]
async fn reset_is_connection() {
    let sim = sim().await;
    let (e, stored) = send_under(&sim, FaultKind::Reset).await;
    assert_eq!(e.kind(), ErrorKind::Connection, "{e:?}");
    assert_eq!(e.delivery(), Delivery::Unknown);
    assert_eq!(stored, 1);
    sim.shutdown().await;
}

#[tokio::test]
async fn truncate_is_incomplete_body() {
    let sim = sim().await;
    let (e, stored) = send_under(&sim, FaultKind::Truncate).await;
    assert_eq!(e.kind(), ErrorKind::IncompleteBody, "{e:?}");
    assert_eq!(e.delivery(), Delivery::Unknown);
    assert_eq!(stored, 1);
    sim.shutdown().await;
}

#[tokio::test]
async fn html_is_not_json() {
    let sim = sim().await;
    let (e, stored) = send_under(&sim, FaultKind::Html).await;
    assert_eq!(e.kind(), ErrorKind::NotJson, "{e:?}");
    assert_eq!(e.delivery(), Delivery::Unknown);
    assert_eq!(stored, 1);
    sim.shutdown().await;
}

#[tokio::test]
async fn nobody_listening_is_connect() {
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = free.local_addr().unwrap();
    drop(free);
    let client = Client::with_base_url(TOKEN, &format!("http://{addr}/api")).unwrap();
    let e = client.unread(&Default::default()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Connect, "{e:?}");
    assert_eq!(e.delivery(), Delivery::NotApplied);
    let widget = WidgetClient::with_base_url(TOKEN, &format!("http://{addr}/w")).unwrap();
    let e = widget.request_review("c").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Connect, "{e:?}");
}

#[tokio::test]
async fn widget_retry_after_a_lost_answer_sends_once() {
    let sim = sim().await;
    let conv = sim.store().add_widget_conversation("Visitor");
    let widget = WidgetClient::with_base_url(TOKEN, &sim.widget_base_url()).unwrap();
    let uuid = WidgetClient::new_message_uuid();
    sim.set_faults(FaultPlan::new(vec![FaultRule::new(FaultKind::Reset)
        .on(&["send-text-message"])
        .times(1)]));
    let e = widget
        .send_text_message(&conv, uuid, "Hello")
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Connection);
    // The outcome is unknown: retry with the same uuid.
    let m = widget
        .send_text_message(&conv, uuid, "Hello")
        .await
        .unwrap();
    assert_eq!(m.id, uuid.to_string());
    assert_eq!(sim.store().widget_messages(&conv).len(), 1);
    sim.shutdown().await;
}

#[tokio::test]
async fn every_fault_on_every_endpoint_is_an_error_not_a_panic() {
    let sim = sim().await;
    let client = client(&sim);
    let id = sim.store().add_conversation(NewConversation::default());
    let kinds = [
        FaultKind::Status { code: 502 },
        FaultKind::RateLimit {
            retry_after_secs: 1,
        },
        FaultKind::Reset,
        FaultKind::Truncate,
        FaultKind::Html,
    ];
    for kind in kinds {
        sim.set_faults(FaultPlan::new(vec![FaultRule::new(kind)]));
        let results = [
            client.start(id, &Act::default()).await.map(|_| ()),
            client.assign_group(id, 1).await.map(|_| ()),
            client.send_note(id, "n", None).await.map(|_| ()),
            client.unassigned(None).await.map(|_| ()),
            client.not_answered(&Default::default()).await.map(|_| ()),
            client.get(id).await.map(|_| ()),
        ];
        for r in results {
            let e = r.unwrap_err();
            assert!(e.is_transient(), "{kind:?}: {e:?}");
        }
    }
    sim.shutdown().await;
}
