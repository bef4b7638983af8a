//! `disable_webhook` and the webhook events the simulator sends, read back with
//! [`WebhookEvent::parse`].

use super::common::{Canned, Seen};
use super::env_with;
use blinger::{Act, Status, WebhookEvent};
use blinger_sim::SimConfig;
use std::time::Duration;

/// Waits until `n` webhook calls have arrived (or 5 s), then returns them all.
async fn received(receiver: &Canned, seen: &mut Vec<Seen>, n: usize) {
    for _ in 0..100 {
        seen.extend(receiver.take());
        if seen.len() >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn parse(seen: &Seen) -> WebhookEvent {
    WebhookEvent::parse(seen.body.as_bytes()).unwrap_or_else(|e| panic!("{e}: {}", seen.body))
}

#[tokio::test]
async fn without_webhook_is_silent_and_with_it_the_events_decode() {
    let receiver = Canned::start(200, "").await;
    let env = env_with(SimConfig {
        webhooks: vec![format!("{}/hook", receiver.base)],
        ..SimConfig::default()
    })
    .await;
    let alice = env.operator("Alice");
    let quiet = env.unassigned();
    let silent = Act::default().operator(alice).without_webhook();
    env.client.start(quiet, &silent).await.unwrap();
    env.client
        .send_message(quiet, "shh", &silent)
        .await
        .unwrap();
    env.client.close(quiet, &silent).await.unwrap();

    let loud = env.unassigned();
    let me = Act::default().operator(alice);
    env.client.start(loud, &me).await.unwrap();
    env.client
        .send_message(loud, "Hello there", &me)
        .await
        .unwrap();
    env.client.close(loud, &me).await.unwrap();
    env.sim.store().customer_writes(loud, "One more thing");

    let mut seen = Vec::new();
    received(&receiver, &mut seen, 5).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    seen.extend(receiver.take());
    let events: Vec<WebhookEvent> = seen.iter().map(parse).collect();
    let names: Vec<&str> = events.iter().map(WebhookEvent::name).collect();
    assert!(
        events.iter().all(|e| e.conversation_id() == Some(loud)),
        "only the conversation acted on without disable_webhook notifies: {names:?}"
    );
    assert_eq!(
        names,
        [
            "on_conversation_assigned",
            "on_message_outgoing",
            "on_conversation_closed",
            "on_conversation_unassigned",
            "on_message_incoming",
        ]
    );
    assert_eq!(events[0].operator().and_then(|o| o.id), Some(alice));
    assert_eq!(events[1].preview_text().as_deref(), Some("Hello there"));
    assert_eq!(events[1].customer_name().as_deref(), Some("Test Customer"));
    let WebhookEvent::ConversationClosed(closed) = &events[2] else {
        panic!("{:?}", events[2])
    };
    assert_eq!(closed.conversation.status, Some(Status::Closed));
    assert!(events[4].is_incoming());
    assert_eq!(events[4].preview_text().as_deref(), Some("One more thing"));
    assert!(seen
        .iter()
        .all(|s| s.method == "POST" && s.path() == "/hook"));
    env.sim.shutdown().await;
}
