//! The persisted outbox: every state change is on disk before the call returns.
//!
//! The whole outbox is one small JSON file rewritten atomically (temp file, fsync,
//! rename, fsync of the directory). A handful of pending replies makes that cheaper
//! and far simpler than a database, and a crash leaves the old or the new file,
//! never a torn one. Memory and disk never disagree: a mutation whose write fails is
//! rolled back and reported, so the caller (e.g. the composer) keeps the text.

use super::entry::{After, EntryState, OutboxEntry, Payload};
use super::notes::NoteIds;
use super::reconcile::{Claim, Claims, Observed};
use crate::fsutil::write_atomic;
use crate::model::{AccountId, ConvKey, ThreadMessage};
use crate::provider::SentRef;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use uuid::Uuid;

use super::file::{decode, VERSION};

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
    #[error("it may already have reached the server: check it before changing it")]
    Unconfirmed,
}

pub type Result<T, E = OutboxError> = std::result::Result<T, E>;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(super) struct State {
    pub(super) version: u32,
    /// In enqueue order; a conversation's entries in this order are its FIFO.
    pub(super) entries: Vec<OutboxEntry>,
    #[serde(default)]
    pub(super) claims: Claims,
    #[serde(default, skip_serializing_if = "NoteIds::is_empty")]
    pub(super) notes: NoteIds,
}

#[derive(Debug)]
pub struct Outbox {
    path: PathBuf,
    pub(super) state: State,
    /// What this process has seen of each conversation since it started (not saved:
    /// after a restart the server is asked again).
    pub(super) observed: Observed,
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
        let outbox = Outbox {
            path,
            state,
            observed: Observed::default(),
        };
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
        Ok(Outbox {
            path,
            state,
            observed: Observed::default(),
        })
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

    /// The server ids of the notes this desk delivered to `key`.
    pub fn note_ids(&self, key: &ConvKey) -> std::collections::HashSet<String> {
        self.state.notes.of(key)
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
    /// so replies arrive in the order typed; an entry that waits for the operator (the
    /// server refused it) is not a head: the replies behind it go on.
    pub fn next_ready(&self, key: &ConvKey, now_ms: i64) -> Option<&OutboxEntry> {
        self.heads(|k| k == key)
            .into_iter()
            .next()
            .filter(|e| e.is_due(now_ms))
    }

    /// The heads, one per conversation of `account`, that may be tried now.
    pub fn ready(&self, account: &AccountId, now_ms: i64) -> Vec<OutboxEntry> {
        self.heads(|k| &k.account == account)
            .into_iter()
            .filter(|e| e.is_due(now_ms))
            .cloned()
            .collect()
    }

    /// When the earliest paused head of `account` becomes due (unix ms).
    pub fn next_wake_ms(&self, account: &AccountId) -> Option<i64> {
        self.heads(|k| &k.account == account)
            .into_iter()
            .filter_map(|e| match e.state {
                EntryState::Paused { until_ms, .. } => Some(until_ms),
                _ => None,
            })
            .min()
    }

    /// The first entry of each selected conversation that may go. A refused entry
    /// stands aside; one whose outcome is unknown holds its conversation until the
    /// operator retries, edits or discards it.
    fn heads(&self, select: impl Fn(&ConvKey) -> bool) -> Vec<&OutboxEntry> {
        let mut seen: Vec<&ConvKey> = Vec::new();
        let mut heads = Vec::new();
        for (i, e) in self.state.entries.iter().enumerate() {
            if e.steps_aside() || !select(&e.key) || seen.contains(&&e.key) {
                continue;
            }
            if self.waits_for_a_later_one(i) {
                continue;
            }
            seen.push(&e.key);
            if !e.needs_operator() {
                heads.push(e);
            }
        }
        heads
    }

    /// A reply retried or edited after the server refused it has no place yet, while
    /// replies behind it may have gone meanwhile. If one of those is unconfirmed, its
    /// place was fixed with this one out of the way: sent now, this one's message
    /// would land after that place, where it could be taken for the other's (same
    /// text, and Blinger's answers carry no id to tell them apart) and the other
    /// never sent. So it waits until every later one is settled.
    fn waits_for_a_later_one(&self, index: usize) -> bool {
        let e = &self.state.entries[index];
        e.after.is_none()
            && self.state.entries[index + 1..].iter().any(|later| {
                later.key == e.key && later.unconfirmed && !later.payload.is_idempotent()
            })
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
            if let (true, Some(id)) = (entry.payload.is_note(), &sent.message_id) {
                s.notes.push(&entry.key, id);
            }
            Ok(())
        })?;
        self.observed
            .settled(&entry.key, now_ms, sent.message_id.clone());
        Ok(entry)
    }

    /// Fixes where the entry's message will be on the server, before its first request.
    pub fn set_after(&mut self, id: Uuid, after: After) -> Result<OutboxEntry> {
        let seq = self.state.claims.last_seq();
        self.update(id, |e| {
            e.after = Some(after);
            e.placed_seq = Some(seq);
            Ok(())
        })
    }

    /// What this desk read of a conversation: its server messages (oldest first),
    /// from a read that started at `started_ms`. It lets the next reply there fix
    /// its place without asking the server again.
    pub fn observe_thread(&mut self, key: &ConvKey, messages: &[ThreadMessage], started_ms: i64) {
        self.observed.thread(key, messages, started_ms);
    }

    /// Where a reply to `key` sent now would land, if this desk knows it without
    /// asking the server: after its own last delivered reply there, or after the
    /// newest message of a read that started after that reply was settled.
    pub fn known_after(&self, key: &ConvKey) -> Option<After> {
        self.observed.after(key)
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

    /// Which of the server's matching messages (from `Provider::find_sent`) is this
    /// entry's, if any: those claimed by earlier entries are skipped; the first one
    /// left is this entry's.
    pub fn pick_match(&self, entry: &OutboxEntry, candidates: &[SentRef]) -> Option<SentRef> {
        // Blinger's `get` does not mark notes: a note of ours with the same text
        // is not this reply (nor, for a note, a reply ours).
        let notes = self.state.notes.of(&entry.key);
        let is_note = |c: &SentRef| c.message_id.as_ref().is_some_and(|id| notes.contains(id));
        let kept: Vec<SentRef> = candidates
            .iter()
            .filter(|c| entry.payload.is_note() || !is_note(c))
            .cloned()
            .collect();
        self.state.claims.pick(entry, &kept)
    }

    pub(super) fn update(
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
    pub(super) fn mutate(&mut self, f: impl FnOnce(&mut State) -> Result<()>) -> Result<()> {
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

pub(super) fn wrong(op: &'static str, state: &EntryState) -> OutboxError {
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
