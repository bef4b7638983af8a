//! Blinger webhooks → the inbox row they change, for `Inbox::apply_item` with
//! `Origin::Push`, so news shows (and notifies) without waiting for the next poll.
//!
//! Webhooks carry no unread count and no list membership, so the row is the known
//! one updated with what the event says, and the poller should be asked to resync:
//! the poll has the final word. The marker of an incoming message is its time with
//! the highest sequence, meaning "everything up to this second": the poll's marker
//! for the same message (same time, real unread count) is then not newer, so the
//! message is never announced twice.
//!
//! Webhooks are unsigned and may be replayed. An incoming message no newer than
//! what the row already counts changes nothing (a replay must not add to the
//! unread count), and a time more than [`MAX_FUTURE_SECS`] ahead of the clock is
//! taken as that far ahead: trusted as it is, a far-future time would become the
//! row's marker and every real message after it would look old and stay silent.

use super::map::infer_lists;
use crate::model::{AccountId, ConvKey, InboxItem, Marker, Person, PostRef, Status, PREVIEW_CHARS};
use crate::text::one_line;
use blinger::WebhookEvent;

/// "Everything up to this second" (see the module docs).
const UP_TO_THIS_SECOND: u64 = u64::MAX >> 1;

/// How far ahead of our clock an event's time may be (clock skew).
pub const MAX_FUTURE_SECS: i64 = 60;

/// The row `event` leads to, from the current one (if the conversation is known).
/// `None` for events that change no row (a new user, an unknown event, an outgoing
/// message in a conversation not in the inbox).
pub fn webhook_item(
    account: &AccountId,
    existing: Option<&InboxItem>,
    event: &WebhookEvent,
    me: Option<i64>,
    now_secs: i64,
) -> Option<InboxItem> {
    let id = event.conversation_id()?;
    let key = ConvKey {
        account: account.clone(),
        conversation: id.to_string(),
    };
    let mut item = match existing {
        Some(known) => known.clone(),
        None => {
            let name = event
                .customer_name()
                .unwrap_or_else(|| format!("Customer #{id}"));
            let channel = event
                .customer()
                .and_then(|u| u.application.as_ref())
                .map(|c| c.as_str().to_owned())
                .unwrap_or_default();
            InboxItem::new(key, name, channel)
        }
    };
    item.lists.clear();
    let operator = event.operator().and_then(|o| {
        let id = o.id?;
        let name = o.name.clone().or_else(|| o.email.clone());
        Some(Person {
            id: id.to_string(),
            name: name.unwrap_or_else(|| format!("Operator #{id}")),
        })
    });
    let (at, text) = match event {
        WebhookEvent::MessageIncoming(e) | WebhookEvent::MessageOutgoing(e) => {
            let m = e.message.as_ref();
            (m.and_then(|m| m.date_created), event.preview_text())
        }
        WebhookEvent::CommentIncoming(e) | WebhookEvent::CommentOutgoing(e) => {
            let c = e.comment.as_ref();
            if let Some(post) = c.and_then(|c| {
                PostRef::from_parts(c.post_title.as_deref(), c.post_url.as_deref(), None)
            }) {
                item.post = Some(post);
            }
            (c.and_then(|c| c.date_created), event.preview_text())
        }
        _ => (None, None),
    };
    let at = at
        .unwrap_or(now_secs)
        .min(now_secs.saturating_add(MAX_FUTURE_SECS));
    match event {
        WebhookEvent::MessageIncoming(_) | WebhookEvent::CommentIncoming(_) => {
            let marker = Marker::new(at, UP_TO_THIS_SECOND);
            if existing.is_some_and(|known| known.marker >= marker) {
                return None; // counted already: a replay, or older than the poll's news
            }
            if item.status == Status::Closed {
                item.status = Status::Unassigned; // a customer writing reopens it
                item.assignee = None;
            }
            if existing.is_none() {
                item.status = if operator.is_some() {
                    Status::Open
                } else {
                    Status::Unassigned
                };
                item.assignee = operator;
            }
            item.unread = item.unread.saturating_add(1);
            item.last_incoming = true;
            item.marker = marker;
        }
        WebhookEvent::MessageOutgoing(_) | WebhookEvent::CommentOutgoing(_) => {
            existing?;
            item.last_incoming = false;
            item.marker = item.marker.max(Marker::new(at, 0));
        }
        WebhookEvent::ConversationAssigned(_) => {
            item.status = Status::Open;
            item.assignee = operator;
        }
        WebhookEvent::ConversationUnassigned(_) => {
            item.status = Status::Unassigned;
            item.assignee = None;
        }
        WebhookEvent::ConversationClosed(_) => {
            item.status = Status::Closed;
        }
        WebhookEvent::UserNew(_) | WebhookEvent::Unknown { .. } => return None,
    }
    if let Some(text) = text {
        item.preview = one_line(&text, PREVIEW_CHARS);
        item.last_activity = item.last_activity.max(at);
    }
    infer_lists(&mut item, me);
    Some(item)
}

#[cfg(test)]
mod tests {
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
    fn deliver(
        inbox: &mut Inbox,
        policy: &mut NotifyPolicy,
        event: &WebhookEvent,
        now: i64,
    ) -> usize {
        let account = AccountId::new("acme");
        let key = ConvKey::new("acme", event.conversation_id().unwrap().to_string());
        let existing = inbox.get(&key).cloned();
        let Some(change) = webhook_item(&account, existing.as_ref(), event, Some(7), now)
            .and_then(|item| inbox.apply_item(item))
        else {
            return 0;
        };
        policy.decide(&account, &[change], Origin::Push).len()
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
}
