//! The running desk: core state shared by commands, per-account polling and
//! delivery tasks, and the pump that turns core events into window events,
//! notifications and the tray count. Tauri appears here only as the sink.

use crate::demo::Demo;
use crate::events::{self, DeskEvent};
use crate::notifications::Notifier;
use crate::providers;
use crate::pumps;
use crate::settings::{cache_dir, Account, Settings};
use crate::tray::{Tray, TrayView};
use deskbell_desk::gate::{Gate, Gated};
use deskbell_desk::outbox::{run_delivery, OutboxEvent, SystemClock};
use deskbell_desk::poller::{PollEvent, Poller, PollerConfig, Resync};
use deskbell_desk::{
    AccountId, ConvKey, Inbox, NotifyConfig, NotifyPolicy, Outbox, Provider, RetryPolicy,
};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Duration;
use tauri::async_runtime::JoinHandle;
use tauri::AppHandle;
use tokio::sync::{mpsc, Notify};

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
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
    pub app: AppHandle,
    pub settings: Mutex<Settings>,
    pub inbox: Arc<Mutex<Inbox>>,
    pub policy: Arc<Mutex<NotifyPolicy>>,
    pub outbox: Arc<Mutex<Outbox>>,
    /// The operators, groups and agents each account's answers named (people.rs).
    pub roster: deskbell_desk::roster::SharedRoster,
    /// Running accounts by id.
    pub accounts: Mutex<BTreeMap<String, Running>>,
    pub demo: Mutex<Option<Demo>>,
    /// Conversations open in the window: their threads are refreshed on change.
    pub open: Mutex<HashSet<ConvKey>>,
    /// A conversation to show when the window (re)appears (notification click).
    pub pending_open: Mutex<Option<ConvKey>>,
    pub notifier: Notifier,
    /// The webhook receiver, its routes (one per Blinger account) and test events.
    pub hooks: crate::webhooks::Hooks,
    online: Mutex<bool>,
    /// State files that could not be used at start-up, for the window to explain.
    pub notices: Mutex<Vec<deskbell_desk::state_file::Notice>>,
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
    pub tray: OnceLock<Tray>,
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
    pub fn open(app: AppHandle, startup: crate::startup::Startup) -> Arc<Desk> {
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
            app,
            settings: Mutex::new(settings),
            inbox: Arc::new(Mutex::new(inbox)),
            policy: Arc::new(Mutex::new(policy)),
            outbox: Arc::new(Mutex::new(outbox)),
            roster: Arc::new(Mutex::new(roster)),
            accounts: Mutex::new(BTreeMap::new()),
            demo: Mutex::new(None),
            open: Mutex::new(HashSet::new()),
            pending_open: Mutex::new(None),
            notifier: Notifier::default(),
            hooks: Default::default(),
            online: Mutex::new(true),
            last_summary: Mutex::new(Vec::new()),
            polled: Mutex::new(HashSet::new()),
            notices: Mutex::new(notices),
            own_sent: Mutex::new(HashMap::new()),
            thread_reads: Default::default(),
            tray: OnceLock::new(),
            poll_tx,
            read_tx,
            outbox_tx,
        });
        tauri::async_runtime::spawn(crate::reads::pump(desk.clone(), read_rx));
        tauri::async_runtime::spawn(pumps::polls(desk.clone(), poll_rx));
        tauri::async_runtime::spawn(pumps::outbox(desk.clone(), outbox_rx));
        tauri::async_runtime::spawn(pumps::save_cache_periodically(desk.clone()));
        tauri::async_runtime::spawn(crate::people::save_periodically(desk.clone()));
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
        let mut tasks = vec![
            tauri::async_runtime::spawn(poller.run(self.poll_tx.clone())),
            tauri::async_runtime::spawn(run_delivery(
                self.outbox.clone(),
                provider.clone(),
                wake.clone(),
                RetryPolicy::default(),
                Arc::new(SystemClock),
                self.outbox_tx.clone(),
            )),
        ];
        if let Some(reader) = &reader {
            tasks.push(tauri::async_runtime::spawn(
                reader.clone().run(self.read_tx.clone()),
            ));
        }
        let running = Running {
            account,
            provider,
            demo,
            status: Connection::Connecting,
            error: None,
            resync,
            wake,
            gate,
            reader,
            tasks,
        };
        let id = running.account.id.clone();
        lock(&self.accounts).insert(id.clone(), running);
        self.emit_account(&id);
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

    pub fn emit(&self, event: DeskEvent) {
        events::emit(&self.app, event);
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

    pub fn emit_account(&self, id: &str) {
        if let Some(view) = self.account_view(id) {
            self.emit(DeskEvent::AccountStatus { account: view });
        }
    }

    pub fn account_view(&self, id: &str) -> Option<events::AccountView> {
        let unread = lock(&self.inbox)
            .snapshot()
            .items
            .iter()
            .filter(|i| i.key.account.as_str() == id && i.unread > 0)
            .count();
        lock(&self.accounts).get(id).map(|r| {
            events::AccountView::of(&r.account, r.demo, &r.status, r.error.clone(), unread)
        })
    }

    /// The ids of the running accounts.
    pub fn account_ids(&self) -> Vec<String> {
        lock(&self.accounts).keys().cloned().collect()
    }

    pub fn account_views(&self) -> Vec<events::AccountView> {
        self.account_ids()
            .iter()
            .filter_map(|id| self.account_view(id))
            .collect()
    }

    pub fn refresh_tray(&self) {
        let Some(tray) = self.tray.get() else { return };
        let unread = lock(&self.inbox).unread_conversations();
        let accounts = lock(&self.accounts)
            .values()
            .map(|r| match (&r.status, &r.error) {
                (Connection::Online, _) => format!("{} — online", r.account.name),
                (Connection::Connecting, _) => format!("{} — connecting…", r.account.name),
                (_, Some(e)) => format!(
                    "{} — {}",
                    r.account.name,
                    deskbell_desk::text::one_line(e, 60)
                ),
                (_, None) => format!("{} — offline", r.account.name),
            })
            .collect();
        let view = TrayView {
            unread,
            do_not_disturb: lock(&self.settings).do_not_disturb,
            accounts,
        };
        tray.update(&self.app, view);
    }

    /// Re-reads an open conversation's thread and sends it whole to the window.
    pub fn refresh_thread(self: &Arc<Self>, key: ConvKey) {
        let Some(provider) = self.provider(key.account.as_str()) else {
            return;
        };
        let desk = self.clone();
        let ticket = self.thread_reads.start();
        tauri::async_runtime::spawn(async move {
            if let Ok(thread) = crate::commands::read_thread(&desk, &*provider, &key).await {
                if desk.thread_reads.finish(&key, ticket) {
                    let messages = thread.messages;
                    desk.emit(DeskEvent::ThreadChanged { key, messages });
                }
            }
        });
    }

    /// Offline = every account failed to connect: the window shows one banner
    /// instead of an error per account.
    fn emit_connectivity(&self) {
        let online = {
            let accounts = lock(&self.accounts);
            accounts.is_empty() || accounts.values().any(|r| r.status != Connection::Offline)
        };
        let mut last = lock(&self.online);
        if *last != online {
            *last = online;
            self.emit(DeskEvent::Connectivity { online });
        }
    }

    pub(crate) fn set_status(&self, id: &str, status: Connection, error: Option<String>) {
        let error = error.map(|e| deskbell_transport::scrub(&e).into_owned());
        let changed = match lock(&self.accounts).get_mut(id) {
            Some(r) if r.status != status || r.error != error => {
                r.status = status;
                r.error = error;
                true
            }
            _ => false,
        };
        if changed {
            self.emit_account(id);
            self.refresh_tray();
            self.emit_connectivity();
        }
    }
}

pub(crate) fn cache_path() -> std::path::PathBuf {
    cache_dir().join(crate::startup::INBOX_CACHE)
}
