use super::*;
use crate::model::{Marker, Person};

fn acct() -> AccountId {
    AccountId::new("acme")
}

fn item(id: &str, at: i64, unread: u32) -> InboxItem {
    let mut i = InboxItem::new(
        ConvKey::new("acme", id),
        format!("Customer {id}"),
        "telegrambot",
    )
    .with_preview("hi");
    i.last_activity = at;
    i.unread = unread;
    i.marker = Marker::new(at, unread as u64);
    i
}

fn upserts(changes: &[Change]) -> Vec<&str> {
    changes
        .iter()
        .filter_map(|c| match c {
            Change::Upsert(i) => Some(i.key.conversation.as_str()),
            _ => None,
        })
        .collect()
}

#[test]
fn first_poll_adds_everything_then_same_poll_is_silent() {
    let mut inbox = Inbox::new();
    let poll = vec![item("1", 100, 1), item("2", 90, 0)];
    let changes = inbox.apply_list(&acct(), ListName::Unread, poll.clone(), true);
    assert_eq!(upserts(&changes), ["1", "2"]);
    assert!(inbox
        .get(&ConvKey::new("acme", "1"))
        .unwrap()
        .lists
        .contains(&ListName::Unread));
    assert!(inbox
        .apply_list(&acct(), ListName::Unread, poll, true)
        .is_empty());
}

#[test]
fn only_the_changed_row_is_reported() {
    let mut inbox = Inbox::new();
    inbox.apply_list(
        &acct(),
        ListName::Unread,
        vec![item("1", 100, 1), item("2", 90, 1)],
        true,
    );
    let changes = inbox.apply_list(
        &acct(),
        ListName::Unread,
        vec![item("1", 100, 1), item("2", 95, 2)],
        true,
    );
    assert_eq!(upserts(&changes), ["2"]);
}

#[test]
fn leaving_the_last_list_removes_but_moving_between_lists_is_one_upsert() {
    let mut inbox = Inbox::new();
    inbox.apply_lists(
        &acct(),
        vec![
            ListResult {
                list: ListName::Unread,
                items: vec![item("1", 100, 1), item("2", 100, 1)],
                complete: true,
            },
            ListResult {
                list: ListName::NotAnswered,
                items: vec![],
                complete: true,
            },
        ],
    );
    let changes = inbox.apply_lists(
        &acct(),
        vec![
            ListResult {
                list: ListName::Unread,
                items: vec![],
                complete: true,
            },
            ListResult {
                list: ListName::NotAnswered,
                items: vec![item("1", 100, 0)],
                complete: true,
            },
        ],
    );
    assert_eq!(changes.len(), 2, "{changes:?}");
    assert!(changes.contains(&Change::Remove(ConvKey::new("acme", "2"))));
    let moved = inbox.get(&ConvKey::new("acme", "1")).unwrap();
    assert_eq!(
        moved.lists.iter().copied().collect::<Vec<_>>(),
        [ListName::NotAnswered]
    );
}

#[test]
fn incomplete_lists_keep_missing_members() {
    let mut inbox = Inbox::new();
    inbox.apply_list(&acct(), ListName::All, vec![item("1", 100, 0)], true);
    let changes = inbox.apply_list(&acct(), ListName::All, vec![item("2", 100, 0)], false);
    assert_eq!(upserts(&changes), ["2"]);
    assert_eq!(inbox.len(), 2);
}

#[test]
fn other_accounts_are_untouched() {
    let mut inbox = Inbox::new();
    inbox.apply_list(&acct(), ListName::Unread, vec![item("1", 100, 1)], true);
    let other = AccountId::new("other");
    let changes = inbox.apply_list(&other, ListName::Unread, vec![], true);
    assert!(changes.is_empty());
    assert_eq!(inbox.len(), 1);
}

#[test]
fn pinned_item_survives_leaving_its_lists_until_unpinned() {
    let mut inbox = Inbox::new();
    let key = ConvKey::new("acme", "1");
    inbox.apply_list(&acct(), ListName::Unread, vec![item("1", 100, 1)], true);
    inbox.pin(&key);
    let changes = inbox.apply_list(&acct(), ListName::Unread, vec![], true);
    assert_eq!(
        upserts(&changes),
        ["1"],
        "membership change is still a change"
    );
    assert!(inbox.get(&key).is_some());
    assert_eq!(inbox.unpin(&key), Some(Change::Remove(key.clone())));
    assert!(inbox.get(&key).is_none());
}

#[test]
fn webhook_item_refines_memberships() {
    let mut inbox = Inbox::new();
    inbox.apply_list(&acct(), ListName::Unassigned, vec![item("1", 100, 1)], true);
    inbox.apply_list(&acct(), ListName::Unread, vec![item("1", 100, 1)], true);
    let mut taken = item("1", 100, 1);
    taken.assignee = Some(Person {
        id: "7".into(),
        name: "Olga".into(),
    });
    let change = inbox.apply_item(taken).unwrap();
    let Change::Upsert(row) = change else {
        panic!("expected upsert")
    };
    assert_eq!(
        row.lists.iter().copied().collect::<Vec<_>>(),
        [ListName::Unread]
    );
    let mut closed = row.clone();
    closed.status = Status::Closed;
    assert_eq!(
        inbox.apply_item(closed),
        Some(Change::Remove(ConvKey::new("acme", "1")))
    );
    assert!(inbox.is_empty());
}

#[test]
fn identical_webhook_item_is_no_change() {
    let mut inbox = Inbox::new();
    inbox.apply_list(&acct(), ListName::Unread, vec![item("1", 100, 1)], true);
    let same = inbox.get(&ConvKey::new("acme", "1")).unwrap().clone();
    assert_eq!(inbox.apply_item(same), None);
}

#[test]
fn unread_total_and_snapshot_order() {
    let mut inbox = Inbox::new();
    inbox.apply_list(
        &acct(),
        ListName::Unread,
        vec![item("1", 90, 2), item("2", 100, 3), item("3", 95, 0)],
        true,
    );
    assert_eq!(inbox.unread_total(), 5);
    assert_eq!(inbox.unread_conversations(), 2);
    let order: Vec<_> = inbox
        .snapshot()
        .items
        .iter()
        .map(|i| i.key.conversation.clone())
        .collect();
    assert_eq!(order, ["2", "3", "1"]);
    let restored = Inbox::from_snapshot(inbox.snapshot());
    assert_eq!(restored.snapshot(), inbox.snapshot());
}

#[test]
fn changes_serialize_as_the_window_expects() {
    let v = serde_json::to_value(Change::Remove(ConvKey::new("acme", "9"))).unwrap();
    assert_eq!(v["op"], "remove");
    assert_eq!(v["key"]["conversation"], "9");
    let item = InboxItem::new(ConvKey::new("acme", "7"), "Ada", "telegrambot");
    let v = serde_json::to_value(Change::Upsert(item)).unwrap();
    assert_eq!(v["op"], "upsert");
    assert_eq!(v["item"]["customer_name"], "Ada");
    assert_eq!(v["item"]["key"]["conversation"], "7");
}

#[test]
fn tags_seen_in_a_webhook_survive_the_polls_that_do_not_carry_them() {
    let mut inbox = Inbox::new();
    let mut tagged = item("1", 100, 1);
    tagged.lists.insert(ListName::Unread);
    tagged.tags = vec!["vip".into()];
    inbox.apply_item(tagged);
    inbox.apply_list(&acct(), ListName::Unread, vec![item("1", 110, 2)], true);
    let row = inbox.get(&ConvKey::new("acme", "1")).unwrap();
    assert_eq!((row.unread, row.tags.clone()), (2, vec!["vip".to_string()]));
    let mut retagged = row.clone();
    retagged.tags = vec!["refund".into()];
    inbox.apply_item(retagged);
    assert_eq!(
        inbox.get(&ConvKey::new("acme", "1")).unwrap().tags,
        ["refund"]
    );
}
