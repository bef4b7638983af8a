use super::*;
use crate::model::{ConvKey, InboxItem, ListName, Marker, Status};

fn row(id: &str, list: ListName, at: i64) -> InboxItem {
    let mut item = InboxItem::new(ConvKey::new("acc", id), "Anna", "telegrambot");
    item.lists.insert(list);
    item.last_activity = at;
    item.marker = Marker::new(at, 0);
    item
}

fn read_at(mut item: InboxItem, at: i64) -> InboxItem {
    item.peeked = Some(Peeked {
        marker: item.marker,
        status: item.status.clone(),
        at,
        last_id: Some("1".into()),
        last_at: item.last_activity,
    });
    item
}

#[test]
fn a_row_is_read_when_new_or_moved_and_not_otherwise() {
    let fresh = row("1", ListName::Unread, 100);
    assert_eq!(why_read(&fresh, 100), Some(Why::Stale));
    let read = read_at(fresh, 100);
    assert_eq!(
        why_read(&read, 10_000),
        None,
        "unread rows move by themselves"
    );
    let mut moved = read.clone();
    moved.marker = Marker::new(100, 1);
    assert_eq!(why_read(&moved, 101), Some(Why::Stale), "the count moved");
    let mut closed = read;
    closed.status = Status::Closed;
    assert_eq!(why_read(&closed, 101), Some(Why::Stale), "the status moved");
}

#[test]
fn rows_that_cannot_move_are_read_again_at_their_cadence() {
    let unassigned = read_at(row("1", ListName::Unassigned, 100), 1000);
    assert_eq!(
        why_read(&unassigned, 1000 + UNASSIGNED_EVERY_SECS - 1),
        None
    );
    assert_eq!(
        why_read(&unassigned, 1000 + UNASSIGNED_EVERY_SECS),
        Some(Why::Refresh)
    );
    let mine = read_at(row("2", ListName::Mine, 100), 1000);
    assert_eq!(why_read(&mine, 1000 + UNASSIGNED_EVERY_SECS), None);
    assert_eq!(why_read(&mine, 1000 + MINE_EVERY_SECS), Some(Why::Refresh));
    assert_eq!(
        next_due([&unassigned, &mine]),
        Some(1000 + UNASSIGNED_EVERY_SECS)
    );
}

#[test]
fn stale_rows_come_first_newest_first_then_the_longest_unread_refresh() {
    let old_refresh = read_at(row("r1", ListName::Mine, 50), 0);
    let new_refresh = read_at(row("r2", ListName::Mine, 60), 100);
    let stale_old = row("s1", ListName::Unread, 10);
    let stale_new = row("s2", ListName::Unread, 20);
    let items = [&old_refresh, &new_refresh, &stale_old, &stale_new];
    let none = HashSet::new();
    let now = 1000;
    assert_eq!(next_to_read(items, now, &none), Some(stale_new.key.clone()));
    let skip: HashSet<_> = [stale_new.key.clone(), stale_old.key.clone()].into();
    assert_eq!(
        next_to_read(items, now, &skip),
        Some(old_refresh.key.clone())
    );
}

#[test]
fn a_list_that_brings_its_last_message_needs_no_read() {
    let mut item = row("1", ListName::Unread, 100);
    item.peeked = Some(Peeked::from_list(&item));
    assert_eq!(why_read(&item, 100), None);
}
