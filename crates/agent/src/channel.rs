//! The agent's end of the channel to its windows: their calls go to the desk by
//! the page's command names; a second launch's "show" goes to the windows.

use deskbell_ipc::server::Answer;
use deskbell_ipc::{Failure, Handler, Server};
use deskbell_runtime::Desk;
use serde_json::Value;
use std::sync::{Arc, Weak};

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

/// Brings the connected windows to the front.
pub fn show_windows(server: &Server) {
    if !server.show_windows() {
        log::info!("a window was asked for; none is connected");
    }
}
