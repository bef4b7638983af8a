use super::*;
use crate::inbox::Inbox;
use crate::model::Person;

fn acct() -> AccountId {
    AccountId::new("acme")
}

fn item(id: &str, at: i64, unread: u32) -> InboxItem {
    let mut i = InboxItem::new(ConvKey::new("acme", id), "Anna", "telegrambot")
        .with_preview("Where is my order?");
    i.last_activity = at;
    i.unread = unread;
    i.marker = Marker::new(at, unread as u64);
    i
}

struct Desk {
    inbox: Inbox,
    policy: NotifyPolicy,
}

impl Desk {
    fn new(config: NotifyConfig) -> Self {
        let mut policy = NotifyPolicy::new(config);
        policy.set_me(&acct(), Some("7".into()));
        Desk {
            inbox: Inbox::new(),
            policy,
        }
    }
    fn poll(&mut self, list: ListName, items: Vec<InboxItem>) -> Vec<Notification> {
        let changes = self.inbox.apply_list(&acct(), list, items, true);
        self.policy.decide(&acct(), &changes, Origin::Poll)
    }
    /// A webhook's item, with the membership its adapter would infer.
    fn push(&mut self, mut item: InboxItem) -> Vec<Notification> {
        item.lists.insert(ListName::NotAnswered);
        let changes: Vec<_> = self.inbox.apply_item(item).into_iter().collect();
        self.policy.decide(&acct(), &changes, Origin::Push)
    }
}

#[test]
fn first_load_is_silent_then_news_is_told_once() {
    let mut desk = Desk::new(NotifyConfig::default());
    assert!(desk
        .poll(ListName::Unread, vec![item("1", 100, 1)])
        .is_empty());
    assert!(desk.policy.is_loaded(&acct()));
    assert!(desk
        .poll(ListName::Unread, vec![item("1", 100, 1)])
        .is_empty());
    let n = desk.poll(ListName::Unread, vec![item("1", 110, 2)]);
    assert_eq!(n.len(), 1);
    assert_eq!(n[0].kind, NotificationKind::NewUnread);
    assert_eq!(n[0].title, "Anna · Telegram");
    assert_eq!(n[0].body, "Where is my order?");
    assert!(desk
        .poll(ListName::Unread, vec![item("1", 110, 2)])
        .is_empty());
}

#[test]
fn first_load_can_be_announced() {
    let mut desk = Desk::new(NotifyConfig {
        notify_on_first_load: true,
        ..Default::default()
    });
    assert_eq!(
        desk.poll(ListName::Unread, vec![item("1", 100, 1)]).len(),
        1
    );
}

#[test]
fn webhook_then_poll_of_the_same_message_is_one_notification() {
    let mut desk = Desk::new(NotifyConfig::default());
    desk.poll(ListName::Unread, vec![]);
    assert_eq!(desk.push(item("1", 100, 1)).len(), 1);
    assert!(desk
        .poll(ListName::Unread, vec![item("1", 100, 1)])
        .is_empty());
    // A stale poll (older marker) and then the current one again: still nothing.
    assert!(desk
        .poll(ListName::Unread, vec![item("1", 90, 1)])
        .is_empty());
    assert!(desk
        .poll(ListName::Unread, vec![item("1", 100, 1)])
        .is_empty());
}

#[test]
fn leaving_and_coming_back_with_the_same_marker_is_not_news() {
    let mut desk = Desk::new(NotifyConfig::default());
    desk.poll(ListName::Unread, vec![]);
    assert_eq!(
        desk.poll(ListName::Unread, vec![item("1", 100, 1)]).len(),
        1
    );
    assert!(desk.poll(ListName::Unread, vec![]).is_empty());
    assert!(desk
        .poll(ListName::Unread, vec![item("1", 100, 1)])
        .is_empty());
}

#[test]
fn outgoing_last_message_is_not_news() {
    let mut desk = Desk::new(NotifyConfig::default());
    desk.poll(ListName::Unread, vec![]);
    let mut mine = item("1", 100, 1);
    mine.last_incoming = false;
    assert!(desk.poll(ListName::Unread, vec![mine]).is_empty());
}

#[test]
fn entering_unassigned_and_assignment_to_me() {
    let mut desk = Desk::new(NotifyConfig::default());
    desk.poll(ListName::Unassigned, vec![]);
    let mut fresh = item("1", 100, 0);
    fresh.preview.clear();
    let n = desk.poll(ListName::Unassigned, vec![fresh.clone()]);
    assert_eq!(n.len(), 1);
    assert_eq!(n[0].kind, NotificationKind::NewUnassigned);
    assert_eq!(n[0].body, "Waiting for an operator");

    let mut taken = fresh.clone();
    taken.assignee = Some(Person {
        id: "7".into(),
        name: "Me".into(),
    });
    let n = desk.push(taken.clone());
    assert_eq!(n.len(), 1);
    assert_eq!(n[0].kind, NotificationKind::AssignedToMe);
    assert!(desk.push(taken).is_empty());
}

#[test]
fn one_change_that_is_several_kinds_of_news_is_one_notification() {
    let mut desk = Desk::new(NotifyConfig::default());
    desk.poll(ListName::Unassigned, vec![]);
    let n = desk.poll(ListName::Unassigned, vec![item("1", 100, 1)]);
    assert_eq!(n.len(), 1);
    assert_eq!(n[0].kind, NotificationKind::NewUnassigned);
    // Both kinds were recorded: the unread list showing it now is not news either.
    assert!(desk
        .poll(ListName::Unread, vec![item("1", 100, 1)])
        .is_empty());
}

#[test]
fn do_not_disturb_records_as_seen() {
    let mut desk = Desk::new(NotifyConfig::default());
    desk.poll(ListName::Unread, vec![]);
    desk.policy.set_do_not_disturb(true);
    assert!(desk
        .poll(ListName::Unread, vec![item("1", 100, 1)])
        .is_empty());
    desk.policy.set_do_not_disturb(false);
    assert!(desk
        .poll(ListName::Unread, vec![item("1", 100, 1)])
        .is_empty());
    assert_eq!(
        desk.poll(ListName::Unread, vec![item("1", 101, 2)]).len(),
        1
    );
}

#[test]
fn seeded_rows_are_not_news_on_unrelated_changes() {
    let mut desk = Desk::new(NotifyConfig::default());
    let cached = item("1", 100, 1);
    desk.inbox = Inbox::from_snapshot(crate::inbox::InboxSnapshot {
        items: vec![{
            let mut c = cached.clone();
            c.lists.insert(ListName::Unread);
            c
        }],
    });
    desk.policy.seed(desk.inbox.snapshot().items.iter());
    desk.poll(ListName::Unread, vec![cached.clone()]);
    let mut regrouped = cached;
    regrouped.group = Some(crate::model::Group {
        id: "2".into(),
        name: "Sales".into(),
    });
    assert!(desk.poll(ListName::Unread, vec![regrouped]).is_empty());
}

#[test]
fn what_arrived_while_closed_is_news_after_a_cached_start() {
    let mut desk = Desk::new(NotifyConfig::default());
    let mut cached = item("1", 100, 1);
    cached.lists.insert(ListName::Unread);
    desk.inbox = Inbox::from_snapshot(crate::inbox::InboxSnapshot {
        items: vec![cached.clone()],
    });
    desk.policy.seed(desk.inbox.snapshot().items.iter());
    // The first poll after the start: one conversation moved, one is new.
    let told = desk.poll(ListName::Unread, vec![item("1", 150, 2), item("2", 140, 1)]);
    let keys: Vec<&str> = told.iter().map(|n| n.key.conversation.as_str()).collect();
    assert_eq!(keys, ["1", "2"]);
    // Without a cache (a first run), the first poll stays the initial load.
    let mut fresh = Desk::new(NotifyConfig::default());
    assert!(fresh
        .poll(ListName::Unread, vec![item("2", 140, 1)])
        .is_empty());
}

#[test]
fn body_and_title_are_one_plain_line() {
    let mut desk = Desk::new(NotifyConfig::default());
    desk.poll(ListName::Unread, vec![]);
    let mut noisy = item("1", 100, 1);
    noisy.customer_name = "Bob\n\u{7}".into();
    noisy.preview = format!("line one\r\nline\ttwo {}", "x".repeat(300));
    let n = desk.poll(ListName::Unread, vec![noisy]);
    assert_eq!(n[0].title, "Bob · Telegram");
    assert!(n[0].body.starts_with("line one line two x"));
    assert!(n[0].body.chars().count() <= BODY_CHARS);
    assert!(!n[0].body.chars().any(char::is_control));
}

#[test]
fn forgetting_keeps_marks_of_present_conversations() {
    let mut desk = Desk::new(NotifyConfig::default());
    desk.poll(ListName::Unread, vec![item("1", 100, 1), item("2", 100, 1)]);
    desk.poll(ListName::Unread, vec![item("1", 100, 1)]);
    desk.policy.forget_older_than(1_000);
    assert_eq!(desk.policy.notified.len(), 1);
}
