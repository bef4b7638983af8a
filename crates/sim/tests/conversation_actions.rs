//! Conversation actions over real HTTP (start, close, unassign, assign-*):
//! success shapes and the documented errors, quoted from the docs.

mod common;

use blinger_sim::{Author, ConversationStatus, NewConversation, SeedMessage};
use common::shapes::*;
use common::*;

#[tokio::test]
async fn start_takes_the_conversation_and_marks_it_read() {
    let sim = sim().await;
    let store = sim.store();
    let op = store.add_operator("Maria", "maria@example.com");
    let id = store.add_conversation(NewConversation {
        unread: 2,
        ..Default::default()
    });
    store.add_message(id, SeedMessage::new(Author::Customer, "Hello?"));

    let conv = data(
        post_form(
            &sim,
            "start",
            &[
                ("conversation_id", &id.to_string()),
                ("operator_id", &op.to_string()),
            ],
        )
        .await,
    );
    assert_keys(&conv, CONVERSATION_KEYS);
    assert_keys(&conv["toBlingerUser"], TO_BLINGER_USER_KEYS);
    assert_eq!(conv["toBlingerUser"]["role"], "customer");
    assert_eq!(conv["id"], id);
    assert_eq!(conv["status"], "inbox");
    assert_eq!(conv["operator_user_id"], op);
    assert_eq!(conv["unread_count"], 0);
    assert_eq!(conv["last_message"], "Hello?");
    assert_eq!(conv["type"], "message");
    assert!(conv["close_group"].is_null());
    let snap = store.conversation(id).unwrap();
    assert_eq!(
        (snap.status, snap.operator_id, snap.unread_count),
        (ConversationStatus::Inbox, Some(op), 0)
    );
}

#[tokio::test]
async fn start_without_operator_uses_the_admin() {
    let sim = sim().await;
    let id = sim.store().add_conversation(NewConversation::default());
    let conv = data(post_form(&sim, "start", &[("conversation_id", &id.to_string())]).await);
    assert_eq!(conv["operator_user_id"], 1);
}

#[tokio::test]
async fn start_on_another_operators_conversation_fails_as_documented() {
    let sim = sim().await;
    let other = sim.store().add_operator("Other", "other@example.com");
    let id = sim.store().add_conversation(inbox(other));
    let got = post_form(
        &sim,
        "start",
        &[("conversation_id", &id.to_string()), ("operator_id", "1")],
    )
    .await;
    // Verbatim from the docs, spaces included.
    assert_error(
        &got,
        400,
        "The c    onversation was assigned to another operator",
    );
}

#[tokio::test]
async fn close_and_close_again() {
    let sim = sim().await;
    let id = sim.store().add_conversation(inbox(1)).to_string();
    let conv = data(post_form(&sim, "close", &[("conversation_id", &id)]).await);
    assert_keys(&conv, CONVERSATION_KEYS);
    assert_eq!(conv["status"], "closed");
    let again = post_form(&sim, "close", &[("conversation_id", &id)]).await;
    assert_error(&again, 400, "The conversation is closed.");
}

#[tokio::test]
async fn unassign_and_unassign_again() {
    let sim = sim().await;
    let id = sim.store().add_conversation(inbox(1)).to_string();
    let conv = data(post_form(&sim, "unassign", &[("conversation_id", &id)]).await);
    assert_keys(&conv, CONVERSATION_KEYS);
    assert_eq!(conv["status"], "unassigned");
    assert!(conv["operator_user_id"].is_null());
    let again = post_form(&sim, "unassign", &[("conversation_id", &id)]).await;
    assert_error(&again, 400, "The conversation is already unassigned.");
}

#[tokio::test]
async fn assign_operator_and_assign_the_same_again() {
    let sim = sim().await;
    let op = sim
        .store()
        .add_operator("Dmitry", "dmitry@example.com")
        .to_string();
    let id = sim
        .store()
        .add_conversation(NewConversation::default())
        .to_string();
    let form = [
        ("conversation_id", id.as_str()),
        ("operator_id", op.as_str()),
    ];
    let conv = data(post_form(&sim, "assign-operator", &form).await);
    assert_keys(&conv, CONVERSATION_KEYS);
    assert_eq!(conv["operator_user_id"].to_string(), op);
    assert_eq!(conv["status"], "inbox");
    let again = post_form(&sim, "assign-operator", &form).await;
    assert_error(
        &again,
        400,
        "The conversation has already been assigned to this operator.",
    );
    // Not documented: our own texts.
    let missing = post_form(&sim, "assign-operator", &[("conversation_id", &id)]).await;
    assert_error(&missing, 400, "operator_id is empty");
    let unknown = post_form(
        &sim,
        "assign-operator",
        &[("conversation_id", &id), ("operator_id", "999")],
    )
    .await;
    assert_error(&unknown, 404, "Operator not found.");
}

#[tokio::test]
async fn assign_group_and_assign_the_same_again() {
    let sim = sim().await;
    let group = sim.store().add_group("Billing").to_string();
    let id = sim.store().add_conversation(inbox(1)).to_string();
    let form = [
        ("conversation_id", id.as_str()),
        ("group_id", group.as_str()),
    ];
    let conv = data(post_form(&sim, "assign-group", &form).await);
    assert_keys(&conv, CONVERSATION_KEYS);
    assert_eq!(conv["group_id"].to_string(), group);
    let again = post_form(&sim, "assign-group", &form).await;
    assert_error(&again, 400, "The operator group has already been selected.");
    let unknown = post_form(
        &sim,
        "assign-group",
        &[("conversation_id", &id), ("group_id", "77")],
    )
    .await;
    assert_error(&unknown, 404, "Group not found.");
}
