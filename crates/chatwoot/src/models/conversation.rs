//! Conversations, the list answer and its counts.

use super::de::{count, flag, lenient, list, object, opt_flag, text};
use super::{AccountId, Agent, Contact, ConversationId, InboxId, Message, Team, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConversationStatus {
    Open,
    Resolved,
    Pending,
    /// Hidden until a time or the customer's next message.
    Snoozed,
}

impl ConversationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ConversationStatus::Open => "open",
            ConversationStatus::Resolved => "resolved",
            ConversationStatus::Pending => "pending",
            ConversationStatus::Snoozed => "snoozed",
        }
    }
}

/// A conversation as listed, shown or created.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conversation {
    /// The per-account number used in URLs (Chatwoot's `display_id`).
    pub id: ConversationId,
    #[serde(default, deserialize_with = "text")]
    pub uuid: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub account_id: Option<AccountId>,
    #[serde(default, deserialize_with = "lenient")]
    pub inbox_id: Option<InboxId>,
    /// `None` if absent or a status this client does not know.
    #[serde(default, deserialize_with = "lenient")]
    pub status: Option<ConversationStatus>,
    /// `urgent`, `high`, `medium`, `low` or none.
    #[serde(default, deserialize_with = "text")]
    pub priority: Option<String>,
    /// Messages the agents have not seen yet.
    #[serde(default, deserialize_with = "count")]
    pub unread_count: u64,
    /// `false` outside a channel's messaging window (e.g. WhatsApp after 24 h).
    #[serde(default, deserialize_with = "opt_flag")]
    pub can_reply: Option<bool>,
    #[serde(default, deserialize_with = "flag")]
    pub muted: bool,
    #[serde(default, deserialize_with = "list")]
    pub labels: Vec<String>,
    #[serde(default, deserialize_with = "lenient_meta")]
    pub meta: ConversationMeta,
    /// In lists, the last message only; in a conversation's details, recent ones.
    #[serde(default, deserialize_with = "list")]
    pub messages: Vec<Message>,
    /// The last message that is not an activity line: the preview for the inbox.
    #[serde(default, deserialize_with = "lenient")]
    pub last_non_activity_message: Option<Message>,
    #[serde(default, deserialize_with = "object")]
    pub additional_attributes: Map<String, Value>,
    #[serde(default, deserialize_with = "object")]
    pub custom_attributes: Map<String, Value>,
    #[serde(default, deserialize_with = "lenient")]
    pub created_at: Option<Timestamp>,
    #[serde(default, deserialize_with = "lenient")]
    pub updated_at: Option<Timestamp>,
    /// Last activity; the spec types it as a string, the server sends seconds.
    #[serde(default, deserialize_with = "lenient")]
    pub timestamp: Option<Timestamp>,
    #[serde(default, deserialize_with = "lenient")]
    pub last_activity_at: Option<Timestamp>,
    #[serde(default, deserialize_with = "lenient")]
    pub agent_last_seen_at: Option<Timestamp>,
    #[serde(default, deserialize_with = "lenient")]
    pub assignee_last_seen_at: Option<Timestamp>,
    #[serde(default, deserialize_with = "lenient")]
    pub contact_last_seen_at: Option<Timestamp>,
    #[serde(default, deserialize_with = "lenient")]
    pub first_reply_created_at: Option<Timestamp>,
    /// Since when the customer has been waiting for an answer.
    #[serde(default, deserialize_with = "lenient")]
    pub waiting_since: Option<Timestamp>,
    #[serde(default, deserialize_with = "lenient")]
    pub snoozed_until: Option<Timestamp>,
}

impl Conversation {
    /// What to call the customer: the sender's name, else their email, phone or external id.
    pub fn customer_name(&self) -> Option<&str> {
        self.meta.sender.as_ref().and_then(Contact::display_name)
    }

    /// The message to preview in an inbox: `last_non_activity_message`, else the
    /// newest non-activity message among `messages`.
    pub fn last_message(&self) -> Option<&Message> {
        self.last_non_activity_message
            .as_ref()
            .or_else(|| self.messages.iter().rev().find(|m| !m.is_activity()))
    }

    /// The best available "last changed" time, for sorting and change detection.
    pub fn last_activity(&self) -> Option<Timestamp> {
        self.last_activity_at
            .or(self.timestamp)
            .or(self.updated_at)
            .or(self.created_at)
    }
}

/// `conversation.meta`: who the conversation is with and who handles it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ConversationMeta {
    #[serde(default, deserialize_with = "lenient")]
    pub sender: Option<Contact>,
    #[serde(default, deserialize_with = "lenient")]
    pub assignee: Option<Agent>,
    #[serde(default, deserialize_with = "lenient")]
    pub team: Option<Team>,
    /// The inbox's channel type, e.g. `Channel::WebWidget`.
    #[serde(default, deserialize_with = "text")]
    pub channel: Option<String>,
    #[serde(default, deserialize_with = "opt_flag")]
    pub hmac_verified: Option<bool>,
}

fn lenient_meta<'de, D: serde::Deserializer<'de>>(d: D) -> Result<ConversationMeta, D::Error> {
    lenient(d).map(Option::unwrap_or_default)
}

/// Conversation counts by assignee, for the status and filters asked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationCounts {
    #[serde(rename = "mine_count", default, deserialize_with = "count")]
    pub mine: u64,
    #[serde(rename = "unassigned_count", default, deserialize_with = "count")]
    pub unassigned: u64,
    #[serde(rename = "assigned_count", default, deserialize_with = "count")]
    pub assigned: u64,
    #[serde(rename = "all_count", default, deserialize_with = "count")]
    pub all: u64,
}

/// One page of `GET conversations` (25 per page on a stock server) with the counts.
/// Decodes from the server's `{"data": {"meta": {…}, "payload": […]}}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "ConversationListWire")]
pub struct ConversationList {
    pub counts: ConversationCounts,
    pub conversations: Vec<Conversation>,
}

#[derive(Deserialize)]
struct ConversationListWire {
    data: ConversationListData,
}

#[derive(Deserialize)]
struct ConversationListData {
    #[serde(default)]
    meta: ConversationCounts,
    payload: Vec<Conversation>,
}

impl From<ConversationListWire> for ConversationList {
    fn from(w: ConversationListWire) -> Self {
        ConversationList {
            counts: w.data.meta,
            conversations: w.data.payload,
        }
    }
}

/// `{"meta": {…counts}}` from `GET conversations/meta`.
#[derive(Deserialize)]
pub(crate) struct CountsWire {
    pub meta: ConversationCounts,
}

/// The answer to `toggle_status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct StatusChange {
    #[serde(default, deserialize_with = "flag")]
    pub success: bool,
    #[serde(default, deserialize_with = "lenient")]
    pub current_status: Option<ConversationStatus>,
    #[serde(default, deserialize_with = "lenient")]
    pub conversation_id: Option<ConversationId>,
}

/// `{"meta": {}, "payload": {…}}`.
#[derive(Deserialize)]
pub(crate) struct StatusChangeWire {
    pub payload: StatusChange,
}
