//! Which bodies the receiver takes, by `Content-Type`: the three shapes a PHP
//! sender plausibly posts are delivered alike; anything else gets 415.

mod support;

use support::{incoming, receiver};

async fn post(url: &str, content_type: Option<&str>, body: String) -> u16 {
    let mut req = reqwest::Client::new().post(url).body(body);
    if let Some(t) = content_type {
        req = req.header("Content-Type", t);
    }
    req.send().await.expect("an answer").status().as_u16()
}

/// The documented event as PHP's `http_build_query` writes its array.
fn php_form(text: &str) -> String {
    let pairs = [
        ("webhook", "on_message_incoming"),
        ("conversation_id", "173"),
        ("message_id", "546"),
        ("operator[id]", "11"),
        ("operator[name]", "Supervisor"),
        ("from_user[user_id]", "481"),
        ("from_user[title]", "Yuri Dzabaev"),
        ("from_user[application]", "vk"),
        ("message[id]", "546"),
        ("message[type]", "text"),
        ("message[date_created]", "1513338128"),
        ("message[message]", text),
        ("message[tags][0]", "tag1"),
        ("message[tags][1]", "tag2"),
    ];
    serde_urlencoded::to_string(pairs).unwrap()
}

#[tokio::test]
async fn json_json_as_a_form_and_a_php_form_are_delivered_alike() {
    let (r, mut rx) = receiver(64 * 1024).await;
    let cases = [
        ("application/json", incoming("as json")),
        (
            "application/json; charset=utf-8",
            incoming("with a charset"),
        ),
        (
            "application/x-www-form-urlencoded",
            incoming("curl's default type"),
        ),
        ("application/x-www-form-urlencoded", php_form("a PHP form")),
    ];
    for (content_type, body) in cases {
        assert_eq!(post(&r.url(), Some(content_type), body).await, 200);
        let event = rx.try_recv().expect("delivered").event;
        assert_eq!(event.name(), "on_message_incoming");
        assert_eq!(event.conversation_id(), Some(173));
        assert_eq!(event.customer_name().as_deref(), Some("Yuri Dzabaev"));
        assert_eq!(event.operator().and_then(|o| o.id), Some(11));
    }
}

#[tokio::test]
async fn other_types_get_415_and_change_nothing() {
    let (r, mut rx) = receiver(64 * 1024).await;
    for content_type in [
        None,
        Some("text/plain"),
        Some("multipart/form-data; boundary=x"),
        Some("application/xml"),
    ] {
        let status = post(&r.url(), content_type, incoming("typed wrong")).await;
        assert_eq!(status, 415, "{content_type:?}");
    }
    assert!(rx.try_recv().is_err(), "a refused type produced an event");
    // A form that is neither JSON nor PHP keys is a bad request, not an event.
    let status = post(
        &r.url(),
        Some("application/x-www-form-urlencoded"),
        "[0]=x".into(),
    )
    .await;
    assert_eq!(status, 400);
}
