//! The outbox through the real Blinger adapter and client, against the real
//! simulator failing about 30 % of sends and reads in every way it can: 5xx (as an
//! envelope and as a proxy's HTML page), 429 with `Retry-After`, answers slower than
//! the client's timeout, connection resets, truncated bodies and HTML instead of
//! JSON. The last four happen *after* the server applied the request, which is the
//! case that tempts a sender to send twice.
//!
//! 1000 replies over 50 conversations of 5 operator accounts, typed while one
//! delivery loop per account (as the app runs them) sends them, at most 100 pending
//! at a time, while customers keep writing. The simulator's own
//! state is the judge: every reply there exactly once, in the order typed. Then,
//! with the faults gone, one poll brings the inbox in line with the server.
//!
//! The same run without faults gives the baseline; both print their times and the
//! process's memory (the figures in docs/benchmarks.md come from here).

mod under_faults;

use blinger_sim::{ConversationStatus, FaultPlan, SimHandle};
use deskbell_desk::outbox::{run_delivery, Clock, EntryState, SystemClock};
use deskbell_desk::peek::{next_to_read, with_text, Budget, Reader};
use deskbell_desk::{
    ConvKey, Inbox, ListName, Notification, NotifyConfig, NotifyPolicy, Outbox, Payload, PollEvent,
    Poller, PollerConfig, Provider, RetryPolicy,
};
use rand::{Rng, SeedableRng};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, Notify};
use under_faults::{every_fault, expected, memory_kib, on_server, reply, Account, Tally};

const ACCOUNTS: usize = 5;
const CONVERSATIONS_PER_ACCOUNT: usize = 10;
const REPLIES: usize = 1000;
const FAULT_RATE: f64 = 0.3;
/// Pending replies at most: a busy team's outbox after a network hiccup, not a
/// thousand at once (every outbox write rewrites the whole file, see
/// docs/benchmarks.md).
const BACKLOG: usize = 100;
/// Longest a run may take before it counts as stuck.
const DEADLINE: Duration = Duration::from_secs(150);

/// Short waits so the run finishes in seconds; the decisions are the app's own.
/// Short delays: at 30 % a few replies fail several times in a row.
fn policy() -> RetryPolicy {
    RetryPolicy {
        base: Duration::from_millis(10),
        cap: Duration::from_millis(200),
        jitter: 0.2,
    }
}

fn seed() -> u64 {
    std::env::var("DESK_FAULT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_240_611)
}

struct Run {
    sim: SimHandle,
    accounts: Vec<Account>,
    _dir: tempfile::TempDir,
    outbox: Arc<Mutex<Outbox>>,
    inbox: Arc<Mutex<Inbox>>,
    pollers: Vec<Poller>,
    /// One per account, as the app runs them: rows' previews come from reads.
    readers: Vec<Reader>,
    /// Per conversation, what the operator typed, in order.
    typed: HashMap<i64, Vec<String>>,
}

impl Run {
    async fn new() -> Self {
        let sim = under_faults::start_sim().await;
        let accounts: Vec<Account> = (0..ACCOUNTS)
            .map(|i| Account::new(&sim, i, CONVERSATIONS_PER_ACCOUNT))
            .collect();
        let dir = tempfile::tempdir().unwrap();
        let outbox = Outbox::open(dir.path().join("outbox.json")).unwrap();
        let inbox = Arc::new(Mutex::new(Inbox::new()));
        let policy = Arc::new(Mutex::new(NotifyPolicy::new(NotifyConfig::default())));
        let pollers = accounts
            .iter()
            .map(|a| {
                let provider: Arc<dyn Provider> = a.provider.clone();
                Poller::new(
                    provider,
                    inbox.clone(),
                    policy.clone(),
                    PollerConfig::default(),
                )
            })
            .collect();
        let outbox = Arc::new(Mutex::new(outbox));
        let readers = accounts
            .iter()
            .map(|a| {
                let notes = outbox.clone();
                Reader {
                    provider: a.provider.clone(),
                    inbox: inbox.clone(),
                    policy: policy.clone(),
                    budget: Arc::new(Mutex::new(Budget::new(60_000, 1000))),
                    me: Some(a.me.to_string()),
                    notes: Arc::new(move |k: &ConvKey| notes.lock().unwrap().note_ids(k)),
                    wake: Arc::new(Notify::new()),
                    gate: None,
                }
            })
            .collect();
        Run {
            sim,
            accounts,
            _dir: dir,
            outbox,
            inbox,
            pollers,
            readers,
            typed: HashMap::new(),
        }
    }

    /// The notifications as the app shows them: each worded from a read of its
    /// conversation, and none for a row that moved for the operator's reply.
    async fn worded(&self, told: Vec<Notification>) -> Vec<Notification> {
        let mut shown = Vec::new();
        for n in told {
            let i = self
                .accounts
                .iter()
                .position(|a| a.id == n.key.account)
                .unwrap();
            let (n, _) = with_text(&self.readers[i], n, Duration::from_secs(5)).await;
            shown.extend(n);
        }
        shown
    }

    /// Reads every row the reader would read.
    async fn read_all(&self) {
        let now = SystemClock.now_ms() / 1000;
        for (account, reader) in self.accounts.iter().zip(&self.readers) {
            loop {
                let next = {
                    let inbox = self.inbox.lock().unwrap();
                    next_to_read(inbox.items_of(&account.id), now, &HashSet::new())
                };
                let Some(key) = next else { break };
                reader.read(&key).await.expect("a read with no faults");
            }
        }
    }

    /// One poll of every account; returns what the operators were told.
    async fn poll_all(&self) -> Vec<Notification> {
        let mut told = Vec::new();
        for poller in &self.pollers {
            match poller.tick().await.expect("a poll with no faults") {
                PollEvent::Updated { notifications, .. } => told.extend(notifications),
                other => panic!("{other:?}"),
            }
        }
        told
    }

    /// The replies, round-robin over all conversations, in the order they are typed.
    fn replies(&mut self) -> Vec<(usize, ConvKey, Payload)> {
        let conversations: Vec<(usize, i64)> = self
            .accounts
            .iter()
            .enumerate()
            .flat_map(|(a, acct)| acct.conversations.iter().map(move |c| (a, *c)))
            .collect();
        (0..REPLIES)
            .map(|i| {
                let (a, conversation) = conversations[i % conversations.len()];
                let key = self.accounts[a].key(conversation);
                let payload = reply(&key, i / conversations.len());
                self.typed
                    .entry(conversation)
                    .or_default()
                    .push(expected(&payload));
                (a, key, payload)
            })
            .collect()
    }

    /// The operators type every reply while one delivery loop per account sends
    /// them, until the outbox is empty. A reply that failed for good is retried, as
    /// the operator would; none is expected.
    async fn deliver(&mut self) -> (Duration, Tally) {
        let replies = self.replies();
        let started = Instant::now();
        let (tx, mut rx) = mpsc::unbounded_channel();
        let wakes: Vec<Arc<Notify>> = self.accounts.iter().map(|_| Arc::default()).collect();
        let loops: Vec<_> = self
            .accounts
            .iter()
            .zip(&wakes)
            .map(|(account, wake)| {
                tokio::spawn(run_delivery(
                    self.outbox.clone(),
                    account.provider.clone(),
                    wake.clone(),
                    policy(),
                    Arc::new(SystemClock),
                    tx.clone(),
                ))
            })
            .collect();
        drop(tx);
        let typist = tokio::spawn(type_replies(self.outbox.clone(), replies, wakes.clone()));
        let chatter = tokio::spawn(customers_keep_writing(self.sim.store(), self.ids()));
        let mut tally = Tally::default();
        let mut tick = tokio::time::interval(Duration::from_millis(20));
        while tally.sent < REPLIES as u64 {
            tokio::select! {
                Some(event) = rx.recv() => tally.add(&event),
                _ = tick.tick() => {
                    assert!(started.elapsed() < DEADLINE, "stuck: {tally:#?} {:#?}",
                        self.outbox.lock().unwrap().entries().first());
                    if self.retry_failed() {
                        wakes.iter().for_each(|w| w.notify_one());
                    }
                }
            }
        }
        let elapsed = started.elapsed();
        typist.await.unwrap();
        chatter.abort();
        assert!(self.outbox.lock().unwrap().entries().is_empty());
        drop(rx);
        for task in loops {
            tokio::time::timeout(Duration::from_secs(5), task)
                .await
                .expect("delivery loops stop when their events are no longer read")
                .unwrap();
        }
        (elapsed, tally)
    }

    fn retry_failed(&self) -> bool {
        let mut outbox = self.outbox.lock().unwrap();
        let failed: Vec<_> = outbox
            .entries()
            .iter()
            .filter(|e| matches!(e.state, EntryState::Failed { .. }))
            .map(|e| e.id)
            .collect();
        for id in &failed {
            outbox.retry(*id).unwrap();
        }
        !failed.is_empty()
    }

    fn ids(&self) -> Vec<i64> {
        self.accounts
            .iter()
            .flat_map(|a| a.conversations.iter().copied())
            .collect()
    }

    /// The simulator holds every reply exactly once, in the order typed.
    fn assert_exactly_once_in_order(&self) {
        let (mut lost, mut doubled, mut misordered) = (0, 0, 0);
        for id in self.ids() {
            let typed = &self.typed[&id];
            let held = on_server(&self.sim, id);
            for text in typed {
                match held.iter().filter(|h| *h == text).count() {
                    0 => lost += 1,
                    n => doubled += n - 1,
                }
            }
            misordered += usize::from(&held != typed && held.len() == typed.len());
        }
        println!("  lost {lost}, duplicated {doubled}, conversations out of order {misordered}");
        assert_eq!((lost, doubled, misordered), (0, 0, 0));
        let total: usize = self
            .ids()
            .iter()
            .map(|id| on_server(&self.sim, *id).len())
            .sum();
        assert_eq!(total, REPLIES, "nothing but the typed replies was sent");
    }

    /// Each row, and each list's membership, says what the server says.
    fn assert_inbox_matches_server(&self) {
        let inbox = self.inbox.lock().unwrap();
        for account in &self.accounts {
            for &id in &account.conversations {
                let server = self.sim.store().conversation(id).unwrap();
                let mine = server.status == ConversationStatus::Inbox
                    && server.operator_id == Some(account.me);
                let mut lists = BTreeSet::new();
                if mine && server.unread_count > 0 {
                    lists.insert(ListName::Unread);
                }
                if mine && server.waiting_operator_response {
                    lists.insert(ListName::NotAnswered);
                }
                let key = account.key(id);
                let Some(item) = inbox.get(&key) else {
                    assert!(lists.is_empty(), "{key} missing from the inbox");
                    continue;
                };
                // Once seen as the operator's, it stays under Mine while it is.
                if mine {
                    lists.insert(ListName::Mine);
                }
                assert_eq!(item.lists, lists, "{key}");
                assert_eq!(i64::from(item.unread), server.unread_count, "{key}");
                assert_eq!(Some(item.last_activity), server.last_message_date, "{key}");
                let last = server.last_visible_message().unwrap();
                assert_eq!(item.preview, last.text, "{key}");
                assert_eq!(item.last_incoming, !last.is_outgoing, "{key}");
            }
        }
    }
}

/// Types the replies as fast as an outbox of at most [`BACKLOG`] pending replies
/// allows, waking the account's delivery after each, as the app's send command does.
async fn type_replies(
    outbox: Arc<Mutex<Outbox>>,
    replies: Vec<(usize, ConvKey, Payload)>,
    wakes: Vec<Arc<Notify>>,
) {
    for (account, key, payload) in replies {
        while outbox.lock().unwrap().entries().len() >= BACKLOG {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let now = SystemClock.now_ms();
        outbox.lock().unwrap().enqueue(key, payload, now).unwrap();
        wakes[account].notify_one();
    }
}

/// Customers write now and then while the replies go out: the reconcile reads see
/// threads that move, as real ones do.
async fn customers_keep_writing(store: blinger_sim::Store, conversations: Vec<i64>) {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed());
    for n in 0.. {
        tokio::time::sleep(Duration::from_millis(40)).await;
        let id = conversations[rng.random_range(0..conversations.len())];
        store.customer_writes(id, &format!("customer message {n}"));
    }
}

async fn scenario(label: &str, faults: Option<FaultPlan>) -> Duration {
    let (rss_before, _) = memory_kib();
    let mut run = Run::new().await;
    run.poll_all().await;
    if let Some(plan) = faults {
        run.sim.set_faults(plan);
    }
    let (took, tally) = run.deliver().await;
    run.sim.set_faults(FaultPlan::none());
    let (rss_after, hwm) = memory_kib();
    let requests = run.sim.store().request_counts();
    println!("{label}: {REPLIES} replies typed and delivered in {took:.2?}");
    println!("  events: {tally:?}");
    println!("  requests: {requests:?}");
    println!("  VmRSS {rss_before} KiB before, {rss_after} KiB after (peak {hwm} KiB)");
    run.assert_exactly_once_in_order();
    assert_eq!(tally.sent as usize, REPLIES);
    assert_eq!(tally.storage_errors, 0);
    let told = run.poll_all().await;
    let told = run.worded(told).await;
    run.read_all().await;
    run.assert_inbox_matches_server();
    // Only customers' messages are news, never the operators' own replies.
    println!("  notified after delivery: {}", told.len());
    assert!(
        told.iter().all(|n| n.body.starts_with("customer message")),
        "{told:#?}"
    );
    took
}

/// One test, so the two runs never share the machine (or the process's memory
/// figures) with each other.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_replies_exactly_once_in_order_through_every_fault() {
    scenario("without faults", None).await;
    let faulty = scenario("with ~30 % faults", Some(every_fault(FAULT_RATE, seed()))).await;
    assert!(faulty < DEADLINE);
}
