//! The tray icon: the unread count, do-not-disturb, the window and Quit. Each
//! system has its own (see the modules); what they share is here.

#[cfg(target_os = "linux")]
mod linux;
#[cfg(any(windows, target_os = "macos"))]
pub mod native;

use deskbell_platform::System;
use deskbell_runtime::TrayView;
use std::sync::Arc;
use tokio::sync::Notify;

#[cfg_attr(
    not(any(target_os = "linux", windows, target_os = "macos")),
    allow(dead_code)
)]
const ICON_PNG: &[u8] = include_bytes!("../../../../icons/tray.png");

/// What the tray does besides toggling do-not-disturb: bring up the window
/// (a click on the icon, "Open Deskbell") and quit.
#[derive(Clone)]
pub struct TrayActions {
    pub open: Arc<dyn Fn() + Send + Sync>,
    pub quit: Arc<Notify>,
}

/// The running tray: takes new views of the desk.
pub struct Tray {
    #[cfg(target_os = "linux")]
    handle: ksni::Handle<linux::Item>,
    #[cfg(any(windows, target_os = "macos"))]
    proxy: native::Proxy,
}

impl Tray {
    /// Shows the icon on Linux (Windows and macOS: [`native::run`], on the
    /// main thread). `actions.quit` is notified when the operator picks Quit.
    #[cfg(target_os = "linux")]
    pub async fn start(
        desk: std::sync::Weak<deskbell_runtime::Desk>,
        actions: TrayActions,
    ) -> Result<Tray, String> {
        linux::start(desk, actions).await
    }

    pub async fn show(&self, view: TrayView) {
        #[cfg(target_os = "linux")]
        self.handle.update(|item| item.view = view).await;
        #[cfg(any(windows, target_os = "macos"))]
        self.proxy.show(view);
        #[cfg(not(any(target_os = "linux", windows, target_os = "macos")))]
        let _ = view;
    }
}

/// Whether a left click on the icon opens the window (else it opens the menu):
/// on Windows and Linux trays it opens the app; on macOS a menu-bar item shows
/// its menu, as every other one there does.
pub fn left_click_opens_window(system: System) -> bool {
    match system {
        System::Linux | System::Windows => true,
        System::MacOs => false,
    }
}

/// RGBA pixels of a square PNG, and its side.
#[cfg_attr(
    not(any(target_os = "linux", windows, target_os = "macos")),
    allow(dead_code)
)]
fn decode(png_bytes: &[u8]) -> Result<(Vec<u8>, u32), String> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let mut pixels = vec![0; reader.output_buffer_size().ok_or("icon too large")?];
    let info = reader.next_frame(&mut pixels).map_err(|e| e.to_string())?;
    if info.color_type != png::ColorType::Rgba || info.width != info.height {
        return Err("the tray icon must be a square RGBA PNG".into());
    }
    pixels.truncate(info.buffer_size());
    Ok((pixels, info.width))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_icon_decodes_to_square_rgba() {
        let (pixels, side) = decode(ICON_PNG).unwrap();
        assert!(side >= 16);
        assert_eq!(pixels.len(), (side * side * 4) as usize);
    }

    #[test]
    fn a_left_click_opens_the_window_except_in_the_macos_menu_bar() {
        assert!(left_click_opens_window(System::Linux));
        assert!(left_click_opens_window(System::Windows));
        assert!(!left_click_opens_window(System::MacOs));
    }
}
