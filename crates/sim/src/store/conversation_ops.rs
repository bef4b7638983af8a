//! The Conversation API's actions and lists, on the store. Each action
//! validates, changes the state, queues the webhook events and returns the
//! JSON `data` the docs show for it.

use serde_json::Value;

use super::model::{Conversation, ConversationStatus, State};
use super::seed::{push_message, Author, SeedMessage};
use super::{now, Store};
use crate::api_error::ApiError;
use crate::error_texts as texts;
use crate::render::{self, events};

/// Parameters every conversation action takes.
#[derive(Debug, Clone, Copy)]
pub struct ActionParams {
    pub conversation_id: i64,
    /// None means the admin operator (the docs' "Default - Admin").
    pub operator_id: Option<i64>,
    /// False when the request said `disable_webhook=1`.
    pub notify: bool,
}

/// Filters of the list endpoints; None means "any".
#[derive(Debug, Clone, Copy, Default)]
pub struct ListFilter {
    pub operator_id: Option<i64>,
    pub group_id: Option<i64>,
}

/// The docs cap every list at 1000 conversations.
const LIST_LIMIT: usize = 1000;

fn conversation_mut(st: &mut State, id: i64) -> Result<&mut Conversation, ApiError> {
    st.conversations
        .get_mut(&id)
        .ok_or_else(|| ApiError::not_found(texts::CONVERSATION_NOT_FOUND))
}

fn check_operator(st: &State, id: i64) -> Result<i64, ApiError> {
    if st.operators.contains_key(&id) {
        Ok(id)
    } else {
        Err(ApiError::not_found(texts::OPERATOR_NOT_FOUND))
    }
}

/// Gives the conversation to `operator`, as `start` and `assign-operator` do.
fn assign(conv: &mut Conversation, operator: i64, at: i64) {
    conv.operator_id = Some(operator);
    conv.status = ConversationStatus::Inbox;
    conv.is_new_conversation = false;
    conv.date_updated = at;
}

impl Store {
    fn operator_or_admin(&self, p: &ActionParams) -> i64 {
        p.operator_id.unwrap_or_else(|| self.admin_operator_id())
    }

    /// Runs an action on one conversation and answers with the full
    /// conversation object.
    fn conversation_action(
        &self,
        p: &ActionParams,
        action: impl FnOnce(&mut State, &mut Vec<Value>) -> Result<(), ApiError>,
    ) -> Result<Value, ApiError> {
        self.mutate(p.notify, |st, out| {
            conversation_mut(st, p.conversation_id)?;
            action(st, out)?;
            let conv = &st.conversations[&p.conversation_id];
            Ok(render::conversation_object(st, conv))
        })
    }

    /// `start`: the operator takes the conversation and has read it.
    pub fn api_start(&self, p: &ActionParams) -> Result<Value, ApiError> {
        let operator = self.operator_or_admin(p);
        self.conversation_action(p, |st, out| {
            check_operator(st, operator)?;
            let conv = conversation_mut(st, p.conversation_id)?;
            if conv.status == ConversationStatus::Inbox && conv.operator_id != Some(operator) {
                return Err(ApiError::bad_request(texts::ASSIGNED_TO_ANOTHER_OPERATOR));
            }
            let newly_assigned =
                conv.operator_id != Some(operator) || conv.status != ConversationStatus::Inbox;
            assign(conv, operator, now());
            conv.unread_count = 0;
            if newly_assigned {
                let conv = &st.conversations[&p.conversation_id];
                out.push(events::conversation_assigned(st, conv));
            }
            Ok(())
        })
    }

    /// `close`.
    pub fn api_close(&self, p: &ActionParams) -> Result<Value, ApiError> {
        let operator = self.operator_or_admin(p);
        self.conversation_action(p, |st, out| {
            check_operator(st, operator)?;
            let conv = conversation_mut(st, p.conversation_id)?;
            if conv.status == ConversationStatus::Closed {
                return Err(ApiError::bad_request(texts::CONVERSATION_CLOSED));
            }
            conv.status = ConversationStatus::Closed;
            conv.waiting_operator_response = false;
            conv.date_updated = now();
            let conv = &st.conversations[&p.conversation_id];
            out.push(events::conversation_closed(st, conv));
            Ok(())
        })
    }

    /// `unassign`: back to the unassigned queue, operator cleared.
    pub fn api_unassign(&self, p: &ActionParams) -> Result<Value, ApiError> {
        let operator = self.operator_or_admin(p);
        self.conversation_action(p, |st, out| {
            check_operator(st, operator)?;
            let conv = conversation_mut(st, p.conversation_id)?;
            if conv.status == ConversationStatus::Unassigned {
                return Err(ApiError::bad_request(texts::ALREADY_UNASSIGNED));
            }
            let at = now();
            conv.status = ConversationStatus::Unassigned;
            conv.operator_id = None;
            conv.unassigned_date = Some(at);
            conv.date_updated = at;
            let conv = &st.conversations[&p.conversation_id];
            out.push(events::conversation_unassigned(st, conv));
            Ok(())
        })
    }

    /// `assign-operator`. The docs give `operator_id` no default here, so it
    /// is required.
    pub fn api_assign_operator(&self, p: &ActionParams) -> Result<Value, ApiError> {
        let operator = p
            .operator_id
            .ok_or_else(|| ApiError::bad_request(texts::OPERATOR_ID_EMPTY))?;
        self.conversation_action(p, |st, out| {
            check_operator(st, operator)?;
            let conv = conversation_mut(st, p.conversation_id)?;
            if conv.operator_id == Some(operator) && conv.status == ConversationStatus::Inbox {
                return Err(ApiError::bad_request(texts::ALREADY_ASSIGNED_TO_OPERATOR));
            }
            assign(conv, operator, now());
            let conv = &st.conversations[&p.conversation_id];
            out.push(events::conversation_assigned(st, conv));
            Ok(())
        })
    }

    /// `assign-group`. No webhook is documented for a group change.
    pub fn api_assign_group(&self, p: &ActionParams, group_id: i64) -> Result<Value, ApiError> {
        self.conversation_action(p, |st, _| {
            if !st.groups.contains_key(&group_id) {
                return Err(ApiError::not_found(texts::GROUP_NOT_FOUND));
            }
            let conv = conversation_mut(st, p.conversation_id)?;
            if conv.group_id == Some(group_id) {
                return Err(ApiError::bad_request(texts::GROUP_ALREADY_SELECTED));
            }
            conv.group_id = Some(group_id);
            conv.date_updated = now();
            Ok(())
        })
    }

    /// `send-message`.
    pub fn api_send_message(&self, p: &ActionParams, text: &str) -> Result<Value, ApiError> {
        if text.trim().is_empty() {
            return Err(ApiError::bad_request(texts::TEXT_EMPTY));
        }
        let operator = self.operator_or_admin(p);
        self.send(p, SeedMessage::new(Author::Operator(operator), text))
    }

    /// `send-file-message`: `type` is `image` or `file` by the URL's extension.
    pub fn api_send_file_message(&self, p: &ActionParams, url: &str) -> Result<Value, ApiError> {
        if url.trim().is_empty() {
            return Err(ApiError::bad_request(texts::FILE_URL_EMPTY));
        }
        let operator = self.operator_or_admin(p);
        let kind = render::file_kind(url);
        self.send(
            p,
            SeedMessage::new(Author::Operator(operator), url.trim()).kind(kind),
        )
    }

    /// `send-note`: a private note; the customer sees nothing, no webhook.
    pub fn api_send_note(&self, p: &ActionParams, text: &str) -> Result<Value, ApiError> {
        if text.trim().is_empty() {
            return Err(ApiError::bad_request(texts::NOTE_TEXT_EMPTY));
        }
        let operator = self.operator_or_admin(p);
        self.send(p, SeedMessage::new(Author::Note(operator), text))
    }

    fn send(&self, p: &ActionParams, message: SeedMessage) -> Result<Value, ApiError> {
        let is_note = matches!(message.author, Author::Note(_));
        let operator = match message.author {
            Author::Operator(op) | Author::Note(op) => op,
            Author::Customer => self.admin_operator_id(),
        };
        self.mutate(p.notify, |st, out| {
            check_operator(st, operator)?;
            let State {
                conversations, ids, ..
            } = st;
            let conv = conversations
                .get_mut(&p.conversation_id)
                .ok_or_else(|| ApiError::not_found(texts::CONVERSATION_NOT_FOUND))?;
            if !is_note && conv.status == ConversationStatus::Closed {
                return Err(ApiError::bad_request(texts::SEND_INTO_CLOSED));
            }
            let reply_to = conv
                .messages
                .iter()
                .rev()
                .find(|m| !m.is_outgoing)
                .map(|m| m.id);
            push_message(conv, ids, message);
            if conv.is_comments() && !is_note {
                if let Some(last) = conv.messages.last_mut() {
                    last.reply_comment_id = reply_to;
                }
            }
            let conv = &st.conversations[&p.conversation_id];
            let msg = conv.messages.last().expect("message just pushed");
            if !is_note {
                out.push(events::message(st, conv, msg));
            }
            Ok(render::message_object(conv, msg))
        })
    }

    /// `unassigned`: unassigned conversations, optionally of one group.
    pub fn api_list_unassigned(&self, f: &ListFilter) -> Value {
        self.list(
            |c| c.status == ConversationStatus::Unassigned && group_matches(c, f),
            render::unassigned_summary,
        )
    }

    /// `unread`: inbox conversations with unread messages.
    pub fn api_list_unread(&self, f: &ListFilter) -> Value {
        self.list(
            |c| inbox_matches(c, f) && c.unread_count > 0,
            render::inbox_summary,
        )
    }

    /// `not-answered`: inbox conversations whose last message is the customer's.
    pub fn api_list_not_answered(&self, f: &ListFilter) -> Value {
        self.list(
            |c| inbox_matches(c, f) && c.waiting_operator_response,
            render::inbox_summary,
        )
    }

    fn list(
        &self,
        keep: impl Fn(&Conversation) -> bool,
        summary: fn(&State, &Conversation, bool) -> Value,
    ) -> Value {
        let extras = self.extras();
        let st = self.lock();
        let mut found: Vec<&Conversation> = st.conversations.values().filter(|c| keep(c)).collect();
        // Newest first; ties by id so the order is stable.
        found.sort_by(|a, b| b.date_updated.cmp(&a.date_updated).then(b.id.cmp(&a.id)));
        found.truncate(LIST_LIMIT);
        Value::Array(found.into_iter().map(|c| summary(&st, c, extras)).collect())
    }

    /// `get`: the conversation with both users and all messages.
    pub fn api_get(&self, conversation_id: i64) -> Result<Value, ApiError> {
        let extras = self.extras();
        let st = self.lock();
        let conv = st
            .conversations
            .get(&conversation_id)
            .ok_or_else(|| ApiError::not_found(texts::CONVERSATION_NOT_FOUND))?;
        Ok(render::get_conversation(&st, conv, extras))
    }
}

fn group_matches(c: &Conversation, f: &ListFilter) -> bool {
    f.group_id.is_none() || c.group_id == f.group_id
}

fn inbox_matches(c: &Conversation, f: &ListFilter) -> bool {
    c.status == ConversationStatus::Inbox
        && group_matches(c, f)
        && (f.operator_id.is_none() || c.operator_id == f.operator_id)
}
