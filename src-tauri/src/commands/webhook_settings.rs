//! The desk's webhook settings verbs, run by the agent, as the window's commands.

use super::DeskState;
use crate::agent_link::Forwarded;
use deskbell_runtime::error::CmdResult;
use deskbell_runtime::verbs::WebhookView;
use deskbell_runtime::webhooks::probe::WebhookTest;
use serde_json::json;

#[tauri::command]
pub async fn webhooks(desk: DeskState<'_>) -> CmdResult<Forwarded<WebhookView>> {
    desk.call("webhooks", json!({})).await
}

#[tauri::command]
pub async fn set_webhook(
    desk: DeskState<'_>,
    account: String,
    enabled: bool,
) -> CmdResult<Forwarded<WebhookView>> {
    let args = json!({"account": account, "enabled": enabled});
    desk.call("set_webhook", args).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_webhook_listen(
    desk: DeskState<'_>,
    listen: String,
    allow_remote: bool,
) -> CmdResult<Forwarded<WebhookView>> {
    let args = json!({"listen": listen, "allow_remote": allow_remote});
    desk.call("set_webhook_listen", args).await
}

#[tauri::command]
pub async fn test_webhook(
    desk: DeskState<'_>,
    account: String,
) -> CmdResult<Forwarded<WebhookTest>> {
    desk.call("test_webhook", json!({ "account": account }))
        .await
}
