//! Messages over real HTTP (send-message, send-file-message, send-note, get)
//! and the errors the docs leave undocumented.

mod common;

use blinger_sim::{Author, ConversationStatus, NewConversation, SeedMessage};
use common::shapes::*;
use common::*;

#[tokio::test]
async fn send_message_appends_an_outgoing_message() {
    let sim = sim().await;
    let store = sim.store();
    let id = store.add_conversation(inbox(1));
    store.customer_writes(id, "Where is my order?");
    assert!(store.conversation(id).unwrap().waiting_operator_response);
    let form = [
        ("conversation_id", id.to_string()),
        ("text", "It ships today".to_string()),
        ("operator_id", "1".into()),
    ];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let msg = data(post_form(&sim, "send-message", &form).await);
    assert_keys(&msg, MESSAGE_KEYS);
    assert_eq!(msg["type"], "text");
    assert_eq!(msg["message"], "It ships today");
    assert_eq!(msg["is_outgoing"], true);
    assert_eq!(msg["is_inner_message"], false);
    assert!(msg["blinger_message_id"].is_i64());
    let conv = store.conversation(id).unwrap();
    assert!(!conv.waiting_operator_response);
    let last = store.messages(id).pop().unwrap();
    assert_eq!(
        (
            last.text.as_str(),
            last.is_outgoing,
            last.is_note,
            last.operator_id
        ),
        ("It ships today", true, false, Some(1))
    );
    assert_eq!(
        msg["from_blinger_user_id"], conv.to_blinger_user_id,
        "sent by the channel account"
    );
}

#[tokio::test]
async fn send_message_without_text_fails_as_documented() {
    let sim = sim().await;
    let id = sim.store().add_conversation(inbox(1)).to_string();
    assert_error(
        &post_form(
            &sim,
            "send-message",
            &[("conversation_id", &id), ("text", "")],
        )
        .await,
        400,
        "text is empty",
    );
    assert_error(
        &post_form(&sim, "send-message", &[("conversation_id", &id)]).await,
        400,
        "text is empty",
    );
    assert!(sim.store().messages(id.parse().unwrap()).is_empty());
}

#[tokio::test]
async fn send_message_into_a_closed_conversation_fails() {
    let sim = sim().await;
    let id = sim.store().add_conversation(NewConversation {
        status: ConversationStatus::Closed,
        ..Default::default()
    });
    let got = post_form(
        &sim,
        "send-message",
        &[("conversation_id", &id.to_string()), ("text", "hi")],
    )
    .await;
    // Not documented: the documented close text is reused.
    assert_error(&got, 400, "The conversation is closed.");
}

#[tokio::test]
async fn send_file_message_types_by_extension() {
    let sim = sim().await;
    let id = sim.store().add_conversation(inbox(1)).to_string();
    let png = "https://static-api.blinger.io/files/new/67/cf/x.png";
    let msg = data(
        post_form(
            &sim,
            "send-file-message",
            &[("conversation_id", &id), ("file_url", png)],
        )
        .await,
    );
    assert_keys(&msg, MESSAGE_KEYS);
    assert_eq!(msg["type"], "image");
    assert_eq!(msg["message"], png);
    let pdf = "https://static-api.blinger.io/files/new/aa/bb/invoice.pdf";
    let msg = data(
        post_form(
            &sim,
            "send-file-message",
            &[("conversation_id", &id), ("file_url", pdf)],
        )
        .await,
    );
    assert_eq!(msg["type"], "file");
    let empty = post_form(
        &sim,
        "send-file-message",
        &[("conversation_id", &id), ("file_url", "")],
    )
    .await;
    assert_error(&empty, 400, "file_url is empty");
}

#[tokio::test]
async fn send_note_is_inner_and_invisible_to_the_customer() {
    let sim = sim().await;
    let store = sim.store();
    let id = store.add_conversation(inbox(1));
    store.customer_writes(id, "Hi");
    let msg = data(
        post_form(
            &sim,
            "send-note",
            &[
                ("conversation_id", &id.to_string()),
                ("text", "VIP, be nice"),
            ],
        )
        .await,
    );
    assert_keys(&msg, MESSAGE_KEYS);
    assert_eq!(msg["is_inner_message"], true);
    assert!(msg["blinger_message_id"].is_null());
    let conv = store.conversation(id).unwrap();
    assert!(conv.waiting_operator_response, "a note is no answer");
    let got = data(get_query(&sim, "get", &[("conversation_id", &id.to_string())]).await);
    let note = &got["messages"][1];
    // As documented, `get` shows no note flag: only the operator who wrote it.
    assert!(note.get("is_inner_message").is_none(), "{note}");
    assert_eq!(note["operator_id"], 1);
    assert!(got["messages"][0].get("is_inner_message").is_none());
    let empty = post_form(
        &sim,
        "send-note",
        &[("conversation_id", &id.to_string()), ("text", " ")],
    )
    .await;
    assert_error(&empty, 400, "text is empty");
}

#[tokio::test]
async fn get_returns_the_documented_shape() {
    let sim = sim().await;
    let store = sim.store();
    let id = store.add_conversation(NewConversation {
        phone: Some("+37529576375".into()),
        nickname: Some("alex".into()),
        ..inbox(1)
    });
    store.add_message(id, SeedMessage::new(Author::Customer, "/start"));
    store.add_message(
        id,
        SeedMessage::new(Author::Operator(1), "Hello, can I help you?"),
    );
    let got = data(get_query(&sim, "get", &[("conversation_id", &id.to_string())]).await);
    for k in [
        "conversation_id",
        "operator_id",
        "from_blinger_user_id",
        "to_blinger_user_id",
        "from_user",
        "to_user",
        "application",
        "status",
        "date_created",
        "date_updated",
        "messages",
    ] {
        assert!(got.get(k).is_some(), "missing {k}");
    }
    let mut user_keys = TO_BLINGER_USER_KEYS.to_vec();
    user_keys.extend([
        "dialog_id",
        "comments_group_id",
        "phone",
        "service_user_nickname",
    ]);
    assert_keys(&got["from_user"], &user_keys);
    assert_keys(&got["to_user"], &user_keys);
    assert_eq!(got["from_user"]["role"], "default");
    assert_eq!(got["from_user"]["phone"], "+37529576375");
    assert_eq!(got["to_user"]["role"], "customer");
    let msgs = got["messages"].as_array().unwrap();
    assert_keys(&msgs[0], &["id", "message", "type", "date_created"]);
    assert!(msgs[0].get("is_outgoing").is_none(), "undocumented");
    assert!(
        msgs[0].get("operator_id").is_none(),
        "customer messages carry no operator_id"
    );
    assert_eq!(msgs[1]["operator_id"], 1);
}

#[tokio::test]
async fn undocumented_errors_use_our_texts() {
    let sim = sim().await;
    assert_error(
        &get_query(&sim, "get", &[("conversation_id", "424242")]).await,
        404,
        "Conversation not found.",
    );
    assert_error(
        &get_query(&sim, "get", &[]).await,
        400,
        "conversation_id is empty",
    );
    assert_error(
        &get_query(&sim, "get", &[("conversation_id", "abc")]).await,
        400,
        "conversation_id must be an integer",
    );
    assert_error(
        &post_form(&sim, "close", &[]).await,
        400,
        "conversation_id is empty",
    );
    assert_error(
        &post_form(&sim, "close", &[("conversation_id", "9999")]).await,
        404,
        "Conversation not found.",
    );
    assert_error(
        &get_query(&sim, "unread", &[("group_id", "x")]).await,
        400,
        "group_id must be an integer",
    );
    assert_error(&post_form(&sim, "nope", &[]).await, 404, "Not found.");
}

#[tokio::test]
async fn a_json_body_is_not_understood_but_multipart_is() {
    let sim = sim().await;
    let id = sim.store().add_conversation(inbox(1));
    let url = format!("{}/conversations/send-message", sim.api_base_url());
    let json = client()
        .post(&url)
        .header("Authentication", TOKEN)
        .json(&serde_json::json!({ "conversation_id": id, "text": "hi" }))
        .send()
        .await
        .unwrap();
    assert_error(&json_of(json).await, 400, "conversation_id is empty");
    let form = reqwest::multipart::Form::new()
        .text("conversation_id", id.to_string())
        .text("text", "from multipart");
    let multipart = client()
        .post(&url)
        .header("Authentication", TOKEN)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(data(json_of(multipart).await)["message"], "from multipart");
}

#[tokio::test]
async fn a_customer_picture_is_an_image_message_served_by_the_file_store() {
    let sim = sim().await;
    let id = sim.store().add_conversation(inbox(1));
    let base = format!("http://{}", sim.addr());
    let url = format!("{base}/files/photos/parcel.png");
    let sent = json_of(
        client()
            .post(format!("{base}/_sim/customer-message"))
            .header("Authentication", TOKEN)
            .json(&serde_json::json!({ "conversation_id": id, "text": url, "kind": "image" }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(sent.0, 200, "{sent:?}");
    let got = data(get_query(&sim, "get", &[("conversation_id", &id.to_string())]).await);
    let last = got["messages"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["type"], "image");
    assert_eq!(last["message"], url.as_str());

    let picture = client().get(&url).send().await.unwrap();
    assert_eq!(picture.status(), 200);
    assert_eq!(picture.headers()["content-type"], "image/png");
    assert!(picture
        .bytes()
        .await
        .unwrap()
        .starts_with(b"\x89PNG\r\n\x1a\n"));
    let other = client()
        .get(format!("{base}/files/notes.txt"))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 404);
}
