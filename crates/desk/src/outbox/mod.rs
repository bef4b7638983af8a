//! The outbox: the one place a reply lives from the moment the operator hits send
//! until the server confirms it — across network faults, rate limits and restarts —
//! and from which it is sent at most once.
//!
//! Modelled on matrix-rust-sdk's send queue: persisted, FIFO per conversation, local
//! echo at once, the transaction id (here the entry's uuid) reused on retry, a
//! recoverable error pauses the entry, an unrecoverable one marks it failed for the
//! operator to retry, edit or discard. Unlike Matrix, most of our servers have no
//! idempotency key, so an unknown outcome is *reconciled* (the conversation is read
//! back) before anything is sent again.

mod deliver;
mod entry;
mod reconcile;
mod retry;
mod store;

pub use deliver::{deliver_once, run_delivery, Clock, OutboxEvent, SystemClock};
pub use entry::{EntryState, OutboxEntry, Payload};
pub use reconcile::RECONCILE_SKEW_SECS;
pub use retry::{Decision, RetryPolicy};
pub use store::{Outbox, OutboxError, Result};

#[cfg(test)]
mod tests;
