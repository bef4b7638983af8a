//! A conversation's thread as the window shows it.

use crate::desk::{lock, now_ms, Desk};
use deskbell_desk::{ConvKey, Provider, Thread, ThreadMessage};

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
    let started = now_ms();
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
