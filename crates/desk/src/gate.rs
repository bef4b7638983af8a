//! One request budget per account, shared by everything that talks to its server:
//! the poller, the outbox and the operator's own reads and actions.
//!
//! When the server says "slow down" (429, `Retry-After`) every request of the account
//! waits, not just the one that was refused: a poll that keeps going while the outbox
//! backs off (or the other way round) is what keeps a desk rate-limited for good. A
//! hold only ever grows; a resync or a new reply never shortens it. Background work
//! (polls, sends, reconcile reads) waits for the hold to end; the operator's own
//! requests fail at once with the time left, so the window never hangs on them.
//!
//! Holds get a random extra of up to [`JITTER`] of their length, so desks sharing a
//! token do not all come back in the same second.

use crate::inbox::ListResult;
use crate::model::{AccountId, InboxItem, Thread};
use crate::outbox::{After, OutboxEntry};
use crate::provider::{Action, Directory, NewConversationSpec, Provider, SentRef};
use async_trait::async_trait;
use deskbell_transport::{Error, ErrorKind, Result};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Notify;
use tokio::time::Instant;

/// Fraction of a hold added at random.
pub const JITTER: f64 = 0.2;
/// A 429 without `Retry-After`: wait this long.
pub const DEFAULT_RATE_HOLD: Duration = Duration::from_secs(60);
/// The longest hold a server can ask for.
pub const MAX_HOLD: Duration = Duration::from_secs(600);

/// Why requests wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hold {
    /// The server asked us to wait: only time ends it.
    RateLimit,
    /// The server could not be reached: time ends it, or news that it is reachable.
    Backoff,
}

#[derive(Debug, Default)]
struct State {
    until: Option<(Instant, Hold)>,
}

/// An account's request gate.
#[derive(Debug, Default)]
pub struct Gate {
    state: Mutex<State>,
    changed: Notify,
}

impl Gate {
    pub fn new() -> Self {
        Self::default()
    }

    /// Holds requests for `wait` (plus jitter) from now, unless a longer hold is on.
    pub fn hold(&self, wait: Duration, why: Hold) {
        let wait = wait.min(MAX_HOLD);
        let wait = wait.mul_f64(1.0 + JITTER * rand::random::<f64>());
        let until = Instant::now() + wait;
        let mut s = lock(&self.state);
        match s.until {
            Some((current, kind)) if current >= until => {
                // A rate limit inside a longer backoff still cannot be cut short.
                if why == Hold::RateLimit && kind == Hold::Backoff {
                    s.until = Some((current, Hold::RateLimit));
                }
            }
            _ => s.until = Some((until, why)),
        }
        drop(s);
        // Wakes a poll under way, which stops reading lists under a rate limit.
        self.changed.notify_waiters();
    }

    /// The server is reachable again: a backoff for being unreachable ends now. A
    /// rate limit does not.
    pub fn reachable_again(&self) {
        let mut s = lock(&self.state);
        if matches!(s.until, Some((_, Hold::Backoff))) {
            s.until = None;
            drop(s);
            self.changed.notify_waiters();
        }
    }

    /// How long requests still wait, and why.
    pub fn remaining(&self) -> Option<(Duration, Hold)> {
        let s = lock(&self.state);
        let (until, why) = s.until?;
        let left = until.saturating_duration_since(Instant::now());
        (!left.is_zero()).then_some((left, why))
    }

    /// Waits until requests may go.
    pub async fn ready(&self) {
        loop {
            let changed = self.changed.notified();
            let Some((left, _)) = self.remaining() else {
                return;
            };
            tokio::select! {
                _ = tokio::time::sleep(left) => {}
                _ = changed => {}
            }
        }
    }

    /// Resolves once a rate limit holds requests (at once if one does now).
    async fn rate_limited(&self) {
        loop {
            let changed = self.changed.notified();
            if matches!(self.remaining(), Some((_, Hold::RateLimit))) {
                return;
            }
            changed.await;
        }
    }

    /// Learns from a request's outcome: a rate limit holds everyone.
    pub fn observe<T>(&self, result: &Result<T>) {
        if let Err(e) = result {
            if e.kind() == ErrorKind::RateLimited {
                self.hold(
                    e.retry_after().unwrap_or(DEFAULT_RATE_HOLD),
                    Hold::RateLimit,
                );
            }
        }
    }

    /// The error an operator's request gets while requests are held.
    fn refusal(&self) -> Option<Error> {
        let (left, why) = self.remaining()?;
        let message = match why {
            Hold::RateLimit => "the server asked to slow down",
            Hold::Backoff => "the server cannot be reached",
        };
        Some(Error::RateLimited {
            retry_after: Some(Duration::from_secs(left.as_secs().max(1))),
            message: Some(format!(
                "{message}; try again in {} s",
                left.as_secs().max(1)
            )),
        })
    }
}

fn lock(m: &Mutex<State>) -> std::sync::MutexGuard<'_, State> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// A provider whose every request goes through its account's [`Gate`].
pub struct Gated {
    inner: Arc<dyn Provider>,
    gate: Arc<Gate>,
}

impl Gated {
    pub fn new(inner: Arc<dyn Provider>, gate: Arc<Gate>) -> Self {
        Gated { inner, gate }
    }

    /// Background work: waits out a hold, then goes.
    async fn background<T>(&self, call: impl std::future::Future<Output = Result<T>>) -> Result<T> {
        self.gate.ready().await;
        let result = call.await;
        self.gate.observe(&result);
        result
    }

    /// The operator's request: refused at once while held.
    async fn interactive<T>(
        &self,
        call: impl std::future::Future<Output = Result<T>>,
    ) -> Result<T> {
        if let Some(refusal) = self.gate.refusal() {
            return Err(refusal);
        }
        let result = call.await;
        self.gate.observe(&result);
        result
    }
}

#[async_trait]
impl Provider for Gated {
    fn account(&self) -> &AccountId {
        self.inner.account()
    }

    fn lists_carry_previews(&self) -> bool {
        self.inner.lists_carry_previews()
    }

    fn requests_per_poll(&self) -> u32 {
        self.inner.requests_per_poll()
    }

    /// A poll reads several lists in a row (Blinger: three). If another request of
    /// the account is told to slow down meanwhile, the lists not read yet must wait
    /// too: the poll is given up (reads change nothing on the server) and fails as
    /// rate-limited, so the poller waits out the hold like everyone else.
    async fn fetch_lists(&self) -> Result<Vec<ListResult>> {
        self.gate.ready().await;
        tokio::select! {
            biased;
            result = self.inner.fetch_lists() => {
                self.gate.observe(&result);
                result
            }
            () = self.gate.rate_limited() => Err(self.gate.refusal().unwrap_or(Error::RateLimited {
                retry_after: None,
                message: None,
            })),
        }
    }

    async fn thread(&self, conversation: &str) -> Result<Thread> {
        self.interactive(self.inner.thread(conversation)).await
    }

    async fn send(&self, entry: &OutboxEntry) -> Result<SentRef> {
        self.background(self.inner.send(entry)).await
    }

    async fn find_sent(&self, entry: &OutboxEntry, after: &After) -> Result<Vec<SentRef>> {
        self.background(self.inner.find_sent(entry, after)).await
    }

    async fn newest_message(&self, conversation: &str) -> Result<After> {
        self.background(self.inner.newest_message(conversation))
            .await
    }

    async fn act(&self, conversation: &str, action: &Action) -> Result<Option<InboxItem>> {
        self.interactive(self.inner.act(conversation, action)).await
    }

    async fn directory(&self) -> Result<Directory> {
        self.interactive(self.inner.directory()).await
    }

    async fn create_conversation(&self, spec: &NewConversationSpec) -> Result<InboxItem> {
        self.interactive(self.inner.create_conversation(spec)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limited(secs: u64) -> Error {
        Error::RateLimited {
            retry_after: Some(Duration::from_secs(secs)),
            message: None,
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_rate_limit_holds_and_is_never_shortened() {
        let gate = Gate::new();
        assert!(gate.remaining().is_none());
        gate.observe::<()>(&Err(limited(60)));
        let (left, why) = gate.remaining().unwrap();
        assert_eq!(why, Hold::RateLimit);
        assert!(
            left >= Duration::from_secs(60) && left <= Duration::from_secs(72),
            "{left:?}"
        );
        gate.hold(Duration::from_secs(5), Hold::RateLimit);
        assert!(
            gate.remaining().unwrap().0 >= Duration::from_secs(60),
            "not shortened"
        );
        gate.reachable_again();
        assert!(
            gate.remaining().is_some(),
            "a rate limit is not lifted by reachability"
        );
        let start = Instant::now();
        gate.ready().await;
        assert!(start.elapsed() >= Duration::from_secs(60));
    }

    #[tokio::test(start_paused = true)]
    async fn a_backoff_ends_when_the_server_is_reachable() {
        let gate = Arc::new(Gate::new());
        gate.hold(Duration::from_secs(300), Hold::Backoff);
        let waiter = {
            let gate = gate.clone();
            tokio::spawn(async move {
                let start = Instant::now();
                gate.ready().await;
                start.elapsed()
            })
        };
        tokio::time::sleep(Duration::from_secs(10)).await;
        gate.reachable_again();
        let waited = waiter.await.unwrap();
        assert!(waited < Duration::from_secs(11), "{waited:?}");
        // Other errors hold nothing.
        gate.observe::<()>(&Err(Error::Timeout));
        assert!(gate.remaining().is_none());
    }

    #[tokio::test(start_paused = true)]
    async fn the_operator_is_told_instead_of_kept_waiting() {
        let gate = Gate::new();
        gate.hold(Duration::from_secs(30), Hold::RateLimit);
        let refusal = gate.refusal().unwrap();
        assert_eq!(refusal.kind(), ErrorKind::RateLimited);
        assert!(refusal.retry_after().unwrap() >= Duration::from_secs(30));
        assert!(refusal.to_string().contains("retry in 3"), "{refusal}");
    }
}
