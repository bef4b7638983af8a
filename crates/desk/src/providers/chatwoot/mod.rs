//! Chatwoot (and white-labelled Chatwoot servers such as 99digital): open
//! conversations mine / unassigned / all, messages, replies and private notes.

mod create;
mod map;

pub use map::{infer_lists, item as item_from_conversation};

use crate::inbox::ListResult;
use crate::model::{AccountId, InboxItem, ListName, Thread};
use crate::outbox::{After, OutboxEntry, Payload};
use crate::provider::{
    Action, ChatwootAssignee, Directory, NewConversationSpec, Provider, SentRef,
};
use async_trait::async_trait;
use chatwoot::{
    AgentId, AssigneeType, ConversationId, ConversationQuery, ConversationStatus, MessageId,
    MessageType, MessagesQuery, NewMessage, StatusFilter, TeamId, Timestamp,
};
use deskbell_transport::{Error, Result};

pub struct ChatwootProvider {
    account: AccountId,
    client: chatwoot::Client,
    /// The token's own agent id (from `/api/v1/profile`), for "take" and "mine".
    me: Option<u64>,
}

impl ChatwootProvider {
    pub fn new(account: AccountId, client: chatwoot::Client, me: Option<u64>) -> Self {
        ChatwootProvider {
            account,
            client,
            me,
        }
    }

    async fn list(&self, list: ListName, assignee: AssigneeType) -> Result<ListResult> {
        let query = ConversationQuery {
            assignee_type: Some(assignee),
            status: Some(StatusFilter::Is(ConversationStatus::Open)),
            ..Default::default()
        };
        let page = self.client.conversations(&query).await?;
        let total = match assignee {
            AssigneeType::Me => page.counts.mine,
            AssigneeType::Unassigned => page.counts.unassigned,
            AssigneeType::Assigned => page.counts.assigned,
            AssigneeType::All => page.counts.all,
        };
        Ok(ListResult {
            list,
            // Only the first page is read (25 on a stock server): when there are more,
            // the ones not seen keep their membership instead of vanishing.
            complete: page.conversations.len() as u64 >= total,
            items: page
                .conversations
                .iter()
                .map(|c| map::item(&self.account, c))
                .collect(),
        })
    }
}

fn conversation_id(conversation: &str) -> Result<ConversationId> {
    conversation
        .trim()
        .parse::<u64>()
        .map(ConversationId)
        .map_err(|_| Error::InvalidInput(format!("invalid conversation id {conversation:?}")))
}

fn number(what: &str, id: &str) -> Result<u64> {
    id.trim()
        .parse()
        .map_err(|_| Error::InvalidInput(format!("invalid {what} id {id:?}")))
}

fn status_named(name: &str) -> Result<ConversationStatus> {
    match name.trim().to_ascii_lowercase().as_str() {
        "open" => Ok(ConversationStatus::Open),
        "resolved" | "closed" => Ok(ConversationStatus::Resolved),
        "pending" => Ok(ConversationStatus::Pending),
        "snoozed" => Ok(ConversationStatus::Snoozed),
        other => Err(Error::InvalidInput(format!("unknown status {other:?}"))),
    }
}

#[async_trait]
impl Provider for ChatwootProvider {
    fn account(&self) -> &AccountId {
        &self.account
    }

    /// One `GET conversations` each for mine, unassigned and all.
    fn requests_per_poll(&self) -> u32 {
        3
    }

    async fn fetch_lists(&self) -> Result<Vec<ListResult>> {
        Ok(vec![
            self.list(ListName::Mine, AssigneeType::Me).await?,
            self.list(ListName::Unassigned, AssigneeType::Unassigned)
                .await?,
            self.list(ListName::All, AssigneeType::All).await?,
        ])
    }

    async fn thread(&self, conversation: &str) -> Result<Thread> {
        let list = self
            .client
            .messages(conversation_id(conversation)?, MessagesQuery::default())
            .await?;
        Ok(map::thread(&list))
    }

    async fn send(&self, entry: &OutboxEntry) -> Result<SentRef> {
        let Payload::ChatwootMessage { content, private } = &entry.payload else {
            return Err(Error::InvalidInput(
                "only Chatwoot messages can be sent to a Chatwoot account".into(),
            ));
        };
        let message = if *private {
            NewMessage::note(content.as_str())
        } else {
            NewMessage::reply(content.as_str())
        };
        let sent = self
            .client
            .create_message(conversation_id(&entry.key.conversation)?, &message)
            .await?;
        Ok(SentRef {
            message_id: Some(sent.id.to_string()),
            at: sent.created_at.map(|t| t.unix()),
        })
    }

    /// Reads the messages after the entry's place (`after=` when it is a message id;
    /// one page holds what a few seconds can add) and returns the outgoing ones with the
    /// same content and privacy that no other agent wrote.
    async fn find_sent(&self, entry: &OutboxEntry, after: &After) -> Result<Vec<SentRef>> {
        let Payload::ChatwootMessage { content, private } = &entry.payload else {
            return Ok(Vec::new());
        };
        let query = match after {
            After::Message { id } => id
                .trim()
                .parse::<u64>()
                .map(|id| MessagesQuery::after(MessageId(id)))
                .unwrap_or_default(),
            _ => MessagesQuery::default(),
        };
        let list = self
            .client
            .messages(conversation_id(&entry.key.conversation)?, query)
            .await?;
        let by_other_agent = |m: &chatwoot::Message| {
            let sender = m.sender.as_ref();
            let agent = sender.is_some_and(|s| {
                s.kind
                    .as_deref()
                    .is_some_and(|k| k.eq_ignore_ascii_case("user"))
            });
            agent
                && matches!((self.me, sender.and_then(|s| s.id)), (Some(me), Some(id)) if me != id)
        };
        let mut found: Vec<&chatwoot::Message> = list
            .messages
            .iter()
            .filter(|m| after.admits(&m.id.to_string(), m.created_at.map(|t| t.unix())))
            .filter(|m| m.message_type == Some(MessageType::Outgoing))
            .filter(|m| m.private == *private)
            .filter(|m| m.content.as_deref().map(str::trim) == Some(content.trim()))
            .filter(|m| !by_other_agent(m))
            .collect();
        found.sort_by_key(|m| m.id.get());
        Ok(found
            .into_iter()
            .map(|m| SentRef {
                message_id: Some(m.id.to_string()),
                at: m.created_at.map(|t| t.unix()),
            })
            .collect())
    }

    async fn directory(&self) -> Result<Directory> {
        create::directory(&self.client).await
    }

    async fn create_conversation(&self, spec: &NewConversationSpec) -> Result<InboxItem> {
        create::create(&self.client, &self.account, spec).await
    }

    async fn act(&self, conversation: &str, action: &Action) -> Result<Option<InboxItem>> {
        let id = conversation_id(conversation)?;
        match action {
            Action::Take => {
                let me = self.me.ok_or_else(|| {
                    Error::InvalidInput("the agent id of this account is not known".into())
                })?;
                self.client.assign_agent(id, AgentId(me)).await?;
            }
            Action::Close => {
                self.client
                    .toggle_status(id, ConversationStatus::Resolved)
                    .await?;
            }
            Action::Unassign => self.client.unassign(id).await?,
            Action::AssignOperator { operator_id: agent }
            | Action::ChatwootAssign {
                assignee: ChatwootAssignee::Agent(agent),
            } => {
                let agent = AgentId(number("agent", agent)?);
                self.client.assign_agent(id, agent).await?;
            }
            Action::AssignGroup { group_id: team }
            | Action::ChatwootAssign {
                assignee: ChatwootAssignee::Team(team),
            } => {
                let team = TeamId(number("team", team)?);
                self.client.assign_team(id, team).await?;
            }
            Action::ChatwootToggleStatus {
                status,
                snoozed_until,
            } => match status_named(status)? {
                ConversationStatus::Snoozed => {
                    let until = snoozed_until.map(Timestamp::from_unix);
                    self.client.snooze(id, until).await?;
                }
                other => {
                    self.client.toggle_status(id, other).await?;
                }
            },
            Action::WidgetAssignAgent { .. } | Action::WidgetRequestReview => {
                return Err(Error::InvalidInput(
                    "this action is for Blinger widget conversations".into(),
                ))
            }
        }
        // The action is done; its new state is a courtesy for the UI. If reading it
        // fails, the next poll brings it — the action must not look failed.
        Ok(match self.client.conversation(id).await {
            Ok(c) => {
                let mut item = map::item(&self.account, &c);
                infer_lists(&mut item, self.me);
                Some(item)
            }
            Err(error) => {
                tracing::info!(%error, "state after the action not read");
                None
            }
        })
    }
}
