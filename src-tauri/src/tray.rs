//! The tray icon: unread count drawn on the icon and written in the menu,
//! do-not-disturb toggle, per-account status, open and quit.

use deskbell_runtime::badge;
use deskbell_runtime::TrayView;
use std::sync::Mutex;
use tauri::image::Image;
use tauri::menu::{CheckMenuItem, Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIcon, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Wry};

pub const MENU_OPEN: &str = "open";
pub const MENU_DND: &str = "dnd";
pub const MENU_QUIT: &str = "quit";

const ICON_PNG: &[u8] = include_bytes!("../../icons/tray.png");

/// The tray icon and its menu; rebuilt only when the desk's view of them changes.
pub struct Tray {
    icon: TrayIcon,
    base: Image<'static>,
    shown: Mutex<TrayView>,
}

impl Tray {
    pub fn create(
        app: &AppHandle,
        on_menu: impl Fn(&AppHandle, &str) + Send + Sync + 'static,
    ) -> tauri::Result<Self> {
        let base = Image::from_bytes(ICON_PNG)?.to_owned();
        let view = TrayView::default();
        let icon = TrayIconBuilder::with_id("deskbell")
            .icon(base.clone())
            .tooltip("Deskbell")
            .title("Deskbell")
            .menu(&build_menu(app, &view)?)
            .show_menu_on_left_click(false)
            .on_menu_event(move |app, event| on_menu(app, event.id().as_ref()))
            .on_tray_icon_event(|tray, event| {
                // Windows and macOS: a left click opens the window (Linux trays send no clicks).
                if let TrayIconEvent::Click {
                    button: MouseButton::Left,
                    button_state: MouseButtonState::Up,
                    ..
                } = event
                {
                    crate::window::show(tray.app_handle());
                }
            })
            .build(app)?;
        Ok(Tray {
            icon,
            base,
            shown: Mutex::new(view),
        })
    }

    /// Callable from any thread. Tray calls are marshalled to the main thread and
    /// wait for it, so no lock may be held across them (the main thread may itself
    /// be in here): decide under the lock, then hand the work over without waiting.
    pub fn update(&self, app: &AppHandle, view: TrayView) {
        let previous = {
            let mut shown = self.shown.lock().unwrap_or_else(|p| p.into_inner());
            if *shown == view {
                return;
            }
            std::mem::replace(&mut *shown, view.clone())
        };
        let icon = self.icon.clone();
        let base = self.base.clone();
        let handle = app.clone();
        let _ = app.run_on_main_thread(move || {
            if previous.unread != view.unread {
                let size = base.width();
                let rgba = badge::with_badge(base.rgba(), size, view.unread);
                let _ = icon.set_icon(Some(Image::new_owned(rgba, size, base.height())));
                let title = if view.unread > 0 {
                    view.unread.to_string()
                } else {
                    String::new()
                };
                let _ = icon.set_title(Some(title));
                let _ = icon.set_tooltip(Some(view.summary()));
            }
            match build_menu(&handle, &view) {
                Ok(menu) => {
                    let _ = icon.set_menu(Some(menu));
                }
                Err(e) => log::warn!("tray menu not updated: {e}"),
            }
        });
    }
}

fn build_menu(app: &AppHandle, view: &TrayView) -> tauri::Result<Menu<Wry>> {
    let menu = Menu::new(app)?;
    menu.append(&MenuItem::with_id(
        app,
        "unread",
        view.summary(),
        false,
        None::<&str>,
    )?)?;
    menu.append(&MenuItem::with_id(
        app,
        MENU_OPEN,
        "Open Deskbell",
        true,
        None::<&str>,
    )?)?;
    menu.append(&PredefinedMenuItem::separator(app)?)?;
    for (i, line) in view.accounts.iter().enumerate() {
        menu.append(&MenuItem::with_id(
            app,
            format!("account-{i}"),
            line,
            false,
            None::<&str>,
        )?)?;
    }
    if !view.accounts.is_empty() {
        menu.append(&PredefinedMenuItem::separator(app)?)?;
    }
    menu.append(&CheckMenuItem::with_id(
        app,
        MENU_DND,
        "Do not disturb",
        true,
        view.do_not_disturb,
        None::<&str>,
    )?)?;
    menu.append(&PredefinedMenuItem::separator(app)?)?;
    menu.append(&MenuItem::with_id(
        app,
        MENU_QUIT,
        "Quit Deskbell",
        true,
        None::<&str>,
    )?)?;
    Ok(menu)
}
