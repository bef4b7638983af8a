//! The Widget API: assign-agent, send-text-message, send-file-message, request-review.

use super::env;
use blinger::{ErrorKind, WidgetClient};

#[tokio::test]
async fn assign_agent() {
    let env = env().await;
    let store = env.sim.store();
    let conv = store.add_widget_conversation("Visitor");
    let agent = store.add_widget_agent("Vadim Belorusov");
    let c = env.widget.assign_agent(&conv, &agent).await.unwrap();
    assert_eq!(c.id, conv);
    assert_eq!(c.locked, Some(false));
    let assigned = c.assigned_agent.unwrap();
    assert_eq!(assigned.id, agent);
    assert_eq!(assigned.name.as_deref(), Some("Vadim Belorusov"));
    assert_eq!(assigned.status.as_deref(), Some("online"));
    let stored = store.widget_conversation(&conv).unwrap();
    assert_eq!(stored.assigned_agent_id.as_deref(), Some(agent.as_str()));
    // An unknown agent is refused and changes nothing.
    let e = env
        .widget
        .assign_agent(&conv, "00000000-0000-0000-0000-000000000000")
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Api, "{e:?}");
    assert_eq!(
        store
            .widget_conversation(&conv)
            .unwrap()
            .assigned_agent_id
            .as_deref(),
        Some(agent.as_str())
    );
    env.sim.shutdown().await;
}

#[tokio::test]
async fn send_text_message_is_idempotent_per_uuid() {
    let env = env().await;
    let store = env.sim.store();
    let conv = store.add_widget_conversation("Visitor");
    let uuid = WidgetClient::new_message_uuid();
    let first = env
        .widget
        .send_text_message(&conv, uuid, "Hello")
        .await
        .unwrap();
    assert_eq!(first.id, uuid.to_string());
    assert_eq!(first.kind.as_deref(), Some("text"));
    assert_eq!(first.body.as_deref(), Some("Hello"));
    assert_eq!(first.status.as_deref(), Some("delivered"));
    assert!(first.end_user.is_some());
    // A retry with the same uuid (after a lost answer, say) does not send twice.
    let retry = env
        .widget
        .send_text_message(&conv, uuid, "Hello")
        .await
        .unwrap();
    assert_eq!(retry.id, first.id);
    let stored = store.widget_messages(&conv);
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].body.as_deref(), Some("Hello"));
    // A new uuid is a new message.
    let second = WidgetClient::new_message_uuid();
    assert_ne!(second, uuid);
    env.widget
        .send_text_message(&conv, second, "Anything else?")
        .await
        .unwrap();
    assert_eq!(store.widget_messages(&conv).len(), 2);
    // Empty text is refused.
    let e = env
        .widget
        .send_text_message(&conv, WidgetClient::new_message_uuid(), "")
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Api);
    assert_eq!(store.widget_messages(&conv).len(), 2);
    env.sim.shutdown().await;
}

#[tokio::test]
async fn send_file_message() {
    let env = env().await;
    let store = env.sim.store();
    let conv = store.add_widget_conversation("Visitor");
    let uuid = WidgetClient::new_message_uuid();
    let url = "https://files.example/photo.png";
    let m = env
        .widget
        .send_file_message(&conv, uuid, url)
        .await
        .unwrap();
    assert_eq!(m.kind.as_deref(), Some("file"));
    assert_eq!(m.body, None);
    let file = m.file.unwrap();
    assert_eq!(file.kind.as_deref(), Some("image"));
    assert_eq!(file.default_url(), Some(url));
    assert_eq!(file.info.unwrap().ext.as_deref(), Some("png"));
    env.widget
        .send_file_message(&conv, uuid, url)
        .await
        .unwrap();
    let stored = store.widget_messages(&conv);
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].file_url.as_deref(), Some(url));
    let e = env
        .widget
        .send_file_message(&conv, WidgetClient::new_message_uuid(), "")
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Api);
    env.sim.shutdown().await;
}

#[tokio::test]
async fn request_review() {
    let env = env().await;
    let store = env.sim.store();
    let conv = store.add_widget_conversation("Visitor");
    let agent = store.add_widget_agent("Vadim");
    env.widget.assign_agent(&conv, &agent).await.unwrap();
    let m = env.widget.request_review(&conv).await.unwrap();
    assert_eq!(m.kind.as_deref(), Some("review"));
    let review = m.review.unwrap();
    assert_eq!(review.mark, Some(0));
    assert_eq!(review.confirmed, Some(false));
    assert_eq!(review.agent.unwrap().id, agent);
    assert!(m.bot.is_some());
    let stored = store.widget_messages(&conv);
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].kind, "review");
    env.sim.shutdown().await;
}

#[tokio::test]
async fn unknown_widget_conversation_is_a_refusal() {
    let env = env().await;
    let e = env
        .widget
        .request_review("no-such-conversation")
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Api, "{e:?}");
    env.sim.shutdown().await;
}
