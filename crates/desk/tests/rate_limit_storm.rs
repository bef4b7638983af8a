//! A 429 storm: the server answers one request with 429 and `Retry-After`, while
//! the account polls and has replies waiting. Whichever request was refused, the
//! whole account must keep quiet until the time is up: no poll, no send, no read.
//!
//! Two storms run side by side, each against its own simulator: the 429 answers a
//! poll (the outbox is busy delivering) or a send (the poller keeps its interval).
//! The count is the simulator's own, of every API request, from the moment the
//! desk had the 429 until `Retry-After` later; requests already under way at that
//! moment are reported apart (a poll reads three lists in a row).
//!
//! The suite uses `Retry-After: 3` and a 1 s poll interval; the figures in
//! docs/benchmarks.md come from the full minute with the app's 10 s interval:
//! `cargo test -p deskbell-desk --test rate_limit_storm -- --ignored --nocapture`.

mod soak;
mod under_faults;

use blinger_sim::{FaultKind, FaultPlan, FaultRule};
use deskbell_desk::outbox::{Clock, SystemClock};
use deskbell_desk::{PollerConfig, RetryPolicy};
use deskbell_transport::ErrorKind;
use soak::{wait_for, Desk, Tapped, Verdict};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use under_faults::{expected, reply, Account};

const CONVERSATIONS: usize = 4;
const REPLIES_PER_CONVERSATION: usize = 5;

/// Which request gets the 429.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refused {
    /// The first poll's first list.
    Poll,
    /// The first send.
    Send,
    /// The first send, while a poll is under way: the simulator holds the poll's
    /// `unread` answer back 350 ms, and delivery starts 150 ms late (its first
    /// `get` is as slow), so the 429 comes between the poll's second and third list.
    SendMidPoll,
}

impl Refused {
    fn faults(self, retry_after: Duration) -> FaultPlan {
        let limit = |endpoint| {
            FaultRule::new(FaultKind::RateLimit {
                retry_after_secs: retry_after.as_secs(),
            })
            .on(&[endpoint])
            .times(1)
        };
        let slow = |endpoint, ms| {
            FaultRule::new(FaultKind::Delay { ms })
                .on(&[endpoint])
                .times(1)
        };
        FaultPlan::new(match self {
            Refused::Poll => vec![limit("unassigned")],
            Refused::Send => vec![limit("send-message")],
            Refused::SendMidPoll => {
                vec![limit("send-message"), slow("unread", 350), slow("get", 150)]
            }
        })
    }
}

/// When the desk had the 429, the simulator's request count then, and which call
/// was refused.
type Seen = (Instant, u64, &'static str);

struct Storm {
    refused: Refused,
    retry_after: Duration,
    /// API requests the simulator received in the window.
    received: u64,
    /// Of the desk's calls, those started in the window (after it had the 429).
    started: usize,
    /// Calls under way when the 429 arrived, and how many requests they could
    /// still make.
    under_way: usize,
    allowance: usize,
    /// From the 429 to the next call the desk made.
    quiet: Duration,
    verdict: Verdict,
}

async fn storm(refused: Refused, retry_after: Duration, polls: PollerConfig) -> Storm {
    let sim = under_faults::start_sim().await;
    let account = Account::new(&sim, 0, CONVERSATIONS);
    let (desk, _reports) = Desk::new();
    let mut typed: HashMap<i64, Vec<String>> = HashMap::new();
    for n in 0..REPLIES_PER_CONVERSATION {
        for &c in &account.conversations {
            let payload = reply(&account.key(c), n);
            typed.entry(c).or_default().push(expected(&payload));
            let now = SystemClock.now_ms();
            let mut outbox = desk.outbox.lock().unwrap();
            outbox.enqueue(account.key(c), payload, now).unwrap();
        }
    }
    sim.set_faults(refused.faults(retry_after));

    // The moment the desk has the 429, and what the simulator had received by then.
    let seen: Arc<Mutex<Option<Seen>>> = Arc::default();
    let hook = {
        let (seen, store) = (seen.clone(), sim.store());
        Box::new(
            move |what: &'static str, _: Option<&_>, e: &deskbell_transport::Error| {
                let mut seen = seen.lock().unwrap();
                if e.kind() == ErrorKind::RateLimited && seen.is_none() {
                    *seen = Some((Instant::now(), store.request_count("all"), what));
                }
            },
        )
    };
    let tapped = Arc::new(Tapped::new(account.provider.clone()).on_error(hook));
    let running = desk.start(tapped.clone(), polls, RetryPolicy::default());
    let got_429 = || seen.lock().unwrap().is_some();
    wait_for("a 429", Duration::from_secs(10), got_429).await;
    let (at, before, refused_call) = seen.lock().unwrap().unwrap();
    tokio::time::sleep_until((at + retry_after).into()).await;
    let received = sim.store().request_count("all") - before;

    let all_there = || {
        let v = Verdict::held(&sim, &typed);
        v.delivered == v.typed && desk.pending() == 0
    };
    let limit = retry_after.mul_f64(1.0 + deskbell_desk::gate::JITTER) + Duration::from_secs(30);
    wait_for("every reply delivered", limit, all_there).await;
    drop(running);

    let calls = tapped.calls();
    let under_way: Vec<_> = calls
        .iter()
        .filter(|c| c.open_at(at))
        .filter(|c| !(c.what == refused_call && c.error == Some(ErrorKind::RateLimited)))
        .collect();
    Storm {
        refused,
        retry_after,
        received,
        started: tapped.started_between(at, at + retry_after).len(),
        under_way: under_way.len(),
        allowance: under_way.iter().map(|c| c.max_requests()).sum(),
        quiet: calls
            .iter()
            .filter(|c| c.started > at)
            .map(|c| c.started - at)
            .min()
            .unwrap(),
        verdict: Verdict::held(&sim, &typed),
    }
}

async fn storms(retry_after: Duration, polls: PollerConfig) {
    let (a, b, c) = tokio::join!(
        storm(Refused::Poll, retry_after, polls.clone()),
        storm(Refused::Send, retry_after, polls.clone()),
        storm(Refused::SendMidPoll, retry_after, polls),
    );
    println!("| 429 answers | Retry-After | requests received in that time | of them started after the 429 | calls under way at the 429 | first request after the 429 | replies delivered (duplicates, out of order) |");
    println!("|---|---|---|---|---|---|---|");
    for s in [&a, &b, &c] {
        let v = s.verdict;
        println!(
            "| {:?} | {:?} | {} | {} | {} | +{:.1?} | {} of {} ({}, {}) |",
            s.refused,
            s.retry_after,
            s.received,
            s.started,
            s.under_way,
            s.quiet,
            v.delivered,
            v.typed,
            v.duplicates,
            v.out_of_order
        );
    }
    for s in [a, b, c] {
        let what = s.refused;
        assert_eq!(s.started, 0, "{what:?}: the desk kept going");
        assert!(
            s.received as usize <= s.allowance,
            "{what:?}: {}",
            s.received
        );
        assert!(s.quiet >= s.retry_after, "{what:?}: {:?}", s.quiet);
        if what == Refused::SendMidPoll {
            assert!(s.under_way >= 1, "the poll was under way");
            assert_eq!(s.received, 0, "the poll's last list waited too");
        }
        let v = s.verdict;
        assert_eq!(
            (v.lost(), v.duplicates, v.out_of_order, v.strangers),
            (0, 0, 0, 0),
            "{v:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_holds_polls_and_sends_alike() {
    let polls = PollerConfig {
        interval: Duration::from_secs(1),
        budget_per_min: 180,
        ..PollerConfig::default()
    };
    storms(Duration::from_secs(3), polls).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "over a minute; its figures are in docs/benchmarks.md"]
async fn rate_limit_storm_a_full_minute() {
    storms(Duration::from_secs(60), PollerConfig::default()).await;
}
