//! The desk's conversations verbs (`deskbell_runtime::verbs`) as the window's commands.

use super::DeskState;
use deskbell_desk::{ConvKey, InboxItem, NewConversationSpec};
use deskbell_runtime::error::CmdResult;
use deskbell_runtime::verbs::{AppState, OpenedConversation};

#[tauri::command]
pub async fn app_state(desk: DeskState<'_>) -> CmdResult<AppState> {
    desk.app_state().await
}

#[tauri::command]
pub async fn open_conversation(desk: DeskState<'_>, key: ConvKey) -> CmdResult<OpenedConversation> {
    desk.open_conversation(key).await
}

#[tauri::command]
pub async fn find_conversation(
    desk: DeskState<'_>,
    account: String,
    conversation: String,
) -> CmdResult<OpenedConversation> {
    desk.find_conversation(account, conversation).await
}

#[tauri::command]
pub async fn close_view(desk: DeskState<'_>, key: ConvKey) -> CmdResult<()> {
    desk.close_view(key).await
}

#[tauri::command]
pub async fn act(
    desk: DeskState<'_>,
    key: ConvKey,
    action: serde_json::Value,
) -> CmdResult<Option<InboxItem>> {
    desk.act(key, action).await
}

#[tauri::command]
pub async fn create_conversation(
    desk: DeskState<'_>,
    account: String,
    conversation: NewConversationSpec,
) -> CmdResult<InboxItem> {
    desk.create_conversation(account, conversation).await
}
