//! What the window should show, worked out independently from the simulator's
//! store (`GET /_sim/state`) rather than from anything the app computed.

use serde_json::Value;

/// The name the inbox shows for `conversation`: the operator-given name, else the
/// customer's own name, else the placeholder Blinger itself sends
/// (`from_user_name`, see crates/sim/src/render/mod.rs).
pub fn customer_name(state: &Value, conversation: &Value) -> String {
    let user_id = conversation["from_blinger_user_id"].as_i64().unwrap_or(0);
    let user = &state["users"][user_id.to_string()];
    let named = |v: &Value| {
        v.as_str()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
    };
    named(&user["custom_name"])
        .or_else(|| named(&user["name"]))
        .unwrap_or_else(|| match user["application"].as_str() {
            Some("livechat") => format!("LiveChat client #{user_id}"),
            _ => format!("Client #{user_id}"),
        })
}

/// Every conversation of the store.
pub fn conversations(state: &Value) -> Vec<&Value> {
    match &state["conversations"] {
        Value::Object(map) => map.values().collect(),
        Value::Array(list) => list.iter().collect(),
        _ => Vec::new(),
    }
}

/// `(id, customer name)` of the conversations matching `keep`.
fn named(state: &Value, keep: impl Fn(&Value) -> bool) -> Vec<(i64, String)> {
    conversations(state)
        .into_iter()
        .filter(|c| keep(c))
        .map(|c| (c["id"].as_i64().unwrap_or(0), customer_name(state, c)))
        .collect()
}

/// Unassigned conversations: the Unassigned tab.
pub fn unassigned(state: &Value) -> Vec<(i64, String)> {
    named(state, |c| c["status"] == "unassigned")
}

/// Conversations with unread messages that the app can see: those of the
/// `unread` list (open ones; the documented `unassigned` items carry no count,
/// and closed ones are in no list the app reads). The Unread tab, and the tray's
/// count, for an account without an operator id (which sees every operator's).
pub fn unread(state: &Value) -> Vec<(i64, String)> {
    named(state, |c| {
        c["status"] == "inbox" && c["unread_count"].as_i64().unwrap_or(0) > 0
    })
}

/// Open (assigned) conversations.
pub fn in_inbox(state: &Value) -> Vec<(i64, String)> {
    named(state, |c| c["status"] == "inbox")
}

/// Unassigned conversations, the least recently updated first. Blinger's
/// documented `unassigned` items carry nothing that moves when the customer writes
/// again; the list's order does (newest first), so a message is noticed at the next
/// poll unless its conversation is already on top (then at its refresh, minutes
/// later, or at once by webhook). Tests that wait seconds write to one below.
pub fn unassigned_oldest_first(state: &Value) -> Vec<(i64, String)> {
    let mut all: Vec<&Value> = conversations(state)
        .into_iter()
        .filter(|c| c["status"] == "unassigned")
        .collect();
    all.sort_by_key(|c| (c["date_updated"].as_i64(), c["id"].as_i64()));
    all.into_iter()
        .map(|c| (c["id"].as_i64().unwrap_or(0), customer_name(state, c)))
        .collect()
}

/// Names only.
pub fn names(list: &[(i64, String)]) -> Vec<String> {
    list.iter().map(|(_, n)| n.clone()).collect()
}

/// A conversation whose customer's name no other conversation shares, so its
/// row (found by name) is unambiguous.
pub fn with_unique_name<'a>(
    all: &Value,
    among: &'a [(i64, String)],
    skip: &[i64],
) -> &'a (i64, String) {
    let every = named(all, |_| true);
    among
        .iter()
        .filter(|(id, _)| !skip.contains(id))
        .find(|(_, name)| {
            every.iter().filter(|(_, n)| n == name).count() == 1
                && !every.iter().any(|(_, n)| n != name && n.starts_with(name))
        })
        .expect("the demo data has a conversation with a unique customer name")
}

/// The messages of a conversation as the simulator stored them.
pub fn messages(conversation: &Value) -> Vec<Value> {
    conversation["messages"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}
