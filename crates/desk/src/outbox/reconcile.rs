//! Reconcile bookkeeping: which server message belongs to which outbox entry.
//!
//! After an unknown outcome the outbox asks the provider for the conversation's
//! outgoing messages with the entry's content that came *after* the entry's place
//! ([`After`]): the newest message this desk knew of before the entry's first request.
//! Server ids grow in the order messages are created, so no clock is involved — a
//! desk whose clock is minutes off reconciles exactly like one that is right.
//!
//! The place is only valid if every earlier reply of this desk to the conversation is
//! at or before it. [`Observed`] knows when that holds without asking the server: the
//! last reply this desk delivered there (its server id), or a thread read that started
//! after that reply was settled. Otherwise the provider is asked for the newest message.
//!
//! Every confirmed entry also leaves a [`Claim`] with its server id, so a message that
//! is already some earlier entry's is never taken for another's.

use super::entry::{After, OutboxEntry};
use crate::model::{ConvKey, ThreadMessage};
use crate::provider::SentRef;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How long claims are kept: longer than any entry is expected to stay unconfirmed.
const KEEP_MS: i64 = 7 * 24 * 3600 * 1000;
/// Upper bound on kept claims, whatever their age.
const MAX_CLAIMS: usize = 2000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    key: ConvKey,
    fingerprint: String,
    message_id: Option<String>,
    /// Our clock (unix ms) when the entry was confirmed: for pruning only.
    confirmed_ms: i64,
    /// Claims are numbered in the order they are made (0: made before numbering).
    #[serde(default)]
    seq: u64,
}

impl Claim {
    pub fn new(entry: &OutboxEntry, sent: &SentRef, now_ms: i64) -> Self {
        Claim {
            key: entry.key.clone(),
            fingerprint: entry.payload.fingerprint(),
            message_id: sent.message_id.clone(),
            confirmed_ms: now_ms,
            seq: 0,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Claims(Vec<Claim>);

impl Claims {
    pub fn push(&mut self, mut claim: Claim) {
        claim.seq = self.last_seq() + 1;
        self.0.push(claim);
    }

    /// The number of the newest claim kept.
    pub fn last_seq(&self) -> u64 {
        self.0.iter().map(|c| c.seq).max().unwrap_or(0)
    }

    pub fn rename_account(&mut self, from: &crate::model::AccountId, to: &crate::model::AccountId) {
        for c in self.0.iter_mut().filter(|c| &c.key.account == from) {
            c.key.account = to.clone();
        }
    }

    pub fn prune(&mut self, now_ms: i64) {
        self.0.retain(|c| now_ms - c.confirmed_ms <= KEEP_MS);
        if self.0.len() > MAX_CLAIMS {
            let extra = self.0.len() - MAX_CLAIMS;
            self.0.drain(..extra);
        }
    }

    /// Picks `entry`'s message among `candidates` (the provider's matches after the
    /// entry's place, oldest first): the first one no earlier entry has claimed.
    ///
    /// A reply delivered after the place was fixed whose server id the answer did not
    /// give (an entry that stepped aside, refused, and went later) left a claim that
    /// names no message, but its message is among the candidates all the same: each
    /// such claim with the entry's content takes one of them. Which one does not
    /// matter: the entry is found if, and only if, there are more candidates.
    pub fn pick(&self, entry: &OutboxEntry, candidates: &[SentRef]) -> Option<SentRef> {
        let ours = |c: &&Claim| c.key == entry.key;
        let claimed: Vec<&str> = self
            .0
            .iter()
            .filter(ours)
            .filter_map(|c| c.message_id.as_deref())
            .collect();
        let fingerprint = entry.payload.fingerprint();
        let unnamed = entry.placed_seq.map_or(0, |placed| {
            self.0
                .iter()
                .filter(ours)
                .filter(|c| c.message_id.is_none() && c.fingerprint == fingerprint)
                .filter(|c| c.seq > placed)
                .count()
        });
        candidates
            .iter()
            .filter(|c| {
                c.message_id
                    .as_deref()
                    .is_none_or(|id| !claimed.contains(&id))
            })
            .nth(unnamed)
            .cloned()
    }
}

/// What this process saw of each conversation: the newest server message of its last
/// thread read, and the last reply it settled there. In memory only.
#[derive(Debug, Default)]
pub struct Observed(HashMap<ConvKey, Seen>);

#[derive(Debug, Default)]
struct Seen {
    /// The newest server message of the last read, and when that read started (unix ms).
    read: Option<(After, i64)>,
    /// When a reply here was last settled (unix ms), and its server id when known.
    settled: Option<(i64, Option<String>)>,
}

impl Observed {
    pub fn thread(&mut self, key: &ConvKey, messages: &[ThreadMessage], started_ms: i64) {
        let newest = messages
            .iter()
            .filter(|m| m.delivery.outbox_id().is_none())
            .fold(After::Start, |acc, m| {
                acc.later(After::Message { id: m.id.clone() })
            });
        let seen = self.0.entry(key.clone()).or_default();
        if seen.read.as_ref().is_none_or(|(_, at)| *at <= started_ms) {
            seen.read = Some((newest, started_ms));
        }
    }

    pub fn settled(&mut self, key: &ConvKey, now_ms: i64, message_id: Option<String>) {
        self.0.entry(key.clone()).or_default().settled = Some((now_ms, message_id));
    }

    pub fn after(&self, key: &ConvKey) -> Option<After> {
        let seen = self.0.get(key)?;
        let settled_ms = seen.settled.as_ref().map(|(ms, _)| *ms);
        let from_read = seen
            .read
            .as_ref()
            .filter(|(_, started)| settled_ms.is_none_or(|s| *started > s))
            .map(|(after, _)| after.clone());
        let from_reply = seen
            .settled
            .as_ref()
            .and_then(|(_, id)| id.clone())
            .map(|id| After::Message { id });
        match (from_read, from_reply) {
            (Some(a), Some(b)) => Some(a.later(b)),
            (a, b) => a.or(b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DeliveryState;
    use crate::outbox::Payload;
    use crate::thread::{Direction, MessageKind};

    fn entry(text: &str) -> OutboxEntry {
        OutboxEntry::new(
            ConvKey::new("a", "1"),
            Payload::Text { text: text.into() },
            0,
        )
    }

    fn sent(id: &str) -> SentRef {
        SentRef {
            message_id: Some(id.into()),
            at: None,
        }
    }

    fn server_message(id: &str) -> ThreadMessage {
        ThreadMessage {
            id: id.into(),
            text: "x".into(),
            kind: MessageKind::Text,
            direction: Direction::Incoming,
            is_note: false,
            author: None,
            at: 0,
            attachment_url: None,
            delivery: DeliveryState::SENT,
            post: None,
        }
    }

    #[test]
    fn nothing_on_the_server_is_nothing() {
        assert_eq!(Claims::default().pick(&entry("ok"), &[]), None);
    }

    #[test]
    fn a_match_claimed_by_an_earlier_entry_is_not_ours() {
        let mut claims = Claims::default();
        assert_eq!(claims.pick(&entry("ok"), &[sent("5")]), Some(sent("5")));
        claims.push(Claim::new(&entry("ok"), &sent("5"), 100_000));
        assert_eq!(claims.pick(&entry("ok"), &[sent("5")]), None);
        assert_eq!(
            claims.pick(&entry("ok"), &[sent("5"), sent("6")]),
            Some(sent("6"))
        );
    }

    #[test]
    fn a_read_gives_the_place_until_a_reply_is_settled_after_it() {
        let key = ConvKey::new("a", "1");
        let mut seen = Observed::default();
        assert_eq!(seen.after(&key), None, "nothing known: ask the server");
        seen.thread(&key, &[server_message("7"), server_message("12")], 1_000);
        assert_eq!(seen.after(&key), Some(After::Message { id: "12".into() }));
        // A reply settled after that read, without an id: the read no longer tells.
        seen.settled(&key, 2_000, None);
        assert_eq!(seen.after(&key), None);
        // A read that started later does.
        seen.thread(&key, &[server_message("15")], 2_500);
        assert_eq!(seen.after(&key), Some(After::Message { id: "15".into() }));
        // A reply settled with its id is a place of its own.
        seen.settled(&key, 3_000, Some("16".into()));
        assert_eq!(seen.after(&key), Some(After::Message { id: "16".into() }));
        // An older read finishing late changes nothing.
        seen.thread(&key, &[server_message("9")], 100);
        assert_eq!(seen.after(&key), Some(After::Message { id: "16".into() }));
    }

    #[test]
    fn an_empty_thread_is_the_start_and_echoes_are_not_server_messages() {
        let key = ConvKey::new("a", "1");
        let mut seen = Observed::default();
        let mut echo = server_message("0b6a3c1e-0000-4000-8000-000000000000");
        echo.delivery = DeliveryState::Pending {
            outbox_id: uuid::Uuid::new_v4(),
        };
        seen.thread(&key, &[echo], 10);
        assert_eq!(seen.after(&key), Some(After::Start));
    }

    #[test]
    fn prune_bounds_age_and_count() {
        let mut claims = Claims::default();
        claims.push(Claim::new(&entry("old"), &SentRef::default(), 0));
        for i in 0..(MAX_CLAIMS + 5) {
            claims.push(Claim::new(&entry("x"), &sent(&i.to_string()), KEEP_MS));
        }
        claims.prune(KEEP_MS + 1);
        assert_eq!(claims.0.len(), MAX_CLAIMS);
        assert!(claims.0.iter().all(|c| c.fingerprint == "text:x"));
    }

    #[test]
    fn a_reply_delivered_after_the_place_without_its_id_takes_one_candidate() {
        let mut claims = Claims::default();
        // Delivered before the place: its message is not a candidate anyway.
        claims.push(Claim::new(&entry("ok"), &SentRef::default(), 0));
        let mut e = entry("ok");
        e.placed_seq = Some(claims.last_seq());
        assert_eq!(claims.pick(&e, &[sent("7")]), Some(sent("7")));
        // Delivered after it, the answer naming no id: one candidate is its.
        claims.push(Claim::new(&entry("ok"), &SentRef::default(), 0));
        assert_eq!(
            claims.pick(&e, &[sent("7")]),
            None,
            "that one is the other's"
        );
        assert!(claims.pick(&e, &[sent("7"), sent("8")]).is_some());
        // Other content is no concern.
        claims.push(Claim::new(&entry("thanks"), &SentRef::default(), 0));
        assert!(claims.pick(&e, &[sent("7"), sent("8")]).is_some());
    }
}
