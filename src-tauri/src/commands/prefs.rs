use super::DeskState;
use crate::agent_link::Forwarded;
use deskbell_runtime::error::{CmdError, CmdResult};
use deskbell_runtime::settings::{config_dir, Settings};
use deskbell_runtime::verbs::SettingsPatch;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use tauri_plugin_opener::OpenerExt as _;

/// Start at login is the agent's to carry out: the login item starts the agent.
#[tauri::command]
pub async fn set_settings(
    desk: DeskState<'_>,
    settings: SettingsPatch,
) -> CmdResult<Forwarded<Settings>> {
    desk.call("set_settings", serde_json::json!({ "settings": settings }))
        .await
}

/// Only http, https and mailto leave the app, in the system's browser or mail client.
pub fn is_openable(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:"))
        && !url.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// A `mailto:` link keeps its addresses, `subject` and `body`; everything else a
/// customer could slip in (`cc`, `bcc`, `attach`, `to`…) is dropped, so a click
/// opens a draft to the people shown and carries no file from this machine.
/// Values stay percent-encoded as written (in `mailto:`, `+` is not a space).
pub fn keep_mail_fields(url: &str) -> String {
    let Some(rest) = url.get("mailto:".len()..) else {
        return url.to_owned();
    };
    let rest = rest.split('#').next().unwrap_or("");
    let (to, query) = rest.split_once('?').unwrap_or((rest, ""));
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| {
            let key = pair.split('=').next().unwrap_or("");
            let key = percent_encoding::percent_decode_str(key)
                .decode_utf8_lossy()
                .to_ascii_lowercase();
            key == "subject" || key == "body"
        })
        .collect();
    if kept.is_empty() {
        format!("mailto:{to}")
    } else {
        format!("mailto:{to}?{}", kept.join("&"))
    }
}

#[tauri::command]
pub async fn open_url(app: tauri::AppHandle, url: String) -> CmdResult<()> {
    if !is_openable(&url) {
        return Err(CmdError::invalid(
            "only http, https and mailto links can be opened",
        ));
    }
    let url = if url.to_ascii_lowercase().starts_with("mailto:") {
        keep_mail_fields(&url)
    } else {
        url
    };
    app.opener()
        .open_url(url, None::<&str>)
        .map_err(|e| CmdError::new("open", e.to_string()))
}

/// Opens the folder of the app's log files in the system's file manager, for
/// an operator asked to send them (they hold no tokens: every line is scrubbed).
#[tauri::command]
pub async fn open_logs_folder(app: tauri::AppHandle) -> CmdResult<()> {
    let dir = crate::app_dirs::log_dir(&app).map_err(CmdError::config)?;
    // The log plugin creates it at start; it may have been deleted since.
    deskbell_desk::fsutil::create_private_dir_all(&dir)
        .map_err(|e| CmdError::config(format!("cannot create {}: {e}", dir.display())))?;
    app.opener()
        .open_path(dir.to_string_lossy(), None::<&str>)
        .map_err(|e| CmdError::new("open", e.to_string()))
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct CannedReply {
    shortcut: String,
    text: String,
}

fn read_json<T: for<'de> Deserialize<'de> + Default>(file: &str) -> T {
    std::fs::read(config_dir().join(file))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

fn write_json<T: Serialize>(file: &str, value: &T) -> CmdResult<()> {
    let bytes = serde_json::to_vec_pretty(value).map_err(|e| CmdError::config(e.to_string()))?;
    deskbell_desk::fsutil::write_atomic(&config_dir().join(file), &bytes)
        .map_err(|e| CmdError::config(format!("cannot save {file}: {e}")))
}

#[tauri::command]
pub async fn canned_replies() -> CmdResult<Vec<CannedReply>> {
    Ok(read_json("canned-replies.json"))
}

#[tauri::command]
pub async fn save_canned_replies(replies: Vec<CannedReply>) -> CmdResult<Vec<CannedReply>> {
    write_json("canned-replies.json", &replies)?;
    Ok(replies)
}

#[tauri::command]
pub async fn drafts() -> CmdResult<BTreeMap<String, String>> {
    Ok(read_json("drafts.json"))
}

/// Drafts are the operator's own words: kept on disk so a restart loses nothing.
#[tauri::command]
pub async fn save_draft(key: deskbell_desk::ConvKey, text: String) -> CmdResult<()> {
    static WRITE: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = WRITE.lock().unwrap_or_else(|p| p.into_inner());
    let mut drafts: BTreeMap<String, String> = read_json("drafts.json");
    let id = format!("{}/{}", key.account.as_str(), key.conversation);
    if text.trim().is_empty() {
        drafts.remove(&id);
    } else {
        drafts.insert(id, text);
    }
    write_json("drafts.json", &drafts)
}

#[cfg(test)]
mod tests {
    use super::{is_openable, keep_mail_fields};

    #[test]
    fn mail_links_keep_only_subject_and_body() {
        assert_eq!(
            keep_mail_fields(
                "mailto:a@b.c?cc=boss@x.y&subject=Order%2042&BCC=all@x.y&body=Hi+there%0A&attach=/etc/passwd"
            ),
            "mailto:a@b.c?subject=Order%2042&body=Hi+there%0A"
        );
        assert_eq!(
            keep_mail_fields("MAILTO:a@b.c?%61ttach=~/.ssh/id_rsa&to=x@y.z&%73ubject=hi#frag"),
            "mailto:a@b.c?%73ubject=hi"
        );
        assert_eq!(keep_mail_fields("mailto:a@b.c"), "mailto:a@b.c");
        assert_eq!(
            keep_mail_fields("mailto:?attachment=/home/me/secret.pdf"),
            "mailto:"
        );
    }

    #[test]
    fn only_web_and_mail_links_open() {
        assert!(is_openable("https://blinger.io/x?y=1"));
        assert!(is_openable("HTTP://example.com"));
        assert!(is_openable("mailto:a@b.c"));
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "data:text/html,x",
            "vbscript:x",
            "https://a b",
            "https://a\nb",
            " javascript:x",
        ] {
            assert!(!is_openable(bad), "{bad}");
        }
    }
}
