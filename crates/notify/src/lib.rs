//! Native notifications through notify-rust (D-Bus on Linux), called directly:
//! the Tauri notification plugin swallows delivery errors and has no click events
//! on desktop. Clicking a notification opens the window on its conversation.
//! Shared by the programs that raise them (the app today, the tray agent next).
//! What differs per system is chosen in [`style`].

pub mod style;

pub use deskbell_runtime::Alert;
use deskbell_runtime::Desk;
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Weak};

#[derive(Clone, Default)]
pub struct Notifier {
    waiting: Arc<AtomicUsize>,
}

impl Notifier {
    /// Shows `alert` (escaped: it carries customer text); `on_open` runs if the
    /// user clicks it. Never blocks the caller.
    pub fn show(&self, alert: Alert, on_open: impl FnOnce(Alert) + Send + 'static) {
        let waiting = self.waiting.clone();
        std::thread::spawn(move || {
            let n = build(&alert, &style::style(style::System::current(), alert.sound));
            match n.show() {
                Ok(handle) => wait_for_click(handle, &waiting, alert, on_open),
                Err(e) => log::warn!("notification not shown: {e}"),
            }
        });
    }
}

impl Notifier {
    /// Shows `alert` for `desk`: a click opens its conversation there (if the desk
    /// still runs). Held weakly, as the desk holds its output, which holds this.
    pub fn show_for(&self, desk: Option<Weak<Desk>>, alert: Alert) {
        self.show(alert, move |alert| {
            if let Some(desk) = desk.and_then(|d| d.upgrade()) {
                desk.notification_clicked(alert.key);
            }
        });
    }
}

/// The notification for `alert`, dressed as `style` says.
fn build(alert: &Alert, style: &style::Style) -> notify_rust::Notification {
    let text = |t: &str| {
        if style.escape_markup {
            escape_markup(t)
        } else {
            strip_controls(t)
        }
    };
    let mut n = notify_rust::Notification::new();
    n.appname("Deskbell")
        .summary(&text(&alert.title))
        .body(&text(&alert.body))
        .action("default", "Open");
    if let Some(icon) = style.icon {
        n.icon(icon);
    }
    if let Some(sound) = style.sound {
        n.sound_name(sound);
    }
    #[cfg(all(unix, not(target_os = "macos")))]
    if let Some(category) = style.category {
        n.hint(notify_rust::Hint::Category(category.into()));
    }
    #[cfg(windows)]
    if let Some(id) = style.identity {
        n.app_id(id);
    }
    #[cfg(target_os = "macos")]
    if let Some(id) = style.identity {
        // Once per process: later calls answer "already set".
        let _ = notify_rust::set_application(id);
    }
    n
}

/// Waits on this thread for a click on the notification (the freedesktop spec's
/// "default" action), at most `MAX_WAITING` at once, each on its own thread.
#[cfg(all(unix, not(target_os = "macos")))]
fn wait_for_click(
    handle: notify_rust::NotificationHandle,
    waiting: &AtomicUsize,
    alert: Alert,
    on_open: impl FnOnce(Alert),
) {
    use std::sync::atomic::Ordering;
    const MAX_WAITING: usize = 16;
    if waiting.fetch_add(1, Ordering::SeqCst) < MAX_WAITING {
        handle.wait_for_action(|action| {
            if action == "default" {
                on_open(alert);
            }
        });
    }
    waiting.fetch_sub(1, Ordering::SeqCst);
}

/// Windows and macOS: notify-rust reports no clicks there.
#[cfg(not(all(unix, not(target_os = "macos"))))]
fn wait_for_click<H>(
    _handle: H,
    _waiting: &AtomicUsize,
    _alert: Alert,
    _on_open: impl FnOnce(Alert),
) {
}

/// The notification spec lets servers interpret a small HTML subset in the body;
/// customer text must be shown as text.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(blank_control(c)),
        }
    }
    out
}

/// A control character (but a newline), which could garble the bubble, as a space.
fn blank_control(c: char) -> char {
    if c.is_control() && c != '\n' {
        ' '
    } else {
        c
    }
}

/// Customer text for a system that shows text as text: only control characters
/// (which could garble the bubble) go.
pub fn strip_controls(text: &str) -> String {
    text.chars().map(blank_control).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_customer_text_is_escaped() {
        assert_eq!(
            escape_markup("<b>hi</b> & <a href='x'>"),
            "&lt;b&gt;hi&lt;/b&gt; &amp; &lt;a href=&#39;x&#39;&gt;"
        );
        assert_eq!(escape_markup("a\u{7}b\nc"), "a b\nc");
    }

    #[test]
    fn text_as_text_keeps_what_customers_wrote() {
        assert_eq!(
            strip_controls("<3 & \"ok\"\u{1b}[2J\nbye"),
            "<3 & \"ok\" [2J\nbye"
        );
    }

    #[test]
    fn a_notification_carries_the_styles_text_choice() {
        let alert = Alert {
            title: "Grace <b>".into(),
            body: "I <3 it".into(),
            key: deskbell_desk::ConvKey::new("a", "1"),
            sound: true,
        };
        let linux = build(&alert, &style::style(style::System::Linux, true));
        assert_eq!(linux.summary, "Grace &lt;b&gt;");
        assert_eq!(linux.body, "I &lt;3 it");
        let plain = build(&alert, &style::style(style::System::Windows, true));
        assert_eq!(plain.body, "I <3 it");
        assert_eq!(plain.summary, "Grace <b>");
    }
}
