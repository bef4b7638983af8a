//! The eight webhook examples (`blinger-webhooks.txt`).

use super::repaired;
use blinger::webhook::WebhookOperator;
use blinger::{Channel, MessageKind, Status, WebhookError, WebhookEvent};

fn event(name: &str) -> WebhookEvent {
    let text = repaired(&format!("webhook_{name}.json"));
    WebhookEvent::parse(text.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn supervisor() -> WebhookOperator {
    WebhookOperator {
        id: Some(11),
        name: Some("Supervisor".into()),
        email: Some("ta4@tut.by".into()),
    }
}

#[test]
fn every_example_selects_its_variant() {
    for name in [
        "on_conversation_unassigned",
        "on_conversation_assigned",
        "on_conversation_closed",
        "on_message_incoming",
        "on_message_outgoing",
        "on_comment_incoming",
        "on_comment_outgoing",
        "on_user_new",
    ] {
        let e = event(name);
        assert_eq!(e.name(), name);
        assert!(!matches!(e, WebhookEvent::Unknown { .. }), "{name}");
    }
}

#[test]
fn as_printed_they_are_refused_not_panicked_on() {
    let raw = super::common::fixture("webhook_on_message_incoming.json");
    assert!(matches!(
        WebhookEvent::parse(raw.as_bytes()),
        Err(WebhookError::NotJson(_))
    ));
}

#[test]
fn on_conversation_unassigned() {
    let e = event("on_conversation_unassigned");
    let WebhookEvent::ConversationUnassigned(p) = &e else {
        panic!("{e:?}")
    };
    let c = &p.conversation;
    assert_eq!(c.id, Some(181));
    assert_eq!(c.application, Some(Channel::Telegram));
    assert_eq!(c.status, Some(Status::Unassigned));
    assert_eq!(c.date_created, Some(1513351579));
    assert_eq!(c.operator, None);
    let user = c.from_user.as_ref().unwrap();
    assert_eq!(user.user_id, Some(374));
    assert_eq!(user.title.as_deref(), Some("Yuri Dzabaev"));
    assert_eq!(
        user.page_title.as_deref(),
        Some("Blinger – Messengers for business")
    );
    assert_eq!(user.page_url.as_deref(), Some("https://blinger.io"));
    assert_eq!(user.service_user_id.as_deref(), Some("ta4ta4"));
    assert_eq!(
        user.avatar.as_deref(),
        Some("https://app.blinger.io/images/users/no-user.png")
    );
    assert_eq!(e.conversation_id(), Some(181));
    assert_eq!(e.customer_name().as_deref(), Some("Yuri Dzabaev"));
    assert_eq!(e.operator(), None);
    assert_eq!(e.preview_text(), None);
}

#[test]
fn on_conversation_assigned() {
    let e = event("on_conversation_assigned");
    let WebhookEvent::ConversationAssigned(p) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(p.conversation.id, Some(180));
    assert_eq!(p.conversation.status, Some(Status::Inbox));
    assert_eq!(e.operator(), Some(&supervisor()));
    assert_eq!(e.conversation_id(), Some(180));
}

#[test]
fn on_conversation_closed() {
    let e = event("on_conversation_closed");
    let WebhookEvent::ConversationClosed(p) = &e else {
        panic!("{e:?}")
    };
    let c = &p.conversation;
    assert_eq!(c.id, Some(181));
    assert_eq!(c.status, Some(Status::Closed));
    assert_eq!(c.date_updated, Some(1513353917));
    assert_eq!(c.operator, Some(supervisor()));
    assert_eq!(c.messages.len(), 1);
    let m = &c.messages[0];
    assert_eq!(m.id, 634);
    assert_eq!(m.text(), "123");
    assert_eq!(m.blinger_message_id, Some(4717));
    assert_eq!(m.from_user_id, Some(547));
    assert_eq!(m.to_user_name.as_deref(), Some("Yuri Dzabaev"));
    assert!(m.is_from_operator());
    // `"tags":"[]"` (a JSON string) on the sender, `null` on the recipient.
    let from = m.from_blinger_user.as_ref().unwrap();
    assert!(from.tags.is_empty());
    assert_eq!(from.role.as_deref(), Some("customer"));
    assert_eq!(
        m.to_blinger_user.as_ref().unwrap().name.as_deref(),
        Some("Yuri Dzabaev")
    );
    // Tags as objects with string ids.
    assert_eq!(c.tags.len(), 3);
    assert_eq!(c.tags[0].title, "test1");
    assert_eq!(c.tags[0].id.as_deref(), Some("id"));
    assert_eq!(c.tags[0].message_id, Some(634));
    assert_eq!(
        c.close_group.as_ref().and_then(|g| g.title.as_deref()),
        Some("Duplicate")
    );
    assert_eq!(e.customer_name().as_deref(), Some("Yuri Dzabaev"));
}

#[test]
fn on_message_incoming() {
    let e = event("on_message_incoming");
    let WebhookEvent::MessageIncoming(p) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(p.conversation_id, Some(173));
    assert_eq!(p.from_user_id, Some(481));
    assert_eq!(p.to_user_id, Some(542));
    assert_eq!(p.message_id, Some(546));
    assert_eq!(p.message_blinger_id, Some(4627));
    assert_eq!(p.operator, Some(supervisor()));
    assert_eq!(p.from_user.as_ref().unwrap().application, Some(Channel::Vk));
    assert_eq!(p.to_user.as_ref().unwrap().title, None);
    assert!(p.to_user.as_ref().unwrap().is_business());
    let m = p.message.as_ref().unwrap();
    assert_eq!(m.id, Some(546));
    assert_eq!(m.kind, Some(MessageKind::Text));
    assert_eq!(m.message.as_deref(), Some("test"));
    assert_eq!(m.date_created, Some(1513338128));
    assert_eq!(m.tags.titles().collect::<Vec<_>>(), ["tag1", "tag2"]);
    assert!(e.is_incoming());
    assert_eq!(e.conversation_id(), Some(173));
    assert_eq!(e.customer_name().as_deref(), Some("Yuri Dzabaev"));
    assert_eq!(e.preview_text().as_deref(), Some("test"));
}

#[test]
fn on_message_outgoing() {
    let e = event("on_message_outgoing");
    let WebhookEvent::MessageOutgoing(p) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(p.message_id, Some(545));
    assert_eq!(p.message.as_ref().unwrap().message.as_deref(), Some("123"));
    assert!(!e.is_incoming());
    // The customer is the recipient of an outgoing message.
    assert_eq!(e.customer_name().as_deref(), Some("Yuri Dzabaev"));
    assert_eq!(e.customer().unwrap().user_id, Some(481));
    assert_eq!(e.preview_text().as_deref(), Some("123"));
}

#[test]
fn on_comment_incoming() {
    let e = event("on_comment_incoming");
    let WebhookEvent::CommentIncoming(p) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(p.conversation_id, Some(173));
    assert_eq!(p.comment_id, Some(546));
    assert_eq!(p.comment_blinger_id, Some(4627));
    let c = p.comment.as_ref().unwrap();
    assert_eq!(c.reply_comment_id, Some(544));
    assert_eq!(c.post_id.as_deref(), Some("123123"));
    assert_eq!(
        c.post_url.as_deref(),
        Some("https://vk.com/id1?w=wall1_2307813")
    );
    assert_eq!(c.post_title.as_deref(), Some("Пост из вк"));
    assert_eq!(c.message.as_deref(), Some("test"));
    assert!(e.is_incoming());
    assert_eq!(e.preview_text().as_deref(), Some("test"));
    assert_eq!(e.customer_name().as_deref(), Some("Yuri Dzabaev"));
}

#[test]
fn on_comment_outgoing() {
    let e = event("on_comment_outgoing");
    let WebhookEvent::CommentOutgoing(p) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(p.comment_id, Some(545));
    assert_eq!(p.comment.as_ref().unwrap().message.as_deref(), Some("123"));
    assert_eq!(e.operator(), Some(&supervisor()));
    assert_eq!(e.customer_name().as_deref(), Some("Yuri Dzabaev"));
}

#[test]
fn on_user_new() {
    let e = event("on_user_new");
    let WebhookEvent::UserNew(p) = &e else {
        panic!("{e:?}")
    };
    let u = p.user.as_ref().unwrap();
    assert_eq!(u.id, Some(294));
    assert_eq!(u.blinger_user_id, Some(374));
    assert_eq!(u.name.as_deref(), Some("Yuri Dzabaev"));
    assert_eq!(u.application, Some(Channel::Telegram));
    assert_eq!(u.service_user_id.as_deref(), Some("ta4ta4"));
    assert_eq!(u.date_created, Some(1513262192));
    assert_eq!(e.customer_name().as_deref(), Some("Yuri Dzabaev"));
    assert_eq!(e.conversation_id(), None);
}

#[test]
fn unassigned_operator_is_all_nulls() {
    // "null if conversation is not assigned to operator"
    let body = br#"{"webhook":"on_message_incoming","conversation_id":"173",
        "operator":{"id":null,"name":null,"email":null},
        "from_user":{"user_id":"481","title":""},
        "message":{"id":1,"type":"image","message":"https://x/y.png","tags":null}}"#;
    let e = WebhookEvent::parse(body).unwrap();
    assert_eq!(e.operator(), None);
    assert_eq!(e.conversation_id(), Some(173));
    assert_eq!(e.customer_name().as_deref(), Some("Customer #481"));
    assert_eq!(e.preview_text().as_deref(), Some("[image]"));
}
