//! The non-secret settings file: accounts (without tokens) and app preferences.
//! Tokens live in the OS keyring (see `secrets.rs`); nothing here is secret.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Where Deskbell keeps its files. Tauri's own `app_config_dir` resolves to the same
/// place, but the provisioning CLI runs without Tauri, so both use this.
pub fn config_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("DESKBELL_CONFIG_DIR") {
        return PathBuf::from(dir);
    }
    dirs::config_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join(crate::APP_ID)
}

pub fn cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("DESKBELL_CACHE_DIR") {
        return PathBuf::from(dir);
    }
    dirs::cache_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join(crate::APP_ID)
}

pub fn is_http(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

/// An API base URL as stored: http(s) only, without a trailing slash.
pub fn http_url(url: &str) -> Result<String, String> {
    let trimmed = url.trim().trim_end_matches('/');
    if !is_http(trimmed) {
        return Err(format!("\"{url}\" is not an http(s) URL"));
    }
    Ok(trimmed.to_string())
}

/// Account names key the keyring entries (`NAME/api-token`), hence no '/'.
pub fn account_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty()
        || name.len() > 64
        || name.contains('/')
        || name.chars().any(char::is_control)
    {
        return Err(
            "the account name must be 1–64 characters, without '/' or control characters".into(),
        );
    }
    Ok(name.to_string())
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(tag = "provider", rename_all = "snake_case")]
pub enum AccountKind {
    Blinger {
        api_url: String,
        /// The operator this desk acts as; sent as `operator_id` so actions are attributed to them.
        #[serde(default)]
        operator_id: Option<i64>,
        #[serde(default)]
        group_ids: Vec<i64>,
        #[serde(default)]
        widget_url: Option<String>,
    },
    Chatwoot {
        api_url: String,
        account_id: i64,
        #[serde(default)]
        inbox_id: Option<i64>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Account {
    pub name: String,
    #[serde(flatten)]
    pub kind: AccountKind,
}

impl Account {
    pub fn provider(&self) -> &'static str {
        match self.kind {
            AccountKind::Blinger { .. } => "blinger",
            AccountKind::Chatwoot { .. } => "chatwoot",
        }
    }

    pub fn has_widget(&self) -> bool {
        matches!(
            &self.kind,
            AccountKind::Blinger {
                widget_url: Some(_),
                ..
            }
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(default)]
pub struct WebhookSettings {
    pub enabled: bool,
    /// Loopback by default: webhooks carry no signature, so we only listen where
    /// a tunnel or reverse proxy the user set up can reach us.
    pub listen: String,
    /// Needed to listen on anything but loopback (e.g. behind a reverse proxy on the LAN).
    pub allow_remote: bool,
    pub max_body_bytes: usize,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        WebhookSettings {
            enabled: false,
            listen: "127.0.0.1:8787".into(),
            allow_remote: false,
            max_body_bytes: 256 * 1024,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(default)]
pub struct Settings {
    pub accounts: Vec<Account>,
    pub poll_interval_secs: u64,
    pub do_not_disturb: bool,
    pub notification_sound: bool,
    pub start_at_login: bool,
    /// Enter sends (Shift+Enter: new line); off: Ctrl+Enter sends.
    pub enter_sends: bool,
    /// "system", "light" or "dark".
    pub theme: String,
    pub webhook: WebhookSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            accounts: Vec::new(),
            poll_interval_secs: 10,
            do_not_disturb: false,
            notification_sound: false,
            start_at_login: false,
            enter_sends: true,
            theme: "system".into(),
            webhook: WebhookSettings::default(),
        }
    }
}

impl Settings {
    pub fn path() -> PathBuf {
        config_dir().join("settings.json")
    }

    /// Missing file = defaults; a damaged file is an error (never silently overwritten,
    /// that would lose the user's accounts).
    pub fn load_from(path: &Path) -> Result<Self, String> {
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map_err(|e| format!("{} is not valid settings JSON: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Settings::default()),
            Err(e) => Err(format!("cannot read {}: {e}", path.display())),
        }
    }

    pub fn load() -> Result<Self, String> {
        Self::load_from(&Self::path())
    }

    /// Atomic write: a crash mid-save leaves the previous file intact.
    pub fn save_to(&self, path: &Path) -> Result<(), String> {
        let json = serde_json::to_vec_pretty(self).map_err(|e| e.to_string())?;
        deskbell_desk::fsutil::write_atomic(path, &json)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))
    }

    pub fn save(&self) -> Result<(), String> {
        self.save_to(&Self::path())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_keeps_no_token_field() {
        let dir = std::env::temp_dir().join(format!("deskbell-settings-{}", std::process::id()));
        let path = dir.join("settings.json");
        let mut s = Settings::default();
        s.accounts.push(Account {
            name: "Support".into(),
            kind: AccountKind::Blinger {
                api_url: "https://app.blinger.io/api".into(),
                operator_id: Some(7),
                group_ids: vec![2, 3],
                widget_url: None,
            },
        });
        s.save_to(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("\"provider\": \"blinger\""));
        assert!(!text.to_lowercase().contains("token"));
        assert_eq!(Settings::load_from(&path).unwrap(), s);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_damaged_file_is_an_error_not_a_reset() {
        let dir = std::env::temp_dir().join(format!("deskbell-bad-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("settings.json");
        std::fs::write(&path, b"{not json").unwrap();
        assert!(Settings::load_from(&path).is_err());
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn urls_must_be_http_and_lose_trailing_slashes() {
        assert_eq!(http_url("https://x.io/api/").unwrap(), "https://x.io/api");
        assert!(http_url("ftp://x.io").is_err());
        assert!(http_url("javascript:alert(1)").is_err());
    }

    #[test]
    fn names_are_checked() {
        assert!(account_name("Support desk").is_ok());
        assert!(account_name("a/b").is_err());
        assert!(account_name("  ").is_err());
    }
}
