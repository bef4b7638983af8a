//! The Widget API over real HTTP: shapes from blinger-widget-api-conversation.txt,
//! uuid idempotency, and errors.

mod common;

use common::*;
use serde_json::json;

const AGENT_KEYS: &[&str] = &[
    "id",
    "serviceUserId",
    "name",
    "status",
    "avatar",
    "active",
    "createdAt",
    "updatedAt",
];
const MESSAGE_KEYS: &[&str] = &[
    "id",
    "status",
    "type",
    "body",
    "file",
    "review",
    "bot",
    "agent",
    "endUser",
    "microseconds",
    "createdAt",
    "updatedAt",
];

fn assert_keys(v: &serde_json::Value, keys: &[&str]) {
    for k in keys {
        assert!(v.get(*k).is_some(), "missing `{k}` in {v}");
    }
}

#[tokio::test]
async fn assign_agent_answers_the_conversation_with_its_agent() {
    let sim = sim().await;
    let store = sim.store();
    let agent = store.add_widget_agent("Vadim Belorusov");
    let conv = store.add_widget_conversation("Visitor");
    let got = data(widget_post(&sim, &conv, "assign-agent", json!({ "agentId": agent })).await);
    assert_keys(
        &got,
        &["id", "assignedAgent", "locked", "createdAt", "updatedAt"],
    );
    assert_eq!(got["id"], conv);
    assert_keys(&got["assignedAgent"], AGENT_KEYS);
    assert_eq!(got["assignedAgent"]["name"], "Vadim Belorusov");
    assert_eq!(
        store.widget_conversation(&conv).unwrap().assigned_agent_id,
        Some(agent)
    );
    let unknown = widget_post(
        &sim,
        &conv,
        "assign-agent",
        json!({ "agentId": "c671d030-584e-4422-8710-9215c04b6a64" }),
    )
    .await;
    assert_error(&unknown, 404, "Agent not found.");
    assert_error(
        &widget_post(&sim, &conv, "assign-agent", json!({})).await,
        400,
        "agentId is empty",
    );
}

#[tokio::test]
async fn send_text_message_is_idempotent_per_uuid() {
    let sim = sim().await;
    let conv = sim.store().add_widget_conversation("Visitor");
    let body = json!({ "uuid": "554f11c1-ec1e-4fdb-9953-bfad33013f58", "text": "Hello" });
    let first = data(widget_post(&sim, &conv, "send-text-message", body.clone()).await);
    assert_keys(&first, MESSAGE_KEYS);
    assert_eq!(first["id"], "554f11c1-ec1e-4fdb-9953-bfad33013f58");
    assert_eq!(
        (&first["type"], &first["body"], &first["status"]),
        (&json!("text"), &json!("Hello"), &json!("delivered"))
    );
    assert_keys(
        &first["endUser"],
        &["id", "websocketToken", "createdAt", "updatedAt"],
    );
    let retry = data(widget_post(&sim, &conv, "send-text-message", body).await);
    assert_eq!(retry, first, "a retry answers the same message");
    assert_eq!(
        sim.store().widget_messages(&conv).len(),
        1,
        "and stores nothing new"
    );

    let other = sim.store().add_widget_conversation("Someone else");
    let reused = widget_post(
        &sim,
        &other,
        "send-text-message",
        json!({ "uuid": "554f11c1-ec1e-4fdb-9953-bfad33013f58", "text": "x" }),
    )
    .await;
    assert_error(&reused, 409, "uuid is already used in another conversation");
}

#[tokio::test]
async fn send_text_message_errors() {
    let sim = sim().await;
    let conv = sim.store().add_widget_conversation("Visitor");
    assert_error(
        &widget_post(&sim, &conv, "send-text-message", json!({ "text": "hi" })).await,
        400,
        "uuid is empty",
    );
    assert_error(
        &widget_post(
            &sim,
            &conv,
            "send-text-message",
            json!({ "uuid": "nope", "text": "hi" }),
        )
        .await,
        400,
        "uuid is not a valid UUID",
    );
    let uuid = "0b6c2b64-0f4e-4a52-9a55-0e4b5b9f0c11";
    assert_error(
        &widget_post(
            &sim,
            &conv,
            "send-text-message",
            json!({ "uuid": uuid, "text": "" }),
        )
        .await,
        400,
        "text is empty",
    );
    let unknown = widget_post(
        &sim,
        "3132ad01-1d3c-4d14-ad05-19ae73c07556",
        "send-text-message",
        json!({ "uuid": uuid, "text": "hi" }),
    )
    .await;
    assert_error(&unknown, 404, "Conversation not found.");
    assert!(sim.store().widget_messages(&conv).is_empty());
}

#[tokio::test]
async fn send_file_message_describes_the_file() {
    let sim = sim().await;
    let conv = sim.store().add_widget_conversation("Visitor");
    let url = "https://static.widget.blinger.io/c2/9b/f1/734b2fce.png";
    let uuid = "b01f7d2f-7003-4cc2-9a95-ac20d6374358";
    let got = data(
        widget_post(
            &sim,
            &conv,
            "send-file-message",
            json!({ "uuid": uuid, "file": url }),
        )
        .await,
    );
    assert_keys(&got, MESSAGE_KEYS);
    assert_eq!(got["type"], "file");
    assert!(got["body"].is_null());
    let file = &got["file"];
    assert_keys(
        file,
        &[
            "id",
            "type",
            "meta",
            "info",
            "url",
            "createdAt",
            "updatedAt",
        ],
    );
    assert_eq!(file["type"], "image");
    assert_eq!(file["info"]["ext"], "png");
    assert_eq!(file["info"]["mimeType"], "image/png");
    assert_eq!(file["url"]["default"], url);
    let again = data(
        widget_post(
            &sim,
            &conv,
            "send-file-message",
            json!({ "uuid": uuid, "file": url }),
        )
        .await,
    );
    assert_eq!(again, got);
    let empty = widget_post(
        &sim,
        &conv,
        "send-file-message",
        json!({ "uuid": "6350e4fa-7b69-4f6b-b24e-228a05d62c21" }),
    )
    .await;
    assert_error(&empty, 400, "file is empty");
}

#[tokio::test]
async fn request_review_comes_from_the_bot() {
    let sim = sim().await;
    let store = sim.store();
    let agent = store.add_widget_agent("Olga");
    let conv = store.add_widget_conversation("Visitor");
    store.api_widget_assign_agent(&conv, Some(&agent)).unwrap();
    let resp = client()
        .post(format!(
            "{}/conversation/{conv}/request-review",
            sim.widget_base_url()
        ))
        .header("Authorization", WIDGET_TOKEN)
        .send()
        .await
        .unwrap();
    let got = data(json_of(resp).await);
    assert_keys(&got, MESSAGE_KEYS);
    assert_eq!(got["type"], "review");
    assert_keys(
        &got["review"],
        &[
            "id",
            "agent",
            "endUser",
            "mark",
            "confirmed",
            "text",
            "createdAt",
            "updatedAt",
        ],
    );
    assert_eq!(got["review"]["agent"]["id"], agent);
    assert_eq!(got["bot"]["name"], "Blinger bot");
    assert!(got["endUser"].is_null());
    assert_eq!(store.widget_messages(&conv).last().unwrap().kind, "review");
}

#[tokio::test]
async fn the_widget_api_wants_its_own_token_in_authorization() {
    let sim = sim().await;
    let conv = sim.store().add_widget_conversation("Visitor");
    let url = format!(
        "{}/conversation/{conv}/send-text-message",
        sim.widget_base_url()
    );
    let body = json!({ "uuid": "9f0b8a7e-1c2d-4e3f-8a9b-0c1d2e3f4a5b", "text": "hi" });
    let c = client();
    for req in [
        c.post(&url).json(&body),
        c.post(&url).header("Authorization", TOKEN).json(&body),
        c.post(&url)
            .header("Authentication", WIDGET_TOKEN)
            .json(&body),
    ] {
        assert_error(
            &json_of(req.send().await.unwrap()).await,
            401,
            "Authorization failed.",
        );
    }
    assert!(sim.store().widget_messages(&conv).is_empty());
    // Form bodies are accepted too.
    let form = c.post(&url).header("Authorization", WIDGET_TOKEN).form(&[
        ("uuid", "9f0b8a7e-1c2d-4e3f-8a9b-0c1d2e3f4a5b"),
        ("text", "hi"),
    ]);
    assert_eq!(
        data(json_of(form.send().await.unwrap()).await)["body"],
        "hi"
    );
}
