use super::DeskState;
use crate::error::{CmdError, CmdResult};
use crate::events::AccountView;
use crate::runtime::lock;
use crate::secrets::{self, Slot};
use crate::settings::{account_name, http_url, Account, AccountKind};
use deskbell_transport::Token;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
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
        Ok(Account { name, kind })
    }
}

/// The token enters Rust here, goes to the keyring, and never comes back to the page.
/// Argument names stay snake_case (`widget_token`), like every name the page sends.
#[tauri::command(rename_all = "snake_case")]
pub async fn add_account(
    desk: DeskState<'_>,
    account: AccountInput,
    token: String,
    widget_token: Option<String>,
) -> CmdResult<AccountView> {
    let account = account.into_account()?;
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
    keyring(secrets::store(&account.name, Slot::Api, &token))?;
    match &widget_token {
        Some(t) => keyring(secrets::store(&account.name, Slot::Widget, t))?,
        None => keyring(secrets::delete(&account.name, Slot::Widget))?,
    }
    let provider = crate::providers::build(&account, Some((token, widget_token)))
        .await
        .map_err(CmdError::config)?;
    {
        let mut settings = lock(&desk.settings);
        settings.accounts.retain(|a| a.name != account.name);
        settings.accounts.push(account.clone());
        settings.save().map_err(CmdError::config)?;
    }
    // A real account replaces the demo.
    crate::stop_demo(&desk);
    let name = account.name.clone();
    desk.stop_account(&name);
    desk.start_account(account, provider, false);
    desk.account_view(&name)
        .ok_or_else(|| CmdError::not_found(name))
}

#[tauri::command]
pub async fn remove_account(desk: DeskState<'_>, name: String) -> CmdResult<()> {
    {
        let mut settings = lock(&desk.settings);
        settings.accounts.retain(|a| a.name != name);
        settings.save().map_err(CmdError::config)?;
    }
    desk.stop_account(&name);
    secrets::delete(&name, Slot::Api).map_err(|e| CmdError::new("keyring", e))?;
    secrets::delete(&name, Slot::Widget).map_err(|e| CmdError::new("keyring", e))?;
    Ok(())
}

#[tauri::command]
pub async fn refresh(desk: DeskState<'_>, account: Option<String>) -> CmdResult<()> {
    desk.resync(account.as_deref());
    Ok(())
}
