//! What the desk tells the world. Each front end implements [`Output`]: the app
//! with its window, tray and notification server; the tests with a recorder.

use crate::events::DeskEvent;
use deskbell_desk::ConvKey;

/// A notification to raise. Built from untrusted server data: a front end escapes
/// both texts for a notification server that parses markup.
#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    pub title: String,
    pub body: String,
    pub key: ConvKey,
    /// The operator's setting: play the system's message sound.
    pub sound: bool,
}

/// What the tray shows: the unread count, the do-not-disturb switch, one line per account.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrayView {
    pub unread: usize,
    pub do_not_disturb: bool,
    pub accounts: Vec<String>,
}

impl TrayView {
    /// One line on the unread count: the tooltip, the menu's first line.
    pub fn summary(&self) -> String {
        match self.unread {
            0 => "Deskbell — no unread conversations".into(),
            1 => "Deskbell — 1 unread conversation".into(),
            n => format!("Deskbell — {n} unread conversations"),
        }
    }
}

/// The desk's only ways out. Called from any thread, never while the desk holds a
/// lock; each call returns at once (slow work is the front end's to spawn).
pub trait Output: Send + Sync + 'static {
    /// An event for the page; dropped when no window listens (the state stays in the desk).
    fn event(&self, event: DeskEvent);
    /// Raise a notification; when the operator clicks it, the front end calls
    /// [`crate::Desk::notification_clicked`] with the alert's key.
    fn notify(&self, alert: Alert);
    /// The tray's view changed.
    fn tray(&self, view: TrayView);
    /// Bring the window up (a notification was clicked).
    fn show_window(&self);
}
