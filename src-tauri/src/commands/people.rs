//! The desk's people verbs (`deskbell_runtime::verbs`) as the window's commands.

use super::DeskState;
use deskbell_desk::Directory;
use deskbell_runtime::error::CmdResult;

#[tauri::command]
pub async fn directory(desk: DeskState<'_>, account: String) -> CmdResult<Directory> {
    desk.directory(account).await
}

#[tauri::command]
pub async fn set_directory_name(
    desk: DeskState<'_>,
    account: String,
    kind: String,
    id: String,
    name: String,
) -> CmdResult<Directory> {
    desk.set_directory_name(account, kind, id, name).await
}
