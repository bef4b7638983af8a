//! The outbox file's format: versions, what an older one is read as, and what a
//! damaged one still yields.

use super::entry::{After, EntryState, OutboxEntry};
use super::store::{OutboxError, Result, State};
use std::path::Path;

/// 2: entries record where their message will be on the server (`after`).
pub(super) const VERSION: u32 = 2;
/// Reconcile margin for entries saved by version 1, which looked by our clock.
const V1_SKEW_SECS: i64 = 30;

/// Parses a file's contents; `true` if entries were found in flight (and are now
/// queued, unconfirmed).
pub(super) fn decode(path: &Path, bytes: &[u8]) -> Result<(State, bool)> {
    let corrupt = |message: String| OutboxError::Corrupt {
        path: path.to_owned(),
        message,
    };
    let mut state = serde_json::from_slice::<State>(bytes).map_err(|e| corrupt(e.to_string()))?;
    match state.version {
        VERSION => {}
        1 => {
            // Version 1 looked for an unconfirmed reply by our clock, from its first request.
            for e in state.entries.iter_mut().filter(|e| e.unconfirmed) {
                let first = e.first_attempt_ms.unwrap_or(e.created_at_ms);
                e.after = Some(After::Time {
                    secs: first.div_euclid(1000) - V1_SKEW_SECS,
                });
            }
            state.version = VERSION;
        }
        other => return Err(corrupt(format!("unknown version {other}"))),
    }
    let mut interrupted = false;
    for entry in &mut state.entries {
        if entry.state == EntryState::InFlight {
            entry.state = EntryState::Queued;
            entry.unconfirmed = true;
            interrupted = true;
        }
    }
    Ok((state, interrupted))
}

/// The replies a damaged outbox file still holds, each entry read on its own: what a
/// newer version, a torn write or a hand edit left readable is offered back to the
/// operator rather than dropped with the file.
pub fn salvage(bytes: &[u8]) -> Vec<OutboxEntry> {
    crate::state_file::salvage_array::<OutboxEntry>(bytes, "entries")
        .into_iter()
        .filter(|e| !e.payload.is_empty())
        .collect()
}
