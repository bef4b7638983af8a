//! The tray icon. On Linux a StatusNotifierItem on the session bus (ksni): no GTK,
//! no libappindicator. Linux trays show no tooltip reliably, so the unread count
//! is drawn into the icon as well. Windows and macOS get theirs with the window
//! split (their tray needs the main thread's event loop); until then, none.

use deskbell_runtime::{Desk, TrayView};
use std::sync::{Arc, Weak};
use tokio::sync::Notify;

/// The running tray: takes new views of the desk.
pub struct Tray {
    #[cfg(target_os = "linux")]
    handle: ksni::Handle<linux::Item>,
}

impl Tray {
    /// Shows the icon. `quit` is notified when the operator picks Quit.
    pub async fn start(desk: Weak<Desk>, quit: Arc<Notify>) -> Result<Tray, String> {
        #[cfg(target_os = "linux")]
        {
            linux::start(desk, quit).await
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = (desk, quit);
            Err("no tray icon on this system yet".into())
        }
    }

    pub async fn show(&self, view: TrayView) {
        #[cfg(target_os = "linux")]
        self.handle.update(|item| item.view = view).await;
        #[cfg(not(target_os = "linux"))]
        let _ = view;
    }
}

#[cfg(target_os = "linux")]
mod linux {
    use super::*;
    use deskbell_runtime::badge;
    use ksni::menu::{CheckmarkItem, StandardItem};
    use ksni::{Category, Icon, MenuItem, Status, ToolTip, TrayMethods};

    const ICON_PNG: &[u8] = include_bytes!("../../../icons/tray.png");

    pub struct Item {
        pub view: TrayView,
        /// The icon's pixels (RGBA) and side.
        base: (Vec<u8>, u32),
        desk: Weak<Desk>,
        quit: Arc<Notify>,
    }

    pub async fn start(desk: Weak<Desk>, quit: Arc<Notify>) -> Result<Tray, String> {
        let item = Item {
            view: TrayView::default(),
            base: decode(ICON_PNG)?,
            desk,
            quit,
        };
        // A session without a tray host yet (one may start later, or a test reads
        // the item off the bus): register anyway.
        let handle = item
            .assume_sni_available(true)
            .spawn()
            .await
            .map_err(|e| e.to_string())?;
        Ok(Tray { handle })
    }

    /// RGBA pixels of a square PNG.
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

    /// The spec's ARGB32, network byte order, from RGBA.
    pub(super) fn argb(rgba: &[u8]) -> Vec<u8> {
        rgba.chunks_exact(4)
            .flat_map(|p| [p[3], p[0], p[1], p[2]])
            .collect()
    }

    impl ksni::Tray for Item {
        fn id(&self) -> String {
            "deskbell".into()
        }

        fn title(&self) -> String {
            "Deskbell".into()
        }

        fn category(&self) -> Category {
            Category::Communications
        }

        fn status(&self) -> Status {
            if self.view.unread > 0 {
                Status::NeedsAttention
            } else {
                Status::Active
            }
        }

        fn icon_pixmap(&self) -> Vec<Icon> {
            let (rgba, side) = &self.base;
            let drawn = badge::with_badge(rgba, *side, self.view.unread);
            vec![Icon {
                width: *side as i32,
                height: *side as i32,
                data: argb(&drawn),
            }]
        }

        fn tool_tip(&self) -> ToolTip {
            ToolTip {
                title: self.view.summary(),
                ..Default::default()
            }
        }

        fn menu(&self) -> Vec<MenuItem<Self>> {
            let mut menu: Vec<MenuItem<Self>> = vec![label(self.view.summary())];
            if !self.view.accounts.is_empty() {
                menu.push(MenuItem::Separator);
                menu.extend(self.view.accounts.iter().cloned().map(label));
            }
            menu.push(MenuItem::Separator);
            menu.push(
                CheckmarkItem {
                    label: "Do not disturb".into(),
                    checked: self.view.do_not_disturb,
                    activate: Box::new(|item: &mut Self| {
                        if let Some(desk) = item.desk.upgrade() {
                            desk.toggle_do_not_disturb();
                        }
                    }),
                    ..Default::default()
                }
                .into(),
            );
            menu.push(MenuItem::Separator);
            menu.push(
                StandardItem {
                    label: "Quit Deskbell".into(),
                    icon_name: "application-exit".into(),
                    activate: Box::new(|item: &mut Self| item.quit.notify_one()),
                    ..Default::default()
                }
                .into(),
            );
            menu
        }
    }

    /// A line that says something and does nothing.
    fn label(text: String) -> MenuItem<Item> {
        StandardItem {
            label: text.replace('_', "__"),
            enabled: false,
            ..Default::default()
        }
        .into()
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::linux::argb;

    #[test]
    fn pixels_go_out_as_argb_in_network_order() {
        assert_eq!(
            argb(&[1, 2, 3, 4, 5, 6, 7, 8]),
            vec![4, 1, 2, 3, 8, 5, 6, 7]
        );
    }
}
