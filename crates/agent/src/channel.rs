//! The agent's end of the channel to its windows: their calls go to the desk by
//! the page's command names; a second launch's "show" goes to the windows, or
//! starts one.

use deskbell_ipc::launch::WINDOW;
use deskbell_ipc::server::Answer;
use deskbell_ipc::{Failure, Handler, Server};
use deskbell_runtime::Desk;
use serde_json::Value;
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

pub struct DeskHandler {
    /// Weak: the desk's output holds the server, and the server this handler.
    desk: Weak<Desk>,
    server: Arc<Server>,
}

impl DeskHandler {
    pub fn new(desk: &Arc<Desk>, server: Arc<Server>) -> Self {
        DeskHandler {
            desk: Arc::downgrade(desk),
            server,
        }
    }
}

impl Handler for DeskHandler {
    fn call(&self, verb: String, args: Value) -> Answer {
        let desk = self.desk.upgrade();
        Box::pin(async move {
            let Some(desk) = desk else {
                return Err(Failure::agent_gone());
            };
            desk.dispatch(&verb, args, &crate::login_items::set)
                .await
                .map_err(|e| Failure::new(&e.kind, e.message))
        })
    }

    fn show(&self) {
        show_windows(&self.server);
    }
}

/// Brings the connected windows to the front, or starts the window when none
/// is connected (at most once every few seconds: a double click, or a click
/// while the window is still starting, must not start two).
pub fn show_windows(server: &Server) {
    static LAST_START: Mutex<Option<Instant>> = Mutex::new(None);
    if server.show_windows() {
        return;
    }
    let mut last = LAST_START.lock().unwrap_or_else(|p| p.into_inner());
    if last.is_some_and(|at| at.elapsed() < WINDOW_START) {
        return;
    }
    match WINDOW.start(&[]) {
        Ok(pid) => log::info!("started the window (pid {pid})"),
        Err(e) => log::error!("cannot start the window: {e}"),
    }
    *last = Some(Instant::now());
}

/// How long a started window may take to connect before another is started.
const WINDOW_START: Duration = Duration::from_secs(5);
