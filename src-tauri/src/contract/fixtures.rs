//! Sample values for the UI tests, made by the Rust types and serialized by serde:
//! the shapes the fake backend serves are the shapes the app sends. The tests may
//! change values (names, ids, times), never shapes; the fake backend checks that.

use super::people::{directory, names};
use crate::commands::CannedReply;
use deskbell_desk::outbox::{
    summarize, EntryState, OutboxEntry, OutboxEvent, Payload, QueueSummary,
};
use deskbell_desk::state_file::Notice;
use deskbell_desk::SentRef;
use deskbell_desk::{
    Change, ConvKey, Customer, DeliveryState, Direction, Group, InboxItem, ListName, Marker,
    MessageKind, Person, PostRef, Status, ThreadMessage,
};
use deskbell_runtime::error::CmdError;
use deskbell_runtime::events::{AccountView, DeskEvent};
use deskbell_runtime::settings::{Account, AccountKind, Names, Settings};
use deskbell_runtime::verbs::{Details, OpenedConversation};
use deskbell_runtime::Connection;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::{json, Value};
use uuid::Uuid;

/// 2025-03-12 10:30 UTC, the tests' pinned clock.
const NOW: i64 = 1_741_775_400;
/// The sample accounts' ids (`ConvKey.account` holds the id, not the name).
pub(super) const SUPPORT: &str = "6a1f0b9e-3c55-4d2a-9f1e-2b7c8d9e0a11";
const DIGITAL: &str = "0d3c2b1a-7e6f-4a5b-8c9d-e0f1a2b3c4d5";

/// The outbox ids of the sample echoes (fixed, so tests can name them).
const PENDING_ID: Uuid = Uuid::from_u128(0x0b0e_0000_0000_4000_8000_0000_0000_0001);
const FAILED_ID: Uuid = Uuid::from_u128(0x0b0e_0000_0000_4000_8000_0000_0000_0002);
const WAITING_ID: Uuid = Uuid::from_u128(0x0b0e_0000_0000_4000_8000_0000_0000_0003);

fn v<T: Serialize>(value: T) -> Value {
    serde_json::to_value(value).expect("serializable")
}

/// What Rust makes of a value read from JSON (unknown fields dropped, defaults
/// filled in): for types the page sends and Rust echoes back.
fn through<T: DeserializeOwned + Serialize>(value: Value) -> Value {
    v(serde_json::from_value::<T>(value).expect("a valid value"))
}

fn accounts() -> [Account; 2] {
    [
        Account {
            id: SUPPORT.into(),
            name: "Support".into(),
            insecure: false,
            kind: AccountKind::Blinger {
                api_url: "https://app.blinger.io/api".into(),
                operator_id: Some(7),
                group_ids: vec![1],
                widget_url: Some("https://widget.blinger.io/api/external/v1".into()),
            },
            names: names(),
        },
        Account {
            id: DIGITAL.into(),
            name: "99digital".into(),
            insecure: false,
            kind: AccountKind::Chatwoot {
                api_url: "https://online.99digital.co.il".into(),
                account_id: 3,
                inbox_id: Some(5),
            },
            names: Names::default(),
        },
    ]
}

fn settings() -> Settings {
    let mut settings = Settings {
        accounts: accounts().to_vec(),
        poll_interval_secs: 30,
        notification_sound: true,
        ..Settings::default()
    };
    settings.webhook.set(SUPPORT, true);
    settings
}

fn person(id: &str, name: &str) -> Person {
    Person {
        id: id.into(),
        name: name.into(),
    }
}

fn items() -> Value {
    let mut blinger = InboxItem::new(ConvKey::new(SUPPORT, "300"), "Anna Petrova", "telegrambot")
        .with_preview("Hi! My order #4471 still shows “processing”, can you check?");
    blinger.last_activity = NOW;
    blinger.unread = 2;
    blinger.status = Status::Unassigned;
    blinger
        .lists
        .extend([ListName::Unassigned, ListName::Unread]);
    blinger.marker = Marker::new(NOW, 2);
    let mut chatwoot = InboxItem::new(
        ConvKey::new(DIGITAL, "314"),
        "Ava Cohen",
        "Channel::WebWidget",
    )
    .with_preview("Is there a discount for annual plans?");
    chatwoot.last_activity = NOW - 600;
    chatwoot.status = Status::Pending;
    chatwoot.assignee = Some(person("7", "Kate (you)"));
    chatwoot.group = Some(Group {
        id: "1".into(),
        name: "Support L1".into(),
    });
    chatwoot.lists.extend([ListName::Mine, ListName::All]);
    chatwoot.marker = Marker::new(NOW - 600, 9001);
    chatwoot.last_incoming = false;
    let mut comment = InboxItem::new(ConvKey::new(SUPPORT, "333"), "Dmitry Orlov", "vk")
        .with_preview("Does this come in blue?");
    comment.last_activity = NOW - 1200;
    comment.lists.insert(ListName::NotAnswered);
    comment.marker = Marker::new(NOW - 1200, 0);
    comment.post = PostRef::from_parts(
        Some("Spring collection is here"),
        Some("https://vk.com/wall-1_123"),
        None,
    );
    json!({"blinger": blinger, "chatwoot": chatwoot, "comment": comment})
}

fn message(id: &str, kind: MessageKind, direction: Direction, text: &str) -> ThreadMessage {
    ThreadMessage {
        id: id.into(),
        text: text.into(),
        kind,
        direction,
        is_note: false,
        author: (direction == Direction::Outgoing).then(|| "Kate".into()),
        at: NOW - 1800,
        attachment_url: None,
        delivery: DeliveryState::SENT,
        post: None,
    }
}

/// The local echo of a reply, as the outbox shows it in `state`.
fn echo(id: Uuid, text: &str, state: EntryState) -> ThreadMessage {
    let mut entry = OutboxEntry::new(
        ConvKey::new(SUPPORT, "300"),
        Payload::Text { text: text.into() },
        (NOW - 1000) * 1000,
    );
    entry.id = id;
    entry.attempts = 3;
    entry.state = state;
    entry.echo()
}

/// A reply the outbox delivered, as its echo reports it.
fn delivered(id: Uuid, text: &str) -> ThreadMessage {
    let mut entry = OutboxEntry::new(
        ConvKey::new(SUPPORT, "300"),
        Payload::Text { text: text.into() },
        (NOW - 1000) * 1000,
    );
    entry.id = id;
    match OutboxEvent::sent(&entry, SentRef::default(), false) {
        OutboxEvent::Sent { echo, .. } => echo,
        _ => unreachable!("a sent event"),
    }
}

fn messages() -> Value {
    use Direction::{Incoming, Outgoing};
    let mut note = message(
        "n1",
        MessageKind::Text,
        Outgoing,
        "Customer is VIP — refund without the usual checks.",
    );
    note.is_note = true;
    note.author = Some("Pavel".into());
    let mut image = message(
        "i1",
        MessageKind::Image,
        Incoming,
        "Here is the photo of the damaged box",
    );
    image.attachment_url = Some("https://static-api.blinger.io/files/new/67/cf/box.png".into());
    let mut file = message("f1", MessageKind::File, Outgoing, "");
    file.attachment_url =
        Some("https://files.example.com/invoices/Invoice%20March%202025.pdf".into());
    let mut comment = message("c1", MessageKind::Text, Incoming, "Does this come in blue?");
    let mut thread = deskbell_desk::Thread {
        messages: vec![comment.clone()],
        ..Default::default()
    };
    let post = PostRef::from_parts(
        Some("Spring collection is here"),
        Some("https://facebook.com/example/posts/123"),
        None,
    );
    thread.mark_comments(post.as_ref());
    comment = thread.messages.remove(0);
    let mut activity = message(
        "a1",
        MessageKind::Activity,
        Outgoing,
        "Conversation assigned to Kate",
    );
    activity.author = None;
    let mut refused = message(
        "s1",
        MessageKind::Text,
        Outgoing,
        "Our shop is open until 8 pm.",
    );
    refused.delivery = DeliveryState::Failed {
        outbox_id: None,
        message: "The messenger refused the message.".into(),
    };
    json!({
        "incoming": message("m0", MessageKind::Text, Incoming, "Hi! My order #4471 still shows “processing”, can you check?"),
        "outgoing": message("m1", MessageKind::Text, Outgoing, "Hello Anna, thanks for writing. Let me look it up."),
        "note": note,
        "image": image,
        "file": file,
        "comment": comment,
        "activity": activity,
        "review": message("r1", MessageKind::Review, Outgoing, "How did we do? Rate this conversation."),
        "refused": refused,
        "pending": echo(PENDING_ID, "I have sent the invoice to anna@example.com — see https://shop.example.com/orders/4471", EntryState::Queued),
        "waiting": echo(WAITING_ID, "We are checking with the warehouse now.", EntryState::Paused { reason: "the server could not be reached".into(), until_ms: (NOW + 120) * 1000 }),
        "failed": echo(FAILED_ID, "Anything else I can help with?", EntryState::Failed { kind: "api".into(), message: "The conversation is closed.".into() }),
        "delivered": delivered(PENDING_ID, "I have sent the invoice to anna@example.com — see https://shop.example.com/orders/4471"),
    })
}

fn opened() -> OpenedConversation {
    let item: InboxItem =
        serde_json::from_value(items()["blinger"].clone()).expect("an inbox item");
    let details = Details {
        customer: Customer {
            name: Some("Anna Petrova".into()),
            phone: Some("+44 20 7946 0018".into()),
            email: Some("anna@example.com".into()),
            page_url: Some("https://shop.example.com/checkout?step=2".into()),
            page_title: Some("Checkout — Example Shop".into()),
            tags: vec!["vip".into(), "order-issue".into()],
        },
        channel: item.channel.clone(),
        status: Some(item.status.as_str().into()),
        operator: Some(person("7", "Kate (you)")),
        group: None,
    };
    let messages = messages();
    OpenedConversation {
        item: Some(item),
        messages: ["incoming", "outgoing"]
            .iter()
            .map(|m| serde_json::from_value(messages[m].clone()).expect("a message"))
            .collect(),
        details: Some(details),
    }
}

fn events(views: &[AccountView]) -> Value {
    let items = items();
    let item: InboxItem = serde_json::from_value(items["blinger"].clone()).expect("an item");
    let key = item.key.clone();
    let messages = messages();
    let message = |m: &str| -> ThreadMessage {
        serde_json::from_value(messages[m].clone()).expect("a message")
    };
    let all = [
        DeskEvent::InboxChanged {
            changes: vec![
                Change::Upsert(item),
                Change::Remove(ConvKey::new(SUPPORT, "301")),
            ],
            unread_total: 3,
        },
        DeskEvent::AccountStatus {
            account: views[0].clone(),
        },
        DeskEvent::ThreadChanged {
            key: key.clone(),
            messages: vec![message("incoming"), message("pending")],
        },
        DeskEvent::OutboxChanged {
            key: key.clone(),
            message: message("failed"),
        },
        DeskEvent::OutboxRemoved {
            key: key.clone(),
            id: FAILED_ID,
        },
        DeskEvent::OutboxSummary {
            queues: outbox_summary(),
        },
        DeskEvent::OpenConversation { key },
        DeskEvent::SettingsChanged {
            settings: settings(),
        },
        DeskEvent::Connectivity { online: false },
        DeskEvent::Resync,
    ];
    let by_type = all.into_iter().map(|e| {
        let value = v(e);
        (value["type"].as_str().expect("tagged").to_owned(), value)
    });
    Value::Object(by_type.collect())
}

/// One account with replies waiting for the server and one refused.
fn outbox_summary() -> Vec<QueueSummary> {
    let entry = |state: EntryState| {
        let mut e = OutboxEntry::new(
            ConvKey::new(SUPPORT, "300"),
            Payload::Text { text: "x".into() },
            0,
        );
        e.attempts = 3;
        e.state = state;
        e
    };
    let entries = [
        entry(EntryState::Paused {
            reason: "the server could not be reached".into(),
            until_ms: 0,
        }),
        entry(EntryState::Queued),
        entry(EntryState::Failed {
            kind: "api".into(),
            message: "The conversation is closed.".into(),
        }),
    ];
    summarize(&entries)
}

/// A damaged outbox file set aside at start-up, two replies read back out of it.
fn notices() -> Vec<Notice> {
    vec![Notice {
        file: "outbox".into(),
        problem: "is damaged (EOF while parsing a value at line 1 column 812)".into(),
        kept_as: Some(
            "/home/kate/.config/io.deskbell.desk/outbox.json.damaged-20261202T051400Z".into(),
        ),
        recovered: 2,
    }]
}

/// Every sample, by name. `tests/ui/support/fixtures.js` builds its data from these.
pub fn fixtures() -> Value {
    let [blinger, chatwoot] = accounts();
    let views = [
        AccountView::of(&blinger, false, &Connection::Online, None, 0),
        AccountView::of(
            &chatwoot,
            false,
            &Connection::Error,
            Some("HTTP 401: check the API token".into()),
            0,
        ),
    ];
    json!({
        "$comment": "Generated from the Rust types: do not edit. Regenerate with `DESKBELL_CONTRACT=write cargo test -p deskbell --lib contract`.",
        "now": NOW,
        "accounts": views,
        "settings": settings(),
        "items": items(),
        "messages": messages(),
        "opened": opened(),
        "directory": directory(),
        "outbox": outbox_summary(),
        "notices": notices(),
        "canned": through::<Vec<CannedReply>>(json!([
            {"shortcut": "hello", "text": "Hello! Thanks for reaching out — how can I help?"},
            {"shortcut": "thanks", "text": "Thank you, have a great day!"},
        ])),
        "drafts": {format!("{SUPPORT}/301"): "Let me check with the warehouse"},
        "events": events(&views),
        "webhooks": super::webhook_fixtures::fixtures(&accounts()[0]),
        "errors": [
            CmdError::from(deskbell_transport::Error::Api { status: 400, message: "text is empty".into() }),
            CmdError::not_found("no account \"Sales\""),
        ],
    })
}
