//! The agent as the desk's front end: notifications through the system's
//! notification server, the view through the tray icon, page events to the
//! connected windows.

use crate::tray::Tray;
use deskbell_ipc::Server;
use deskbell_notify::Notifier;
use deskbell_runtime::events::DeskEvent;
use deskbell_runtime::{Alert, Desk, Output, TrayView};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use tokio::runtime::Handle;

pub struct AgentOutput {
    notifier: Notifier,
    rt: Handle,
    windows: Arc<Server>,
    /// Set once the icon is up (after the desk: its menu acts on the desk).
    tray: OnceLock<Arc<Tray>>,
    /// The latest view, for an icon that comes up after the desk has spoken.
    last_view: Mutex<TrayView>,
    /// For notification clicks; weak, as the desk holds this output.
    desk: OnceLock<Weak<Desk>>,
}

impl AgentOutput {
    pub fn new(rt: Handle, windows: Arc<Server>) -> Arc<Self> {
        Arc::new(AgentOutput {
            notifier: Notifier::new(rt.clone()),
            rt,
            windows,
            tray: OnceLock::new(),
            last_view: Mutex::default(),
            desk: OnceLock::new(),
        })
    }

    pub fn attach(&self, desk: &Arc<Desk>) {
        let _ = self.desk.set(Arc::downgrade(desk));
    }

    pub fn attach_tray(&self, tray: Tray) {
        let tray = Arc::new(tray);
        if self.tray.set(tray.clone()).is_ok() {
            let view = self
                .last_view
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .clone();
            self.rt.spawn(async move { tray.show(view).await });
        }
    }
}

impl Output for AgentOutput {
    fn event(&self, event: DeskEvent) {
        self.windows.publish(&event);
    }

    fn notify(&self, alert: Alert) {
        self.notifier.show_for(self.desk.get().cloned(), alert);
    }

    fn tray(&self, view: TrayView) {
        *self.last_view.lock().unwrap_or_else(|p| p.into_inner()) = view.clone();
        if let Some(tray) = self.tray.get().cloned() {
            self.rt.spawn(async move { tray.show(view).await });
        }
    }

    fn show_window(&self) {
        crate::channel::show_windows(&self.windows);
    }
}
