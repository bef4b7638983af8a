//! The desk's accounts verbs (`deskbell_runtime::verbs`) as the window's commands.

use super::DeskState;
use deskbell_runtime::error::CmdResult;
use deskbell_runtime::events::AccountView;
use deskbell_runtime::verbs::AccountInput;

#[tauri::command(rename_all = "snake_case")]
pub async fn add_account(
    desk: DeskState<'_>,
    account: AccountInput,
    token: String,
    widget_token: Option<String>,
    discard_pending: Option<bool>,
) -> CmdResult<AccountView> {
    desk.add_account(account, token, widget_token, discard_pending)
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn remove_account(
    desk: DeskState<'_>,
    id: String,
    discard_pending: Option<bool>,
) -> CmdResult<()> {
    desk.remove_account(id, discard_pending).await
}

#[tauri::command]
pub async fn refresh(desk: DeskState<'_>, account: Option<String>) -> CmdResult<()> {
    desk.refresh(account.as_deref());
    Ok(())
}
