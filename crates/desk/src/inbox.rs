//! The inbox: the last known state of every conversation in a polled list, and the
//! diff that turns a poll result into the few rows the UI must touch.
//!
//! A poll returns whole lists; the UI must not rebuild the inbox every 10 seconds.
//! So every entry point returns only *real* changes: an item whose data and list
//! memberships are unchanged produces nothing.

use crate::model::{AccountId, ConvKey, InboxItem, ListName, PostRef, Status};

mod read;
use read::carry_read;
pub use read::{preview_of, PeekOutcome};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// One row changed: replace it (or add it), or drop it.
// Changes are few and short-lived; boxing the row would only make matching clumsier.
#[allow(clippy::large_enum_variant)]
/// Serialized as the window expects it (docs/ipc.md):
/// `{"op": "upsert", "item": {…}}` or `{"op": "remove", "key": {…}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Upsert(InboxItem),
    Remove(ConvKey),
}

impl Serialize for Change {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Change", 2)?;
        match self {
            Change::Upsert(item) => {
                s.serialize_field("op", "upsert")?;
                s.serialize_field("item", item)?;
            }
            Change::Remove(key) => {
                s.serialize_field("op", "remove")?;
                s.serialize_field("key", key)?;
            }
        }
        s.end()
    }
}

/// The schema of the hand-written serialization above, from a mirror enum that
/// serde would serialize the same way (the UI tests check the two agree on real values).
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Change {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Change".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        #[allow(dead_code, clippy::large_enum_variant)]
        #[derive(schemars::JsonSchema)]
        #[serde(tag = "op", rename_all = "snake_case")]
        enum Change {
            Upsert { item: InboxItem },
            Remove { key: ConvKey },
        }
        Change::json_schema(generator)
    }
}

impl Change {
    pub fn key(&self) -> &ConvKey {
        match self {
            Change::Upsert(item) => &item.key,
            Change::Remove(key) => key,
        }
    }
}

/// One list as read by one poll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListResult {
    pub list: ListName,
    pub items: Vec<InboxItem>,
    /// `false` when the server capped or paged the list: items missing from it may
    /// still be in it, so they keep their membership.
    pub complete: bool,
}

/// The whole inbox as the UI and the disk cache see it, newest activity first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxSnapshot {
    pub items: Vec<InboxItem>,
}

#[derive(Debug, Default)]
pub struct Inbox {
    items: BTreeMap<ConvKey, InboxItem>,
    /// Conversations open in a view: kept even when they leave every list, so the
    /// operator's screen doesn't vanish under them.
    pinned: HashSet<ConvKey>,
}

impl Inbox {
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts from a cached snapshot (before the first poll answers).
    pub fn from_snapshot(snapshot: InboxSnapshot) -> Self {
        Inbox {
            items: snapshot
                .items
                .into_iter()
                .map(|i| (i.key.clone(), i))
                .collect(),
            pinned: HashSet::new(),
        }
    }

    pub fn get(&self, key: &ConvKey) -> Option<&InboxItem> {
        self.items.get(key)
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Applies one poll result of one list. See [`Inbox::apply_lists`].
    pub fn apply_list(
        &mut self,
        account: &AccountId,
        list: ListName,
        items: Vec<InboxItem>,
        complete: bool,
    ) -> Vec<Change> {
        self.apply_lists(
            account,
            vec![ListResult {
                list,
                items,
                complete,
            }],
        )
    }

    /// Applies the lists read by one poll, all at once, so that a conversation moving
    /// from one list to another is one `Upsert`, not a `Remove` then an `Upsert`.
    ///
    /// Items in a list are upserted with that membership (other memberships kept);
    /// items of the account that are missing from a *complete* list lose that
    /// membership; an item left in no list and not pinned is removed.
    pub fn apply_lists(&mut self, account: &AccountId, lists: Vec<ListResult>) -> Vec<Change> {
        let complete: BTreeSet<ListName> = lists
            .iter()
            .filter(|l| l.complete)
            .map(|l| l.list)
            .collect();
        // Merge the lists per conversation: memberships add up; the freshest data wins.
        let mut polled: BTreeMap<ConvKey, InboxItem> = BTreeMap::new();
        for result in lists {
            for mut item in result.items {
                if &item.key.account != account {
                    tracing::warn!(key = %item.key, %account, "item of another account ignored");
                    continue;
                }
                item.lists.clear();
                item.lists.insert(result.list);
                match polled.get_mut(&item.key) {
                    Some(seen) => {
                        let memberships: BTreeSet<_> =
                            seen.lists.union(&item.lists).copied().collect();
                        if (item.marker, item.last_activity) > (seen.marker, seen.last_activity) {
                            *seen = item;
                        }
                        seen.lists = memberships;
                    }
                    None => {
                        polled.insert(item.key.clone(), item);
                    }
                }
            }
        }

        let mut changes = Vec::new();
        let existing: Vec<ConvKey> = self
            .items
            .keys()
            .filter(|k| &k.account == account)
            .cloned()
            .collect();
        for key in existing {
            let old = &self.items[&key];
            let mut next = match polled.remove(&key) {
                Some(fresh) => fresh,
                None => {
                    let mut same = old.clone();
                    same.lists.clear();
                    same
                }
            };
            let kept = old.lists.iter().filter(|l| !complete.contains(l)).copied();
            next.lists.extend(kept);
            changes.extend(self.put(next));
        }
        for (_, item) in polled {
            changes.extend(self.put(item));
        }
        changes
    }

    /// Applies one conversation's fresh data (from a webhook or an action's answer).
    ///
    /// The lists are the poll's business, so memberships are kept, plus those the item
    /// brings; those the data itself contradicts are dropped at once rather than at the
    /// next poll: `unassigned` once someone is assigned, `unread` once nothing is
    /// unread, and every list once the conversation is closed.
    pub fn apply_item(&mut self, mut item: InboxItem) -> Option<Change> {
        if let Some(old) = self.items.get(&item.key) {
            let id = |i: &InboxItem| i.assignee.as_ref().map(|p| p.id.clone());
            // Given to someone else: Mine only if the item itself says it is ours.
            let reassigned = item.assignee.is_some() && id(old) != id(&item);
            let claims_mine = item.lists.contains(&ListName::Mine);
            item.lists.extend(old.lists.iter().copied());
            if reassigned && !claims_mine {
                item.lists.remove(&ListName::Mine);
            }
        }
        if item.assignee.is_some() {
            item.lists.remove(&ListName::Unassigned);
        }
        if item.unread == 0 {
            item.lists.remove(&ListName::Unread);
        }
        if item.status == Status::Closed {
            item.lists.clear();
        }
        self.put(item)
    }

    /// The account's rows (for the reader to choose from).
    pub fn items_of<'a>(&'a self, account: &'a AccountId) -> impl Iterator<Item = &'a InboxItem> {
        self.items
            .values()
            .filter(move |i| &i.key.account == account)
    }

    /// The operator took, answered or was given this conversation: it stays under
    /// *Mine* until a read or a poll shows it closed or someone else's.
    pub fn mark_mine(&mut self, key: &ConvKey) -> Option<Change> {
        let mut item = self.items.get(key)?.clone();
        if item.status != Status::Open || item.lists.contains(&ListName::Mine) {
            return None;
        }
        item.lists.insert(ListName::Mine);
        self.put(item)
    }

    /// Drops a conversation (deleted, or the account removed).
    pub fn remove(&mut self, key: &ConvKey) -> Option<Change> {
        self.pinned.remove(key);
        self.items.remove(key).map(|item| Change::Remove(item.key))
    }

    /// Drops every conversation of an account.
    pub fn remove_account(&mut self, account: &AccountId) -> Vec<Change> {
        let keys: Vec<ConvKey> = self
            .items
            .keys()
            .filter(|k| &k.account == account)
            .cloned()
            .collect();
        keys.iter().filter_map(|k| self.remove(k)).collect()
    }

    /// Keeps a conversation while it is open in a view.
    pub fn pin(&mut self, key: &ConvKey) {
        self.pinned.insert(key.clone());
    }

    /// The view closed: the conversation goes if it is in no list any more.
    pub fn unpin(&mut self, key: &ConvKey) -> Option<Change> {
        self.pinned.remove(key);
        match self.items.get(key) {
            Some(item) if item.lists.is_empty() => self.remove(key),
            _ => None,
        }
    }

    /// Unread messages across all conversations: the tray badge.
    pub fn unread_total(&self) -> u32 {
        self.items
            .values()
            .map(|i| i.unread)
            .fold(0, u32::saturating_add)
    }

    /// Conversations with something unread.
    pub fn unread_conversations(&self) -> usize {
        self.items.values().filter(|i| i.unread > 0).count()
    }

    /// Everything, newest activity first (ties by key, so the order is stable).
    pub fn snapshot(&self) -> InboxSnapshot {
        let mut items: Vec<InboxItem> = self.items.values().cloned().collect();
        items.sort_by(|a, b| {
            b.last_activity
                .cmp(&a.last_activity)
                .then_with(|| a.key.cmp(&b.key))
        });
        InboxSnapshot { items }
    }

    /// Stores `item` and reports what changed, if anything.
    fn put(&mut self, mut item: InboxItem) -> Option<Change> {
        // Mine ends when the conversation waits for an operator again.
        if item.lists.contains(&ListName::Unassigned) {
            item.lists.remove(&ListName::Mine);
        }
        if item.lists.is_empty() && !self.pinned.contains(&item.key) {
            return self.remove(&item.key);
        }
        // A comment conversation's post never changes, and most answers omit it;
        // tags come with webhooks only, never with a poll; previews with reads.
        if let Some(old) = self.items.get(&item.key) {
            carry_read(old, &mut item);
            if item.post.as_ref().is_none_or(PostRef::is_blank) && old.post.is_some() {
                item.post = old.post.clone();
            }
            if item.tags.is_empty() {
                item.tags = old.tags.clone();
            }
        }
        match self.items.get(&item.key) {
            Some(old) if *old == item => None,
            _ => {
                self.items.insert(item.key.clone(), item.clone());
                Some(Change::Upsert(item))
            }
        }
    }
}

#[cfg(test)]
#[path = "inbox_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "inbox/read_tests.rs"]
mod read_tests;
