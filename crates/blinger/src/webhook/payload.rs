//! The payloads of the webhook events, with the fields an operator needs.
//! Tolerant like the API models: every field optional, ids as numbers or strings,
//! unknown fields ignored. `conversation_token` is deliberately not kept.

use crate::de;
use crate::models::{BlingerUser, Channel, CloseGroup, Message, MessageKind, Status, Tags};
use serde::{Deserialize, Serialize};

/// `on_conversation_unassigned`, `on_conversation_assigned`, `on_conversation_closed`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ConversationEvent {
    #[serde(default)]
    pub conversation: WebhookConversation,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WebhookConversation {
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub id: Option<i64>,
    #[serde(default)]
    pub application: Option<Channel>,
    #[serde(default)]
    pub status: Option<Status>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub date_created: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub date_updated: Option<i64>,
    /// Absent when unassigned; its fields are `null` when no operator is assigned.
    #[serde(default, deserialize_with = "de::opt_object")]
    pub operator: Option<WebhookOperator>,
    /// The customer.
    #[serde(default, deserialize_with = "de::opt_object")]
    pub from_user: Option<WebhookUser>,
    /// `on_conversation_closed` only: the conversation's messages.
    #[serde(default, deserialize_with = "de::list")]
    pub messages: Vec<Message>,
    /// `on_conversation_closed` only.
    #[serde(default)]
    pub tags: Tags,
    /// `on_conversation_closed` only: the closing reason chosen.
    #[serde(default, deserialize_with = "de::opt_object")]
    pub close_group: Option<CloseGroup>,
}

/// The assigned operator. The docs: each field is "null if conversation is not
/// assigned to operator".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookOperator {
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub id: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub email: Option<String>,
}

/// A party of a webhook event (`from_user`, `to_user`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WebhookUser {
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub user_id: Option<i64>,
    /// `default` for a customer, `customer` for the business account.
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub role: Option<String>,
    /// The display name.
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub avatar: Option<String>,
    /// Live chat only.
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub page_url: Option<String>,
    /// Live chat only.
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub page_title: Option<String>,
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub status: Option<String>,
    #[serde(default)]
    pub application: Option<Channel>,
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub service_user_id: Option<String>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub date_created: Option<i64>,
}

impl WebhookUser {
    /// Blinger's `role` for the business side of a conversation.
    pub fn is_business(&self) -> bool {
        self.role.as_deref() == Some("customer")
    }
}

/// `on_message_incoming`, `on_message_outgoing`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MessageEvent {
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub conversation_id: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub from_user_id: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub to_user_id: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub message_id: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub message_blinger_id: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_object")]
    pub operator: Option<WebhookOperator>,
    #[serde(default, deserialize_with = "de::opt_object")]
    pub from_user: Option<WebhookUser>,
    #[serde(default, deserialize_with = "de::opt_object")]
    pub to_user: Option<WebhookUser>,
    #[serde(default, deserialize_with = "de::opt_object")]
    pub message: Option<WebhookMessage>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WebhookMessage {
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub id: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub from_user_id: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub to_user_id: Option<i64>,
    #[serde(default, rename = "type")]
    pub kind: Option<MessageKind>,
    #[serde(default)]
    pub application: Option<Channel>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub date_created: Option<i64>,
    /// The text; for an image or a file, its URL.
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub message: Option<String>,
    #[serde(default)]
    pub tags: Tags,
}

/// `on_comment_incoming`, `on_comment_outgoing`: a comment under a post (VK, Facebook…).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CommentEvent {
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub conversation_id: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub from_user_id: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub to_user_id: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub comment_id: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub comment_blinger_id: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_object")]
    pub operator: Option<WebhookOperator>,
    #[serde(default, deserialize_with = "de::opt_object")]
    pub from_user: Option<WebhookUser>,
    #[serde(default, deserialize_with = "de::opt_object")]
    pub to_user: Option<WebhookUser>,
    #[serde(default, deserialize_with = "de::opt_object")]
    pub comment: Option<WebhookComment>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WebhookComment {
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub id: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub from_user_id: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub to_user_id: Option<i64>,
    /// The comment this one answers.
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub reply_comment_id: Option<i64>,
    #[serde(default, rename = "type")]
    pub kind: Option<MessageKind>,
    /// The post's id on the network (a string there: `"123123"`).
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub post_id: Option<String>,
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub post_url: Option<String>,
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub post_title: Option<String>,
    #[serde(default)]
    pub application: Option<Channel>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub date_created: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub message: Option<String>,
}

/// `on_user_new`: a new customer wrote for the first time.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UserEvent {
    #[serde(default, deserialize_with = "de::opt_object")]
    pub user: Option<BlingerUser>,
}
