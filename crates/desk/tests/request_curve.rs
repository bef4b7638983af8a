//! The request curve of one desk: a real `BlingerProvider` polling and reading
//! the simulator in its documented shape (no last message in the lists), with
//! the app's budget split (polls 18 a minute at the 10 s default, reads what is
//! left of 30 after a reserve of 4 for the operator). Three phases: steady state,
//! a burst of 50 new conversations, and 1000 open conversations under *Mine*.
//!
//! Time runs `SCALE` times faster than real (intervals and rates scaled alike);
//! the figures are per *scaled* minute, so they read as requests a real minute.
//! `request_curve_in_real_time` (ignored) runs the same at scale 1.

use blinger_sim::{Author, ConversationStatus, NewConversation, SeedMessage, SimConfig, SimHandle};
use deskbell_desk::peek::{Budget, Reader};
use deskbell_desk::providers::BlingerProvider;
use deskbell_desk::{
    AccountId, ConvKey, Inbox, InboxItem, ListName, NotifyConfig, NotifyPolicy, Poller,
    PollerConfig, Provider,
};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Notify;

/// The app's figures (crates/runtime/src/reads.rs): 30 a minute in all, polls 18.
const BUDGET: u32 = 30;
const READS_PER_MIN: u32 = 8;
const POLL_SECS: f64 = 10.0;

struct Desk {
    sim: SimHandle,
    inbox: Arc<Mutex<Inbox>>,
    account: AccountId,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Drop for Desk {
    fn drop(&mut self) {
        self.tasks.iter().for_each(|t| t.abort());
    }
}

async fn desk(scale: u32, seed: impl FnOnce(&SimHandle, i64) -> Vec<InboxItem>) -> Desk {
    let sim = blinger_sim::start("127.0.0.1:0".parse().unwrap(), SimConfig::default())
        .await
        .unwrap();
    let me = sim.store().add_operator("Olga", "olga@example.com");
    let account = AccountId::new("acme");
    let cached = seed(&sim, me);
    let client =
        blinger::Client::with_base_url(SimConfig::default().token.as_str(), &sim.api_base_url())
            .unwrap();
    let provider: Arc<dyn Provider> = Arc::new(BlingerProvider::new(
        account.clone(),
        client,
        None,
        Some(me),
        vec![],
    ));
    let mut inbox = Inbox::new();
    inbox.apply_list(&account, ListName::Mine, cached, false);
    let inbox = Arc::new(Mutex::new(inbox));
    let policy = Arc::new(Mutex::new(NotifyPolicy::new(NotifyConfig::default())));
    let poller = Poller::new(
        provider.clone(),
        inbox.clone(),
        policy.clone(),
        PollerConfig {
            interval: Duration::from_secs_f64(POLL_SECS / f64::from(scale)),
            budget_per_min: 20 * scale,
            ..PollerConfig::default()
        },
    );
    let wake = Arc::new(Notify::new());
    let reader = Reader {
        provider,
        inbox: inbox.clone(),
        policy,
        budget: Arc::new(Mutex::new(Budget::new(READS_PER_MIN * scale, 3))),
        me: Some(me.to_string()),
        notes: Arc::new(|_: &ConvKey| HashSet::new()),
        wake: wake.clone(),
        gate: None,
    };
    let (poll_tx, mut poll_rx) = tokio::sync::mpsc::unbounded_channel();
    let (read_tx, mut read_rx) = tokio::sync::mpsc::unbounded_channel();
    let tasks = vec![
        tokio::spawn(poller.run(poll_tx)),
        tokio::spawn(reader.run(read_tx)),
        // The app wakes the reader after each poll.
        tokio::spawn(async move {
            while poll_rx.recv().await.is_some() {
                wake.notify_one();
            }
        }),
        tokio::spawn(async move { while read_rx.recv().await.is_some() {} }),
    ];
    Desk {
        sim,
        inbox,
        account,
        tasks,
    }
}

fn conversation(status: ConversationStatus, operator: Option<i64>, unread: i64) -> NewConversation {
    NewConversation {
        status,
        operator_id: operator,
        unread,
        ..NewConversation::default()
    }
}

/// A working day's inbox: 8 unassigned, 6 unread, 6 answered but open.
fn steady_inbox(sim: &SimHandle, me: i64) {
    let store = sim.store();
    for i in 0..20 {
        let (status, op, unread) = match i {
            0..8 => (ConversationStatus::Unassigned, None, 0),
            8..14 => (ConversationStatus::Inbox, Some(me), 1),
            _ => (ConversationStatus::Inbox, Some(me), 0),
        };
        let id = store.add_conversation(conversation(status, op, unread));
        store.add_message(id, SeedMessage::new(Author::Customer, format!("hello {i}")));
        if i >= 14 {
            store.add_message(id, SeedMessage::new(Author::Operator(me), "answered"));
        }
    }
}

fn total(sim: &SimHandle) -> u64 {
    sim.store().request_counts().values().sum()
}

/// Requests in each of `minutes` scaled minutes. A loaded machine may wake late:
/// each count is taken over the window's real length, as a rate per scaled minute.
async fn curve(desk: &Desk, scale: u32, minutes: usize) -> Vec<u64> {
    let minute = Duration::from_secs_f64(60.0 / f64::from(scale));
    let mut out = Vec::new();
    let mut before = total(&desk.sim);
    for _ in 0..minutes {
        let started = std::time::Instant::now();
        tokio::time::sleep(minute).await;
        let now = total(&desk.sim);
        let windows = started.elapsed().as_secs_f64() / minute.as_secs_f64();
        out.push(((now - before) as f64 / windows).round() as u64);
        before = now;
    }
    out
}

fn previews_missing(desk: &Desk) -> usize {
    desk.inbox
        .lock()
        .unwrap()
        .items_of(&desk.account)
        .filter(|i| i.preview.is_empty())
        .count()
}

async fn run_curve(scale: u32) {
    // Steady state, then a burst of 50 new conversations.
    let d = desk(scale, |sim, me| {
        steady_inbox(sim, me);
        Vec::new()
    })
    .await;
    let warm_up = curve(&d, scale, 3).await;
    let steady = curve(&d, scale, 3).await;
    assert_eq!(previews_missing(&d), 0, "every row has its preview");
    for i in 0..50 {
        d.sim.store().new_customer_conversation(
            "telegrambot",
            &format!("Burst {i}"),
            "Hi, I need help",
        );
    }
    let burst = curve(&d, scale, 9).await;
    let missing_after_burst = previews_missing(&d);
    eprintln!("request curve (scale {scale}): warm-up {warm_up:?}, steady {steady:?}, burst of 50 {burst:?}, previews missing after it {missing_after_burst}");
    for (phase, minutes) in [
        ("warm-up", &warm_up),
        ("steady", &steady),
        ("burst", &burst),
    ] {
        // A scaled minute may catch one extra request at its edges.
        let worst = minutes.iter().max().copied().unwrap_or(0);
        assert!(
            worst <= u64::from(BUDGET) + 1,
            "{phase}: {minutes:?} over {BUDGET} a minute"
        );
    }
    assert!(
        steady.iter().all(|m| *m <= 19),
        "steady state is the polls alone: {steady:?}"
    );
    assert_eq!(missing_after_burst, 0, "50 previews within 9 minutes");
    drop(d);

    // 1000 conversations under Mine (answered, in no server list), all due.
    let d = desk(scale, |sim, me| {
        let store = sim.store();
        (0..1000)
            .map(|i| {
                let id =
                    store.add_conversation(conversation(ConversationStatus::Inbox, Some(me), 0));
                store.add_message(id, SeedMessage::new(Author::Operator(me), "answered"));
                let mut item = InboxItem::new(
                    ConvKey::new("acme", id.to_string()),
                    format!("Mine {i}"),
                    "viber",
                );
                item.status = deskbell_desk::Status::Open;
                item.preview = "answered".into();
                item
            })
            .collect()
    })
    .await;
    let mine = curve(&d, scale, 4).await;
    eprintln!("request curve (scale {scale}): 1000 under Mine {mine:?}");
    let worst = mine.iter().max().copied().unwrap_or(0);
    assert!(worst <= u64::from(BUDGET) + 1, "Mine: {mine:?}");
    // Reads use their share (at least half of it, on a loaded machine).
    let reads = mine
        .iter()
        .sum::<u64>()
        .saturating_sub(18 * mine.len() as u64);
    assert!(
        reads >= u64::from(READS_PER_MIN) * mine.len() as u64 / 2,
        "{mine:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_curve_stays_in_budget() {
    run_curve(10).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "about 20 minutes: the same at real speed"]
async fn request_curve_in_real_time() {
    run_curve(1).await;
}
