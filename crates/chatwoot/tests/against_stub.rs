//! What the spec-validating mock cannot show: the exact requests for the calls
//! that go beyond the spec (multipart attachments, unassigning, paging, labels),
//! and how real-server failures (error bodies, rate limits, HTML pages, odd
//! shapes) become errors. A small recording server stands in for Chatwoot.

use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chatwoot::*;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One request as the server saw it.
#[derive(Debug, Clone, Default)]
struct Seen {
    method: String,
    path: String,
    query: String,
    token: Option<String>,
    json: Value,
    parts: Vec<Part>,
}

/// One multipart field.
#[derive(Debug, Clone)]
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    bytes: Vec<u8>,
}

#[derive(Clone)]
struct Reply {
    status: u16,
    headers: Vec<(&'static str, &'static str)>,
    body: String,
}

fn json_reply(status: u16, body: Value) -> Reply {
    Reply {
        status,
        headers: vec![("content-type", "application/json")],
        body: body.to_string(),
    }
}

#[derive(Default)]
struct Stub {
    seen: Mutex<Vec<Seen>>,
    replies: Mutex<HashMap<String, Reply>>,
}

impl Stub {
    fn reply(&self, path: &str, reply: Reply) {
        self.replies.lock().unwrap().insert(path.to_owned(), reply);
    }

    fn last(&self) -> Seen {
        self.seen
            .lock()
            .unwrap()
            .last()
            .cloned()
            .expect("a request")
    }
}

async fn record(State(stub): State<Arc<Stub>>, request: Request) -> Response {
    let (method, path) = (
        request.method().to_string(),
        request.uri().path().to_owned(),
    );
    let query = request.uri().query().unwrap_or_default().to_owned();
    let headers: HeaderMap = request.headers().clone();
    let token = headers
        .get("api_access_token")
        .map(|v| v.to_str().unwrap().to_owned());
    let is_multipart = headers
        .get("content-type")
        .is_some_and(|v| v.to_str().unwrap().starts_with("multipart/form-data"));
    let mut seen = Seen {
        method,
        path: path.clone(),
        query,
        token,
        ..Seen::default()
    };
    if is_multipart {
        let mut form = Multipart::from_request(request, &()).await.unwrap();
        while let Some(field) = form.next_field().await.unwrap() {
            let name = field.name().unwrap_or_default().to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let content_type = field.content_type().map(str::to_owned);
            let bytes = field.bytes().await.unwrap().to_vec();
            seen.parts.push(Part {
                name,
                file_name,
                content_type,
                bytes,
            });
        }
    } else {
        let body = axum::body::to_bytes(request.into_body(), 1 << 20)
            .await
            .unwrap();
        seen.json = serde_json::from_slice(&body).unwrap_or(Value::Null);
    }
    stub.seen.lock().unwrap().push(seen);
    let reply = stub.replies.lock().unwrap().get(&path).cloned();
    let reply =
        reply.unwrap_or_else(|| json_reply(404, json!({"error": "Resource could not be found"})));
    let mut response = (StatusCode::from_u16(reply.status).unwrap(), reply.body).into_response();
    for (name, value) in reply.headers {
        response.headers_mut().insert(name, value.parse().unwrap());
    }
    response
}

/// Serves the stub under a path prefix, as a server mounted below `/support` would be.
async fn start() -> (Arc<Stub>, Client) {
    let stub = Arc::new(Stub::default());
    let app = axum::Router::new()
        .fallback(record)
        .with_state(stub.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/support/", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let config = HttpConfig {
        timeout: Duration::from_secs(5),
        ..HttpConfig::default()
    };
    let client = Client::new(&base, 1, Token::new("tok-123"), config).unwrap();
    (stub, client)
}

const MESSAGES: &str = "/support/api/v1/accounts/1/conversations/9/messages";
const ASSIGN: &str = "/support/api/v1/accounts/1/conversations/9/assignments";
const LIST: &str = "/support/api/v1/accounts/1/conversations";

#[tokio::test]
async fn attachments_go_as_multipart_attachments_array() {
    let (stub, client) = start().await;
    stub.reply(
        MESSAGES,
        json_reply(
            200,
            json!({"id": 501, "content": "see file", "message_type": 1, "private": true,
                   "attachments": [{"id": 1, "file_type": "file", "data_url": "https://x/invoice.pdf", "file_size": 8}]}),
        ),
    );
    let pdf = b"%PDF-1.4".to_vec();
    let sent = client
        .create_message_with_attachment(
            ConversationId(9),
            "see file",
            true,
            "invoice.pdf",
            pdf.clone(),
            "application/pdf",
        )
        .await
        .unwrap();
    assert!(sent.is_note());
    assert_eq!(sent.attachments[0].file_size, Some(8));

    let seen = stub.last();
    assert_eq!(
        (seen.method.as_str(), seen.path.as_str()),
        ("POST", MESSAGES)
    );
    assert_eq!(seen.token.as_deref(), Some("tok-123"));
    let field = |name: &str| {
        seen.parts
            .iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("no {name}"))
    };
    assert_eq!(field("content").bytes, b"see file");
    assert_eq!(field("private").bytes, b"true");
    assert_eq!(field("message_type").bytes, b"outgoing");
    let file = field("attachments[]");
    assert_eq!(file.file_name.as_deref(), Some("invoice.pdf"));
    assert_eq!(file.content_type.as_deref(), Some("application/pdf"));
    assert_eq!(file.bytes, pdf);

    let bad_mime = client
        .create_message_with_attachment(
            ConversationId(9),
            "",
            false,
            "a.bin",
            vec![1],
            "not a mime",
        )
        .await
        .unwrap_err();
    assert_eq!(bad_mime.kind(), ErrorKind::InvalidInput);
}

#[tokio::test]
async fn unassigning_sends_null_and_accepts_a_null_answer() {
    let (stub, client) = start().await;
    stub.reply(ASSIGN, json_reply(200, Value::Null));
    client.unassign(ConversationId(9)).await.unwrap();
    assert_eq!(stub.last().json, json!({"assignee_id": null}));
    // Assigning an agent the server does not know: Chatwoot answers null too.
    assert_eq!(
        client
            .assign_agent(ConversationId(9), AgentId(99))
            .await
            .unwrap(),
        None
    );
    assert_eq!(stub.last().json, json!({"assignee_id": 99}));
    // Teams: the server answers the team, which is not decoded.
    stub.reply(ASSIGN, json_reply(200, json!({"id": 4, "name": "billing"})));
    client
        .assign_team(ConversationId(9), TeamId(4))
        .await
        .unwrap();
    assert_eq!(stub.last().json, json!({"team_id": 4}));
}

#[tokio::test]
async fn queries_use_the_names_rails_reads() {
    let (stub, client) = start().await;
    stub.reply(
        LIST,
        json_reply(
            200,
            json!({"data": {"meta": {"all_count": 1}, "payload": []}}),
        ),
    );
    let query = ConversationQuery {
        labels: vec!["vip".into(), "late delivery".into()],
        q: Some("a&b".into()),
        ..Default::default()
    };
    let list = client.conversations(&query).await.unwrap();
    assert_eq!(list.counts.all, 1);
    assert_eq!(
        stub.last().query,
        "labels%5B%5D=vip&labels%5B%5D=late+delivery&q=a%26b"
    );

    stub.reply(
        MESSAGES,
        json_reply(200, json!({"meta": {}, "payload": []})),
    );
    client
        .messages(ConversationId(9), MessagesQuery::after(MessageId(41)))
        .await
        .unwrap();
    assert_eq!(stub.last().query, "after=41");
}

#[tokio::test]
async fn failures_become_the_right_errors() {
    let (stub, client) = start().await;
    let path = "/support/api/v1/profile";
    let html = |status| Reply {
        status,
        headers: vec![("content-type", "text/html")],
        body: "<html><body>Bad gateway</body></html>".into(),
    };
    let cases: Vec<(Reply, ErrorKind, Option<&str>)> = vec![
        (
            json_reply(404, json!({"error": "Resource could not be found"})),
            ErrorKind::Api,
            Some("Resource could not be found"),
        ),
        (
            json_reply(
                401,
                json!({"errors": ["You need to sign in or sign up before continuing."]}),
            ),
            ErrorKind::Unauthorized,
            Some("not authorized: You need to sign in or sign up before continuing."),
        ),
        (
            json_reply(422, json!({"message": "Content can't be blank"})),
            ErrorKind::Api,
            Some("Content can't be blank"),
        ),
        (
            json_reply(500, json!({"description": "boom"})),
            ErrorKind::Server,
            Some("server error (HTTP 500): boom"),
        ),
        (html(502), ErrorKind::Server, None),
        (html(200), ErrorKind::NotJson, None),
        (
            json_reply(200, json!({"unexpected": true})),
            ErrorKind::Decode,
            None,
        ),
        (
            json_reply(200, json!(["not", "a", "profile"])),
            ErrorKind::Decode,
            None,
        ),
    ];
    for (reply, kind, text) in cases {
        let status = reply.status;
        stub.reply(path, reply);
        let error = client.profile().await.unwrap_err();
        assert_eq!(error.kind(), kind, "HTTP {status}: {error}");
        if let Some(text) = text {
            assert_eq!(error.to_string(), text);
        }
    }

    stub.reply(
        path,
        Reply {
            status: 429,
            headers: vec![("content-type", "text/plain"), ("retry-after", "7")],
            body: "Retry later\n".into(),
        },
    );
    let limited = client.profile().await.unwrap_err();
    assert_eq!(limited.kind(), ErrorKind::RateLimited);
    assert_eq!(limited.retry_after(), Some(Duration::from_secs(7)));
    assert_eq!(limited.delivery(), Delivery::NotApplied);
}

#[tokio::test]
async fn empty_input_is_refused_without_a_request() {
    let (stub, client) = start().await;
    let error = client
        .send_reply(ConversationId(9), "   ")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidInput);
    let error = client
        .create_conversation(&NewConversation::new(1))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidInput);
    assert!(stub.seen.lock().unwrap().is_empty());
}
