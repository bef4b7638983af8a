//! The persisted outbox: every state change is on disk before the call returns.
//!
//! The whole outbox is one small JSON file rewritten atomically (temp file, fsync,
//! rename, fsync of the directory). A handful of pending replies makes that cheaper
//! and far simpler than a database, and a crash leaves the old or the new file,
//! never a torn one. Memory and disk never disagree: a mutation whose write fails is
//! rolled back and reported, so the caller (e.g. the composer) keeps the text.

use super::entry::{EntryState, OutboxEntry, Payload};
use super::reconcile::{Claim, Claims};
use crate::fsutil::write_atomic;
use crate::model::{AccountId, ConvKey, ThreadMessage};
use crate::provider::SentRef;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use uuid::Uuid;

const VERSION: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum OutboxError {
    #[error("cannot save the outbox: {0}")]
    Io(#[from] std::io::Error),
    /// The file exists but cannot be read. It is left untouched (it holds replies):
    /// the caller may move it aside and start empty, telling the operator.
    #[error("the outbox file {path} is unreadable: {message}")]
    Corrupt { path: PathBuf, message: String },
    #[error("no such message in the outbox")]
    NotFound(Uuid),
    #[error("cannot {op} a message that is {state}")]
    WrongState {
        op: &'static str,
        state: &'static str,
    },
    #[error("the message is empty")]
    Empty,
}

pub type Result<T, E = OutboxError> = std::result::Result<T, E>;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct State {
    version: u32,
    /// In enqueue order; a conversation's entries in this order are its FIFO.
    entries: Vec<OutboxEntry>,
    #[serde(default)]
    claims: Claims,
}

#[derive(Debug)]
pub struct Outbox {
    path: PathBuf,
    state: State,
}

impl Outbox {
    /// Loads the outbox (an absent file is an empty outbox). Entries found in flight
    /// were interrupted by a crash: they become queued and *unconfirmed*, so the next
    /// delivery asks the server before sending them again.
    pub fn open(path: impl Into<PathBuf>) -> Result<Self> {
        let path = path.into();
        let (state, interrupted) = match std::fs::read(&path) {
            Ok(bytes) => decode(&path, &bytes)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let empty = State {
                    version: VERSION,
                    ..State::default()
                };
                (empty, false)
            }
            Err(e) => return Err(e.into()),
        };
        let outbox = Outbox { path, state };
        if interrupted {
            outbox.persist()?;
        }
        Ok(outbox)
    }

    /// The outbox a file's contents describe, as [`Outbox::open`] reads it, without
    /// touching the disk (later changes are saved to `path`). The file is ours, but a
    /// disk fault or a hand edit can leave anything in it, so this is fuzzed.
    pub fn from_bytes(path: impl Into<PathBuf>, bytes: &[u8]) -> Result<Self> {
        let path = path.into();
        let (state, _) = decode(&path, bytes)?;
        Ok(Outbox { path, state })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn entries(&self) -> &[OutboxEntry] {
        &self.state.entries
    }

    pub fn get(&self, id: Uuid) -> Option<&OutboxEntry> {
        self.state.entries.iter().find(|e| e.id == id)
    }

    /// One conversation's queue, in sending order.
    pub fn conversation<'a>(&'a self, key: &'a ConvKey) -> impl Iterator<Item = &'a OutboxEntry> {
        self.state.entries.iter().filter(move |e| &e.key == key)
    }

    /// Local echoes for an open thread.
    pub fn echoes(&self, key: &ConvKey) -> Vec<ThreadMessage> {
        self.conversation(key).map(OutboxEntry::echo).collect()
    }

    /// Records a reply. On `Ok` it is on disk: a send is a record before it is a request.
    pub fn enqueue(&mut self, key: ConvKey, payload: Payload, now_ms: i64) -> Result<OutboxEntry> {
        if payload.is_empty() {
            return Err(OutboxError::Empty);
        }
        let entry = OutboxEntry::new(key, payload, now_ms);
        self.mutate(|s| {
            s.entries.push(entry.clone());
            Ok(())
        })?;
        Ok(entry)
    }

    /// The head of `key`'s queue if it may be tried now. Only a head is ever in flight,
    /// and a failed head blocks the ones behind it: replies arrive in the order typed.
    pub fn next_ready(&self, key: &ConvKey, now_ms: i64) -> Option<&OutboxEntry> {
        self.state
            .entries
            .iter()
            .find(|e| &e.key == key)
            .filter(|e| e.is_due(now_ms))
    }

    /// The heads, one per conversation of `account`, that may be tried now.
    pub fn ready(&self, account: &AccountId, now_ms: i64) -> Vec<OutboxEntry> {
        let mut seen: Vec<&ConvKey> = Vec::new();
        let mut out = Vec::new();
        for entry in &self.state.entries {
            if &entry.key.account != account || seen.contains(&&entry.key) {
                continue;
            }
            seen.push(&entry.key);
            if entry.is_due(now_ms) {
                out.push(entry.clone());
            }
        }
        out
    }

    /// When the earliest paused head of `account` becomes due (unix ms).
    pub fn next_wake_ms(&self, account: &AccountId) -> Option<i64> {
        let mut seen: Vec<&ConvKey> = Vec::new();
        let mut wake: Option<i64> = None;
        for entry in &self.state.entries {
            if &entry.key.account != account || seen.contains(&&entry.key) {
                continue;
            }
            seen.push(&entry.key);
            if let EntryState::Paused { until_ms, .. } = entry.state {
                wake = Some(wake.map_or(until_ms, |w| w.min(until_ms)));
            }
        }
        wake
    }

    /// A request is about to go out: counted, timed, and marked unconfirmed until its
    /// answer arrives (a crash from here on means "outcome unknown").
    pub fn mark_in_flight(&mut self, id: Uuid, now_ms: i64) -> Result<OutboxEntry> {
        self.update(id, |e| {
            if !matches!(e.state, EntryState::Queued | EntryState::Paused { .. }) {
                return Err(wrong("send", &e.state));
            }
            e.state = EntryState::InFlight;
            e.attempts += 1;
            e.first_attempt_ms.get_or_insert(now_ms);
            e.unconfirmed = true;
            Ok(())
        })
    }

    /// The server has it: the entry leaves the outbox, and the server message is
    /// claimed so a later reconcile of an identical reply does not mistake it for its own.
    pub fn mark_sent(&mut self, id: Uuid, sent: &SentRef, now_ms: i64) -> Result<OutboxEntry> {
        let entry = self.get(id).cloned().ok_or(OutboxError::NotFound(id))?;
        self.mutate(|s| {
            s.entries.retain(|e| e.id != id);
            s.claims.push(Claim::new(&entry, sent, now_ms));
            s.claims.prune(now_ms);
            Ok(())
        })?;
        Ok(entry)
    }

    /// A transient failure: tried again at `until_ms`. `unconfirmed` says whether the
    /// failed request may have been applied. `attempted` counts a try that sent nothing
    /// (a reconcile read that failed).
    pub fn mark_paused(
        &mut self,
        id: Uuid,
        reason: String,
        until_ms: i64,
        unconfirmed: bool,
        attempted: bool,
    ) -> Result<OutboxEntry> {
        self.update(id, |e| {
            e.state = EntryState::Paused { reason, until_ms };
            e.unconfirmed = unconfirmed;
            e.attempts += u32::from(attempted);
            Ok(())
        })
    }

    /// Needs the operator. An unconfirmed entry stays so: a later retry reconciles first.
    pub fn mark_failed(
        &mut self,
        id: Uuid,
        kind: String,
        message: String,
        unconfirmed: bool,
        attempted: bool,
    ) -> Result<OutboxEntry> {
        self.update(id, |e| {
            e.state = EntryState::Failed { kind, message };
            e.unconfirmed = unconfirmed;
            e.attempts += u32::from(attempted);
            Ok(())
        })
    }

    /// The operator's "retry": a failed or paused entry goes now, with a fresh budget.
    pub fn retry(&mut self, id: Uuid) -> Result<OutboxEntry> {
        self.update(id, |e| match e.state {
            EntryState::Failed { .. } | EntryState::Paused { .. } => {
                e.state = EntryState::Queued;
                e.attempts = 0;
                Ok(())
            }
            _ => Err(wrong("retry", &e.state)),
        })
    }

    /// Paused entries of `account` go now (the network is back, the machine woke up).
    pub fn resume_paused(&mut self, account: &AccountId) -> Result<usize> {
        let count = self
            .state
            .entries
            .iter()
            .filter(|e| &e.key.account == account && matches!(e.state, EntryState::Paused { .. }))
            .count();
        if count > 0 {
            self.mutate(|s| {
                for e in s.entries.iter_mut().filter(|e| &e.key.account == account) {
                    if matches!(e.state, EntryState::Paused { .. }) {
                        e.state = EntryState::Queued;
                    }
                }
                Ok(())
            })?;
        }
        Ok(count)
    }

    /// The operator rewrote a failed reply. It becomes a new message in the same place
    /// in the queue, with a new id: the old id may be known to the server (Widget
    /// uuid), and reusing it could make the server keep the old text.
    pub fn edit(&mut self, id: Uuid, payload: Payload) -> Result<OutboxEntry> {
        if payload.is_empty() {
            return Err(OutboxError::Empty);
        }
        self.update(id, |e| {
            if !matches!(e.state, EntryState::Failed { .. }) {
                return Err(wrong("edit", &e.state));
            }
            let fresh = OutboxEntry::new(e.key.clone(), payload, e.created_at_ms);
            *e = fresh;
            Ok(())
        })
    }

    /// The operator gave up on a reply. Not while its request is out.
    pub fn discard(&mut self, id: Uuid) -> Result<OutboxEntry> {
        let entry = self.get(id).cloned().ok_or(OutboxError::NotFound(id))?;
        if entry.state == EntryState::InFlight {
            return Err(wrong("discard", &entry.state));
        }
        self.mutate(|s| {
            s.entries.retain(|e| e.id != id);
            Ok(())
        })?;
        Ok(entry)
    }

    /// Where reconcile looks from (unix s): the entry's first request less the clock
    /// margin, moved back until no earlier id-less confirmation of the same content
    /// straddles it (so counting those confirmations matches the window exactly).
    pub fn reconcile_since(&self, entry: &OutboxEntry) -> i64 {
        self.state.claims.since(entry)
    }

    /// Which of the server's matching messages (from `Provider::find_sent`) is this
    /// entry's, if any: those claimed by earlier entries (by id, or counted when the
    /// answer had no id) are skipped; the first one left is this entry's.
    pub fn pick_match(
        &self,
        entry: &OutboxEntry,
        candidates: &[SentRef],
        since: i64,
    ) -> Option<SentRef> {
        self.state.claims.pick(entry, candidates, since)
    }

    fn update(
        &mut self,
        id: Uuid,
        f: impl FnOnce(&mut OutboxEntry) -> Result<()>,
    ) -> Result<OutboxEntry> {
        let index = self
            .state
            .entries
            .iter()
            .position(|e| e.id == id)
            .ok_or(OutboxError::NotFound(id))?;
        self.mutate(|s| f(&mut s.entries[index]))?;
        Ok(self.state.entries[index].clone())
    }

    /// Applies `f`, then writes; on any error the previous state is restored.
    fn mutate(&mut self, f: impl FnOnce(&mut State) -> Result<()>) -> Result<()> {
        let before = self.state.clone();
        let result = f(&mut self.state).and_then(|()| self.persist());
        if result.is_err() {
            self.state = before;
        }
        result
    }

    fn persist(&self) -> Result<()> {
        // Compact, not pretty: the whole file is rewritten on every change, and
        // indentation made each write about a third larger.
        let bytes = serde_json::to_vec(&self.state).map_err(std::io::Error::other)?;
        write_atomic(&self.path, &bytes)?;
        Ok(())
    }
}

/// Parses a file's contents; `true` if entries were found in flight (and are now
/// queued, unconfirmed).
fn decode(path: &Path, bytes: &[u8]) -> Result<(State, bool)> {
    let corrupt = |message: String| OutboxError::Corrupt {
        path: path.to_owned(),
        message,
    };
    let mut state = serde_json::from_slice::<State>(bytes).map_err(|e| corrupt(e.to_string()))?;
    if state.version != VERSION {
        return Err(corrupt(format!("unknown version {}", state.version)));
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

fn wrong(op: &'static str, state: &EntryState) -> OutboxError {
    OutboxError::WrongState {
        op,
        state: match state {
            EntryState::Queued => "queued",
            EntryState::InFlight => "being sent",
            EntryState::Paused { .. } => "waiting to retry",
            EntryState::Failed { .. } => "failed",
        },
    }
}
