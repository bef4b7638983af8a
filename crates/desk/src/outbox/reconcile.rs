//! Reconcile bookkeeping: which server message belongs to which outbox entry.
//!
//! After an unknown outcome the outbox asks the provider for the conversation's
//! outgoing messages with the entry's content since its first attempt. Those may
//! include *earlier* entries with the same text ("ok", "thanks") sent moments before.
//! So every confirmed entry leaves a [`Claim`]: the server message id when known, or
//! just "one message with this content was created between my first request and its
//! confirmation" when the answer had no id. A candidate is this entry's only if it is
//! left over once earlier claims have taken theirs.
//!
//! Counting anonymous claims must agree exactly with the candidate window: a claim
//! counted whose message is outside the window makes the entry look unsent (a
//! duplicate); a claim not counted whose message is inside makes an earlier message
//! look like this one (a lost reply). An anonymous claim's message was created within
//! `[first request, confirmation]` (± the clock margin), so [`Claims::since`] widens
//! the window until every claim that might reach into it lies wholly inside it.

use super::entry::OutboxEntry;
use crate::model::ConvKey;
use crate::provider::SentRef;
use serde::{Deserialize, Serialize};

/// Margin, in seconds, for the server's clock differing from ours. Kept short: a
/// wider window could mistake an identical reply sent from another client for ours.
pub const RECONCILE_SKEW_SECS: i64 = 30;
/// How long claims are kept: longer than any entry is expected to stay unconfirmed.
const KEEP_MS: i64 = 7 * 24 * 3600 * 1000;
/// Upper bound on kept claims, whatever their age.
const MAX_CLAIMS: usize = 2000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    key: ConvKey,
    fingerprint: String,
    message_id: Option<String>,
    /// The server's time for the message (unix s), when the answer gave it.
    server_at: Option<i64>,
    /// Our clock (unix ms): the entry's first request, and its confirmation.
    first_ms: i64,
    confirmed_ms: i64,
}

impl Claim {
    pub fn new(entry: &OutboxEntry, sent: &SentRef, now_ms: i64) -> Self {
        Claim {
            key: entry.key.clone(),
            fingerprint: entry.payload.fingerprint(),
            message_id: sent.message_id.clone(),
            server_at: sent.at,
            first_ms: entry.first_attempt_ms.unwrap_or(now_ms).min(now_ms),
            confirmed_ms: now_ms,
        }
    }

    /// Earliest and latest server time (unix s) the message can have.
    fn bounds(&self) -> (i64, i64) {
        match self.server_at {
            Some(at) => (at, at),
            None => (
                self.first_ms.div_euclid(1000) - RECONCILE_SKEW_SECS,
                self.confirmed_ms.div_euclid(1000) + 1 + RECONCILE_SKEW_SECS,
            ),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Claims(Vec<Claim>);

impl Claims {
    pub fn push(&mut self, claim: Claim) {
        self.0.push(claim);
    }

    pub fn prune(&mut self, now_ms: i64) {
        self.0.retain(|c| now_ms - c.confirmed_ms <= KEEP_MS);
        if self.0.len() > MAX_CLAIMS {
            let extra = self.0.len() - MAX_CLAIMS;
            self.0.drain(..extra);
        }
    }

    /// Earlier confirmations of the same content without a server id: the ones that
    /// can only be counted, not recognised.
    fn anonymous<'a>(&'a self, entry: &'a OutboxEntry) -> impl Iterator<Item = &'a Claim> + 'a {
        let fingerprint = entry.payload.fingerprint();
        self.0.iter().filter(move |c| {
            c.key == entry.key && c.message_id.is_none() && c.fingerprint == fingerprint
        })
    }

    /// The window start (unix s) to ask the provider for: the entry's first request
    /// less the clock margin, moved back until no anonymous claim straddles it.
    pub fn since(&self, entry: &OutboxEntry) -> i64 {
        let first_ms = entry.first_attempt_ms.unwrap_or(entry.created_at_ms);
        let mut since = first_ms.div_euclid(1000) - RECONCILE_SKEW_SECS;
        loop {
            let widened = self
                .anonymous(entry)
                .map(Claim::bounds)
                .filter(|(lo, hi)| *hi >= since && *lo < since)
                .map(|(lo, _)| lo)
                .min();
            match widened {
                Some(lo) => since = lo,
                None => return since,
            }
        }
    }

    /// Picks `entry`'s message among `candidates` (the provider's matches at or after
    /// `since`, oldest first), or `None` if all are accounted for.
    ///
    /// Candidates whose id was claimed are removed; then each anonymous claim inside
    /// the window accounts for one more (the oldest remaining: it was sent first).
    /// What is left, if anything, is this entry's.
    pub fn pick(&self, entry: &OutboxEntry, candidates: &[SentRef], since: i64) -> Option<SentRef> {
        let claimed_ids: Vec<&str> = self
            .0
            .iter()
            .filter(|c| c.key == entry.key)
            .filter_map(|c| c.message_id.as_deref())
            .collect();
        let anonymous = self
            .anonymous(entry)
            .filter(|c| c.bounds().1 >= since)
            .count();
        candidates
            .iter()
            .filter(|c| {
                c.message_id
                    .as_deref()
                    .is_none_or(|id| !claimed_ids.contains(&id))
            })
            .nth(anonymous)
            .cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outbox::Payload;

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

    #[test]
    fn nothing_on_the_server_is_nothing() {
        assert_eq!(Claims::default().pick(&entry("ok"), &[], 100), None);
    }

    #[test]
    fn an_unclaimed_match_is_ours() {
        let claims = Claims::default();
        assert_eq!(
            claims.pick(&entry("ok"), &[sent("5")], 100),
            Some(sent("5"))
        );
    }

    #[test]
    fn a_match_claimed_by_id_is_not_ours() {
        let mut claims = Claims::default();
        claims.push(Claim::new(&entry("ok"), &sent("5"), 100_000));
        assert_eq!(claims.pick(&entry("ok"), &[sent("5")], 100), None);
        assert_eq!(
            claims.pick(&entry("ok"), &[sent("5"), sent("6")], 100),
            Some(sent("6"))
        );
    }

    fn tried_at(text: &str, first_secs: i64) -> OutboxEntry {
        let mut e = entry(text);
        e.first_attempt_ms = Some(first_secs * 1000);
        e
    }

    #[test]
    fn an_earlier_anonymous_confirmation_accounts_for_one_match() {
        let mut claims = Claims::default();
        // Sent at 100 s, confirmed at 100.5 s, answer without an id.
        claims.push(Claim::new(
            &tried_at("ok", 100),
            &SentRef::default(),
            100_500,
        ));
        // Tried shortly after: the window reaches back over the claim, which counts.
        let next = tried_at("ok", 120);
        let since = claims.since(&next);
        assert_eq!(since, 70, "widened to the claim's earliest time");
        assert_eq!(claims.pick(&next, &[sent("5")], since), None);
        assert_eq!(
            claims.pick(&next, &[sent("5"), sent("6")], since),
            Some(sent("6"))
        );
        // Long after: the claim is wholly before the window and does not count.
        let later = tried_at("ok", 500);
        let since = claims.since(&later);
        assert_eq!(since, 470);
        assert_eq!(claims.pick(&later, &[sent("9")], since), Some(sent("9")));
        // Different content or conversation: never counted.
        assert_eq!(
            claims.pick(&tried_at("hi", 120), &[sent("7")], 70),
            Some(sent("7"))
        );
    }

    #[test]
    fn a_slow_confirmation_widens_the_window_to_its_first_request() {
        let mut claims = Claims::default();
        // First request at 0 s, confirmed only at 60 s (say, after a restart).
        claims.push(Claim::new(&tried_at("ok", 0), &SentRef::default(), 60_000));
        let next = tried_at("ok", 61);
        let since = claims.since(&next);
        assert_eq!(since, -30);
        // The first message (created at 0 s) is in the window and accounted for.
        assert_eq!(claims.pick(&next, &[sent("1")], since), None);
    }

    #[test]
    fn a_claim_with_the_server_time_is_exact() {
        let mut claims = Claims::default();
        let at = SentRef {
            message_id: None,
            at: Some(100),
        };
        claims.push(Claim::new(&tried_at("ok", 90), &at, 120_000));
        let next = tried_at("ok", 125);
        assert_eq!(claims.since(&next), 95);
        assert_eq!(claims.pick(&next, &[sent("1")], 95), None);
        assert_eq!(claims.pick(&next, &[sent("2")], 101), Some(sent("2")));
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
}
