//! Key lists of the docs' examples (blinger-conversation-api.md).

use blinger_sim::{ConversationStatus, NewConversation};
use serde_json::Value;

/// Keys of the conversation object in the docs' start/close/… examples.
pub const CONVERSATION_KEYS: &[&str] = &[
    "id",
    "user_id",
    "operator_user_id",
    "from_blinger_user_id",
    "to_blinger_user_id",
    "from_user_name",
    "to_user_name",
    "application",
    "last_message",
    "unread_count",
    "status",
    "date_created",
    "date_updated",
    "from_user_avatar",
    "is_outgoing",
    "token",
    "is_new_conversation",
    "waiting_operator_response",
    "group_id",
    "is_inner_message",
    "is_operator_last_message",
    "is_group_closed",
    "close_group",
    "type",
    "comment_post_id",
    "comment_post_url",
    "comment_post_title",
    "comment_post_img",
    "unassigned_date",
    "last_message_date",
    "from_user_custom_name",
    "toBlingerUser",
];
pub const TO_BLINGER_USER_KEYS: &[&str] = &[
    "id",
    "service_blinger_id",
    "blinger_user_id",
    "is_active",
    "date_updated",
    "date_created",
    "tags",
    "name",
    "role",
    "avatar",
    "application",
    "service_user_id",
    "status",
    "group_id",
    "is_comments",
    "page_url",
    "page_title",
    "extra_fields",
    "extra_field_secret_key",
    "custom_name",
];
/// Keys of the message object in the docs' send-message example.
pub const MESSAGE_KEYS: &[&str] = &[
    "id",
    "from_blinger_user_id",
    "to_blinger_user_id",
    "blinger_message_id",
    "application",
    "type",
    "message",
    "date_updated",
    "date_created",
    "is_outgoing",
    "status",
    "is_inner_message",
    "date_read",
    "date_real",
    "error",
    "is_history",
    "echo",
    "echo_outgoing",
];

pub fn assert_keys(v: &Value, keys: &[&str]) {
    for k in keys {
        assert!(v.get(*k).is_some(), "missing `{k}` in {v}");
    }
}

pub fn inbox(operator: i64) -> NewConversation {
    NewConversation {
        status: ConversationStatus::Inbox,
        operator_id: Some(operator),
        ..NewConversation::default()
    }
}
