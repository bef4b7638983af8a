//! Delivery: one step function that moves the ready heads of an account's queues
//! forward, and the loop that runs it whenever something may be due.
//!
//! Order of operations for one entry, each state change on disk before the next step:
//! 1. unconfirmed and not idempotent → `find_sent` (reconcile); a match → sent, done;
//! 2. `InFlight` (attempts + 1, unconfirmed) → `send`;
//! 3. the answer → sent / paused / failed by [`RetryPolicy::decide`].
//!
//! A crash between 2 and 3 leaves `InFlight` on disk, which [`Outbox::open`] turns into
//! "unconfirmed", so step 1 runs before anything is sent again: no reply is lost
//! (it is on disk from enqueue on) and none is sent twice.

use super::entry::OutboxEntry;
use super::retry::{Decision, RetryPolicy};
use super::store::Outbox;
use crate::model::ConvKey;
use crate::provider::{Provider, SentRef};
use deskbell_transport::Error;
use serde::Serialize;
use std::collections::HashSet;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::{mpsc, Notify};
use uuid::Uuid;

/// What happened to an entry, for the UI's local echoes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum OutboxEvent {
    Sending {
        id: Uuid,
        key: ConvKey,
    },
    /// The server has it. `reconciled`: found there after an unknown outcome.
    Sent {
        id: Uuid,
        key: ConvKey,
        message_id: Option<String>,
        reconciled: bool,
    },
    /// Waiting to try again at `until_ms` (unix ms).
    Paused {
        id: Uuid,
        key: ConvKey,
        reason: String,
        until_ms: i64,
    },
    /// Needs the operator (retry, edit, discard); `kind` is the transport error kind.
    Failed {
        id: Uuid,
        key: ConvKey,
        kind: String,
        message: String,
    },
    /// The outbox file could not be written: nothing was changed or sent.
    StorageError {
        message: String,
    },
}

/// Wall-clock time in unix milliseconds, swappable for tests.
pub trait Clock: Send + Sync {
    fn now_ms(&self) -> i64;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0)
    }
}

fn lock(outbox: &Mutex<Outbox>) -> MutexGuard<'_, Outbox> {
    // A panic elsewhere while holding the lock leaves consistent data (every
    // mutation is all-or-nothing), so poisoning is not a reason to stop delivering.
    outbox.lock().unwrap_or_else(|p| p.into_inner())
}

/// Where a pass reports each event, the moment it happens.
type Emit<'a> = &'a mut (dyn FnMut(OutboxEvent) + Send);

/// Tries every ready head of `provider`'s account until none is ready, each entry at
/// most once per call. Conversations are served in turn; within one, strictly FIFO.
/// Returns the pass's events; [`run_delivery`] reports them as they happen instead.
pub async fn deliver_once(
    outbox: &Mutex<Outbox>,
    provider: &dyn Provider,
    policy: &RetryPolicy,
    clock: &dyn Clock,
) -> Vec<OutboxEvent> {
    let mut events = Vec::new();
    deliver_pass(outbox, provider, policy, clock, &mut |e| events.push(e)).await;
    events
}

/// One pass, reporting through `emit`. A pass lasts until every queue of the account
/// is empty or waiting, which after an outage may be hundreds of requests: its
/// events must reach the UI as they happen, not when the pass ends.
async fn deliver_pass(
    outbox: &Mutex<Outbox>,
    provider: &dyn Provider,
    policy: &RetryPolicy,
    clock: &dyn Clock,
    emit: Emit<'_>,
) {
    let mut tried: HashSet<Uuid> = HashSet::new();
    loop {
        let ready: Vec<OutboxEntry> = lock(outbox)
            .ready(provider.account(), clock.now_ms())
            .into_iter()
            .filter(|e| !tried.contains(&e.id))
            .collect();
        if ready.is_empty() {
            return;
        }
        for entry in ready {
            tried.insert(entry.id);
            deliver_entry(outbox, provider, policy, clock, entry, emit).await;
        }
    }
}

async fn deliver_entry(
    outbox: &Mutex<Outbox>,
    provider: &dyn Provider,
    policy: &RetryPolicy,
    clock: &dyn Clock,
    entry: OutboxEntry,
    emit: Emit<'_>,
) {
    let idempotent = entry.payload.is_idempotent();
    if entry.unconfirmed && !idempotent {
        let since = lock(outbox).reconcile_since(&entry);
        match provider.find_sent(&entry, since).await {
            Ok(candidates) => {
                let mut ob = lock(outbox);
                if let Some(found) = ob.pick_match(&entry, &candidates, since) {
                    let result = ob.mark_sent(entry.id, &found, clock.now_ms());
                    emit(settled(result, sent_event(&entry, found, true)));
                    return;
                }
                tracing::info!(id = %entry.id, "reconcile: not on the server, sending again");
            }
            Err(error) => {
                // Nothing was sent; the outcome of the earlier attempt is still unknown.
                let decision = policy.decide(&error, entry.attempts + 1, false);
                let mut ob = lock(outbox);
                emit(apply(&mut ob, &entry, &error, decision, clock, true, true));
                return;
            }
        }
    }

    let in_flight = lock(outbox).mark_in_flight(entry.id, clock.now_ms());
    let entry = match in_flight {
        Ok(e) => e,
        // Discarded meanwhile, or the disk refused: nothing goes out.
        Err(super::OutboxError::NotFound(_)) | Err(super::OutboxError::WrongState { .. }) => return,
        Err(e) => {
            emit(OutboxEvent::StorageError {
                message: e.to_string(),
            });
            return;
        }
    };
    emit(OutboxEvent::Sending {
        id: entry.id,
        key: entry.key.clone(),
    });

    let answer = provider.send(&entry).await;
    let mut ob = lock(outbox);
    match answer {
        Ok(sent) => {
            let result = ob.mark_sent(entry.id, &sent, clock.now_ms());
            emit(settled(result, sent_event(&entry, sent, false)));
        }
        Err(error) => {
            let decision = policy.decide(&error, entry.attempts, idempotent);
            let unknown = error.delivery() == deskbell_transport::Delivery::Unknown;
            emit(apply(
                &mut ob, &entry, &error, decision, clock, unknown, false,
            ));
        }
    }
}

/// Records a failed attempt as the policy decided. `unconfirmed`: a request of this
/// entry may have been applied (this one, or an earlier one not yet reconciled).
fn apply(
    ob: &mut Outbox,
    entry: &OutboxEntry,
    error: &Error,
    decision: Decision,
    clock: &dyn Clock,
    unconfirmed: bool,
    attempted: bool,
) -> OutboxEvent {
    let (id, key) = (entry.id, entry.key.clone());
    match decision {
        Decision::Resend { after } | Decision::Reconcile { after } => {
            let until_ms = clock.now_ms() + after.as_millis() as i64;
            let reason = error.public_text();
            let result = ob.mark_paused(id, reason.clone(), until_ms, unconfirmed, attempted);
            settled(
                result,
                OutboxEvent::Paused {
                    id,
                    key,
                    reason,
                    until_ms,
                },
            )
        }
        Decision::Fail { .. } => {
            let kind = error.kind().as_str().to_owned();
            let message = error.public_text();
            let result = ob.mark_failed(id, kind.clone(), message.clone(), unconfirmed, attempted);
            settled(
                result,
                OutboxEvent::Failed {
                    id,
                    key,
                    kind,
                    message,
                },
            )
        }
    }
}

fn sent_event(entry: &OutboxEntry, sent: SentRef, reconciled: bool) -> OutboxEvent {
    OutboxEvent::Sent {
        id: entry.id,
        key: entry.key.clone(),
        message_id: sent.message_id,
        reconciled,
    }
}

/// The event if the outbox recorded it, else the storage error. When recording
/// `InFlight → sent` fails, the entry stays in flight in memory and on disk; the next
/// start reconciles it, so the reply is still neither lost nor doubled.
fn settled<T>(result: super::Result<T>, event: OutboxEvent) -> OutboxEvent {
    match result {
        Ok(_) => event,
        Err(e) => OutboxEvent::StorageError {
            message: e.to_string(),
        },
    }
}

/// Delivers `provider`'s account's entries until `events` is closed: runs a pass
/// (as [`deliver_once`] does, each event sent the moment it happens), then sleeps until the earliest paused entry is due or `wake`
/// is notified (after an enqueue, a retry, or when the network comes back).
pub async fn run_delivery(
    outbox: Arc<Mutex<Outbox>>,
    provider: Arc<dyn Provider>,
    wake: Arc<Notify>,
    policy: RetryPolicy,
    clock: Arc<dyn Clock>,
    events: mpsc::UnboundedSender<OutboxEvent>,
) {
    loop {
        let mut emit = |event| {
            // A closed channel ends the loop below, once the pass is over.
            let _ = events.send(event);
        };
        deliver_pass(
            &outbox,
            provider.as_ref(),
            &policy,
            clock.as_ref(),
            &mut emit,
        )
        .await;
        if events.is_closed() {
            return;
        }
        let next = lock(&outbox).next_wake_ms(provider.account());
        let nap =
            next.map(|at| Duration::from_millis(at.saturating_sub(clock.now_ms()).max(0) as u64));
        tokio::select! {
            _ = wake.notified() => {}
            _ = sleep_or_forever(nap) => {}
            _ = events.closed() => return,
        }
    }
}

async fn sleep_or_forever(nap: Option<Duration>) {
    match nap {
        Some(d) => tokio::time::sleep(d).await,
        None => std::future::pending().await,
    }
}
