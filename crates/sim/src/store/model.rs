//! The simulator's state as plain data. Everything here is (de)serialized as
//! is for the `--state FILE` persistence and the `GET /_sim/state` dump.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Everything the simulator knows.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct State {
    pub ids: IdCounters,
    pub operators: BTreeMap<i64, Operator>,
    pub groups: BTreeMap<i64, Group>,
    /// Keyed by `blinger_user_id` (the id conversations refer to).
    pub users: BTreeMap<i64, BlingerUser>,
    pub conversations: BTreeMap<i64, Conversation>,
    pub widget: WidgetState,
}

/// Counters for ids the simulator hands out; kept in the state so a reloaded
/// state file never reuses an id.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IdCounters {
    pub operator: i64,
    pub group: i64,
    /// The `id` of a user record (distinct from `blinger_user_id`, as in the docs).
    pub user_record: i64,
    pub blinger_user: i64,
    pub conversation: i64,
    pub message: i64,
    pub blinger_message: i64,
}

impl Default for IdCounters {
    fn default() -> Self {
        // Different ranges per kind, so a test mixing them up fails loudly.
        Self {
            operator: 0,
            group: 0,
            user_record: 0,
            blinger_user: 1000,
            conversation: 100,
            message: 5000,
            blinger_message: 90000,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operator {
    pub id: i64,
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub id: i64,
    pub name: String,
}

/// Blinger's role names: the end user is `default`, the business channel
/// account is `customer` (yes, "customer" means the business in Blinger).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Default,
    Customer,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Default => "default",
            Role::Customer => "customer",
        }
    }
}

/// A Blinger user: an end user (customer) or a business channel account.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BlingerUser {
    pub id: i64,
    pub blinger_user_id: i64,
    pub service_blinger_id: i64,
    pub role: Role,
    pub name: Option<String>,
    pub custom_name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub nickname: Option<String>,
    pub application: String,
    pub service_user_id: Option<String>,
    pub avatar: Option<String>,
    pub page_url: Option<String>,
    pub page_title: Option<String>,
    pub tags: Vec<String>,
    pub extra_field_secret_key: String,
    pub date_created: i64,
    pub date_updated: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConversationStatus {
    Inbox,
    Unassigned,
    Closed,
}

impl ConversationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ConversationStatus::Inbox => "inbox",
            ConversationStatus::Unassigned => "unassigned",
            ConversationStatus::Closed => "closed",
        }
    }
}

/// The post a comment conversation (VK/Facebook wall comments) belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentPost {
    pub post_id: String,
    pub url: String,
    pub title: String,
    pub img: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Conversation {
    pub id: i64,
    /// The account owner's user id (always 1 here, as in the docs).
    pub user_id: i64,
    pub operator_id: Option<i64>,
    pub group_id: Option<i64>,
    /// The end user.
    pub from_blinger_user_id: i64,
    /// The business channel account.
    pub to_blinger_user_id: i64,
    pub application: String,
    pub status: ConversationStatus,
    pub unread_count: i64,
    pub token: String,
    /// True until an operator first takes the conversation.
    pub is_new_conversation: bool,
    pub waiting_operator_response: bool,
    pub comment_post: Option<CommentPost>,
    pub close_group: Option<String>,
    pub unassigned_date: Option<i64>,
    pub last_message_date: Option<i64>,
    pub date_created: i64,
    pub date_updated: i64,
    pub messages: Vec<Message>,
}

impl Conversation {
    pub fn is_comments(&self) -> bool {
        self.comment_post.is_some()
    }

    /// The last message the customer can see (notes are internal).
    pub fn last_visible_message(&self) -> Option<&Message> {
        self.messages.iter().rev().find(|m| !m.is_note)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Message {
    pub id: i64,
    /// None for private notes: they never reach the messenger.
    pub blinger_message_id: Option<i64>,
    /// `text`, `image` or `file`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The text, or the URL for file messages.
    pub text: String,
    pub is_outgoing: bool,
    pub is_note: bool,
    pub operator_id: Option<i64>,
    /// Comment conversations: the comment this one answers.
    pub reply_comment_id: Option<i64>,
    pub date_created: i64,
    /// Sub-second creation time in the docs' odd unit (1/10000 s).
    pub date_real: i64,
}

/// Widget API data: ids are UUID strings, as in the docs.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct WidgetState {
    pub agents: BTreeMap<String, WidgetAgent>,
    pub end_users: BTreeMap<String, WidgetEndUser>,
    pub conversations: BTreeMap<String, WidgetConversation>,
    pub bot: Option<WidgetBot>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WidgetAgent {
    pub id: String,
    pub service_user_id: String,
    pub name: String,
    /// `online` or `offline`.
    pub status: String,
    pub avatar_url: Option<String>,
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WidgetEndUser {
    pub id: String,
    pub name: String,
    pub websocket_token: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WidgetBot {
    pub id: String,
    pub name: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WidgetConversation {
    pub id: String,
    pub end_user_id: String,
    pub assigned_agent_id: Option<String>,
    pub locked: bool,
    pub created_at: i64,
    pub updated_at: i64,
    pub messages: Vec<WidgetMessage>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WidgetMessage {
    /// The client-generated `uuid` for API sends: it is the message id, which
    /// is what makes a retried send idempotent.
    pub id: String,
    /// `text`, `file` or `review`.
    #[serde(rename = "type")]
    pub kind: String,
    pub body: Option<String>,
    pub file_url: Option<String>,
    pub file_id: Option<String>,
    pub review: Option<WidgetReview>,
    /// True when sent through the API (by the business), false when the end
    /// user wrote it.
    pub is_outgoing: bool,
    pub microseconds: i64,
    pub created_at: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WidgetReview {
    pub id: String,
    pub agent_id: Option<String>,
    pub mark: i64,
    pub confirmed: bool,
    pub text: String,
    pub created_at: i64,
}
