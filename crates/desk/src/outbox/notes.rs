//! The server ids of the notes this desk delivered. Blinger's `get` does not say
//! which messages are notes, and a note shown as a reply tells the operator the
//! customer saw it: these ids let a read mark them for what they are.

use crate::model::{AccountId, ConvKey};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Notes remembered, newest kept: years of an operator's notes fit in a few
/// hundred kilobytes, and the oldest are the least likely to be on screen.
pub const MAX_NOTES: usize = 5000;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NoteIds(Vec<NoteRef>);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct NoteRef {
    key: ConvKey,
    id: String,
}

impl NoteIds {
    pub fn push(&mut self, key: &ConvKey, id: &str) {
        if self.0.iter().any(|n| &n.key == key && n.id == id) {
            return;
        }
        self.0.push(NoteRef {
            key: key.clone(),
            id: id.to_owned(),
        });
        if self.0.len() > MAX_NOTES {
            let excess = self.0.len() - MAX_NOTES;
            self.0.drain(..excess);
        }
    }

    pub fn of(&self, key: &ConvKey) -> HashSet<String> {
        self.0
            .iter()
            .filter(|n| &n.key == key)
            .map(|n| n.id.clone())
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn rename_account(&mut self, from: &AccountId, to: &AccountId) {
        for n in self.0.iter_mut().filter(|n| &n.key.account == from) {
            n.key.account = to.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_per_conversation_and_bounded() {
        let a = ConvKey::new("acc", "1");
        let b = ConvKey::new("acc", "2");
        let mut notes = NoteIds::default();
        notes.push(&a, "10");
        notes.push(&a, "10");
        notes.push(&b, "11");
        assert_eq!(notes.of(&a), ["10".to_owned()].into_iter().collect());
        for i in 0..MAX_NOTES {
            notes.push(&b, &format!("n{i}"));
        }
        assert_eq!(notes.0.len(), MAX_NOTES);
        assert!(notes.of(&a).is_empty(), "the oldest go first");
        notes.rename_account(&AccountId::new("acc"), &AccountId::new("uuid"));
        assert_eq!(notes.of(&ConvKey::new("uuid", "2")).len(), MAX_NOTES);
    }
}
