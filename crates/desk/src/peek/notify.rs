//! A poll's notification, told with what the customer wrote. The lists say that
//! something arrived, not what: one read of the conversation, within a time cap,
//! gives the words (and shows when the row moved for the operator's own reply).

use super::Reader;
use crate::inbox::Change;
use crate::notify_policy::{Notification, NotificationKind, BODY_CHARS};
use crate::text::one_line;
use crate::thread::{Direction, Thread};
use std::time::{Duration, Instant};

/// How long a notification waits for its text before it is shown without it.
pub const TEXT_WAIT: Duration = Duration::from_secs(3);

/// The first non-empty line of a message, as a notification body shows it.
pub fn first_line(text: &str) -> String {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty());
    one_line(line.unwrap_or(""), BODY_CHARS)
}

/// Reads the notification's conversation (the budget lends the read, to be paid
/// back by the background reads) and words the notification from it. `None`: the
/// read shows no news after all — the newest message is an operator's, so the
/// row moved for a reply. A read that fails or takes longer than `wait` leaves
/// the notification as it is: it is shown without the text rather than late.
pub async fn with_text(
    reader: &Reader,
    mut n: Notification,
    wait: Duration,
) -> (Option<Notification>, Option<Change>) {
    reader
        .budget
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .force(Instant::now());
    let read = tokio::time::timeout(wait, reader.read_thread(&n.key)).await;
    let Ok(Ok((event, thread))) = read else {
        return (Some(n), None);
    };
    if n.kind == NotificationKind::NewUnread
        && thread
            .last_visible()
            .is_some_and(|m| m.direction == Direction::Outgoing)
    {
        return (None, event.change);
    }
    if let Some(text) = customer_words(&thread) {
        n.body = text;
    }
    (Some(n), event.change)
}

/// The customer's newest message, one line (an attachment is named as one).
fn customer_words(thread: &Thread) -> Option<String> {
    let m = thread
        .messages
        .iter()
        .rev()
        .find(|m| !m.is_note && m.direction == Direction::Incoming)?;
    let line = first_line(&m.text);
    if !line.is_empty() {
        return Some(line);
    }
    let named = crate::inbox::preview_of(m);
    (!named.is_empty()).then_some(named)
}
