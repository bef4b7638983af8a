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

use crate::runtime::{lock, Desk};
use deskbell_desk::{ConvKey, Provider, Thread, ThreadMessage};
use std::sync::Arc;

pub type DeskState<'a> = tauri::State<'a, Arc<Desk>>;

/// In e2e builds only: a command registered with the others but granted by no
/// permission, which the e2e tests show the window cannot call.
#[cfg(feature = "e2e")]
#[tauri::command]
pub fn ungranted_probe() -> &'static str {
    "reached"
}

/// The server's thread followed by our replies that it has not confirmed yet.
pub fn with_echoes(
    desk: &Desk,
    key: &ConvKey,
    mut messages: Vec<ThreadMessage>,
) -> Vec<ThreadMessage> {
    messages.extend(lock(&desk.outbox).echoes(key));
    messages
}

/// Reads a conversation as the window shows it: comments marked with the post the
/// inbox row knows, our unconfirmed replies at the end.
pub async fn read_thread(
    desk: &Desk,
    provider: &dyn Provider,
    key: &ConvKey,
) -> deskbell_transport::Result<Thread> {
    let started = crate::runtime::now_ms();
    let mut thread = provider.thread(&key.conversation).await?;
    // Blinger does not say which messages are notes: ours are known by their ids.
    let notes = lock(&desk.outbox).note_ids(key);
    thread.mark_notes(&notes);
    // The read is as good as the background reader's: the row gets it too.
    desk.apply_read(key, &thread);
    // The newest message read here tells the next reply where it will land on the
    // server, so delivery need not ask again.
    lock(&desk.outbox).observe_thread(key, &thread.messages, started);
    let post = lock(&desk.inbox).get(key).and_then(|i| i.post.clone());
    thread.mark_comments(post.as_ref());
    thread.messages = with_echoes(desk, key, std::mem::take(&mut thread.messages));
    Ok(thread)
}
