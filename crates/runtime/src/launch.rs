//! Bringing the desk up and down: what a front end calls once at start and at quit.

use crate::settings::{Account, AccountKind};
use crate::{people, providers, webhooks, Desk};
use deskbell_desk::outbox::EntryState;
use deskbell_transport::Token;
use std::sync::Arc;

/// Whether the demo server runs, and how.
#[derive(Debug, Clone, Copy)]
pub struct DemoStart {
    /// Run it even when real accounts are set up (`--demo`); with none it always runs.
    pub asked: bool,
    /// Customer messages per minute.
    pub messages_per_minute: f64,
    /// Carry on with the demo state saved by the previous process (a restart), rather
    /// than dealing fresh demo data.
    pub carries_on: bool,
}

impl Desk {
    /// Starts every account the settings name (tokens from the keyring), the demo
    /// when there is no account or it is asked for, the webhook receiver, and the
    /// watch for wake-ups and networks coming back.
    pub fn launch(self: &Arc<Self>, demo: DemoStart) {
        let accounts = crate::lock(&self.settings).accounts.clone();
        let no_accounts = accounts.is_empty();
        for account in accounts {
            let desk = self.clone();
            self.spawn(async move {
                match providers::build(&account, None, &desk.roster).await {
                    Ok(provider) => desk.start_account(account, provider, false),
                    Err(e) => log::error!("account \"{}\" not started: {e}", account.name),
                }
            });
        }
        if no_accounts || demo.asked {
            self.start_demo(demo.messages_per_minute, demo.carries_on);
        }
        self.spawn(webhooks::start(self.clone()));
        crate::wake::watch(self.clone());
        self.refresh_tray();
    }

    /// Starts an account with the tokens given rather than the keyring's (the demo,
    /// tests, a front end that has just been handed them).
    pub async fn start_account_with_tokens(
        self: &Arc<Self>,
        account: Account,
        token: Token,
        widget_token: Option<Token>,
    ) -> Result<(), String> {
        let provider =
            providers::build(&account, Some((token, widget_token)), &self.roster).await?;
        self.start_account(account, provider, false);
        Ok(())
    }

    /// Saves what is worth keeping before the process ends (the names the servers
    /// gave people; the outbox and settings are saved as they change).
    pub fn before_quit(&self) {
        people::save_if_changed(self);
    }

    /// Whether a reply is out on the wire now (its outcome not known yet).
    pub fn reply_in_flight(&self) -> bool {
        crate::lock(&self.outbox)
            .entries()
            .iter()
            .any(|e| matches!(e.state, EntryState::InFlight))
    }

    /// Saves what a process that takes over from this one needs to carry on without
    /// announcing anything twice (the inbox as a baseline, the names, the demo's
    /// state) and stops the demo server. The outbox and settings are always on disk.
    pub async fn hand_over(&self) -> Result<(), String> {
        crate::save_cache(&crate::lock(&self.inbox).snapshot())
            .map_err(|e| format!("the inbox cache was not saved: {e}"))?;
        people::save_if_changed(self);
        let demo = crate::lock(&self.demo).take();
        if let Some(demo) = demo {
            demo.stop().await;
        }
        Ok(())
    }

    /// Every account whose server the desk talks to, the demo's included.
    pub fn server_accounts(&self) -> Vec<Account> {
        let mut accounts = crate::lock(&self.settings).accounts.clone();
        if let Some(demo) = crate::lock(&self.demo).as_ref() {
            accounts.push(demo.account.clone());
        }
        accounts
    }

    /// The API and widget URLs of every account, the demo's included.
    pub fn server_urls(&self) -> Vec<String> {
        self.server_accounts()
            .iter()
            .flat_map(|account| match &account.kind {
                AccountKind::Blinger {
                    api_url,
                    widget_url,
                    ..
                } => std::iter::once(api_url.clone())
                    .chain(widget_url.clone())
                    .collect(),
                AccountKind::Chatwoot { api_url, .. } => vec![api_url.clone()],
            })
            .collect()
    }
}
