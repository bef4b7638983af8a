//! The main window. Closing it ends this program (a WebKit window costs hundreds
//! of MB); the agent keeps the desk in the tray and starts the window again when
//! it is asked for.

use tauri::webview::NewWindowResponse;
use tauri::{AppHandle, Manager, Url, WebviewUrl, WebviewWindowBuilder};

pub const MAIN: &str = "main";

/// Shows the window, creating it if it was closed. Safe from any thread: the
/// work runs on the main thread, one call after another, so a show asked for by
/// the agent while the window is being made finds it instead of making a second.
pub fn show(app: &AppHandle) {
    let handle = app.clone();
    if let Err(e) = app.run_on_main_thread(move || show_here(&handle)) {
        log::error!("cannot reach the main thread to show the window: {e}");
    }
}

/// [`show`], on the main thread.
fn show_here(app: &AppHandle) {
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
        // The page never leaves the app: links open in the system browser through
        // the checked `open_url` command, so any other navigation is an attack or
        // a mistake, refused here whatever the page's script does.
        .on_navigation(|url| {
            let ok = is_app_page(url);
            if !ok {
                log::warn!("navigation away from the app refused ({})", url.scheme());
            }
            ok
        })
        .on_new_window(|url, _| {
            log::warn!("new window refused ({})", url.scheme());
            NewWindowResponse::Deny
        })
        .build();
    match built {
        Ok(window) => {
            let _ = window.set_focus();
        }
        Err(e) => log::error!("cannot open the window: {e}"),
    }
}

/// The app's own pages: `tauri://localhost` (Linux, macOS) or
/// `http(s)://tauri.localhost` (Windows).
pub fn is_app_page(url: &Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost") && url.port().is_none(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_app_page;

    #[test]
    fn only_the_apps_own_pages_may_be_shown() {
        for ok in [
            "tauri://localhost/index.html",
            "tauri://localhost/",
            "http://tauri.localhost/index.html",
            "https://tauri.localhost/",
        ] {
            assert!(is_app_page(&ok.parse().unwrap()), "{ok}");
        }
        for bad in [
            "https://example.com/",
            "http://localhost/",
            "http://tauri.localhost.evil.com/",
            "http://tauri.localhost:8080/",
            "tauri://evil/",
            "deskimg://localhost/x",
            "data:text/html,hi",
            "about:blank",
            "javascript:alert(1)",
            "file:///etc/passwd",
        ] {
            assert!(!is_app_page(&bad.parse().unwrap()), "{bad}");
        }
    }
}
