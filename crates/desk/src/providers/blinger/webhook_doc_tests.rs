//! The eight events of blinger-webhooks.txt, as printed there (`doc_webhooks.json`:
//! the `//` comments removed, the missing comma before `messages` added and the
//! PHP `close_group` written as JSON), each applied to an inbox that knows their
//! conversations as a poll left them, then applied again: what each changes,
//! what it announces, and that the second time changes and announces nothing.

use super::super::*;
use crate::inbox::Change;
use crate::model::ListName;
use crate::notify_policy::{NotificationKind, NotifyConfig, NotifyPolicy, Origin};
use crate::Inbox;

const NOW: i64 = 1_513_354_000;
/// The operator of the docs' examples ("Supervisor"), as this desk's operator.
const ME: i64 = 11;

fn doc(name: &str) -> WebhookEvent {
    doc_on(name, None)
}

/// The documented `name`, about conversation `id` instead when given (the docs'
/// conversation events name 180 and 181).
fn doc_on(name: &str, id: Option<i64>) -> WebhookEvent {
    let all: serde_json::Value =
        serde_json::from_str(include_str!("doc_webhooks.json")).expect("JSON");
    let mut body = all[name].clone();
    if let Some(id) = id {
        body["conversation"]["id"] = id.into();
    }
    WebhookEvent::from_value(body).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn account() -> AccountId {
    AccountId::new("acme")
}

/// The inbox as a poll left it: 181 (the conversation events') waits unassigned
/// with one unread message; 173 (the message and comment events') is the
/// operator's, answered, nothing unread.
fn polled() -> (Inbox, NotifyPolicy) {
    let mut unassigned = InboxItem::new(ConvKey::new("acme", "181"), "Yuri Dzabaev", "telegrambot")
        .with_preview("Hello");
    unassigned.status = Status::Unassigned;
    unassigned.unread = 1;
    unassigned.last_activity = 1_513_351_579;
    unassigned.marker = Marker::new(1_513_351_579, 1);
    let mut mine =
        InboxItem::new(ConvKey::new("acme", "173"), "Yuri Dzabaev", "vk").with_preview("Earlier");
    mine.assignee = Some(Person {
        id: ME.to_string(),
        name: "Supervisor".into(),
    });
    mine.last_incoming = false;
    mine.last_activity = 1_513_330_000;
    mine.marker = Marker::new(1_513_330_000, 0);
    // Answered and read, it is in no Blinger list: the desk keeps it as its own.
    mine.lists.insert(ListName::Mine);
    let mut inbox = Inbox::new();
    inbox.apply_list(&account(), ListName::Unassigned, vec![unassigned], true);
    inbox.apply_item(mine);
    let mut policy = NotifyPolicy::new(NotifyConfig::default());
    policy.set_me(&account(), Some(ME.to_string()));
    policy.seed(inbox.snapshot().items.iter());
    (inbox, policy)
}

/// One event through the row, the inbox and the policy, as the app applies it.
fn apply(
    inbox: &mut Inbox,
    policy: &mut NotifyPolicy,
    event: &WebhookEvent,
) -> (Option<Change>, Vec<NotificationKind>) {
    let change = apply_webhook(inbox, "acme", Some(ME), event, NOW);
    let kinds = policy
        .decide(&account(), change.as_slice(), Origin::Push)
        .into_iter()
        .map(|n| n.kind)
        .collect();
    (change, kinds)
}

/// Applies the events `first`, then `event` (its effect checked by `check`),
/// then `event` again. `pin`: a conversation open in the window.
fn once_then_replayed(
    first: &[WebhookEvent],
    event: WebhookEvent,
    pin: Option<&str>,
    check: impl Fn(Option<&InboxItem>, &[NotificationKind]),
) {
    let (mut inbox, mut policy) = polled();
    if let Some(conversation) = pin {
        inbox.pin(&ConvKey::new("acme", conversation));
    }
    for earlier in first {
        apply(&mut inbox, &mut policy, earlier);
    }
    let before = inbox.snapshot();
    let name = event.name().to_owned();
    let (change, kinds) = apply(&mut inbox, &mut policy, &event);
    let row = event
        .conversation_id()
        .and_then(|id| inbox.get(&ConvKey::new("acme", id.to_string())));
    check(row, &kinds);
    assert_eq!(change.is_some(), inbox.snapshot() != before, "{name}");
    let after = inbox.snapshot();
    let (again, kinds) = apply(&mut inbox, &mut policy, &event);
    assert_eq!(again, None, "{name} replayed changed a row");
    assert!(kinds.is_empty(), "{name} replayed announced {kinds:?}");
    assert_eq!(inbox.snapshot(), after, "{name} replayed");
}

#[test]
fn on_conversation_unassigned() {
    let assigned = doc_on("on_conversation_assigned", Some(181));
    let unassigned = doc("on_conversation_unassigned");
    once_then_replayed(&[assigned], unassigned, None, |row, kinds| {
        let row = row.expect("the row");
        assert_eq!(
            (row.status.clone(), row.assignee.clone()),
            (Status::Unassigned, None)
        );
        assert!(row.lists.contains(&ListName::Unassigned));
        // Waiting again, for the same message as before: announced once, then.
        assert!(kinds.is_empty(), "{kinds:?}");
    });
}

#[test]
fn on_conversation_assigned() {
    // 181, known and waiting: now the operator's.
    let assigned = doc_on("on_conversation_assigned", Some(181));
    once_then_replayed(&[], assigned, None, |row, kinds| {
        let row = row.expect("the row");
        assert_eq!(row.status, Status::Open);
        assert_eq!(
            row.assignee.as_ref().map(|p| p.name.as_str()),
            Some("Supervisor")
        );
        assert!(!row.lists.contains(&ListName::Unassigned));
        assert!(row.lists.contains(&ListName::Unread), "{:?}", row.lists);
        assert_eq!(kinds, [NotificationKind::AssignedToMe]);
    });
    // 180, as printed: unknown to the inbox, assigned to this desk's operator.
    once_then_replayed(&[], doc("on_conversation_assigned"), None, |row, kinds| {
        let row = row.expect("a row for it");
        assert_eq!(
            (row.customer_name.as_str(), row.channel.as_str()),
            ("Yuri Dzabaev", "telegrambot")
        );
        assert_eq!(row.last_activity, 1_513_351_289, "its date_updated");
        assert!(
            row.lists.contains(&ListName::NotAnswered),
            "{:?}",
            row.lists
        );
        assert_eq!(kinds, [NotificationKind::AssignedToMe]);
    });
}

#[test]
fn on_conversation_closed_ends_the_row_on_its_messages_and_tags() {
    once_then_replayed(
        &[],
        doc("on_conversation_closed"),
        Some("181"),
        |row, kinds| {
            let row = row.expect("kept: it is open in the window");
            assert_eq!(row.status, Status::Closed);
            assert_eq!((row.unread, row.assignee.clone()), (0, None));
            assert!(row.lists.is_empty());
            // The last message of `messages`: "123", the operator's, at 1513353914.
            assert_eq!(row.preview, "123");
            assert!(!row.last_incoming);
            assert_eq!(row.last_activity, 1_513_353_914);
            assert_eq!(row.tags, ["test1"], "the three tags are one, repeated");
            assert!(kinds.is_empty(), "{kinds:?}");
        },
    );
    // Not open in the window: the closed conversation leaves the inbox.
    let (mut inbox, mut policy) = polled();
    let (change, kinds) = apply(&mut inbox, &mut policy, &doc("on_conversation_closed"));
    assert_eq!(change, Some(Change::Remove(ConvKey::new("acme", "181"))));
    assert!(kinds.is_empty());
}

#[test]
fn on_message_incoming() {
    once_then_replayed(&[], doc("on_message_incoming"), None, |row, kinds| {
        let row = row.expect("the row");
        assert_eq!((row.unread, row.preview.as_str()), (1, "test"));
        assert!(row.last_incoming);
        assert_eq!(row.last_activity, 1_513_338_128);
        assert_eq!(row.tags, ["tag1", "tag2"]);
        assert!(row.lists.contains(&ListName::Unread));
        assert_eq!(kinds, [NotificationKind::NewUnread]);
    });
}

#[test]
fn on_message_outgoing() {
    once_then_replayed(&[], doc("on_message_outgoing"), None, |row, kinds| {
        let row = row.expect("the row");
        assert_eq!((row.unread, row.preview.as_str()), (0, "123"));
        assert!(!row.last_incoming);
        assert_eq!(row.last_activity, 1_513_337_982);
        assert!(kinds.is_empty(), "{kinds:?}");
    });
}

#[test]
fn on_comment_incoming() {
    once_then_replayed(&[], doc("on_comment_incoming"), None, |row, kinds| {
        let row = row.expect("the row");
        assert_eq!((row.unread, row.preview.as_str()), (1, "test"));
        let post = row.post.as_ref().expect("the post");
        assert_eq!(post.title.as_deref(), Some("Пост из вк"));
        assert_eq!(kinds, [NotificationKind::NewUnread]);
    });
}

#[test]
fn on_comment_outgoing() {
    once_then_replayed(&[], doc("on_comment_outgoing"), None, |row, kinds| {
        let row = row.expect("the row");
        assert_eq!((row.unread, row.preview.as_str()), (0, "123"));
        assert!(!row.last_incoming);
        assert!(row.post.is_some());
        assert!(kinds.is_empty(), "{kinds:?}");
    });
}

#[test]
fn on_user_new_changes_no_row() {
    once_then_replayed(&[], doc("on_user_new"), None, |row, kinds| {
        assert!(row.is_none() && kinds.is_empty());
    });
    let event = doc("on_user_new");
    assert_eq!(event.conversation_id(), None);
    assert_eq!(event.customer_name().as_deref(), Some("Yuri Dzabaev"));
    assert!(webhook_item(&account(), None, &event, Some(ME), NOW).is_none());
}
