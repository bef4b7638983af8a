//! How a notification is dressed on each system. Each choice is a plain value of
//! a pure function, so every system's choice is tested on every system, though
//! its effect shows only on that one.

pub use deskbell_platform::System;
use deskbell_runtime::APP_ID;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Style {
    /// The text reaches a markup parser and must be escaped: freedesktop servers
    /// may read a small HTML subset in the body. Windows puts the text in its toast
    /// XML as text and macOS shows it as it is — escaping there would show
    /// customers' "<3" as "&lt;3".
    pub escape_markup: bool,
    /// The message sound by the system's own name for it, when the operator wants
    /// one; `None` is silence on every system.
    pub sound: Option<&'static str>,
    /// What the notification appears under: the AppUserModelID the installer gives
    /// the Start-menu shortcut (Windows; without it toasts come from PowerShell), the
    /// bundle identifier (macOS).
    pub identity: Option<&'static str>,
    /// A freedesktop icon name (the other systems show the app's own icon).
    pub icon: Option<&'static str>,
    /// The freedesktop category: servers group and style instant messages by it.
    pub category: Option<&'static str>,
}

pub fn style(system: System, sound: bool) -> Style {
    match system {
        System::Linux => Style {
            escape_markup: true,
            // The freedesktop sound theme's name for an incoming message.
            sound: sound.then_some("message-new-instant"),
            identity: None,
            icon: Some("mail-message-new"),
            category: Some("im.received"),
        },
        System::Windows => Style {
            escape_markup: false,
            // ms-winsoundevent:Notification.IM; a freedesktop name would be dropped.
            sound: sound.then_some("IM"),
            identity: Some(APP_ID),
            icon: None,
            category: None,
        },
        System::MacOs => Style {
            escape_markup: false,
            sound: sound.then_some("NSUserNotificationDefaultSoundName"),
            identity: Some(APP_ID),
            icon: None,
            category: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linux_escapes_and_uses_freedesktop_names() {
        let s = style(System::Linux, true);
        assert!(s.escape_markup);
        assert_eq!(s.sound, Some("message-new-instant"));
        assert_eq!(
            (s.icon, s.category),
            (Some("mail-message-new"), Some("im.received"))
        );
        assert_eq!(s.identity, None);
    }

    #[test]
    fn windows_shows_text_as_text_under_the_apps_own_id_with_a_windows_sound() {
        let s = style(System::Windows, true);
        assert!(!s.escape_markup);
        assert_eq!(s.identity, Some("io.deskbell.desk"));
        // A name tauri-winrt-notification knows: Default, IM, Mail, Reminder, SMS.
        assert_eq!(s.sound, Some("IM"));
    }

    #[test]
    fn macos_shows_text_as_text_under_the_bundle_with_the_default_sound() {
        let s = style(System::MacOs, true);
        assert!(!s.escape_markup);
        assert_eq!(s.identity, Some("io.deskbell.desk"));
        assert_eq!(s.sound, Some("NSUserNotificationDefaultSoundName"));
    }

    #[test]
    fn no_sound_is_silence_everywhere() {
        for system in System::ALL {
            assert_eq!(style(system, false).sound, None, "{system:?}");
        }
    }
}
