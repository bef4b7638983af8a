//! The desk's accounts verbs, run by the agent, as the window's commands.

use super::DeskState;
use crate::agent_link::Forwarded;
use deskbell_runtime::error::CmdResult;
use deskbell_runtime::events::AccountView;
use deskbell_runtime::verbs::AccountInput;
use serde_json::json;

#[tauri::command(rename_all = "snake_case")]
pub async fn add_account(
    desk: DeskState<'_>,
    account: AccountInput,
    token: String,
    widget_token: Option<String>,
    discard_pending: Option<bool>,
) -> CmdResult<Forwarded<AccountView>> {
    let args = json!({"account": account, "token": token, "widget_token": widget_token, "discard_pending": discard_pending});
    desk.call("add_account", args).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn remove_account(
    desk: DeskState<'_>,
    id: String,
    discard_pending: Option<bool>,
) -> CmdResult<Forwarded<()>> {
    let args = json!({"id": id, "discard_pending": discard_pending});
    desk.call("remove_account", args).await
}

#[tauri::command]
pub async fn refresh(desk: DeskState<'_>, account: Option<String>) -> CmdResult<Forwarded<()>> {
    desk.call("refresh", json!({ "account": account })).await
}
