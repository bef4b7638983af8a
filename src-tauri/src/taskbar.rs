//! The unread count beside the open window where each system shows an app's
//! count: the Dock badge on macOS, an overlay on the taskbar button on Windows.
//! On Linux the tray icon carries the count (drawn by the agent); launchers that
//! show counts want a desktop-file protocol most desktops lack, so nothing here.
//! With the window closed the app has no Dock or taskbar entry; the tray has it.

use deskbell_platform::System;
use serde::Deserialize;
use tauri::{AppHandle, Manager};

/// Side of the overlay icon: Windows shows it at 16 px, 32 for high DPI.
const OVERLAY_SIDE: u32 = 32;

/// What to set, chosen per system.
#[derive(Debug, PartialEq, Eq)]
pub enum Mark {
    /// macOS: the Dock badge (`None` removes it).
    Dock(Option<i64>),
    /// Windows: an RGBA overlay icon of side [`OVERLAY_SIDE`] (`None` removes it).
    Overlay(Option<Vec<u8>>),
    Nothing,
}

pub fn mark(system: System, unread: u32) -> Mark {
    match system {
        System::MacOs => Mark::Dock((unread > 0).then_some(i64::from(unread))),
        System::Windows => Mark::Overlay(deskbell_runtime::badge::overlay(
            OVERLAY_SIDE,
            unread as usize,
        )),
        System::Linux => Mark::Nothing,
    }
}

/// Unread conversations in the page's first state (`app_state`'s items), as
/// the agent counts them for `inbox_changed`.
pub fn unread_in(items: &serde_json::Value) -> u32 {
    #[derive(Deserialize)]
    struct Item {
        unread: u32,
    }
    let items: Vec<Item> = serde_json::from_value(items.clone()).unwrap_or_default();
    items.iter().filter(|i| i.unread > 0).count() as u32
}

/// Sets the mark on the main window, if it is open; failures only logged.
pub fn show(app: &AppHandle, unread: u32) {
    let Some(window) = app.get_webview_window(crate::window::MAIN) else {
        return;
    };
    let result = match mark(System::current(), unread) {
        Mark::Dock(count) => window.set_badge_count(count),
        #[cfg(windows)]
        Mark::Overlay(icon) => window.set_overlay_icon(
            icon.map(|rgba| tauri::image::Image::new_owned(rgba, OVERLAY_SIDE, OVERLAY_SIDE)),
        ),
        #[cfg(not(windows))]
        Mark::Overlay(_) => Ok(()),
        Mark::Nothing => Ok(()),
    };
    if let Err(e) = result {
        log::warn!("cannot show the unread count beside the window: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_system_gets_its_own_mark() {
        assert_eq!(mark(System::MacOs, 3), Mark::Dock(Some(3)));
        assert_eq!(mark(System::MacOs, 0), Mark::Dock(None));
        assert_eq!(mark(System::Linux, 3), Mark::Nothing);
        match mark(System::Windows, 3) {
            Mark::Overlay(Some(icon)) => assert_eq!(icon.len(), 32 * 32 * 4),
            other => panic!("{other:?}"),
        }
        assert_eq!(mark(System::Windows, 0), Mark::Overlay(None));
    }

    #[test]
    fn the_first_count_is_of_conversations_with_something_unread() {
        let items = json!([{"unread": 0, "id": "a"}, {"unread": 4}, {"unread": 1}]);
        assert_eq!(unread_in(&items), 2);
        assert_eq!(unread_in(&json!(null)), 0);
    }
}
