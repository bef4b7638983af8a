//! The per-account polling loop: read the lists, diff them into the inbox, decide
//! notifications, report. Webhooks make it faster, never unnecessary: a missed
//! webhook is corrected by the next poll.
//!
//! Rate budget. Blinger allows about 30 requests a minute per token, and the same
//! token also sends replies, loads threads and performs actions. Polling gets
//! [`PollerConfig::budget_per_min`] = 20 of those 30 and the rest is left for the
//! operator's actions. One poll costs [`Provider::requests_per_poll`] requests
//! (Blinger: `unassigned` + `unread` + `not-answered` = 3; one more `unassigned` per
//! extra operator group), so the interval is at least `requests × 60 / 20` seconds:
//! 3 requests → 9 s, so the default 10 s gives 3 × 6 = 18 requests a minute;
//! 5 requests (three groups) → 15 s. `resync_now` respects the same minimum gap.

use crate::gate::{Gate, Hold};
use crate::inbox::{Change, Inbox};
use crate::model::AccountId;
use crate::notify_policy::{Notification, NotifyPolicy, Origin};
use crate::provider::Provider;
use serde::Serialize;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{mpsc, Notify};
use tokio::time::Instant;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollerConfig {
    /// Time between polls while all is well.
    pub interval: Duration,
    /// Longest wait after repeated failures.
    pub max_backoff: Duration,
    /// Requests per minute polling may use.
    pub budget_per_min: u32,
}

impl Default for PollerConfig {
    fn default() -> Self {
        PollerConfig {
            interval: Duration::from_secs(10),
            max_backoff: Duration::from_secs(300),
            budget_per_min: 20,
        }
    }
}

/// What a poll produced, for the UI, the tray and the notifier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum PollEvent {
    /// Rows changed or news arrived (or the account's first poll answered).
    Updated {
        account: AccountId,
        changes: Vec<Change>,
        notifications: Vec<Notification>,
        /// For the tray badge, across all accounts.
        unread_total: u32,
        first_load: bool,
    },
    /// The poll failed; the next one is in `retry_in_ms`.
    Failed {
        account: AccountId,
        kind: String,
        message: String,
        retry_in_ms: u64,
    },
    /// A poll succeeded after failures.
    Recovered { account: AccountId },
}

/// Asks a running poller to poll as soon as its rate budget allows (machine woke up,
/// network came back, window reopened).
#[derive(Debug, Clone)]
pub struct Resync {
    soon: Arc<Notify>,
    asked: Arc<Notify>,
}

impl Resync {
    /// The operator asked ("Refresh", "Retry now"): poll as soon as the budget and
    /// the server's own `Retry-After` allow, even in the middle of a failure's backoff.
    pub fn operator_asked(&self) {
        self.asked.notify_one();
    }

    pub fn resync_now(&self) {
        self.soon.notify_one();
    }
}

pub struct Poller {
    provider: Arc<dyn Provider>,
    inbox: Arc<Mutex<Inbox>>,
    policy: Arc<Mutex<NotifyPolicy>>,
    config: PollerConfig,
    resync: Arc<Notify>,
    /// The operator's own request to poll now.
    asked: Arc<Notify>,
    /// The account's request gate: an unreachable server holds the outbox too.
    gate: Option<Arc<Gate>>,
}

impl Poller {
    pub fn new(
        provider: Arc<dyn Provider>,
        inbox: Arc<Mutex<Inbox>>,
        policy: Arc<Mutex<NotifyPolicy>>,
        config: PollerConfig,
    ) -> Self {
        Poller {
            provider,
            inbox,
            policy,
            config,
            resync: Arc::new(Notify::new()),
            asked: Arc::new(Notify::new()),
            gate: None,
        }
    }

    /// Shares the account's request gate: while the server cannot be reached, the
    /// backoff holds every request of the account, not just the polls.
    pub fn with_gate(mut self, gate: Arc<Gate>) -> Self {
        self.gate = Some(gate);
        self
    }

    pub fn resync_handle(&self) -> Resync {
        Resync {
            soon: self.resync.clone(),
            asked: self.asked.clone(),
        }
    }

    /// The shortest time between two polls that keeps within the budget.
    pub fn min_gap(&self) -> Duration {
        let requests = u64::from(self.provider.requests_per_poll().max(1));
        let budget = u64::from(self.config.budget_per_min.max(1));
        Duration::from_millis((requests * 60_000).div_ceil(budget))
    }

    /// The interval actually used: the configured one, or longer if the budget says so.
    pub fn interval(&self) -> Duration {
        self.config.interval.max(self.min_gap())
    }

    /// Delay after `failures` consecutive failures: interval · 2^failures, capped.
    pub fn backoff(&self, failures: u32) -> Duration {
        let factor = 1u32 << failures.min(16);
        self.interval()
            .saturating_mul(factor)
            .min(self.config.max_backoff.max(self.interval()))
    }

    /// One poll: fetch, apply to the inbox, decide notifications.
    pub async fn tick(&self) -> deskbell_transport::Result<PollEvent> {
        let lists = self.provider.fetch_lists().await?;
        let account = self.provider.account().clone();
        let (changes, unread_total) = {
            let mut inbox = lock(&self.inbox);
            let changes = inbox.apply_lists(&account, lists);
            (changes, inbox.unread_total())
        };
        let mut policy = lock(&self.policy);
        let first_load = !policy.is_loaded(&account);
        let notifications = policy.decide(&account, &changes, Origin::Poll);
        Ok(PollEvent::Updated {
            account,
            changes,
            notifications,
            unread_total,
            first_load,
        })
    }

    /// Polls until `events` is closed.
    ///
    /// A resync (wake-up, network back, a window reopened) polls sooner than the interval,
    /// but never sooner than the budget allows, and never cuts a failure's backoff
    /// short: a server that fails or asks us to wait is not asked again early. When
    /// the server could not be reached the backoff sits in the gate, which news of
    /// the server being reachable again lifts. Only the operator's own "Refresh"
    /// cuts a failure's backoff short, and never a server's `Retry-After` (the gate).
    pub async fn run(self, events: mpsc::UnboundedSender<PollEvent>) {
        let account = self.provider.account().clone();
        let mut failures: u32 = 0;
        loop {
            // A held gate is waited out first, so the time to the next poll counts
            // from when this one really went (not from before the wait).
            if let Some(gate) = &self.gate {
                gate.ready().await;
            }
            let started = Instant::now();
            let outcome = self.tick().await;
            let (delay, resync_allowed) = match outcome {
                Ok(event) => {
                    if failures > 0 {
                        failures = 0;
                        if events
                            .send(PollEvent::Recovered {
                                account: account.clone(),
                            })
                            .is_err()
                        {
                            return;
                        }
                    }
                    let worth_telling = match &event {
                        PollEvent::Updated {
                            changes,
                            notifications,
                            first_load,
                            ..
                        } => *first_load || !changes.is_empty() || !notifications.is_empty(),
                        _ => true,
                    };
                    if worth_telling && events.send(event).is_err() {
                        return;
                    }
                    (self.interval(), true)
                }
                Err(error) => {
                    failures = failures.saturating_add(1);
                    let mut delay = self.backoff(failures);
                    if let Some(asked) = error.retry_after() {
                        delay = delay.max(asked.min(self.config.max_backoff));
                    }
                    tracing::warn!(%account, %error, ?delay, "poll failed");
                    let event = PollEvent::Failed {
                        account: account.clone(),
                        kind: error.kind().as_str().to_owned(),
                        message: error.to_string(),
                        retry_in_ms: delay.as_millis() as u64,
                    };
                    if events.send(event).is_err() {
                        return;
                    }
                    match (&self.gate, unreachable(&error)) {
                        (Some(gate), true) => {
                            gate.hold(delay, Hold::Backoff);
                            (self.interval(), true)
                        }
                        _ => (delay, false),
                    }
                }
            };
            tokio::select! {
                _ = tokio::time::sleep_until(started + delay) => {}
                _ = self.resync.notified(), if resync_allowed => {
                    // Sooner, but never closer to the last poll than the budget allows.
                    tokio::select! {
                        _ = tokio::time::sleep_until(started + self.min_gap()) => {}
                        _ = events.closed() => return,
                    }
                }
                _ = self.asked.notified() => {
                    tokio::select! {
                        _ = tokio::time::sleep_until(started + self.min_gap()) => {}
                        _ = events.closed() => return,
                    }
                }
                _ = events.closed() => return,
            }
        }
    }
}

/// The server could not be reached at all (rather than answering badly).
fn unreachable(error: &deskbell_transport::Error) -> bool {
    use deskbell_transport::ErrorKind::{Connect, Connection, Timeout};
    matches!(error.kind(), Connect | Connection | Timeout)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
