//! Webhooks per Blinger account, from the Settings window: whether they are on,
//! the URL to give Blinger (with its secret path: shown there only), where the
//! receiver listens, and *Send test event*.

use crate::error::{CmdError, CmdResult};
use crate::lock;
use crate::webhooks::config::is_blinger;
use crate::webhooks::probe::{self, WebhookTest};
use crate::webhooks::{self, ReceiverState};
use crate::Desk;
use serde::Serialize;
use std::net::SocketAddr;
use std::sync::Arc;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WebhookView {
    /// `host:port` the receiver listens on (when any account has webhooks on).
    pub listen: String,
    /// Listening on another interface than loopback was chosen explicitly.
    pub allow_remote: bool,
    /// The address is this machine only.
    pub loopback: bool,
    /// The receiver listens now.
    pub listening: bool,
    /// Why it does not though it should (the address is taken, the keyring failed…).
    pub error: Option<String>,
    /// Every Blinger account, in settings order.
    pub accounts: Vec<AccountWebhookView>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AccountWebhookView {
    /// The account's id.
    pub account: String,
    pub name: String,
    pub enabled: bool,
    /// The URL to give Blinger, secret path included; only while webhooks are on.
    pub url: Option<String>,
}

fn keyring(e: String) -> CmdError {
    CmdError::new("keyring", e)
}

fn view(desk: &Desk) -> CmdResult<WebhookView> {
    let settings = lock(&desk.settings).clone();
    let state: ReceiverState = desk.hooks.state();
    let mut accounts = Vec::new();
    for a in settings.accounts.iter().filter(|a| is_blinger(a)) {
        let enabled = settings.webhook.is_on(&a.id);
        let url = if enabled {
            webhooks::url_of(&settings, &state, &a.id).map_err(keyring)?
        } else {
            None
        };
        accounts.push(AccountWebhookView {
            account: a.id.clone(),
            name: a.name.clone(),
            enabled,
            url,
        });
    }
    let w = &settings.webhook;
    Ok(WebhookView {
        listen: w.listen.clone(),
        allow_remote: w.allow_remote,
        loopback: w
            .listen
            .parse::<SocketAddr>()
            .is_ok_and(|a| a.ip().is_loopback()),
        listening: state.addr.is_some(),
        error: state.error,
        accounts,
    })
}

impl Desk {
    pub async fn webhooks(self: &Arc<Self>) -> CmdResult<WebhookView> {
        view(self)
    }

    /// Switches an account's webhooks on or off; the receiver follows at once. Off
    /// keeps the account's secret, so its URL is the same when they come back on.
    pub async fn set_webhook(
        self: &Arc<Self>,
        account: String,
        enabled: bool,
    ) -> CmdResult<WebhookView> {
        {
            let settings = lock(&self.settings);
            match settings.account(&account) {
                Some(a) if is_blinger(a) => {}
                Some(_) => return Err(CmdError::invalid("webhooks are for Blinger accounts")),
                None => return Err(CmdError::not_found(format!("no account {account}"))),
            }
        }
        if enabled {
            webhooks::ensure_secret(&account).map_err(keyring)?;
        }
        {
            let mut settings = lock(&self.settings);
            settings.webhook.set(&account, enabled);
            settings.save().map_err(CmdError::config)?;
        }
        // A receiver that cannot start is reported in the view (`error`), the choice kept.
        let _ = webhooks::reconcile(self).await;
        view(self)
    }

    /// Where the receiver listens. Anything but loopback needs `allow_remote`: the
    /// events are unsigned. An address that cannot be listened on is refused, and the
    /// receiver stays where it was.
    pub async fn set_webhook_listen(
        self: &Arc<Self>,
        listen: String,
        allow_remote: bool,
    ) -> CmdResult<WebhookView> {
        let listen = listen.trim().to_owned();
        let addr: SocketAddr = listen.parse().map_err(|_| {
            CmdError::invalid(format!(
                "\"{listen}\" is not an address and port, like 127.0.0.1:8787"
            ))
        })?;
        if !addr.ip().is_loopback() && !allow_remote {
            return Err(CmdError::invalid(format!(
                "{addr} is reachable from other machines, and webhooks are unsigned: \
                 choose it explicitly (allow other machines) or use a loopback address"
            )));
        }
        let before = {
            let mut settings = lock(&self.settings);
            let before = settings.webhook.clone();
            settings.webhook.listen = addr.to_string();
            settings.webhook.allow_remote = allow_remote;
            before
        };
        if let Err(e) = webhooks::reconcile(self).await {
            lock(&self.settings).webhook = before;
            let _ = webhooks::reconcile(self).await;
            return Err(CmdError::config(e));
        }
        lock(&self.settings).save().map_err(CmdError::config)?;
        view(self)
    }

    /// Posts a documented-shape test event to the account's own URL through the real
    /// receiver and says what became of it. It changes no conversation.
    pub async fn test_webhook(self: &Arc<Self>, account: String) -> CmdResult<WebhookTest> {
        let settings = lock(&self.settings).clone();
        if !settings.account(&account).is_some_and(is_blinger) {
            return Err(CmdError::not_found(format!("no Blinger account {account}")));
        }
        if !settings.webhook.is_on(&account) {
            return Err(CmdError::invalid("webhooks are off for this account"));
        }
        // The receiver's own address; while it is not listening, the configured one
        // (where the test then finds nobody, which is what it should say).
        let listen = match self.hooks.state().addr {
            Some(addr) => addr,
            None => settings
                .webhook
                .listen
                .parse()
                .map_err(|_| CmdError::config("the listen address is not host:port"))?,
        };
        let addr = probe::connect_address(listen);
        let url = webhooks::url_at(addr, &account)
            .map_err(keyring)?
            .ok_or_else(|| CmdError::config("this account has no webhook secret yet"))?;
        Ok(probe::run(&self.hooks.probes, &account, addr, &url).await)
    }
}
