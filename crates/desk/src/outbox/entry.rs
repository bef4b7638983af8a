//! One reply waiting for the server's confirmation.

use crate::model::{ConvKey, DeliveryState, Direction, MessageKind, ThreadMessage};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Tries after which a paused entry is shown as waiting rather than sending.
const WAITING_AFTER: u32 = 2;

/// What is to be sent. Variants follow the server calls, since each has its own
/// idempotency and reconcile story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Payload {
    /// Blinger `send-message`.
    Text { text: String },
    /// Blinger `send-note` (operators only).
    Note { text: String },
    /// Blinger `send-file-message` (`file_url`).
    File { url: String },
    /// Widget API `send-text-message`, idempotent by the entry's uuid.
    WidgetText { text: String },
    /// Widget API `send-file-message`, idempotent by the entry's uuid.
    WidgetFile { url: String },
    /// Chatwoot `messages` create; `private` makes it a note.
    ChatwootMessage { content: String, private: bool },
}

impl Payload {
    /// Whether resending after an unknown outcome is safe without reading the server
    /// first: only the Widget API deduplicates by a client-chosen uuid.
    pub fn is_idempotent(&self) -> bool {
        matches!(
            self,
            Payload::WidgetText { .. } | Payload::WidgetFile { .. }
        )
    }

    /// The text or URL, as typed.
    pub fn content(&self) -> &str {
        match self {
            Payload::Text { text } | Payload::Note { text } | Payload::WidgetText { text } => text,
            Payload::File { url } | Payload::WidgetFile { url } => url,
            Payload::ChatwootMessage { content, .. } => content,
        }
    }

    pub fn is_note(&self) -> bool {
        matches!(
            self,
            Payload::Note { .. } | Payload::ChatwootMessage { private: true, .. }
        )
    }

    pub fn is_file(&self) -> bool {
        matches!(self, Payload::File { .. } | Payload::WidgetFile { .. })
    }

    /// Identifies "the same message" for reconcile bookkeeping: kind + trimmed content.
    pub fn fingerprint(&self) -> String {
        let kind = match (self.is_file(), self.is_note()) {
            (true, _) => "file",
            (false, true) => "note",
            (false, false) => "text",
        };
        format!("{kind}:{}", self.content().trim())
    }

    /// Nothing to send: refused before it becomes a record.
    pub fn is_empty(&self) -> bool {
        self.content().trim().is_empty()
    }
}

/// Where reconcile looks for an entry's message on the server: after the newest
/// message this desk knew of before the entry's first request. Both servers number
/// messages in the order they create them, so "after" needs no clock, neither ours
/// nor theirs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "after", rename_all = "snake_case")]
pub enum After {
    /// After the server message with this id.
    Message { id: String },
    /// The conversation had no message yet.
    Start,
    /// From this server time on (unix s): entries saved before ids were recorded.
    Time { secs: i64 },
}

impl After {
    /// Whether a server message (its id, and its time when known) comes after this point.
    pub fn admits(&self, id: &str, at: Option<i64>) -> bool {
        match self {
            After::Start => true,
            After::Message { id: after } => id_after(id, after),
            After::Time { secs } => at.is_some_and(|at| at >= *secs),
        }
    }

    /// The later of two points (both taken for the same conversation).
    pub fn later(self, other: After) -> After {
        match (&self, &other) {
            (After::Message { id: a }, After::Message { id: b }) => {
                if id_after(b, a) {
                    other
                } else {
                    self
                }
            }
            (After::Start | After::Time { .. }, After::Message { .. }) => other,
            _ => self,
        }
    }
}

/// `id` was created after `after`: numerically when both are numbers (the servers'
/// ids are), else by length then text, which orders decimal strings the same way.
fn id_after(id: &str, after: &str) -> bool {
    match (id.trim().parse::<u64>(), after.trim().parse::<u64>()) {
        (Ok(a), Ok(b)) => a > b,
        _ => (id.len(), id) > (after.len(), after),
    }
}

/// Where an entry stands. Persisted, so each state must make sense after a restart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum EntryState {
    /// Waiting for its turn (the head of its conversation's queue goes first).
    Queued,
    /// A request is out. Found in this state on open: the process died mid-request,
    /// so the outcome is unknown and the entry is reconciled before any resend.
    InFlight,
    /// A transient failure: tried again at `until_ms` (unix ms) or when resumed.
    Paused { reason: String, until_ms: i64 },
    /// Needs the operator: retry, edit or discard. `kind` is the transport error kind.
    Failed { kind: String, message: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEntry {
    /// Local id, shown to the UI as the echo's id, and the Widget API idempotency uuid.
    pub id: Uuid,
    pub key: ConvKey,
    pub payload: Payload,
    /// Unix milliseconds when the operator hit send.
    pub created_at_ms: i64,
    /// Delivery tries so far (a reconcile that could not reach the server counts).
    pub attempts: u32,
    pub state: EntryState,
    /// Unix milliseconds of the first request: reconcile looks for the message
    /// from then on.
    pub first_attempt_ms: Option<i64>,
    /// A request may have reached the server and its outcome is unknown: the
    /// server must be asked before the entry is sent again (unless idempotent).
    pub unconfirmed: bool,
    /// Where its message would be on the server, fixed before the first request
    /// (not needed for idempotent sends).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<After>,
    /// The outbox's last claim when `after` was fixed: replies this desk delivered
    /// since (later claims) without learning their server ids may be among the
    /// messages after it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placed_seq: Option<u64>,
}

impl OutboxEntry {
    pub fn new(key: ConvKey, payload: Payload, now_ms: i64) -> Self {
        OutboxEntry {
            id: Uuid::new_v4(),
            key,
            payload,
            created_at_ms: now_ms,
            attempts: 0,
            state: EntryState::Queued,
            first_attempt_ms: None,
            unconfirmed: false,
            after: None,
            placed_seq: None,
        }
    }

    /// Paused long enough to tell the operator why: one quick retry is still "sending".
    pub fn is_waiting(&self) -> bool {
        matches!(self.state, EntryState::Paused { .. }) && self.attempts >= WAITING_AFTER
    }

    /// Waits for the operator: the server refused it, or its outcome could not be
    /// read. Entries behind it in the same conversation do not wait for a refused
    /// one; they do wait for one whose outcome is unknown, because a later reply with
    /// the same text would then be indistinguishable from it on the server.
    pub fn needs_operator(&self) -> bool {
        matches!(self.state, EntryState::Failed { .. })
    }

    /// Stands aside for the entries behind it in its conversation.
    pub fn steps_aside(&self) -> bool {
        self.needs_operator() && !self.unconfirmed
    }

    /// Can be tried now: queued, or paused with its time come.
    pub fn is_due(&self, now_ms: i64) -> bool {
        match &self.state {
            EntryState::Queued => true,
            EntryState::Paused { until_ms, .. } => *until_ms <= now_ms,
            EntryState::InFlight | EntryState::Failed { .. } => false,
        }
    }

    /// The local echo shown in the thread until the server's copy replaces it.
    pub fn echo(&self) -> ThreadMessage {
        let (kind, text, attachment_url) = if self.payload.is_file() {
            (
                MessageKind::File,
                String::new(),
                Some(self.payload.content().to_owned()),
            )
        } else {
            (MessageKind::Text, self.payload.content().to_owned(), None)
        };
        let outbox_id = self.id;
        let delivery = match &self.state {
            EntryState::Failed { message, .. } => DeliveryState::Failed {
                outbox_id: Some(outbox_id),
                message: message.clone(),
            },
            EntryState::Paused { reason, until_ms } if self.is_waiting() => {
                DeliveryState::Waiting {
                    outbox_id,
                    reason: reason.clone(),
                    retry_at: until_ms.div_euclid(1000),
                }
            }
            _ => DeliveryState::Pending { outbox_id },
        };
        ThreadMessage {
            id: self.id.to_string(),
            text,
            kind,
            direction: Direction::Outgoing,
            is_note: self.payload.is_note(),
            author: None,
            at: self.created_at_ms.div_euclid(1000),
            attachment_url,
            delivery,
            post: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_widget_sends_are_idempotent() {
        assert!(Payload::WidgetText { text: "a".into() }.is_idempotent());
        assert!(Payload::WidgetFile { url: "u".into() }.is_idempotent());
        assert!(!Payload::Text { text: "a".into() }.is_idempotent());
        assert!(!Payload::ChatwootMessage {
            content: "a".into(),
            private: false
        }
        .is_idempotent());
    }

    #[test]
    fn fingerprints_separate_notes_files_and_texts() {
        let t = Payload::Text {
            text: " hi ".into(),
        }
        .fingerprint();
        let n = Payload::Note { text: "hi".into() }.fingerprint();
        let c = Payload::ChatwootMessage {
            content: "hi".into(),
            private: true,
        }
        .fingerprint();
        assert_eq!(t, "text:hi");
        assert_eq!(n, c);
        assert_ne!(t, n);
    }

    #[test]
    fn echo_reflects_the_state() {
        let mut e = OutboxEntry::new(
            ConvKey::new("a", "1"),
            Payload::File {
                url: "https://x/y.png".into(),
            },
            5_500,
        );
        let echo = e.echo();
        assert_eq!(echo.kind, MessageKind::File);
        assert_eq!(echo.at, 5);
        assert_eq!(echo.delivery, DeliveryState::Pending { outbox_id: e.id });
        e.state = EntryState::Paused {
            reason: "timed out".into(),
            until_ms: 9_000,
        };
        e.attempts = 1;
        assert_eq!(
            echo.delivery,
            e.echo().delivery,
            "one retry is still sending"
        );
        e.attempts = 2;
        assert_eq!(
            e.echo().delivery,
            DeliveryState::Waiting {
                outbox_id: e.id,
                reason: "timed out".into(),
                retry_at: 9,
            }
        );
        e.state = EntryState::Failed {
            kind: "api".into(),
            message: "file_url is empty".into(),
        };
        assert_eq!(
            e.echo().delivery,
            DeliveryState::Failed {
                outbox_id: Some(e.id),
                message: "file_url is empty".into()
            }
        );
    }

    #[test]
    fn after_orders_by_server_ids_not_clocks() {
        let after = After::Message { id: "99".into() };
        assert!(after.admits("100", Some(0)));
        assert!(!after.admits("99", Some(i64::MAX)));
        assert!(!after.admits("7", None));
        assert!(After::Start.admits("1", None));
        assert!(After::Time { secs: 10 }.admits("1", Some(10)));
        assert!(!After::Time { secs: 10 }.admits("1", None));
        let later = After::Message { id: "99".into() }.later(After::Message { id: "100".into() });
        assert_eq!(later, After::Message { id: "100".into() });
        assert_eq!(
            After::Start.later(After::Message { id: "1".into() }),
            After::Message { id: "1".into() }
        );
        assert!(id_after("abd", "abc") && !id_after("ab", "abc"));
    }

    #[test]
    fn state_serializes_tagged() {
        let v = serde_json::to_value(EntryState::Paused {
            reason: "rate limited".into(),
            until_ms: 9,
        })
        .unwrap();
        assert_eq!(v["state"], "paused");
        assert_eq!(v["until_ms"], 9);
    }
}
