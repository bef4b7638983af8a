//! Every client call against a mock generated from the official OpenAPI file.
//!
//! Prism refuses a request that breaks the spec (400 or 422 with the violation,
//! 401 without `api_access_token`, 415 for a body type the spec does not list),
//! so each call succeeding means its path, query and body conform. Prism also
//! logs softer violations; the test requires that log to stay clean.
//!
//! Needs `npm ci` at the repo root (the test fails, with that advice, otherwise).

mod prism;

use chatwoot::*;
use prism::Prism;
use serde_json::{json, Map, Value};
use std::future::Future;

fn client(prism: &Prism) -> Client {
    Client::new(
        &prism.base_url,
        1,
        Token::new("test-token"),
        HttpConfig::default(),
    )
    .unwrap()
}

/// Awaits a call that must succeed; on failure, shows what Prism objected to.
async fn ok<T>(prism: &Prism, step: &str, call: impl Future<Output = Result<T, Error>>) -> T {
    match call.await {
        Ok(value) => value,
        Err(e) => panic!(
            "{step}: {e} (kind {:?})\nPrism's violations:\n{}",
            e.kind(),
            prism.violations().join("\n")
        ),
    }
}

fn attributes(value: Value) -> Map<String, Value> {
    value.as_object().cloned().unwrap()
}

#[tokio::test]
async fn every_call_conforms_to_the_official_spec() {
    let prism = Prism::start();
    let client = client(&prism);
    let id = ConversationId(7);

    // Conversations: list with every documented filter, counts, details.
    let query = ConversationQuery {
        assignee_type: Some(AssigneeType::Me),
        status: Some(StatusFilter::Is(ConversationStatus::Open)),
        page: Some(2),
        inbox_id: Some(InboxId(3)),
        team_id: Some(TeamId(4)),
        labels: vec!["vip".into(), "billing".into()],
        q: Some("refund".into()),
    };
    let list = ok(&prism, "conversations", client.conversations(&query)).await;
    assert_eq!(list.counts, ConversationCounts::default());
    let first = &list.conversations[0];
    assert_eq!(first.status, Some(ConversationStatus::Open));
    assert_eq!(first.customer_name(), Some("string"));
    assert!(first.meta.assignee.is_some());
    assert!(first.last_message().is_some());
    for (assignee, status) in [
        (AssigneeType::Unassigned, StatusFilter::All),
        (AssigneeType::Assigned, ConversationStatus::Snoozed.into()),
        (AssigneeType::All, ConversationStatus::Pending.into()),
    ] {
        let q = ConversationQuery {
            assignee_type: Some(assignee),
            status: Some(status),
            ..Default::default()
        };
        ok(
            &prism,
            "conversations (other filters)",
            client.conversations(&q),
        )
        .await;
    }
    let counts = ok(
        &prism,
        "conversation_counts",
        client.conversation_counts(&query),
    )
    .await;
    assert_eq!(counts.all, 0);
    let conversation = ok(&prism, "conversation", client.conversation(id)).await;
    assert_eq!(conversation.id, ConversationId(0));
    assert_eq!(conversation.labels, ["string"]);
    assert_eq!(conversation.messages.len(), 1);

    // Creation: every field of the 99digital page, plus the spec's `message` and `snoozed_until`.
    let full = NewConversation::new(3)
        .source_id("+972501234567")
        .contact_id(12)
        .status(ConversationStatus::Pending)
        .assignee_id(2)
        .team_id(4)
        .additional_attributes(attributes(json!({"browser": "Firefox"})))
        .custom_attributes(attributes(
            json!({"order": "A-17", "priority_conversation_number": 3}),
        ))
        .snoozed_until(Timestamp::from_unix(1_900_000_000))
        .message("Hello from Deskbell");
    let created = ok(
        &prism,
        "create_conversation",
        client.create_conversation(&full),
    )
    .await;
    assert_eq!(created.inbox_id, Some(InboxId(0)));
    let minimal = NewConversation::new(3).source_id("visitor-1");
    ok(
        &prism,
        "create_conversation (minimal)",
        client.create_conversation(&minimal),
    )
    .await;

    // Status and assignment.
    let change = ok(
        &prism,
        "toggle_status",
        client.toggle_status(id, ConversationStatus::Resolved),
    )
    .await;
    assert!(change.success);
    assert!(change.current_status.is_some());
    let until = Some(Timestamp::from_unix(1_757_506_877));
    ok(&prism, "snooze until", client.snooze(id, until)).await;
    ok(&prism, "snooze", client.snooze(id, None)).await;
    let agent = ok(&prism, "assign_agent", client.assign_agent(id, AgentId(2))).await;
    assert_eq!(agent.unwrap().id, AgentId(0));
    ok(&prism, "assign_team", client.assign_team(id, TeamId(4))).await;

    // Messages.
    let messages = ok(
        &prism,
        "messages",
        client.messages(id, MessagesQuery::default()),
    )
    .await;
    assert_eq!(messages.messages[0].content.as_deref(), Some("string"));
    assert!(messages.meta.contact.is_some());
    let older = MessagesQuery::before(MessageId(100));
    ok(&prism, "messages before", client.messages(id, older)).await;
    let reply = ok(&prism, "send_reply", client.send_reply(id, "We are on it")).await;
    assert_eq!(reply.id, MessageId(0));
    ok(&prism, "add_note", client.add_note(id, "customer is VIP")).await;
    let custom = NewMessage::incoming("logged from the phone").content_type(ContentType::Text);
    ok(&prism, "create_message", client.create_message(id, &custom)).await;

    // Account.
    let agents = ok(&prism, "agents", client.agents()).await;
    assert_eq!(agents[0].availability_status.as_deref(), Some("available"));
    let teams = ok(&prism, "teams", client.teams()).await;
    assert_eq!(teams[0].name.as_deref(), Some("string"));
    let inboxes = ok(&prism, "inboxes", client.inboxes()).await;
    assert_eq!(inboxes[0].channel_type.as_deref(), Some("string"));
    let profile = ok(&prism, "profile", client.profile()).await;
    assert_eq!(profile.role.as_deref(), Some("agent"));
    assert_eq!(profile.accounts.len(), 1);

    let violations = prism.violations();
    assert!(
        violations.is_empty(),
        "Prism logged violations:\n{}",
        violations.join("\n")
    );
}

/// The check above can fail: Prism refuses what the spec forbids, and the client
/// turns each refusal into the right error kind.
#[tokio::test]
async fn prism_refuses_what_the_spec_forbids() {
    let prism = Prism::start();
    let http = reqwest::Client::new();
    let url = |path: &str| format!("{}/api/v1{path}", prism.base_url);
    let send = |request: reqwest::RequestBuilder| async move {
        let raw = RawResponse::fetch(request, 1 << 20).await.unwrap();
        (raw.status, error_from_response(&raw))
    };

    // No token.
    let (status, error) = send(http.get(url("/profile"))).await;
    assert_eq!(status, 401);
    assert_eq!(error.kind(), ErrorKind::Unauthorized);

    // A required body field missing (the spec requires `source_id`).
    let missing = http
        .post(url("/accounts/1/conversations"))
        .header(TOKEN_HEADER, "t")
        .json(&json!({"inbox_id": 1}));
    let (status, error) = send(missing).await;
    assert_eq!(status, 422);
    assert_eq!(error.kind(), ErrorKind::Api);

    // Wrong types and enums in bodies, queries and paths.
    let refused = [
        (
            "POST",
            "/accounts/1/conversations",
            json!({"source_id": "s", "inbox_id": "1"}),
        ),
        (
            "POST",
            "/accounts/1/conversations/7/toggle_status",
            json!({"status": "closed"}),
        ),
        (
            "POST",
            "/accounts/1/conversations/7/toggle_status",
            json!({"status": "snoozed", "snoozed_until": "2030-01-01T00:00:00Z"}),
        ),
        (
            "POST",
            "/accounts/1/conversations/7/assignments",
            json!({"team_id": "4"}),
        ),
        (
            "POST",
            "/accounts/1/conversations/7/messages",
            json!({"content": "x", "message_type": "activity"}),
        ),
        (
            "POST",
            "/accounts/1/conversations/7/messages",
            json!({"private": true}),
        ),
        (
            "GET",
            "/accounts/1/conversations?status=closed",
            Value::Null,
        ),
        ("GET", "/accounts/1/conversations?page=first", Value::Null),
        (
            "GET",
            "/accounts/1/conversations/meta?inbox_id=main",
            Value::Null,
        ),
        (
            "GET",
            "/accounts/1/conversations/seven/messages",
            Value::Null,
        ),
    ];
    for (method, path, body) in refused {
        let mut request = http
            .request(method.parse().unwrap(), url(path))
            .header(TOKEN_HEADER, "t");
        if !body.is_null() {
            request = request.json(&body);
        }
        let (status, error) = send(request).await;
        assert!(
            matches!(status, 400 | 422),
            "{method} {path} {body}: HTTP {status}"
        );
        assert_eq!(error.kind(), ErrorKind::Api, "{method} {path}");
    }

    // Calls this client offers beyond the spec are refused by it, as documented.
    let client = client(&prism);
    let id = ConversationId(7);
    let snoozed = NewConversation::new(1)
        .source_id("s")
        .status(ConversationStatus::Snoozed);
    let error = client.create_conversation(&snoozed).await.unwrap_err();
    assert!(matches!(error, Error::Api { status: 422, .. }), "{error:?}");
    let error = client.unassign(id).await.unwrap_err();
    assert!(matches!(error, Error::Api { status: 422, .. }), "{error:?}");
    let file = b"%PDF-1.4".to_vec();
    let upload = client.create_message_with_attachment(
        id,
        "invoice",
        false,
        "invoice.pdf",
        file,
        "application/pdf",
    );
    let error = upload.await.unwrap_err();
    assert!(matches!(error, Error::Api { status: 415, .. }), "{error:?}");

    assert!(
        !prism.violations().is_empty(),
        "Prism should have logged the violations"
    );
}
