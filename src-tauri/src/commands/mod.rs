//! IPC commands (see docs/ipc.md). Thin: validate, forward the desk's to the
//! agent, run the window's own (links, logs folder, drafts, canned replies).
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

use crate::agent_link::AgentLink;
use std::sync::Arc;

/// The desk, which the agent runs: these commands are forwarded to it.
pub type DeskState<'a> = tauri::State<'a, Arc<AgentLink>>;

/// In e2e builds only: a command registered with the others but granted by no
/// permission, which the e2e tests show the window cannot call.
#[cfg(feature = "e2e")]
#[tauri::command]
pub fn ungranted_probe() -> &'static str {
    "reached"
}
