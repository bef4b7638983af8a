//! What Blinger's answers say about who works on the account, for the roster.
//!
//! Where the docs carry them (blinger-conversation-api.md, blinger-webhooks.txt,
//! blinger-widget-api-conversation.txt):
//! * conversations (list items and the actions' answers): `operator_user_id`, with
//!   `operator_email` in the `unread` / `not-answered` items, and `group_id`;
//! * `get`: the conversation's `operator_id` and each operator message's `operator_id`;
//! * webhooks: `operator {id, name, email}` (fields null when nobody is assigned);
//! * Widget API `assign-agent`: the `assignedAgent` with its `name`.
//!
//! The customer's and the business's user records carry a `group_id` too; that is
//! a group of users, not an operator group, and is left alone.

use crate::roster::{AccountRoster, Kind};

/// A conversation of a list or of an action's answer.
pub fn conversation(roster: &mut AccountRoster, c: &blinger::Conversation, now: i64) {
    if let Some(id) = c.operator_user_id {
        roster.see_operator(id, c.operator_email.as_deref(), None, now);
    }
    if let Some(id) = c.group_id {
        roster.see_group(id, now);
    }
}

/// `get`'s answer: its operator and the authors of its operator messages.
pub fn detail(roster: &mut AccountRoster, d: &blinger::ConversationDetail, now: i64) {
    let authors = d.messages.iter().filter_map(|m| m.operator_id);
    for id in d.operator_id.into_iter().chain(authors) {
        roster.see_operator(id, None, None, now);
    }
}

/// A webhook's operator, with the name and email the event gives.
pub fn webhook(roster: &mut AccountRoster, event: &blinger::WebhookEvent, now: i64) {
    if let Some(op) = event.operator() {
        if let Some(id) = op.id {
            roster.see_operator(id, op.email.as_deref(), op.name.as_deref(), now);
        }
    }
}

/// A Widget API agent the server accepted: `assign-agent`'s answer names it; an
/// answer without the agent still proves the id typed (`agent_id`) is one.
pub fn widget_agent(
    roster: &mut AccountRoster,
    agent_id: &str,
    answer: &blinger::WidgetConversation,
    now: i64,
) {
    match &answer.assigned_agent {
        Some(agent) => roster.see(Kind::Agent, &agent.id, None, agent.name.as_deref(), now),
        None => roster.see(Kind::Agent, agent_id, None, None, now),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::Seen;

    const NOW: i64 = 1_700_000_000;

    /// The `data` of one of the docs' examples (crates/blinger/tests/fixtures).
    fn data<T: serde::de::DeserializeOwned>(example: &str) -> T {
        let envelope: serde_json::Value = serde_json::from_str(example).unwrap();
        serde_json::from_value(envelope["data"].clone()).unwrap()
    }

    /// The docs' webhook examples as strict JSON: without their `// only for livechat`.
    fn without_comments(example: &str) -> String {
        example
            .lines()
            .map(|line| line.split(" //").next().unwrap_or(line))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn seen(email: Option<&str>, name: Option<&str>) -> Seen {
        Seen {
            email: email.map(Into::into),
            name: name.map(Into::into),
            seen_at: NOW,
        }
    }

    #[test]
    fn list_items_give_operators_with_their_email_and_groups() {
        let mut r = AccountRoster::default();
        let unread: Vec<blinger::Conversation> = data(include_str!(
            "../../../../blinger/tests/fixtures/conversation_unread_200.json"
        ));
        let unassigned: Vec<blinger::Conversation> = data(include_str!(
            "../../../../blinger/tests/fixtures/conversation_unassigned_200.json"
        ));
        for c in unread.iter().chain(&unassigned) {
            conversation(&mut r, c, NOW);
        }
        assert_eq!(r.operators["18"], seen(Some("operator@gmail.com"), None));
        assert_eq!(r.groups.keys().collect::<Vec<_>>(), ["21"]);
        // An action's full answer: the operator and group, not the user records' groups.
        let assigned: blinger::Conversation = data(include_str!(
            "../../../../blinger/tests/fixtures/conversation_assign_operator_200.json"
        ));
        conversation(&mut r, &assigned, NOW);
        assert!(r.operators.contains_key("3"));
        assert_eq!(r.groups.keys().collect::<Vec<_>>(), ["1", "21"]);
    }

    #[test]
    fn get_gives_the_operator_and_the_authors_of_messages() {
        let mut r = AccountRoster::default();
        let d: blinger::ConversationDetail = data(include_str!(
            "../../../../blinger/tests/fixtures/conversation_get_200.json"
        ));
        detail(&mut r, &d, NOW);
        assert_eq!(r.operators.keys().collect::<Vec<_>>(), ["457"]);
        let mixed: blinger::ConversationDetail = serde_json::from_str(
            r#"{"conversation_id":1,"operator_id":null,"messages":[
                {"id":1,"message":"a","operator_id":"12"},{"id":2,"message":"b"},
                {"id":3,"message":"c","operator_id":0}]}"#,
        )
        .unwrap();
        detail(&mut r, &mixed, NOW);
        assert_eq!(r.operators.keys().collect::<Vec<_>>(), ["12", "457"]);
        assert!(r.groups.is_empty());
    }

    #[test]
    fn webhooks_give_the_operators_name_and_email() {
        let mut r = AccountRoster::default();
        for example in [
            include_str!(
                "../../../../blinger/tests/fixtures/webhook_on_conversation_assigned.json"
            ),
            include_str!("../../../../blinger/tests/fixtures/webhook_on_message_incoming.json"),
            include_str!("../../../../blinger/tests/fixtures/webhook_on_user_new.json"),
        ] {
            let event = blinger::WebhookEvent::parse(without_comments(example).as_bytes()).unwrap();
            webhook(&mut r, &event, NOW);
        }
        assert_eq!(r.operators.len(), 1);
        assert_eq!(
            r.operators["11"],
            seen(Some("ta4@tut.by"), Some("Supervisor"))
        );
        // "null if conversation is not assigned to operator".
        let nobody = blinger::WebhookEvent::parse(
            br#"{"webhook":"on_message_incoming","conversation_id":5,
                "operator":{"id":null,"name":null,"email":null}}"#,
        )
        .unwrap();
        webhook(&mut r, &nobody, NOW);
        assert_eq!(r.operators.len(), 1);
    }

    #[test]
    fn a_widget_agent_is_remembered_by_the_answers_name_or_the_id_typed() {
        let mut r = AccountRoster::default();
        let answer: blinger::WidgetConversation = data(include_str!(
            "../../../../blinger/tests/fixtures/widget_assign_agent_200.json"
        ));
        widget_agent(&mut r, "typed", &answer, NOW);
        assert_eq!(
            r.agents["c671d030-584e-4422-8710-9215c04b6a64"],
            seen(None, Some("Vadim Belorusov"))
        );
        let bare = blinger::WidgetConversation::default();
        widget_agent(&mut r, " 3f0c-agent ", &bare, NOW);
        assert_eq!(r.agents["3f0c-agent"], seen(None, None));
        widget_agent(&mut r, "not an id!", &bare, NOW);
        assert_eq!(r.agents.len(), 2);
    }
}
