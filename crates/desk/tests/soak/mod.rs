//! Shared by the soak tests: an account run as the app runs it (request gate,
//! poller, delivery loop, and the pump that resumes waiting replies when the
//! server answers again), a forwarder that can make the server unreachable, a
//! provider that records the requests made, a clock that is off, and the verdict
//! on what the simulator ends up holding.

#![allow(dead_code)]

pub mod forwarder;
pub mod tapped;

pub use tapped::Tapped;

use deskbell_desk::gate::{Gate, Gated};
use deskbell_desk::outbox::{run_delivery, Clock, OutboxEvent, SystemClock};
use deskbell_desk::{
    AccountId, Inbox, NotifyConfig, NotifyPolicy, Outbox, PollEvent, Poller, PollerConfig,
    Provider, Resync, RetryPolicy,
};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, watch, Notify};
use tokio::task::JoinHandle;

/// Our clock, `offset_ms` off the true time (the simulator's).
pub struct OffsetClock(pub i64);

impl Clock for OffsetClock {
    fn now_ms(&self) -> i64 {
        SystemClock.now_ms() + self.0
    }
}

/// What every account of one desk shares: the outbox, the inbox, the notifier's
/// memory, and where delivery reports go.
pub struct Desk {
    pub outbox: Arc<Mutex<Outbox>>,
    pub inbox: Arc<Mutex<Inbox>>,
    pub notify: Arc<Mutex<NotifyPolicy>>,
    pub reports: mpsc::UnboundedSender<OutboxEvent>,
    _dir: tempfile::TempDir,
}

impl Desk {
    pub fn new() -> (Self, mpsc::UnboundedReceiver<OutboxEvent>) {
        let dir = tempfile::tempdir().unwrap();
        let outbox = Outbox::open(dir.path().join("outbox.json")).unwrap();
        let (reports, rx) = mpsc::unbounded_channel();
        let desk = Desk {
            outbox: Arc::new(Mutex::new(outbox)),
            inbox: Arc::new(Mutex::new(Inbox::new())),
            notify: Arc::new(Mutex::new(NotifyPolicy::new(NotifyConfig::default()))),
            reports,
            _dir: dir,
        };
        (desk, rx)
    }

    /// Starts `provider`'s account as the app's runtime does: one request gate in
    /// front of the provider for the poller, the delivery loop and everything else.
    pub fn start(
        &self,
        provider: Arc<Tapped>,
        poller: PollerConfig,
        retry: RetryPolicy,
    ) -> Running {
        let id = provider.account().clone();
        let gate = Arc::new(Gate::new());
        let gated: Arc<dyn Provider> = Arc::new(Gated::new(provider.clone(), gate.clone()));
        let poller = Poller::new(
            gated.clone(),
            self.inbox.clone(),
            self.notify.clone(),
            poller,
        )
        .with_gate(gate.clone());
        let resync = poller.resync_handle();
        let wake = Arc::new(Notify::new());
        let (polls_tx, polls_rx) = mpsc::unbounded_channel();
        let (status_tx, status) = watch::channel(Status::default());
        let tasks = vec![
            tokio::spawn(poller.run(polls_tx)),
            tokio::spawn(pump(polls_rx, self.outbox.clone(), wake.clone(), status_tx)),
            tokio::spawn(run_delivery(
                self.outbox.clone(),
                gated,
                wake.clone(),
                retry,
                Arc::new(SystemClock),
                self.reports.clone(),
            )),
        ];
        Running {
            id,
            tapped: provider,
            gate,
            wake,
            resync,
            status,
            tasks,
        }
    }

    /// Replies of every account still in the outbox.
    pub fn pending(&self) -> usize {
        self.outbox.lock().unwrap().entries().len()
    }
}

/// What the polls said last.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Status {
    /// A poll has answered.
    pub loaded: bool,
    /// The last poll could not reach the server (what the app shows as offline).
    pub offline: bool,
    pub recoveries: u32,
}

pub struct Running {
    pub id: AccountId,
    pub tapped: Arc<Tapped>,
    pub gate: Arc<Gate>,
    pub wake: Arc<Notify>,
    pub resync: Resync,
    pub status: watch::Receiver<Status>,
    tasks: Vec<JoinHandle<()>>,
}

impl Running {
    /// Waits for the account's first poll to answer.
    pub async fn loaded(&self) {
        let mut status = self.status.clone();
        status.wait_for(|s| s.loaded).await.unwrap();
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.tasks.iter().for_each(JoinHandle::abort);
    }
}

/// What the app's poll pump does with each report: on `Recovered`, the replies
/// waiting out a backoff go now (`Desk::resume_outbox`).
async fn pump(
    mut polls: mpsc::UnboundedReceiver<PollEvent>,
    outbox: Arc<Mutex<Outbox>>,
    wake: Arc<Notify>,
    status: watch::Sender<Status>,
) {
    while let Some(event) = polls.recv().await {
        match event {
            PollEvent::Updated { .. } => status.send_modify(|s| {
                s.loaded = true;
                s.offline = false;
            }),
            PollEvent::Failed { kind, .. } => status.send_modify(|s| {
                s.offline = matches!(kind.as_str(), "connect" | "timeout" | "connection");
            }),
            PollEvent::Recovered { account } => {
                status.send_modify(|s| {
                    s.offline = false;
                    s.recoveries += 1;
                });
                resume(&outbox, &account, &wake);
            }
        }
    }
}

/// Paused replies of `account` go now (as `Desk::resume_outbox`).
pub fn resume(outbox: &Mutex<Outbox>, account: &AccountId, wake: &Notify) {
    let resumed = outbox.lock().unwrap().resume_paused(account).unwrap();
    if !resumed.is_empty() {
        wake.notify_one();
    }
}

/// Polls `done` until it holds; fails the test after `limit`.
pub async fn wait_for(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let until = Instant::now() + limit;
    while !done() {
        assert!(Instant::now() < until, "{what}: not within {limit:?}");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

/// One conversation's replies as typed against what the server holds.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    pub typed: usize,
    /// Typed replies found on the server (each counted once).
    pub delivered: usize,
    /// Copies beyond the first.
    pub duplicates: usize,
    /// Replies whose first copy came after that of a reply typed later.
    pub out_of_order: usize,
    /// Messages on the server that nobody typed.
    pub strangers: usize,
}

impl Verdict {
    pub fn of(typed: &[String], held: &[String]) -> Self {
        let mut firsts: Vec<usize> = Vec::new();
        let mut v = Verdict {
            typed: typed.len(),
            ..Verdict::default()
        };
        for h in held {
            match typed.iter().position(|t| t == h) {
                None => v.strangers += 1,
                Some(i) if firsts.contains(&i) => v.duplicates += 1,
                Some(i) => firsts.push(i),
            }
        }
        v.delivered = firsts.len();
        let mut latest = None;
        for i in firsts {
            if latest.is_some_and(|l| i < l) {
                v.out_of_order += 1;
            }
            latest = latest.max(Some(i));
        }
        v
    }

    /// Every conversation's replies as typed (by conversation id) against what the
    /// simulator holds, summed.
    pub fn held(sim: &blinger_sim::SimHandle, typed: &HashMap<i64, Vec<String>>) -> Self {
        typed.iter().fold(Verdict::default(), |sum, (id, typed)| {
            sum.add(Verdict::of(
                typed,
                &crate::under_faults::on_server(sim, *id),
            ))
        })
    }

    pub fn lost(&self) -> usize {
        self.typed - self.delivered
    }

    pub fn add(self, other: Verdict) -> Verdict {
        Verdict {
            typed: self.typed + other.typed,
            delivered: self.delivered + other.delivered,
            duplicates: self.duplicates + other.duplicates,
            out_of_order: self.out_of_order + other.out_of_order,
            strangers: self.strangers + other.strangers,
        }
    }
}

#[test]
fn the_verdict_counts_losses_copies_and_disorder() {
    let typed: Vec<String> = ["a", "b", "c", "d"].map(String::from).to_vec();
    let held: Vec<String> = ["a", "c", "b", "c", "x"].map(String::from).to_vec();
    let v = Verdict::of(&typed, &held);
    assert_eq!(
        (
            v.delivered,
            v.lost(),
            v.duplicates,
            v.out_of_order,
            v.strangers
        ),
        (3, 1, 1, 1, 1)
    );
    assert_eq!(Verdict::of(&typed, &typed).lost(), 0);
}
