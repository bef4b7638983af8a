//! IPC commands (see docs/ipc.md). Thin: validate, call the core, map errors.
//! No command returns a token.

mod accounts;
mod conversations;
mod outbox;
mod people;
mod prefs;
mod webhook_settings;

pub use accounts::*;
pub use conversations::*;
pub use outbox::*;
pub use people::*;
pub use prefs::*;
pub use webhook_settings::*;

use deskbell_runtime::Desk;
use std::sync::Arc;

pub type DeskState<'a> = tauri::State<'a, Arc<Desk>>;

/// In e2e builds only: a command registered with the others but granted by no
/// permission, which the e2e tests show the window cannot call.
#[cfg(feature = "e2e")]
#[tauri::command]
pub fn ungranted_probe() -> &'static str {
    "reached"
}
