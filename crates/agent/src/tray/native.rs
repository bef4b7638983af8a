//! The tray on Windows (the notification area) and macOS (the menu bar):
//! `tray-icon` on an event loop (`tao`) on the main thread, which both systems
//! require of a tray icon. The desk runs on the tokio threads and talks to the
//! loop through a proxy. On macOS the agent is an accessory: no Dock icon.

use super::{decode, left_click_opens_window, TrayActions, ICON_PNG};
use deskbell_platform::System;
use deskbell_runtime::{badge, Desk, TrayView};
use std::sync::Weak;
use tao::event::{Event, StartCause};
use tao::event_loop::{ControlFlow, EventLoop, EventLoopBuilder, EventLoopProxy};
use tray_icon::menu::{CheckMenuItem, Menu, MenuEvent, MenuItem, PredefinedMenuItem};
use tray_icon::{Icon, MouseButton, MouseButtonState, TrayIcon, TrayIconBuilder, TrayIconEvent};

const OPEN: &str = "open";
const DND: &str = "dnd";
const QUIT: &str = "quit";

pub enum Message {
    View(TrayView),
    Tray(TrayIconEvent),
    Menu(MenuEvent),
    Quit,
}

/// The desk's way to the loop: new views, and quitting.
#[derive(Clone)]
pub struct Proxy(EventLoopProxy<Message>);

impl Proxy {
    pub fn show(&self, view: TrayView) {
        let _ = self.0.send_event(Message::View(view));
    }

    pub fn quit(&self) {
        let _ = self.0.send_event(Message::Quit);
    }
}

/// The main thread's loop; build it before anything else shows.
pub fn event_loop() -> (EventLoop<Message>, Proxy) {
    #[allow(unused_mut)]
    let mut event_loop = EventLoopBuilder::<Message>::with_user_event().build();
    #[cfg(target_os = "macos")]
    {
        use tao::platform::macos::{ActivationPolicy, EventLoopExtMacOS};
        event_loop.set_activation_policy(ActivationPolicy::Accessory);
    }
    let proxy = Proxy(event_loop.create_proxy());
    (event_loop, proxy)
}

pub fn tray(proxy: &Proxy) -> super::Tray {
    super::Tray {
        proxy: proxy.clone(),
    }
}

/// Runs the tray until Quit (the menu, or [`Proxy::quit`]); `on_quit` runs then,
/// before the process exits. Never returns.
pub fn run(
    event_loop: EventLoop<Message>,
    desk: Weak<Desk>,
    actions: TrayActions,
    on_quit: impl FnOnce() + 'static,
) -> ! {
    let proxy = event_loop.create_proxy();
    TrayIconEvent::set_event_handler(Some(move |e| {
        let _ = proxy.send_event(Message::Tray(e));
    }));
    let proxy = event_loop.create_proxy();
    MenuEvent::set_event_handler(Some(move |e| {
        let _ = proxy.send_event(Message::Menu(e));
    }));
    let base = decode(ICON_PNG);
    let opens = left_click_opens_window(System::current());
    let mut view = TrayView::default();
    let mut icon: Option<TrayIcon> = None;
    let mut on_quit = Some(on_quit);
    event_loop.run(move |event, _, control_flow| {
        *control_flow = ControlFlow::Wait;
        match event {
            Event::NewEvents(StartCause::Init) => match build(&view, &base, opens) {
                Ok(built) => icon = Some(built),
                // Notifications and the window go on without an icon.
                Err(e) => log::warn!("no tray icon: {e}"),
            },
            Event::UserEvent(Message::View(next)) => {
                if next != view {
                    view = next;
                    if let Some(icon) = &icon {
                        update(icon, &view, &base);
                    }
                }
            }
            Event::UserEvent(Message::Tray(TrayIconEvent::Click {
                button: MouseButton::Left,
                button_state: MouseButtonState::Up,
                ..
            })) if opens => (actions.open)(),
            Event::UserEvent(Message::Menu(e)) => match e.id().as_ref() {
                OPEN => (actions.open)(),
                DND => {
                    if let Some(desk) = desk.upgrade() {
                        desk.toggle_do_not_disturb();
                    }
                }
                QUIT => actions.quit.notify_one(),
                _ => {}
            },
            Event::UserEvent(Message::Quit) => {
                if let Some(f) = on_quit.take() {
                    f();
                }
                icon = None;
                *control_flow = ControlFlow::Exit;
            }
            _ => {}
        }
    })
}

fn build(
    view: &TrayView,
    base: &Result<(Vec<u8>, u32), String>,
    left_click_opens: bool,
) -> Result<TrayIcon, String> {
    let mut builder = TrayIconBuilder::new()
        .with_tooltip(view.summary())
        .with_menu(Box::new(menu(view)?))
        .with_menu_on_left_click(!left_click_opens);
    if let Ok(icon) = icon(view, base) {
        builder = builder.with_icon(icon);
    }
    builder.build().map_err(|e| e.to_string())
}

fn update(icon: &TrayIcon, view: &TrayView, base: &Result<(Vec<u8>, u32), String>) {
    let _ = icon.set_tooltip(Some(view.summary()));
    if let Ok(drawn) = self::icon(view, base) {
        let _ = icon.set_icon(Some(drawn));
    }
    match menu(view) {
        Ok(menu) => icon.set_menu(Some(Box::new(menu))),
        Err(e) => log::warn!("tray menu not updated: {e}"),
    }
}

/// The icon with the unread count drawn in (Windows shows no count otherwise).
fn icon(view: &TrayView, base: &Result<(Vec<u8>, u32), String>) -> Result<Icon, String> {
    let (rgba, side) = base.as_ref().map_err(Clone::clone)?;
    let drawn = badge::with_badge(rgba, *side, view.unread);
    Icon::from_rgba(drawn, *side, *side).map_err(|e| e.to_string())
}

/// As the Linux tray's: Open, the count and accounts, do-not-disturb, Quit.
fn menu(view: &TrayView) -> Result<Menu, String> {
    let menu = Menu::new();
    let line = |text: &str| MenuItem::new(text, false, None);
    let err = |e: tray_icon::menu::Error| e.to_string();
    menu.append(&MenuItem::with_id(OPEN, "Open Deskbell", true, None))
        .map_err(err)?;
    menu.append(&PredefinedMenuItem::separator()).map_err(err)?;
    menu.append(&line(&view.summary())).map_err(err)?;
    if !view.accounts.is_empty() {
        menu.append(&PredefinedMenuItem::separator()).map_err(err)?;
        for account in &view.accounts {
            menu.append(&line(account)).map_err(err)?;
        }
    }
    menu.append(&PredefinedMenuItem::separator()).map_err(err)?;
    let dnd = CheckMenuItem::with_id(DND, "Do not disturb", true, view.do_not_disturb, None);
    menu.append(&dnd).map_err(err)?;
    menu.append(&PredefinedMenuItem::separator()).map_err(err)?;
    menu.append(&MenuItem::with_id(QUIT, "Quit Deskbell", true, None))
        .map_err(err)?;
    Ok(menu)
}
