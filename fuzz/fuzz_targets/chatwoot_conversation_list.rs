//! Chatwoot's `GET conversations`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    for list in deskbell_fuzz::chatwoot_answer::<chatwoot::ConversationList>(data) {
        list.conversations
            .iter()
            .for_each(deskbell_fuzz::chatwoot_row);
    }
});
