//! Chatwoot's models → the neutral model.

use crate::model::{
    AccountId, ConvKey, Customer, DeliveryState, Direction, Group, InboxItem, ListName, Marker,
    MessageKind, Person, Status, Thread, ThreadMessage,
};
use chatwoot::{ConversationStatus, MessageType};

pub fn status(s: Option<ConversationStatus>) -> Status {
    match s {
        Some(ConversationStatus::Open) | None => Status::Open,
        Some(ConversationStatus::Resolved) => Status::Closed,
        Some(ConversationStatus::Pending) => Status::Pending,
        Some(ConversationStatus::Snoozed) => Status::Snoozed,
    }
}

/// One conversation of a list (or of `GET conversations/{id}`) as an inbox row.
pub fn item(account: &AccountId, c: &chatwoot::Conversation) -> InboxItem {
    let last = c.last_message();
    let last_activity = c.last_activity().map(|t| t.unix()).unwrap_or(0);
    let customer = c
        .customer_name()
        .map(str::to_owned)
        .unwrap_or_else(|| format!("Customer #{}", c.id));
    let mut item = InboxItem::new(
        ConvKey {
            account: account.clone(),
            conversation: c.id.to_string(),
        },
        customer,
        c.meta.channel.clone().unwrap_or_default(),
    )
    .with_preview(last.and_then(|m| m.content.as_deref()).unwrap_or(""));
    item.last_activity = last_activity;
    item.unread = c.unread_count.min(u64::from(u32::MAX)) as u32;
    item.status = status(c.status);
    item.assignee = c.meta.assignee.as_ref().map(|a| Person {
        id: a.id.to_string(),
        name: a
            .display_name()
            .map(str::to_owned)
            .unwrap_or_else(|| format!("Agent #{}", a.id)),
    });
    item.group = c.meta.team.as_ref().map(|t| Group {
        id: t.id.to_string(),
        name: t.name.clone().unwrap_or_default(),
    });
    // Message ids grow with every message: the exact tie-breaker within a second.
    item.marker = Marker::new(
        last.and_then(|m| m.created_at)
            .map(|t| t.unix())
            .unwrap_or(last_activity),
        last.map(|m| m.id.get()).unwrap_or(0),
    );
    item.last_incoming = last.is_none_or(|m| m.is_incoming());
    item
}

/// The lists an item belongs to judging by its own data (for an action's answer).
pub fn infer_lists(item: &mut InboxItem, me: Option<u64>) {
    if !matches!(item.status, Status::Open | Status::Pending) {
        return;
    }
    item.lists.insert(ListName::All);
    match (&item.assignee, me) {
        (None, _) => {
            item.lists.insert(ListName::Unassigned);
        }
        (Some(p), Some(me)) if p.id == me.to_string() => {
            item.lists.insert(ListName::Mine);
        }
        _ => {}
    }
}

/// A conversation's messages and its contact, for the thread and details panel.
pub fn thread(list: &chatwoot::MessageList) -> Thread {
    let customer = list.meta.contact.as_ref().map(|c| Customer {
        name: c.name.clone(),
        phone: c.phone_number.clone(),
        email: c.email.clone(),
        page_url: list
            .meta
            .additional_attributes
            .get("referer")
            .and_then(|v| v.as_str())
            .map(str::to_owned),
        page_title: None,
        tags: list.meta.labels.clone(),
    });
    Thread {
        messages: list.messages.iter().map(message).collect(),
        customer,
        comments: false,
        state: None,
    }
}

pub fn message(m: &chatwoot::Message) -> ThreadMessage {
    let attachment = m.attachments.first();
    let kind = match (m.message_type, attachment) {
        (Some(MessageType::Activity), _) => MessageKind::Activity,
        (_, Some(a)) if a.file_type.as_deref() == Some("image") => MessageKind::Image,
        (_, Some(_)) => MessageKind::File,
        _ => MessageKind::Text,
    };
    let delivery = match m.status.as_deref() {
        Some("failed") => DeliveryState::Failed {
            outbox_id: None,
            message: m
                .content_attributes
                .get("external_error")
                .and_then(|v| v.as_str())
                .unwrap_or("the channel did not deliver it")
                .to_owned(),
        },
        _ => DeliveryState::SENT,
    };
    ThreadMessage {
        id: m.id.to_string(),
        text: m.content.clone().unwrap_or_default(),
        kind,
        direction: if m.is_incoming() {
            Direction::Incoming
        } else {
            Direction::Outgoing
        },
        is_note: m.is_note(),
        author: m
            .sender
            .as_ref()
            .and_then(|s| s.display_name())
            .map(str::to_owned),
        at: m.created_at.map(|t| t.unix()).unwrap_or(0),
        attachment_url: attachment.and_then(|a| a.data_url.clone()),
        delivery,
        post: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_item_maps_to_a_row() {
        let c: chatwoot::Conversation = serde_json::from_value(serde_json::json!({
            "id": 42,
            "status": "open",
            "unread_count": 3,
            "meta": {
                "sender": {"id": 9, "name": "Anna"},
                "assignee": {"id": 5, "name": "Olga"},
                "team": {"id": 2, "name": "Sales"},
                "channel": "Channel::Telegram"
            },
            "last_non_activity_message": {
                "id": 981, "content": "Hello\nthere", "message_type": 0, "created_at": 1700000100
            },
            "timestamp": 1700000100
        }))
        .unwrap();
        let mut item = item(&AccountId::new("cw"), &c);
        assert_eq!(item.key, ConvKey::new("cw", "42"));
        assert_eq!(item.customer_name, "Anna");
        assert_eq!(item.channel, "Channel::Telegram");
        assert_eq!(item.preview, "Hello there");
        assert_eq!(item.unread, 3);
        assert_eq!(item.marker, Marker::new(1700000100, 981));
        assert!(item.last_incoming);
        assert_eq!(item.assignee.as_ref().unwrap().name, "Olga");
        assert_eq!(item.group.as_ref().unwrap().name, "Sales");
        infer_lists(&mut item, Some(5));
        assert!(item.lists.contains(&ListName::Mine));
        assert!(!item.lists.contains(&ListName::Unassigned));
    }

    #[test]
    fn resolved_is_closed_and_in_no_list() {
        let c: chatwoot::Conversation =
            serde_json::from_value(serde_json::json!({"id": 1, "status": "resolved"})).unwrap();
        let mut item = item(&AccountId::new("cw"), &c);
        assert_eq!(item.status, Status::Closed);
        infer_lists(&mut item, None);
        assert!(item.lists.is_empty());
    }

    #[test]
    fn messages_map_kind_direction_and_failure() {
        let m: chatwoot::Message = serde_json::from_value(serde_json::json!({
            "id": 7, "content": "see attached", "message_type": 1, "private": true,
            "status": "failed", "content_attributes": {"external_error": "window closed"},
            "attachments": [{"id": 1, "file_type": "image", "data_url": "https://x/y.png"}],
            "sender": {"id": 5, "name": "Olga"}, "created_at": 1700000000
        }))
        .unwrap();
        let t = message(&m);
        assert_eq!(t.kind, MessageKind::Image);
        assert_eq!(t.direction, Direction::Outgoing);
        assert!(t.is_note);
        assert_eq!(t.author.as_deref(), Some("Olga"));
        assert_eq!(t.attachment_url.as_deref(), Some("https://x/y.png"));
        assert_eq!(
            t.delivery,
            DeliveryState::Failed {
                outbox_id: None,
                message: "window closed".into()
            }
        );
    }
}
