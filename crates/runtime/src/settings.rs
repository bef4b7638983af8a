//! The non-secret settings file: accounts (without tokens) and app preferences.
//! Tokens live in the OS keyring (see `secrets.rs`); nothing here is secret.

pub use deskbell_desk::roster::Names;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub use crate::webhooks::config::WebhookSettings;

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

/// Tokens travel in request headers, so they go only over https — unless the server
/// is this machine (the simulator, the local end of a tunnel) or the operator chose
/// plain http for this account explicitly (`insecure`, shown in the window).
pub fn check_transport(account: &Account) -> Result<(), String> {
    let widget = match &account.kind {
        AccountKind::Blinger { widget_url, .. } => widget_url.as_deref(),
        AccountKind::Chatwoot { .. } => None,
    };
    for url in std::iter::once(account.api_url()).chain(widget) {
        if url.to_ascii_lowercase().starts_with("http://") && !is_loopback(url) && !account.insecure
        {
            return Err(format!(
                "{url} is not https: the API token would cross the network unencrypted. \
                 Use https, or allow plain http for this account explicitly"
            ));
        }
    }
    Ok(())
}

/// Whether a URL's host is this machine.
pub fn is_loopback(url: &str) -> bool {
    let Some((_, rest)) = url.split_once("://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = match host_port.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host_port.split(':').next().unwrap_or(""),
    };
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Names are labels the operator reads (ids key everything); '/' stays out so a
/// name never looks like a path or a conversation key.
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Account {
    /// Stable id: the outbox, drafts, the inbox cache and the keyring know the account
    /// by it, so a name is only a label — a removed account's replies can never go to
    /// a new account that happens to get the same name. Absent in files written
    /// before ids existed: [`Settings::load_migrating`] assigns one.
    #[serde(default)]
    pub id: String,
    pub name: String,
    /// Tokens may go over plain `http://` to a host other than this machine: the
    /// operator chose it explicitly (the window says so).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub insecure: bool,
    #[serde(flatten)]
    pub kind: AccountKind,
    /// The operator's names for this account's operators and groups (Blinger knows
    /// them only as numbers). Absent in older files and when there are none.
    #[serde(default, skip_serializing_if = "Names::is_empty")]
    pub names: Names,
}

/// The id an account gets when it is created.
pub fn new_account_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The id an account saved before ids existed gets: derived from its name, so a
/// migration interrupted halfway and run again gives the same id.
pub fn migrated_account_id(name: &str) -> String {
    uuid::Uuid::new_v5(
        &uuid::Uuid::NAMESPACE_OID,
        format!("deskbell-account:{name}").as_bytes(),
    )
    .to_string()
}

impl Account {
    pub fn provider(&self) -> &'static str {
        match self.kind {
            AccountKind::Blinger { .. } => "blinger",
            AccountKind::Chatwoot { .. } => "chatwoot",
        }
    }

    pub fn api_url(&self) -> &str {
        match &self.kind {
            AccountKind::Blinger { api_url, .. } | AccountKind::Chatwoot { api_url, .. } => api_url,
        }
    }

    /// The server this account talks to: changing it makes another account, whose
    /// replies must not inherit this one's queue.
    pub fn same_server(&self, other: &Account) -> bool {
        match (&self.kind, &other.kind) {
            (AccountKind::Blinger { api_url: a, .. }, AccountKind::Blinger { api_url: b, .. }) => {
                a == b
            }
            (
                AccountKind::Chatwoot {
                    api_url: a,
                    account_id: x,
                    ..
                },
                AccountKind::Chatwoot {
                    api_url: b,
                    account_id: y,
                    ..
                },
            ) => a == b && x == y,
            _ => false,
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    /// Requests a minute one Blinger token may make (Blinger allows about 30):
    /// polls, conversation reads and the operator's own requests share it.
    pub request_budget_per_min: u32,
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
            request_budget_per_min: 30,
        }
    }
}

impl Settings {
    pub fn path() -> PathBuf {
        config_dir().join(crate::startup::SETTINGS)
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

    /// Gives every account without an id its migrated id; returns `(name, id)` of
    /// those, whose keyring entries, queued replies and drafts are still under the name.
    pub fn assign_ids(&mut self) -> Vec<(String, String)> {
        let mut renamed = Vec::new();
        for a in self.accounts.iter_mut().filter(|a| a.id.trim().is_empty()) {
            a.id = migrated_account_id(&a.name);
            renamed.push((a.name.clone(), a.id.clone()));
        }
        renamed
    }

    pub fn account(&self, id: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| a.id == id)
    }

    pub fn account_named(&self, name: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| a.name == name)
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
            id: new_account_id(),
            name: "Support".into(),
            insecure: false,
            kind: AccountKind::Blinger {
                api_url: "https://app.blinger.io/api".into(),
                operator_id: Some(7),
                group_ids: vec![2, 3],
                widget_url: None,
            },
            names: Names::default(),
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
    fn tokens_go_over_https_unless_local_or_chosen() {
        let account = |url: &str, insecure: bool| Account {
            id: new_account_id(),
            name: "A".into(),
            insecure,
            kind: AccountKind::Blinger {
                api_url: url.into(),
                operator_id: None,
                group_ids: Vec::new(),
                widget_url: None,
            },
            names: Names::default(),
        };
        assert!(check_transport(&account("https://app.blinger.io/api", false)).is_ok());
        for local in [
            "http://127.0.0.1:8765/api",
            "http://localhost/api",
            "http://[::1]:80/x",
            "http://127.9.9.9",
        ] {
            assert!(check_transport(&account(local, false)).is_ok(), "{local}");
        }
        for remote in [
            "http://app.blinger.io/api",
            "http://192.168.1.5/api",
            "http://localhost.evil.io/api",
            "http://127.0.0.1.nip.io/api",
            "HTTP://x.io",
        ] {
            assert!(
                check_transport(&account(remote, false)).is_err(),
                "{remote}"
            );
            assert!(check_transport(&account(remote, true)).is_ok(), "{remote}");
        }
        let mut widget = account("https://app.blinger.io/api", false);
        widget.kind = AccountKind::Blinger {
            api_url: "https://app.blinger.io/api".into(),
            operator_id: None,
            group_ids: Vec::new(),
            widget_url: Some("http://widget.blinger.io/api/external/v1".into()),
        };
        assert!(check_transport(&widget).is_err(), "the widget token too");
    }

    #[test]
    fn accounts_saved_without_ids_get_stable_ones() {
        let mut s: Settings = serde_json::from_str(
            r#"{"accounts":[{"name":"Support","provider":"blinger","api_url":"https://x"},
                           {"id":"kept","name":"Other","provider":"blinger","api_url":"https://y"}]}"#,
        )
        .unwrap();
        let renamed = s.assign_ids();
        assert_eq!(renamed.len(), 1);
        assert_eq!(renamed[0].0, "Support");
        assert_eq!(s.accounts[0].id, migrated_account_id("Support"));
        assert_eq!(s.accounts[1].id, "kept");
        assert!(s.assign_ids().is_empty(), "once");
        assert_ne!(new_account_id(), new_account_id());
    }

    #[test]
    fn names_are_checked() {
        assert!(account_name("Support desk").is_ok());
        assert!(account_name("a/b").is_err());
        assert!(account_name("  ").is_err());
    }
}
