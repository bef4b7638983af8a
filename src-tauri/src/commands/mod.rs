//! IPC commands (see docs/ipc.md). Thin: validate, call the core, map errors.
//! No command returns a token.

mod accounts;
mod conversations;
mod prefs;

pub use accounts::*;
pub use conversations::*;
pub use prefs::*;

use crate::runtime::{lock, Desk};
use deskbell_desk::{ConvKey, ThreadMessage};
use std::sync::Arc;

pub type DeskState<'a> = tauri::State<'a, Arc<Desk>>;

/// The server's thread followed by our replies that it has not confirmed yet.
pub fn with_echoes(
    desk: &Desk,
    key: &ConvKey,
    mut messages: Vec<ThreadMessage>,
) -> Vec<ThreadMessage> {
    messages.extend(lock(&desk.outbox).echoes(key));
    messages
}
