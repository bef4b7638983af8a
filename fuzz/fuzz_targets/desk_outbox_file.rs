//! The outbox file, as read at start: whatever it holds, loading and the reads
//! delivery makes of it must not panic (overflow checks are on in fuzz builds).
#![no_main]

use deskbell_desk::outbox::Outbox;
use deskbell_desk::SentRef;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    // A file that cannot be opened is salvaged entry by entry (start-up does so).
    let _ = deskbell_desk::outbox::salvage(data);
    let outbox = match Outbox::from_bytes("fuzz-outbox.json", data) {
        Ok(outbox) => outbox,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    let candidates = [
        SentRef::default(),
        SentRef {
            message_id: Some("1".into()),
            at: Some(0),
        },
    ];
    for now in [0, 1_700_000_000_000, i64::MAX, i64::MIN] {
        for entry in outbox.entries() {
            let _ = (entry.echo(), entry.is_due(now), entry.payload.fingerprint());
            let _ = outbox.pick_match(entry, &candidates);
            let _ = outbox.known_after(&entry.key);
            let _ = outbox.ready(&entry.key.account, now);
            let _ = outbox.next_wake_ms(&entry.key.account);
            let _ = outbox.echoes(&entry.key);
        }
    }
});
