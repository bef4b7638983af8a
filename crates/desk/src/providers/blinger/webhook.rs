//! Blinger webhooks → the inbox row they change, for `Inbox::apply_item` with
//! `Origin::Push`, so news shows (and notifies) without waiting for the next poll.
//!
//! Webhooks carry no unread count and no list membership, so the row is the known
//! one updated with what the event says, and the poller should be asked to resync:
//! the poll has the final word. The marker of an incoming message is its time with
//! the highest sequence, meaning "everything up to this second": the poll's marker
//! for the same message (same time, real unread count) is then not newer, so the
//! message is never announced twice.
//!
//! Webhooks are unsigned and may be replayed. An incoming message whose time is
//! not after what the row already knows changes nothing (a replay must not add to
//! the unread count, even once a poll has replaced the webhook's marker with its
//! own), and a time more than [`MAX_FUTURE_SECS`] ahead of the clock is taken as
//! that far ahead: trusted as it is, a far-future time would become the row's
//! marker and every real message after it would look old and stay silent.
//!
//! Per event (blinger-webhooks.txt): a message or comment from the customer is
//! news; one from the business moves the row without being news; assigned and
//! unassigned set who has the conversation; closed closes it and ends the row with
//! the last message it carries, its tags and nothing unread. `on_user_new` names
//! no conversation: it changes no row (the new customer's conversation comes with
//! their message, or the resync).

use super::map::infer_lists;
use crate::inbox::{Change, Inbox};
use crate::model::{AccountId, ConvKey, InboxItem, Marker, Person, PostRef, Status, PREVIEW_CHARS};
use crate::text::one_line;
use blinger::webhook::ConversationEvent;
use blinger::WebhookEvent;

/// "Everything up to this second" (see the module docs).
const UP_TO_THIS_SECOND: u64 = u64::MAX >> 1;

/// How far ahead of our clock an event's time may be (clock skew).
pub const MAX_FUTURE_SECS: i64 = 60;

/// Applies `event` to `account`'s row of the conversation it names (and to no
/// other account's): the change, if the inbox changed.
pub fn apply_webhook(
    inbox: &mut Inbox,
    account: &str,
    me: Option<i64>,
    event: &WebhookEvent,
    now_secs: i64,
) -> Option<Change> {
    let key = ConvKey::new(account, event.conversation_id()?.to_string());
    let existing = inbox.get(&key).cloned();
    let item = webhook_item(&key.account, existing.as_ref(), event, me, now_secs)?;
    inbox.apply_item(item)
}

/// The row `event` leads to, from the current one (if the conversation is known).
/// `None` for events that change no row (a new user, an unknown event, an outgoing
/// message in a conversation not in the inbox, a replay).
pub fn webhook_item(
    account: &AccountId,
    existing: Option<&InboxItem>,
    event: &WebhookEvent,
    me: Option<i64>,
    now_secs: i64,
) -> Option<InboxItem> {
    let id = event.conversation_id()?;
    let clamp = |at: i64| at.min(now_secs.saturating_add(MAX_FUTURE_SECS));
    let mut item = match existing {
        Some(known) => known.clone(),
        None => new_row(account, id, event, clamp),
    };
    item.lists.clear();
    let operator = event.operator().and_then(|o| {
        let id = o.id?;
        let name = o.name.clone().or_else(|| o.email.clone());
        Some(Person {
            id: id.to_string(),
            name: name.unwrap_or_else(|| format!("Operator #{id}")),
        })
    });
    let (at, text, tags) = match event {
        WebhookEvent::MessageIncoming(e) | WebhookEvent::MessageOutgoing(e) => {
            let m = e.message.as_ref();
            let tags = m.map(|m| titles(m.tags.titles()));
            (m.and_then(|m| m.date_created), event.preview_text(), tags)
        }
        WebhookEvent::CommentIncoming(e) | WebhookEvent::CommentOutgoing(e) => {
            let c = e.comment.as_ref();
            if let Some(post) = c.and_then(|c| {
                PostRef::from_parts(c.post_title.as_deref(), c.post_url.as_deref(), None)
            }) {
                item.post = Some(post);
            }
            (c.and_then(|c| c.date_created), event.preview_text(), None)
        }
        _ => (None, None, None),
    };
    let at = clamp(at.unwrap_or(now_secs));
    match event {
        WebhookEvent::MessageIncoming(_) | WebhookEvent::CommentIncoming(_) => {
            if existing.is_some_and(|known| known.marker.at >= at) {
                return None; // counted already: a replay, or older than what the row knows
            }
            if item.status == Status::Closed {
                item.status = Status::Unassigned; // a customer writing reopens it
                item.assignee = None;
            }
            if existing.is_none() {
                item.status = if operator.is_some() {
                    Status::Open
                } else {
                    Status::Unassigned
                };
                item.assignee = operator;
            }
            item.unread = item.unread.saturating_add(1);
            item.last_incoming = true;
            item.marker = Marker::new(at, UP_TO_THIS_SECOND);
        }
        WebhookEvent::MessageOutgoing(_) | WebhookEvent::CommentOutgoing(_) => {
            existing?;
            item.last_incoming = false;
            item.marker = item.marker.max(Marker::new(at, 0));
        }
        WebhookEvent::ConversationAssigned(_) => {
            item.status = Status::Open;
            item.assignee = operator;
        }
        WebhookEvent::ConversationUnassigned(_) => {
            item.status = Status::Unassigned;
            item.assignee = None;
        }
        WebhookEvent::ConversationClosed(e) => close(&mut item, e, clamp),
        WebhookEvent::UserNew(_) | WebhookEvent::Unknown { .. } => return None,
    }
    if let Some(text) = text {
        item.preview = one_line(&text, PREVIEW_CHARS);
        item.last_activity = item.last_activity.max(at);
    }
    if let Some(tags) = tags.filter(|t| !t.is_empty()) {
        item.tags = tags;
    }
    infer_lists(&mut item, me);
    Some(item)
}

/// A row for a conversation the inbox does not know yet, from what the event
/// says of the customer and the conversation.
fn new_row(
    account: &AccountId,
    id: i64,
    event: &WebhookEvent,
    clamp: impl Fn(i64) -> i64,
) -> InboxItem {
    let key = ConvKey {
        account: account.clone(),
        conversation: id.to_string(),
    };
    let name = event
        .customer_name()
        .unwrap_or_else(|| format!("Customer #{id}"));
    let channel = event
        .customer()
        .and_then(|u| u.application.as_ref())
        .or(match event {
            WebhookEvent::ConversationUnassigned(e)
            | WebhookEvent::ConversationAssigned(e)
            | WebhookEvent::ConversationClosed(e) => e.conversation.application.as_ref(),
            _ => None,
        })
        .map(|c| c.as_str().to_owned())
        .unwrap_or_default();
    let mut item = InboxItem::new(key, name, channel);
    if let WebhookEvent::ConversationUnassigned(e) | WebhookEvent::ConversationAssigned(e) = event {
        let c = &e.conversation;
        item.last_activity = clamp(c.date_updated.or(c.date_created).unwrap_or(0));
    }
    item
}

/// `on_conversation_closed`: closed, nobody's any more, nothing unread; the row
/// ends on the last message the event carries (notes left out) and takes its tags.
/// The marker moves up to that message, so a late or replayed webhook of a message
/// the conversation already held does not reopen it.
fn close(item: &mut InboxItem, e: &ConversationEvent, clamp: impl Fn(i64) -> i64) {
    let c = &e.conversation;
    item.status = Status::Closed;
    item.assignee = None;
    item.unread = 0;
    if let Some(last) = c.messages.iter().rev().find(|m| !m.is_note()) {
        let at = clamp(last.date_created.unwrap_or(item.last_activity));
        let preview = match last.kind() {
            blinger::MessageKind::Text => last.text().to_owned(),
            other => format!("[{other}]"),
        };
        item.preview = one_line(&preview, PREVIEW_CHARS);
        item.last_activity = item.last_activity.max(at);
        item.last_incoming = !last.is_from_operator();
        item.marker = item.marker.max(Marker::new(at, UP_TO_THIS_SECOND));
    }
    let tags = titles(c.tags.titles());
    if !tags.is_empty() {
        item.tags = tags;
    }
}

/// Tag names, blank ones and repeats left out (the docs' example repeats one).
fn titles<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in names.map(str::trim).filter(|n| !n.is_empty()) {
        if !out.iter().any(|o| o == name) {
            out.push(one_line(name, 60));
        }
    }
    out
}

#[cfg(test)]
#[path = "webhook_tests.rs"]
mod tests;
