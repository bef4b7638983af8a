//! Webhook bodies: anyone who finds the receiver's URL can post anything.
#![no_main]

use deskbell_desk::model::{ConvKey, InboxItem};
use deskbell_desk::providers::blinger::webhook_item;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let event = match blinger::WebhookEvent::parse(data) {
        Ok(event) => event,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    let _ = (event.name(), event.customer(), event.customer_name());
    let _ = (event.operator(), event.preview_text(), event.is_incoming());
    let account = deskbell_fuzz::account();
    let now = 1_700_000_000;
    if let Some(item) = webhook_item(&account, None, &event, Some(1), now) {
        deskbell_fuzz::check_row(&item);
    }
    if let Some(id) = event.conversation_id() {
        let known = InboxItem::new(ConvKey::new("fuzz", id.to_string()), "Anna", "viber");
        if let Some(item) = webhook_item(&account, Some(&known), &event, Some(1), now) {
            deskbell_fuzz::check_row(&item);
        }
    }
});
