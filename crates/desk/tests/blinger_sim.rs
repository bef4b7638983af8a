//! `BlingerProvider` against the real simulator over HTTP: lists, threads, actions,
//! and the outbox delivering through injected faults without duplicates.

use blinger_sim::{
    Author, ConversationStatus, FaultKind, FaultPlan, FaultRule, NewConversation, SeedMessage,
    SimConfig, SimHandle,
};
use deskbell_desk::outbox::{deliver_once, After, OutboxEvent, SystemClock};
use deskbell_desk::providers::BlingerProvider;
use deskbell_desk::{
    AccountId, Action, ConvKey, Direction, Inbox, ListName, Notification, NotifyConfig,
    NotifyPolicy, Origin, Outbox, Payload, Provider, RetryPolicy, Status,
};
use deskbell_transport::HttpConfig;
use std::sync::Mutex;
use std::time::Duration;

struct Rig {
    sim: SimHandle,
    provider: BlingerProvider,
    me: i64,
    _dir: tempfile::TempDir,
    outbox: Mutex<Outbox>,
}

async fn rig() -> Rig {
    let sim = blinger_sim::start("127.0.0.1:0".parse().unwrap(), SimConfig::default())
        .await
        .unwrap();
    let me = sim.store().add_operator("Olga", "olga@example.com");
    let http = HttpConfig {
        timeout: Duration::from_millis(800),
        ..HttpConfig::default()
    };
    let cfg = SimConfig::default();
    let client =
        blinger::Client::with_config(cfg.token.as_str(), &sim.api_base_url(), &http).unwrap();
    let widget = blinger::WidgetClient::with_config(
        cfg.widget_token.as_str(),
        &sim.widget_base_url(),
        &http,
    )
    .unwrap();
    let provider = BlingerProvider::new(
        AccountId::new("acme"),
        client,
        Some(widget),
        Some(me),
        vec![],
    );
    let dir = tempfile::tempdir().unwrap();
    let outbox = Mutex::new(Outbox::open(dir.path().join("outbox.json")).unwrap());
    Rig {
        sim,
        provider,
        me,
        _dir: dir,
        outbox,
    }
}

impl Rig {
    fn mine(&self, name: &str, unread: i64) -> i64 {
        let id = self.sim.store().add_conversation(NewConversation {
            customer_name: Some(name.into()),
            status: ConversationStatus::Inbox,
            operator_id: Some(self.me),
            unread,
            ..NewConversation::default()
        });
        self.sim
            .store()
            .add_message(id, SeedMessage::new(Author::Customer, "Where is my order?"));
        id
    }

    fn enqueue(&self, conv: i64, payload: Payload) -> uuid::Uuid {
        let now = SystemClock.now_ms();
        self.outbox
            .lock()
            .unwrap()
            .enqueue(ConvKey::new("acme", conv.to_string()), payload, now)
            .unwrap()
            .id
    }

    /// Delivers until the outbox is empty (real time, short backoff).
    async fn deliver_all(&self) -> Vec<OutboxEvent> {
        let policy = RetryPolicy {
            base: Duration::from_millis(20),
            jitter: 0.0,
            ..RetryPolicy::default()
        };
        let mut events = Vec::new();
        for _ in 0..50 {
            events.extend(deliver_once(&self.outbox, &self.provider, &policy, &SystemClock).await);
            if self.outbox.lock().unwrap().entries().is_empty() {
                return events;
            }
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
        panic!("not delivered: {events:?}");
    }

    fn texts(&self, conv: i64) -> Vec<String> {
        self.sim
            .store()
            .messages(conv)
            .into_iter()
            .filter(|m| m.is_outgoing)
            .map(|m| m.text)
            .collect()
    }
}

use deskbell_desk::outbox::Clock as _;

#[tokio::test]
async fn lists_show_seeded_unread_and_unassigned_and_news_is_notified() {
    let r = rig().await;
    let (waiting, _) = r
        .sim
        .store()
        .new_customer_conversation("whatsapp", "Ivan", "Hi, anyone?");
    let mine = r.mine("Anna", 2);

    let lists = r.provider.fetch_lists().await.unwrap();
    let find = |list: ListName, id: i64| {
        lists
            .iter()
            .find(|l| l.list == list)
            .unwrap()
            .items
            .iter()
            .find(|i| i.key.conversation == id.to_string())
            .cloned()
    };
    let unassigned = find(ListName::Unassigned, waiting).expect("in unassigned");
    assert_eq!(unassigned.customer_name, "Ivan");
    assert_eq!(unassigned.channel, "whatsapp");
    assert_eq!(unassigned.status, Status::Unassigned);
    let unread = find(ListName::Unread, mine).expect("in unread");
    assert_eq!(unread.unread, 2);
    assert_eq!(unread.assignee.as_ref().unwrap().id, r.me.to_string());
    assert!(find(ListName::NotAnswered, mine).is_some());
    assert!(
        find(ListName::Mine, mine).is_some(),
        "what is the operator's is Mine"
    );
    // Mine is no server list: never complete, so absence drops nothing from it.
    for l in &lists {
        assert_eq!(l.complete, l.list != ListName::Mine, "{:?}", l.list);
    }

    // Through the inbox and the notification policy: startup silent, then news.
    let account = AccountId::new("acme");
    let mut inbox = Inbox::new();
    let mut policy = NotifyPolicy::new(NotifyConfig::default());
    policy.set_me(&account, Some(r.me.to_string()));
    let changes = inbox.apply_lists(&account, lists);
    assert_eq!(changes.len(), 2);
    assert!(policy.decide(&account, &changes, Origin::Poll).is_empty());
    r.sim.store().customer_writes(mine, "Hello??");
    let changes = inbox.apply_lists(&account, r.provider.fetch_lists().await.unwrap());
    let told: Vec<Notification> = policy.decide(&account, &changes, Origin::Poll);
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].title, "Anna · Telegram");
    // The documented list does not say what was written: the words come from a
    // read of the conversation before the notification is shown (peek_sim.rs).
    assert_eq!(told[0].body, "New message");
    // Anna's 3; documented `unassigned` items carry no count.
    assert_eq!(inbox.unread_total(), 3);
}

#[tokio::test]
async fn thread_and_actions() {
    let r = rig().await;
    let (conv, _) = r
        .sim
        .store()
        .new_customer_conversation("viber", "Bob", "Need help");
    let key = conv.to_string();
    let item = r.provider.act(&key, &Action::Take).await.unwrap().unwrap();
    assert_eq!(item.status, Status::Open);
    assert_eq!(item.assignee.unwrap().id, r.me.to_string());
    assert!(item.lists.contains(&ListName::NotAnswered));

    let thread = r.provider.thread(&key).await.unwrap();
    assert_eq!(thread.messages.len(), 1);
    assert_eq!(thread.messages[0].text, "Need help");
    assert_eq!(thread.messages[0].direction, Direction::Incoming);
    assert_eq!(thread.customer.unwrap().name.as_deref(), Some("Bob"));

    let closed = r.provider.act(&key, &Action::Close).await.unwrap().unwrap();
    assert_eq!(closed.status, Status::Closed);
    let again = r.provider.act(&key, &Action::Close).await.unwrap_err();
    assert_eq!(again.kind(), deskbell_transport::ErrorKind::Api);
    let wrong = r
        .provider
        .act(
            &key,
            &Action::AssignOperator {
                operator_id: "x".into(),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(wrong.kind(), deskbell_transport::ErrorKind::InvalidInput);
}

#[tokio::test]
async fn sends_are_delivered_and_found_again() {
    let r = rig().await;
    let conv = r.mine("Anna", 1);
    r.enqueue(
        conv,
        Payload::Text {
            text: "On it!".into(),
        },
    );
    r.enqueue(
        conv,
        Payload::Note {
            text: "VIP customer".into(),
        },
    );
    r.enqueue(
        conv,
        Payload::File {
            url: "https://files.example/invoice.pdf".into(),
        },
    );
    let events = r.deliver_all().await;
    assert_eq!(
        events
            .iter()
            .filter(|e| matches!(e, OutboxEvent::Sent { .. }))
            .count(),
        3
    );
    let stored = r.sim.store().messages(conv);
    let outgoing: Vec<_> = stored.iter().filter(|m| m.is_outgoing).collect();
    assert_eq!(outgoing.len(), 3);
    assert!(outgoing[1].is_note);
    assert_eq!(outgoing[0].operator_id, Some(r.me));

    let probe = |payload: Payload| {
        deskbell_desk::OutboxEntry::new(ConvKey::new("acme", conv.to_string()), payload, 0)
    };
    let since = After::Start;
    let found = r
        .provider
        .find_sent(
            &probe(Payload::Text {
                text: "On it!".into(),
            }),
            &since,
        )
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert!(found[0].message_id.is_some());
    let notes = r
        .provider
        .find_sent(
            &probe(Payload::Note {
                text: "VIP customer".into(),
            }),
            &since,
        )
        .await
        .unwrap();
    assert_eq!(notes.len(), 1);
    let none = r
        .provider
        .find_sent(
            &probe(Payload::Text {
                text: "VIP customer".into(),
            }),
            &since,
        )
        .await
        .unwrap();
    // The documented `get` does not mark notes, so the server's answer alone
    // cannot tell this note from a reply with its text; the outbox knows it
    // delivered a note with that id, and does not take it for the reply.
    assert_eq!(none, notes, "{none:?}");
    let reply = probe(Payload::Text {
        text: "VIP customer".into(),
    });
    assert_eq!(r.outbox.lock().unwrap().pick_match(&reply, &none), None);
}

#[tokio::test]
async fn faulted_sends_are_reconciled_without_duplicates() {
    let faults = [
        FaultKind::Reset,
        FaultKind::Truncate,
        FaultKind::Html,
        FaultKind::Delay { ms: 1500 },
        FaultKind::Status { code: 503 },
        FaultKind::Status { code: 500 },
        FaultKind::RateLimit {
            retry_after_secs: 0,
        },
    ];
    let r = rig().await;
    for (i, fault) in faults.into_iter().enumerate() {
        let conv = r.mine("Anna", 1);
        r.sim.set_faults(FaultPlan::new(vec![FaultRule::new(fault)
            .on(&["send-message"])
            .times(1)]));
        let text = format!("reply {i}");
        r.enqueue(conv, Payload::Text { text: text.clone() });
        let events = r.deliver_all().await;
        assert_eq!(
            r.texts(conv),
            std::slice::from_ref(&text),
            "{fault:?}: {events:?}"
        );
        let reconciled = events.iter().any(|e| {
            matches!(
                e,
                OutboxEvent::Sent {
                    reconciled: true,
                    ..
                }
            )
        });
        assert_eq!(reconciled, fault.applies_action(), "{fault:?}: {events:?}");
    }
}

#[tokio::test]
async fn widget_sends_are_idempotent_through_faults() {
    let r = rig().await;
    let conv = r.sim.store().add_widget_conversation("Visitor");
    r.sim
        .set_faults(FaultPlan::new(vec![FaultRule::new(FaultKind::Reset)
            .on(&["send-text-message"])
            .times(1)]));
    let now = SystemClock.now_ms();
    let id = r
        .outbox
        .lock()
        .unwrap()
        .enqueue(
            ConvKey::new("acme", conv.clone()),
            Payload::WidgetText {
                text: "Hello from support".into(),
            },
            now,
        )
        .unwrap()
        .id;
    r.deliver_all().await;
    let messages: Vec<_> = r
        .sim
        .store()
        .widget_messages(&conv)
        .into_iter()
        .filter(|m| m.is_outgoing)
        .collect();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].id, id.to_string());
    assert_eq!(r.sim.store().request_count("send-text-message"), 2);
    assert_eq!(r.sim.store().request_count("get"), 0, "never reconciled");
}

/// Regression: list rows do not say who wrote last, and a conversation the operator
/// answered stays in `unread` (sending does not read it). The reply moved the row's
/// marker and the operator was notified of their own reply as a customer message.
#[tokio::test]
async fn the_operators_own_reply_is_not_news() {
    let r = rig().await;
    let conv = r.mine("Anna", 1);
    let account = AccountId::new("acme");
    let mut inbox = Inbox::new();
    let mut policy = NotifyPolicy::new(NotifyConfig::default());
    policy.set_me(&account, Some(r.me.to_string()));
    let poll = async |inbox: &mut Inbox, policy: &mut NotifyPolicy| {
        let changes = inbox.apply_lists(&account, r.provider.fetch_lists().await.unwrap());
        policy.decide(&account, &changes, Origin::Poll)
    };
    poll(&mut inbox, &mut policy).await;

    // A second later (the marker is in seconds), the operator answers.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    r.enqueue(
        conv,
        Payload::Text {
            text: "On it!".into(),
        },
    );
    r.deliver_all().await;
    let told = poll(&mut inbox, &mut policy).await;
    assert!(told.is_empty(), "{told:?}");
    let key = ConvKey::new("acme", conv.to_string());
    let row = inbox.get(&key).unwrap();
    assert!(row.lists.contains(&ListName::Unread));
    assert!(!row.lists.contains(&ListName::NotAnswered));
    assert!(!row.last_incoming);

    tokio::time::sleep(Duration::from_millis(1100)).await;
    r.sim.store().customer_writes(conv, "Thanks!");
    let told = poll(&mut inbox, &mut policy).await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(inbox.get(&key).unwrap().last_incoming);
}
