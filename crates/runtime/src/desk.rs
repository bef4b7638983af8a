//! The running desk: core state shared by the verbs, per-account polling and
//! delivery tasks, and the pumps that turn core events into page events,
//! notifications and the tray's view, all through one [`Output`].

use crate::demo::Demo;
use crate::events::DeskEvent;
use crate::output::Output;
use crate::providers;
use crate::pumps;
use crate::settings::{cache_dir, Account, Settings};
use deskbell_desk::gate::{Gate, Gated};
use deskbell_desk::outbox::{run_delivery, OutboxEvent, SystemClock};
use deskbell_desk::poller::{PollEvent, Poller, PollerConfig, Resync};
use deskbell_desk::{
    AccountId, ConvKey, Inbox, NotifyConfig, NotifyPolicy, Outbox, Provider, RetryPolicy,
};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::runtime::Handle;
use tokio::sync::{mpsc, Notify};
use tokio::task::JoinHandle;

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Connection {
    Connecting,
    Online,
    Offline,
    Error,
}

/// One configured account while it runs.
pub struct Running {
    pub account: Account,
    pub provider: Arc<dyn Provider>,
    pub demo: bool,
    pub status: Connection,
    pub error: Option<String>,
    resync: Resync,
    wake: Arc<Notify>,
    /// The account's request budget, shared by polls, sends and the operator.
    gate: Arc<Gate>,
    /// Reads conversations for what the lists leave out (Blinger).
    pub(crate) reader: Option<deskbell_desk::peek::Reader>,
    tasks: Vec<JoinHandle<()>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

pub struct Desk {
    output: Arc<dyn Output>,
    /// Where the desk's tasks run: the front end's runtime.
    rt: Handle,
    pub(crate) settings: Mutex<Settings>,
    pub(crate) inbox: Arc<Mutex<Inbox>>,
    pub(crate) policy: Arc<Mutex<NotifyPolicy>>,
    pub(crate) outbox: Arc<Mutex<Outbox>>,
    /// The operators, groups and agents each account's answers named (people.rs).
    pub(crate) roster: deskbell_desk::roster::SharedRoster,
    /// Running accounts by id.
    pub(crate) accounts: Mutex<BTreeMap<String, Running>>,
    pub(crate) demo: Mutex<Option<Demo>>,
    /// Conversations open in the window: their threads are refreshed on change.
    pub(crate) open: Mutex<HashSet<ConvKey>>,
    /// A conversation to show when the window (re)appears (notification click).
    pub(crate) pending_open: Mutex<Option<ConvKey>>,
    /// The webhook receiver, its routes (one per Blinger account) and test events.
    pub(crate) hooks: crate::webhooks::Hooks,
    pub(crate) online: Mutex<bool>,
    /// State files that could not be used at start-up, for the window to explain.
    pub(crate) notices: Mutex<Vec<deskbell_desk::state_file::Notice>>,
    /// Accounts whose first poll since the start has been announced.
    polled: Mutex<HashSet<String>>,
    /// The outbox summary last sent to the window: only a change is sent again.
    pub(crate) last_summary: Mutex<Vec<deskbell_desk::outbox::QueueSummary>>,
    /// What we sent lately, per conversation: Blinger's lists do not say who wrote
    /// last, so a poll can make our own reply look like the customer's news.
    pub(crate) own_sent: Mutex<HashMap<ConvKey, Vec<(i64, String)>>>,
    /// Thread re-reads overlap (each send and action starts one) and may finish out
    /// of order; only a read started after the last one shown may replace it, or an
    /// older read could bring back the echo of a reply confirmed since.
    thread_reads: crate::thread_reads::ThreadReads,
    poll_tx: mpsc::UnboundedSender<PollEvent>,
    read_tx: mpsc::UnboundedSender<deskbell_desk::peek::ReadEvent>,
    pub(crate) outbox_tx: mpsc::UnboundedSender<OutboxEvent>,
}

pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

impl Desk {
    /// Builds the desk from what start-up read (settings, outbox, cached inbox) and
    /// starts the event pumps. Accounts are started separately (`start_account`).
    pub fn open(
        output: Arc<dyn Output>,
        rt: Handle,
        startup: crate::startup::Startup,
    ) -> Arc<Desk> {
        let crate::startup::Startup {
            settings,
            outbox,
            inbox,
            roster,
            notices,
        } = startup;
        let mut policy = NotifyPolicy::new(NotifyConfig {
            notify_on_first_load: false,
            do_not_disturb: settings.do_not_disturb,
        });
        // What the cache holds was already known: only what changed since is news.
        policy.seed(inbox.snapshot().items.iter());
        let (poll_tx, poll_rx) = mpsc::unbounded_channel();
        let (outbox_tx, outbox_rx) = mpsc::unbounded_channel();
        let (read_tx, read_rx) = mpsc::unbounded_channel();
        let desk = Arc::new(Desk {
            output,
            rt,
            settings: Mutex::new(settings),
            inbox: Arc::new(Mutex::new(inbox)),
            policy: Arc::new(Mutex::new(policy)),
            outbox: Arc::new(Mutex::new(outbox)),
            roster: Arc::new(Mutex::new(roster)),
            accounts: Mutex::new(BTreeMap::new()),
            demo: Mutex::new(None),
            open: Mutex::new(HashSet::new()),
            pending_open: Mutex::new(None),
            hooks: Default::default(),
            online: Mutex::new(true),
            last_summary: Mutex::new(Vec::new()),
            polled: Mutex::new(HashSet::new()),
            notices: Mutex::new(notices),
            own_sent: Mutex::new(HashMap::new()),
            thread_reads: Default::default(),
            poll_tx,
            read_tx,
            outbox_tx,
        });
        desk.spawn(crate::reads::pump(desk.clone(), read_rx));
        desk.spawn(pumps::polls(desk.clone(), poll_rx));
        desk.spawn(pumps::outbox(desk.clone(), outbox_rx));
        desk.spawn(pumps::save_cache_periodically(desk.clone()));
        desk.spawn(crate::people::save_periodically(desk.clone()));
        desk
    }

    /// Starts polling and delivery for `account` with its provider.
    pub fn start_account(
        self: &Arc<Self>,
        account: Account,
        provider: Arc<dyn Provider>,
        demo: bool,
    ) {
        let id = AccountId::new(account.id.clone());
        lock(&self.policy).set_me(&id, providers::operator_of(&account));
        let interval = lock(&self.settings).poll_interval_secs.max(1);
        let gate = Arc::new(Gate::new());
        let provider: Arc<dyn Provider> = Arc::new(Gated::new(provider, gate.clone()));
        let poller = Poller::new(
            provider.clone(),
            self.inbox.clone(),
            self.policy.clone(),
            PollerConfig {
                interval: Duration::from_secs(interval),
                ..PollerConfig::default()
            },
        )
        .with_gate(gate.clone());
        let resync = poller.resync_handle();
        let wake = Arc::new(Notify::new());
        let reader = crate::reads::reader(self, &account, &provider, &gate, demo);
        let running = Running {
            account,
            provider: provider.clone(),
            demo,
            status: Connection::Connecting,
            error: None,
            resync,
            wake: wake.clone(),
            gate,
            reader: reader.clone(),
            tasks: Vec::new(),
        };
        let id = running.account.id.clone();
        // In the map before its tasks start: a first poll that answers at once
        // must find the account to mark it online.
        lock(&self.accounts).insert(id.clone(), running);
        self.emit_account(&id);
        let mut tasks = vec![
            self.spawn(poller.run(self.poll_tx.clone())),
            self.spawn(run_delivery(
                self.outbox.clone(),
                provider,
                wake,
                RetryPolicy::default(),
                Arc::new(SystemClock),
                self.outbox_tx.clone(),
            )),
        ];
        if let Some(reader) = reader {
            tasks.push(self.spawn(reader.run(self.read_tx.clone())));
        }
        match lock(&self.accounts).get_mut(&id) {
            Some(running) => running.tasks = tasks,
            // Stopped meanwhile: its tasks go with it.
            None => tasks.iter().for_each(|t| t.abort()),
        }
        self.refresh_tray();
    }

    pub fn stop_account(&self, id: &str) {
        lock(&self.accounts).remove(id);
        // Its delivery task is gone: a request it had out has an unknown outcome.
        match lock(&self.outbox).requeue_in_flight(&AccountId::new(id)) {
            Ok(entries) => entries.iter().for_each(|e| self.report(OutboxEvent::of(e))),
            Err(e) => log::error!("outbox: {e}"),
        }
        let changes = lock(&self.inbox).remove_account(&AccountId::new(id));
        self.emit_changes(changes);
        self.refresh_tray();
    }

    /// The running account with this id.
    pub fn provider(&self, account: &str) -> Option<Arc<dyn Provider>> {
        lock(&self.accounts)
            .get(account)
            .map(|r| r.provider.clone())
    }

    /// After an enqueue or a retry: let the account's delivery task look now.
    pub fn wake_delivery(&self, account: &str) {
        if let Some(r) = lock(&self.accounts).get(account) {
            r.wake.notify_one();
        }
    }

    /// The account's server answers TCP again: a backoff for being unreachable ends
    /// (a rate limit does not).
    pub fn reachable_again(&self, account: &str) {
        if let Some(r) = lock(&self.accounts).get(account) {
            r.gate.reachable_again();
        }
    }

    /// Whether this is the account's first poll since the app started (and notes it).
    pub fn first_poll(&self, account: &str) -> bool {
        lock(&self.polled).insert(account.to_owned())
    }

    /// The operator's "Refresh" / "Retry now": poll now, even during a failure's
    /// backoff (a server's `Retry-After` still holds).
    pub fn refresh(&self, account: Option<&str>) {
        for (id, r) in lock(&self.accounts).iter() {
            if account.is_none_or(|a| a == id) {
                r.resync.operator_asked();
            }
        }
        self.read_mine_again(account);
    }

    pub fn resync(&self, account: Option<&str>) {
        for (name, r) in lock(&self.accounts).iter() {
            if account.is_none_or(|a| a == name) {
                r.resync.resync_now();
            }
        }
    }

    /// Runs a task of the desk's on the front end's runtime.
    pub fn spawn<F>(&self, task: F) -> JoinHandle<F::Output>
    where
        F: std::future::Future + Send + 'static,
        F::Output: Send + 'static,
    {
        self.rt.spawn(task)
    }

    pub fn output(&self) -> &dyn Output {
        &*self.output
    }

    pub fn emit(&self, event: DeskEvent) {
        self.output.event(event);
    }

    pub fn emit_changes(&self, changes: Vec<deskbell_desk::Change>) {
        if changes.is_empty() {
            return;
        }
        // Conversations with unread messages, as the tray and the page title count them.
        let unread_total = lock(&self.inbox).unread_conversations() as u32;
        self.emit(DeskEvent::InboxChanged {
            changes,
            unread_total,
        });
    }

    /// Re-reads an open conversation's thread and sends it whole to the window.
    pub fn refresh_thread(self: &Arc<Self>, key: ConvKey) {
        let Some(provider) = self.provider(key.account.as_str()) else {
            return;
        };
        let desk = self.clone();
        let ticket = self.thread_reads.start();
        self.spawn(async move {
            if let Ok(thread) = crate::threads::read_thread(&desk, &*provider, &key).await {
                if desk.thread_reads.finish(&key, ticket) {
                    let messages = thread.messages;
                    desk.emit(DeskEvent::ThreadChanged { key, messages });
                }
            }
        });
    }
}

pub fn cache_path() -> std::path::PathBuf {
    cache_dir().join(crate::startup::INBOX_CACHE)
}
