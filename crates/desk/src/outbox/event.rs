//! What the outbox tells the window: every change of an entry, with its local echo.

use super::entry::{EntryState, OutboxEntry};
use crate::model::{ConvKey, DeliveryState, ThreadMessage};
use crate::provider::SentRef;
use serde::Serialize;
use uuid::Uuid;

/// What happened to an entry. Each event carries the entry's local echo as the thread
/// shows it from now on: the page never builds one itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum OutboxEvent {
    /// Recorded (a new reply, an edit, a retry), waiting for its turn.
    Queued {
        id: Uuid,
        key: ConvKey,
        echo: ThreadMessage,
    },
    Sending {
        id: Uuid,
        key: ConvKey,
        echo: ThreadMessage,
    },
    /// The server has it. `reconciled`: found there after an unknown outcome.
    Sent {
        id: Uuid,
        key: ConvKey,
        echo: ThreadMessage,
        message_id: Option<String>,
        reconciled: bool,
    },
    /// Waiting to try again at `until_ms` (unix ms), or sooner if the server answers.
    Paused {
        id: Uuid,
        key: ConvKey,
        echo: ThreadMessage,
        reason: String,
        until_ms: i64,
    },
    /// Needs the operator (retry, edit, discard); `kind` is the transport error kind.
    Failed {
        id: Uuid,
        key: ConvKey,
        echo: ThreadMessage,
        kind: String,
        message: String,
    },
    /// Left the outbox unsent: discarded, or replaced by its edited version.
    Removed { id: Uuid, key: ConvKey },
    /// The outbox file could not be written: nothing was changed or sent.
    StorageError { message: String },
}

impl OutboxEvent {
    /// The event that reports `entry` in its current state.
    pub fn of(entry: &OutboxEntry) -> OutboxEvent {
        let (id, key, echo) = (entry.id, entry.key.clone(), entry.echo());
        match &entry.state {
            EntryState::Queued => OutboxEvent::Queued { id, key, echo },
            EntryState::InFlight => OutboxEvent::Sending { id, key, echo },
            EntryState::Paused { reason, until_ms } => OutboxEvent::Paused {
                id,
                key,
                echo,
                reason: reason.clone(),
                until_ms: *until_ms,
            },
            EntryState::Failed { kind, message } => OutboxEvent::Failed {
                id,
                key,
                echo,
                kind: kind.clone(),
                message: message.clone(),
            },
        }
    }

    /// The entry delivered: its echo, now marked sent.
    pub fn sent(entry: &OutboxEntry, sent: SentRef, reconciled: bool) -> OutboxEvent {
        let mut echo = entry.echo();
        echo.delivery = DeliveryState::Sent {
            outbox_id: Some(entry.id),
        };
        OutboxEvent::Sent {
            id: entry.id,
            key: entry.key.clone(),
            echo,
            message_id: sent.message_id,
            reconciled,
        }
    }

    pub fn key(&self) -> Option<&ConvKey> {
        match self {
            OutboxEvent::Queued { key, .. }
            | OutboxEvent::Sending { key, .. }
            | OutboxEvent::Sent { key, .. }
            | OutboxEvent::Paused { key, .. }
            | OutboxEvent::Failed { key, .. }
            | OutboxEvent::Removed { key, .. } => Some(key),
            OutboxEvent::StorageError { .. } => None,
        }
    }

    /// The echo the thread shows from now on (none once the entry left unsent).
    pub fn echo(&self) -> Option<&ThreadMessage> {
        match self {
            OutboxEvent::Queued { echo, .. }
            | OutboxEvent::Sending { echo, .. }
            | OutboxEvent::Sent { echo, .. }
            | OutboxEvent::Paused { echo, .. }
            | OutboxEvent::Failed { echo, .. } => Some(echo),
            OutboxEvent::Removed { .. } | OutboxEvent::StorageError { .. } => None,
        }
    }
}
