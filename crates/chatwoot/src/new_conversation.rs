//! The body of `POST conversations`.

use crate::models::{AgentId, ContactId, ConversationStatus, InboxId, TeamId, Timestamp};
use deskbell_transport::Error;
use serde::Serialize;
use serde_json::{Map, Value};

/// The body of `POST conversations` (see [`Client::create_conversation`](crate::Client::create_conversation)).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewConversation {
    inbox_id: InboxId,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact_id: Option<ContactId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<ConversationStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    assignee_id: Option<AgentId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    team_id: Option<TeamId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    additional_attributes: Option<Map<String, Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    custom_attributes: Option<Map<String, Value>>,
    /// The spec types this one as a `date-time` string (toggle_status wants seconds).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "Timestamp::serialize_iso"
    )]
    snoozed_until: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<InitialMessage>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
struct InitialMessage {
    content: String,
}

impl NewConversation {
    /// A conversation in this inbox. Also give a [`source_id`](Self::source_id)
    /// (the contact's id within the inbox: phone number, email, widget session…),
    /// a [`contact_id`](Self::contact_id), or both.
    pub fn new(inbox_id: impl Into<InboxId>) -> Self {
        NewConversation {
            inbox_id: inbox_id.into(),
            source_id: None,
            contact_id: None,
            status: None,
            assignee_id: None,
            team_id: None,
            additional_attributes: None,
            custom_attributes: None,
            snoozed_until: None,
            message: None,
        }
    }

    pub fn source_id(mut self, source_id: impl Into<String>) -> Self {
        self.source_id = Some(source_id.into());
        self
    }

    pub fn contact_id(mut self, contact_id: impl Into<ContactId>) -> Self {
        self.contact_id = Some(contact_id.into());
        self
    }

    /// The spec allows `open`, `resolved`, `pending`; `snoozed` is accepted by
    /// servers (and listed by 99digital's documentation) but not by the spec.
    pub fn status(mut self, status: ConversationStatus) -> Self {
        self.status = Some(status);
        self
    }

    pub fn assignee_id(mut self, agent_id: impl Into<AgentId>) -> Self {
        self.assignee_id = Some(agent_id.into());
        self
    }

    pub fn team_id(mut self, team_id: impl Into<TeamId>) -> Self {
        self.team_id = Some(team_id.into());
        self
    }

    /// Browser information and the like.
    pub fn additional_attributes(mut self, attributes: Map<String, Value>) -> Self {
        self.additional_attributes = Some(attributes);
        self
    }

    /// Values for the account's conversation custom attributes.
    pub fn custom_attributes(mut self, attributes: Map<String, Value>) -> Self {
        self.custom_attributes = Some(attributes);
        self
    }

    pub fn snoozed_until(mut self, until: Timestamp) -> Self {
        self.snoozed_until = Some(until);
        self
    }

    /// A first message, sent as the conversation is created.
    pub fn message(mut self, content: impl Into<String>) -> Self {
        self.message = Some(InitialMessage {
            content: content.into(),
        });
        self
    }

    pub(crate) fn check(&self) -> Result<(), Error> {
        let blank = |s: &Option<String>| s.as_deref().is_none_or(|s| s.trim().is_empty());
        if blank(&self.source_id) && self.contact_id.is_none() {
            // Without either, the server cannot tell whom the conversation is with.
            return Err(Error::InvalidInput(
                "a new conversation needs a source_id or a contact_id".into(),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn new_conversation_serializes_what_the_spec_types_demand() {
        let body = NewConversation::new(7)
            .source_id("+972501234567")
            .contact_id(9)
            .status(ConversationStatus::Pending)
            .assignee_id(2)
            .team_id(3)
            .snoozed_until(Timestamp::from_unix(1_900_000_000))
            .message("Hello");
        let v = serde_json::to_value(&body).unwrap();
        assert_eq!(
            v,
            json!({
                "inbox_id": 7, "source_id": "+972501234567", "contact_id": 9, "status": "pending",
                "assignee_id": 2, "team_id": 3, "snoozed_until": "2030-03-17T17:46:40Z",
                "message": {"content": "Hello"}
            })
        );
        let minimal = serde_json::to_value(NewConversation::new(7).contact_id(1)).unwrap();
        assert_eq!(minimal, json!({"inbox_id": 7, "contact_id": 1}));
    }

    #[test]
    fn a_conversation_with_nobody_is_refused_locally() {
        assert!(NewConversation::new(1).check().is_err());
        assert!(NewConversation::new(1).source_id(" ").check().is_err());
        assert!(NewConversation::new(1).source_id("s").check().is_ok());
        assert!(NewConversation::new(1).contact_id(2).check().is_ok());
    }
}
