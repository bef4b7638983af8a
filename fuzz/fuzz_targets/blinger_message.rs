//! Blinger's send answers (`send-message`, `send-note`, `send-file-message`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    for m in deskbell_fuzz::blinger_object::<blinger::Message>(data) {
        deskbell_fuzz::blinger_message(&m);
    }
});
