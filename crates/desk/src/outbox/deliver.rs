//! Delivery: one step function that moves the ready heads of an account's queues
//! forward, and the loop that runs it whenever something may be due.
//!
//! Order of operations for one entry, each state change on disk before the next step:
//! 0. no place yet and not idempotent → fix it ([`After`]: known, or asked of the server);
//! 1. unconfirmed and not idempotent → `find_sent` (reconcile); a match → sent, done;
//! 2. `InFlight` (attempts + 1, unconfirmed) → `send`;
//! 3. the answer → sent / paused / failed by [`RetryPolicy::decide`].
//!
//! A crash between 2 and 3 leaves `InFlight` on disk, which [`Outbox::open`] turns into
//! "unconfirmed", so step 1 runs before anything is sent again: no reply is lost
//! (it is on disk from enqueue on) and none is sent twice.

use super::entry::{After, OutboxEntry};
use super::event::OutboxEvent;
use super::retry::{Decision, RetryPolicy};
use super::store::Outbox;
use crate::provider::{Provider, SentRef};
use deskbell_transport::Error;
use std::collections::HashSet;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::{mpsc, Notify};
use uuid::Uuid;

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
    mut entry: OutboxEntry,
    emit: Emit<'_>,
) {
    let idempotent = entry.payload.is_idempotent();
    if !idempotent && entry.after.is_none() {
        match place(outbox, provider, &entry).await {
            Ok(after) => match lock(outbox).set_after(entry.id, after) {
                Ok(placed) => entry = placed,
                Err(e) => return emit(storage_error(e)),
            },
            Err(error) => {
                // Nothing was sent; the entry waits like any failed attempt would.
                let decision = policy.decide(&error, entry.attempts + 1, false);
                let mut ob = lock(outbox);
                return emit(apply(
                    &mut ob,
                    &entry,
                    &error,
                    decision,
                    clock,
                    entry.unconfirmed,
                    true,
                ));
            }
        }
    }
    if entry.unconfirmed && !idempotent {
        match reconcile(outbox, provider, &entry).await {
            Ok(Some(found)) => {
                let result = lock(outbox).mark_sent(entry.id, &found, clock.now_ms());
                emit(settled(result, OutboxEvent::sent(&entry, found, true)));
                return;
            }
            Ok(None) => {
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
        Err(e) => return emit(storage_error(e)),
    };
    emit(OutboxEvent::of(&entry));

    let answer = provider.send(&entry).await;
    let mut ob = lock(outbox);
    match answer {
        Ok(sent) => {
            let result = ob.mark_sent(entry.id, &sent, clock.now_ms());
            emit(settled(result, OutboxEvent::sent(&entry, sent, false)));
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

/// Where the entry's message will land: after what this desk already knows of the
/// conversation, or after its newest message as the server says now.
async fn place(
    outbox: &Mutex<Outbox>,
    provider: &dyn Provider,
    entry: &OutboxEntry,
) -> deskbell_transport::Result<After> {
    let known = lock(outbox).known_after(&entry.key);
    match known {
        Some(after) => Ok(after),
        None => provider.newest_message(&entry.key.conversation).await,
    }
}

/// Whether the server already has `entry` (asked after an unknown outcome).
async fn reconcile(
    outbox: &Mutex<Outbox>,
    provider: &dyn Provider,
    entry: &OutboxEntry,
) -> deskbell_transport::Result<Option<SentRef>> {
    let after = entry.after.clone().unwrap_or(After::Start);
    let candidates = provider.find_sent(entry, &after).await?;
    Ok(lock(outbox).pick_match(entry, &candidates))
}

/// Before the operator edits an entry whose outcome is unknown, the server is asked:
/// if it has the entry, it is marked sent (and the edit must not go ahead); if not,
/// the entry is confirmed absent and may be edited. Idempotent sends cannot be looked
/// up: their outcome stays unknown, and only a retry (same uuid) is safe.
pub async fn check_before_edit(
    outbox: &Mutex<Outbox>,
    provider: &dyn Provider,
    clock: &dyn Clock,
    id: Uuid,
) -> Result<EditCheck, EditCheckError> {
    let entry = lock(outbox)
        .get(id)
        .cloned()
        .ok_or(EditCheckError::Outbox(super::OutboxError::NotFound(id)))?;
    if !entry.unconfirmed {
        return Ok(EditCheck::Free);
    }
    if entry.payload.is_idempotent() {
        return Err(EditCheckError::Outbox(super::OutboxError::Unconfirmed));
    }
    let found = reconcile(outbox, provider, &entry)
        .await
        .map_err(EditCheckError::Server)?;
    let mut ob = lock(outbox);
    match found {
        Some(sent) => {
            ob.mark_sent(id, &sent, clock.now_ms())
                .map_err(EditCheckError::Outbox)?;
            Ok(EditCheck::AlreadySent(Box::new(OutboxEvent::sent(
                &entry, sent, true,
            ))))
        }
        None => {
            ob.confirm_absent(id).map_err(EditCheckError::Outbox)?;
            Ok(EditCheck::Free)
        }
    }
}

/// What [`check_before_edit`] found.
#[derive(Debug)]
pub enum EditCheck {
    /// The server does not have it: edit away.
    Free,
    /// It reached the server after all; the event reports it delivered.
    AlreadySent(Box<OutboxEvent>),
}

#[derive(Debug, thiserror::Error)]
pub enum EditCheckError {
    #[error(transparent)]
    Outbox(super::OutboxError),
    #[error("cannot check whether it reached the server: {0}")]
    Server(Error),
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
    let id = entry.id;
    let result = match decision {
        Decision::Resend { after } | Decision::Reconcile { after } => {
            let until_ms = clock.now_ms() + after.as_millis() as i64;
            ob.mark_paused(id, error.public_text(), until_ms, unconfirmed, attempted)
        }
        Decision::Fail { .. } => {
            let kind = error.kind().as_str().to_owned();
            ob.mark_failed(id, kind, error.public_text(), unconfirmed, attempted)
        }
    };
    match result {
        Ok(updated) => OutboxEvent::of(&updated),
        Err(e) => storage_error(e),
    }
}

fn storage_error(e: super::OutboxError) -> OutboxEvent {
    OutboxEvent::StorageError {
        message: e.to_string(),
    }
}

/// The event if the outbox recorded it, else the storage error. When recording
/// `InFlight → sent` fails, the entry stays in flight in memory and on disk; the next
/// start reconciles it, so the reply is still neither lost nor doubled.
fn settled<T>(result: super::Result<T>, event: OutboxEvent) -> OutboxEvent {
    match result {
        Ok(_) => event,
        Err(e) => storage_error(e),
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
