//! What a read of a conversation (`get`) brings to its row: the preview, who wrote
//! last and when, and whether it is still open and ours. Kept across polls, since
//! the lists that replace the row carry none of it.

use super::{Change, Inbox};
use crate::model::{ConvKey, InboxItem, ListName, MessageKind, Person, Status, PREVIEW_CHARS};
use crate::peek::Peeked;
use crate::thread::{Direction, Thread, ThreadMessage};

/// What applying a read did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PeekOutcome {
    pub change: Option<Change>,
    /// A customer message newer than the one the last read saw: news the lists
    /// could not show (an unassigned or *Mine* conversation).
    pub news: Option<ThreadMessage>,
}

/// A poll's fresh row keeps what the last read found, as long as the fresh row
/// brings nothing better.
pub(super) fn carry_read(old: &InboxItem, item: &mut InboxItem) {
    if item.peeked.is_none() {
        item.peeked = old.peeked.clone();
    }
    if item.preview.is_empty() {
        item.preview = old.preview.clone();
        // Who wrote the previewed message is the read's to say while the row
        // has not moved since.
        if item
            .peeked
            .as_ref()
            .is_some_and(|p| p.marker == item.marker)
        {
            item.last_incoming = old.last_incoming;
        }
    }
    if let Some(p) = &item.peeked {
        item.last_activity = item.last_activity.max(p.last_at);
    }
}

/// One line for a row: the text, or what kind of attachment it is.
pub fn preview_of(m: &ThreadMessage) -> String {
    let text = crate::text::one_line(&m.text, PREVIEW_CHARS);
    if !text.is_empty() {
        return text;
    }
    match m.kind {
        MessageKind::Image => "Photo".into(),
        MessageKind::File => "File".into(),
        MessageKind::Review => "Review".into(),
        _ => String::new(),
    }
}

impl Inbox {
    /// The operator asked for fresh data: the account's rows in `list` are read
    /// again at the reader's next chance (the lists alone cannot tell whether a
    /// *Mine* conversation was closed elsewhere).
    pub fn read_again(&mut self, account: &crate::model::AccountId, list: ListName) {
        for item in self.items.values_mut() {
            if &item.key.account == account && item.lists.contains(&list) {
                if let Some(p) = &mut item.peeked {
                    p.at = 0;
                }
            }
        }
    }

    /// A read the server refused: the row counts as read until it moves again.
    pub fn skip_read(&mut self, key: &ConvKey, now: i64) {
        if let Some(item) = self.items.get_mut(key) {
            let (last_id, last_at) = item
                .peeked
                .as_ref()
                .map_or((None, 0), |p| (p.last_id.clone(), p.last_at));
            item.peeked = Some(Peeked {
                marker: item.marker,
                status: item.status.clone(),
                at: now,
                last_id,
                last_at,
            });
        }
    }

    /// Applies a read of the conversation at `now` (unix s). `me`: the operator's id,
    /// to see whether a *Mine* conversation is still theirs.
    pub fn apply_peek(
        &mut self,
        key: &ConvKey,
        thread: &Thread,
        me: Option<&str>,
        now: i64,
    ) -> PeekOutcome {
        let Some(mut item) = self.items.get(key).cloned() else {
            return PeekOutcome::default();
        };
        let before = item.peeked.clone();
        let last = thread.last_visible();
        let mut news = None;
        if let Some(m) = last {
            item.preview = preview_of(m);
            item.last_incoming = m.direction == Direction::Incoming;
            item.last_activity = item.last_activity.max(m.at);
            let seen = before
                .as_ref()
                .and_then(|p| p.last_id.as_ref().map(|id| (id, p.last_at)));
            if let Some((id, at)) = seen {
                if *id != m.id && m.at >= at && m.direction == Direction::Incoming {
                    news = Some(m.clone());
                }
            }
        }
        if let Some(state) = &thread.state {
            item.status = state.status.clone();
            match (&state.assignee_id, item.status == Status::Unassigned) {
                (Some(id), false) => {
                    if item.assignee.as_ref().is_none_or(|p| &p.id != id) {
                        item.assignee = Some(Person {
                            id: id.clone(),
                            name: format!("Operator #{id}"),
                        });
                    }
                    if me.is_some_and(|me| me != id) {
                        item.lists.remove(&ListName::Mine);
                    }
                }
                _ => item.assignee = None,
            }
            if item.status == Status::Closed {
                item.lists.clear();
            }
        }
        item.peeked = Some(Peeked {
            marker: item.marker,
            status: item.status.clone(),
            at: now,
            last_id: last.map(|m| m.id.clone()),
            last_at: last.map_or(0, |m| m.at),
        });
        PeekOutcome {
            change: self.put(item),
            news,
        }
    }
}
