use crate::account_save::{plan_save, PendingReplies};
use crate::error::{CmdError, CmdResult};
use crate::events::AccountView;
use crate::lock;
use crate::secrets::{self, Slot};
use crate::settings::{
    account_name, check_transport, http_url, new_account_id, Account, AccountKind,
};
use crate::Desk;
use deskbell_desk::AccountId;
use deskbell_transport::Token;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AccountInput {
    pub name: String,
    pub provider: String,
    pub api_url: String,
    #[serde(default)]
    pub operator_id: Option<i64>,
    #[serde(default)]
    pub group_ids: Vec<i64>,
    #[serde(default)]
    pub widget_url: Option<String>,
    #[serde(default)]
    pub account_id: Option<i64>,
    #[serde(default)]
    pub inbox_id: Option<i64>,
    /// Plain http to a server other than this machine, chosen explicitly.
    #[serde(default)]
    pub insecure: bool,
}

impl AccountInput {
    fn into_account(self) -> CmdResult<Account> {
        let name = account_name(&self.name).map_err(CmdError::invalid)?;
        let http_url = |url: &str| http_url(url).map_err(CmdError::invalid);
        let kind = match self.provider.as_str() {
            "blinger" => AccountKind::Blinger {
                api_url: http_url(&self.api_url)?,
                operator_id: self.operator_id,
                group_ids: self.group_ids,
                widget_url: self
                    .widget_url
                    .filter(|u| !u.trim().is_empty())
                    .map(|u| http_url(&u))
                    .transpose()?,
            },
            "chatwoot" => AccountKind::Chatwoot {
                api_url: http_url(&self.api_url)?,
                account_id: self
                    .account_id
                    .ok_or_else(|| CmdError::invalid("a Chatwoot account needs its account id"))?,
                inbox_id: self.inbox_id,
            },
            other => return Err(CmdError::invalid(format!("unknown provider \"{other}\""))),
        };
        let account = Account {
            id: new_account_id(),
            name,
            insecure: self.insecure,
            kind,
            names: Default::default(),
        };
        check_transport(&account).map_err(CmdError::invalid)?;
        Ok(account)
    }
}

/// How many replies to each account are not sent yet.
fn pending_by_account(desk: &Desk) -> HashMap<String, usize> {
    let mut pending = HashMap::new();
    for e in lock(&desk.outbox).entries() {
        *pending
            .entry(e.key.account.as_str().to_owned())
            .or_default() += 1;
    }
    pending
}

/// The window asks before unsent replies are dropped (`kind: "pending_replies"`,
/// the count in the message).
fn pending_error(PendingReplies(pending): PendingReplies) -> CmdError {
    CmdError::new(
        "pending_replies",
        format!(
            "{pending} {} to this account not sent yet",
            if pending == 1 {
                "reply is"
            } else {
                "replies are"
            }
        ),
    )
}

/// Drops account `id`'s unsent replies, telling the window.
fn discard_replies(desk: &Desk, id: &str) -> CmdResult<()> {
    let gone = lock(&desk.outbox).discard_account(&AccountId::new(id))?;
    for e in gone {
        desk.report(deskbell_desk::outbox::OutboxEvent::Removed {
            id: e.id,
            key: e.key,
        });
    }
    Ok(())
}

impl Desk {
    /// The token enters Rust here, goes to the keyring, and never comes back to the page.
    /// Saving an account again keeps its id, and with it its queued replies; the same
    /// name on another server is a new account (the old one's replies never go there).
    /// Argument names stay snake_case (`widget_token`), like every name the page sends.
    pub async fn add_account(
        self: &Arc<Self>,
        account: AccountInput,
        token: String,
        widget_token: Option<String>,
        discard_pending: Option<bool>,
    ) -> CmdResult<AccountView> {
        let mut account = account.into_account()?;
        let pending = pending_by_account(self);
        let plan = plan_save(
            &lock(&self.settings).accounts,
            &account,
            |id| pending.get(id).copied().unwrap_or(0),
            discard_pending.unwrap_or(false),
        )
        .map_err(pending_error)?;
        account.id = plan.id.clone();
        let token = Token::new(token.trim());
        if token.expose().is_empty() {
            return Err(CmdError::invalid("the API token is empty"));
        }
        let widget_token = widget_token
            .map(|t| Token::new(t.trim()))
            .filter(|t| !t.expose().is_empty());
        if account.has_widget() && widget_token.is_none() {
            return Err(CmdError::invalid(
                "the Widget API URL needs the Widget API token",
            ));
        }
        let keyring = |r: Result<(), String>| r.map_err(|e| CmdError::new("keyring", e));
        keyring(secrets::store(&account.id, Slot::Api, &token))?;
        match &widget_token {
            Some(t) => keyring(secrets::store(&account.id, Slot::Widget, t))?,
            None => keyring(secrets::delete(&account.id, Slot::Widget))?,
        }
        let provider = crate::providers::build(&account, Some((token, widget_token)), &self.roster)
            .await
            .map_err(CmdError::config)?;
        // Only once the account is known to be usable: a save refused for its token or
        // its server drops no reply.
        for id in &plan.replaces {
            discard_replies(self, id)?;
        }
        {
            let mut settings = lock(&self.settings);
            plan.apply(&mut settings.accounts, account.clone());
            for id in &plan.replaces {
                crate::webhooks::forget_account(&mut settings, id);
            }
            settings.save().map_err(CmdError::config)?;
        }
        for id in &plan.replaces {
            self.stop_account(id);
            deskbell_desk::roster::lock(&self.roster).forget(id);
            let _ = secrets::delete(id, Slot::Api);
            let _ = secrets::delete(id, Slot::Widget);
        }
        if !plan.replaces.is_empty() {
            let _ = crate::webhooks::reconcile(self).await;
        }
        // A real account replaces the demo.
        self.stop_demo();
        let id = account.id.clone();
        self.stop_account(&id);
        self.start_account(account, provider, false);
        self.account_view(&id)
            .ok_or_else(|| CmdError::not_found(id))
    }

    /// Removes an account (by id) and its tokens. Its unsent replies are discarded only
    /// when `discard_pending` says so; otherwise the window is asked first.
    pub async fn remove_account(
        self: &Arc<Self>,
        id: String,
        discard_pending: Option<bool>,
    ) -> CmdResult<()> {
        match pending_by_account(self).get(&id) {
            Some(&n) if !discard_pending.unwrap_or(false) => {
                return Err(pending_error(PendingReplies(n)))
            }
            Some(_) => discard_replies(self, &id)?,
            None => {}
        }
        {
            let mut settings = lock(&self.settings);
            settings.accounts.retain(|a| a.id != id);
            crate::webhooks::forget_account(&mut settings, &id);
            settings.save().map_err(CmdError::config)?;
        }
        self.stop_account(&id);
        deskbell_desk::roster::lock(&self.roster).forget(&id);
        // Its route goes with it (the receiver stops if it was the last).
        let _ = crate::webhooks::reconcile(self).await;
        secrets::delete(&id, Slot::Api).map_err(|e| CmdError::new("keyring", e))?;
        secrets::delete(&id, Slot::Widget).map_err(|e| CmdError::new("keyring", e))?;
        self.emit_outbox_summary();
        Ok(())
    }
}
