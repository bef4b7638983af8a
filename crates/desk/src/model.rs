//! The provider-neutral model: what the inbox, the notifier and the UI see,
//! whichever server (Blinger Conversation API, Blinger Widget API, Chatwoot) it came from.
//!
//! Everything serializes with **snake_case** field names and `snake_case` enum tags,
//! the same convention as the transport error (`{kind, message, retry_after_secs}`),
//! so the UI reads one style everywhere.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

pub use crate::thread::{
    Customer, DeliveryState, Direction, MessageKind, PostRef, Thread, ThreadMessage,
};

/// Longest preview kept on an inbox row.
pub const PREVIEW_CHARS: usize = 200;

/// An account, by the name the operator gave it (unique within the app).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct AccountId(pub String);

impl AccountId {
    pub fn new(name: impl Into<String>) -> Self {
        AccountId(name.into())
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A conversation across accounts. The id is a string because Blinger and Chatwoot
/// use integers while the Widget API uses UUIDs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ConvKey {
    pub account: AccountId,
    pub conversation: String,
}

impl ConvKey {
    pub fn new(account: impl Into<String>, conversation: impl Into<String>) -> Self {
        ConvKey {
            account: AccountId(account.into()),
            conversation: conversation.into(),
        }
    }
}

impl fmt::Display for ConvKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.account, self.conversation)
    }
}

/// The server-side lists the poller reads. Membership is what makes a conversation
/// part of the inbox: one in no list (and not open) is dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ListName {
    Unassigned,
    Unread,
    NotAnswered,
    Mine,
    All,
}

/// Conversation status, normalised; anything else is kept verbatim.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(from = "String", into = "String")]
pub enum Status {
    Open,
    Unassigned,
    Closed,
    Pending,
    Snoozed,
    Other(String),
}

impl Status {
    pub fn as_str(&self) -> &str {
        match self {
            Status::Open => "open",
            Status::Unassigned => "unassigned",
            Status::Closed => "closed",
            Status::Pending => "pending",
            Status::Snoozed => "snoozed",
            Status::Other(s) => s,
        }
    }
}

impl From<String> for Status {
    /// Blinger says `inbox` for an open conversation; Chatwoot says `open`.
    fn from(s: String) -> Self {
        match s.to_ascii_lowercase().as_str() {
            "open" | "inbox" => Status::Open,
            "unassigned" => Status::Unassigned,
            "closed" | "resolved" => Status::Closed,
            "pending" => Status::Pending,
            "snoozed" => Status::Snoozed,
            _ => Status::Other(s),
        }
    }
}

impl From<Status> for String {
    fn from(s: Status) -> Self {
        s.as_str().to_owned()
    }
}

/// An operator/agent (assignee) or a message author.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Person {
    pub id: String,
    pub name: String,
}

/// An operator group (Blinger) or team (Chatwoot).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Group {
    pub id: String,
    pub name: String,
}

/// "Where the conversation's last message is": compared to detect news.
///
/// `at` is the last message's time (unix seconds); `seq` breaks ties within one second
/// (Chatwoot: the last message id; Blinger: the unread count, which grows with each
/// incoming message). Ordered by `(at, seq)`; a greater marker means something new.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Marker {
    pub at: i64,
    pub seq: u64,
}

impl Marker {
    pub fn new(at: i64, seq: u64) -> Self {
        Marker { at, seq }
    }
}

/// One inbox row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InboxItem {
    pub key: ConvKey,
    pub customer_name: String,
    /// Channel as the server names it: `telegrambot`, `whatsapp`, `livechat`, `Channel::Email`…
    pub channel: String,
    /// Last message, one line, at most [`PREVIEW_CHARS`] characters.
    pub preview: String,
    /// Unix seconds of the last activity.
    pub last_activity: i64,
    pub unread: u32,
    pub status: Status,
    pub assignee: Option<Person>,
    pub group: Option<Group>,
    pub lists: BTreeSet<ListName>,
    pub marker: Marker,
    /// Whether the newest message came from the customer (not an operator or a bot):
    /// only those are news worth a notification.
    #[serde(default = "yes")]
    pub last_incoming: bool,
    /// Comment conversations: the post being commented on. Blinger names it only in
    /// action answers and comment webhooks, so the inbox keeps it once seen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post: Option<PostRef>,
    /// When the preview was last read from the conversation itself (Blinger's lists
    /// carry none): see `peek`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peeked: Option<crate::peek::Peeked>,
    /// Tags the server gave the conversation. Blinger names them only in webhooks
    /// (a message's, a closed conversation's), so the inbox keeps them once seen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

fn yes() -> bool {
    true
}

impl InboxItem {
    /// A minimal item, for adapters and tests to fill in.
    pub fn new(key: ConvKey, customer_name: impl Into<String>, channel: impl Into<String>) -> Self {
        InboxItem {
            key,
            customer_name: customer_name.into(),
            channel: channel.into(),
            preview: String::new(),
            last_activity: 0,
            unread: 0,
            status: Status::Open,
            assignee: None,
            group: None,
            lists: BTreeSet::new(),
            marker: Marker::default(),
            last_incoming: true,
            post: None,
            peeked: None,
            tags: Vec::new(),
        }
    }

    /// Sets the preview from raw server text (one line, cut to [`PREVIEW_CHARS`]).
    pub fn with_preview(mut self, raw: &str) -> Self {
        self.preview = crate::text::one_line(raw, PREVIEW_CHARS);
        self
    }
}

/// A human name for a channel id, for notification titles.
pub fn channel_label(channel: &str) -> String {
    let c = channel.trim().to_ascii_lowercase();
    let c = c.strip_prefix("channel::").unwrap_or(&c);
    let known = match c {
        "telegrambot" | "telegram" => "Telegram",
        "whatsapp" | "whatsappbusiness" => "WhatsApp",
        "viber" => "Viber",
        "vk" | "vkontakte" => "VK",
        "livechat" | "webwidget" | "web_widget" | "widget" => "Live chat",
        "email" => "Email",
        "facebook" | "facebookpage" => "Facebook",
        "instagram" => "Instagram",
        "twitter" | "twitterprofile" => "Twitter",
        "sms" | "twiliosms" => "SMS",
        "api" => "API",
        "line" => "LINE",
        "" => "",
        _ => return channel.trim().to_owned(),
    };
    known.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_round_trips_as_a_string() {
        let v = serde_json::to_value(Status::Open).unwrap();
        assert_eq!(v, "open");
        let s: Status = serde_json::from_value("inbox".into()).unwrap();
        assert_eq!(s, Status::Open);
        let s: Status = serde_json::from_value("archived".into()).unwrap();
        assert_eq!(s, Status::Other("archived".into()));
        assert_eq!(serde_json::to_value(&s).unwrap(), "archived");
    }

    #[test]
    fn markers_order_by_time_then_sequence() {
        assert!(Marker::new(10, 0) > Marker::new(9, 99));
        assert!(Marker::new(10, 2) > Marker::new(10, 1));
    }

    #[test]
    fn item_serializes_in_snake_case() {
        let mut item = InboxItem::new(ConvKey::new("acme", "42"), "Anna", "telegrambot")
            .with_preview("Hello\nthere");
        item.lists.insert(ListName::NotAnswered);
        let v = serde_json::to_value(&item).unwrap();
        assert_eq!(v["customer_name"], "Anna");
        assert_eq!(v["preview"], "Hello there");
        assert_eq!(v["key"]["account"], "acme");
        assert_eq!(v["lists"][0], "not_answered");
        let back: InboxItem = serde_json::from_value(v).unwrap();
        assert_eq!(back, item);
    }

    #[test]
    fn channel_labels() {
        assert_eq!(channel_label("telegrambot"), "Telegram");
        assert_eq!(channel_label("Channel::WebWidget"), "Live chat");
        assert_eq!(channel_label("odnoklassniki"), "odnoklassniki");
    }
}
