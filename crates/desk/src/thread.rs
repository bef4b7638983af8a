//! An opened conversation: its messages and what the server says about the
//! customer. Every string here is untrusted text from the server.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    Text,
    Image,
    File,
    Review,
    Comment,
    Activity,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Incoming,
    Outgoing,
}

/// Where an outgoing message stands. Server messages are `Sent` (or `Failed` when the
/// messenger refused them); the outbox's local echoes, whose message id is the outbox
/// id, are `Pending` or `Failed` until the server confirms them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum DeliveryState {
    Sent,
    Pending { outbox_id: Uuid },
    Failed { message: String },
}

/// One message of an opened conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ThreadMessage {
    pub id: String,
    pub text: String,
    pub kind: MessageKind,
    pub direction: Direction,
    /// A private note, seen by operators only.
    pub is_note: bool,
    pub author: Option<String>,
    /// Unix seconds.
    pub at: i64,
    pub attachment_url: Option<String>,
    pub delivery: DeliveryState,
    /// Comments: the post they are about, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post: Option<PostRef>,
}

/// The post a comment conversation is about (VK and Facebook wall comments).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PostRef {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub image: Option<String>,
}

impl PostRef {
    /// A post from the server's optional fields; `None` when it names nothing.
    pub fn from_parts(title: Option<&str>, url: Option<&str>, image: Option<&str>) -> Option<Self> {
        let keep = |s: Option<&str>| {
            s.map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let post = PostRef {
            title: keep(title),
            url: keep(url),
            image: keep(image),
        };
        (!post.is_blank()).then_some(post)
    }

    /// Names no post: a comment conversation whose post is not known yet.
    pub fn is_blank(&self) -> bool {
        self.title.is_none() && self.url.is_none()
    }
}

/// The customer as the details panel shows them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Customer {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Live chat: the page the customer is on.
    pub page_url: Option<String>,
    pub page_title: Option<String>,
    pub tags: Vec<String>,
}

/// What opening a conversation reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Thread {
    /// Oldest first.
    pub messages: Vec<ThreadMessage>,
    pub customer: Option<Customer>,
    /// The server says this conversation is made of post comments.
    pub comments: bool,
}

impl Thread {
    /// Marks the conversation's texts as comments on `post` when it is a comment
    /// conversation (the server said so, or the inbox row knows its post): Blinger's
    /// `get` gives neither the conversation type nor the post.
    pub fn mark_comments(&mut self, post: Option<&PostRef>) {
        if !self.comments && post.is_none() {
            return;
        }
        for m in &mut self.messages {
            if m.kind == MessageKind::Text && !m.is_note {
                m.kind = MessageKind::Comment;
                m.post = post.cloned();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(id: &str, is_note: bool) -> ThreadMessage {
        ThreadMessage {
            id: id.into(),
            text: "hi".into(),
            kind: MessageKind::Text,
            direction: Direction::Incoming,
            is_note,
            author: None,
            at: 0,
            attachment_url: None,
            delivery: DeliveryState::Sent,
            post: None,
        }
    }

    #[test]
    fn delivery_state_is_tagged() {
        let id = Uuid::nil();
        let v = serde_json::to_value(DeliveryState::Pending { outbox_id: id }).unwrap();
        assert_eq!(v["state"], "pending");
    }

    #[test]
    fn comments_carry_their_post_but_notes_stay_notes() {
        let post = PostRef::from_parts(Some(" Post "), Some("https://vk.com/wall1_2"), None);
        let mut thread = Thread {
            messages: vec![text("1", false), text("2", true)],
            ..Thread::default()
        };
        thread.mark_comments(post.as_ref());
        assert_eq!(thread.messages[0].kind, MessageKind::Comment);
        let v = serde_json::to_value(&thread.messages[0]).unwrap();
        assert_eq!(v["post"]["title"], "Post");
        assert_eq!(v["post"]["url"], "https://vk.com/wall1_2");
        assert_eq!(thread.messages[1].kind, MessageKind::Text);
        assert!(serde_json::to_value(&thread.messages[1])
            .unwrap()
            .get("post")
            .is_none());
    }

    #[test]
    fn plain_conversations_are_left_alone() {
        let mut thread = Thread {
            messages: vec![text("1", false)],
            ..Thread::default()
        };
        thread.mark_comments(None);
        assert_eq!(thread.messages[0].kind, MessageKind::Text);
        assert_eq!(PostRef::from_parts(Some(" "), None, Some("x")), None);
    }
}
