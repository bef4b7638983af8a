//! Blinger's models → the neutral model.

use crate::model::{
    AccountId, ConvKey, Customer, DeliveryState, Direction, Group, InboxItem, ListName, Marker,
    MessageKind, Person, PostRef, Status, Thread, ThreadMessage,
};
use crate::outbox::Payload;
use crate::peek::Peeked;
use crate::thread::ThreadState;

/// One conversation (a list summary or an action's full answer) as an inbox row.
/// Memberships are left to the caller: the poll knows which list it read.
///
/// The documented list items carry no last message: the preview then stays empty
/// and is filled by a later read (see `peek`). A server that sends `last_message`
/// anyway gives the preview at once, and the row counts as read at that point.
pub fn item(account: &AccountId, c: &blinger::Conversation) -> InboxItem {
    let unread = c.unread_count.unwrap_or(0).clamp(0, i64::from(u32::MAX)) as u32;
    // `unassigned` items carry only `unassigned_date` (the docs show no other time).
    let last_activity = c
        .last_message_date
        .or(c.unassigned_date)
        .or(c.date_updated)
        .or(c.date_created)
        .unwrap_or(0);
    let status = status(c.status.as_ref());
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
    // Lists say only `type: comment`; the full object names the post.
    item.post = PostRef::from_parts(
        c.comment_post_title.as_deref(),
        c.comment_post_url.as_deref(),
        c.comment_post_img.as_deref(),
    )
    .or_else(|| c.is_comment_thread().then(PostRef::default));
    if c.last_message.is_some() {
        item.peeked = Some(Peeked::from_list(&item));
    }
    item
}

fn status(s: Option<&blinger::Status>) -> Status {
    match s {
        Some(blinger::Status::Inbox) => Status::Open,
        Some(blinger::Status::Unassigned) => Status::Unassigned,
        Some(blinger::Status::Closed) => Status::Closed,
        Some(blinger::Status::Other(s)) => Status::from(s.clone()),
        None => Status::Open,
    }
}

/// `get`'s answer as an opened conversation. Whether it is a comment thread is
/// known only from the customer's `is_comments` flag; the post itself is the
/// inbox row's (see [`InboxItem::post`]).
pub fn thread(detail: &blinger::ConversationDetail) -> Thread {
    let customer = detail.from_user.as_ref().map(|u| Customer {
        name: Some(detail.customer_name()),
        phone: u.phone.clone(),
        email: None,
        page_url: u.page_url.clone(),
        page_title: u.page_title.clone(),
        tags: u.tags.titles().map(str::to_owned).collect(),
    });
    Thread {
        messages: detail.messages.iter().map(|m| message(detail, m)).collect(),
        customer,
        comments: detail
            .from_user
            .as_ref()
            .and_then(|u| u.is_comments)
            .unwrap_or(false),
        state: detail.status.as_ref().map(|s| ThreadState {
            status: status(Some(s)),
            assignee_id: detail.operator_id.map(|id| id.to_string()),
        }),
    }
}

/// The lists an item belongs to judging by its own data (for an action's answer,
/// which comes without a list): the next poll has the final word. An open
/// conversation assigned to this operator is also *Mine*, which no server list
/// holds: it stays there until a read shows it closed or someone else's.
pub fn infer_lists(item: &mut InboxItem, me: Option<i64>) {
    let mine = matches!((&item.assignee, me), (Some(p), Some(me)) if p.id == me.to_string());
    match item.status {
        Status::Unassigned => {
            item.lists.insert(ListName::Unassigned);
        }
        Status::Open if mine => {
            item.lists.insert(ListName::Mine);
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
            outbox_id: None,
            message: error
                .clone()
                .unwrap_or_else(|| "the messenger did not deliver it".into()),
        },
        _ => DeliveryState::SENT,
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
        post: None,
    }
}

/// Whether a message of `get` is what `payload` would have produced. `by_me`: the
/// message names this desk's operator (both ids known and equal).
///
/// Texts and notes: same trimmed text; `get` messages carry no `is_inner_message`
/// (the docs show none), so an unknown flag is neither note nor reply, while a known
/// one must agree. Files: the URL sent. Blinger may re-host a file on its own storage
/// (the send answer in the docs shows such a URL), so a file of the same, non-empty
/// extension also matches — but only when the message names our own operator: a
/// colleague's file must never be taken for ours.
pub fn matches(payload: &Payload, m: &blinger::Message, by_me: bool) -> bool {
    if !m.is_from_operator() {
        return false;
    }
    match payload {
        Payload::Text { text } => {
            m.kind() == blinger::MessageKind::Text
                && m.is_inner_message != Some(true)
                && m.text().trim() == text.trim()
        }
        Payload::Note { text } => {
            m.is_inner_message != Some(false) && m.text().trim() == text.trim()
        }
        Payload::File { url } => m.attachment_url().is_some_and(|found| {
            found.trim() == url.trim()
                || (by_me && extension(found).is_some() && extension(found) == extension(url))
        }),
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
    fn a_full_comment_conversation_names_its_post() {
        let c = conv(
            r#"{"id":5,"status":"inbox","application":"vk","type":"comment",
                "comment_post_id":"1","comment_post_url":"https://vk.com/wall1_2",
                "comment_post_title":"New menu","comment_post_img":null}"#,
        );
        let post = item(&AccountId::new("a"), &c).post.unwrap();
        assert_eq!(post.title.as_deref(), Some("New menu"));
        assert_eq!(post.url.as_deref(), Some("https://vk.com/wall1_2"));
        // The docs' message conversations carry the same fields as nulls.
        let plain = conv(
            r#"{"id":6,"type":"message","comment_post_id":null,"comment_post_url":null,
                "comment_post_title":null,"comment_post_img":null}"#,
        );
        assert_eq!(item(&AccountId::new("a"), &plain).post, None);
    }

    /// `get`'s `from_user` (the docs' example plus a live-chat page and tags).
    #[test]
    fn get_gives_the_customer_for_the_details_panel() {
        let detail: blinger::ConversationDetail = serde_json::from_str(
            r#"{"conversation_id":5867,"from_user":{"name":"Alex","phone":"+37529576375",
                "tags":[{"id":1,"title":"vip"}],"page_url":"https://shop.example/cart",
                "page_title":"Cart","is_comments":true},
                "messages":[{"id":1,"message":"Nice post","type":"text","date_created":1}]}"#,
        )
        .unwrap();
        let mut thread = thread(&detail);
        let customer = thread.customer.clone().unwrap();
        assert_eq!(customer.name.as_deref(), Some("Alex"));
        assert_eq!(customer.phone.as_deref(), Some("+37529576375"));
        assert_eq!(customer.tags, ["vip"]);
        assert_eq!(
            customer.page_url.as_deref(),
            Some("https://shop.example/cart")
        );
        assert_eq!(customer.page_title.as_deref(), Some("Cart"));
        assert!(thread.comments);
        thread.mark_comments(None);
        assert_eq!(thread.messages[0].kind, MessageKind::Comment);
    }

    #[test]
    fn a_rehosted_file_matches_only_when_it_is_our_operators() {
        let m: blinger::Message = serde_json::from_str(
            r#"{"id":1,"type":"image","operator_id":3,
                "message":"https://static-api.blinger.io/files/new/67/cf/67cf.png"}"#,
        )
        .unwrap();
        let png = Payload::File {
            url: "https://x.io/a/photo.PNG?x=1".into(),
        };
        assert!(matches(&png, &m, true));
        assert!(!matches(&png, &m, false), "a colleague's png is not ours");
        let pdf = Payload::File {
            url: "https://x.io/doc.pdf".into(),
        };
        assert!(!matches(&pdf, &m, true));
        let exact = Payload::File {
            url: "https://static-api.blinger.io/files/new/67/cf/67cf.png".into(),
        };
        assert!(matches(&exact, &m, false), "the exact URL is ours");
        let bare: blinger::Message = serde_json::from_str(
            r#"{"id":4,"type":"file","operator_id":3,"message":"https://x.io/download"}"#,
        )
        .unwrap();
        let other_bare = Payload::File {
            url: "https://y.io/get".into(),
        };
        assert!(!matches(&other_bare, &bare, true), "no extension, no match");
    }

    #[test]
    fn texts_and_notes_agree_with_a_known_flag_and_tolerate_none() {
        let text: blinger::Message =
            serde_json::from_str(r#"{"id":2,"type":"text","is_outgoing":true,"message":" ok "}"#)
                .unwrap();
        assert!(matches(&Payload::Text { text: "ok".into() }, &text, false));
        assert!(matches(&Payload::Note { text: "ok".into() }, &text, false));
        let reply: blinger::Message = serde_json::from_str(
            r#"{"id":2,"type":"text","is_outgoing":true,"is_inner_message":false,"message":"ok"}"#,
        )
        .unwrap();
        assert!(!matches(
            &Payload::Note { text: "ok".into() },
            &reply,
            false
        ));
        let note: blinger::Message = serde_json::from_str(
            r#"{"id":3,"type":"text","operator_id":1,"is_inner_message":true,"message":"ok"}"#,
        )
        .unwrap();
        assert!(!matches(&Payload::Text { text: "ok".into() }, &note, false));
    }
}
