//! How the accounts are doing, as the page, the tray and the connectivity banner
//! show it.

use crate::desk::{lock, Connection, Desk};
use crate::events::{self, DeskEvent};
use crate::output::TrayView;

impl Desk {
    pub fn emit_account(&self, id: &str) {
        if let Some(view) = self.account_view(id) {
            self.emit(DeskEvent::AccountStatus { account: view });
        }
    }

    pub fn account_view(&self, id: &str) -> Option<events::AccountView> {
        let unread = lock(&self.inbox)
            .snapshot()
            .items
            .iter()
            .filter(|i| i.key.account.as_str() == id && i.unread > 0)
            .count();
        lock(&self.accounts).get(id).map(|r| {
            events::AccountView::of(&r.account, r.demo, &r.status, r.error.clone(), unread)
        })
    }

    /// The ids of the running accounts.
    pub fn account_ids(&self) -> Vec<String> {
        lock(&self.accounts).keys().cloned().collect()
    }

    pub fn account_views(&self) -> Vec<events::AccountView> {
        self.account_ids()
            .iter()
            .filter_map(|id| self.account_view(id))
            .collect()
    }

    pub fn refresh_tray(&self) {
        let unread = lock(&self.inbox).unread_conversations();
        let accounts = lock(&self.accounts)
            .values()
            .map(|r| match (&r.status, &r.error) {
                (Connection::Online, _) => format!("{} — online", r.account.name),
                (Connection::Connecting, _) => format!("{} — connecting…", r.account.name),
                (_, Some(e)) => format!(
                    "{} — {}",
                    r.account.name,
                    deskbell_desk::text::one_line(e, 60)
                ),
                (_, None) => format!("{} — offline", r.account.name),
            })
            .collect();
        let view = TrayView {
            unread,
            do_not_disturb: lock(&self.settings).do_not_disturb,
            accounts,
        };
        self.output().tray(view);
    }

    /// Offline = every account failed to connect: the window shows one banner
    /// instead of an error per account.
    fn emit_connectivity(&self) {
        let online = {
            let accounts = lock(&self.accounts);
            accounts.is_empty() || accounts.values().any(|r| r.status != Connection::Offline)
        };
        let mut last = lock(&self.online);
        if *last != online {
            *last = online;
            self.emit(DeskEvent::Connectivity { online });
        }
    }

    pub(crate) fn set_status(&self, id: &str, status: Connection, error: Option<String>) {
        let error = error.map(|e| deskbell_transport::scrub(&e).into_owned());
        let changed = match lock(&self.accounts).get_mut(id) {
            Some(r) if r.status != status || r.error != error => {
                r.status = status;
                r.error = error;
                true
            }
            _ => false,
        };
        if changed {
            self.emit_account(id);
            self.refresh_tray();
            self.emit_connectivity();
        }
    }
}
