//! The main window. Closing it destroys it (a WebKit window costs hundreds of MB;
//! a tray app polling in Rust costs tens): the app keeps running in the tray and
//! builds the window again, from the in-memory state, when it is reopened.

use tauri::{AppHandle, Manager, WebviewUrl, WebviewWindowBuilder};

pub const MAIN: &str = "main";

/// Shows the window, creating it if it was closed.
pub fn show(app: &AppHandle) {
    crate::trim::cancel();
    if let Some(window) = app.get_webview_window(MAIN) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
        return;
    }
    let built = WebviewWindowBuilder::new(app, MAIN, WebviewUrl::App("index.html".into()))
        .title("Deskbell")
        .inner_size(1280.0, 800.0)
        .min_inner_size(760.0, 480.0)
        .build();
    match built {
        Ok(window) => {
            let _ = window.set_focus();
        }
        Err(e) => log::error!("cannot open the window: {e}"),
    }
}
