//! The per-account reading loop: picks the next row worth a read (see
//! [`super::next_to_read`]), waits for the budget, reads, applies. Runs beside
//! the poller, behind the same request gate.

use super::{next_due, next_to_read, Budget};
use crate::gate::Gate;
use crate::inbox::{Change, Inbox};
use crate::model::{AccountId, ConvKey};
use crate::notify_policy::{Notification, NotifyPolicy};
use crate::provider::Provider;
use crate::thread::Thread;
use deskbell_transport::ErrorKind;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, Notify};

/// How long a row whose read failed waits before it is tried again.
const RETRY_SECS: i64 = 60;
/// Longest sleep with nothing to read (a poll wakes the loop sooner).
const IDLE: Duration = Duration::from_secs(60);

/// What a read produced, for the window and the notifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadEvent {
    pub account: AccountId,
    pub change: Option<Change>,
    /// A customer message the lists could not show, to announce.
    pub news: Option<Notification>,
}

/// The server ids of the notes this desk wrote in a conversation.
pub type NoteIdsOf = Arc<dyn Fn(&ConvKey) -> HashSet<String> + Send + Sync>;

#[derive(Clone)]
pub struct Reader {
    pub provider: Arc<dyn Provider>,
    pub inbox: Arc<Mutex<Inbox>>,
    pub policy: Arc<Mutex<NotifyPolicy>>,
    pub budget: Arc<Mutex<Budget>>,
    /// The operator's own id, to tell whether a *Mine* conversation is still theirs.
    pub me: Option<String>,
    pub notes: NoteIdsOf,
    /// Signalled after each poll: rows may have moved.
    pub wake: Arc<Notify>,
    pub gate: Option<Arc<Gate>>,
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

impl Reader {
    /// Reads until `events` is closed.
    pub async fn run(self, events: mpsc::UnboundedSender<ReadEvent>) {
        let account = self.provider.account().clone();
        // Rows whose read failed, and when they may be tried again.
        let mut failed: HashMap<ConvKey, i64> = HashMap::new();
        loop {
            if let Some(gate) = &self.gate {
                gate.ready().await;
            }
            let t = now();
            failed.retain(|_, until| *until > t);
            let skip: HashSet<ConvKey> = failed.keys().cloned().collect();
            let (next, due) = {
                let inbox = lock(&self.inbox);
                let next = next_to_read(inbox.items_of(&account), t, &skip);
                (next, next_due(inbox.items_of(&account)))
            };
            let Some(key) = next else {
                let until_due =
                    due.map_or(IDLE, |d| Duration::from_secs((d - t).clamp(1, 60) as u64));
                let until_retry = failed
                    .values()
                    .min()
                    .map_or(IDLE, |u| Duration::from_secs((u - t).max(1) as u64));
                tokio::select! {
                    _ = self.wake.notified() => {}
                    _ = tokio::time::sleep(until_due.min(until_retry)) => {}
                    _ = events.closed() => return,
                }
                continue;
            };
            loop {
                let wait = lock(&self.budget).take(Instant::now());
                match wait {
                    Ok(()) => break,
                    Err(wait) => tokio::select! {
                        _ = tokio::time::sleep(wait) => {}
                        _ = events.closed() => return,
                    },
                }
            }
            match self.read(&key).await {
                Ok(event) => {
                    if (event.change.is_some() || event.news.is_some())
                        && events.send(event).is_err()
                    {
                        return;
                    }
                }
                Err(error) => {
                    tracing::debug!(%key, %error, "conversation read failed");
                    if matches!(
                        error.kind(),
                        ErrorKind::Api | ErrorKind::InvalidInput | ErrorKind::Decode
                    ) {
                        // The server will not give this one (gone, or not readable):
                        // not asked again until its row moves.
                        lock(&self.inbox).skip_read(&key, now());
                    } else {
                        failed.insert(key, now() + RETRY_SECS);
                    }
                }
            }
        }
    }

    /// One read of one conversation, applied to the inbox.
    pub async fn read(&self, key: &ConvKey) -> deskbell_transport::Result<ReadEvent> {
        self.read_thread(key).await.map(|(event, _)| event)
    }

    /// [`Reader::read`], also giving the thread as read (notes marked).
    pub async fn read_thread(
        &self,
        key: &ConvKey,
    ) -> deskbell_transport::Result<(ReadEvent, Thread)> {
        let mut thread = self.provider.thread(&key.conversation).await?;
        thread.mark_notes(&(self.notes)(key));
        let outcome = lock(&self.inbox).apply_peek(key, &thread, self.me.as_deref(), now());
        let news = outcome.news.and_then(|m| {
            let item = lock(&self.inbox).get(key).cloned()?;
            lock(&self.policy).read_news(&item, &m.text)
        });
        let event = ReadEvent {
            account: key.account.clone(),
            change: outcome.change,
            news,
        };
        Ok((event, thread))
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
