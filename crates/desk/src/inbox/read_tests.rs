//! Reads of conversations applied to rows: previews, senders, times, *Mine*.

use super::*;
use crate::model::{Direction, MessageKind, ThreadMessage};
use crate::thread::{DeliveryState, Thread, ThreadState};

fn acc() -> AccountId {
    AccountId::new("acc")
}

fn key(id: &str) -> ConvKey {
    ConvKey::new("acc", id)
}

fn row(id: &str, list: ListName, at: i64, unread: u32) -> InboxItem {
    let mut item = InboxItem::new(key(id), "Anna", "telegrambot");
    item.lists.insert(list);
    item.last_activity = at;
    item.unread = unread;
    item.marker = crate::model::Marker::new(at, u64::from(unread));
    if list == ListName::Unassigned {
        item.status = Status::Unassigned;
    }
    item
}

fn msg(id: &str, text: &str, at: i64, direction: Direction) -> ThreadMessage {
    ThreadMessage {
        id: id.into(),
        text: text.into(),
        kind: MessageKind::Text,
        direction,
        is_note: false,
        author: None,
        at,
        attachment_url: None,
        delivery: DeliveryState::SENT,
        post: None,
    }
}

fn thread(messages: Vec<ThreadMessage>, status: Status, assignee: Option<&str>) -> Thread {
    Thread {
        messages,
        state: Some(ThreadState {
            status,
            assignee_id: assignee.map(str::to_owned),
        }),
        ..Thread::default()
    }
}

/// An inbox holding conversation "1", just polled in `list`.
fn listed(list: ListName, at: i64, unread: u32) -> Inbox {
    let mut inbox = Inbox::new();
    inbox.apply_list(&acc(), list, vec![row("1", list, at, unread)], true);
    inbox
}

fn upserted(change: Option<Change>) -> InboxItem {
    match change {
        Some(Change::Upsert(item)) => item,
        other => panic!("expected an upsert, got {other:?}"),
    }
}

#[test]
fn a_read_fills_the_preview_and_the_time_and_polls_keep_them() {
    let mut inbox = listed(ListName::Unassigned, 100, 0);
    let t = thread(
        vec![msg(
            "7",
            "Hello\nwhere is my order?",
            150,
            Direction::Incoming,
        )],
        Status::Unassigned,
        None,
    );
    let item = upserted(inbox.apply_peek(&key("1"), &t, Some("5"), 1000).change);
    assert_eq!(item.preview, "Hello where is my order?");
    assert_eq!(
        item.last_activity, 150,
        "the message's time, not the list's"
    );
    assert!(item.last_incoming);
    // The next poll brings the same documented row, without preview or that time.
    let changes = inbox.apply_list(
        &acc(),
        ListName::Unassigned,
        vec![row("1", ListName::Unassigned, 100, 0)],
        true,
    );
    assert!(changes.is_empty(), "nothing moved: {changes:?}");
    assert_eq!(
        inbox.get(&key("1")).unwrap().preview,
        "Hello where is my order?"
    );
}

#[test]
fn notes_and_the_operators_reply_are_told_apart_in_the_preview() {
    let mut inbox = listed(ListName::Unread, 100, 1);
    let mut note = msg("9", "internal: VIP", 160, Direction::Outgoing);
    note.is_note = true;
    let t = thread(
        vec![
            msg("7", "Hi", 100, Direction::Incoming),
            msg("8", "On it", 150, Direction::Outgoing),
            note,
        ],
        Status::Open,
        Some("5"),
    );
    let item = upserted(inbox.apply_peek(&key("1"), &t, Some("5"), 1000).change);
    assert_eq!(
        item.preview, "On it",
        "a note is not what the customer saw last"
    );
    assert!(!item.last_incoming);
}

#[test]
fn a_new_customer_message_in_an_unassigned_row_is_news_once() {
    let mut inbox = listed(ListName::Unassigned, 100, 0);
    let first = thread(
        vec![msg("7", "Hi", 100, Direction::Incoming)],
        Status::Unassigned,
        None,
    );
    assert_eq!(
        inbox.apply_peek(&key("1"), &first, None, 1000).news,
        None,
        "first read: baseline"
    );
    let again = thread(
        vec![
            msg("7", "Hi", 100, Direction::Incoming),
            msg("8", "Anyone?", 400, Direction::Incoming),
        ],
        Status::Unassigned,
        None,
    );
    let out = inbox.apply_peek(&key("1"), &again, None, 1200);
    assert_eq!(out.news.map(|m| m.text), Some("Anyone?".into()));
    assert_eq!(inbox.apply_peek(&key("1"), &again, None, 1400).news, None);
}

#[test]
fn mine_stays_until_a_read_shows_it_closed_or_someone_elses() {
    let mut inbox = Inbox::new();
    let mut taken = row("1", ListName::NotAnswered, 100, 0);
    taken.lists.insert(ListName::Mine);
    inbox.apply_lists(
        &acc(),
        vec![
            ListResult {
                list: ListName::NotAnswered,
                items: vec![taken.clone()],
                complete: true,
            },
            ListResult {
                list: ListName::Mine,
                items: vec![taken],
                complete: false,
            },
        ],
    );
    // Answered: in no server list any more, still Mine.
    let changes = inbox.apply_lists(
        &acc(),
        vec![
            ListResult {
                list: ListName::NotAnswered,
                items: vec![],
                complete: true,
            },
            ListResult {
                list: ListName::Mine,
                items: vec![],
                complete: false,
            },
        ],
    );
    let item = upserted(changes.into_iter().next());
    assert_eq!(item.lists, [ListName::Mine].into());
    // A read: still open and mine.
    let open = thread(
        vec![msg("8", "Done", 150, Direction::Outgoing)],
        Status::Open,
        Some("5"),
    );
    inbox.apply_peek(&key("1"), &open, Some("5"), 1000);
    assert!(inbox.get(&key("1")).is_some());
    // Given to a colleague elsewhere: leaves.
    let theirs = thread(
        vec![msg("8", "Done", 150, Direction::Outgoing)],
        Status::Open,
        Some("6"),
    );
    let out = inbox.apply_peek(&key("1"), &theirs, Some("5"), 1300);
    assert_eq!(out.change, Some(Change::Remove(key("1"))));
}

#[test]
fn mine_leaves_when_closed_elsewhere_or_unassigned() {
    let mut inbox = Inbox::new();
    let mut mine = row("1", ListName::Mine, 100, 0);
    mine.status = Status::Open;
    inbox.apply_list(
        &acc(),
        ListName::Mine,
        vec![mine.clone(), {
            let mut m = mine.clone();
            m.key = key("2");
            m
        }],
        false,
    );
    let closed = thread(vec![], Status::Closed, Some("5"));
    assert_eq!(
        inbox.apply_peek(&key("1"), &closed, Some("5"), 1000).change,
        Some(Change::Remove(key("1")))
    );
    let back = row("2", ListName::Unassigned, 200, 0);
    inbox.apply_list(&acc(), ListName::Unassigned, vec![back], true);
    assert_eq!(
        inbox.get(&key("2")).unwrap().lists,
        [ListName::Unassigned].into()
    );
}

#[test]
fn marking_mine_keeps_a_taken_conversation() {
    let mut inbox = listed(ListName::Unread, 100, 1);
    assert!(inbox.mark_mine(&key("1")).is_some());
    assert!(inbox.mark_mine(&key("1")).is_none(), "once");
    let changes = inbox.apply_list(&acc(), ListName::Unread, vec![], true);
    assert_eq!(
        upserted(changes.into_iter().next()).lists,
        [ListName::Mine].into()
    );
}
