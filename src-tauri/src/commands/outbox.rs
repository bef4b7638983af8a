//! Replies: the desk's outbox verbs (`deskbell_runtime::verbs::outbox`) as the
//! window's commands.

use super::DeskState;
use deskbell_desk::{ConvKey, ThreadMessage};
use deskbell_runtime::error::CmdResult;
pub use deskbell_runtime::verbs::SendInput;

#[tauri::command]
pub async fn send(
    desk: DeskState<'_>,
    key: ConvKey,
    payload: SendInput,
) -> CmdResult<ThreadMessage> {
    desk.send(key, payload).await
}

#[tauri::command]
pub async fn outbox_retry(desk: DeskState<'_>, id: String) -> CmdResult<()> {
    desk.outbox_retry(id).await
}

#[tauri::command]
pub async fn outbox_retry_all(desk: DeskState<'_>, account: Option<String>) -> CmdResult<()> {
    desk.outbox_retry_all(account).await
}

#[tauri::command]
pub async fn outbox_discard_account(desk: DeskState<'_>, account: String) -> CmdResult<()> {
    desk.outbox_discard_account(account).await
}

#[tauri::command]
pub async fn outbox_discard(desk: DeskState<'_>, id: String) -> CmdResult<()> {
    desk.outbox_discard(id).await
}

#[tauri::command]
pub async fn outbox_edit(desk: DeskState<'_>, id: String, text: String) -> CmdResult<()> {
    desk.outbox_edit(id, text).await
}
