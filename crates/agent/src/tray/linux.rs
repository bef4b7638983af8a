//! The tray on Linux: a StatusNotifierItem on the session bus (ksni), without
//! GTK or libappindicator. Linux trays show no tooltip reliably, so the unread
//! count is drawn into the icon as well.

use super::{decode, Tray, TrayActions, ICON_PNG};
use deskbell_runtime::badge;
use deskbell_runtime::{Desk, TrayView};
use ksni::menu::{CheckmarkItem, StandardItem};
use ksni::{Category, Icon, MenuItem, Status, ToolTip, TrayMethods};
use std::sync::Weak;

pub struct Item {
    pub view: TrayView,
    /// The icon's pixels (RGBA) and side.
    base: (Vec<u8>, u32),
    desk: Weak<Desk>,
    actions: TrayActions,
}

pub async fn start(desk: Weak<Desk>, actions: TrayActions) -> Result<Tray, String> {
    let item = Item {
        view: TrayView::default(),
        base: decode(ICON_PNG)?,
        desk,
        actions,
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

    /// A click on the icon.
    fn activate(&mut self, _x: i32, _y: i32) {
        if super::left_click_opens_window(deskbell_platform::System::Linux) {
            (self.actions.open)();
        }
    }

    fn menu(&self) -> Vec<MenuItem<Self>> {
        let mut menu: Vec<MenuItem<Self>> = vec![
            StandardItem {
                label: "Open Deskbell".into(),
                activate: Box::new(|item: &mut Self| (item.actions.open)()),
                ..Default::default()
            }
            .into(),
            MenuItem::Separator,
            label(self.view.summary()),
        ];
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
                activate: Box::new(|item: &mut Self| item.actions.quit.notify_one()),
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

#[cfg(test)]
mod tests {
    use super::argb;

    #[test]
    fn pixels_go_out_as_argb_in_network_order() {
        assert_eq!(
            argb(&[1, 2, 3, 4, 5, 6, 7, 8]),
            vec![4, 1, 2, 3, 8, 5, 6, 7]
        );
    }
}
