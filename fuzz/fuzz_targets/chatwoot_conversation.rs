//! Chatwoot's single-conversation answers (show, create).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    for c in deskbell_fuzz::chatwoot_answer::<chatwoot::Conversation>(data) {
        deskbell_fuzz::chatwoot_row(&c);
    }
});
