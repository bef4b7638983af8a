//! What the desk runtime's tests share: a recorder in place of the front end,
//! state folders of their own, and a desk with one account on a real simulator.
#![allow(dead_code)] // each test binary uses its own part of it

use blinger_sim::{Author, ConversationStatus, NewConversation, SeedMessage, SimConfig, SimHandle};
use deskbell_desk::ConvKey;
use deskbell_runtime::events::DeskEvent;
use deskbell_runtime::settings::{Account, AccountKind};
use deskbell_runtime::startup::{load_from, Paths};
use deskbell_runtime::verbs::AppState;
use deskbell_runtime::{now_ms, Alert, Desk, Output, TrayView};
use deskbell_transport::Token;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// Everything the desk said, in order.
#[derive(Default)]
pub struct Recorder {
    pub events: Mutex<Vec<DeskEvent>>,
    pub alerts: Mutex<Vec<Alert>>,
    pub trays: Mutex<Vec<TrayView>>,
    pub windows_shown: Mutex<usize>,
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
    pub fn tray_now(&self) -> TrayView {
        self.trays
            .lock()
            .unwrap()
            .last()
            .cloned()
            .unwrap_or_default()
    }
    pub fn any_event(&self, f: impl Fn(&DeskEvent) -> bool) -> bool {
        self.events.lock().unwrap().iter().any(f)
    }
}

/// The settings, outbox and caches of this test binary live in one temporary folder
/// (the desk saves through the same paths a user's desk does).
pub fn state_dir() -> &'static std::path::Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        std::env::set_var("DESKBELL_CONFIG_DIR", dir.path().join("config"));
        std::env::set_var("DESKBELL_CACHE_DIR", dir.path().join("cache"));
        dir
    })
    .path()
}

pub struct Rig {
    pub desk: Arc<Desk>,
    pub out: Arc<Recorder>,
    pub sim: SimHandle,
    pub me: i64,
}

pub const ACCOUNT: &str = "acme";

/// A desk with one Blinger account on a fresh simulator, its first poll done.
pub async fn rig() -> Rig {
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
    pub async fn state(&self) -> AppState {
        self.desk.app_state().await.unwrap()
    }

    pub async fn until_state(&self, what: &str, done: impl Fn(&AppState) -> bool) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while !done(&self.state().await) {
            assert!(tokio::time::Instant::now() < deadline, "timed out: {what}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    pub async fn until(&self, what: &str, done: impl Fn(&Rig) -> bool) {
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
    pub fn customer_opens(&self, name: &str, text: &str) -> ConvKey {
        self.conversation(name, text, None)
    }

    /// A customer writes in a conversation the operator has (unread by them).
    pub fn customer_writes_to_me(&self, name: &str, text: &str) -> ConvKey {
        self.conversation(name, text, Some(self.me))
    }

    pub fn conversation(&self, name: &str, text: &str, operator: Option<i64>) -> ConvKey {
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
