//! Blinger webhooks: one receiver, one route per Blinger account whose webhooks
//! are on (its own secret path, tagged with its id), kept in step with the
//! settings while the app runs. Adding, removing or switching accounts changes
//! the routes in place; only a new listen address restarts the receiver. Each
//! account's URL (with its secret) is shown in Settings and nowhere else: it is
//! never logged.

pub mod config;
mod path_secrets;
pub mod probe;
mod pump;

#[cfg(test)]
mod routing_tests;

use crate::desk::{lock, Desk};
use crate::settings::Settings;
use config::is_blinger;
use deskbell_webhooks::{PathSecret, Receiver, ReceiverConfig, Webhook};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;

/// The running receiver and what it was started with.
#[derive(Default)]
struct Listening {
    receiver: Option<Receiver<String>>,
    /// Address, remote allowed, body cap: another of these needs a new listener.
    bound: Option<(SocketAddr, bool, usize)>,
}

/// What the window is told about the receiver.
#[derive(Debug, Clone, Default)]
pub struct ReceiverState {
    /// Where it listens, when it does.
    pub addr: Option<SocketAddr>,
    /// Why it does not, when it should.
    pub error: Option<String>,
}

pub struct Hooks {
    listening: tokio::sync::Mutex<Listening>,
    state: Mutex<ReceiverState>,
    tx: mpsc::Sender<Webhook<String>>,
    rx: Mutex<Option<mpsc::Receiver<Webhook<String>>>>,
    pub probes: probe::Probes,
}

impl Default for Hooks {
    fn default() -> Self {
        // A full channel drops the event (polling catches up) rather than making Blinger wait.
        let (tx, rx) = mpsc::channel(256);
        Hooks {
            listening: Default::default(),
            state: Default::default(),
            tx,
            rx: Mutex::new(Some(rx)),
            probes: Default::default(),
        }
    }
}

/// Starts the pump and, if any account has webhooks on, the receiver.
pub async fn start(desk: Arc<Desk>) {
    if let Some(rx) = lock(&desk.hooks.rx).take() {
        desk.spawn(pump::run(desk.clone(), rx));
    }
    let blinger: Vec<_> = {
        let settings = lock(&desk.settings);
        settings
            .accounts
            .iter()
            .filter(|a| is_blinger(a))
            .cloned()
            .collect()
    };
    if let Err(e) = path_secrets::adopt_single(&blinger.iter().collect::<Vec<_>>()) {
        log::error!("webhooks: {e}");
    }
    if let Err(e) = reconcile(&desk).await {
        log::error!("webhook receiver not started: {e}");
    }
}

/// Brings the receiver in line with the settings: the routes of the accounts
/// whose webhooks are on, on the configured address; none, no receiver.
pub async fn reconcile(desk: &Desk) -> Result<(), String> {
    let settings = lock(&desk.settings).clone();
    let hooks = &desk.hooks;
    let mut listening = hooks.listening.lock().await;
    let (routes, keyring_error) = routes(&settings);
    if routes.is_empty() {
        if let Some(old) = listening.receiver.take() {
            old.shutdown().await;
            log::info!("webhook receiver stopped: no account has webhooks on");
        }
        listening.bound = None;
        *lock(&hooks.state) = ReceiverState {
            addr: None,
            error: keyring_error,
        };
        return Ok(());
    }
    let webhook = &settings.webhook;
    let listen: SocketAddr = webhook
        .listen
        .parse()
        .map_err(|_| format!("the listen address \"{}\" is not host:port", webhook.listen))?;
    let wanted = (listen, webhook.allow_remote, webhook.max_body_bytes);
    if listening.bound == Some(wanted) {
        if let Some(receiver) = &listening.receiver {
            receiver.set_routes(routes).map_err(|e| e.to_string())?;
            lock(&hooks.state).error = keyring_error;
            return Ok(());
        }
    }
    if let Some(old) = listening.receiver.take() {
        old.shutdown().await;
    }
    listening.bound = None;
    let config = ReceiverConfig {
        allow_remote: webhook.allow_remote,
        ..ReceiverConfig::new(listen, routes, webhook.max_body_bytes)
    };
    match deskbell_webhooks::start(config, hooks.tx.clone()).await {
        Ok(receiver) => {
            log::info!("webhook receiver listening on {}", receiver.addr());
            *lock(&hooks.state) = ReceiverState {
                addr: Some(receiver.addr()),
                error: keyring_error,
            };
            listening.bound = Some(wanted);
            listening.receiver = Some(receiver);
            Ok(())
        }
        Err(e) => {
            *lock(&hooks.state) = ReceiverState {
                addr: None,
                error: Some(e.to_string()),
            };
            Err(e.to_string())
        }
    }
}

/// One route per Blinger account with webhooks on, its secret made if it has
/// none; and what the keyring said if it failed for some.
fn routes(settings: &Settings) -> (Vec<(PathSecret, String)>, Option<String>) {
    let mut routes = Vec::new();
    let mut error = None;
    for account in settings.webhook.enabled_accounts(&settings.accounts) {
        match path_secrets::load_or_create(&account.id) {
            Ok(secret) => routes.push((secret, account.id.clone())),
            Err(e) => {
                log::error!("webhooks of \"{}\": {e}", account.name);
                error = Some(e);
            }
        }
    }
    (routes, error)
}

impl Hooks {
    pub fn state(&self) -> ReceiverState {
        lock(&self.state).clone()
    }
}

/// The URL to give Blinger for `account`: its secret path on the receiver's
/// address (the configured one while it is not listening); `None` when the
/// account has no secret yet. Shown in Settings; never logged.
pub fn url_of(
    settings: &Settings,
    state: &ReceiverState,
    account: &str,
) -> Result<Option<String>, String> {
    match state.addr {
        Some(addr) => url_at(addr, account),
        None => url_at(&settings.webhook.listen, account),
    }
}

/// The account's URL on `addr`.
pub fn url_at(addr: impl std::fmt::Display, account: &str) -> Result<Option<String>, String> {
    let secret = path_secrets::load(account)?;
    Ok(secret.map(|s| format!("http://{addr}/blinger/{}", s.expose())))
}

/// Makes the account's secret now (switching its webhooks on shows its URL at once).
pub fn ensure_secret(account: &str) -> Result<(), String> {
    path_secrets::load_or_create(account).map(|_| ())
}

/// An account is removed (or replaced): its webhook setting and its secret go.
/// The caller saves the settings and reconciles.
pub fn forget_account(settings: &mut Settings, account: &str) {
    settings.webhook.forget(account);
    if let Err(e) = path_secrets::delete(account) {
        log::error!("webhook secret not deleted: {e}");
    }
}
