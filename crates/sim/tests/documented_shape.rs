//! The simulator answers with exactly the fields the Blinger docs show — the
//! documented examples are the reference (the client crate keeps them verbatim
//! and checks them against the docs) — and with more only behind `extras`.

mod common;

use blinger_sim::{Author, ConversationStatus, NewConversation, SeedMessage, SimConfig};
use common::*;
use serde_json::Value;
use std::collections::BTreeSet;

fn documented(fixture: &str) -> Value {
    let path = format!(
        "{}/../blinger/tests/fixtures/{fixture}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

/// The keys of the first item of a documented list answer.
fn documented_item_keys(fixture: &str) -> BTreeSet<String> {
    keys(&documented(fixture)["data"][0])
}

async fn seeded(extras: bool) -> (blinger_sim::SimHandle, i64, i64) {
    let sim = sim_with(SimConfig {
        extras,
        ..SimConfig::default()
    })
    .await;
    let store = sim.store();
    let op = store.add_operator("Olga", "olga@example.com");
    let waiting = store.add_conversation(NewConversation::default());
    store.add_message(waiting, SeedMessage::new(Author::Customer, "hello"));
    let mine = store.add_conversation(NewConversation {
        status: ConversationStatus::Inbox,
        operator_id: Some(op),
        unread: 1,
        ..NewConversation::default()
    });
    store.add_message(mine, SeedMessage::new(Author::Customer, "where is it?"));
    store.add_message(mine, SeedMessage::new(Author::Operator(op), "on its way"));
    store.add_message(mine, SeedMessage::new(Author::Note(op), "VIP"));
    store.add_message(mine, SeedMessage::new(Author::Customer, "thanks"));
    (sim, waiting, mine)
}

#[tokio::test]
async fn lists_and_get_carry_exactly_the_documented_fields() {
    let (sim, _, mine) = seeded(false).await;
    let unassigned = data(get_query(&sim, "unassigned", &[]).await);
    assert_eq!(
        keys(&unassigned[0]),
        documented_item_keys("conversation_unassigned_200.json")
    );
    for (endpoint, fixture) in [
        ("unread", "conversation_unread_200.json"),
        ("not-answered", "conversation_not_answered_200.json"),
    ] {
        let list = data(get_query(&sim, endpoint, &[]).await);
        assert!(!list.as_array().unwrap().is_empty(), "{endpoint}");
        assert_eq!(keys(&list[0]), documented_item_keys(fixture), "{endpoint}");
    }
    let get = data(get_query(&sim, "get", &[("conversation_id", &mine.to_string())]).await);
    let doc = documented("conversation_get_200.json");
    assert_eq!(keys(&get), keys(&doc["data"]));
    // Customer messages: id, message, type, date_created; operator messages add
    // operator_id — notes included, which the docs give no way to tell apart.
    let doc_messages = doc["data"]["messages"].as_array().unwrap();
    let customer_keys = keys(&doc_messages[0]);
    let operator_keys = keys(&doc_messages[1]);
    for m in get["messages"].as_array().unwrap() {
        let expected = if m.get("operator_id").is_some() {
            &operator_keys
        } else {
            &customer_keys
        };
        assert_eq!(&keys(m), expected, "{m}");
    }
    let operator_messages = get["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m.get("operator_id").is_some())
        .count();
    assert_eq!(operator_messages, 2, "the reply and the note");
}

#[tokio::test]
async fn extras_add_the_undocumented_fields_only_when_asked() {
    let (sim, _, mine) = seeded(true).await;
    let unassigned = data(get_query(&sim, "unassigned", &[]).await);
    assert_eq!(unassigned[0]["last_message"], "hello");
    assert!(unassigned[0]["last_message_date"].is_i64());
    let unread = data(get_query(&sim, "unread", &[]).await);
    assert_eq!(unread[0]["last_message"], "thanks");
    let get = data(get_query(&sim, "get", &[("conversation_id", &mine.to_string())]).await);
    let notes: Vec<&Value> = get["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["is_inner_message"] == true)
        .collect();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["message"], "VIP");
    // And off again at run time.
    sim.store().set_extras(false);
    let unassigned = data(get_query(&sim, "unassigned", &[]).await);
    assert!(unassigned[0].get("last_message").is_none());
}
