//! Blinger's models → the neutral model.

use crate::model::{
    AccountId, ConvKey, DeliveryState, Direction, Group, InboxItem, ListName, Marker, MessageKind,
    Person, Status, ThreadMessage,
};
use crate::outbox::Payload;

/// One conversation (a list summary or an action's full answer) as an inbox row.
/// Memberships are left to the caller: the poll knows which list it read.
pub fn item(account: &AccountId, c: &blinger::Conversation) -> InboxItem {
    let unread = c.unread_count.unwrap_or(0).clamp(0, i64::from(u32::MAX)) as u32;
    let last_activity = c
        .last_message_date
        .or(c.date_updated)
        .or(c.date_created)
        .unwrap_or(0);
    let status = match &c.status {
        Some(blinger::Status::Inbox) => Status::Open,
        Some(blinger::Status::Unassigned) => Status::Unassigned,
        Some(blinger::Status::Closed) => Status::Closed,
        Some(blinger::Status::Other(s)) => Status::from(s.clone()),
        None => Status::Open,
    };
    // An unassigned conversation may still name its previous operator.
    let assignee = match status {
        Status::Unassigned | Status::Closed => None,
        _ => c.operator_user_id.map(|id| Person {
            id: id.to_string(),
            name: c
                .operator_email
                .clone()
                .unwrap_or_else(|| format!("Operator #{id}")),
        }),
    };
    // Lists carry neither flag; an item is in them because the customer wrote.
    let last_incoming = match (c.is_operator_last_message, c.is_outgoing) {
        (Some(operator_last), _) => !operator_last,
        (None, Some(outgoing)) => !outgoing,
        (None, None) => true,
    };
    let mut item = InboxItem::new(
        ConvKey {
            account: account.clone(),
            conversation: c.id.to_string(),
        },
        c.customer_name(),
        c.channel().as_str(),
    )
    .with_preview(c.last_message.as_deref().unwrap_or(""));
    item.last_activity = last_activity;
    item.unread = unread;
    item.status = status;
    item.assignee = assignee;
    item.group = c.group_id.map(|id| Group {
        id: id.to_string(),
        name: String::new(),
    });
    // Each new customer message moves the date or (within one second) the count.
    item.marker = Marker::new(last_activity, u64::from(unread));
    item.last_incoming = last_incoming;
    item
}

/// The lists an item belongs to judging by its own data (for an action's answer,
/// which comes without a list): the next poll has the final word.
pub fn infer_lists(item: &mut InboxItem, me: Option<i64>) {
    let mine = matches!((&item.assignee, me), (Some(p), Some(me)) if p.id == me.to_string());
    match item.status {
        Status::Unassigned => {
            item.lists.insert(ListName::Unassigned);
        }
        Status::Open if mine => {
            if item.unread > 0 {
                item.lists.insert(ListName::Unread);
            }
            if item.last_incoming {
                item.lists.insert(ListName::NotAnswered);
            }
        }
        _ => {}
    }
}

/// A message of `get`'s answer.
pub fn message(detail: &blinger::ConversationDetail, m: &blinger::Message) -> ThreadMessage {
    let outgoing = m.is_from_operator();
    let (kind, text, attachment_url) = match m.kind() {
        blinger::MessageKind::Text => (MessageKind::Text, m.text().to_owned(), None),
        blinger::MessageKind::Image => (
            MessageKind::Image,
            String::new(),
            m.attachment_url().map(str::to_owned),
        ),
        blinger::MessageKind::File | blinger::MessageKind::Other(_) => (
            MessageKind::File,
            String::new(),
            m.attachment_url().map(str::to_owned),
        ),
    };
    let author = if outgoing {
        m.operator_id.map(|id| format!("Operator #{id}"))
    } else {
        Some(detail.customer_name())
    };
    let delivery = match (m.status.as_deref(), &m.error) {
        (Some("error"), error) | (_, error @ Some(_)) => DeliveryState::Failed {
            message: error
                .clone()
                .unwrap_or_else(|| "the messenger did not deliver it".into()),
        },
        _ => DeliveryState::Sent,
    };
    ThreadMessage {
        id: m.id.to_string(),
        text,
        kind,
        direction: if outgoing {
            Direction::Outgoing
        } else {
            Direction::Incoming
        },
        is_note: m.is_note(),
        author,
        at: m.date_created.unwrap_or(0),
        attachment_url,
        delivery,
    }
}

/// Whether a message of `get` is what `payload` would have produced.
///
/// Texts and notes: same trimmed text, same note flag. Files: Blinger re-hosts the
/// file (the answer's URL is on its own storage, not the one sent), so an outgoing
/// file or image whose URL is the one sent *or* ends with the same extension
/// matches; the outbox's claims keep two such files in one window apart.
pub fn matches(payload: &Payload, m: &blinger::Message) -> bool {
    if !m.is_from_operator() {
        return false;
    }
    match payload {
        Payload::Text { text } => {
            m.kind() == blinger::MessageKind::Text && !m.is_note() && m.text().trim() == text.trim()
        }
        Payload::Note { text } => m.is_note() && m.text().trim() == text.trim(),
        Payload::File { url } => {
            let Some(found) = m.attachment_url() else {
                return false;
            };
            found.trim() == url.trim() || extension(found) == extension(url)
        }
        _ => false,
    }
}

fn extension(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next()?;
    let name = path.rsplit('/').next()?;
    let (_, ext) = name.rsplit_once('.')?;
    (!ext.is_empty()).then(|| ext.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conv(json: &str) -> blinger::Conversation {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn list_summary_maps_to_a_row() {
        let c = conv(
            r#"{"id":300,"status":"inbox","application":"telegrambot","from_user_name":"Anna",
                "operator_user_id":18,"operator_email":"op@x.io","unread_count":2,
                "last_message":"Where\nis it?","last_message_date":1563895196,"group_id":"4"}"#,
        );
        let item = item(&AccountId::new("acme"), &c);
        assert_eq!(item.key, ConvKey::new("acme", "300"));
        assert_eq!(item.customer_name, "Anna");
        assert_eq!(item.channel, "telegrambot");
        assert_eq!(item.preview, "Where is it?");
        assert_eq!(item.unread, 2);
        assert_eq!(item.status, Status::Open);
        assert_eq!(item.assignee.as_ref().unwrap().id, "18");
        assert_eq!(item.group.as_ref().unwrap().id, "4");
        assert_eq!(item.marker, Marker::new(1563895196, 2));
        assert!(item.last_incoming);
    }

    #[test]
    fn unassigned_has_no_assignee_and_infers_its_list() {
        let c = conv(r#"{"id":"7","status":"unassigned","operator_user_id":3}"#);
        let mut item = item(&AccountId::new("a"), &c);
        assert_eq!(item.assignee, None);
        assert_eq!(item.customer_name, "Customer #7");
        infer_lists(&mut item, Some(3));
        assert_eq!(
            item.lists.iter().copied().collect::<Vec<_>>(),
            [ListName::Unassigned]
        );
    }

    #[test]
    fn taken_conversation_infers_my_lists() {
        let c = conv(
            r#"{"id":7,"status":"inbox","operator_user_id":3,"unread_count":1,
                "is_operator_last_message":false}"#,
        );
        let mut item = item(&AccountId::new("a"), &c);
        infer_lists(&mut item, Some(3));
        assert!(item.lists.contains(&ListName::Unread));
        assert!(item.lists.contains(&ListName::NotAnswered));
        let mut other = item.clone();
        other.lists.clear();
        infer_lists(&mut other, Some(4));
        assert!(other.lists.is_empty());
    }

    #[test]
    fn file_matching_tolerates_rehosting() {
        let m: blinger::Message = serde_json::from_str(
            r#"{"id":1,"type":"image","operator_id":3,
                "message":"https://static-api.blinger.io/files/new/67/cf/67cf.png"}"#,
        )
        .unwrap();
        assert!(matches(
            &Payload::File {
                url: "https://x.io/a/photo.PNG?x=1".into()
            },
            &m
        ));
        assert!(!matches(
            &Payload::File {
                url: "https://x.io/doc.pdf".into()
            },
            &m
        ));
        let text: blinger::Message =
            serde_json::from_str(r#"{"id":2,"type":"text","is_outgoing":true,"message":" ok "}"#)
                .unwrap();
        assert!(matches(&Payload::Text { text: "ok".into() }, &text));
        assert!(!matches(&Payload::Note { text: "ok".into() }, &text));
    }
}
