//! Chatwoot's `GET conversations/{id}/messages`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    for list in deskbell_fuzz::chatwoot_answer::<chatwoot::MessageList>(data) {
        for m in &list.messages {
            let _ = (m.is_note(), m.is_incoming(), m.is_activity());
        }
    }
});
