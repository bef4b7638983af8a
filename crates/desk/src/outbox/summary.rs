//! The outbox in numbers per account, for the window's banner and the tray.

use super::entry::{EntryState, OutboxEntry};
use crate::model::AccountId;
use serde::Serialize;

/// One account's unsent replies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct QueueSummary {
    pub account: AccountId,
    /// Not sent yet and needing nobody: queued, being sent, or waiting to try again.
    pub pending: usize,
    /// Of those, the ones waiting out a failure (the server could not be reached or
    /// asked us to wait), and the newest reason given.
    pub waiting: usize,
    pub reason: Option<String>,
    /// Refused by the server: they wait for the operator to retry, edit or discard.
    pub failed: usize,
    /// The account is no longer set up: these replies can go nowhere (set by the app,
    /// which knows the accounts).
    pub orphaned: bool,
}

/// Per account, in the order accounts first appear in the queue.
pub fn summarize<'a>(entries: impl IntoIterator<Item = &'a OutboxEntry>) -> Vec<QueueSummary> {
    let mut out: Vec<QueueSummary> = Vec::new();
    for e in entries {
        let i = match out.iter().position(|s| s.account == e.key.account) {
            Some(i) => i,
            None => {
                out.push(QueueSummary {
                    account: e.key.account.clone(),
                    pending: 0,
                    waiting: 0,
                    reason: None,
                    failed: 0,
                    orphaned: false,
                });
                out.len() - 1
            }
        };
        let s = &mut out[i];
        match &e.state {
            EntryState::Failed { .. } => s.failed += 1,
            EntryState::Paused { reason, .. } if e.is_waiting() => {
                s.pending += 1;
                s.waiting += 1;
                s.reason = Some(reason.clone());
            }
            _ => s.pending += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ConvKey;
    use crate::outbox::Payload;

    fn entry(account: &str, state: EntryState, attempts: u32) -> OutboxEntry {
        let mut e = OutboxEntry::new(
            ConvKey::new(account, "1"),
            Payload::Text { text: "x".into() },
            0,
        );
        e.state = state;
        e.attempts = attempts;
        e
    }

    #[test]
    fn counts_what_waits_for_the_server_and_what_waits_for_the_operator() {
        let paused = |reason: &str| EntryState::Paused {
            reason: reason.into(),
            until_ms: 0,
        };
        let entries = [
            entry("a", EntryState::Queued, 0),
            entry("a", paused("timed out"), 1),
            entry("a", paused("connection refused"), 3),
            entry(
                "b",
                EntryState::Failed {
                    kind: "api".into(),
                    message: "no".into(),
                },
                1,
            ),
        ];
        let s = summarize(&entries);
        assert_eq!(s.len(), 2);
        assert_eq!((s[0].pending, s[0].waiting, s[0].failed), (3, 1, 0));
        assert_eq!(s[0].reason.as_deref(), Some("connection refused"));
        assert_eq!(
            (s[1].account.as_str(), s[1].pending, s[1].failed),
            ("b", 0, 1)
        );
    }
}
