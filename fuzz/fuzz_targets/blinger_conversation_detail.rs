//! Blinger's `get` answer: the conversation with its parties and messages (also
//! what reconcile reads to find a reply whose answer was lost).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    for detail in deskbell_fuzz::blinger_object::<blinger::ConversationDetail>(data) {
        let _ = (detail.customer_name(), detail.last_message());
        detail
            .messages
            .iter()
            .for_each(deskbell_fuzz::blinger_message);
    }
});
