//! Blinger's action answers (`start`, `close`, `unassign`, `assign-*`): one conversation.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    for c in deskbell_fuzz::blinger_object::<blinger::Conversation>(data) {
        deskbell_fuzz::blinger_row(&c);
    }
});
