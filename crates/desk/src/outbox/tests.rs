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
    assert!(ob.next_ready(&key("a"), 10).is_none(), "failed head blocks");
    ob.discard(a1.id).unwrap();
    assert_eq!(ob.next_ready(&key("a"), 10).unwrap().id, a2.id);
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
    assert_eq!(ob.resume_paused(&acct()).unwrap(), 1);
    assert_eq!(ob.get(e.id).unwrap().state, EntryState::Queued);
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
        ob.discard(e.id),
        Err(OutboxError::WrongState { .. })
    ));
    ob.mark_failed(e.id, "decode".into(), "odd answer".into(), true, false)
        .unwrap();

    let edited = ob.edit(e.id, text("fixed")).unwrap();
    assert_ne!(edited.id, e.id, "an edit is a new message id");
    assert!(!edited.unconfirmed);
    assert_eq!(
        ob.entries()[0].id,
        edited.id,
        "keeps its place in the queue"
    );
    assert_eq!(ob.entries()[1].id, b.id);

    ob.mark_in_flight(edited.id, 0).unwrap();
    ob.mark_failed(edited.id, "api".into(), "no".into(), false, false)
        .unwrap();
    let retried = ob.retry(edited.id).unwrap();
    assert_eq!(retried.state, EntryState::Queued);
    assert_eq!(retried.attempts, 0);
    assert!(matches!(
        ob.discard(uuid::Uuid::nil()),
        Err(OutboxError::NotFound(_))
    ));
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
