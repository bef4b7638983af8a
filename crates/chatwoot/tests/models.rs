//! Decoding of answers: the spec's own examples, the white-labelled page's example,
//! and messy variants a real server (or an older one) sends.
//!
//! `fixtures/spec_*.json` are what a mock generated from the official OpenAPI file
//! answers (`prism mock`, static mode: every field the schema has, with its example
//! or a placeholder such as `"string"` / `0`). `99digital_conversation_create.json`
//! is the response example of the 99digital page, with its stray trailing comma
//! (invalid JSON) removed. `server_conversation_list.json` mixes what Chatwoot
//! servers send with the oddities the models must survive.

use chatwoot::*;
use serde_json::{json, Value};

fn fixture(name: &str) -> Value {
    // The checkout at run time, not at build time: a shared build cache may hold
    // binaries built from a checkout elsewhere.
    let path = format!(
        "{}/tests/fixtures/{name}",
        std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn decode<T: serde::de::DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).unwrap()
}

#[test]
fn spec_conversation_list_decodes() {
    let list: ConversationList = decode(fixture("spec_conversation_list.json"));
    assert_eq!(list.counts, ConversationCounts::default());
    let c = &list.conversations[0];
    assert_eq!(c.id, ConversationId(0));
    assert_eq!(c.status, Some(ConversationStatus::Open));
    assert_eq!(c.labels, ["string"]);
    assert_eq!(c.can_reply, Some(true));
    assert!(c.muted);
    // The spec types `timestamp` as a string; its placeholder is not a time.
    assert_eq!(c.timestamp, None);
    assert_eq!(c.created_at, Some(Timestamp::from_unix(0)));
    assert_eq!(c.customer_name(), Some("string"));
    let sender = c.meta.sender.as_ref().unwrap();
    assert_eq!(sender.email.as_deref(), Some("string"));
    assert_eq!(sender.identifier.as_deref(), Some("string"));
    assert_eq!(
        c.meta.assignee.as_ref().unwrap().role.as_deref(),
        Some("agent")
    );
    assert_eq!(c.meta.channel.as_deref(), Some("string"));
    let last = c.last_message().unwrap();
    assert_eq!(last.message_type, Some(MessageType::Incoming));
    assert!(last.is_incoming() && last.is_note());
    // `"attachment": {}` and `"sender": {}` are the spec's empty placeholders.
    assert!(last.attachments.is_empty());
    assert_eq!(last.sender, None);
}

#[test]
fn spec_conversation_show_and_create_decode() {
    let c: Conversation = decode(fixture("spec_conversation_show.json"));
    assert_eq!(c.messages.len(), 1);
    assert_eq!(c.meta.assignee.as_ref().unwrap().id, AgentId(0));
    // The spec's create answer has three fields only.
    let created: Conversation = decode(fixture("spec_conversation_create.json"));
    assert_eq!(created.inbox_id, Some(InboxId(0)));
    assert_eq!(created.status, None);
}

#[test]
fn the_white_labelled_example_decodes() {
    let c: Conversation = decode(fixture("99digital_conversation_create.json"));
    assert_eq!(c.status, Some(ConversationStatus::Open));
    assert_eq!(c.can_reply, Some(false));
    let assignee = c.meta.assignee.as_ref().unwrap();
    assert_eq!(assignee.availability_status.as_deref(), Some("online"));
    assert_eq!(
        c.meta.sender.as_ref().unwrap().custom_attributes["attribute_key"],
        "attribute_value"
    );
}

#[test]
fn spec_counts_messages_and_status_answers_decode() {
    let counts: ConversationCounts =
        decode(fixture("spec_conversation_counts.json")["meta"].clone());
    assert_eq!(counts.all, 0);

    let list: MessageList = decode(fixture("spec_messages.json"));
    assert_eq!(list.messages.len(), 1);
    assert_eq!(list.meta.labels, ["string"]);
    // The spec wraps the contact as {"payload": [contact]}.
    assert_eq!(
        list.meta.contact.as_ref().unwrap().name.as_deref(),
        Some("string")
    );
    assert_eq!(
        list.meta
            .assignee
            .as_ref()
            .unwrap()
            .availability_status
            .as_deref(),
        Some("available")
    );
    // Here the spec's last-seen times are ISO strings, not seconds.
    assert_eq!(
        list.meta.agent_last_seen_at,
        Timestamp::parse_iso8601("2019-08-24T14:15:22Z")
    );

    let m: Message = decode(fixture("spec_message_create.json"));
    assert_eq!(m.id, MessageId(0));
    assert_eq!(m.content.as_deref(), Some("string"));
    assert_eq!(m.content_type.as_deref(), Some("text"));

    let change: StatusChange = decode(fixture("spec_toggle_status.json")["payload"].clone());
    assert!(change.success);
    assert_eq!(change.current_status, Some(ConversationStatus::Open));
}

#[test]
fn spec_account_lists_and_profile_decode() {
    let agents: Vec<Agent> = decode(fixture("spec_agents.json"));
    assert_eq!(agents[0].display_name(), Some("string"));
    let teams: Vec<Team> = decode(fixture("spec_teams.json"));
    assert!(teams[0].is_member);
    let inboxes: Vec<Inbox> = decode(fixture("spec_inboxes.json")["payload"].clone());
    assert_eq!(inboxes[0].channel_type.as_deref(), Some("string"));
    let assignee: Agent = decode(fixture("spec_assignment.json"));
    assert_eq!(assignee.avatar_url.as_deref(), Some("string"));

    let profile: Profile = decode(fixture("spec_profile.json"));
    assert_eq!(profile.accounts[0].role.as_deref(), Some("administrator"));
    // The profile answer carries the user's access token: it must not be kept.
    let kept = serde_json::to_string(&profile).unwrap() + &format!("{profile:?}");
    assert!(
        !kept.contains("access_token") && !kept.contains("pubsub"),
        "{kept}"
    );
}

#[test]
fn a_real_looking_list_with_oddities_decodes() {
    let list: ConversationList = decode(fixture("server_conversation_list.json"));
    assert_eq!(list.counts.mine, 2);
    assert_eq!(list.counts.unassigned, 3);
    assert_eq!(list.counts.assigned, 5);
    assert_eq!(list.counts.all, 8);
    assert_eq!(list.conversations.len(), 3);

    let c = &list.conversations[0];
    assert_eq!(c.customer_name(), Some("Dana Levi"));
    assert_eq!(
        c.meta.team.as_ref().map(|t| t.name.as_deref()),
        Some(Some("billing"))
    );
    assert_eq!(
        c.meta.assignee.as_ref().unwrap().display_name(),
        Some("Ops")
    );
    assert_eq!(c.updated_at, Some(Timestamp::from_unix(1_731_000_100)));
    assert_eq!(c.first_reply_created_at, None);
    assert_eq!(c.custom_attributes["order"], "A-17");
    let m = &c.messages[0];
    assert!(m.is_incoming() && !m.is_note());
    assert_eq!(m.sender.as_ref().unwrap().kind.as_deref(), Some("contact"));
    let a = &m.attachments[0];
    assert_eq!(a.file_type.as_deref(), Some("image"));
    assert_eq!(a.file_size, Some(48_213));
    assert!(a.data_url.as_deref().unwrap().ends_with("photo.jpg"));
    assert!(a.thumb_url.is_some());

    let odd = &list.conversations[1];
    assert_eq!(odd.id, ConversationId(1043));
    assert_eq!(odd.inbox_id, Some(InboxId(5)));
    assert_eq!(odd.status, Some(ConversationStatus::Snoozed));
    assert_eq!(odd.unread_count, 3);
    assert_eq!(odd.can_reply, Some(false));
    assert!(odd.muted);
    assert!(odd.labels.is_empty());
    assert!(odd.additional_attributes.is_empty());
    assert_eq!(
        odd.snoozed_until,
        Timestamp::parse_iso8601("2030-01-01T00:00:00Z")
    );
    // A blank name falls back to the email; a numeric phone number becomes text.
    assert_eq!(odd.customer_name(), Some("guest@example.com"));
    assert_eq!(
        odd.meta.sender.as_ref().unwrap().phone_number.as_deref(),
        Some("972521112222")
    );
    assert_eq!(odd.meta.assignee, None);
    // The message without an id is dropped; the preview skips the activity line.
    assert_eq!(odd.messages.len(), 2);
    assert_eq!(
        odd.last_message().unwrap().content.as_deref(),
        Some("Guest wrote")
    );
    assert!(odd.messages[1].is_activity());
    assert_eq!(
        odd.last_activity(),
        Timestamp::parse_iso8601("2024-11-07T17:21:40Z")
    );

    let unknown = &list.conversations[2];
    assert_eq!(unknown.status, None);
    assert_eq!(unknown.meta, ConversationMeta::default());
    assert_eq!(unknown.customer_name(), None);
}

#[test]
fn message_type_reads_numbers_and_names() {
    for (raw, expected) in [
        (json!(0), MessageType::Incoming),
        (json!(1), MessageType::Outgoing),
        (json!("2"), MessageType::Activity),
        (json!(3), MessageType::Template),
        (json!("outgoing"), MessageType::Outgoing),
        (json!("template"), MessageType::Template),
    ] {
        let m: Message = decode(json!({"id": 1, "message_type": raw}));
        assert_eq!(m.message_type, Some(expected), "{raw}");
    }
    let unknown: Message = decode(json!({"id": 1, "message_type": 9}));
    assert_eq!(unknown.message_type, None);
    assert!(!unknown.is_incoming());
}

#[test]
fn notes_and_senders() {
    let note: Message = decode(json!({
        "id": "77", "content": "internal", "message_type": 1, "private": true,
        "sender": {"id": 4, "name": "Ops Person", "available_name": "Ops", "type": "user", "avatar_url": ""}
    }));
    assert!(note.is_note());
    assert_eq!(note.id, MessageId(77));
    assert_eq!(note.sender.as_ref().unwrap().display_name(), Some("Ops"));
    // The spec's singular `attachment` object is read too, when it has content.
    let single: Message = decode(
        json!({"id": 1, "attachment": {"file_type": "file", "data_url": "https://x/y.pdf"}}),
    );
    assert_eq!(single.attachments.len(), 1);
}

#[test]
fn the_shape_that_matters_is_strict() {
    // Without a payload, or with an item that has no id, a list is not what the API documents.
    assert!(serde_json::from_value::<ConversationList>(json!({"data": {"meta": {}}})).is_err());
    assert!(serde_json::from_value::<ConversationList>(
        json!({"data": {"payload": [{"status": "open"}]}})
    )
    .is_err());
    assert!(serde_json::from_value::<ConversationList>(json!([])).is_err());
    assert!(serde_json::from_value::<Vec<Agent>>(json!({"payload": []})).is_err());
}

#[test]
fn models_round_trip_through_their_own_serialization() {
    let list: ConversationList = decode(fixture("server_conversation_list.json"));
    for c in &list.conversations {
        let again: Conversation = decode(serde_json::to_value(c).unwrap());
        assert_eq!(&again, c);
    }
}
