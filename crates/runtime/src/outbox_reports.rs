//! The desk's outbox side: reporting changes to the window, resuming waiting
//! replies, and the per-account summary the banner shows.

use crate::desk::{lock, Desk};
use crate::events::DeskEvent;
use deskbell_desk::outbox::OutboxEvent;
use deskbell_desk::AccountId;

impl Desk {
    /// The server answers again (or the machine woke, or the operator asked): replies
    /// waiting out a backoff go now, in order, without anyone pressing Retry.
    pub fn resume_outbox(&self, account: &str) {
        let resumed = lock(&self.outbox).resume_paused(&AccountId::new(account));
        match resumed {
            Ok(entries) if entries.is_empty() => {}
            Ok(entries) => {
                log::info!(
                    "account {account}: {} waiting replies resume",
                    entries.len()
                );
                entries.iter().for_each(|e| self.report(OutboxEvent::of(e)));
                self.wake_delivery(account);
            }
            Err(e) => log::error!("outbox: {e}"),
        }
    }

    /// Reports an outbox change made outside delivery (a send, retry, edit, discard),
    /// through the same pump as delivery's own reports, so the window hears them in order.
    pub fn report(&self, event: OutboxEvent) {
        let _ = self.outbox_tx.send(event);
    }

    /// Unsent replies per account, for the window's banner.
    pub fn outbox_summary(&self) -> Vec<deskbell_desk::outbox::QueueSummary> {
        let mut queues = deskbell_desk::outbox::summarize(lock(&self.outbox).entries());
        let settings = lock(&self.settings);
        for q in &mut queues {
            let id = q.account.as_str();
            q.orphaned = id != crate::demo::DEMO_ACCOUNT && settings.account(id).is_none();
        }
        queues
    }

    pub fn emit_outbox_summary(&self) {
        let queues = self.outbox_summary();
        let mut last = lock(&self.last_summary);
        if *last != queues {
            *last = queues.clone();
            self.emit(DeskEvent::OutboxSummary { queues });
        }
    }
}
