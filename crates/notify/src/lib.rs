//! Native notifications, raised by the agent: on Linux over the session bus
//! ([`freedesktop`]), where clicking one opens the window on its conversation; on
//! Windows and macOS through notify-rust. What differs per system is chosen in
//! [`style`].

#[cfg(all(unix, not(target_os = "macos")))]
mod clicks;
#[cfg(all(unix, not(target_os = "macos")))]
mod freedesktop;
pub mod style;

pub use deskbell_runtime::Alert;
use deskbell_runtime::Desk;
use std::sync::Weak;
use tokio::runtime::Handle;

/// Raises notifications. Clicks are reported on Linux; notify-rust reports none
/// on Windows and macOS.
#[derive(Clone)]
pub struct Notifier {
    #[cfg(all(unix, not(target_os = "macos")))]
    bus: freedesktop::Freedesktop,
}

impl Notifier {
    /// Notifications are sent (and clicks heard) on `rt`.
    pub fn new(rt: Handle) -> Self {
        #[cfg(not(all(unix, not(target_os = "macos"))))]
        let _ = rt;
        Notifier {
            #[cfg(all(unix, not(target_os = "macos")))]
            bus: freedesktop::Freedesktop::new(rt),
        }
    }

    /// Shows `alert` (escaped: it carries customer text); `on_open` runs if the
    /// user clicks it. Never blocks the caller.
    pub fn show(&self, alert: Alert, on_open: impl FnOnce(Alert) + Send + 'static) {
        let dressed = dress(&alert, &style::style(style::System::current(), alert.sound));
        #[cfg(all(unix, not(target_os = "macos")))]
        self.bus.show(dressed, alert, Box::new(on_open));
        #[cfg(not(all(unix, not(target_os = "macos"))))]
        {
            let _ = on_open;
            // notify-rust's Windows and macOS calls block while the system takes it.
            std::thread::spawn(move || {
                if let Err(e) = native(&dressed).show() {
                    log::warn!("notification not shown: {e}");
                }
            });
        }
    }

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

/// A notification as it goes to the system: the alert's text dressed as the
/// system's style says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dressed {
    pub app_name: &'static str,
    pub summary: String,
    pub body: String,
    pub icon: Option<&'static str>,
    pub sound: Option<&'static str>,
    pub category: Option<&'static str>,
    pub identity: Option<&'static str>,
}

pub fn dress(alert: &Alert, style: &style::Style) -> Dressed {
    let text = |t: &str| {
        if style.escape_markup {
            escape_markup(t)
        } else {
            strip_controls(t)
        }
    };
    Dressed {
        app_name: "Deskbell",
        summary: text(&alert.title),
        body: text(&alert.body),
        icon: style.icon,
        sound: style.sound,
        category: style.category,
        identity: style.identity,
    }
}

/// The notification through notify-rust (Windows: a toast; macOS: the
/// notification center).
#[cfg(not(all(unix, not(target_os = "macos"))))]
fn native(d: &Dressed) -> notify_rust::Notification {
    let mut n = notify_rust::Notification::new();
    n.appname(d.app_name).summary(&d.summary).body(&d.body);
    if let Some(sound) = d.sound {
        n.sound_name(sound);
    }
    #[cfg(windows)]
    if let Some(id) = d.identity {
        n.app_id(id);
    }
    #[cfg(target_os = "macos")]
    if let Some(id) = d.identity {
        // Once per process: later calls answer "already set".
        let _ = notify_rust::set_application(id);
    }
    n
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
        let linux = dress(&alert, &style::style(style::System::Linux, true));
        assert_eq!(linux.summary, "Grace &lt;b&gt;");
        assert_eq!(linux.body, "I &lt;3 it");
        let plain = dress(&alert, &style::style(style::System::Windows, true));
        assert_eq!(plain.body, "I <3 it");
        assert_eq!(plain.summary, "Grace <b>");
    }
}
