//! The webhook part of the settings file: one receiver (where it listens), and
//! per Blinger account whether its webhooks are on. Nothing here is secret: each
//! account's path secret is in the keyring (`path_secrets.rs`).

use crate::settings::{Account, AccountKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct WebhookSettings {
    /// Files written before webhooks were per account: one switch for every
    /// Blinger account. Read, and turned into `by_account` at start-up.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub enabled: bool,
    /// Loopback by default: webhooks carry no signature, so we only listen where
    /// a tunnel or reverse proxy the user set up can reach us.
    pub listen: String,
    /// Needed to listen on anything but loopback (e.g. behind a reverse proxy on the LAN).
    pub allow_remote: bool,
    pub max_body_bytes: usize,
    /// Per Blinger account (by id): whether it receives webhooks. Not named
    /// `accounts`: a damaged file's accounts are found again by that name.
    pub by_account: BTreeMap<String, AccountWebhook>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct AccountWebhook {
    pub enabled: bool,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        WebhookSettings {
            enabled: false,
            listen: "127.0.0.1:8787".into(),
            allow_remote: false,
            max_body_bytes: 256 * 1024,
            by_account: BTreeMap::new(),
        }
    }
}

impl WebhookSettings {
    pub fn is_on(&self, account: &str) -> bool {
        self.by_account.get(account).is_some_and(|a| a.enabled)
    }

    pub fn set(&mut self, account: &str, enabled: bool) {
        self.by_account
            .entry(account.to_owned())
            .or_default()
            .enabled = enabled;
    }

    /// An account removed: nothing of it stays.
    pub fn forget(&mut self, account: &str) {
        self.by_account.remove(account);
    }

    /// The accounts, in settings order, whose webhooks are on (Blinger only).
    pub fn enabled_accounts<'a>(&'a self, accounts: &'a [Account]) -> Vec<&'a Account> {
        accounts
            .iter()
            .filter(|a| is_blinger(a) && self.is_on(&a.id))
            .collect()
    }

    /// The old single switch, on: every Blinger account gets its webhooks on (the
    /// events used to reach them all). Returns whether anything changed.
    pub fn migrate_single_switch(&mut self, accounts: &[Account]) -> bool {
        if !std::mem::take(&mut self.enabled) {
            return false;
        }
        for a in accounts.iter().filter(|a| is_blinger(a)) {
            self.set(&a.id, true);
        }
        true
    }
}

pub fn is_blinger(account: &Account) -> bool {
    matches!(account.kind, AccountKind::Blinger { .. })
}
