//! The outbox against a server that fails in every documented way, including
//! "applied but the answer was lost" and the process dying with a request out.
//! The invariant throughout: every reply reaches the server exactly once, and each
//! conversation's replies arrive in the order they were typed.

mod common;

use common::{text, Err, FakeProvider, Fault, TokioClock};
use deskbell_desk::outbox::{
    deliver_once, run_delivery, Clock, EntryState, Outbox, OutboxEvent, Payload, RetryPolicy,
};
use deskbell_desk::ConvKey;
use proptest::prelude::*;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const ALL_ERRS: [Err; 10] = [
    Err::Connect,
    Err::RateLimited,
    Err::Api,
    Err::Unauthorized,
    Err::Timeout,
    Err::Reset,
    Err::Incomplete,
    Err::Server,
    Err::NotJson,
    Err::Decode,
];

/// Errors that may follow an applied request (`delivery() == Unknown`). The others
/// promise the server did not act, so "applied, then that error" cannot happen.
const UNKNOWN_ERRS: [Err; 6] = [
    Err::Timeout,
    Err::Reset,
    Err::Incomplete,
    Err::Server,
    Err::NotJson,
    Err::Decode,
];

struct Desk {
    _dir: tempfile::TempDir,
    path: PathBuf,
    outbox: Mutex<Outbox>,
    server: Arc<FakeProvider>,
    clock: Arc<TokioClock>,
    policy: RetryPolicy,
    crashes: usize,
    /// Entries the operator had to retry: a refused one steps aside, so later
    /// replies may pass it.
    retried: std::collections::HashSet<uuid::Uuid>,
}

impl Desk {
    fn new(ids_in_answers: bool) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("outbox.json");
        let clock = Arc::new(TokioClock::new(1_700_000_000_000));
        Desk {
            outbox: Mutex::new(Outbox::open(&path).unwrap()),
            server: Arc::new(FakeProvider::new("acme", ids_in_answers, clock.clone())),
            clock,
            policy: RetryPolicy::default(),
            path,
            _dir: dir,
            crashes: 0,
            retried: Default::default(),
        }
    }

    fn enqueue(&self, conv: &str, payload: Payload) -> uuid::Uuid {
        let now = self.clock.now_ms();
        let mut ob = self.outbox.lock().unwrap();
        ob.enqueue(ConvKey::new("acme", conv), payload, now)
            .unwrap()
            .id
    }

    /// One delivery pass; a pass stuck on a request for a minute is a crash, and the
    /// desk restarts from the file on disk.
    async fn step(&mut self) -> Vec<OutboxEvent> {
        let pass = deliver_once(
            &self.outbox,
            self.server.as_ref(),
            &self.policy,
            self.clock.as_ref(),
        );
        match tokio::time::timeout(Duration::from_secs(60), pass).await {
            Ok(events) => events,
            Err(_) => {
                self.crashes += 1;
                *self.outbox.lock().unwrap() = Outbox::open(&self.path).unwrap();
                Vec::new()
            }
        }
    }

    /// Delivers until the outbox is empty, retrying failed entries as an operator would.
    async fn drain(&mut self) -> Vec<OutboxEvent> {
        let mut all = Vec::new();
        for _ in 0..500 {
            all.extend(self.step().await);
            let (empty, failed, wake) = {
                let ob = self.outbox.lock().unwrap();
                let failed: Vec<_> = ob
                    .entries()
                    .iter()
                    .filter(|e| matches!(e.state, EntryState::Failed { .. }))
                    .map(|e| e.id)
                    .collect();
                let wake = ob.next_wake_ms(self.server.account_id());
                (ob.entries().is_empty(), failed, wake)
            };
            if empty {
                return all;
            }
            for id in failed {
                self.outbox.lock().unwrap().retry(id).unwrap();
                self.retried.insert(id);
            }
            let nap = wake.map_or(0, |w| (w - self.clock.now_ms()).max(0)) as u64;
            tokio::time::sleep(Duration::from_millis(nap.max(1))).await;
        }
        panic!(
            "the outbox never drained: {:?}",
            self.outbox.lock().unwrap().entries()
        );
    }
}

trait AccountOf {
    fn account_id(&self) -> &deskbell_desk::AccountId;
}

impl AccountOf for FakeProvider {
    fn account_id(&self) -> &deskbell_desk::AccountId {
        deskbell_desk::Provider::account(self)
    }
}

#[tokio::test(start_paused = true)]
async fn every_fault_kind_ends_in_exactly_one_delivery() {
    for ids in [false, true] {
        let refused = ALL_ERRS.map(Fault::Refused);
        let lost = UNKNOWN_ERRS.map(Fault::Lost);
        for fault in refused.into_iter().chain(lost) {
            {
                let mut desk = Desk::new(ids);
                desk.server.fail_sends([fault]);
                desk.enqueue("1", text("hello"));
                desk.drain().await;
                assert_eq!(desk.server.contents("1"), ["hello"], "{fault:?} ids={ids}");
            }
        }
    }
}

#[tokio::test(start_paused = true)]
async fn not_applied_errors_resend_without_reading_the_server() {
    let mut desk = Desk::new(false);
    desk.server.fail_sends([
        Fault::Refused(Err::Connect),
        Fault::Refused(Err::RateLimited),
    ]);
    desk.enqueue("1", text("hello"));
    let events = desk.drain().await;
    let (sends, reads, _) = desk.server.counts();
    assert_eq!((sends, reads), (3, 0));
    assert!(matches!(
        events.last(),
        Some(OutboxEvent::Sent {
            reconciled: false,
            ..
        })
    ));
}

#[tokio::test(start_paused = true)]
async fn applied_but_answer_lost_is_found_not_resent() {
    let mut desk = Desk::new(false);
    desk.server.fail_sends([Fault::Lost(Err::Timeout)]);
    desk.enqueue("1", text("hello"));
    let events = desk.drain().await;
    let (sends, reads, _) = desk.server.counts();
    assert_eq!((sends, reads), (1, 1));
    assert!(matches!(
        events.last(),
        Some(OutboxEvent::Sent {
            reconciled: true,
            ..
        })
    ));
}

#[tokio::test(start_paused = true)]
async fn a_refusal_waits_for_the_operator_without_holding_up_later_replies() {
    let mut desk = Desk::new(true);
    desk.server.fail_sends([Fault::Refused(Err::Api)]);
    let first = desk.enqueue("1", text("first"));
    desk.enqueue("1", text("second"));
    desk.enqueue("2", text("elsewhere"));
    let events = desk.step().await;
    assert!(events.iter().any(|e| matches!(e,
        OutboxEvent::Failed { id, kind, message, echo, .. }
            if *id == first && kind == "api" && message == "The conversation is closed."
                && echo.delivery.outbox_id() == Some(first))));
    assert_eq!(desk.server.contents("1"), ["second"]);
    assert_eq!(desk.server.contents("2"), ["elsewhere"]);
    desk.outbox.lock().unwrap().retry(first).unwrap();
    desk.drain().await;
    assert_eq!(desk.server.contents("1"), ["second", "first"]);
}

#[tokio::test(start_paused = true)]
async fn transient_failures_never_need_the_operator() {
    let mut desk = Desk::new(true);
    // Twenty failures in a row, of every transient kind: minutes of outage.
    let transient = [
        Err::Connect,
        Err::RateLimited,
        Err::Timeout,
        Err::Reset,
        Err::Server,
    ];
    desk.server
        .fail_sends((0..20).map(|i| Fault::Refused(transient[i % transient.len()])));
    desk.enqueue("1", text("hello"));
    let mut failed = 0;
    for _ in 0..60 {
        for e in desk.step().await {
            failed += usize::from(matches!(e, OutboxEvent::Failed { .. }));
        }
        if desk.outbox.lock().unwrap().entries().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_secs(301)).await;
    }
    assert_eq!(failed, 0, "no failure was handed to the operator");
    assert_eq!(desk.server.contents("1"), ["hello"]);
}

#[tokio::test(start_paused = true)]
async fn crash_with_the_request_out_reconciles_after_reopen() {
    for applied in [true, false] {
        let mut desk = Desk::new(false);
        desk.server.fail_sends([Fault::Crash { applied }]);
        desk.enqueue("1", text("hello"));
        desk.step().await;
        assert_eq!(desk.crashes, 1);
        let entry = desk.outbox.lock().unwrap().entries()[0].clone();
        assert!(entry.unconfirmed && entry.state == EntryState::Queued);
        desk.drain().await;
        let (sends, reads, _) = desk.server.counts();
        assert_eq!(reads, 1, "reconciled before anything else");
        assert_eq!(sends, if applied { 1 } else { 2 });
        assert_eq!(desk.server.contents("1"), ["hello"]);
    }
}

#[tokio::test(start_paused = true)]
async fn widget_sends_resend_with_the_same_uuid_without_reconcile() {
    let mut desk = Desk::new(false);
    desk.server
        .fail_sends([Fault::Lost(Err::Timeout), Fault::Crash { applied: true }]);
    let id = desk.enqueue("w", Payload::WidgetText { text: "hi".into() });
    desk.drain().await;
    let (sends, reads, _) = desk.server.counts();
    assert_eq!((sends, reads), (3, 0));
    let stored = desk.server.messages("w");
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].uuid, Some(id));
}

#[tokio::test(start_paused = true)]
async fn identical_replies_are_told_apart() {
    for ids in [false, true] {
        // The second "ok" was applied: found as the one not claimed by the first.
        let mut desk = Desk::new(ids);
        desk.server
            .fail_sends([Fault::Pass, Fault::Lost(Err::Reset)]);
        desk.enqueue("1", text("ok"));
        desk.enqueue("1", text("ok"));
        desk.drain().await;
        assert_eq!(desk.server.contents("1"), ["ok", "ok"], "ids={ids}");
        assert_eq!(desk.server.counts().0, 2, "ids={ids}");

        // The second "ok" was not applied: the first one on the server is not it.
        let mut desk = Desk::new(ids);
        desk.enqueue("1", text("ok"));
        desk.enqueue("1", text("ok"));
        desk.server
            .fail_sends([Fault::Pass, Fault::Refused(Err::Timeout)]);
        desk.step().await;
        assert_eq!(desk.server.contents("1"), ["ok"]);
        desk.drain().await;
        assert_eq!(desk.server.contents("1"), ["ok", "ok"], "ids={ids}");
    }
}

#[tokio::test(start_paused = true)]
async fn reconcile_read_failures_keep_the_entry_unconfirmed() {
    let mut desk = Desk::new(false);
    desk.server.fail_sends([Fault::Lost(Err::Server)]);
    desk.server.fail_reads([
        Fault::Refused(Err::Timeout),
        Fault::Refused(Err::Unauthorized),
        Fault::Crash { applied: false },
    ]);
    desk.enqueue("1", text("hello"));
    desk.drain().await;
    assert_eq!(desk.server.contents("1"), ["hello"]);
    assert_eq!(desk.server.counts().0, 1, "never resent");
}

#[tokio::test(start_paused = true)]
async fn the_loop_delivers_on_wake_and_after_pauses() {
    let desk = Desk::new(true);
    let outbox = Arc::new(Mutex::new(Outbox::open(desk.path.clone()).unwrap()));
    let wake = Arc::new(tokio::sync::Notify::new());
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let task = tokio::spawn(run_delivery(
        outbox.clone(),
        desk.server.clone(),
        wake.clone(),
        RetryPolicy::default(),
        desk.clock.clone(),
        tx,
    ));
    desk.server.fail_sends([Fault::Refused(Err::RateLimited)]);
    let now = desk.clock.now_ms();
    outbox
        .lock()
        .unwrap()
        .enqueue(ConvKey::new("acme", "1"), text("hello"), now)
        .unwrap();
    wake.notify_one();
    let mut seen = Vec::new();
    while !matches!(seen.last(), Some(OutboxEvent::Sent { .. })) {
        seen.push(rx.recv().await.unwrap());
    }
    assert!(seen.iter().any(|e| matches!(e, OutboxEvent::Paused { .. })));
    assert_eq!(desk.server.contents("1"), ["hello"]);
    assert!(outbox.lock().unwrap().entries().is_empty());
    drop(rx);
    wake.notify_one();
    tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .expect("the loop stops when nobody listens")
        .unwrap();
}

/// Regression: the loop used to report a pass's events only when the pass ended,
/// and a pass lasts until every queue is drained. So after an outage the UI saw no
/// reply confirmed until the whole backlog was through, and none at all while a
/// later request hung.
#[tokio::test(start_paused = true)]
async fn the_loop_reports_each_reply_as_it_goes_not_after_the_pass() {
    let desk = Desk::new(true);
    let first = desk.enqueue("1", text("first"));
    desk.enqueue("2", text("second"));
    // The first send works; the second hangs for good, holding the pass open.
    desk.server
        .fail_sends([Fault::Pass, Fault::Crash { applied: false }]);
    let outbox = Arc::new(Mutex::new(Outbox::open(desk.path.clone()).unwrap()));
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let task = tokio::spawn(run_delivery(
        outbox,
        desk.server.clone(),
        Arc::new(tokio::sync::Notify::new()),
        RetryPolicy::default(),
        desk.clock.clone(),
        tx,
    ));
    let sent = async {
        loop {
            match rx.recv().await.unwrap() {
                OutboxEvent::Sent { id, .. } => return id,
                _ => continue,
            }
        }
    };
    let id = tokio::time::timeout(Duration::from_secs(60), sent)
        .await
        .expect("the first reply is reported while the second is still out");
    assert_eq!(id, first);
    task.abort();
}

fn fault() -> impl Strategy<Value = Fault> {
    prop_oneof![
        Just(Fault::Pass),
        prop::sample::select(ALL_ERRS.to_vec()).prop_map(Fault::Refused),
        prop::sample::select(UNKNOWN_ERRS.to_vec()).prop_map(Fault::Lost),
        any::<bool>().prop_map(|applied| Fault::Crash { applied }),
    ]
}

fn reply() -> impl Strategy<Value = (usize, Payload)> {
    let words = prop::sample::select(vec!["ok", "thanks", "hello"]);
    (
        0..2usize,
        prop_oneof![
            4 => words.clone().prop_map(text),
            1 => words.clone().prop_map(|t| Payload::Note { text: t.into() }),
            1 => words.prop_map(|t| Payload::WidgetText { text: t.into() }),
        ],
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn no_reply_lost_or_doubled_and_fifo_kept(
        replies in prop::collection::vec(reply(), 1..6),
        send_faults in prop::collection::vec(fault(), 0..8),
        read_faults in prop::collection::vec(fault(), 0..4),
        ids in any::<bool>(),
    ) {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .unwrap();
        rt.block_on(async {
            let mut desk = Desk::new(ids);
            desk.server.fail_sends(send_faults);
            desk.server.fail_reads(read_faults);
            let mut expected = [Vec::new(), Vec::new()];
            for (conv, payload) in &replies {
                expected[*conv].push(desk.enqueue(&conv.to_string(), payload.clone()));
            }
            desk.drain().await;
            for (conv, want) in expected.iter().enumerate() {
                let stored = desk.server.entries(&conv.to_string());
                // Each reply exactly once...
                let (mut a, mut b) = (stored.clone(), want.clone());
                a.sort();
                b.sort();
                prop_assert_eq!(a, b);
                // ...and in the order typed, but for those the server refused and the
                // operator sent again later.
                let kept = |ids: &[uuid::Uuid]| -> Vec<uuid::Uuid> {
                    ids.iter().filter(|id| !desk.retried.contains(id)).copied().collect()
                };
                prop_assert_eq!(kept(&stored), kept(want));
            }
            Ok(())
        })?;
    }
}
