//! Thread re-reads overlap (each send and action starts one) and may finish out of
//! order; only a read started after the last one shown may replace it, or an older
//! read could bring back the echo of a reply confirmed since.

use crate::desk::lock;
use deskbell_desk::ConvKey;
use std::collections::HashMap;
use std::sync::Mutex;

/// Tickets for thread re-reads, in the order they started.
#[derive(Default)]
pub struct ThreadReads {
    issued: std::sync::atomic::AtomicU64,
    shown: Mutex<HashMap<ConvKey, u64>>,
}

impl ThreadReads {
    pub fn start(&self) -> u64 {
        self.issued
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst)
            + 1
    }

    /// Whether the read with `ticket` is newer than the last one shown for `key`
    /// (and is now that one).
    pub fn finish(&self, key: &ConvKey, ticket: u64) -> bool {
        let mut shown = lock(&self.shown);
        let last = shown.entry(key.clone()).or_insert(0);
        let newer = ticket > *last;
        if newer {
            *last = ticket;
        }
        newer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_older_thread_read_never_replaces_a_newer_one() {
        let reads = ThreadReads::default();
        let key = ConvKey::new("a", "1");
        let (first, second) = (reads.start(), reads.start());
        assert!(reads.finish(&key, second));
        assert!(!reads.finish(&key, first), "the older read came back last");
        let third = reads.start();
        assert!(reads.finish(&key, third));
        assert!(
            reads.finish(&ConvKey::new("a", "2"), first),
            "keys are apart"
        );
    }
}
