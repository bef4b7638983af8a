//! Conversations: the full object returned by the actions (`start`, `close`…),
//! the summaries of the lists (`unassigned`, `unread`, `not-answered`) and the
//! `get` answer with its messages.

use super::user::non_blank;
use super::{BlingerUser, Channel, ConversationKind, Message, Status};
use crate::de;
use serde::{Deserialize, Serialize};

/// A conversation. The actions return the full object; the lists return a subset
/// of the same fields. One type for both keeps the app simple: everything but
/// `id` is optional.
///
/// The conversation `token` is deliberately not kept (it is a credential and the
/// app caches conversations on disk).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Conversation {
    #[serde(deserialize_with = "de::flex_i64")]
    pub id: i64,
    /// The Blinger account owner.
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub user_id: Option<i64>,
    /// The operator the conversation is assigned to.
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub operator_user_id: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub operator_email: Option<String>,
    /// The customer.
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub from_blinger_user_id: Option<i64>,
    /// The business account.
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub to_blinger_user_id: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub from_user_name: Option<String>,
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub to_user_name: Option<String>,
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub from_user_custom_name: Option<String>,
    /// The name an operator gave the conversation.
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub custom_name: Option<String>,
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub from_user_avatar: Option<String>,
    #[serde(default)]
    pub application: Option<Channel>,
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub last_message: Option<String>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub unread_count: Option<i64>,
    #[serde(default)]
    pub status: Option<Status>,
    #[serde(default, rename = "type")]
    pub kind: Option<ConversationKind>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub group_id: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_bool")]
    pub is_group_closed: Option<bool>,
    #[serde(default, deserialize_with = "de::opt_object")]
    pub close_group: Option<CloseGroup>,
    /// Unix seconds, like every date in this API.
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub date_created: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub date_updated: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub last_message_date: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub unassigned_date: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_bool")]
    pub is_new_conversation: Option<bool>,
    #[serde(default, deserialize_with = "de::flex_opt_bool")]
    pub waiting_operator_response: Option<bool>,
    #[serde(default, deserialize_with = "de::flex_opt_bool")]
    pub is_operator_last_message: Option<bool>,
    /// About the last message.
    #[serde(default, deserialize_with = "de::flex_opt_bool")]
    pub is_outgoing: Option<bool>,
    #[serde(default, deserialize_with = "de::flex_opt_bool")]
    pub is_inner_message: Option<bool>,
    /// Comment threads only: the post being commented on.
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub comment_post_id: Option<String>,
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub comment_post_url: Option<String>,
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub comment_post_title: Option<String>,
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub comment_post_img: Option<String>,
    #[serde(
        default,
        rename = "toBlingerUser",
        alias = "to_blinger_user",
        deserialize_with = "de::opt_object"
    )]
    pub to_blinger_user: Option<BlingerUser>,
    #[serde(
        default,
        rename = "fromBlingerUser",
        alias = "from_blinger_user",
        deserialize_with = "de::opt_object"
    )]
    pub from_blinger_user: Option<BlingerUser>,
}

/// The reason picked when a conversation was closed (webhooks send `{"title": …}`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloseGroup {
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub id: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_string")]
    pub title: Option<String>,
}

impl Conversation {
    /// The name to show for the customer: the conversation's custom name, then the
    /// customer's custom name, then their name, then `Customer #<id>`.
    pub fn customer_name(&self) -> String {
        [
            &self.custom_name,
            &self.from_user_custom_name,
            &self.from_user_name,
        ]
        .into_iter()
        .find_map(|v| non_blank(v.as_deref()))
        .map(str::to_owned)
        .unwrap_or_else(|| format!("Customer #{}", self.id))
    }

    /// The channel; `Unknown("")` when the server did not say.
    pub fn channel(&self) -> Channel {
        self.application
            .clone()
            .unwrap_or_else(|| Channel::Unknown(String::new()))
    }

    pub fn is_closed(&self) -> bool {
        self.status == Some(Status::Closed)
    }

    pub fn is_comment_thread(&self) -> bool {
        self.kind == Some(ConversationKind::Comment)
    }
}

/// The answer of `GET conversations/get`: a conversation with both parties and its messages.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ConversationDetail {
    #[serde(deserialize_with = "de::flex_i64")]
    pub conversation_id: i64,
    /// The assigned operator, if any.
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub operator_id: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub from_blinger_user_id: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub to_blinger_user_id: Option<i64>,
    /// The customer.
    #[serde(default, deserialize_with = "de::opt_object")]
    pub from_user: Option<BlingerUser>,
    /// The business account.
    #[serde(default, deserialize_with = "de::opt_object")]
    pub to_user: Option<BlingerUser>,
    #[serde(default)]
    pub application: Option<Channel>,
    #[serde(default)]
    pub status: Option<Status>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub date_created: Option<i64>,
    #[serde(default, deserialize_with = "de::flex_opt_i64")]
    pub date_updated: Option<i64>,
    /// Oldest first, as the server sends them.
    #[serde(default, deserialize_with = "de::list")]
    pub messages: Vec<Message>,
}

impl ConversationDetail {
    /// The customer's best name, or `Customer #<conversation id>`.
    pub fn customer_name(&self) -> String {
        self.from_user
            .as_ref()
            .and_then(BlingerUser::display_name)
            .map(str::to_owned)
            .unwrap_or_else(|| format!("Customer #{}", self.conversation_id))
    }

    pub fn last_message(&self) -> Option<&Message> {
        self.messages.last()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customer_name_order() {
        let mut c = Conversation {
            id: 7,
            ..Default::default()
        };
        assert_eq!(c.customer_name(), "Customer #7");
        c.from_user_name = Some("LiveChat client #5".into());
        assert_eq!(c.customer_name(), "LiveChat client #5");
        c.from_user_custom_name = Some("Bob".into());
        assert_eq!(c.customer_name(), "Bob");
        c.custom_name = Some("  ".into());
        assert_eq!(c.customer_name(), "Bob");
        c.custom_name = Some("John Doe".into());
        assert_eq!(c.customer_name(), "John Doe");
    }

    #[test]
    fn serialized_form_decodes_again() {
        let json = r#"{"id":"300","status":"inbox","application":"vk","type":"comment",
            "toBlingerUser":{"id":4,"tags":"[\"a\"]"},"close_group":[]}"#;
        let c: Conversation = serde_json::from_str(json).unwrap();
        assert!(c.is_comment_thread());
        assert_eq!(c.close_group, None);
        let again: Conversation =
            serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(again, c);
    }
}
