//! The desk's webhook settings verbs (`deskbell_runtime::verbs`) as the window's commands.

use super::DeskState;
use deskbell_runtime::error::CmdResult;
use deskbell_runtime::verbs::WebhookView;
use deskbell_runtime::webhooks::probe::WebhookTest;

#[tauri::command]
pub async fn webhooks(desk: DeskState<'_>) -> CmdResult<WebhookView> {
    desk.webhooks().await
}

#[tauri::command]
pub async fn set_webhook(
    desk: DeskState<'_>,
    account: String,
    enabled: bool,
) -> CmdResult<WebhookView> {
    desk.set_webhook(account, enabled).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_webhook_listen(
    desk: DeskState<'_>,
    listen: String,
    allow_remote: bool,
) -> CmdResult<WebhookView> {
    desk.set_webhook_listen(listen, allow_remote).await
}

#[tauri::command]
pub async fn test_webhook(desk: DeskState<'_>, account: String) -> CmdResult<WebhookTest> {
    desk.test_webhook(account).await
}
