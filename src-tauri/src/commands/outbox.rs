//! Replies: the desk's outbox verbs, run by the agent, as the window's commands.
//! A reply is in the agent's outbox, on disk, before `send` answers: closing
//! or losing the window afterwards loses nothing.

use super::DeskState;
use crate::agent_link::Forwarded;
use deskbell_desk::{ConvKey, ThreadMessage};
use deskbell_runtime::error::CmdResult;
pub use deskbell_runtime::verbs::SendInput;
use serde_json::json;

#[tauri::command]
pub async fn send(
    desk: DeskState<'_>,
    key: ConvKey,
    payload: SendInput,
) -> CmdResult<Forwarded<ThreadMessage>> {
    desk.call("send", json!({"key": key, "payload": payload}))
        .await
}

#[tauri::command]
pub async fn outbox_retry(desk: DeskState<'_>, id: String) -> CmdResult<Forwarded<()>> {
    desk.call("outbox_retry", json!({ "id": id })).await
}

#[tauri::command]
pub async fn outbox_retry_all(
    desk: DeskState<'_>,
    account: Option<String>,
) -> CmdResult<Forwarded<()>> {
    desk.call("outbox_retry_all", json!({ "account": account }))
        .await
}

#[tauri::command]
pub async fn outbox_discard_account(
    desk: DeskState<'_>,
    account: String,
) -> CmdResult<Forwarded<()>> {
    desk.call("outbox_discard_account", json!({ "account": account }))
        .await
}

#[tauri::command]
pub async fn outbox_discard(desk: DeskState<'_>, id: String) -> CmdResult<Forwarded<()>> {
    desk.call("outbox_discard", json!({ "id": id })).await
}

#[tauri::command]
pub async fn outbox_edit(
    desk: DeskState<'_>,
    id: String,
    text: String,
) -> CmdResult<Forwarded<()>> {
    desk.call("outbox_edit", json!({"id": id, "text": text}))
        .await
}
