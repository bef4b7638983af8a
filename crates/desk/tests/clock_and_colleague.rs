//! Our clock minutes off the server's, replies whose outcome is unknown, and a
//! colleague who writes the same thing right after us: no reply may be sent twice
//! (ours taken for lost) or never (a colleague's taken for ours).
//!
//! For every clock offset in {-300, -60, -30, 0, 30, 60, 300} s, a text and a file
//! reply each meet every way an answer can be lost on `send-message` /
//! `send-file-message`: the simulator stores the reply and then resets the
//! connection, cuts the body short or answers an HTML page; or it answers 503
//! without storing it (the client cannot tell those apart: all are "unknown").
//! Right after that attempt, another operator of the same account sends the same
//! text, or a file of the same extension, into the conversation. The desk must
//! read the conversation back and find its own message, or send it if absent.
//!
//! `cargo test -p deskbell-desk --test clock_and_colleague -- --nocapture` prints
//! the table in docs/benchmarks.md.

mod soak;
mod under_faults;

use blinger_sim::store::ActionParams;
use blinger_sim::{FaultKind, FaultPlan, FaultRule, SimHandle};
use deskbell_desk::outbox::{run_delivery, Clock, OutboxEvent};
use deskbell_desk::{Outbox, Payload, RetryPolicy};
use soak::{OffsetClock, Tapped};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{mpsc, Notify};
use under_faults::{Account, Tally};

const OFFSETS_S: [i64; 7] = [-300, -60, -30, 0, 30, 60, 300];
const TEXT: &str = "Thanks, we are looking into it.";

/// How the answer to our first attempt is lost.
const LOST_ANSWERS: [(&str, FaultKind); 4] = [
    ("reset", FaultKind::Reset),
    ("truncate", FaultKind::Truncate),
    ("html", FaultKind::Html),
    ("503", FaultKind::Status { code: 503 }),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    File,
}

/// What one conversation ended up with.
#[derive(Debug, Default)]
struct Outcome {
    /// Our operator's copies of the reply on the server.
    ours: usize,
    /// The colleague's message is still there, and still theirs.
    theirs: usize,
    tally: Tally,
}

async fn case(
    sim: &SimHandle,
    account: &Account,
    colleague: i64,
    conversation: i64,
    offset_s: i64,
    kind: Kind,
    lost: FaultKind,
) -> Outcome {
    let (ours, theirs_url) = match kind {
        Kind::Text => (Payload::Text { text: TEXT.into() }, None),
        Kind::File => (
            Payload::File {
                url: format!("https://files.example/ours-{conversation}.pdf"),
            },
            Some(format!(
                "https://files.example/colleague-{conversation}.pdf"
            )),
        ),
    };
    // Right after our first attempt, the colleague sends the same kind of reply.
    let store = sim.store();
    let written = Arc::new(AtomicBool::new(false));
    let hook = {
        let written = written.clone();
        Box::new(move |what: &'static str, _: Option<&_>, _: &_| {
            if what != "send" || written.swap(true, Ordering::SeqCst) {
                return;
            }
            let as_colleague = ActionParams {
                conversation_id: conversation,
                operator_id: Some(colleague),
                notify: false,
            };
            let result = match &theirs_url {
                None => store.api_send_message(&as_colleague, TEXT),
                Some(url) => store.api_send_file_message(&as_colleague, url),
            };
            result.expect("the colleague's message");
        })
    };
    let provider = Arc::new(Tapped::new(account.provider.clone()).on_error(hook));
    let endpoint = match kind {
        Kind::Text => "send-message",
        Kind::File => "send-file-message",
    };
    sim.set_faults(FaultPlan::new(vec![FaultRule::new(lost)
        .on(&[endpoint])
        .times(1)]));

    let dir = tempfile::tempdir().unwrap();
    let outbox = Arc::new(Mutex::new(
        Outbox::open(dir.path().join("outbox.json")).unwrap(),
    ));
    let clock = Arc::new(OffsetClock(offset_s * 1000));
    let now = clock.now_ms();
    outbox
        .lock()
        .unwrap()
        .enqueue(account.key(conversation), ours.clone(), now)
        .unwrap();
    let (tx, mut rx) = mpsc::unbounded_channel::<OutboxEvent>();
    let delivery = tokio::spawn(run_delivery(
        outbox.clone(),
        provider,
        Arc::new(Notify::new()),
        RetryPolicy {
            base: Duration::from_millis(20),
            cap: Duration::from_millis(200),
            jitter: 0.0,
        },
        clock,
        tx,
    ));
    let mut tally = Tally::default();
    while tally.sent == 0 {
        let event = tokio::time::timeout(Duration::from_secs(10), rx.recv())
            .await
            .expect("the reply settles")
            .unwrap();
        tally.add(&event);
    }
    delivery.abort();
    assert!(outbox.lock().unwrap().entries().is_empty());
    sim.set_faults(FaultPlan::none());
    assert!(written.load(Ordering::SeqCst), "the colleague wrote");

    let content = ours.content();
    let messages = sim.store().messages(conversation);
    let by = |op: i64| {
        messages
            .iter()
            .filter(|m| m.is_outgoing && m.operator_id == Some(op))
            .count()
    };
    Outcome {
        ours: messages
            .iter()
            .filter(|m| m.operator_id == Some(account.me) && m.text == content)
            .count(),
        theirs: by(colleague),
        tally,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clock_offsets_and_a_colleagues_same_reply_lose_and_double_nothing() {
    let sim = under_faults::start_sim().await;
    let cases = OFFSETS_S.len() * 2 * LOST_ANSWERS.len();
    let account = Account::new(&sim, 0, cases);
    let colleague = sim.store().add_operator("Colleague", "colleague@x.io");
    let mut conversations = account.conversations.iter().copied();

    println!("| clock offset | reply | duplicates | losses | found by reading back | sent again |");
    println!("|---|---|---|---|---|---|");
    let (mut duplicates, mut losses) = (0, 0);
    for offset in OFFSETS_S {
        for kind in [Kind::Text, Kind::File] {
            let (mut dup, mut lost, mut found, mut again) = (0, 0, 0, 0);
            for (name, fault) in LOST_ANSWERS {
                let c = conversations.next().unwrap();
                let out = case(&sim, &account, colleague, c, offset, kind, fault).await;
                dup += out.ours.saturating_sub(1);
                lost += usize::from(out.ours == 0);
                found += out.tally.reconciled;
                again += u64::from(out.tally.sent > out.tally.reconciled);
                assert_eq!(out.theirs, 1, "{offset} s {kind:?} {name}: the colleague's");
                assert_eq!(out.tally.failed, 0, "{offset} s {kind:?} {name}");
                assert_eq!(out.tally.sent, 1, "{offset} s {kind:?} {name}");
            }
            println!("| {offset:+} s | {kind:?} | {dup} | {lost} | {found} of 4 | {again} of 4 |");
            duplicates += dup;
            losses += lost;
        }
    }
    assert_eq!((duplicates, losses), (0, 0));
}
