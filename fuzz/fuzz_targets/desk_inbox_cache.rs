//! The inbox cache file: unusable contents are "no cache", never a crash, and what
//! is used survives being saved and read again unchanged.
#![no_main]

use deskbell_desk::{cache, Inbox};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((snapshot, saved_at)) = cache::decode(data) else {
        return;
    };
    let inbox = Inbox::from_snapshot(snapshot);
    let _ = (inbox.unread_total(), inbox.unread_conversations());
    let snapshot = inbox.snapshot();
    snapshot.items.iter().for_each(|i| {
        serde_json::to_string(i).expect("rows serialize");
    });
    let file = serde_json::json!({"version": 1, "saved_at": saved_at, "inbox": snapshot});
    let again = cache::decode(&serde_json::to_vec(&file).unwrap());
    assert_eq!(again, Some((snapshot, saved_at)), "the cache round-trips");
});
