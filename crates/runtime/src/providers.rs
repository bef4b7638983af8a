//! Builds a core provider for an account from its settings and keyring tokens.

use crate::secrets::{self, Slot};
use crate::settings::{Account, AccountKind};
use deskbell_desk::providers::blinger::BlingerProvider;
use deskbell_desk::providers::chatwoot::ChatwootProvider;
use deskbell_desk::roster::{Learner, SharedRoster};
use deskbell_desk::{AccountId, Provider};
use deskbell_transport::{HttpConfig, Token};
use std::sync::Arc;

pub fn operator_of(account: &Account) -> Option<String> {
    match &account.kind {
        AccountKind::Blinger { operator_id, .. } => operator_id.map(|i| i.to_string()),
        AccountKind::Chatwoot { .. } => None,
    }
}

/// Tokens come from the keyring unless given (demo mode keeps its own in memory).
/// A Blinger provider notes in `roster` who its answers name.
pub async fn build(
    account: &Account,
    tokens: Option<(Token, Option<Token>)>,
    roster: &SharedRoster,
) -> Result<Arc<dyn Provider>, String> {
    let (token, widget_token) = match tokens {
        Some(t) => t,
        None => {
            let token = secrets::load(&account.id, Slot::Api)?.ok_or_else(|| {
                format!(
                    "no token in the keyring for \"{}\": add the account again",
                    account.name
                )
            })?;
            let widget = if account.has_widget() {
                secrets::load(&account.id, Slot::Widget)?
            } else {
                None
            };
            (token, widget)
        }
    };
    let http = HttpConfig::default();
    let id = AccountId::new(account.id.clone());
    match &account.kind {
        AccountKind::Blinger {
            api_url,
            operator_id,
            group_ids,
            widget_url,
        } => {
            let client =
                blinger::Client::with_config(token, api_url, &http).map_err(|e| e.to_string())?;
            let widget = match (widget_url, widget_token) {
                (Some(url), Some(t)) => Some(
                    blinger::WidgetClient::with_config(t, url, &http).map_err(|e| e.to_string())?,
                ),
                _ => None,
            };
            let learner = Learner::new(roster.clone(), account.id.clone());
            Ok(Arc::new(
                BlingerProvider::new(id, client, widget, *operator_id, group_ids.clone())
                    .learning(learner),
            ))
        }
        AccountKind::Chatwoot {
            api_url,
            account_id,
            inbox_id,
        } => {
            let positive = |v: i64, what: &str| {
                u64::try_from(v).map_err(|_| format!("the {what} must be a positive number"))
            };
            let client =
                chatwoot::Client::new(api_url, positive(*account_id, "account id")?, token, http)
                    .map_err(|e| e.to_string())?;
            // The token's own agent id makes "take" and the "mine" list work; a server
            // that refuses /profile still works for everything else.
            let me = match client.profile().await {
                Ok(profile) => Some(profile.id.get()),
                Err(e) => {
                    log::warn!("account \"{}\": cannot read the profile: {e}", account.name);
                    None
                }
            };
            if inbox_id.is_some() {
                log::info!(
                    "account \"{}\": the inbox filter is not applied yet; all inboxes are shown",
                    account.name
                );
            }
            Ok(Arc::new(ChatwootProvider::new(id, client, me)))
        }
    }
}
