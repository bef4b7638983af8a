//! The desk's conversations verbs, run by the agent, as the window's commands.

use super::DeskState;
use crate::agent_link::Forwarded;
use deskbell_desk::{ConvKey, InboxItem, NewConversationSpec};
use deskbell_runtime::error::CmdResult;
use deskbell_runtime::verbs::{AppState, OpenedConversation};
use serde_json::json;

#[tauri::command]
pub async fn app_state(
    app: tauri::AppHandle,
    desk: DeskState<'_>,
) -> CmdResult<Forwarded<AppState>> {
    let state: Forwarded<AppState> = desk.call("app_state", json!({})).await?;
    crate::taskbar::show(&app, crate::taskbar::unread_in(&state.value()["items"]));
    let key = &state.value()["open_key"];
    if let (Some(account), Some(conversation)) =
        (key["account"].as_str(), key["conversation"].as_str())
    {
        log::info!(
            "the window opens at {account}/{conversation}, as a notification or a link asked"
        );
    }
    Ok(state)
}

#[tauri::command]
pub async fn open_conversation(
    desk: DeskState<'_>,
    key: ConvKey,
) -> CmdResult<Forwarded<OpenedConversation>> {
    desk.call("open_conversation", json!({ "key": key })).await
}

#[tauri::command]
pub async fn find_conversation(
    desk: DeskState<'_>,
    account: String,
    conversation: String,
) -> CmdResult<Forwarded<OpenedConversation>> {
    let args = json!({"account": account, "conversation": conversation});
    desk.call("find_conversation", args).await
}

#[tauri::command]
pub async fn close_view(desk: DeskState<'_>, key: ConvKey) -> CmdResult<Forwarded<()>> {
    desk.call("close_view", json!({ "key": key })).await
}

#[tauri::command]
pub async fn act(
    desk: DeskState<'_>,
    key: ConvKey,
    action: serde_json::Value,
) -> CmdResult<Forwarded<Option<InboxItem>>> {
    desk.call("act", json!({"key": key, "action": action}))
        .await
}

#[tauri::command]
pub async fn create_conversation(
    desk: DeskState<'_>,
    account: String,
    conversation: NewConversationSpec,
) -> CmdResult<Forwarded<InboxItem>> {
    let args = json!({"account": account, "conversation": conversation});
    desk.call("create_conversation", args).await
}
