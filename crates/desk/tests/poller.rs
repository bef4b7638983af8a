//! The poller under tokio's paused clock: interval, budget, backoff, resync, events.

mod common;

use common::{Err, FakeProvider, TokioClock};
use deskbell_desk::gate::{Gate, Gated, Hold};
use deskbell_desk::poller::{PollEvent, Poller, PollerConfig};
use deskbell_desk::{
    ConvKey, Inbox, InboxItem, ListName, ListResult, Marker, NotificationKind, NotifyConfig,
    NotifyPolicy,
};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::Instant;

fn unread(id: &str, at: i64, count: u32) -> ListResult {
    let mut item = InboxItem::new(ConvKey::new("acme", id), "Anna", "whatsapp").with_preview("hi");
    item.unread = count;
    item.last_activity = at;
    item.marker = Marker::new(at, count as u64);
    ListResult {
        list: ListName::Unread,
        items: vec![item],
        complete: true,
    }
}

struct Rig {
    server: Arc<FakeProvider>,
    inbox: Arc<Mutex<Inbox>>,
    poller: Poller,
}

fn rig(per_poll: u32) -> Rig {
    let mut fake = FakeProvider::new("acme", true, Arc::new(TokioClock::new(0)));
    fake.per_poll = per_poll;
    let server = Arc::new(fake);
    let inbox = Arc::new(Mutex::new(Inbox::new()));
    let policy = Arc::new(Mutex::new(NotifyPolicy::new(NotifyConfig::default())));
    let poller = Poller::new(
        server.clone(),
        inbox.clone(),
        policy,
        PollerConfig::default(),
    );
    Rig {
        server,
        inbox,
        poller,
    }
}

fn gaps(times: &[Instant]) -> Vec<u64> {
    times.windows(2).map(|w| (w[1] - w[0]).as_secs()).collect()
}

#[test]
fn budget_arithmetic() {
    // 3 requests a poll, 20 a minute for polling: at least 9 s apart; 10 s is used.
    let r = rig(3);
    assert_eq!(r.poller.min_gap(), Duration::from_secs(9));
    assert_eq!(r.poller.interval(), Duration::from_secs(10));
    assert!(60 / r.poller.interval().as_secs() * 3 <= 20);
    // Three operator groups: 5 requests → 15 s.
    assert_eq!(rig(5).poller.interval(), Duration::from_secs(15));
    let r = rig(3);
    let backoffs: Vec<u64> = (1..8).map(|n| r.poller.backoff(n).as_secs()).collect();
    assert_eq!(backoffs, [20, 40, 80, 160, 300, 300, 300]);
}

#[tokio::test(start_paused = true)]
async fn polls_on_the_interval_and_reports_only_real_changes() {
    let r = rig(3);
    r.server.script_polls([
        Ok(vec![unread("1", 100, 1)]),
        Ok(vec![unread("1", 100, 1)]),
        Ok(vec![unread("1", 110, 2)]),
    ]);
    let (tx, mut rx) = mpsc::unbounded_channel();
    let task = tokio::spawn(r.poller.run(tx));

    let Some(PollEvent::Updated {
        first_load,
        changes,
        notifications,
        unread_total,
        ..
    }) = rx.recv().await
    else {
        panic!("expected the first load");
    };
    assert!(first_load);
    assert_eq!(changes.len(), 1);
    assert!(notifications.is_empty(), "startup is not news");
    assert_eq!(unread_total, 1);

    // The second poll changes nothing and says nothing; the third brings news.
    let Some(PollEvent::Updated {
        notifications,
        unread_total,
        ..
    }) = rx.recv().await
    else {
        panic!("expected an update");
    };
    assert_eq!(notifications.len(), 1);
    assert_eq!(notifications[0].kind, NotificationKind::NewUnread);
    assert_eq!(unread_total, 2);
    assert_eq!(gaps(&r.server.fetch_times()), [10, 10]);

    tokio::time::sleep(Duration::from_secs(65)).await;
    let times = r.server.fetch_times();
    assert!(gaps(&times).iter().all(|g| *g == 10));
    assert_eq!(times.len(), 9, "one poll every 10 s");
    // Polls that return no lists say nothing about membership: the row stays.
    assert_eq!(r.inbox.lock().unwrap().len(), 1);
    drop(rx);
    tokio::time::timeout(Duration::from_secs(30), task)
        .await
        .unwrap()
        .unwrap();
}

#[tokio::test(start_paused = true)]
async fn backs_off_on_errors_then_recovers() {
    let r = rig(3);
    r.server.script_polls([
        Err(Err::Connect.make()),
        Err(Err::Server.make()),
        Err(Err::Timeout.make()),
        Ok(vec![unread("1", 100, 1)]),
    ]);
    let (tx, mut rx) = mpsc::unbounded_channel();
    tokio::spawn(r.poller.run(tx));
    let mut retry = Vec::new();
    loop {
        match rx.recv().await.unwrap() {
            PollEvent::Failed {
                retry_in_ms, kind, ..
            } => retry.push((kind, retry_in_ms / 1000)),
            PollEvent::Recovered { .. } => break,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(
        retry,
        [
            ("connect".into(), 20),
            ("server".into(), 40),
            ("timeout".into(), 80)
        ]
    );
    assert_eq!(gaps(&r.server.fetch_times()), [20, 40, 80]);
    assert!(matches!(
        rx.recv().await,
        Some(PollEvent::Updated {
            first_load: true,
            ..
        })
    ));
}

#[tokio::test(start_paused = true)]
async fn rate_limit_waits_as_long_as_the_server_asks() {
    let r = rig(3);
    r.server
        .script_polls([Err(deskbell_transport::Error::RateLimited {
            retry_after: Some(Duration::from_secs(90)),
            message: None,
        })]);
    let (tx, mut rx) = mpsc::unbounded_channel();
    tokio::spawn(r.poller.run(tx));
    let Some(PollEvent::Failed { retry_in_ms, .. }) = rx.recv().await else {
        panic!("expected a failure");
    };
    assert_eq!(retry_in_ms, 90_000);
}

#[tokio::test(start_paused = true)]
async fn a_resync_never_cuts_a_failure_backoff_short() {
    let r = rig(3);
    r.server.script_polls([
        Err(Err::Server.make()),
        Err(Err::Server.make()),
        Err(Err::Server.make()),
    ]);
    let resync = r.poller.resync_handle();
    let (tx, mut rx) = mpsc::unbounded_channel();
    tokio::spawn(r.poller.run(tx));
    for _ in 0..3 {
        assert!(matches!(rx.recv().await, Some(PollEvent::Failed { .. })));
    }
    // Waiting 80 s; resyncs after 30 s (a new reply, a window opened) change nothing.
    tokio::time::sleep(Duration::from_secs(30)).await;
    resync.resync_now();
    assert!(matches!(rx.recv().await, Some(PollEvent::Recovered { .. })));
    assert_eq!(gaps(&r.server.fetch_times()), [20, 40, 80]);
}

#[tokio::test(start_paused = true)]
async fn the_operators_refresh_cuts_a_failure_backoff_but_not_the_budget() {
    let r = rig(3);
    r.server.script_polls([
        Err(Err::Server.make()),
        Err(Err::Server.make()),
        Err(Err::Server.make()),
    ]);
    let resync = r.poller.resync_handle();
    let (tx, mut rx) = mpsc::unbounded_channel();
    tokio::spawn(r.poller.run(tx));
    for _ in 0..3 {
        assert!(matches!(rx.recv().await, Some(PollEvent::Failed { .. })));
    }
    // Waiting 80 s; after 3 s the operator presses Refresh: the poll waits only
    // for the budget's 9 s gap.
    tokio::time::sleep(Duration::from_secs(3)).await;
    resync.operator_asked();
    assert!(matches!(rx.recv().await, Some(PollEvent::Recovered { .. })));
    assert_eq!(gaps(&r.server.fetch_times()), [20, 40, 9]);
}

#[tokio::test(start_paused = true)]
async fn news_that_the_server_is_reachable_ends_the_backoff_for_polls_and_sends() {
    let r = rig(3);
    let gate = Arc::new(Gate::new());
    let gated = Arc::new(Gated::new(r.server.clone(), gate.clone()));
    let policy = Arc::new(Mutex::new(NotifyPolicy::new(NotifyConfig::default())));
    let poller = Poller::new(gated, r.inbox.clone(), policy, PollerConfig::default())
        .with_gate(gate.clone());
    r.server.script_polls([
        Err(Err::Connect.make()),
        Err(Err::Connect.make()),
        Err(Err::Connect.make()),
    ]);
    let resync = poller.resync_handle();
    let (tx, mut rx) = mpsc::unbounded_channel();
    tokio::spawn(poller.run(tx));
    for _ in 0..3 {
        assert!(matches!(rx.recv().await, Some(PollEvent::Failed { .. })));
    }
    let (left, why) = gate
        .remaining()
        .expect("the backoff holds the whole account");
    assert_eq!(why, Hold::Backoff);
    assert!(left >= Duration::from_secs(80), "{left:?}");
    // The network is back after 30 s (a TCP probe says so):
    tokio::time::sleep(Duration::from_secs(30)).await;
    gate.reachable_again();
    resync.resync_now();
    assert!(matches!(rx.recv().await, Some(PollEvent::Recovered { .. })));
    let gaps = gaps(&r.server.fetch_times());
    // Backoffs of 20 and 40 s (plus up to a fifth of jitter), then at once when
    // the server is back; and no second poll right behind the first.
    assert_eq!(gaps.len(), 3, "{gaps:?}");
    assert!(
        (20..=24).contains(&gaps[0]) && (40..=48).contains(&gaps[1]),
        "{gaps:?}"
    );
    assert_eq!(gaps[2], 30, "{gaps:?}");
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert_eq!(
        r.server.fetch_times().len(),
        4,
        "the next poll keeps the interval"
    );
}

#[tokio::test(start_paused = true)]
async fn resync_after_a_poll_keeps_the_budget_gap() {
    let r = rig(3);
    let resync = r.poller.resync_handle();
    let (tx, _rx) = mpsc::unbounded_channel();
    tokio::spawn(r.poller.run(tx));
    tokio::time::sleep(Duration::from_secs(1)).await;
    // A resync right after a poll waits for the budget's 9 s gap.
    let before = Instant::now();
    resync.resync_now();
    tokio::time::sleep(Duration::from_secs(9)).await;
    let times = r.server.fetch_times();
    assert_eq!(times.len(), 2);
    assert_eq!((times[1] - before).as_secs(), 8, "9 s after the first poll");
}
