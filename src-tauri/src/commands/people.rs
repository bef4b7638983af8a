//! The desk's people verbs, run by the agent, as the window's commands.

use super::DeskState;
use crate::agent_link::Forwarded;
use deskbell_desk::Directory;
use deskbell_runtime::error::CmdResult;
use serde_json::json;

#[tauri::command]
pub async fn directory(desk: DeskState<'_>, account: String) -> CmdResult<Forwarded<Directory>> {
    desk.call("directory", json!({ "account": account })).await
}

#[tauri::command]
pub async fn set_directory_name(
    desk: DeskState<'_>,
    account: String,
    kind: String,
    id: String,
    name: String,
) -> CmdResult<Forwarded<Directory>> {
    let args = json!({"account": account, "kind": kind, "id": id, "name": name});
    desk.call("set_directory_name", args).await
}
