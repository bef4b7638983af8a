//! Webhooks received by a tiny local listener, in the documented shapes.

mod common;

use std::time::Duration;

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use blinger_sim::{CommentPost, ConversationStatus, NewConversation, SimConfig};
use common::*;
use serde_json::{json, Value};
use tokio::sync::mpsc;

/// A receiver on a free port; returns its URL and the bodies it gets.
async fn receiver() -> (String, mpsc::UnboundedReceiver<Value>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let app = Router::new()
        .route("/hook", post(|State(tx): State<mpsc::UnboundedSender<Value>>, Json(body): Json<Value>| async move {
            let _ = tx.send(body);
        }))
        .with_state(tx);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, rx)
}

async fn next(rx: &mut mpsc::UnboundedReceiver<Value>) -> Value {
    tokio::time::timeout(Duration::from_secs(5), rx.recv())
        .await
        .expect("a webhook within 5 s")
        .expect("receiver open")
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort();
    k
}

#[tokio::test]
async fn conversation_and_message_events_in_the_documented_shapes() {
    let (url, mut rx) = receiver().await;
    let sim = sim_with(SimConfig {
        webhooks: vec![url],
        ..Default::default()
    })
    .await;
    let store = sim.store();
    let id = store.add_conversation(NewConversation::default());
    let ids = id.to_string();

    store.customer_writes(id, "Hello!");
    let incoming = next(&mut rx).await;
    assert_eq!(incoming["webhook"], "on_message_incoming");
    assert_eq!(
        keys(&incoming),
        [
            "conversation_id",
            "conversation_token",
            "from_user",
            "from_user_id",
            "message",
            "message_blinger_id",
            "message_id",
            "operator",
            "to_user",
            "to_user_id",
            "webhook"
        ]
    );
    assert_eq!(
        incoming["operator"],
        json!({ "id": null, "name": null, "email": null }),
        "unassigned: all null"
    );
    assert_eq!(incoming["from_user"]["role"], "default");
    assert_eq!(incoming["to_user"]["role"], "customer");
    assert_eq!(
        keys(&incoming["message"]),
        [
            "application",
            "date_created",
            "from_user_id",
            "id",
            "message",
            "tags",
            "to_user_id",
            "type"
        ]
    );
    assert_eq!(incoming["message"]["message"], "Hello!");

    post_form(&sim, "start", &[("conversation_id", &ids)]).await;
    let assigned = next(&mut rx).await;
    assert_eq!(assigned["webhook"], "on_conversation_assigned");
    assert_eq!(assigned["conversation"]["operator"]["id"], 1);
    assert_eq!(assigned["conversation"]["status"], "inbox");
    assert_eq!(assigned["conversation"]["from_user"]["role"], "default");

    // disable_webhook=1: this reply posts nothing, the next one does.
    post_form(
        &sim,
        "send-message",
        &[
            ("conversation_id", &ids),
            ("text", "quiet"),
            ("disable_webhook", "1"),
        ],
    )
    .await;
    post_form(
        &sim,
        "send-message",
        &[("conversation_id", &ids), ("text", "loud")],
    )
    .await;
    let outgoing = next(&mut rx).await;
    assert_eq!(outgoing["webhook"], "on_message_outgoing");
    assert_eq!(outgoing["message"]["message"], "loud");
    assert_eq!(outgoing["from_user"]["role"], "customer");
    assert_eq!(outgoing["operator"]["id"], 1);

    post_form(&sim, "unassign", &[("conversation_id", &ids)]).await;
    let unassigned = next(&mut rx).await;
    assert_eq!(unassigned["webhook"], "on_conversation_unassigned");
    assert!(unassigned["conversation"].get("operator").is_none());

    post_form(&sim, "close", &[("conversation_id", &ids)]).await;
    let closed = next(&mut rx).await;
    assert_eq!(closed["webhook"], "on_conversation_closed");
    let conv = &closed["conversation"];
    assert_eq!(conv["status"], "closed");
    assert!(
        conv["close_group"].is_null(),
        "close_group is an object or null"
    );
    assert!(conv["tags"].is_array());
    let messages = conv["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 3);
    assert_eq!(messages[2]["fromBlingerUser"]["role"], "customer");
    assert_eq!(messages[2]["toBlingerUser"]["role"], "default");
}

#[tokio::test]
async fn new_customers_and_comments() {
    let (url, mut rx) = receiver().await;
    let sim = sim_with(SimConfig {
        webhooks: vec![url],
        ..Default::default()
    })
    .await;
    let resp = client()
        .post(format!("http://{}/_sim/new-conversation", sim.addr()))
        .header("Authentication", TOKEN)
        .json(&json!({ "channel": "whatsapp", "name": "Priya Sharma", "text": "Hi there" }))
        .send()
        .await
        .unwrap();
    let created = data(json_of(resp).await);
    let user_new = next(&mut rx).await;
    assert_eq!(user_new["webhook"], "on_user_new");
    assert_eq!(
        keys(&user_new["user"]),
        [
            "application",
            "avatar",
            "blinger_user_id",
            "date_created",
            "id",
            "name",
            "service_user_id"
        ]
    );
    assert_eq!(user_new["user"]["name"], "Priya Sharma");
    let first = next(&mut rx).await;
    assert_eq!(first["webhook"], "on_message_incoming");
    assert_eq!(first["conversation_id"], created["conversation_id"]);

    let store = sim.store();
    let post = CommentPost {
        post_id: "123123".into(),
        url: "https://vk.com/id1?w=wall1_2307813".into(),
        title: "Пост из вк".into(),
        img: None,
    };
    let id = store.add_conversation(NewConversation {
        channel: "vk".into(),
        status: ConversationStatus::Inbox,
        operator_id: Some(1),
        comment_post: Some(post),
        ..Default::default()
    });
    store.customer_writes(id, "Сколько стоит?");
    let comment = next(&mut rx).await;
    assert_eq!(comment["webhook"], "on_comment_incoming");
    assert!(comment.get("comment_id").is_some() && comment.get("comment_blinger_id").is_some());
    assert_eq!(comment["comment"]["post_title"], "Пост из вк");
    assert_eq!(
        comment["comment"]["post_url"],
        "https://vk.com/id1?w=wall1_2307813"
    );
    post_form(
        &sim,
        "send-message",
        &[("conversation_id", &id.to_string()), ("text", "89 €")],
    )
    .await;
    let reply = next(&mut rx).await;
    assert_eq!(reply["webhook"], "on_comment_outgoing");
    assert_eq!(reply["comment"]["reply_comment_id"], comment["comment_id"]);
}
