//! The Widget API's answers: a conversation (`assign-agent`) or a message
//! (`send-text-message`, `send-file-message`, `request-review`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    for c in deskbell_fuzz::blinger_object::<blinger::WidgetConversation>(data) {
        let _ = format!("{c:?}");
    }
    for m in deskbell_fuzz::blinger_object::<blinger::WidgetMessage>(data) {
        let _ = format!("{m:?}");
    }
});
