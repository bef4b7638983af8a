//! Which inbox changes deserve a desktop notification.
//!
//! The policy sees the same [`Change`]s as the UI and keeps two small maps:
//! the last facts it saw per conversation (to detect *edges*: became unread, entered
//! Unassigned, became mine) and, per (conversation, kind), the highest marker already
//! notified or deliberately skipped. A notification fires only for a marker above that
//! mark, so the same news is never announced twice — not after a duplicated poll, a
//! stale poll arriving after a webhook, nor a conversation leaving and coming back.

use crate::inbox::Change;
use crate::model::{channel_label, AccountId, ConvKey, InboxItem, ListName, Marker};
use crate::text::one_line;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Longest notification body.
pub const BODY_CHARS: usize = 120;

/// Why the operator is told. Declared in increasing priority: when one change is news
/// of several kinds, one notification of the highest kind is shown (all are recorded).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    NewUnread,
    NewUnassigned,
    AssignedToMe,
}

const KINDS: [NotificationKind; 3] = [
    NotificationKind::NewUnread,
    NotificationKind::NewUnassigned,
    NotificationKind::AssignedToMe,
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    /// Clicking the notification opens this conversation.
    pub key: ConvKey,
    pub kind: NotificationKind,
    /// Customer name and channel.
    pub title: String,
    /// Last message, one line of plain text, at most [`BODY_CHARS`] characters.
    pub body: String,
    pub marker: Marker,
}

/// Where a batch of changes came from: the first poll of an account is its initial
/// load (not news); webhooks are news whenever they arrive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Poll,
    Push,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NotifyConfig {
    /// Announce what the first poll finds (off: startup is not news).
    pub notify_on_first_load: bool,
    /// Decide as usual, record as seen, show nothing.
    pub do_not_disturb: bool,
}

/// What the policy remembers of a conversation between two changes.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Facts {
    marker: Marker,
    unread: bool,
    unassigned: bool,
    mine: bool,
}

#[derive(Debug, Default)]
pub struct NotifyPolicy {
    pub config: NotifyConfig,
    /// The operator's own id per account, to recognise "assigned to me".
    me: HashMap<AccountId, String>,
    loaded: HashSet<AccountId>,
    facts: HashMap<ConvKey, Facts>,
    notified: HashMap<(ConvKey, NotificationKind), Marker>,
}

impl NotifyPolicy {
    pub fn new(config: NotifyConfig) -> Self {
        NotifyPolicy {
            config,
            ..Default::default()
        }
    }

    pub fn set_me(&mut self, account: &AccountId, operator_id: Option<String>) {
        match operator_id {
            Some(id) => self.me.insert(account.clone(), id),
            None => self.me.remove(account),
        };
    }

    pub fn set_do_not_disturb(&mut self, on: bool) {
        self.config.do_not_disturb = on;
    }

    /// Records rows restored from the disk cache as already known, silently, so a
    /// later unrelated change to them is not mistaken for news. An account with rows
    /// in the cache has a baseline: its first poll is not an initial load, so what
    /// arrived while the app was closed is announced (catch-up after a start).
    pub fn seed<'a>(&mut self, items: impl IntoIterator<Item = &'a InboxItem>) {
        for item in items {
            self.loaded.insert(item.key.account.clone());
            self.record(item);
        }
    }

    /// Whether the account's initial load has been seen.
    pub fn is_loaded(&self, account: &AccountId) -> bool {
        self.loaded.contains(account)
    }

    /// Decides the notifications for one batch of changes of `account`.
    pub fn decide(
        &mut self,
        account: &AccountId,
        changes: &[Change],
        origin: Origin,
    ) -> Vec<Notification> {
        let first_load = origin == Origin::Poll && self.loaded.insert(account.clone());
        let silent =
            self.config.do_not_disturb || (first_load && !self.config.notify_on_first_load);
        let mut out = Vec::new();
        for change in changes {
            match change {
                Change::Remove(key) => {
                    // Forget the edges, keep the marks: if it comes back with the same
                    // marker, that is not news.
                    self.facts.remove(key);
                }
                Change::Upsert(item) => {
                    let fired = self.record(item);
                    if let (false, Some(kind)) = (silent, fired.into_iter().max()) {
                        out.push(notification(item, kind));
                    }
                }
            }
        }
        out
    }

    /// A customer message that only a read of the conversation showed (its row in
    /// *Unassigned* or *Mine* does not move when the customer writes): news, told
    /// with the message's first line, unless the operator asked for quiet.
    pub fn read_news(&mut self, item: &InboxItem, text: &str) -> Option<Notification> {
        if self.config.do_not_disturb || !self.loaded.contains(&item.key.account) {
            return None;
        }
        let kind = if item.lists.contains(&ListName::Unassigned) {
            NotificationKind::NewUnassigned
        } else {
            NotificationKind::NewUnread
        };
        let mut n = notification(item, kind);
        let line = crate::peek::first_line(text);
        if !line.is_empty() {
            n.body = line;
        }
        Some(n)
    }

    /// Drops the marks of conversations no longer in the inbox whose last news is older
    /// than `at` (unix seconds), so memory stays bounded over months of uptime.
    pub fn forget_older_than(&mut self, at: i64) {
        let facts = &self.facts;
        self.notified
            .retain(|(key, _), marker| marker.at >= at || facts.contains_key(key));
    }

    /// Updates the facts and marks; returns the kinds this item is news for.
    fn record(&mut self, item: &InboxItem) -> Vec<NotificationKind> {
        let me = self.me.get(&item.key.account);
        let now = Facts {
            marker: item.marker,
            unread: item.unread > 0 && item.last_incoming,
            unassigned: item.lists.contains(&ListName::Unassigned),
            mine: matches!((me, &item.assignee), (Some(me), Some(p)) if &p.id == me),
        };
        let before = self.facts.insert(item.key.clone(), now.clone());
        let edge = |kind: NotificationKind| match (&before, kind) {
            (_, NotificationKind::NewUnread) if !now.unread => false,
            (_, NotificationKind::NewUnassigned) if !now.unassigned => false,
            (_, NotificationKind::AssignedToMe) if !now.mine => false,
            (None, _) => true,
            (Some(b), NotificationKind::NewUnread) => !b.unread || now.marker > b.marker,
            (Some(b), NotificationKind::NewUnassigned) => !b.unassigned,
            (Some(b), NotificationKind::AssignedToMe) => !b.mine,
        };
        let mut fired = Vec::new();
        for kind in KINDS {
            if !edge(kind) {
                continue;
            }
            let mark = (item.key.clone(), kind);
            if self.notified.get(&mark).is_none_or(|m| item.marker > *m) {
                self.notified.insert(mark, item.marker);
                fired.push(kind);
            }
        }
        fired
    }
}

fn notification(item: &InboxItem, kind: NotificationKind) -> Notification {
    let label = channel_label(&item.channel);
    let name = one_line(&item.customer_name, 60);
    let title = match (name.is_empty(), label.is_empty()) {
        (false, false) => format!("{name} · {label}"),
        (false, true) => name,
        (true, false) => label,
        (true, true) => "Conversation".to_owned(),
    };
    let mut body = one_line(&item.preview, BODY_CHARS);
    if body.is_empty() {
        body = match kind {
            NotificationKind::NewUnread => "New message",
            NotificationKind::NewUnassigned => "Waiting for an operator",
            NotificationKind::AssignedToMe => "Assigned to you",
        }
        .to_owned();
    }
    Notification {
        key: item.key.clone(),
        kind,
        title,
        body,
        marker: item.marker,
    }
}

#[cfg(test)]
#[path = "notify_policy_tests.rs"]
mod tests;
