//! Store-level tests: persistence, FIFO, state rules. Delivery under faults is in
//! `tests/outbox_faults.rs`.

use super::*;
use crate::model::{AccountId, ConvKey};
use crate::provider::SentRef;

fn text(t: &str) -> Payload {
    Payload::Text { text: t.into() }
}

fn key(c: &str) -> ConvKey {
    ConvKey::new("acme", c)
}

fn acct() -> AccountId {
    AccountId::new("acme")
}

#[test]
fn enqueue_is_on_disk_before_it_returns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("outbox.json");
    let mut ob = Outbox::open(&path).unwrap();
    let e = ob.enqueue(key("1"), text("hello"), 1_000).unwrap();
    let reopened = Outbox::open(&path).unwrap();
    assert_eq!(reopened.entries(), [e]);
}

#[test]
fn empty_replies_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut ob = Outbox::open(dir.path().join("o.json")).unwrap();
    assert!(matches!(
        ob.enqueue(key("1"), text("  \n"), 0),
        Err(OutboxError::Empty)
    ));
    assert!(ob.entries().is_empty());
}

#[test]
fn only_the_head_of_a_conversation_is_ready() {
    let dir = tempfile::tempdir().unwrap();
    let mut ob = Outbox::open(dir.path().join("o.json")).unwrap();
    let a1 = ob.enqueue(key("a"), text("1"), 0).unwrap();
    let a2 = ob.enqueue(key("a"), text("2"), 0).unwrap();
    let b1 = ob.enqueue(key("b"), text("1"), 0).unwrap();
    ob.enqueue(ConvKey::new("other", "a"), text("x"), 0)
        .unwrap();
    let ready: Vec<_> = ob.ready(&acct(), 0).into_iter().map(|e| e.id).collect();
    assert_eq!(ready, [a1.id, b1.id]);
    assert_eq!(ob.next_ready(&key("a"), 0).unwrap().id, a1.id);

    ob.mark_in_flight(a1.id, 10).unwrap();
    assert!(
        ob.next_ready(&key("a"), 10).is_none(),
        "head in flight blocks"
    );
    ob.mark_failed(a1.id, "api".into(), "closed".into(), false, false)
        .unwrap();
    assert_eq!(
        ob.next_ready(&key("a"), 10).unwrap().id,
        a2.id,
        "a refused reply waits for the operator, the next one goes on"
    );
    ob.mark_in_flight(a2.id, 10).unwrap();
    ob.mark_paused(a2.id, "timed out".into(), 99, true, false)
        .unwrap();
    let a3 = ob.enqueue(key("a"), text("3"), 0).unwrap();
    assert!(
        ob.next_ready(&key("a"), 10).is_none(),
        "a waiting reply keeps the ones behind it in order"
    );
    assert_eq!(ob.next_wake_ms(&acct()), Some(99));
    ob.retry(a1.id).unwrap();
    assert!(
        ob.next_ready(&key("a"), 10).is_none(),
        "a retried reply waits while one behind it has an unknown outcome"
    );
    assert_eq!(ob.next_wake_ms(&acct()), Some(99));
    assert_eq!(ob.next_ready(&key("a"), 99).unwrap().id, a2.id);
    ob.mark_sent(a2.id, &SentRef::default(), 100).unwrap();
    assert_eq!(
        ob.next_ready(&key("a"), 100).unwrap().id,
        a1.id,
        "once that one is settled, the retried one goes first"
    );
    ob.discard(a1.id, 100).unwrap();
    assert_eq!(ob.next_ready(&key("a"), 100).unwrap().id, a3.id);
}

#[test]
fn paused_entries_wait_for_their_time_or_a_resume() {
    let dir = tempfile::tempdir().unwrap();
    let mut ob = Outbox::open(dir.path().join("o.json")).unwrap();
    let e = ob.enqueue(key("a"), text("1"), 0).unwrap();
    ob.mark_in_flight(e.id, 0).unwrap();
    ob.mark_paused(e.id, "rate limited".into(), 5_000, false, false)
        .unwrap();
    assert!(ob.ready(&acct(), 4_999).is_empty());
    assert_eq!(ob.next_wake_ms(&acct()), Some(5_000));
    assert_eq!(ob.ready(&acct(), 5_000).len(), 1);
    assert_eq!(ob.resume_paused(&acct()).unwrap().len(), 1);
    assert_eq!(ob.get(e.id).unwrap().state, EntryState::Queued);
}

#[test]
fn stopping_an_account_mid_send_requeues_its_entry_as_unconfirmed() {
    let dir = tempfile::tempdir().unwrap();
    let mut ob = Outbox::open(dir.path().join("o.json")).unwrap();
    let e = ob.enqueue(key("a"), text("1"), 0).unwrap();
    let other = ob
        .enqueue(ConvKey::new("other", "a"), text("x"), 0)
        .unwrap();
    ob.mark_in_flight(e.id, 0).unwrap();
    ob.mark_in_flight(other.id, 0).unwrap();
    let back = ob.requeue_in_flight(&acct()).unwrap();
    assert_eq!(back.len(), 1);
    let e = ob.get(e.id).unwrap();
    assert!(e.state == EntryState::Queued && e.unconfirmed);
    assert_eq!(ob.get(other.id).unwrap().state, EntryState::InFlight);
}

#[test]
fn in_flight_on_reopen_is_unconfirmed_and_queued() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.json");
    let mut ob = Outbox::open(&path).unwrap();
    let e = ob.enqueue(key("a"), text("1"), 0).unwrap();
    ob.mark_in_flight(e.id, 7).unwrap();
    drop(ob); // the process dies with the request out
    let ob = Outbox::open(&path).unwrap();
    let back = ob.get(e.id).unwrap();
    assert_eq!(back.state, EntryState::Queued);
    assert!(back.unconfirmed);
    assert_eq!(back.first_attempt_ms, Some(7));
    assert_eq!(back.attempts, 1);
}

#[test]
fn sent_entries_leave_and_stay_gone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.json");
    let mut ob = Outbox::open(&path).unwrap();
    let e = ob.enqueue(key("a"), text("1"), 0).unwrap();
    ob.mark_in_flight(e.id, 0).unwrap();
    ob.mark_sent(e.id, &SentRef::default(), 1).unwrap();
    assert!(ob.entries().is_empty());
    assert!(Outbox::open(&path).unwrap().entries().is_empty());
}

#[test]
fn state_rules_for_retry_edit_discard() {
    let dir = tempfile::tempdir().unwrap();
    let mut ob = Outbox::open(dir.path().join("o.json")).unwrap();
    let e = ob.enqueue(key("a"), text("1"), 0).unwrap();
    let b = ob.enqueue(key("a"), text("2"), 0).unwrap();
    assert!(matches!(
        ob.edit(e.id, text("x")),
        Err(OutboxError::WrongState { .. })
    ));
    assert!(matches!(
        ob.retry(e.id),
        Err(OutboxError::WrongState { .. })
    ));
    ob.mark_in_flight(e.id, 0).unwrap();
    assert!(matches!(
        ob.discard(e.id, 0),
        Err(OutboxError::WrongState { .. })
    ));
    ob.mark_failed(e.id, "decode".into(), "odd answer".into(), true, false)
        .unwrap();
    assert!(
        matches!(ob.edit(e.id, text("fixed")), Err(OutboxError::Unconfirmed)),
        "a reply that may be on the server is checked before it is edited"
    );
    ob.confirm_absent(e.id).unwrap();

    let edited = ob.edit(e.id, text("fixed")).unwrap();
    assert_ne!(edited.id, e.id, "an edit is a new message id");
    assert!(!edited.unconfirmed && edited.after.is_none());
    assert_eq!(edited.state, EntryState::Queued, "it goes out by itself");
    assert_eq!(
        ob.entries()[0].id,
        edited.id,
        "keeps its place in the queue"
    );
    assert_eq!(ob.entries()[1].id, b.id);

    ob.mark_in_flight(edited.id, 0).unwrap();
    ob.mark_paused(edited.id, "refused".into(), 50, false, false)
        .unwrap();
    let again = ob.edit(edited.id, text("fixed twice")).unwrap();
    assert_eq!(
        again.payload,
        text("fixed twice"),
        "a waiting reply can be edited"
    );
    ob.mark_in_flight(again.id, 0).unwrap();
    ob.mark_failed(again.id, "api".into(), "no".into(), false, false)
        .unwrap();
    let retried = ob.retry(again.id).unwrap();
    assert_eq!(retried.state, EntryState::Queued);
    assert_eq!(retried.attempts, 0);
    assert!(matches!(
        ob.discard(uuid::Uuid::nil(), 0),
        Err(OutboxError::NotFound(_))
    ));
}

#[test]
fn a_reply_knows_its_place_from_the_last_read_or_the_last_reply() {
    use crate::model::{DeliveryState, Direction, MessageKind, ThreadMessage};
    let dir = tempfile::tempdir().unwrap();
    let mut ob = Outbox::open(dir.path().join("o.json")).unwrap();
    assert_eq!(ob.known_after(&key("a")), None);
    let message = |id: &str| ThreadMessage {
        id: id.into(),
        text: "hi".into(),
        kind: MessageKind::Text,
        direction: Direction::Incoming,
        is_note: false,
        author: None,
        at: 0,
        attachment_url: None,
        delivery: DeliveryState::SENT,
        post: None,
    };
    ob.observe_thread(&key("a"), &[message("4"), message("10")], 100);
    assert_eq!(
        ob.known_after(&key("a")),
        Some(After::Message { id: "10".into() })
    );
    let e = ob.enqueue(key("a"), text("1"), 0).unwrap();
    ob.set_after(e.id, After::Message { id: "10".into() })
        .unwrap();
    ob.mark_in_flight(e.id, 150).unwrap();
    ob.mark_sent(
        e.id,
        &SentRef {
            message_id: Some("11".into()),
            at: None,
        },
        200,
    )
    .unwrap();
    assert_eq!(
        ob.known_after(&key("a")),
        Some(After::Message { id: "11".into() })
    );
    // A discarded reply that may be on the server: its place is unknown, ask again.
    let d = ob.enqueue(key("a"), text("2"), 0).unwrap();
    ob.mark_in_flight(d.id, 300).unwrap();
    ob.mark_failed(d.id, "decode".into(), "?".into(), true, false)
        .unwrap();
    ob.discard(d.id, 400).unwrap();
    assert_eq!(ob.known_after(&key("a")), None);
}

#[test]
fn version_one_files_reconcile_by_time_and_newer_ones_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.json");
    let v1 = r#"{"version":1,"entries":[{"id":"6f1c1c4e-8a4e-4c3e-9a39-4b9a6a4f0d11",
        "key":{"account":"acme","conversation":"1"},"payload":{"type":"text","text":"hi"},
        "created_at_ms":1000,"attempts":1,"state":{"state":"queued"},
        "first_attempt_ms":60000,"unconfirmed":true}],"claims":[{"key":{"account":"acme",
        "conversation":"1"},"fingerprint":"text:hi","message_id":null,"server_at":null,
        "first_ms":0,"confirmed_ms":5}]}"#;
    std::fs::write(&path, v1).unwrap();
    let ob = Outbox::open(&path).unwrap();
    assert_eq!(ob.entries()[0].after, Some(After::Time { secs: 30 }));
    let future = v1.replace("\"version\":1", "\"version\":9");
    std::fs::write(&path, &future).unwrap();
    assert!(matches!(
        Outbox::open(&path),
        Err(OutboxError::Corrupt { .. })
    ));
    let salvaged = salvage(future.as_bytes());
    assert_eq!(salvaged.len(), 1, "its replies can still be offered back");
    assert_eq!(salvaged[0].payload, text("hi"));
}

#[test]
fn a_file_cut_short_still_yields_the_entries_before_the_cut() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.json");
    let mut ob = Outbox::open(&path).unwrap();
    for i in 0..5 {
        ob.enqueue(key("a"), text(&format!("reply {i}")), 0)
            .unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    let whole = salvage(&bytes);
    assert_eq!(whole.len(), 5);
    let cut = &bytes[..bytes.len() * 3 / 4];
    let part = salvage(cut);
    assert!((2..5).contains(&part.len()), "{}", part.len());
    assert_eq!(part[0].payload, text("reply 0"));
    assert!(salvage(b"").is_empty() && salvage(b"\x00\xff").is_empty());
    let mut fresh = Outbox::open(dir.path().join("new.json")).unwrap();
    assert_eq!(fresh.restore(part.clone()).unwrap(), part.len());
    assert_eq!(fresh.restore(part).unwrap(), 0, "restored once");
}

#[test]
fn a_failed_write_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.json");
    let mut ob = Outbox::open(&path).unwrap();
    let e = ob.enqueue(key("a"), text("1"), 0).unwrap();
    // Make the target a directory: the rename over it fails.
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    std::fs::write(path.join("x"), b"x").unwrap();
    assert!(ob.enqueue(key("a"), text("2"), 0).is_err());
    assert!(ob.mark_in_flight(e.id, 0).is_err());
    assert_eq!(ob.entries().len(), 1);
    assert_eq!(ob.entries()[0].state, EntryState::Queued);
}

#[test]
fn a_corrupt_file_is_reported_not_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.json");
    std::fs::write(&path, b"{\"version\":1,\"entries\":[{\"id\":").unwrap();
    assert!(matches!(
        Outbox::open(&path),
        Err(OutboxError::Corrupt { .. })
    ));
    assert!(path.exists());
}

#[test]
fn echoes_are_the_conversation_queue() {
    let dir = tempfile::tempdir().unwrap();
    let mut ob = Outbox::open(dir.path().join("o.json")).unwrap();
    let e = ob.enqueue(key("a"), text("hi"), 3_000).unwrap();
    ob.enqueue(key("b"), text("other"), 3_000).unwrap();
    let echoes = ob.echoes(&key("a"));
    assert_eq!(echoes.len(), 1);
    assert_eq!(echoes[0].id, e.id.to_string());
    assert_eq!(echoes[0].text, "hi");
}
