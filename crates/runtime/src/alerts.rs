//! Notifications the desk raises, and what keeps it from announcing the operator's
//! own replies as news.

use crate::desk::{lock, now_ms, Desk};
use crate::error::{CmdError, CmdResult};
use crate::events::DeskEvent;
use crate::output::Alert;
use deskbell_desk::{ConvKey, ThreadMessage};

impl Desk {
    pub fn show_alert(&self, n: &deskbell_desk::Notification) {
        let sound = lock(&self.settings).notification_sound;
        self.output().notify(Alert {
            title: n.title.clone(),
            body: n.body.clone(),
            key: n.key.clone(),
            sound,
        });
    }

    /// The operator clicked a notification: the window comes up at its conversation
    /// (and, if it is starting, opens it once the page asks what to show).
    pub fn notification_clicked(&self, key: ConvKey) {
        *lock(&self.pending_open) = Some(key.clone());
        self.output().show_window();
        self.emit(DeskEvent::OpenConversation { key });
    }

    /// A `deskbell://conversation/…` link: opened like a notification click, if
    /// it names an account of this desk.
    pub fn open_link(&self, link: &str) -> CmdResult<ConvKey> {
        let key = crate::deep_link::parse(link).map_err(CmdError::invalid)?;
        let known = lock(&self.accounts).contains_key(&key.account.0);
        if !known {
            return Err(CmdError::not_found(format!(
                "the link names an account this desk does not have ({})",
                key.account.0
            )));
        }
        self.notification_clicked(key.clone());
        Ok(key)
    }

    /// Remembers a delivered reply's text (one line, as notifications show it) for ten minutes.
    pub(crate) fn remember_own(&self, key: &ConvKey, message: &ThreadMessage) {
        let text = if message.text.is_empty() {
            message.attachment_url.clone().unwrap_or_default()
        } else {
            message.text.clone()
        };
        let now = now_ms() / 1000;
        let mut own = lock(&self.own_sent);
        let sent = own.entry(key.clone()).or_default();
        sent.retain(|(at, _)| now - at < 600);
        sent.push((
            now,
            deskbell_desk::text::one_line(&text, deskbell_desk::notify_policy::BODY_CHARS),
        ));
    }

    /// Whether a notification only announces a reply we sent ourselves.
    pub(crate) fn is_own_echo(&self, n: &deskbell_desk::Notification) -> bool {
        n.kind == deskbell_desk::NotificationKind::NewUnread
            && lock(&self.own_sent).get(&n.key).is_some_and(|sent| {
                sent.iter()
                    .any(|(_, text)| !text.is_empty() && *text == n.body)
            })
    }
}
