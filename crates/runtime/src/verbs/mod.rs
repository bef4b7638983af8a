//! What the operator can ask of the desk: one method on [`crate::Desk`] per verb,
//! each answering what the page sees. Front ends only carry the request there and
//! the answer back.

mod accounts;
mod conversations;
mod dispatch;
mod outbox;
mod people;
mod prefs;
mod webhook_settings;

pub use accounts::AccountInput;
pub use conversations::{AppState, Details, OpenedConversation};
pub use dispatch::{StartAtLogin, DESK_VERBS, WINDOW_VERBS};
pub use outbox::SendInput;
pub use prefs::SettingsPatch;
pub use webhook_settings::{AccountWebhookView, WebhookView};
