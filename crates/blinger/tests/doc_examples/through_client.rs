//! The same examples, answered over HTTP to the real clients: what an endpoint
//! method returns for the docs' answer to it.

use super::common::Canned;
use super::repaired;
use blinger::{Act, Client, ErrorKind, ListFilter, Status, WidgetClient};

async fn setup() -> (Canned, Client, WidgetClient) {
    let server = Canned::start(200, "{}").await;
    let client = Client::with_base_url("token", &format!("{}/api", server.base)).unwrap();
    let widget =
        WidgetClient::with_base_url("token", &format!("{}/api/external/v1", server.base)).unwrap();
    (server, client, widget)
}

#[tokio::test]
async fn conversation_actions() {
    let (server, client, _) = setup().await;
    let act = Act::default();
    let cases: [(&str, &str, Option<Status>); 5] = [
        ("start", "conversation_start_200.json", Some(Status::Inbox)),
        ("close", "conversation_close_200.json", Some(Status::Closed)),
        (
            "unassign",
            "conversation_unassign_200.json",
            Some(Status::Closed),
        ),
        (
            "assign-operator",
            "conversation_assign_operator_200.json",
            Some(Status::Inbox),
        ),
        (
            "assign-group",
            "conversation_assign_group_200.json",
            Some(Status::Inbox),
        ),
    ];
    for (endpoint, fixture, status) in cases {
        server.answer(200, &repaired(fixture));
        let c = match endpoint {
            "start" => client.start(2, &act).await,
            "close" => client.close(2, &act).await,
            "unassign" => client.unassign(2, &act).await,
            "assign-operator" => client.assign_operator(2, 3, false).await,
            _ => client.assign_group(2, 1).await,
        }
        .unwrap_or_else(|e| panic!("{endpoint}: {e}"));
        assert_eq!((c.id, c.status), (2, status), "{endpoint}");
        assert_eq!(
            server.one().path(),
            format!("/api/conversations/{endpoint}")
        );
    }
}

#[tokio::test]
async fn conversation_refusals() {
    let (server, client, _) = setup().await;
    let act = Act::default();
    let cases = [
        (
            "conversation_start_400.json",
            "The c    onversation was assigned to another operator",
        ),
        ("conversation_close_400.json", "The conversation is closed."),
        (
            "conversation_unassign_400.json",
            "The conversation is already unassigned.",
        ),
        (
            "conversation_assign_operator_400.json",
            "The conversation has already been assigned to this operator.",
        ),
        (
            "conversation_assign_group_400.json",
            "The operator group has already been selected.",
        ),
        ("conversation_send_message_400.json", "text is empty"),
        (
            "conversation_send_file_message_400.json",
            "file_url is empty",
        ),
    ];
    for (i, (fixture, text)) in cases.into_iter().enumerate() {
        server.answer(400, &repaired(fixture));
        let e = match i {
            0 => client.start(2, &act).await.map(|_| ()),
            1 => client.close(2, &act).await.map(|_| ()),
            2 => client.unassign(2, &act).await.map(|_| ()),
            3 => client.assign_operator(2, 3, false).await.map(|_| ()),
            4 => client.assign_group(2, 1).await.map(|_| ()),
            5 => client.send_message(2, "", &act).await.map(|_| ()),
            _ => client.send_file_message(2, "", &act).await.map(|_| ()),
        }
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Api, "{fixture}");
        assert_eq!(e.to_string(), text, "{fixture}");
        assert_eq!(e.delivery(), blinger::Delivery::NotApplied);
    }
}

#[tokio::test]
async fn messages_lists_and_get() {
    let (server, client, _) = setup().await;
    let act = Act::default();
    server.answer(200, &repaired("conversation_send_message_200.json"));
    assert_eq!(
        client.send_message(2, "124124", &act).await.unwrap().text(),
        "124124"
    );
    server.answer(200, &repaired("conversation_send_file_message_200.json"));
    let file = client
        .send_file_message(2, "https://x/y.png", &act)
        .await
        .unwrap();
    assert_eq!(file.kind(), blinger::MessageKind::Image);
    server.answer(200, &repaired("conversation_send_note_200.json"));
    assert!(client
        .send_note(2, "My private note", None)
        .await
        .unwrap()
        .is_note());
    server.answer(200, &repaired("conversation_unassigned_200.json"));
    assert_eq!(client.unassigned(Some(21)).await.unwrap()[0].id, 300);
    server.answer(200, &repaired("conversation_unread_200.json"));
    let filter = ListFilter {
        operator_id: Some(18),
        group_id: Some(21),
    };
    assert_eq!(
        client.unread(&filter).await.unwrap()[0].unread_count,
        Some(2)
    );
    server.answer(200, &repaired("conversation_not_answered_200.json"));
    assert_eq!(
        client.not_answered(&filter).await.unwrap()[0].unread_count,
        Some(0)
    );
    server.answer(200, &repaired("conversation_get_200.json"));
    assert_eq!(client.get(5867).await.unwrap().messages.len(), 3);
    assert_eq!(server.take().len(), 7);
}

#[tokio::test]
async fn widget_examples() {
    let (server, _, widget) = setup().await;
    let conv = "e1d247c8-5cd8-4f93-b9d7-15fd3259ac22";
    let uuid = WidgetClient::new_message_uuid();
    server.answer(200, &repaired("widget_assign_agent_200.json"));
    let c = widget
        .assign_agent(conv, "c671d030-584e-4422-8710-9215c04b6a64")
        .await
        .unwrap();
    assert_eq!(
        c.assigned_agent.unwrap().name.as_deref(),
        Some("Vadim Belorusov")
    );
    server.answer(200, &repaired("widget_send_text_message_200.json"));
    assert_eq!(
        widget
            .send_text_message(conv, uuid, "Hello")
            .await
            .unwrap()
            .body
            .as_deref(),
        Some("Hello")
    );
    server.answer(200, &repaired("widget_send_file_message_200.json"));
    let m = widget
        .send_file_message(conv, uuid, "http://x/y.png")
        .await
        .unwrap();
    assert_eq!(m.file.unwrap().info.unwrap().size, Some(327743));
    server.answer(200, &repaired("widget_request_review_200.json"));
    assert_eq!(
        widget
            .request_review(conv)
            .await
            .unwrap()
            .review
            .unwrap()
            .mark,
        Some(0)
    );
    let paths: Vec<String> = server.take().iter().map(|s| s.path().to_owned()).collect();
    assert_eq!(
        paths,
        [
            "assign-agent",
            "send-text-message",
            "send-file-message",
            "request-review"
        ]
        .map(|a| format!("/api/external/v1/conversation/{conv}/{a}"))
    );
}
