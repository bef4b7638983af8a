//! Reads of conversations against the simulator in its documented shape: the
//! lists carry no last message, so previews, notification texts, notes and
//! *Mine* come from `get`, and this checks them against what the server holds.

use blinger::Act;
use blinger_sim::{Author, ConversationStatus, NewConversation, SeedMessage, SimConfig, SimHandle};
use deskbell_desk::outbox::{deliver_once, Clock, SystemClock};
use deskbell_desk::peek::{next_to_read, with_text, Budget, Reader};
use deskbell_desk::providers::BlingerProvider;
use deskbell_desk::{
    AccountId, Action, ConvKey, Inbox, ListName, NotificationKind, NotifyConfig, NotifyPolicy,
    Outbox, Payload, PollEvent, Poller, PollerConfig, Provider, RetryPolicy,
};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Notify;

struct Rig {
    sim: SimHandle,
    me: i64,
    provider: Arc<dyn Provider>,
    inbox: Arc<Mutex<Inbox>>,
    poller: Poller,
    reader: Reader,
    outbox: Arc<Mutex<Outbox>>,
    _dir: tempfile::TempDir,
}

fn client(sim: &SimHandle) -> blinger::Client {
    blinger::Client::with_base_url(SimConfig::default().token.as_str(), &sim.api_base_url())
        .unwrap()
}

async fn rig() -> Rig {
    let sim = blinger_sim::start("127.0.0.1:0".parse().unwrap(), SimConfig::default())
        .await
        .unwrap();
    let me = sim.store().add_operator("Olga", "olga@example.com");
    let provider: Arc<dyn Provider> = Arc::new(BlingerProvider::new(
        AccountId::new("acme"),
        client(&sim),
        None,
        Some(me),
        vec![],
    ));
    let inbox = Arc::new(Mutex::new(Inbox::new()));
    let mut policy = NotifyPolicy::new(NotifyConfig::default());
    policy.set_me(&AccountId::new("acme"), Some(me.to_string()));
    let policy = Arc::new(Mutex::new(policy));
    let dir = tempfile::tempdir().unwrap();
    let outbox = Arc::new(Mutex::new(
        Outbox::open(dir.path().join("outbox.json")).unwrap(),
    ));
    let notes_of = outbox.clone();
    let reader = Reader {
        provider: provider.clone(),
        inbox: inbox.clone(),
        policy: policy.clone(),
        budget: Arc::new(Mutex::new(Budget::new(6000, 100))),
        me: Some(me.to_string()),
        notes: Arc::new(move |key: &ConvKey| notes_of.lock().unwrap().note_ids(key)),
        wake: Arc::new(Notify::new()),
        gate: None,
    };
    let poller = Poller::new(
        provider.clone(),
        inbox.clone(),
        policy,
        PollerConfig::default(),
    );
    Rig {
        sim,
        me,
        provider,
        inbox,
        poller,
        reader,
        outbox,
        _dir: dir,
    }
}

impl Rig {
    fn key(&self, id: i64) -> ConvKey {
        ConvKey::new("acme", id.to_string())
    }

    async fn poll(&self) -> Vec<deskbell_desk::Notification> {
        match self.poller.tick().await.unwrap() {
            PollEvent::Updated { notifications, .. } => notifications,
            other => panic!("{other:?}"),
        }
    }

    /// Reads until nothing is stale, as the reader's loop would.
    async fn read_all(&self) -> Vec<deskbell_desk::Notification> {
        let mut news = Vec::new();
        loop {
            let next = {
                let inbox = self.inbox.lock().unwrap();
                let now = SystemClock.now_ms() / 1000;
                next_to_read(
                    inbox.items_of(&AccountId::new("acme")),
                    now,
                    &HashSet::new(),
                )
            };
            let Some(key) = next else { return news };
            news.extend(self.reader.read(&key).await.unwrap().news);
        }
    }

    fn conversation(&self, status: ConversationStatus, mine: bool, unread: i64) -> i64 {
        self.sim.store().add_conversation(NewConversation {
            status,
            operator_id: mine.then_some(self.me),
            unread,
            ..NewConversation::default()
        })
    }

    fn says(&self, id: i64, author: Author, text: &str) {
        self.sim
            .store()
            .add_message(id, SeedMessage::new(author, text));
    }
}

#[tokio::test]
async fn reads_fill_every_row_as_the_server_shows_it() {
    let r = rig().await;
    let waiting = r.conversation(ConversationStatus::Unassigned, false, 0);
    r.says(waiting, Author::Customer, "Is anyone there?");
    let unread = r.conversation(ConversationStatus::Inbox, true, 1);
    r.says(unread, Author::Customer, "My parcel\nis late");
    let answered = r.conversation(ConversationStatus::Inbox, true, 1);
    r.says(answered, Author::Customer, "Thanks");
    r.says(answered, Author::Operator(r.me), "You're welcome");
    r.poll().await;
    for id in [waiting, unread, answered] {
        assert_eq!(
            r.inbox.lock().unwrap().get(&r.key(id)).unwrap().preview,
            "",
            "lists carry none"
        );
    }
    r.read_all().await;
    for (id, preview, incoming) in [
        (waiting, "Is anyone there?", true),
        (unread, "My parcel is late", true),
        (answered, "You're welcome", false),
    ] {
        let row = r.inbox.lock().unwrap().get(&r.key(id)).cloned().unwrap();
        let server = r.sim.store().conversation(id).unwrap();
        assert_eq!(row.preview, preview, "{id}");
        assert_eq!(row.last_incoming, incoming, "{id}");
        assert!(
            row.last_activity >= server.last_visible_message().unwrap().date_created,
            "{id}"
        );
        assert!(row.last_activity > 0, "every row has a time");
    }
    // Nothing moved: a poll asks for no read again.
    let gets = r.sim.store().request_count("get");
    r.poll().await;
    r.read_all().await;
    assert_eq!(r.sim.store().request_count("get"), gets);
}

#[tokio::test]
async fn a_notification_quotes_the_customer_and_the_operators_reply_is_none() {
    let r = rig().await;
    let conv = r.conversation(ConversationStatus::Inbox, true, 1);
    r.says(conv, Author::Customer, "Hi");
    r.poll().await; // the first load: silent
    r.sim
        .store()
        .customer_writes(conv, "Hello??\nAre you there");
    let told = r.poll().await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0].kind, NotificationKind::NewUnread);
    let (shown, change) = with_text(&r.reader, told[0].clone(), Duration::from_secs(3)).await;
    assert_eq!(
        shown.unwrap().body,
        "Hello??",
        "the first line of what they wrote"
    );
    assert!(change.is_some(), "the row's preview came with it");

    // The operator answers while the count stays up: the row moves, but a read
    // shows the newest message is ours — nothing to tell.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    r.says(conv, Author::Operator(r.me), "Yes, here");
    r.sim.store().customer_writes(conv, "ok");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    r.says(conv, Author::Operator(r.me), "Anything else?");
    let told = r.poll().await;
    for n in told {
        let (shown, _) = with_text(&r.reader, n, Duration::from_secs(3)).await;
        assert!(shown.as_ref().is_none_or(|n| n.body == "ok"), "{shown:?}");
    }
}

#[tokio::test]
async fn a_slow_server_gets_the_notification_without_its_text() {
    let r = rig().await;
    let conv = r.conversation(ConversationStatus::Inbox, true, 1);
    r.says(conv, Author::Customer, "Hi");
    r.poll().await;
    r.sim.store().customer_writes(conv, "Hello??");
    let told = r.poll().await;
    r.sim
        .set_faults(blinger_sim::FaultPlan::new(vec![blinger_sim::FaultRule {
            endpoints: vec!["get".into()],
            ..blinger_sim::FaultRule::new(blinger_sim::FaultKind::Delay { ms: 5000 })
        }]));
    let started = std::time::Instant::now();
    let (shown, _) = with_text(&r.reader, told[0].clone(), Duration::from_millis(300)).await;
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(shown.unwrap().body, "New message");
}

#[tokio::test]
async fn notes_this_desk_wrote_are_notes_when_read_back() {
    let r = rig().await;
    let conv = r.conversation(ConversationStatus::Inbox, true, 1);
    r.says(conv, Author::Customer, "Hi");
    let key = r.key(conv);
    let now = SystemClock.now_ms();
    for payload in [
        Payload::Note { text: "VIP".into() },
        Payload::Text {
            text: "Hello".into(),
        },
    ] {
        r.outbox
            .lock()
            .unwrap()
            .enqueue(key.clone(), payload, now)
            .unwrap();
    }
    while !deliver_once(
        &r.outbox,
        r.provider.as_ref(),
        &RetryPolicy::default(),
        &SystemClock,
    )
    .await
    .is_empty()
    {}
    let (_, thread) = r.reader.read_thread(&key).await.unwrap();
    let by_text = |t: &str| {
        thread
            .messages
            .iter()
            .find(|m| m.text == t)
            .unwrap()
            .clone()
    };
    assert!(
        by_text("VIP").is_note,
        "the server's copy does not say; the outbox does"
    );
    assert!(!by_text("Hello").is_note);
}

#[tokio::test]
async fn a_taken_and_answered_conversation_stays_mine_until_closed_elsewhere() {
    let r = rig().await;
    let (conv, _) = r
        .sim
        .store()
        .new_customer_conversation("viber", "Bob", "Need help");
    r.poll().await;
    let taken = r
        .provider
        .act(&conv.to_string(), &Action::Take)
        .await
        .unwrap()
        .unwrap();
    assert!(taken.lists.contains(&ListName::Mine));
    r.inbox.lock().unwrap().apply_item(taken);
    client(&r.sim)
        .send_message(conv, "On it", &Act::default().operator(r.me))
        .await
        .unwrap();
    // Taken (read) and answered: in none of Blinger's lists.
    for _ in 0..2 {
        r.poll().await;
        r.read_all().await;
        let inbox = r.inbox.lock().unwrap();
        let row = inbox.get(&r.key(conv)).expect("still in the inbox");
        assert_eq!(row.lists, [ListName::Mine].into());
    }
    // A colleague closes it: the next read of Mine drops it.
    client(&r.sim)
        .close(
            conv,
            &Act::default().operator(r.sim.store().admin_operator_id()),
        )
        .await
        .unwrap();
    r.poll().await;
    r.inbox
        .lock()
        .unwrap()
        .read_again(&AccountId::new("acme"), ListName::Mine);
    r.read_all().await;
    assert!(r.inbox.lock().unwrap().get(&r.key(conv)).is_none());
}

#[tokio::test]
async fn a_customer_writing_again_in_an_unassigned_conversation_is_news() {
    let r = rig().await;
    let mut ids = Vec::new();
    for text in ["first", "second", "third"] {
        let id = r.conversation(ConversationStatus::Unassigned, false, 0);
        r.says(id, Author::Customer, text);
        ids.push(id);
        tokio::time::sleep(Duration::from_millis(1100)).await;
    }
    r.poll().await;
    assert!(
        r.read_all().await.is_empty(),
        "the first reads are the baseline"
    );
    // The oldest one is written to: it climbs to the top of `unassigned`.
    r.sim
        .store()
        .customer_writes(ids[0], "Still waiting\nhello?");
    r.poll().await;
    let news = r.read_all().await;
    assert_eq!(news.len(), 1, "{news:?}");
    assert_eq!(news[0].key, r.key(ids[0]));
    assert_eq!(news[0].kind, NotificationKind::NewUnassigned);
    assert_eq!(news[0].body, "Still waiting");
}
