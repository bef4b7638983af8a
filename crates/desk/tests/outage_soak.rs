//! Outage soak: the server is unreachable (its port closed: connections refused)
//! for 1, 5, 15 and 60 minutes while operators of two accounts type replies into
//! six conversations; when it listens again, every reply must reach it exactly
//! once, in the order typed, with nobody pressing Retry. One reply is in flight
//! when the server goes away (stored, its answer never sent), so the desk must read
//! the conversation back rather than send it again.
//!
//! Each account runs as in the app: a request gate in front of the real Blinger
//! adapter, the poller (its backoff holds the gate while the server cannot be
//! reached), the delivery loop, and the poll pump that resumes waiting replies on
//! `Recovered`. The second pass adds the app's reachability probe (a TCP connect
//! every 10 s to an offline account's server, `crates/runtime/src/wake.rs`).
//!
//! Time is compressed: every duration of the app's policies (poll interval and
//! backoff, retry base and cap, probe tick) and the outage lengths are divided by
//! the same factor, 600 in the suite and 60 for the figures in docs/benchmarks.md:
//! `cargo test -p deskbell-desk --test outage_soak -- --ignored --nocapture`.

mod soak;
mod under_faults;

use blinger_sim::{FaultKind, FaultPlan, FaultRule};
use deskbell_desk::outbox::{Clock, SystemClock};
use deskbell_desk::{ConvKey, Outbox, PollerConfig, RetryPolicy};
use soak::forwarder::Forwarder;
use soak::{resume, wait_for, Desk, Running, Tapped, Verdict};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use under_faults::{expected, on_server, reply, Account, Tally};

const ACCOUNTS: usize = 2;
const CONVERSATIONS: usize = 3;
const REPLIES_PER_CONVERSATION: usize = 8;
const OUTAGES_MIN: [u64; 4] = [1, 5, 15, 60];
/// The first reply's answer is held back this long after the simulator stored it;
/// the server goes away meanwhile.
const HELD_ANSWER_MS: u64 = 300;
/// The app's probe tick (`wake.rs`).
const PROBE_TICK: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Recovery {
    /// The poller's own backoff finds the server again.
    Polls,
    /// The reachability probe as well, as in the app.
    PollsAndProbe,
}

/// App durations divided by a factor.
#[derive(Debug, Clone, Copy)]
struct Scale(f64);

impl Scale {
    fn real(self, app: Duration) -> Duration {
        app.div_f64(self.0)
    }

    fn app(self, real: Duration) -> Duration {
        real.mul_f64(self.0)
    }

    fn retry(self) -> RetryPolicy {
        let app = RetryPolicy::default();
        RetryPolicy {
            base: self.real(app.base),
            cap: self.real(app.cap),
            jitter: app.jitter,
        }
    }

    fn polls(self) -> PollerConfig {
        let app = PollerConfig::default();
        PollerConfig {
            interval: self.real(app.interval),
            max_backoff: self.real(app.max_backoff),
            budget_per_min: (f64::from(app.budget_per_min) * self.0) as u32,
        }
    }

    /// Longest wait the app's policies allow once the server is back: a capped
    /// poll backoff with its jitter, a retry's cap.
    fn longest_wait(self) -> Duration {
        let polls = self.polls();
        polls.max_backoff.mul_f64(1.0 + deskbell_desk::gate::JITTER) + polls.interval
    }
}

struct Row {
    recovery: Recovery,
    minutes: u64,
    verdict: Verdict,
    /// Server listening again → the first request that got an answer.
    back_to_answer: Duration,
    /// Server listening again → the last reply on the server.
    back_to_done: Duration,
    /// Requests the desk tried while the server was down: polls, delivery.
    polls_during: usize,
    delivery_during: usize,
    probes_during: usize,
    tally: Tally,
}

impl Row {
    fn print(&self, scale: Scale) {
        let v = &self.verdict;
        println!(
            "| {:?} | {} min | {} | {} | {} | {} | {} | {:.1?} ({:.0?} app) | {:.1?} | {} polls + {} delivery ({} probes) | {} |",
            self.recovery,
            self.minutes,
            v.typed,
            v.delivered,
            v.duplicates,
            v.out_of_order,
            v.lost(),
            self.back_to_answer,
            scale.app(self.back_to_answer),
            self.back_to_done,
            self.polls_during,
            self.delivery_during,
            self.probes_during,
            self.tally.reconciled,
        );
    }
}

async fn outage(scale: Scale, minutes: u64, recovery: Recovery) -> Row {
    let sim = under_faults::start_sim().await;
    let forwarder = Forwarder::start(sim.addr()).await;
    let accounts: Vec<Account> = (0..ACCOUNTS)
        .map(|i| Account::behind(&sim, i, CONVERSATIONS, &forwarder.api_url()))
        .collect();
    let (desk, mut reports) = Desk::new();
    let tally = Arc::new(Mutex::new(Tally::default()));
    let tally_task = {
        let tally = tally.clone();
        tokio::spawn(async move {
            while let Some(event) = reports.recv().await {
                tally.lock().unwrap().add(&event);
            }
        })
    };
    let running: Vec<Arc<Running>> = accounts
        .iter()
        .map(|a| {
            let tapped = Arc::new(Tapped::new(a.provider.clone()));
            Arc::new(desk.start(tapped, scale.polls(), scale.retry()))
        })
        .collect();
    for r in &running {
        r.loaded().await;
    }
    let probes = Arc::new(AtomicUsize::new(0));
    let probe_task = (recovery == Recovery::PollsAndProbe).then(|| {
        tokio::spawn(probe(
            scale.real(PROBE_TICK),
            forwarder.addr(),
            running.clone(),
            desk.outbox.clone(),
            probes.clone(),
        ))
    });

    let mut typed: HashMap<i64, Vec<String>> = HashMap::new();
    let mut plan = Vec::new();
    for n in 0..REPLIES_PER_CONVERSATION {
        for (a, account) in accounts.iter().enumerate() {
            for &c in &account.conversations {
                let key = account.key(c);
                let payload = reply(&key, n);
                typed.entry(c).or_default().push(expected(&payload));
                plan.push((a, key, payload));
            }
        }
    }
    let mut plan = plan.into_iter();

    // The first reply is stored, and the server goes away before answering.
    sim.set_faults(FaultPlan::new(vec![FaultRule::new(FaultKind::Delay {
        ms: HELD_ANSWER_MS,
    })
    .on(&["send-message", "send-note", "send-file-message"])
    .times(1)]));
    let (a, key, payload) = plan.next().unwrap();
    let first = (conversation(&key), expected(&payload));
    type_reply(&desk.outbox, &running[a], key, payload);
    wait_for(
        "the first reply stored",
        Duration::from_millis(HELD_ANSWER_MS),
        || on_server(&sim, first.0).contains(&first.1),
    )
    .await;
    forwarder.down().await;
    let down_at = Instant::now();
    sim.set_faults(FaultPlan::none());
    let probes_before = probes.load(Ordering::Relaxed);

    // The rest is typed during the first half of the outage.
    let length = scale.real(Duration::from_secs(minutes * 60));
    let rest: Vec<_> = plan.collect();
    let gap = length / 2 / rest.len() as u32;
    for (a, key, payload) in rest {
        type_reply(&desk.outbox, &running[a], key, payload);
        tokio::time::sleep(gap).await;
    }
    tokio::time::sleep_until((down_at + length).into()).await;
    forwarder.up().await;
    let up_at = Instant::now();
    let probes_during = probes.load(Ordering::Relaxed) - probes_before;

    let all_there = || {
        let v = Verdict::held(&sim, &typed);
        v.delivered == v.typed
    };
    let limit = scale.longest_wait() + Duration::from_secs(5);
    wait_for("every reply on the server", limit, all_there).await;
    let back_to_done = up_at.elapsed();
    wait_for("the outbox empty", Duration::from_secs(5), || {
        desk.pending() == 0
    })
    .await;

    let during: Vec<_> = running
        .iter()
        .flat_map(|r| r.tapped.started_between(down_at, up_at))
        .collect();
    let polls_during = during.iter().filter(|c| c.what == "fetch_lists").count();
    let first_answer = running
        .iter()
        .flat_map(|r| r.tapped.calls())
        .filter(|c| c.started >= up_at && c.error.is_none())
        .filter_map(|c| c.ended)
        .min()
        .expect("the server answered");
    if let Some(task) = probe_task {
        task.abort();
    }
    drop(running);
    drop(desk);
    tally_task.await.unwrap();
    let tally = std::mem::take(&mut *tally.lock().unwrap());
    Row {
        recovery,
        minutes,
        verdict: Verdict::held(&sim, &typed),
        back_to_answer: first_answer - up_at,
        back_to_done,
        polls_during,
        delivery_during: during.len() - polls_during,
        probes_during,
        tally,
    }
}

fn conversation(key: &ConvKey) -> i64 {
    key.conversation.parse().unwrap()
}

/// The operator hits send: the reply is saved and the account's delivery woken.
fn type_reply(
    outbox: &Mutex<Outbox>,
    account: &Running,
    key: ConvKey,
    payload: deskbell_desk::Payload,
) {
    let now = SystemClock.now_ms();
    outbox.lock().unwrap().enqueue(key, payload, now).unwrap();
    account.wake.notify_one();
}

/// The app's reachability probe (`wake.rs`): every tick, an offline account's
/// server gets a TCP connect; if it answers, the gate's backoff ends, the account
/// polls and its waiting replies go.
async fn probe(
    tick: Duration,
    server: SocketAddr,
    accounts: Vec<Arc<Running>>,
    outbox: Arc<Mutex<Outbox>>,
    probes: Arc<AtomicUsize>,
) {
    loop {
        tokio::time::sleep(tick).await;
        for r in accounts.iter().filter(|r| r.status.borrow().offline) {
            probes.fetch_add(1, Ordering::Relaxed);
            if tokio::net::TcpStream::connect(server).await.is_ok() {
                r.gate.reachable_again();
                r.resync.resync_now();
                resume(&outbox, &r.id, &r.wake);
            }
        }
    }
}

async fn soak(scale: Scale) {
    println!(
        "compressed {}×: retry {:?}, polls {:?}",
        scale.0,
        scale.retry(),
        scale.polls()
    );
    println!("| recovery | outage | K | delivered | duplicates | out of order | lost | back → first answer | back → last delivered | tried while down | read back |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for recovery in [Recovery::Polls, Recovery::PollsAndProbe] {
        for minutes in OUTAGES_MIN {
            let row = outage(scale, minutes, recovery).await;
            row.print(scale);
            let v = row.verdict;
            assert_eq!(
                (v.lost(), v.duplicates, v.out_of_order, v.strangers),
                (0, 0, 0, 0),
                "{v:?}"
            );
            assert_eq!(v.typed, ACCOUNTS * CONVERSATIONS * REPLIES_PER_CONVERSATION);
            assert_eq!(row.tally.failed, 0, "no reply may wait for the operator");
            assert_eq!(row.tally.storage_errors, 0);
            assert!(row.tally.reconciled >= 1, "the reply cut off was read back");
            assert!(row.polls_during > 0 && row.delivery_during > 0);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replies_wait_out_outages_and_go_once_in_order_without_the_operator() {
    soak(Scale(600.0)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "about four minutes; its figures are in docs/benchmarks.md"]
async fn outage_soak_a_minute_per_second() {
    soak(Scale(60.0)).await;
}
