//! The table of open connections: at most `cap`, each one either *waiting* for a
//! request head (just opened, or answered and kept alive) or *busy* with a request.
//!
//! At the cap, the oldest waiting connection is closed to make room for the
//! newcomer, rather than the newcomer being refused. Refusing would let anyone who
//! can open `cap` idle sockets shut Blinger out for as long as they keep them open
//! (re-opening each one the head timeout closes). Evicting keeps the cap, and so
//! the file descriptors, fixed while letting every newcomer in: to shut out a real
//! sender, a flood would have to open `cap` connections in the time that sender
//! takes to send its request head (well under a millisecond on loopback). A busy
//! connection is never evicted — the body timeout bounds it — and when every
//! place is busy the newcomer waits for the first to free up.
//!
//! An evicted connection keeps its place until its task has dropped the socket,
//! and the newcomer waits for that: under a flood of reconnections the accept
//! loop would otherwise outrun the closing tasks, and descriptors pile up.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Instant;
use tokio::sync::{oneshot, Notify};

pub(crate) struct Slots {
    cap: usize,
    table: Mutex<Table>,
    /// Signalled when a connection closes or starts waiting: room may be free.
    changed: Notify,
}

#[derive(Default)]
struct Table {
    next_id: u64,
    conns: HashMap<u64, Conn>,
    /// The waiting connections, oldest first.
    waiting: BTreeSet<(Instant, u64)>,
    /// Connections told to close whose socket is not dropped yet.
    closing: usize,
}

struct Conn {
    waiting_since: Option<Instant>,
    /// Dropping it tells the connection's task to close (it selects on the
    /// receiver); `None` once told.
    close: Option<oneshot::Sender<()>>,
}

/// A connection's place in the table; dropping it frees the place.
pub(crate) struct Slot {
    slots: Arc<Slots>,
    id: u64,
}

impl Table {
    fn tell_to_close(&mut self, id: u64) {
        let Some(conn) = self.conns.get_mut(&id) else {
            return;
        };
        if let Some(since) = conn.waiting_since.take() {
            self.waiting.remove(&(since, id));
        }
        if conn.close.take().is_some() {
            self.closing += 1;
        }
    }
}

impl Slots {
    pub fn new(cap: usize) -> Arc<Self> {
        Arc::new(Slots {
            cap,
            table: Mutex::default(),
            changed: Notify::new(),
        })
    }

    /// Connections holding a place (closing ones included).
    pub fn open(&self) -> usize {
        self.lock().conns.len()
    }

    /// A place for a connection just accepted (see the module docs). The
    /// receiver resolves when the connection must close.
    pub async fn admit(self: &Arc<Self>) -> (Slot, oneshot::Receiver<()>) {
        loop {
            let changed = self.changed.notified();
            let mut changed = std::pin::pin!(changed);
            // Registered before looking, so a change in between is not missed.
            changed.as_mut().enable();
            if let Some(admitted) = self.try_admit() {
                return admitted;
            }
            changed.await;
        }
    }

    /// A place now, or `None` after making sure one will free up if it can:
    /// one connection closes per newcomer.
    fn try_admit(self: &Arc<Self>) -> Option<(Slot, oneshot::Receiver<()>)> {
        let mut guard = self.lock();
        let table = &mut *guard;
        if table.conns.len() >= self.cap {
            if table.closing == 0 {
                if let Some(&(_, oldest)) = table.waiting.first() {
                    table.tell_to_close(oldest);
                }
            }
            return None;
        }
        let id = table.next_id;
        table.next_id += 1;
        let now = Instant::now();
        let (close, closed) = oneshot::channel();
        table.conns.insert(
            id,
            Conn {
                waiting_since: Some(now),
                close: Some(close),
            },
        );
        table.waiting.insert((now, id));
        let slot = Slot {
            slots: self.clone(),
            id,
        };
        Some((slot, closed))
    }

    /// Tells every connection to close (the receiver is stopping).
    pub fn close_all(&self) {
        let mut table = self.lock();
        let ids: Vec<u64> = table.conns.keys().copied().collect();
        for id in ids {
            table.tell_to_close(id);
        }
    }

    fn lock(&self) -> MutexGuard<'_, Table> {
        self.table.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Slot {
    /// A request head arrived: the connection is not evictable until answered.
    pub fn busy(&self) {
        let mut guard = self.slots.lock();
        let table = &mut *guard;
        if let Some(since) = table
            .conns
            .get_mut(&self.id)
            .and_then(|c| c.waiting_since.take())
        {
            table.waiting.remove(&(since, self.id));
        }
    }

    /// Answered: waiting for the next head (keep-alive), evictable again.
    pub fn waiting(&self) {
        {
            let mut guard = self.slots.lock();
            let table = &mut *guard;
            let Some(conn) = table.conns.get_mut(&self.id) else {
                return;
            };
            if conn.waiting_since.is_some() || conn.close.is_none() {
                return;
            }
            let now = Instant::now();
            conn.waiting_since = Some(now);
            table.waiting.insert((now, self.id));
        }
        self.slots.changed.notify_waiters();
    }

    /// Since when the connection has been waiting for a request head; `None`
    /// while it is busy (or once told to close).
    pub fn waiting_since(&self) -> Option<Instant> {
        self.slots.lock().conns.get(&self.id)?.waiting_since
    }
}

impl Drop for Slot {
    /// Runs once the connection's socket is dropped (see `serve.rs`).
    fn drop(&mut self) {
        {
            let mut guard = self.slots.lock();
            let table = &mut *guard;
            if let Some(conn) = table.conns.remove(&self.id) {
                if let Some(since) = conn.waiting_since {
                    table.waiting.remove(&(since, self.id));
                }
                if conn.close.is_none() {
                    table.closing -= 1;
                }
            }
        }
        self.slots.changed.notify_waiters();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oneshot::error::TryRecvError::{Closed, Empty};

    fn admit_now(slots: &Arc<Slots>) -> (Slot, oneshot::Receiver<()>) {
        slots.try_admit().expect("admitted at once")
    }

    #[test]
    fn at_the_cap_the_oldest_waiting_connection_makes_room_once_closed() {
        let slots = Slots::new(2);
        let (a, mut a_closed) = admit_now(&slots);
        let (b, mut b_closed) = admit_now(&slots);
        let (c, mut c_closed) = {
            a.busy();
            assert!(slots.try_admit().is_none(), "no place until b has closed");
            assert_eq!(a_closed.try_recv(), Err(Empty), "a busy connection stays");
            assert_eq!(b_closed.try_recv(), Err(Closed), "b is told to close");
            assert_eq!(b.waiting_since(), None);
            assert_eq!(slots.open(), 2, "b holds its place until dropped");
            drop(b);
            admit_now(&slots)
        };
        // Answered, a waits again, but since after c: c is the oldest waiting.
        // One newcomer closes one connection, however often it asks.
        a.waiting();
        assert!(slots.try_admit().is_none());
        assert!(slots.try_admit().is_none());
        assert_eq!(c_closed.try_recv(), Err(Closed), "c, the oldest waiting");
        assert_eq!(a_closed.try_recv(), Err(Empty), "only c");
        drop(c);
        let _d = admit_now(&slots);
        assert_eq!(slots.open(), 2);
        drop(a);
        assert_eq!(slots.open(), 1);
    }

    #[tokio::test]
    async fn when_every_place_is_busy_the_newcomer_waits_for_one() {
        let slots = Slots::new(1);
        let (a, _a_closed) = admit_now(&slots);
        a.busy();
        assert!(slots.try_admit().is_none());
        let waiter = tokio::spawn({
            let slots = slots.clone();
            async move { slots.admit().await.0 }
        });
        tokio::task::yield_now().await;
        assert!(!waiter.is_finished());
        drop(a);
        let slot = tokio::time::timeout(std::time::Duration::from_secs(5), waiter)
            .await
            .expect("admitted once the busy one closed")
            .unwrap();
        assert_eq!(slot.id, 1);
        assert_eq!(slots.open(), 1);
    }
}
