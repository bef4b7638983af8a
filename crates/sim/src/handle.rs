//! Starting and stopping a simulator, and the handle tests hold.

use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use crate::faults::{FaultInjector, FaultPlan};
use crate::routes::{app, AppState};
use crate::store::{load_state, save_state, Store};
use crate::{demo, live, server, webhooks, SimConfig};

/// The live mode's RNG seed when the fault plan gives none.
const DEFAULT_LIVE_SEED: u64 = 0x00B1_1A6E;
/// Changes are written to the state file at most this often.
const SAVE_DEBOUNCE: Duration = Duration::from_millis(200);

/// A running simulator. Dropping the handle stops it too (without waiting);
/// [`SimHandle::shutdown`] stops it and waits for the final state save.
pub struct SimHandle {
    addr: SocketAddr,
    state: AppState,
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

/// Binds `listen` (port 0 picks a free port), seeds and spawns everything,
/// and returns at once.
pub async fn start(listen: SocketAddr, cfg: SimConfig) -> io::Result<SimHandle> {
    let loaded = match &cfg.state_file {
        Some(path) => load_state(path)?,
        None => None,
    };
    let fresh = loaded.is_none();
    let store = Store::from_state(loaded.unwrap_or_default(), cfg.admin_operator_id);
    store.set_extras(cfg.extras);
    if cfg.demo && fresh {
        demo::seed(&store);
    }
    let listener = TcpListener::bind(listen).await?;
    let addr = listener.local_addr()?;
    let (shutdown, shutdown_rx) = watch::channel(false);
    let mut tasks = Vec::new();

    if !cfg.webhooks.is_empty() {
        let (tx, rx) = mpsc::unbounded_channel();
        store.set_event_sink(tx);
        let urls = cfg.webhooks.clone();
        tasks.push(tokio::spawn(webhooks::deliver(
            rx,
            urls,
            shutdown_rx.clone(),
        )));
    }
    if let Some(path) = cfg.state_file.clone() {
        save(&store, &path).await;
        tasks.push(tokio::spawn(keep_saved(
            store.clone(),
            path,
            shutdown_rx.clone(),
        )));
    }
    if let Some(rates) = cfg.live {
        let seed = cfg.faults.seed.unwrap_or(DEFAULT_LIVE_SEED);
        tasks.push(tokio::spawn(live::run(
            store.clone(),
            rates,
            seed,
            shutdown_rx.clone(),
        )));
    }
    let state = AppState {
        store,
        token: cfg.token.as_str().into(),
        widget_token: cfg.widget_token.as_str().into(),
        faults: Arc::new(Mutex::new(FaultInjector::new(cfg.faults))),
    };
    tasks.push(tokio::spawn(server::serve(
        listener,
        app(state.clone()),
        shutdown_rx,
    )));
    Ok(SimHandle {
        addr,
        state,
        shutdown,
        tasks,
    })
}

async fn save(store: &Store, path: &std::path::Path) {
    let snapshot = store.state();
    let path = path.to_owned();
    let result = tokio::task::spawn_blocking(move || save_state(&path, &snapshot)).await;
    match result {
        Ok(Ok(())) => {}
        Ok(Err(e)) => tracing::warn!("cannot save state: {e}"),
        Err(e) => tracing::warn!("state save task failed: {e}"),
    }
}

/// Saves after changes (debounced), and once more at shutdown.
async fn keep_saved(store: Store, path: PathBuf, mut shutdown: watch::Receiver<bool>) {
    loop {
        let stopping = tokio::select! {
            _ = store.changed() => false,
            _ = shutdown.changed() => true,
        };
        if !stopping {
            tokio::select! {
                _ = tokio::time::sleep(SAVE_DEBOUNCE) => {}
                _ = shutdown.changed() => {}
            }
        }
        save(&store, &path).await;
        if stopping || *shutdown.borrow() || shutdown.has_changed().is_err() {
            break;
        }
    }
}

impl SimHandle {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Base URL of the Conversation API: `http://127.0.0.1:PORT/api`.
    pub fn api_base_url(&self) -> String {
        format!("http://{}/api", self.addr)
    }

    /// Base URL of the Widget API: `http://127.0.0.1:PORT/api/external/v1`.
    pub fn widget_base_url(&self) -> String {
        format!("http://{}/api/external/v1", self.addr)
    }

    /// Replaces the fault plan (counters and RNG start afresh).
    pub fn set_faults(&self, plan: FaultPlan) {
        self.state.set_faults(plan);
    }

    pub fn faults(&self) -> FaultPlan {
        self.state.current_faults()
    }

    /// The store, for seeding and assertions.
    pub fn store(&self) -> Store {
        self.state.store.clone()
    }

    /// Stops accepting, lets open connections finish (up to 2 s), writes
    /// the state file one last time.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        for task in self.tasks.drain(..) {
            let _ = task.await;
        }
    }
}
