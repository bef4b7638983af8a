//! `ChatwootProvider` against a small stateful Chatwoot stand-in over HTTP
//! (Chatwoot has no simulator here; the client crate checks its requests against
//! the official spec). Covers lists, thread, actions, and a send whose answer is
//! lost after the server stored it.

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use deskbell_desk::outbox::{deliver_once, OutboxEvent};
use deskbell_desk::providers::ChatwootProvider;
use deskbell_desk::{
    AccountId, Action, ConvKey, ListName, Outbox, Payload, Provider, RetryPolicy, Status,
};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const ME: u64 = 5;

#[derive(Default)]
struct Chatwoot {
    /// Conversations as the server renders them, messages inside.
    conversations: Vec<Value>,
    next_message: u64,
    /// The next message POST is stored, then answered with this status and HTML.
    lose_next_answer: Option<u16>,
    posts: usize,
}

type Shared = Arc<Mutex<Chatwoot>>;

fn conversation(id: u64, name: &str, assignee: Option<u64>, unread: u64) -> Value {
    json!({
        "id": id, "status": "open", "unread_count": unread, "timestamp": 1_700_000_000,
        "meta": {
            "sender": {"id": id + 100, "name": name},
            "assignee": assignee.map(|a| json!({"id": a, "name": format!("Agent {a}")})),
            "channel": "Channel::WebWidget"
        },
        "messages": [{"id": id * 10, "content": "Hello", "message_type": 0, "created_at": 1_700_000_000}]
    })
}

async fn handle(State(state): State<Shared>, request: Request) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let query = request.uri().query().unwrap_or_default().to_owned();
    let body: Bytes = axum::body::to_bytes(request.into_body(), 1 << 20)
        .await
        .unwrap();
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let parts: Vec<&str> = path
        .trim_start_matches("/api/v1/accounts/1/")
        .split('/')
        .collect();
    let mut s = state.lock().unwrap();
    let find = |s: &mut Chatwoot, id: &str| {
        let id: u64 = id.parse().unwrap();
        s.conversations.iter().position(|c| c["id"] == id).unwrap()
    };
    let reply = match (method.as_str(), parts.as_slice()) {
        ("GET", ["conversations"]) => {
            let who = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("assignee_type="))
                .unwrap_or("all");
            let listed: Vec<Value> = s
                .conversations
                .iter()
                .filter(|c| c["status"] == "open")
                .filter(|c| match who {
                    "me" => c["meta"]["assignee"]["id"] == ME,
                    "unassigned" => c["meta"]["assignee"].is_null(),
                    _ => true,
                })
                .map(|c| {
                    let mut c = c.clone();
                    let last = c["messages"].as_array().unwrap().last().cloned();
                    c["last_non_activity_message"] = last.unwrap_or(Value::Null);
                    c
                })
                .collect();
            let n = listed.len();
            json!({"data": {"meta": {"mine_count": n, "unassigned_count": n, "all_count": n}, "payload": listed}})
        }
        ("GET", ["conversations", id]) => {
            let i = find(&mut s, id);
            s.conversations[i].clone()
        }
        ("GET", ["conversations", id, "messages"]) => {
            let i = find(&mut s, id);
            // The spec's `meta` of this answer: labels, the conversation's
            // additional_attributes, the contact.
            let c = &s.conversations[i];
            json!({
                "meta": {
                    "labels": ["vip"],
                    "additional_attributes": {"referer": "https://shop.example/cart"},
                    "contact": c["meta"]["sender"],
                },
                "payload": c["messages"]
            })
        }
        ("POST", ["conversations", id, "messages"]) => {
            s.posts += 1;
            let i = find(&mut s, id);
            s.next_message += 1;
            let message = json!({
                "id": 1000 + s.next_message, "content": body["content"], "message_type": 1,
                "private": body["private"], "created_at": 1_700_000_100
            });
            s.conversations[i]["messages"]
                .as_array_mut()
                .unwrap()
                .push(message.clone());
            if let Some(status) = s.lose_next_answer.take() {
                let html = "<html><body>502 Bad Gateway</body></html>";
                return (StatusCode::from_u16(status).unwrap(), html).into_response();
            }
            message
        }
        ("POST", ["conversations", id, "toggle_status"]) => {
            let i = find(&mut s, id);
            s.conversations[i]["status"] = body["status"].clone();
            json!({"meta": {}, "payload": {"success": true, "current_status": body["status"], "conversation_id": s.conversations[i]["id"]}})
        }
        ("POST", ["conversations", id, "assignments"]) => {
            let i = find(&mut s, id);
            let agent = json!({"id": body["assignee_id"], "name": "Agent"});
            s.conversations[i]["meta"]["assignee"] = agent.clone();
            agent
        }
        _ => return (StatusCode::NOT_FOUND, "{}").into_response(),
    };
    axum::Json(reply).into_response()
}

async fn start(state: Shared) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = axum::Router::new().fallback(handle).with_state(state);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

async fn provider(state: Shared) -> ChatwootProvider {
    let base = start(state).await;
    let client = chatwoot::Client::new(
        &base,
        1u64,
        chatwoot::Token::new("cw-token"),
        chatwoot::HttpConfig::default(),
    )
    .unwrap();
    ChatwootProvider::new(AccountId::new("cw"), client, Some(ME))
}

#[tokio::test]
async fn lists_thread_and_actions() {
    let state: Shared = Arc::default();
    state.lock().unwrap().conversations = vec![
        conversation(1, "Anna", Some(ME), 2),
        conversation(2, "Bob", None, 1),
        conversation(3, "Carl", Some(9), 0),
    ];
    let p = provider(state.clone()).await;
    let lists = p.fetch_lists().await.unwrap();
    let ids = |list: ListName| -> Vec<String> {
        let l = lists.iter().find(|l| l.list == list).unwrap();
        assert!(l.complete);
        l.items.iter().map(|i| i.key.conversation.clone()).collect()
    };
    assert_eq!(ids(ListName::Mine), ["1"]);
    assert_eq!(ids(ListName::Unassigned), ["2"]);
    assert_eq!(ids(ListName::All), ["1", "2", "3"]);
    let anna = &lists[0].items[0];
    assert_eq!(anna.customer_name, "Anna");
    assert_eq!(anna.unread, 2);
    assert_eq!(anna.preview, "Hello");

    let thread = p.thread("1").await.unwrap();
    assert_eq!(thread.messages.len(), 1);
    let customer = thread.customer.unwrap();
    assert_eq!(customer.name.as_deref(), Some("Anna"));
    assert_eq!(customer.tags, ["vip"]);
    assert_eq!(
        customer.page_url.as_deref(),
        Some("https://shop.example/cart")
    );

    let taken = p.act("2", &Action::Take).await.unwrap().unwrap();
    assert_eq!(taken.assignee.unwrap().id, ME.to_string());
    assert!(taken.lists.contains(&ListName::Mine));
    let closed = p.act("2", &Action::Close).await.unwrap().unwrap();
    assert_eq!(closed.status, Status::Closed);
    assert!(closed.lists.is_empty());
}

#[tokio::test]
async fn a_lost_answer_is_reconciled_not_resent() {
    let state: Shared = Arc::default();
    {
        let mut s = state.lock().unwrap();
        s.conversations = vec![conversation(1, "Anna", Some(ME), 1)];
        s.lose_next_answer = Some(502);
    }
    let p = provider(state.clone()).await;
    let dir = tempfile::tempdir().unwrap();
    let outbox = Mutex::new(Outbox::open(dir.path().join("o.json")).unwrap());
    outbox
        .lock()
        .unwrap()
        .enqueue(
            ConvKey::new("cw", "1"),
            Payload::ChatwootMessage {
                content: "On it".into(),
                private: false,
            },
            1_700_000_050_000,
        )
        .unwrap();
    let policy = RetryPolicy {
        base: Duration::from_millis(10),
        jitter: 0.0,
        ..RetryPolicy::default()
    };
    let clock = FixedClock(std::sync::atomic::AtomicI64::new(1_700_000_050_000));
    let mut events = deliver_once(&outbox, &p, &policy, &clock).await;
    assert!(
        matches!(events.last(), Some(OutboxEvent::Paused { .. })),
        "{events:?}"
    );
    clock
        .0
        .fetch_add(1_000, std::sync::atomic::Ordering::SeqCst);
    events = deliver_once(&outbox, &p, &policy, &clock).await;
    assert!(
        matches!(
            events.as_slice(),
            [OutboxEvent::Sent {
                reconciled: true,
                message_id: Some(_),
                ..
            }]
        ),
        "{events:?}"
    );
    assert_eq!(state.lock().unwrap().posts, 1);
    assert!(outbox.lock().unwrap().entries().is_empty());
}

/// The stub's messages carry fixed times, so the outbox's clock is fixed near them.
struct FixedClock(std::sync::atomic::AtomicI64);

impl deskbell_desk::outbox::Clock for FixedClock {
    fn now_ms(&self) -> i64 {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }
}
