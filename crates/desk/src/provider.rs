//! What the poller, the outbox and the UI's commands need from a server.
//!
//! One trait, object-safe (`Arc<dyn Provider>`), so the app holds one per account
//! whatever the server is, and tests swap in an in-memory fake. Errors are the
//! transport's: their `kind()` and `delivery()` drive retry and reconcile decisions.

use crate::inbox::ListResult;
use crate::model::{AccountId, InboxItem, Thread};
use crate::outbox::{After, OutboxEntry};
use async_trait::async_trait;
use deskbell_transport::Result;
use serde::{Deserialize, Serialize};

/// What the server said about a delivered message.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentRef {
    /// The server's message id, when the answer (or the thread) gives one.
    /// Blinger's send answers carry none; Chatwoot's do.
    pub message_id: Option<String>,
    /// The server's time for the message (unix seconds), when known.
    pub at: Option<i64>,
}

/// Whom a Chatwoot conversation goes to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "to", content = "id", rename_all = "snake_case")]
pub enum ChatwootAssignee {
    Agent(String),
    Team(String),
}

/// An operator's action on a conversation. Each provider supports its own subset and
/// answers the others with `Error::InvalidInput` (nothing is sent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// Assign to me (Blinger `start`, Chatwoot self-assignment).
    Take,
    Close,
    Unassign,
    AssignOperator {
        operator_id: String,
    },
    AssignGroup {
        group_id: String,
    },
    WidgetAssignAgent {
        agent_id: String,
    },
    WidgetRequestReview,
    ChatwootToggleStatus {
        /// `open`, `resolved`, `pending` or `snoozed`.
        status: String,
        snoozed_until: Option<i64>,
    },
    ChatwootAssign {
        assignee: ChatwootAssignee,
    },
}

/// A support server, seen from the desk.
#[async_trait]
pub trait Provider: Send + Sync {
    /// The account this provider serves; outbox entries of other accounts are not its.
    fn account(&self) -> &AccountId;

    /// Requests one [`Provider::fetch_lists`] costs, for the poller's rate budget.
    fn requests_per_poll(&self) -> u32;

    /// Whether the list items carry each conversation's last message. Blinger's do
    /// not (as documented): its rows are completed by reading conversations (`peek`).
    fn lists_carry_previews(&self) -> bool {
        true
    }

    /// Reads every list the inbox shows (one poll).
    async fn fetch_lists(&self) -> Result<Vec<ListResult>>;

    /// The messages of a conversation, oldest first.
    async fn thread(&self, conversation: &str) -> Result<Thread>;

    /// Sends one outbox entry. Widget sends pass `entry.id` as the idempotency uuid.
    async fn send(&self, entry: &OutboxEntry) -> Result<SentRef>;

    /// Reconcile: the outgoing messages of the entry's conversation that match the
    /// entry (same text and note flag, or the same file URL), come after `after`, and
    /// are not another operator's when the server says who wrote them; oldest first.
    /// The outbox decides which of them, if any, is this entry's.
    async fn find_sent(&self, entry: &OutboxEntry, after: &After) -> Result<Vec<SentRef>>;

    /// The newest message of a conversation now: where a reply sent next would land
    /// after. One thread read unless the provider knows a cheaper way.
    async fn newest_message(&self, conversation: &str) -> Result<After> {
        let thread = self.thread(conversation).await?;
        Ok(thread.messages.iter().fold(After::Start, |acc, m| {
            acc.later(After::Message { id: m.id.clone() })
        }))
    }

    /// Performs an action; returns the conversation's new state when the server gives it.
    async fn act(&self, conversation: &str, action: &Action) -> Result<Option<InboxItem>>;

    /// The people and teams the server lists (for assignment pickers). Blinger's API
    /// lists none: the desk then offers those it has seen (see [`crate::roster`]).
    async fn directory(&self) -> Result<Directory> {
        Ok(Directory::default())
    }

    /// Opens a new conversation (Chatwoot only; Blinger conversations start with the customer).
    async fn create_conversation(&self, _spec: &NewConversationSpec) -> Result<InboxItem> {
        Err(deskbell_transport::Error::InvalidInput(
            "this server does not let operators start conversations".into(),
        ))
    }
}

/// Someone or something to assign to, by id, with a name when the server gives one
/// or the operator gave one (Settings).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Named {
    pub id: String,
    pub name: String,
    /// The email the server gave with the id (Blinger operators), shown beside the name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// `name` is the operator's own (set in Settings), not the server's.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub custom: bool,
}

impl Named {
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        Named {
            id: id.into(),
            name: name.into(),
            ..Named::default()
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Directory {
    pub operators: Vec<Named>,
    pub groups: Vec<Named>,
    pub agents: Vec<Named>,
    pub teams: Vec<Named>,
    /// Chatwoot inboxes (where a new conversation can be created).
    pub inboxes: Vec<Named>,
}

/// Every field of Chatwoot's "create conversation" (99digital's page lists the same).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct NewConversationSpec {
    pub inbox_id: String,
    pub source_id: Option<String>,
    pub contact_id: Option<String>,
    /// `open`, `resolved`, `pending` or `snoozed`.
    pub status: Option<String>,
    pub assignee_id: Option<String>,
    pub team_id: Option<String>,
    pub custom_attributes: serde_json::Map<String, serde_json::Value>,
    pub additional_attributes: serde_json::Map<String, serde_json::Value>,
    /// The first message, sent with the conversation.
    pub message: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_deserialize_from_the_ui() {
        let a: Action =
            serde_json::from_str(r#"{"action":"assign_operator","operator_id":"12"}"#).unwrap();
        assert_eq!(
            a,
            Action::AssignOperator {
                operator_id: "12".into()
            }
        );
        let a: Action = serde_json::from_str(
            r#"{"action":"chatwoot_assign","assignee":{"to":"team","id":"3"}}"#,
        )
        .unwrap();
        assert_eq!(
            a,
            Action::ChatwootAssign {
                assignee: ChatwootAssignee::Team("3".into())
            }
        );
        let a: Action = serde_json::from_str(r#"{"action":"take"}"#).unwrap();
        assert_eq!(a, Action::Take);
    }
}
