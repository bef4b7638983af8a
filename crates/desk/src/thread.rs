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
/// messenger refused them). The outbox's local echoes, whose message id is the outbox
/// id, carry that id in every state, so the page can always name the entry it acts on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum DeliveryState {
    /// On the server. `outbox_id`: the echo of a reply this desk has just delivered.
    Sent {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        outbox_id: Option<Uuid>,
    },
    /// In the outbox, being sent or about to be.
    Pending { outbox_id: Uuid },
    /// In the outbox and not sent yet: the server could not be reached or asked us to
    /// wait. It is tried again by itself at `retry_at` (unix s), or sooner when the
    /// server answers again; nothing is asked of the operator.
    Waiting {
        outbox_id: Uuid,
        reason: String,
        retry_at: i64,
    },
    /// Refused: the server's own words in `message`. With `outbox_id`, the reply is
    /// still in the outbox, waiting for the operator to retry, edit or discard it.
    Failed {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        outbox_id: Option<Uuid>,
        message: String,
    },
}

impl DeliveryState {
    /// A server message that arrived.
    pub const SENT: DeliveryState = DeliveryState::Sent { outbox_id: None };

    /// The outbox entry this state is about, if any.
    pub fn outbox_id(&self) -> Option<Uuid> {
        match self {
            DeliveryState::Sent { outbox_id } | DeliveryState::Failed { outbox_id, .. } => {
                *outbox_id
            }
            DeliveryState::Pending { outbox_id } | DeliveryState::Waiting { outbox_id, .. } => {
                Some(*outbox_id)
            }
        }
    }
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
    /// Status and assignee as the server gave them with the messages (Blinger's
    /// `get` does), so a read also tells whether the conversation is still ours.
    pub state: Option<ThreadState>,
}

/// Where a conversation stood when its messages were read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadState {
    pub status: crate::model::Status,
    pub assignee_id: Option<String>,
}

impl Thread {
    /// Marks as notes the messages this desk sent as notes. Blinger's `get` does not
    /// say which messages are notes (its messages carry no `is_inner_message`), and a
    /// note shown as a reply tells the operator the customer saw it.
    pub fn mark_notes(&mut self, note_ids: &std::collections::HashSet<String>) {
        for m in &mut self.messages {
            if note_ids.contains(&m.id) {
                m.is_note = true;
            }
        }
    }

    /// The newest message the customer could have seen (notes left out): what an
    /// inbox row previews.
    pub fn last_visible(&self) -> Option<&ThreadMessage> {
        self.messages.iter().rev().find(|m| !m.is_note)
    }

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
            delivery: DeliveryState::SENT,
            post: None,
        }
    }

    #[test]
    fn delivery_state_is_tagged() {
        let id = Uuid::nil();
        let v = serde_json::to_value(DeliveryState::Pending { outbox_id: id }).unwrap();
        assert_eq!(v["state"], "pending");
        let v = serde_json::to_value(DeliveryState::SENT).unwrap();
        assert_eq!(v, serde_json::json!({"state": "sent"}));
    }

    #[test]
    fn every_echo_state_names_its_outbox_entry() {
        let id = Uuid::new_v4();
        let states = [
            DeliveryState::Sent {
                outbox_id: Some(id),
            },
            DeliveryState::Pending { outbox_id: id },
            DeliveryState::Waiting {
                outbox_id: id,
                reason: "connection refused".into(),
                retry_at: 5,
            },
            DeliveryState::Failed {
                outbox_id: Some(id),
                message: "text is empty".into(),
            },
        ];
        for state in states {
            assert_eq!(state.outbox_id(), Some(id));
            let v = serde_json::to_value(&state).unwrap();
            assert_eq!(v["outbox_id"], id.to_string(), "{v}");
        }
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
    fn notes_known_from_the_outbox_become_notes_and_leave_the_preview() {
        let mut thread = Thread {
            messages: vec![text("1", false), text("2", false)],
            ..Thread::default()
        };
        assert_eq!(thread.last_visible().map(|m| m.id.as_str()), Some("2"));
        thread.mark_notes(&["2".to_owned()].into_iter().collect());
        assert!(thread.messages[1].is_note && !thread.messages[0].is_note);
        assert_eq!(thread.last_visible().map(|m| m.id.as_str()), Some("1"));
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
