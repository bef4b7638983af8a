//! The app as the desk's front end: page events through Tauri, notifications
//! through notify-rust, the tray through Tauri's tray icon.

use crate::tray::Tray;
use deskbell_notify::Notifier;
use deskbell_runtime::events::{DeskEvent, EVENT};
use deskbell_runtime::{Alert, Desk, Output, TrayView};
use std::sync::{Arc, OnceLock, Weak};
use tauri::{AppHandle, Emitter};

pub struct TauriOutput {
    app: AppHandle,
    notifier: Notifier,
    /// Set once the tray exists (after the desk: the tray's menu acts on the desk).
    pub tray: OnceLock<Tray>,
    /// For notification clicks; weak, as the desk holds this output.
    desk: OnceLock<Weak<Desk>>,
}

impl TauriOutput {
    pub fn new(app: AppHandle) -> Arc<Self> {
        Arc::new(TauriOutput {
            app,
            notifier: Notifier::default(),
            tray: OnceLock::new(),
            desk: OnceLock::new(),
        })
    }

    pub fn attach(&self, desk: &Arc<Desk>) {
        let _ = self.desk.set(Arc::downgrade(desk));
    }
}

impl Output for TauriOutput {
    fn event(&self, event: DeskEvent) {
        // No window, no listener: the event is simply dropped, the state stays in the desk.
        if let Err(e) = self.app.emit(EVENT, event) {
            log::debug!("event not delivered: {e}");
        }
    }

    fn notify(&self, alert: Alert) {
        self.notifier.show_for(self.desk.get().cloned(), alert);
    }

    fn tray(&self, view: TrayView) {
        if let Some(tray) = self.tray.get() {
            tray.update(&self.app, view);
        }
    }

    fn show_window(&self) {
        let app = self.app.clone();
        let _ = self
            .app
            .run_on_main_thread(move || crate::window::show(&app));
    }
}
