//! Webhooks → rows: the eight documented events, replays, skewed clocks, posts.

use super::*;
use crate::model::ListName;
use crate::notify_policy::{NotifyConfig, NotifyPolicy, Origin};
use crate::Inbox;

/// A clock shortly after the docs' examples were written.
const NOW: i64 = 1_513_354_000;

fn event(json: &str) -> WebhookEvent {
    WebhookEvent::parse(json.as_bytes()).unwrap()
}

const INCOMING: &str = r#"{"webhook":"on_message_incoming","conversation_id":181,
    "operator":{"id":null},"from_user":{"user_id":374,"title":"Yuri","application":"telegrambot"},
    "message":{"id":634,"type":"text","message":"Hello\nthere","date_created":1513353914}}"#;

#[test]
fn a_new_conversation_from_a_webhook_is_unassigned_and_news() {
    let account = AccountId::new("acme");
    let item = webhook_item(&account, None, &event(INCOMING), Some(7), NOW).unwrap();
    assert_eq!(item.customer_name, "Yuri");
    assert_eq!(item.channel, "telegrambot");
    assert_eq!(item.preview, "Hello there");
    assert_eq!(item.status, Status::Unassigned);
    assert_eq!(item.unread, 1);
    assert!(item.lists.contains(&ListName::Unassigned));

    let mut inbox = Inbox::new();
    let mut policy = NotifyPolicy::new(NotifyConfig::default());
    policy.decide(&account, &[], Origin::Poll);
    let changes: Vec<_> = inbox.apply_item(item.clone()).into_iter().collect();
    assert_eq!(policy.decide(&account, &changes, Origin::Push).len(), 1);

    // The poll then reports the same message with the real unread count: not news.
    let mut polled = item;
    polled.unread = 1;
    polled.marker = Marker::new(1513353914, 1);
    let changes = inbox.apply_list(&account, ListName::Unassigned, vec![polled], true);
    assert_eq!(changes.len(), 1, "the row takes the poll's data");
    assert!(policy.decide(&account, &changes, Origin::Poll).is_empty());
}

#[test]
fn assignment_and_closing_update_the_known_row() {
    let account = AccountId::new("acme");
    let known = webhook_item(&account, None, &event(INCOMING), Some(7), NOW).unwrap();
    let assigned = event(
        r#"{"webhook":"on_conversation_assigned","conversation":{"id":181,"status":"inbox",
            "operator":{"id":7,"name":"Olga"}}}"#,
    );
    let mine = webhook_item(&account, Some(&known), &assigned, Some(7), NOW).unwrap();
    assert_eq!(mine.assignee.as_ref().unwrap().name, "Olga");
    assert!(mine.lists.contains(&ListName::Unread));
    assert!(!mine.lists.contains(&ListName::Unassigned));
    let closed = event(r#"{"webhook":"on_conversation_closed","conversation":{"id":181}}"#);
    let row = webhook_item(&account, Some(&mine), &closed, Some(7), NOW).unwrap();
    assert_eq!(row.status, Status::Closed);
    assert!(row.lists.is_empty());
    let outgoing_unknown = event(
        r#"{"webhook":"on_message_outgoing","conversation_id":999,"message":{"message":"hi"}}"#,
    );
    assert!(webhook_item(&account, None, &outgoing_unknown, Some(7), NOW).is_none());
}

/// Runs one webhook through the row, the inbox and the notification policy,
/// as the app does: the notifications it raises.
fn deliver(inbox: &mut Inbox, policy: &mut NotifyPolicy, event: &WebhookEvent, now: i64) -> usize {
    let Some(change) = apply_webhook(inbox, "acme", Some(7), event, now) else {
        return 0;
    };
    policy
        .decide(&AccountId::new("acme"), &[change], Origin::Push)
        .len()
}

fn incoming_at(message_id: i64, at: i64) -> WebhookEvent {
    event(&format!(
        r#"{{"webhook":"on_message_incoming","conversation_id":181,"operator":{{"id":null}},
        "from_user":{{"user_id":374,"title":"Yuri"}},
        "message":{{"id":{message_id},"message":"m{message_id}","date_created":{at}}}}}"#
    ))
}

#[test]
fn a_replayed_message_changes_nothing() {
    let (mut inbox, mut policy) = (Inbox::new(), NotifyPolicy::new(NotifyConfig::default()));
    let now = 1_700_000_000;
    let first = incoming_at(1, now - 5);
    assert_eq!(deliver(&mut inbox, &mut policy, &first, now), 1);
    let before = inbox.snapshot();
    for later in [now, now + 3600] {
        assert_eq!(deliver(&mut inbox, &mut policy, &first, later), 0);
    }
    assert_eq!(inbox.snapshot(), before, "a replay changed the inbox");
    assert_eq!(inbox.unread_total(), 1);

    // The next real message still counts and rings.
    assert_eq!(
        deliver(&mut inbox, &mut policy, &incoming_at(2, now), now),
        1
    );
    assert_eq!(inbox.unread_total(), 2);
}

#[test]
fn a_time_far_ahead_is_taken_as_a_minute_ahead_and_silences_nothing() {
    let (mut inbox, mut policy) = (Inbox::new(), NotifyPolicy::new(NotifyConfig::default()));
    let now = 1_700_000_000;
    let ahead = incoming_at(1, now + 10 * 86_400);
    assert_eq!(deliver(&mut inbox, &mut policy, &ahead, now), 1);
    let row = inbox.get(&ConvKey::new("acme", "181")).unwrap();
    assert_eq!(row.marker.at, now + MAX_FUTURE_SECS);
    assert_eq!(row.last_activity, now + MAX_FUTURE_SECS);

    // Two minutes on, the customer writes again: news, not hidden behind the
    // bogus time.
    let later = now + 120;
    assert_eq!(
        deliver(&mut inbox, &mut policy, &incoming_at(2, later), later),
        1
    );
    let row = inbox.get(&ConvKey::new("acme", "181")).unwrap();
    assert_eq!((row.unread, row.preview.as_str()), (2, "m2"));

    // Within the minute of skew, a time is kept as it is.
    let skewed = incoming_at(3, later + 30);
    assert_eq!(deliver(&mut inbox, &mut policy, &skewed, later), 1);
    let row = inbox.get(&ConvKey::new("acme", "181")).unwrap();
    assert_eq!(row.marker.at, later + 30);
}

/// The docs' `on_comment_incoming` names the post the comment is under.
#[test]
fn a_comment_names_its_post_and_the_inbox_keeps_it() {
    let account = AccountId::new("acme");
    let comment = event(
        r#"{"webhook":"on_comment_incoming","conversation_id":173,"operator":{"id":11},
            "from_user":{"user_id":481,"title":"Yuri Dzabaev","application":"vk"},
            "comment":{"id":546,"type":"text","post_id":"123123",
            "post_url":"https://vk.com/id1?w=wall1_2307813","post_title":"Пост из вк",
            "date_created":1513338128,"message":"test"}}"#,
    );
    let item = webhook_item(&account, None, &comment, Some(11), NOW).unwrap();
    let post = item.post.clone().unwrap();
    assert_eq!(post.title.as_deref(), Some("Пост из вк"));
    assert_eq!(
        post.url.as_deref(),
        Some("https://vk.com/id1?w=wall1_2307813")
    );

    // The lists then say only `type: comment`: the post seen before stays.
    let mut inbox = Inbox::new();
    inbox.apply_item(item.clone());
    let listed: blinger::Conversation = serde_json::from_str(
        r#"{"id":173,"status":"inbox","application":"vk","type":"comment",
            "operator_user_id":11,"unread_count":1,"last_message_date":1513338128}"#,
    )
    .unwrap();
    let polled = super::super::map::item(&account, &listed);
    assert!(polled.post.as_ref().unwrap().is_blank());
    inbox.apply_list(&account, ListName::Unread, vec![polled], true);
    let kept = inbox.get(&item.key).unwrap().post.clone();
    assert_eq!(kept, Some(post));
}

#[test]
fn a_replay_after_a_poll_does_not_count_again() {
    let (mut inbox, mut policy) = (Inbox::new(), NotifyPolicy::new(NotifyConfig::default()));
    let now = 1_700_000_000;
    let first = incoming_at(1, now - 5);
    assert_eq!(deliver(&mut inbox, &mut policy, &first, now), 1);
    // The poll has the same message with its own marker (time, unread count).
    let key = ConvKey::new("acme", "181");
    let mut polled = inbox.get(&key).unwrap().clone();
    polled.marker = Marker::new(now - 5, 1);
    inbox.apply_list(
        &AccountId::new("acme"),
        ListName::Unassigned,
        vec![polled],
        true,
    );
    let before = inbox.snapshot();
    assert_eq!(deliver(&mut inbox, &mut policy, &first, now + 60), 0);
    assert_eq!(inbox.snapshot(), before, "the replay changed the row");
    assert_eq!(inbox.get(&key).unwrap().unread, 1);
}

#[test]
fn closing_an_unknown_conversation_adds_no_row() {
    let mut inbox = Inbox::new();
    let closed = event(
        r#"{"webhook":"on_conversation_closed","conversation":{"id":5,
        "from_user":{"title":"Nobody"},"messages":[{"id":1,"message":"bye","is_outgoing":false}]}}"#,
    );
    let item = webhook_item(&AccountId::new("acme"), None, &closed, Some(7), NOW).unwrap();
    assert!(item.lists.is_empty());
    assert_eq!(
        inbox.apply_item(item),
        None,
        "a closed row in no list is not kept"
    );
    assert!(inbox.is_empty());
}

#[path = "webhook_doc_tests.rs"]
mod documented;
