//! What the operator and the account's lifecycle do to entries: retry, resume,
//! edit, discard, requeue after a stop, move to another account id, restore.

use super::entry::{EntryState, OutboxEntry, Payload};
use super::store::{wrong, Outbox, OutboxError, Result};
use crate::model::AccountId;
use uuid::Uuid;

impl Outbox {
    /// The operator's "retry": a failed or paused entry goes now, with a fresh budget.
    /// A refused one may have been passed by later replies: it takes its place in
    /// the conversation anew (an unconfirmed one keeps it, to be looked for there).
    pub fn retry(&mut self, id: Uuid) -> Result<OutboxEntry> {
        self.update(id, |e| match e.state {
            EntryState::Failed { .. } | EntryState::Paused { .. } => {
                if !e.unconfirmed {
                    e.after = None;
                    e.placed_seq = None;
                }
                e.state = EntryState::Queued;
                e.attempts = 0;
                Ok(())
            }
            _ => Err(wrong("retry", &e.state)),
        })
    }

    /// Paused entries of `account` go now (the server answers again, the machine woke
    /// up, or the operator said "retry all"); those refused by the server stay.
    pub fn resume_paused(&mut self, account: &AccountId) -> Result<Vec<OutboxEntry>> {
        let paused = |e: &OutboxEntry| {
            &e.key.account == account && matches!(e.state, EntryState::Paused { .. })
        };
        let ids: Vec<Uuid> = self
            .state
            .entries
            .iter()
            .filter(|e| paused(e))
            .map(|e| e.id)
            .collect();
        if !ids.is_empty() {
            self.mutate(|s| {
                for e in s.entries.iter_mut().filter(|e| paused(e)) {
                    e.state = EntryState::Queued;
                }
                Ok(())
            })?;
        }
        Ok(ids.iter().filter_map(|id| self.get(*id).cloned()).collect())
    }

    /// The account stopped with a request out: the entry goes back to the queue, its
    /// outcome unknown, so the next delivery asks the server before sending it again.
    pub fn requeue_in_flight(&mut self, account: &AccountId) -> Result<Vec<OutboxEntry>> {
        let flying = |e: &OutboxEntry| &e.key.account == account && e.state == EntryState::InFlight;
        let ids: Vec<Uuid> = self
            .state
            .entries
            .iter()
            .filter(|e| flying(e))
            .map(|e| e.id)
            .collect();
        if !ids.is_empty() {
            self.mutate(|s| {
                for e in s.entries.iter_mut().filter(|e| flying(e)) {
                    e.state = EntryState::Queued;
                    e.unconfirmed = true;
                }
                Ok(())
            })?;
        }
        Ok(ids.iter().filter_map(|id| self.get(*id).cloned()).collect())
    }

    /// The server was asked after an unknown outcome and does not have the entry:
    /// it may be edited or sent again without a second look.
    pub fn confirm_absent(&mut self, id: Uuid) -> Result<OutboxEntry> {
        self.update(id, |e| {
            if e.state == EntryState::InFlight {
                return Err(wrong("check", &e.state));
            }
            e.unconfirmed = false;
            Ok(())
        })
    }

    /// The operator rewrote a reply that is not out (refused, or waiting). It becomes a
    /// new message in the same place in the queue, with a new id: the old id may be
    /// known to the server (Widget uuid), and reusing it could make the server keep the
    /// old text. An entry whose outcome is unknown must be checked first
    /// ([`Outbox::confirm_absent`]), or the old text could arrive as well.
    pub fn edit(&mut self, id: Uuid, payload: Payload) -> Result<OutboxEntry> {
        if payload.is_empty() {
            return Err(OutboxError::Empty);
        }
        self.update(id, |e| {
            if !matches!(
                e.state,
                EntryState::Failed { .. } | EntryState::Paused { .. }
            ) {
                return Err(wrong("edit", &e.state));
            }
            if e.unconfirmed {
                return Err(OutboxError::Unconfirmed);
            }
            let fresh = OutboxEntry::new(e.key.clone(), payload, e.created_at_ms);
            *e = fresh;
            Ok(())
        })
    }

    /// The operator gave up on a reply. Not while its request is out.
    pub fn discard(&mut self, id: Uuid, now_ms: i64) -> Result<OutboxEntry> {
        let entry = self.get(id).cloned().ok_or(OutboxError::NotFound(id))?;
        if entry.state == EntryState::InFlight {
            return Err(wrong("discard", &entry.state));
        }
        self.mutate(|s| {
            s.entries.retain(|e| e.id != id);
            Ok(())
        })?;
        if entry.unconfirmed {
            // It may be on the server after all: the next reply's place is read anew.
            self.observed.settled(&entry.key, now_ms, None);
        }
        Ok(entry)
    }

    /// Every entry of `account`, discarded (the account is being removed).
    pub fn discard_account(&mut self, account: &AccountId) -> Result<Vec<OutboxEntry>> {
        let gone: Vec<OutboxEntry> = self
            .state
            .entries
            .iter()
            .filter(|e| &e.key.account == account)
            .cloned()
            .collect();
        if !gone.is_empty() {
            self.mutate(|s| {
                s.entries.retain(|e| &e.key.account != account);
                Ok(())
            })?;
        }
        Ok(gone)
    }

    /// Entries filed under `from` are `to`'s (accounts once keyed by name get an id).
    pub fn rename_account(&mut self, from: &AccountId, to: &AccountId) -> Result<usize> {
        let count = self
            .state
            .entries
            .iter()
            .filter(|e| &e.key.account == from)
            .count();
        if count > 0 {
            self.mutate(|s| {
                for e in s.entries.iter_mut().filter(|e| &e.key.account == from) {
                    e.key.account = to.clone();
                }
                s.claims.rename_account(from, to);
                s.notes.rename_account(from, to);
                Ok(())
            })?;
        }
        Ok(count)
    }

    /// Entries recovered from elsewhere (a damaged outbox file), appended in their order;
    /// one found in flight is queued, its outcome unknown.
    pub fn restore(&mut self, entries: Vec<OutboxEntry>) -> Result<usize> {
        let fresh: Vec<OutboxEntry> = entries
            .into_iter()
            .filter(|e| self.get(e.id).is_none() && !e.payload.is_empty())
            .map(|mut e| {
                if e.state == EntryState::InFlight {
                    e.state = EntryState::Queued;
                    e.unconfirmed = true;
                }
                e
            })
            .collect();
        let count = fresh.len();
        if count > 0 {
            self.mutate(|s| {
                s.entries.extend(fresh);
                Ok(())
            })?;
        }
        Ok(count)
    }
}
