//! Messages, their senders and attachments.

use super::de::{flag, lenient, list, object, text, whole_number};
use super::{Agent, Contact, ConversationId, InboxId, MessageId, Timestamp};
use serde::{de::Error as _, Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// Who a message is from, seen from the account: the spec's enum is integers 0–3
/// in answers, the real server's webhooks and older versions use the names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageType {
    /// From the customer (0).
    Incoming,
    /// From an agent or bot (1).
    Outgoing,
    /// A system line: "Conversation was resolved by …" (2).
    Activity,
    /// A WhatsApp template, and similar (3).
    Template,
}

impl<'de> Deserialize<'de> for MessageType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        let by_number = whole_number(&value).and_then(|n| match n {
            0 => Some(MessageType::Incoming),
            1 => Some(MessageType::Outgoing),
            2 => Some(MessageType::Activity),
            3 => Some(MessageType::Template),
            _ => None,
        });
        let by_name = || match value.as_str()?.trim() {
            "incoming" => Some(MessageType::Incoming),
            "outgoing" => Some(MessageType::Outgoing),
            "activity" => Some(MessageType::Activity),
            "template" => Some(MessageType::Template),
            _ => None,
        };
        by_number
            .or_else(by_name)
            .ok_or_else(|| D::Error::custom(format!("unknown message_type {value}")))
    }
}

/// A message. The spec's single `attachment` object and the server's
/// `attachments` list both end up in `attachments`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "MessageWire")]
pub struct Message {
    pub id: MessageId,
    pub content: Option<String>,
    pub conversation_id: Option<ConversationId>,
    pub inbox_id: Option<InboxId>,
    /// `None` when the server sent a type this client does not know.
    pub message_type: Option<MessageType>,
    /// `text`, `input_select`, `cards`, `form`, `input_csat`, `incoming_email`…
    pub content_type: Option<String>,
    /// `true` for a private note, visible to agents only.
    pub private: bool,
    /// Delivery status: `sent`, `delivered`, `read`, `failed`.
    pub status: Option<String>,
    pub created_at: Option<Timestamp>,
    pub source_id: Option<String>,
    /// `Contact`, `User`, `AgentBot` (case varies between versions).
    pub sender_type: Option<String>,
    pub sender: Option<MessageSender>,
    pub attachments: Vec<Attachment>,
    /// Extra data by content type (`in_reply_to`, `deleted`, email headers…).
    pub content_attributes: Map<String, Value>,
}

impl Message {
    /// A private note (agents only), not a reply the customer sees.
    pub fn is_note(&self) -> bool {
        self.private
    }

    /// Written by the customer.
    pub fn is_incoming(&self) -> bool {
        self.message_type == Some(MessageType::Incoming)
    }

    /// A system line rather than something a person wrote.
    pub fn is_activity(&self) -> bool {
        self.message_type == Some(MessageType::Activity)
    }
}

#[derive(Deserialize)]
struct MessageWire {
    id: MessageId,
    #[serde(default, deserialize_with = "text")]
    content: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    conversation_id: Option<ConversationId>,
    #[serde(default, deserialize_with = "lenient")]
    inbox_id: Option<InboxId>,
    #[serde(default, deserialize_with = "lenient")]
    message_type: Option<MessageType>,
    #[serde(default, deserialize_with = "text")]
    content_type: Option<String>,
    #[serde(default, deserialize_with = "flag")]
    private: bool,
    #[serde(default, deserialize_with = "text")]
    status: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    created_at: Option<Timestamp>,
    #[serde(default, deserialize_with = "text")]
    source_id: Option<String>,
    #[serde(default, deserialize_with = "text")]
    sender_type: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    sender: Option<MessageSender>,
    #[serde(default, deserialize_with = "list")]
    attachments: Vec<Attachment>,
    /// The spec's name and shape (`"attachment": {}`), never seen from a real server.
    #[serde(default, deserialize_with = "list")]
    attachment: Vec<Attachment>,
    #[serde(default, deserialize_with = "object")]
    content_attributes: Map<String, Value>,
}

impl From<MessageWire> for Message {
    fn from(w: MessageWire) -> Self {
        let mut attachments = w.attachments;
        // `{}` (the spec's example) is no attachment at all.
        attachments.extend(w.attachment.into_iter().filter(|a| !a.is_empty()));
        Message {
            id: w.id,
            content: w.content,
            conversation_id: w.conversation_id,
            inbox_id: w.inbox_id,
            message_type: w.message_type,
            content_type: w.content_type,
            private: w.private,
            status: w.status,
            created_at: w.created_at,
            source_id: w.source_id,
            sender_type: w.sender_type,
            sender: w.sender.filter(|s| !s.is_empty()),
            attachments,
            content_attributes: w.content_attributes,
        }
    }
}

/// The author of a message: a contact, an agent (`user`) or a bot, told apart by `kind`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MessageSender {
    /// A contact id or an agent id, depending on `kind`.
    #[serde(default, deserialize_with = "lenient")]
    pub id: Option<u64>,
    /// `contact`, `user` or `agent_bot`.
    #[serde(rename = "type", default, deserialize_with = "text")]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub available_name: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub phone_number: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub thumbnail: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub avatar_url: Option<String>,
}

impl MessageSender {
    fn is_empty(&self) -> bool {
        *self == MessageSender::default()
    }

    pub fn display_name(&self) -> Option<&str> {
        [
            &self.available_name,
            &self.name,
            &self.email,
            &self.phone_number,
        ]
        .into_iter()
        .filter_map(|s| s.as_deref().map(str::trim))
        .find(|s| !s.is_empty())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Attachment {
    #[serde(default, deserialize_with = "lenient")]
    pub id: Option<u64>,
    /// `image`, `audio`, `video`, `file`, `location`, `fallback`…
    #[serde(default, deserialize_with = "text")]
    pub file_type: Option<String>,
    /// Where to download the file (a signed URL on the Chatwoot server).
    #[serde(default, deserialize_with = "text")]
    pub data_url: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub thumb_url: Option<String>,
    /// Bytes.
    #[serde(default, deserialize_with = "lenient")]
    pub file_size: Option<u64>,
    #[serde(default, deserialize_with = "text")]
    pub extension: Option<String>,
}

impl Attachment {
    fn is_empty(&self) -> bool {
        *self == Attachment::default()
    }
}

/// `GET …/messages`: the newest messages (oldest first) and some conversation context.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct MessageList {
    #[serde(default)]
    pub meta: MessagesMeta,
    #[serde(rename = "payload")]
    pub messages: Vec<Message>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct MessagesMeta {
    #[serde(default, deserialize_with = "list")]
    pub labels: Vec<String>,
    /// The conversation's: `referer` is the page a live-chat customer wrote from.
    #[serde(default, deserialize_with = "object")]
    pub additional_attributes: Map<String, Value>,
    /// The spec wraps this contact as `{"payload": [contact]}`; the server sends it bare.
    #[serde(default, deserialize_with = "bare_or_wrapped_contact")]
    pub contact: Option<Contact>,
    #[serde(default, deserialize_with = "lenient")]
    pub assignee: Option<Agent>,
    #[serde(default, deserialize_with = "lenient")]
    pub agent_last_seen_at: Option<Timestamp>,
    #[serde(default, deserialize_with = "lenient")]
    pub assignee_last_seen_at: Option<Timestamp>,
}

fn bare_or_wrapped_contact<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Contact>, D::Error> {
    let value = Value::deserialize(d)?;
    let inner = match value.get("payload") {
        Some(Value::Array(items)) => items.first().cloned().unwrap_or(Value::Null),
        Some(object @ Value::Object(_)) => object.clone(),
        _ => value,
    };
    Ok(Contact::deserialize(inner).ok())
}
