//! What goes on the wire: header names, body encodings, parameters present or
//! left out, path encoding, and that the token never shows in `Debug`.

mod common;

use blinger::{Act, Client, Error, ErrorKind, ListFilter, Uuid, WidgetClient};
use common::{Canned, Seen};

const OK_CONVERSATION: &str = r#"{"status":200,"data":{"id":2}}"#;
const OK_MESSAGE: &str = r#"{"status":200,"data":{"id":178}}"#;
const OK_LIST: &str = r#"{"status":200,"data":[]}"#;

async fn client(body: &str) -> (Canned, Client) {
    let server = Canned::start(200, body).await;
    let client = Client::with_base_url("s3cret-token", &format!("{}/api/", server.base)).unwrap();
    (server, client)
}

fn pairs(seen: &Seen) -> Vec<(String, String)> {
    Seen::pairs(&seen.body)
}

fn p(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[tokio::test]
async fn posts_are_form_encoded_with_the_authentication_header() {
    let (server, client) = client(OK_CONVERSATION).await;
    client.start(2, &Act::default()).await.unwrap();
    let seen = server.one();
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.path(), "/api/conversations/start");
    assert_eq!(seen.header("authentication"), Some("s3cret-token"));
    assert_eq!(seen.header("authorization"), None);
    assert_eq!(
        seen.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    // Optional parameters left out: the server's defaults (admin, webhooks on) apply.
    assert_eq!(pairs(&seen), p(&[("conversation_id", "2")]));
}

#[tokio::test]
async fn act_parameters() {
    let (server, client) = client(OK_CONVERSATION).await;
    let me = Act::default().operator(7).without_webhook();
    client.close(2, &me).await.unwrap();
    let want = p(&[
        ("conversation_id", "2"),
        ("operator_id", "7"),
        ("disable_webhook", "1"),
    ]);
    assert_eq!(pairs(&server.one()), want);
    client
        .unassign(3, &Act::default().operator_opt(Some(9)))
        .await
        .unwrap();
    assert_eq!(
        pairs(&server.one()),
        p(&[("conversation_id", "3"), ("operator_id", "9")])
    );
    client.assign_operator(4, 5, true).await.unwrap();
    let want = p(&[
        ("conversation_id", "4"),
        ("operator_id", "5"),
        ("disable_webhook", "1"),
    ]);
    assert_eq!(pairs(&server.one()), want);
    client.assign_operator(4, 5, false).await.unwrap();
    assert_eq!(
        pairs(&server.one()),
        p(&[("conversation_id", "4"), ("operator_id", "5")])
    );
    client.assign_group(4, 6).await.unwrap();
    let seen = server.one();
    assert_eq!(seen.path(), "/api/conversations/assign-group");
    assert_eq!(
        pairs(&seen),
        p(&[("conversation_id", "4"), ("group_id", "6")])
    );
}

#[tokio::test]
async fn sends_encode_text_exactly() {
    let (server, client) = client(OK_MESSAGE).await;
    let text = "Hello & welcome = 100% ✓\nline two +1";
    client
        .send_message(2, text, &Act::default().operator(7))
        .await
        .unwrap();
    let seen = server.one();
    assert_eq!(seen.path(), "/api/conversations/send-message");
    let want = p(&[
        ("conversation_id", "2"),
        ("text", text),
        ("operator_id", "7"),
    ]);
    assert_eq!(pairs(&seen), want);
    client
        .send_file_message(2, "https://x.test/a b.png?x=1&y=2", &Act::default())
        .await
        .unwrap();
    let seen = server.one();
    assert_eq!(seen.path(), "/api/conversations/send-file-message");
    assert_eq!(
        pairs(&seen),
        p(&[
            ("conversation_id", "2"),
            ("file_url", "https://x.test/a b.png?x=1&y=2")
        ])
    );
    client.send_note(2, "private", Some(8)).await.unwrap();
    let seen = server.one();
    assert_eq!(seen.path(), "/api/conversations/send-note");
    assert_eq!(
        pairs(&seen),
        p(&[
            ("conversation_id", "2"),
            ("text", "private"),
            ("operator_id", "8")
        ])
    );
    client.send_note(2, "private", None).await.unwrap();
    assert_eq!(
        pairs(&server.one()),
        p(&[("conversation_id", "2"), ("text", "private")])
    );
}

#[tokio::test]
async fn gets_use_the_query_string_and_omit_absent_filters() {
    let (server, client) = client(OK_LIST).await;
    client.unassigned(None).await.unwrap();
    let seen = server.one();
    assert_eq!(
        (seen.method.as_str(), seen.target.as_str()),
        ("GET", "/api/conversations/unassigned")
    );
    assert_eq!(seen.body, "");
    client.unassigned(Some(21)).await.unwrap();
    assert_eq!(
        server.one().target,
        "/api/conversations/unassigned?group_id=21"
    );
    client.unread(&ListFilter::default()).await.unwrap();
    assert_eq!(server.one().target, "/api/conversations/unread");
    let both = ListFilter {
        operator_id: Some(18),
        group_id: Some(21),
    };
    client.unread(&both).await.unwrap();
    assert_eq!(
        server.one().target,
        "/api/conversations/unread?operator_id=18&group_id=21"
    );
    let group_only = ListFilter {
        operator_id: None,
        group_id: Some(3),
    };
    client.not_answered(&group_only).await.unwrap();
    assert_eq!(
        server.one().target,
        "/api/conversations/not-answered?group_id=3"
    );
    server.answer(200, r#"{"status":200,"data":{"conversation_id":5867}}"#);
    client.get(5867).await.unwrap();
    let seen = server.one();
    assert_eq!(seen.target, "/api/conversations/get?conversation_id=5867");
    assert_eq!(seen.header("authentication"), Some("s3cret-token"));
}

#[tokio::test]
async fn lists_accept_index_keyed_objects() {
    let (_server, client) = client(r#"{"status":200,"data":{"0":{"id":5},"1":{"id":"4"}}}"#).await;
    let ids: Vec<i64> = client
        .unread(&ListFilter::default())
        .await
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(ids, [5, 4]);
}

#[tokio::test]
async fn widget_posts_json_with_the_authorization_header() {
    let server = Canned::start(200, r#"{"status":200,"data":{"id":"m1"}}"#).await;
    let widget =
        WidgetClient::with_base_url("w-token", &format!("{}/api/external/v1", server.base))
            .unwrap();
    let uuid = Uuid::parse_str("554f11c1-ec1e-4fdb-9953-bfad33013f58").unwrap();
    widget
        .send_text_message("conv-1", uuid, "Hi \"there\"")
        .await
        .unwrap();
    let seen = server.one();
    assert_eq!(
        seen.path(),
        "/api/external/v1/conversation/conv-1/send-text-message"
    );
    assert_eq!(seen.header("authorization"), Some("w-token"));
    assert_eq!(seen.header("authentication"), None);
    assert_eq!(seen.header("content-type"), Some("application/json"));
    let body: serde_json::Value = serde_json::from_str(&seen.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"uuid": "554f11c1-ec1e-4fdb-9953-bfad33013f58", "text": "Hi \"there\""})
    );
    widget
        .send_file_message("conv-1", uuid, "http://f/x.png")
        .await
        .unwrap();
    let body: serde_json::Value = serde_json::from_str(&server.one().body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"uuid": uuid.to_string(), "file": "http://f/x.png"})
    );
    server.answer(200, r#"{"status":200,"data":{"id":"c1"}}"#);
    widget.assign_agent("conv-1", "agent-9").await.unwrap();
    let body: serde_json::Value = serde_json::from_str(&server.one().body).unwrap();
    assert_eq!(body, serde_json::json!({"agentId": "agent-9"}));
}

#[tokio::test]
async fn widget_ids_are_validated_and_encoded() {
    let server = Canned::start(200, r#"{"status":200,"data":{"id":"m1"}}"#).await;
    let widget =
        WidgetClient::with_base_url("w", &format!("{}/api/external/v1", server.base)).unwrap();
    let uuid = WidgetClient::new_message_uuid();
    for bad in ["", "   ", ".", ".."] {
        let e = widget.send_text_message(bad, uuid, "x").await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{bad:?}");
        let e = widget.request_review(bad).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{bad:?}");
    }
    server.answer(200, r#"{"status":200,"data":{"id":"c1"}}"#);
    let e = widget.assign_agent("conv", " ").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert_eq!(e.delivery(), blinger::Delivery::NotApplied);
    assert!(
        server.take().is_empty(),
        "nothing may be sent for invalid ids"
    );
    widget.request_review("a/b?c#d%e").await.unwrap();
    assert_eq!(
        server.one().path(),
        "/api/external/v1/conversation/a%2Fb%3Fc%23d%25e/request-review"
    );
}

#[test]
fn construction_errors() {
    let bad = |r: Result<Client, Error>| assert_eq!(r.unwrap_err().kind(), ErrorKind::InvalidInput);
    bad(Client::with_base_url("t", "not a url"));
    bad(Client::with_base_url("t", "ftp://host/api"));
    bad(Client::with_base_url("t", "mailto:x@y"));
    bad(Client::with_base_url("", "http://127.0.0.1/api"));
    bad(Client::with_base_url("bad\ntoken", "http://127.0.0.1/api"));
    assert!(WidgetClient::with_base_url("", "http://127.0.0.1/").is_err());
    assert_eq!(
        Client::new("t").unwrap().base_url(),
        "https://app.blinger.io/api"
    );
    assert_eq!(
        WidgetClient::new("t").unwrap().base_url(),
        "https://widget.blinger.io/api/external/v1"
    );
}

#[test]
fn the_token_never_appears_in_debug_output() {
    let client = Client::with_base_url("super-secret-1234", "http://127.0.0.1:9/api").unwrap();
    let widget = WidgetClient::with_base_url("widget-secret-5678", "http://127.0.0.1:9/w").unwrap();
    for text in [
        format!("{client:?}"),
        format!("{client:#?}"),
        format!("{widget:?}"),
        format!("{widget:#?}"),
    ] {
        assert!(
            !text.contains("super-secret-1234") && !text.contains("widget-secret-5678"),
            "{text}"
        );
        assert!(text.contains("***"), "{text}");
    }
    assert!(format!("{client:?}").contains("127.0.0.1:9/api"));
}

#[test]
fn act_builder() {
    assert_eq!(
        Act::default(),
        Act {
            operator_id: None,
            disable_webhook: false
        }
    );
    let a = Act::default().operator(7).without_webhook();
    assert_eq!(
        a,
        Act {
            operator_id: Some(7),
            disable_webhook: true
        }
    );
    assert_eq!(a.operator_opt(None).operator_id, None);
}

#[tokio::test]
async fn answers_of_the_wrong_shape_are_decode_errors() {
    let (server, client) = client(r#"{"status":200,"data":[300,1]}"#).await;
    let e = client.start(300, &Act::default()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
    assert_eq!(e.delivery(), blinger::Delivery::Unknown);
    server.answer(200, r#"{"status":200,"data":[[300]]}"#);
    assert_eq!(
        client
            .unread(&ListFilter::default())
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::Decode
    );
    server.answer(200, r#"{"status":200,"data":{"id":2}}"#);
    assert_eq!(
        client
            .unread(&ListFilter::default())
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::Decode
    );
    server.answer(200, r#"{"status":200,"data":[]}"#);
    assert_eq!(client.get(1).await.unwrap_err().kind(), ErrorKind::Decode);
}
