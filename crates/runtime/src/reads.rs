//! Reading Blinger conversations for what its lists leave out (see the core's
//! `peek`): the reader per account, its share of the request budget, and the
//! notifications of a poll worded with the customer's text before they are shown.

use crate::desk::{lock, Desk};
use crate::settings::Account;
use deskbell_desk::gate::Gate;
use deskbell_desk::peek::{with_text, Budget, ReadEvent, Reader, TEXT_WAIT};
use deskbell_desk::{ConvKey, ListName, Notification, Provider, Thread};
use std::sync::{Arc, Mutex};
use tokio::sync::{mpsc, Notify};

/// Requests a minute kept for the operator (opening threads, sending, actions).
const OPERATOR_RESERVE: u32 = 4;
/// Reads are never starved completely, whatever the polls take.
const MIN_READS: u32 = 2;
/// Reads back to back before the steady rate applies.
const BURST: u32 = 3;

/// The reads a minute left once the polls have their share: `budget` requests a
/// minute in all for the token, `polls_per_min` spent by polling, a reserve kept
/// for the operator.
pub fn reads_per_minute(budget: u32, polls_per_min: u32) -> u32 {
    budget
        .saturating_sub(polls_per_min)
        .saturating_sub(OPERATOR_RESERVE)
        .max(MIN_READS)
}

/// Requests a minute the poller spends with this interval.
pub fn polls_per_minute(provider: &dyn Provider, interval_secs: u64) -> u32 {
    let per_poll = u64::from(provider.requests_per_poll().max(1));
    (per_poll * 60).div_ceil(interval_secs.max(1)) as u32
}

/// The account's reader, when its lists need one (Blinger's do).
pub fn reader(
    desk: &Arc<Desk>,
    account: &Account,
    provider: &Arc<dyn Provider>,
    gate: &Arc<Gate>,
    demo: bool,
) -> Option<Reader> {
    if provider.lists_carry_previews() {
        return None;
    }
    let (budget, interval) = {
        let settings = lock(&desk.settings);
        (settings.request_budget_per_min, settings.poll_interval_secs)
    };
    // The demo server is this app's own: its rows fill at once.
    let budget = if demo { 600 } else { budget };
    let per_min = reads_per_minute(budget, polls_per_minute(provider.as_ref(), interval));
    // What came in while the app was closed, in rows whose lists cannot show it:
    // read them again first thing.
    let id = deskbell_desk::AccountId::new(account.id.clone());
    for list in [ListName::Unassigned, ListName::Mine] {
        lock(&desk.inbox).read_again(&id, list);
    }
    let outbox = desk.outbox.clone();
    Some(Reader {
        provider: provider.clone(),
        inbox: desk.inbox.clone(),
        policy: desk.policy.clone(),
        budget: Arc::new(Mutex::new(Budget::new(per_min, BURST))),
        me: crate::providers::operator_of(account),
        notes: Arc::new(move |key: &ConvKey| lock(&outbox).note_ids(key)),
        wake: Arc::new(Notify::new()),
        gate: Some(gate.clone()),
    })
}

/// Reads applied: rows to the window, news to the notifier.
pub async fn pump(desk: Arc<Desk>, mut rx: mpsc::UnboundedReceiver<ReadEvent>) {
    while let Some(event) = rx.recv().await {
        if let Some(change) = event.change {
            desk.emit_changes(vec![change]);
        }
        if let Some(n) = event.news {
            desk.show_alert(&n);
            desk.refresh_tray();
        }
    }
}

/// Shows a poll's notifications, each worded with what the customer wrote when
/// the account's lists do not say (one read each, capped at [`TEXT_WAIT`]).
pub fn announce(desk: &Arc<Desk>, news: Vec<Notification>) {
    let mut plain = Vec::new();
    let mut to_word = Vec::new();
    for n in news {
        match desk.reader_of(n.key.account.as_str()) {
            Some(reader) => to_word.push((reader, n)),
            None => plain.push(n),
        }
    }
    plain.iter().for_each(|n| desk.show_alert(n));
    for (reader, n) in to_word {
        let task = desk.clone();
        desk.spawn(async move {
            let desk = task;
            let (shown, change) = with_text(&reader, n, TEXT_WAIT).await;
            if let Some(change) = change {
                desk.emit_changes(vec![change]);
            }
            if let Some(n) = shown.filter(|n| !desk.is_own_echo(n)) {
                desk.show_alert(&n);
            }
        });
    }
}

impl Desk {
    /// The reader of a running account, if it has one.
    pub fn reader_of(&self, account: &str) -> Option<Reader> {
        lock(&self.accounts)
            .get(account)
            .and_then(|r| r.reader.clone())
    }

    /// A poll answered: rows may have moved, the reader looks.
    pub fn wake_reads(&self, account: &str) {
        if let Some(reader) = self.reader_of(account) {
            reader.wake.notify_one();
        }
    }

    /// The operator's Refresh: Mine is read again too, since only a read shows a
    /// conversation closed elsewhere.
    pub fn read_mine_again(&self, account: Option<&str>) {
        let readers: Vec<(String, Reader)> = lock(&self.accounts)
            .iter()
            .filter(|(id, _)| account.is_none_or(|a| a == id.as_str()))
            .filter_map(|(id, r)| Some((id.clone(), r.reader.clone()?)))
            .collect();
        for (id, reader) in readers {
            let id = deskbell_desk::AccountId::new(id);
            lock(&self.inbox).read_again(&id, ListName::Mine);
            reader.wake.notify_one();
        }
    }

    /// A thread the window read: its row gets what the read shows.
    pub fn apply_read(&self, key: &ConvKey, thread: &Thread) {
        let me = lock(&self.accounts)
            .get(key.account.as_str())
            .and_then(|r| crate::providers::operator_of(&r.account));
        let now = crate::desk::now_ms() / 1000;
        let outcome = lock(&self.inbox).apply_peek(key, thread, me.as_deref(), now);
        if let Some(change) = outcome.change {
            self.emit_changes(vec![change]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_get_what_the_polls_leave_within_the_budget() {
        // Blinger at the default 10 s: 3 requests a poll, 18 a minute.
        assert_eq!(reads_per_minute(30, 18), 8);
        assert_eq!(18 + reads_per_minute(30, 18) + OPERATOR_RESERVE, 30);
        // Polls eating the whole budget still leave a trickle.
        assert_eq!(reads_per_minute(30, 40), MIN_READS);
    }
}
