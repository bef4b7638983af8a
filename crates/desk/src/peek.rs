//! Reading conversations to fill in what Blinger's lists leave out.
//!
//! The documented list items carry no last message (and `unassigned` items no
//! count that moves when the customer writes again), so the preview, the sender of
//! the last message and news in unassigned or *Mine* conversations come from `get`.
//! Each read costs a request out of the same per-token budget as the polls, so a
//! conversation is read only when it is new, when its row moved (count, date or
//! status), or — for the lists whose rows never move — at a slow cadence.

mod budget;
mod notify;
mod run;

pub use budget::Budget;
pub use notify::{first_line, with_text, TEXT_WAIT};
pub use run::{ReadEvent, Reader};

use crate::model::{ConvKey, InboxItem, ListName, Marker, Status};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// *Mine* holds conversations no list reports on: read each again this often to
/// see whether it was closed or reassigned elsewhere (and whether the customer wrote).
pub const MINE_EVERY_SECS: i64 = 300;
/// An unassigned row does not move when the customer writes again: read it again
/// this often for its newest message.
pub const UNASSIGNED_EVERY_SECS: i64 = 180;

/// When a row was last read, and what it looked like then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Peeked {
    /// The row's marker and status at the read: when either moves, it is read again.
    pub marker: Marker,
    pub status: Status,
    /// Unix seconds of the read.
    pub at: i64,
    /// The newest message seen then, to tell a new one when it comes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_id: Option<String>,
    /// That message's time (unix seconds).
    #[serde(default)]
    pub last_at: i64,
}

impl Peeked {
    /// A row whose list item carried its last message itself (servers that send
    /// more than the docs show): as good as read, until it moves.
    pub fn from_list(item: &InboxItem) -> Self {
        Peeked {
            marker: item.marker,
            status: item.status.clone(),
            at: item.last_activity,
            last_id: None,
            last_at: item.last_activity,
        }
    }
}

/// Why a row should be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Why {
    /// Never read, or it moved since: the operator sees an empty or stale preview.
    Stale,
    /// Nothing moved, but its list cannot tell us if something happened.
    Refresh,
}

pub fn why_read(item: &InboxItem, now: i64) -> Option<Why> {
    let Some(p) = &item.peeked else {
        return Some(Why::Stale);
    };
    if p.marker != item.marker || p.status != item.status {
        return Some(Why::Stale);
    }
    let every = refresh_every(item)?;
    (now - p.at >= every).then_some(Why::Refresh)
}

/// How often a row whose list cannot show news is read again, if it is one.
fn refresh_every(item: &InboxItem) -> Option<i64> {
    if item.lists.contains(&ListName::Mine) {
        Some(MINE_EVERY_SECS)
    } else if item.lists.contains(&ListName::Unassigned) {
        Some(UNASSIGNED_EVERY_SECS)
    } else {
        None
    }
}

/// The next row to read: stale ones first, newest activity first (what the operator
/// looks at); then refreshes, the longest unread first. `skip`: rows that just
/// failed and wait their turn.
pub fn next_to_read<'a>(
    items: impl IntoIterator<Item = &'a InboxItem>,
    now: i64,
    skip: &HashSet<ConvKey>,
) -> Option<ConvKey> {
    items
        .into_iter()
        .filter(|i| !skip.contains(&i.key))
        .filter_map(|i| why_read(i, now).map(|why| (why, i)))
        .min_by_key(|(why, i)| match why {
            Why::Stale => (0, -i.last_activity),
            Why::Refresh => (1, i.peeked.as_ref().map_or(0, |p| p.at)),
        })
        .map(|(_, i)| i.key.clone())
}

/// The earliest time a refresh falls due, to sleep until then when nothing is stale.
pub fn next_due<'a>(items: impl IntoIterator<Item = &'a InboxItem>) -> Option<i64> {
    items
        .into_iter()
        .filter_map(|i| Some(i.peeked.as_ref()?.at + refresh_every(i)?))
        .min()
}

#[cfg(test)]
#[path = "peek/tests.rs"]
mod tests;
