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
mod event;
mod file;
mod notes;
mod operator;
mod reconcile;
mod retry;
mod store;
mod summary;

pub use deliver::{
    check_before_edit, deliver_once, run_delivery, Clock, EditCheck, EditCheckError, SystemClock,
};
pub use entry::{After, EntryState, OutboxEntry, Payload};
pub use event::OutboxEvent;
pub use file::salvage;
pub use retry::{Decision, RetryPolicy};
pub use store::{Outbox, OutboxError, Result};
pub use summary::{summarize, QueueSummary};

#[cfg(test)]
mod tests;
