//! Blinger: the Conversation API for lists, threads, replies, notes and actions, and
//! (optionally) the Widget API for widget conversations, whose ids are UUIDs.
//! [`webhook_item`] turns a webhook into the row it changes. Every answer also
//! tells the account's roster who works there ([`learn`]).

mod climb;
pub mod learn;
mod map;
mod webhook;

pub use map::{infer_lists, item as item_from_conversation};
pub use webhook::{apply_webhook, webhook_item};

use crate::inbox::ListResult;
use crate::model::{AccountId, InboxItem, ListName, Thread};
use crate::outbox::{After, OutboxEntry, Payload};
use crate::provider::{Action, Provider, SentRef};
use crate::roster::{AccountRoster, Learner};
use async_trait::async_trait;
use blinger::{Act, ListFilter};
use deskbell_transport::{Error, Result};
use std::collections::{HashMap, HashSet};

/// Blinger lists hold at most this many conversations; a full one may have more.
const LIST_CAP: usize = 1000;

pub struct BlingerProvider {
    account: AccountId,
    client: blinger::Client,
    widget: Option<blinger::WidgetClient>,
    /// The operator's own id: actions and replies are attributed to them, and the
    /// unread / not-answered lists are theirs.
    operator_id: Option<i64>,
    /// Operator groups to watch for unassigned conversations; empty: all.
    group_ids: Vec<i64>,
    /// The order of each `unassigned` list read, per group (see `climb.rs`).
    climbs: std::sync::Mutex<HashMap<Option<i64>, climb::Climbs>>,
    /// Where the operators, groups and agents the answers name are noted.
    learner: Option<Learner>,
}

impl BlingerProvider {
    pub fn new(
        account: AccountId,
        client: blinger::Client,
        widget: Option<blinger::WidgetClient>,
        operator_id: Option<i64>,
        group_ids: Vec<i64>,
    ) -> Self {
        BlingerProvider {
            account,
            client,
            widget,
            operator_id,
            group_ids,
            climbs: Default::default(),
            learner: None,
        }
    }

    /// Notes who the server's answers name in the account's roster.
    pub fn learning(mut self, learner: Learner) -> Self {
        self.learner = Some(learner);
        self
    }

    fn learn(&self, learn: impl FnOnce(&mut AccountRoster, i64)) {
        if let Some(learner) = &self.learner {
            learner.learn(learn);
        }
    }

    fn learn_conversations(&self, conversations: &[blinger::Conversation]) {
        self.learn(|r, now| {
            for c in conversations {
                learn::conversation(r, c, now);
            }
        });
    }

    fn act_as(&self) -> Act {
        Act::default().operator_opt(self.operator_id)
    }

    fn filter(&self) -> ListFilter {
        ListFilter {
            operator_id: self.operator_id,
            group_id: None,
        }
    }

    fn widget(&self) -> Result<&blinger::WidgetClient> {
        self.widget
            .as_ref()
            .ok_or_else(|| Error::InvalidInput("this account has no Widget API token".into()))
    }

    fn row(&self, c: &blinger::Conversation) -> InboxItem {
        let mut item = map::item(&self.account, c);
        infer_lists(&mut item, self.operator_id);
        item
    }

    async fn unassigned(&self) -> Result<ListResult> {
        let groups: Vec<Option<i64>> = if self.group_ids.is_empty() {
            vec![None]
        } else {
            self.group_ids.iter().copied().map(Some).collect()
        };
        let mut items = Vec::new();
        let mut complete = true;
        for group in groups {
            let list = self.client.unassigned(group).await?;
            self.learn_conversations(&list);
            complete &= list.len() < LIST_CAP;
            let ids: Vec<i64> = list.iter().map(|c| c.id).collect();
            let climbs = self
                .climbs
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .entry(group)
                .or_default()
                .observe(&ids);
            items.extend(list.iter().map(|c| {
                let mut item = map::item(&self.account, c);
                item.marker.seq += climbs.get(&c.id).copied().unwrap_or(0);
                item
            }));
        }
        Ok(ListResult {
            list: ListName::Unassigned,
            items,
            complete,
        })
    }

    /// *Mine* is no server list: what the operator's lists show as theirs joins it,
    /// and nothing leaves it for being absent (the list is never complete) — only a
    /// read or an action that shows the conversation closed or someone else's.
    fn mine(&self, lists: &[&ListResult]) -> ListResult {
        let me = self.operator_id.map(|id| id.to_string());
        let items = lists
            .iter()
            .flat_map(|l| l.items.iter())
            .filter(|i| me.is_some() && i.assignee.as_ref().map(|p| &p.id) == me.as_ref())
            .cloned()
            .collect();
        ListResult {
            list: ListName::Mine,
            items,
            complete: false,
        }
    }

    fn list(&self, list: ListName, conversations: Vec<blinger::Conversation>) -> ListResult {
        self.learn_conversations(&conversations);
        ListResult {
            list,
            complete: conversations.len() < LIST_CAP,
            items: conversations
                .iter()
                .map(|c| map::item(&self.account, c))
                .collect(),
        }
    }
}

/// List summaries do not say who wrote last, and the row's default ("the customer,
/// since it is listed") is wrong for a conversation the operator has answered while
/// its unread count stays up. The `not-answered` list says it: an unread conversation
/// missing from a complete `not-answered` list was answered last by an operator.
/// Without this, the operator's own reply moved the row's marker and was announced
/// as a new customer message.
fn who_wrote_last(unread: &mut ListResult, not_answered: &ListResult) {
    let waiting: HashSet<&str> = not_answered
        .items
        .iter()
        .map(|n| n.key.conversation.as_str())
        .collect();
    for item in &mut unread.items {
        if waiting.contains(item.key.conversation.as_str()) {
            item.last_incoming = true;
        } else if not_answered.complete {
            item.last_incoming = false;
        }
    }
}

/// Conversation API ids are integers; anything else cannot be one.
fn numeric(conversation: &str) -> Result<i64> {
    conversation.trim().parse().map_err(|_| {
        Error::InvalidInput(format!(
            "{conversation:?} is not a Conversation API conversation id"
        ))
    })
}

fn id_arg(what: &str, id: &str) -> Result<i64> {
    id.trim()
        .parse()
        .map_err(|_| Error::InvalidInput(format!("invalid {what} id {id:?}")))
}

#[async_trait]
impl Provider for BlingerProvider {
    fn account(&self) -> &AccountId {
        &self.account
    }

    fn lists_carry_previews(&self) -> bool {
        false
    }

    /// `unassigned` once per watched group (once for all if none), `unread`, `not-answered`.
    fn requests_per_poll(&self) -> u32 {
        self.group_ids.len().max(1) as u32 + 2
    }

    async fn fetch_lists(&self) -> Result<Vec<ListResult>> {
        let unassigned = self.unassigned().await?;
        let unread = self.client.unread(&self.filter()).await?;
        let not_answered = self.client.not_answered(&self.filter()).await?;
        let mut unread = self.list(ListName::Unread, unread);
        let not_answered = self.list(ListName::NotAnswered, not_answered);
        who_wrote_last(&mut unread, &not_answered);
        let mine = self.mine(&[&unread, &not_answered]);
        Ok(vec![unassigned, unread, not_answered, mine])
    }

    async fn thread(&self, conversation: &str) -> Result<Thread> {
        let detail = self.client.get(numeric(conversation)?).await?;
        self.learn(|r, now| learn::detail(r, &detail, now));
        Ok(map::thread(&detail))
    }

    async fn send(&self, entry: &OutboxEntry) -> Result<SentRef> {
        let conversation = entry.key.conversation.as_str();
        let sent = |m: blinger::Message| SentRef {
            message_id: (m.id != 0).then(|| m.id.to_string()),
            at: m.date_created,
        };
        match &entry.payload {
            Payload::Text { text } => {
                let id = numeric(conversation)?;
                self.client
                    .send_message(id, text, &self.act_as())
                    .await
                    .map(sent)
            }
            Payload::Note { text } => {
                let id = numeric(conversation)?;
                self.client
                    .send_note(id, text, self.operator_id)
                    .await
                    .map(sent)
            }
            Payload::File { url } => {
                let id = numeric(conversation)?;
                self.client
                    .send_file_message(id, url, &self.act_as())
                    .await
                    .map(sent)
            }
            // The entry's id is the idempotency uuid: a resend is never a duplicate.
            Payload::WidgetText { text } => {
                let m = self
                    .widget()?
                    .send_text_message(conversation, entry.id, text)
                    .await?;
                Ok(SentRef {
                    message_id: Some(m.id),
                    at: m.created_at,
                })
            }
            Payload::WidgetFile { url } => {
                let m = self
                    .widget()?
                    .send_file_message(conversation, entry.id, url)
                    .await?;
                Ok(SentRef {
                    message_id: Some(m.id),
                    at: m.created_at,
                })
            }
            Payload::ChatwootMessage { .. } => Err(Error::InvalidInput(
                "a Chatwoot message cannot be sent to a Blinger account".into(),
            )),
        }
    }

    /// Reads the conversation (`get`) and returns the outgoing messages matching the
    /// entry after its place, leaving out those another operator wrote (when both ids
    /// are known). Widget sends are idempotent and never reconciled.
    async fn find_sent(&self, entry: &OutboxEntry, after: &After) -> Result<Vec<SentRef>> {
        if entry.payload.is_idempotent() {
            return Ok(Vec::new());
        }
        let detail = self.client.get(numeric(&entry.key.conversation)?).await?;
        self.learn(|r, now| learn::detail(r, &detail, now));
        let by = |m: &blinger::Message| match (self.operator_id, m.operator_id) {
            (Some(me), Some(them)) => Some(me == them),
            _ => None,
        };
        Ok(detail
            .messages
            .iter()
            .filter(|m| after.admits(&m.id.to_string(), m.date_created))
            .filter(|m| by(m) != Some(false))
            .filter(|m| map::matches(&entry.payload, m, by(m) == Some(true)))
            .map(|m| SentRef {
                message_id: Some(m.id.to_string()),
                at: m.date_created,
            })
            .collect())
    }

    async fn act(&self, conversation: &str, action: &Action) -> Result<Option<InboxItem>> {
        let updated = match action {
            Action::Take => {
                self.client
                    .start(numeric(conversation)?, &self.act_as())
                    .await?
            }
            Action::Close => {
                self.client
                    .close(numeric(conversation)?, &self.act_as())
                    .await?
            }
            Action::Unassign => {
                self.client
                    .unassign(numeric(conversation)?, &self.act_as())
                    .await?
            }
            Action::AssignOperator { operator_id } => {
                let operator = id_arg("operator", operator_id)?;
                self.client
                    .assign_operator(numeric(conversation)?, operator, false)
                    .await?
            }
            Action::AssignGroup { group_id } => {
                let group = id_arg("group", group_id)?;
                self.client
                    .assign_group(numeric(conversation)?, group)
                    .await?
            }
            Action::WidgetAssignAgent { agent_id } => {
                let answer = self.widget()?.assign_agent(conversation, agent_id).await?;
                self.learn(|r, now| learn::widget_agent(r, agent_id, &answer, now));
                return Ok(None);
            }
            Action::WidgetRequestReview => {
                self.widget()?.request_review(conversation).await?;
                return Ok(None);
            }
            Action::ChatwootToggleStatus { .. } | Action::ChatwootAssign { .. } => {
                return Err(Error::InvalidInput(
                    "this action is for Chatwoot accounts".into(),
                ))
            }
        };
        self.learn(|r, now| learn::conversation(r, &updated, now));
        Ok(Some(self.row(&updated)))
    }
}
