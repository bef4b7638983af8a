//! The desk runtime without a window: a real Blinger simulator over HTTP, the
//! desk's own tasks, and a recorder in place of the front end. What the operator
//! would see (page events, notifications, the tray) is read off the recorder.

use blinger_sim::{Author, ConversationStatus, NewConversation, SeedMessage, SimConfig, SimHandle};
use deskbell_desk::{ConvKey, DeliveryState, Direction};
use deskbell_runtime::events::DeskEvent;
use deskbell_runtime::settings::{Account, AccountKind};
use deskbell_runtime::startup::{load_from, Paths};
use deskbell_runtime::verbs::{AppState, SendInput};
use deskbell_runtime::{now_ms, Alert, Desk, Output, TrayView};
use deskbell_transport::Token;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// Everything the desk said, in order.
#[derive(Default)]
struct Recorder {
    events: Mutex<Vec<DeskEvent>>,
    alerts: Mutex<Vec<Alert>>,
    trays: Mutex<Vec<TrayView>>,
    windows_shown: Mutex<usize>,
}

impl Output for Recorder {
    fn event(&self, event: DeskEvent) {
        self.events.lock().unwrap().push(event);
    }
    fn notify(&self, alert: Alert) {
        self.alerts.lock().unwrap().push(alert);
    }
    fn tray(&self, view: TrayView) {
        self.trays.lock().unwrap().push(view);
    }
    fn show_window(&self) {
        *self.windows_shown.lock().unwrap() += 1;
    }
}

impl Recorder {
    fn tray_now(&self) -> TrayView {
        self.trays
            .lock()
            .unwrap()
            .last()
            .cloned()
            .unwrap_or_default()
    }
    fn any_event(&self, f: impl Fn(&DeskEvent) -> bool) -> bool {
        self.events.lock().unwrap().iter().any(f)
    }
}

/// The settings, outbox and caches of this test binary live in one temporary folder
/// (the desk saves through the same paths a user's desk does).
fn state_dir() -> &'static std::path::Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        std::env::set_var("DESKBELL_CONFIG_DIR", dir.path().join("config"));
        std::env::set_var("DESKBELL_CACHE_DIR", dir.path().join("cache"));
        dir
    })
    .path()
}

struct Rig {
    desk: Arc<Desk>,
    out: Arc<Recorder>,
    sim: SimHandle,
    me: i64,
}

const ACCOUNT: &str = "acme";

/// A desk with one Blinger account on a fresh simulator, its first poll done.
async fn rig() -> Rig {
    let root = state_dir().join(uuid::Uuid::new_v4().to_string());
    let paths = Paths {
        config: root.join("config"),
        cache: root.join("cache"),
    };
    let startup = load_from(&paths, now_ms() / 1000, &[], |_, _| Ok(()));
    let out = Arc::new(Recorder::default());
    let desk = Desk::open(out.clone(), tokio::runtime::Handle::current(), startup);
    let cfg = SimConfig::default();
    let sim = blinger_sim::start("127.0.0.1:0".parse().unwrap(), cfg.clone())
        .await
        .unwrap();
    let me = sim.store().add_operator("Olga", "olga@example.com");
    let account = Account {
        id: ACCOUNT.into(),
        name: "Acme".into(),
        insecure: false,
        kind: AccountKind::Blinger {
            api_url: sim.api_base_url(),
            operator_id: Some(me),
            group_ids: Vec::new(),
            widget_url: None,
        },
        names: Default::default(),
    };
    desk.start_account_with_tokens(account, Token::new(cfg.token.clone()), None)
        .await
        .unwrap();
    let rig = Rig { desk, out, sim, me };
    rig.until("the first poll", |r| {
        r.out.any_event(|e| {
            matches!(e, DeskEvent::AccountStatus { account }
                if account.id == ACCOUNT && account.status == deskbell_runtime::Connection::Online)
        })
    })
    .await;
    rig
}

impl Rig {
    /// What the page gets when it (re)loads.
    async fn state(&self) -> AppState {
        self.desk.app_state().await.unwrap()
    }

    async fn until_state(&self, what: &str, done: impl Fn(&AppState) -> bool) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while !done(&self.state().await) {
            assert!(tokio::time::Instant::now() < deadline, "timed out: {what}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    async fn until(&self, what: &str, done: impl Fn(&Rig) -> bool) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while !done(self) {
            if tokio::time::Instant::now() > deadline {
                let events = self.out.events.lock().unwrap();
                panic!("timed out: {what}; the page heard {events:#?}");
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// A new conversation nobody has taken yet.
    fn customer_opens(&self, name: &str, text: &str) -> ConvKey {
        self.conversation(name, text, None)
    }

    /// A customer writes in a conversation the operator has (unread by them).
    fn customer_writes_to_me(&self, name: &str, text: &str) -> ConvKey {
        self.conversation(name, text, Some(self.me))
    }

    fn conversation(&self, name: &str, text: &str, operator: Option<i64>) -> ConvKey {
        let id = self.sim.store().add_conversation(NewConversation {
            customer_name: Some(name.into()),
            status: match operator {
                Some(_) => ConversationStatus::Inbox,
                None => ConversationStatus::Unassigned,
            },
            operator_id: operator,
            unread: 1,
            ..NewConversation::default()
        });
        self.sim
            .store()
            .add_message(id, SeedMessage::new(Author::Customer, text));
        ConvKey::new(ACCOUNT, id.to_string())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_customer_reaches_the_page_a_notification_and_the_tray() {
    let r = rig().await;
    assert!(
        r.out.alerts.lock().unwrap().is_empty(),
        "the first poll announces nothing that was already there"
    );
    let key = r.customer_opens("Ada Lovelace", "Is my order <b>shipped</b>?");
    r.desk.refresh(None);
    r.until("a notification", |r| {
        !r.out.alerts.lock().unwrap().is_empty()
    })
    .await;
    let alert = r.out.alerts.lock().unwrap()[0].clone();
    assert_eq!(alert.key, key);
    assert!(alert.title.contains("Ada Lovelace"), "{alert:?}");
    assert!(
        alert.body.contains("Is my order <b>shipped</b>?"),
        "the customer's words, as written (the front end escapes them): {alert:?}"
    );
    assert!(r.out.any_event(|e| matches!(e,
        DeskEvent::InboxChanged { changes, .. } if changes.iter().any(|c| c.key() == &key))));
    assert_eq!(r.out.tray_now().unread, 0, "nobody's unread yet");

    let mine = r.customer_writes_to_me("Charles Babbage", "Any news?");
    r.desk.refresh(None);
    r.until("the tray's count", |r| r.out.tray_now().unread == 1)
        .await;
    assert!(r.out.any_event(|e| matches!(e,
        DeskEvent::InboxChanged { changes, unread_total: 1 } if changes.iter().any(|c| c.key() == &mine))));
    assert!(r.out.tray_now().accounts[0].starts_with("Acme — online"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_goes_out_once_and_the_page_hears_each_step() {
    let r = rig().await;
    let key = r.customer_opens("Grace", "Hello?");
    r.desk.refresh(None);
    r.until_state("the row", |s| s.items.iter().any(|i| i.key == key))
        .await;
    let echo = r
        .desk
        .send(
            key.clone(),
            SendInput::Text {
                text: "On its way!".into(),
            },
        )
        .await
        .unwrap();
    let DeliveryState::Pending { outbox_id } = echo.delivery else {
        panic!("a new reply is pending: {echo:?}")
    };
    r.until("delivered", |r| {
        r.out.any_event(|e| {
            matches!(e,
            DeskEvent::OutboxChanged { message, .. }
                if message.delivery == DeliveryState::Sent { outbox_id: Some(outbox_id) })
        })
    })
    .await;
    let conv: i64 = key.conversation.parse().unwrap();
    let ours: Vec<_> = r
        .sim
        .store()
        .messages(conv)
        .into_iter()
        .filter(|m| m.text == "On its way!")
        .collect();
    assert_eq!(ours.len(), 1, "sent exactly once");
    assert_eq!(ours[0].operator_id, Some(r.me), "in the operator's name");
    assert!(r.state().await.outbox.is_empty(), "nothing left over");
    let echoes: Vec<_> = deskbell_runtime::threads::with_echoes(&r.desk, &key, Vec::new())
        .into_iter()
        .filter(|m| m.direction == Direction::Outgoing)
        .collect();
    assert!(echoes.is_empty(), "no echo outlives delivery: {echoes:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_reply_or_an_unknown_account_is_refused_and_nothing_is_queued() {
    let r = rig().await;
    let key = r.customer_opens("Alan", "Hi");
    let empty = r
        .desk
        .send(key.clone(), SendInput::Text { text: "  ".into() })
        .await
        .unwrap_err();
    assert_eq!(empty.kind, "invalid_input");
    let nowhere = r
        .desk
        .send(
            ConvKey::new("gone", "1"),
            SendInput::Text { text: "hi".into() },
        )
        .await
        .unwrap_err();
    assert_eq!(nowhere.kind, "not_found");
    assert!(r.state().await.outbox.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notification_click_brings_the_window_to_its_conversation() {
    let r = rig().await;
    let key = ConvKey::new(ACCOUNT, "42");
    r.desk.notification_clicked(key.clone());
    assert_eq!(*r.out.windows_shown.lock().unwrap(), 1);
    assert!(r
        .out
        .any_event(|e| matches!(e, DeskEvent::OpenConversation { key: k } if *k == key)));
    assert_eq!(
        r.state().await.open_key,
        Some(key),
        "for a window still starting"
    );
    assert_eq!(r.state().await.open_key, None, "opened once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stopping_an_account_takes_its_rows_and_its_tray_line_away() {
    let r = rig().await;
    r.customer_writes_to_me("Edsger", "Ping");
    r.desk.refresh(None);
    r.until("the tray's count", |r| r.out.tray_now().unread >= 1)
        .await;
    r.desk.stop_account(ACCOUNT);
    let tray = r.out.tray_now();
    assert_eq!(tray.unread, 0);
    assert!(tray.accounts.is_empty(), "{tray:?}");
    assert!(r.state().await.items.is_empty());
}
