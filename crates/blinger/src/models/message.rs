//! Messages: the answer of `send-message`, `send-file-message`, `send-note`,
//! and the items of `get` and of the `on_conversation_closed` webhook.

use super::{BlingerUser, Channel, MessageKind, Tags};
use crate::de;
use serde::{Deserialize, Serialize};

/// A message. The `get` answer gives only `id`, `message`, `type`, `date_created`
/// and (for an operator's message) `operator_id`; the send answers give much more.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Message {
    #[serde(deserialize_with = "de::flex_i64")]
    pub id: i64,
    /// The text; for an image or a file, its URL.
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub message: Option<String>,
    #[serde(default, rename = "type")]
    pub kind: Option<MessageKind>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub date_created: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub date_updated: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub date_read: Option<i64>,
    /// The messenger's own timestamp; its unit is undocumented (the example looks like
    /// ten-thousandths of a second), so it is passed on as it is.
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub date_real: Option<i64>,
    /// The operator who wrote it; absent for the customer's messages.
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub operator_id: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_bool")]
    pub is_outgoing: Option<bool>,
    /// A private note, seen by operators only.
    #[serde(default, deserialize_with = "de::flex_opt_bool")]
    pub is_inner_message: Option<bool>,
    #[serde(default, deserialize_with = "de::flex_opt_bool")]
    pub is_history: Option<bool>,
    /// `sent`, `delivered`, `error`… (not an enum: the set is undocumented).
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub status: Option<String>,
    /// Why delivery failed, when it did.
    #[serde(default, deserialize_with = "de::any_text")]
    pub error: Option<String>,
    /// The id on the Blinger side; `null` for notes, which go nowhere.
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub blinger_message_id: Option<i64>,
    #[serde(default)]
    pub application: Option<Channel>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub from_blinger_user_id: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub to_blinger_user_id: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub from_user_id: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub to_user_id: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub from_user_name: Option<String>,
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub to_user_name: Option<String>,
    #[serde(default)]
    pub tags: Tags,
    #[serde(
        default,
        rename = "fromBlingerUser",
        alias = "from_blinger_user",
        deserialize_with = "de::opt_object"
    )]
    pub from_blinger_user: Option<BlingerUser>,
    #[serde(
        default,
        rename = "toBlingerUser",
        alias = "to_blinger_user",
        deserialize_with = "de::opt_object"
    )]
    pub to_blinger_user: Option<BlingerUser>,
}

impl Message {
    /// A private note (`is_inner_message`).
    pub fn is_note(&self) -> bool {
        self.is_inner_message == Some(true)
    }

    /// Written by an operator (or the business) rather than the customer:
    /// `operator_id` is present or the message is outgoing.
    pub fn is_from_operator(&self) -> bool {
        self.operator_id.is_some() || self.is_outgoing == Some(true)
    }

    /// The kind, `Text` when the server did not say.
    pub fn kind(&self) -> MessageKind {
        self.kind.clone().unwrap_or(MessageKind::Text)
    }

    /// The text, or `""`.
    pub fn text(&self) -> &str {
        self.message.as_deref().unwrap_or("")
    }

    /// For an image or a file: its URL.
    pub fn attachment_url(&self) -> Option<&str> {
        match self.kind() {
            MessageKind::Text => None,
            _ => self.message.as_deref().filter(|s| !s.trim().is_empty()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_wrote_it() {
        let customer: Message =
            serde_json::from_str(r#"{"id":1,"message":"Hi","type":"text"}"#).unwrap();
        assert!(!customer.is_from_operator());
        assert!(!customer.is_note());
        let op: Message = serde_json::from_str(r#"{"id":"2","operator_id":"457"}"#).unwrap();
        assert!(op.is_from_operator());
        let note: Message =
            serde_json::from_str(r#"{"id":3,"is_outgoing":1,"is_inner_message":"1"}"#).unwrap();
        assert!(note.is_from_operator() && note.is_note());
    }

    #[test]
    fn attachments_and_errors() {
        let m: Message = serde_json::from_str(
            r#"{"id":1,"type":"image","message":"https://x/y.png","error":{"code":5}}"#,
        )
        .unwrap();
        assert_eq!(m.attachment_url(), Some("https://x/y.png"));
        assert_eq!(m.error.as_deref(), Some(r#"{"code":5}"#));
        assert_eq!(Message::default().kind(), MessageKind::Text);
    }
}
