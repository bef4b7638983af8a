//! The in-memory store behind every endpoint, plus the methods tests use to
//! seed and inspect it.
//!
//! A [`Store`] is a cheap `Arc` handle. All methods are synchronous: state
//! changes are quick, and tests can call them without `.await`.

mod conversation_ops;
mod model;
mod persist;
mod seed;
mod widget_ops;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value;
use tokio::sync::{mpsc, Notify};

pub use conversation_ops::{ActionParams, ListFilter};
pub use model::{
    BlingerUser, CommentPost, Conversation, ConversationStatus, Group, IdCounters, Message,
    Operator, Role, State, WidgetAgent, WidgetBot, WidgetConversation, WidgetEndUser,
    WidgetMessage, WidgetReview, WidgetState,
};
pub(crate) use persist::{load_state, save_state};
pub(crate) use seed::channel_account_title;
pub use seed::{Author, NewConversation, SeedMessage};

/// What [`Store::conversation`] returns: the conversation as stored, with all
/// its messages.
pub type ConversationSnapshot = Conversation;
/// What [`Store::messages`] returns: `text`, `kind` (the API's `type`),
/// `is_outgoing`, `is_note`, `operator_id`, ….
pub type MessageSnapshot = Message;

/// Shared handle to the simulator's state.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    state: Mutex<State>,
    admin_operator_id: i64,
    /// Wakes the state-file writer after every change.
    changed: Notify,
    /// Where webhook events go; `None` until the server wires delivery up.
    events: Mutex<Option<mpsc::UnboundedSender<Value>>>,
    requests: Mutex<BTreeMap<String, u64>>,
    /// See `SimConfig::extras`.
    extras: std::sync::atomic::AtomicBool,
}

/// Current time in unix seconds, the unit of every timestamp here.
pub fn now() -> i64 {
    now_micros() / 1_000_000
}

pub(crate) fn now_micros() -> i64 {
    let d = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(d.as_micros()).unwrap_or(i64::MAX)
}

impl Store {
    /// An empty store whose admin (the default `operator_id`) is
    /// `admin_operator_id`; the admin operator is created if missing.
    pub fn new(admin_operator_id: i64) -> Self {
        Self::from_state(State::default(), admin_operator_id)
    }

    pub(crate) fn from_state(state: State, admin_operator_id: i64) -> Self {
        let store = Self {
            inner: Arc::new(Inner {
                state: Mutex::new(state),
                admin_operator_id,
                changed: Notify::new(),
                events: Mutex::new(None),
                requests: Mutex::new(BTreeMap::new()),
                extras: Default::default(),
            }),
        };
        store.ensure_admin();
        store
    }

    fn ensure_admin(&self) {
        let admin = self.inner.admin_operator_id;
        let mut st = self.lock();
        st.operators.entry(admin).or_insert_with(|| Operator {
            id: admin,
            name: "Admin".into(),
            email: "admin@example.com".into(),
        });
        st.ids.operator = st.ids.operator.max(admin);
    }

    /// The operator used when a request leaves `operator_id` out.
    /// Answers with undocumented extra fields from now on (or not).
    pub fn set_extras(&self, on: bool) {
        self.inner
            .extras
            .store(on, std::sync::atomic::Ordering::Relaxed);
    }

    pub fn extras(&self) -> bool {
        self.inner.extras.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn admin_operator_id(&self) -> i64 {
        self.inner.admin_operator_id
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave the state half-written
        // in a way that matters for a simulator; keep serving.
        self.inner.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs a change, then wakes the state writer and hands the webhook
    /// events it produced to delivery (unless `notify` is false).
    pub(crate) fn mutate<R>(
        &self,
        notify: bool,
        change: impl FnOnce(&mut State, &mut Vec<Value>) -> R,
    ) -> R {
        let mut events = Vec::new();
        let result = {
            let mut st = self.lock();
            change(&mut st, &mut events)
        };
        self.inner.changed.notify_one();
        if notify && !events.is_empty() {
            let sink = self.inner.events.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(tx) = sink.as_ref() {
                for event in events {
                    let _ = tx.send(event);
                }
            }
        }
        result
    }

    pub(crate) fn set_event_sink(&self, tx: mpsc::UnboundedSender<Value>) {
        *self.inner.events.lock().unwrap_or_else(|e| e.into_inner()) = Some(tx);
    }

    /// Resolves after the next state change (used by the state-file writer).
    pub(crate) async fn changed(&self) {
        self.inner.changed.notified().await;
    }

    /// A copy of the whole state.
    pub fn state(&self) -> State {
        self.lock().clone()
    }

    /// The whole state as JSON (what `GET /_sim/state` answers).
    pub fn dump_json(&self) -> Value {
        serde_json::to_value(&*self.lock()).unwrap_or(Value::Null)
    }

    // --- Request statistics ---

    pub(crate) fn count_request(&self, endpoint: &str) {
        let mut map = self
            .inner
            .requests
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        *map.entry(endpoint.to_owned()).or_insert(0) += 1;
    }

    /// Requests received per endpoint, keyed `conversations/<name>`,
    /// `widget/<name>` or `_sim/<name>` (counted before auth and faults).
    pub fn request_counts(&self) -> BTreeMap<String, u64> {
        self.inner
            .requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Requests received for `endpoint`: a full key like
    /// `conversations/send-file-message`, or a bare name like `send-message`
    /// (which sums both APIs). `""` or `"all"` counts every API request.
    pub fn request_count(&self, endpoint: &str) -> u64 {
        self.request_counts()
            .iter()
            .filter(|(key, _)| endpoint_matches(endpoint, key))
            .map(|(_, n)| n)
            .sum()
    }

    // --- Directory: operators and groups ---

    /// Adds an operator and returns its id.
    pub fn add_operator(&self, name: &str, email: &str) -> i64 {
        self.mutate(false, |st, _| {
            st.ids.operator += 1;
            let id = st.ids.operator;
            let op = Operator {
                id,
                name: name.into(),
                email: email.into(),
            };
            st.operators.insert(id, op);
            id
        })
    }

    /// Adds an operator group and returns its id.
    pub fn add_group(&self, name: &str) -> i64 {
        self.mutate(false, |st, _| {
            st.ids.group += 1;
            let id = st.ids.group;
            st.groups.insert(
                id,
                Group {
                    id,
                    name: name.into(),
                },
            );
            id
        })
    }

    /// Creates or renames the operator with this id.
    pub fn upsert_operator(&self, id: i64, name: &str, email: &str) {
        self.mutate(false, |st, _| {
            let op = Operator {
                id,
                name: name.into(),
                email: email.into(),
            };
            st.operators.insert(id, op);
            st.ids.operator = st.ids.operator.max(id);
        });
    }

    pub fn operators(&self) -> Vec<Operator> {
        self.lock().operators.values().cloned().collect()
    }

    pub fn groups(&self) -> Vec<Group> {
        self.lock().groups.values().cloned().collect()
    }

    // --- Inspection ---

    /// One conversation with its messages, or None if unknown.
    pub fn conversation(&self, id: i64) -> Option<ConversationSnapshot> {
        self.lock().conversations.get(&id).cloned()
    }

    /// All conversation ids, ascending.
    pub fn conversation_ids(&self) -> Vec<i64> {
        self.lock().conversations.keys().copied().collect()
    }

    /// A conversation's messages, oldest first (empty if unknown).
    pub fn messages(&self, conversation_id: i64) -> Vec<MessageSnapshot> {
        self.lock()
            .conversations
            .get(&conversation_id)
            .map(|c| c.messages.clone())
            .unwrap_or_default()
    }

    /// A user by `blinger_user_id` (end users and channel accounts alike).
    pub fn user(&self, blinger_user_id: i64) -> Option<BlingerUser> {
        self.lock().users.get(&blinger_user_id).cloned()
    }
}

/// Whether a fault/stat endpoint selector matches a full endpoint key like
/// `conversations/send-message`.
pub(crate) fn endpoint_matches(selector: &str, key: &str) -> bool {
    if selector.is_empty() || selector == "all" || selector == "*" {
        return !key.starts_with("_sim/");
    }
    if selector.contains('/') {
        return selector == key;
    }
    key.rsplit('/').next() == Some(selector) && !key.starts_with("_sim/")
}
