//! Accounts changed while their replies are being sent: one removed mid-send, its
//! name saved again on another server, then saved again on its own server, and the
//! other removed with replies queued and its name given to a new account back on the
//! first server. Both servers have the same conversations and the same token, so a
//! reply that went out through the wrong account would land.
//!
//! Ids key the outbox: whatever the names, a reply queued for one account goes out
//! only through that account's delivery, and the account saved again under its id
//! sends each of its replies exactly once, in the order typed (one cut off mid-send
//! is looked for on its server before anything is sent again).

mod under_faults;

use blinger_sim::{FaultKind, FaultPlan, FaultRule, SimConfig, SimHandle};
use deskbell_desk::outbox::{run_delivery, OutboxEvent, SystemClock};
use deskbell_desk::providers::BlingerProvider;
use deskbell_desk::{AccountId, ConvKey, Outbox, Payload, Provider, RetryPolicy};
use deskbell_transport::HttpConfig;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, Notify};
use tokio::task::JoinHandle;
use under_faults::{expected, on_server, reply};

const CONVERSATIONS: usize = 3;

/// One Blinger server with an operator and open conversations.
struct Server {
    sim: SimHandle,
    me: i64,
    conversations: Vec<i64>,
}

impl Server {
    async fn start() -> Self {
        let sim = under_faults::start_sim().await;
        // Its conversations wait for an answer to one customer message each.
        let operator = under_faults::Account::new(&sim, 0, CONVERSATIONS);
        Server {
            sim,
            me: operator.me,
            conversations: operator.conversations,
        }
    }

    /// Account `id`'s provider on this server, as a save builds it.
    fn provider(&self, id: &AccountId) -> Arc<dyn Provider> {
        let http = HttpConfig {
            timeout: Duration::from_secs(3),
            ..HttpConfig::default()
        };
        let token = SimConfig::default().token;
        let client = blinger::Client::with_config(token, &self.sim.api_base_url(), &http).unwrap();
        Arc::new(BlingerProvider::new(
            id.clone(),
            client,
            None,
            Some(self.me),
            vec![],
        ))
    }

    /// Every operator message this server holds, per conversation, in its order.
    fn received(&self) -> BTreeMap<i64, Vec<String>> {
        self.conversations
            .iter()
            .map(|c| (*c, on_server(&self.sim, *c)))
            .collect()
    }

    fn sends(&self) -> usize {
        self.received().values().map(Vec::len).sum()
    }
}

/// An account's delivery loop, as the app runs one per running account.
struct Delivery {
    task: JoinHandle<()>,
    wake: Arc<Notify>,
    _events: mpsc::UnboundedReceiver<OutboxEvent>,
}

fn policy() -> RetryPolicy {
    RetryPolicy {
        base: Duration::from_millis(10),
        cap: Duration::from_millis(100),
        jitter: 0.2,
    }
}

fn start(outbox: &Arc<Mutex<Outbox>>, provider: Arc<dyn Provider>) -> Delivery {
    let wake = Arc::new(Notify::new());
    let (tx, rx) = mpsc::unbounded_channel();
    let task = tokio::spawn(run_delivery(
        outbox.clone(),
        provider,
        wake.clone(),
        policy(),
        Arc::new(SystemClock),
        tx,
    ));
    Delivery {
        task,
        wake,
        _events: rx,
    }
}

impl Delivery {
    /// What removing or re-saving an account does: its task is dropped wherever it
    /// is, and a request it had out has an unknown outcome.
    /// Returns how many replies it had out.
    async fn stop(self, outbox: &Mutex<Outbox>, account: &AccountId) -> usize {
        self.task.abort();
        let _ = self.task.await;
        let requeued = outbox.lock().unwrap().requeue_in_flight(account).unwrap();
        requeued.len()
    }
}

/// What the operators typed, per server and conversation, in order.
#[derive(Default)]
struct Typed(BTreeMap<(usize, i64), Vec<String>>);

impl Typed {
    fn enqueue(&mut self, outbox: &Mutex<Outbox>, server: usize, key: ConvKey, n: usize) {
        let payload: Payload = reply(&key, n);
        let conversation = key.conversation.parse().unwrap();
        self.0
            .entry((server, conversation))
            .or_default()
            .push(expected(&payload));
        outbox.lock().unwrap().enqueue(key, payload, 0).unwrap();
    }

    fn on(&self, server: usize, conversations: &[i64]) -> BTreeMap<i64, Vec<String>> {
        conversations
            .iter()
            .map(|c| (*c, self.0.get(&(server, *c)).cloned().unwrap_or_default()))
            .collect()
    }
}

fn key(account: &AccountId, conversation: i64) -> ConvKey {
    ConvKey {
        account: account.clone(),
        conversation: conversation.to_string(),
    }
}

fn pending(outbox: &Mutex<Outbox>, account: &AccountId) -> usize {
    let outbox = outbox.lock().unwrap();
    outbox
        .entries()
        .iter()
        .filter(|e| &e.key.account == account)
        .count()
}

async fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replies_never_leave_through_another_accounts_server() {
    let (one, two) = (Server::start().await, Server::start().await);
    // The same conversation ids and operator on both: a wrong send would be accepted.
    assert_eq!(one.conversations, two.conversations);
    assert_eq!(one.me, two.me);
    let convs = one.conversations.clone();
    // Half the sends on server 1 answer late, so removal cuts some off mid-request.
    one.sim.set_faults(
        FaultPlan::new(vec![FaultRule::new(FaultKind::Delay { ms: 150 })
            .on(&["send-message", "send-note", "send-file-message"])
            .probability(0.5)])
        .with_seed(11),
    );
    let dir = tempfile::tempdir().unwrap();
    let outbox = Arc::new(Mutex::new(
        Outbox::open(dir.path().join("outbox.json")).unwrap(),
    ));
    let mut typed = Typed::default();
    // Every account here is named "Support": only their ids tell them apart.
    let a = AccountId::new("5b0e7c1e-0000-4000-8000-00000000000a");
    let b = AccountId::new("5b0e7c1e-0000-4000-8000-00000000000b");
    let c = AccountId::new("5b0e7c1e-0000-4000-8000-00000000000c");

    // A on server 1 sends; it is removed from the desk with replies still going out.
    let a_run = start(&outbox, one.provider(&a));
    for n in 0..12 {
        typed.enqueue(&outbox, 1, key(&a, convs[n % 2]), n);
    }
    a_run.wake.notify_one();
    wait_until("A sent three", || one.sends() >= 3).await;
    let in_flight = a_run.stop(&outbox, &a).await;
    let cut_off = pending(&outbox, &a);
    assert!(cut_off > 0, "A was removed with nothing left to send");

    // "Support" saved on server 2: a new account B, with A's replies still queued and
    // the operator typing in both.
    let b_run = start(&outbox, two.provider(&b));
    for n in 0..6 {
        typed.enqueue(&outbox, 2, key(&b, convs[n % 3]), n);
        typed.enqueue(&outbox, 1, key(&a, convs[n % 2]), 12 + n);
        b_run.wake.notify_one();
    }
    wait_until("B sent its six", || pending(&outbox, &b) == 0).await;
    for _ in 0..5 {
        b_run.wake.notify_one();
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(two.sends(), 6, "server 2 got more than B's replies");
    assert_eq!(pending(&outbox, &a), cut_off + 6, "A's replies moved");

    // A saved again on server 1 under its id, while B goes on sending.
    let a_run = start(&outbox, one.provider(&a));
    for n in 6..12 {
        typed.enqueue(&outbox, 2, key(&b, convs[n % 3]), n);
        b_run.wake.notify_one();
    }
    a_run.wake.notify_one();
    wait_until("A and B sent everything", || {
        outbox.lock().unwrap().entries().is_empty()
    })
    .await;

    // B removed with three replies queued; its name goes to a new account C on
    // server 1, which sends its own and none of B's.
    b_run.stop(&outbox, &b).await;
    for n in 12..15 {
        let typed_b = reply(&key(&b, convs[2]), n);
        outbox
            .lock()
            .unwrap()
            .enqueue(key(&b, convs[2]), typed_b, 0)
            .unwrap();
    }
    let c_run = start(&outbox, one.provider(&c));
    for n in 0..3 {
        typed.enqueue(&outbox, 1, key(&c, convs[2]), n);
        c_run.wake.notify_one();
    }
    wait_until("C sent its three", || pending(&outbox, &c) == 0).await;
    for _ in 0..5 {
        c_run.wake.notify_one();
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(pending(&outbox, &b), 3, "B's queued replies moved");
    a_run.stop(&outbox, &a).await;
    c_run.stop(&outbox, &c).await;

    // Each server holds exactly its own accounts' replies, each once, in order.
    assert_eq!(one.received(), typed.on(1, &convs), "server 1");
    assert_eq!(two.received(), typed.on(2, &convs), "server 2");
    println!(
        "sends: server 1 {} (A 18, C 3), server 2 {} (B 12); A removed with {cut_off} \
         pending ({in_flight} mid-request); B's 3 left queued, none sent",
        one.sends(),
        two.sends()
    );
}
