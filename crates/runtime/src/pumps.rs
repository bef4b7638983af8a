//! The loops that turn the core's reports into what the operator sees: poll
//! results and delivery reports become window events, notifications and the
//! tray count; the inbox is cached to disk for the next start.

use crate::desk::{cache_path, lock, now_ms, Connection, Desk};
use crate::events::DeskEvent;
use deskbell_desk::outbox::OutboxEvent;
use deskbell_desk::poller::PollEvent;
use deskbell_desk::ConvKey;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

pub async fn polls(desk: Arc<Desk>, mut rx: mpsc::UnboundedReceiver<PollEvent>) {
    while let Some(event) = rx.recv().await {
        match event {
            PollEvent::Updated {
                account,
                changes,
                notifications,
                ..
            } => {
                desk.set_status(account.as_str(), Connection::Online, None);
                desk.wake_reads(account.as_str());
                let open: Vec<ConvKey> = {
                    let open = lock(&desk.open);
                    changes
                        .iter()
                        .map(|c| c.key().clone())
                        .filter(|k| open.contains(k))
                        .collect()
                };
                desk.emit_changes(changes);
                let news: Vec<_> = notifications
                    .into_iter()
                    .filter(|n| !desk.is_own_echo(n))
                    .collect();
                // The first poll after a start announces what came in meanwhile:
                // one notification for many, not a burst.
                let catching_up = desk.first_poll(account.as_str());
                match catch_up_summary(&news, catching_up) {
                    Some(summary) => desk.show_alert(&summary),
                    None => crate::reads::announce(&desk, news),
                }
                for key in open {
                    desk.refresh_thread(key);
                }
                desk.refresh_tray();
            }
            PollEvent::Failed {
                account,
                kind,
                message,
                ..
            } => {
                let status = match kind.as_str() {
                    "connect" | "timeout" | "connection" => Connection::Offline,
                    _ => Connection::Error,
                };
                desk.set_status(account.as_str(), status, Some(message));
            }
            PollEvent::Recovered { account } => {
                desk.set_status(account.as_str(), Connection::Online, None);
                desk.resume_outbox(account.as_str());
            }
        }
    }
}

/// Outbox reports become the echoes the window shows: each event carries its echo,
/// so nothing here keeps a copy. The thread is read again only once the server has
/// (or has refused) the reply, to put the server's copy in the echo's place.
/// More notifications than this in the first poll after a start become one.
const CATCH_UP_MAX: usize = 3;

/// One notification for the catch-up poll's news when there is more than a few;
/// clicking it opens the newest conversation.
fn catch_up_summary(
    news: &[deskbell_desk::Notification],
    catching_up: bool,
) -> Option<deskbell_desk::Notification> {
    if !catching_up || news.len() <= CATCH_UP_MAX {
        return None;
    }
    let newest = news.iter().max_by_key(|n| n.marker)?;
    let names: Vec<&str> = news
        .iter()
        .map(|n| n.title.split(" · ").next().unwrap_or(&n.title))
        .take(3)
        .collect();
    let more = news.len() - names.len();
    let mut body = names.join(", ");
    if more > 0 {
        body.push_str(&format!(" and {more} more"));
    }
    Some(deskbell_desk::Notification {
        key: newest.key.clone(),
        kind: newest.kind,
        title: format!("{} conversations need you", news.len()),
        body,
        marker: newest.marker,
    })
}

pub async fn outbox(desk: Arc<Desk>, mut rx: mpsc::UnboundedReceiver<OutboxEvent>) {
    while let Some(event) = rx.recv().await {
        let Some(key) = event.key().cloned() else {
            if let OutboxEvent::StorageError { message } = &event {
                log::error!("outbox storage: {message}");
            }
            continue;
        };
        match &event {
            OutboxEvent::Removed { id, .. } => desk.emit(DeskEvent::OutboxRemoved {
                key: key.clone(),
                id: *id,
            }),
            _ => {
                if let Some(echo) = event.echo() {
                    if matches!(event, OutboxEvent::Sent { .. }) {
                        desk.remember_own(&key, echo);
                        // Answered: the conversation is the operator's until closed.
                        if !echo.is_note {
                            let change = lock(&desk.inbox).mark_mine(&key);
                            desk.emit_changes(change.into_iter().collect());
                        }
                    }
                    desk.emit(DeskEvent::OutboxChanged {
                        key: key.clone(),
                        message: echo.clone(),
                    });
                }
            }
        }
        let settled = matches!(event, OutboxEvent::Sent { .. } | OutboxEvent::Failed { .. });
        if settled && lock(&desk.open).contains(&key) {
            desk.refresh_thread(key);
        }
        desk.emit_outbox_summary();
    }
}

/// The cache lets the next start paint the inbox at once; losing a minute of it is harmless.
pub async fn save_cache_periodically(desk: Arc<Desk>) {
    let mut last: Option<Vec<u8>> = None;
    loop {
        tokio::time::sleep(Duration::from_secs(30)).await;
        let snapshot = lock(&desk.inbox).snapshot();
        let bytes = serde_json::to_vec(&snapshot).unwrap_or_default();
        if last.as_ref() != Some(&bytes) {
            if let Err(e) = save_cache(&snapshot) {
                log::warn!("inbox cache not saved: {e}");
            }
            last = Some(bytes);
        }
    }
}

/// Writes the inbox cache now.
pub fn save_cache(snapshot: &deskbell_desk::InboxSnapshot) -> Result<(), String> {
    // `save` creates the folder (owner-only) if it is missing.
    let path = cache_path();
    deskbell_desk::cache::save(&path, snapshot, now_ms() / 1000).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use deskbell_desk::{ConvKey, Marker, Notification, NotificationKind};

    fn n(name: &str, at: i64) -> Notification {
        Notification {
            key: ConvKey::new("a", name),
            kind: NotificationKind::NewUnassigned,
            title: format!("{name} · Telegram"),
            body: "hi".into(),
            marker: Marker::new(at, 1),
        }
    }

    #[test]
    fn a_big_catch_up_is_one_notification_a_small_one_is_not() {
        let few = [n("Anna", 1), n("Bob", 2), n("Cleo", 3)];
        assert!(catch_up_summary(&few, true).is_none());
        let many = [
            n("Anna", 1),
            n("Bob", 5),
            n("Cleo", 3),
            n("Dan", 2),
            n("Eve", 4),
        ];
        assert!(
            catch_up_summary(&many, false).is_none(),
            "only the first poll"
        );
        let s = catch_up_summary(&many, true).unwrap();
        assert_eq!(s.title, "5 conversations need you");
        assert_eq!(s.body, "Anna, Bob, Cleo and 2 more");
        assert_eq!(s.key.conversation, "Bob", "opens the newest");
    }
}
