//! The Secret Service (gnome-keyring in the test desktop), read with
//! `secret-tool`, to check where the app put its tokens.

use std::process::{Command, Stdio};

/// The keyring service name the app stores tokens under (`crates/runtime/src/secrets.rs`).
pub const DESKBELL_SERVICE: &str = "io.deskbell.app";
/// Where the app keeps its own secrets (the webhook path secret).
pub const INTERNAL_SERVICE: &str = "io.deskbell.app.internal";

pub struct Keyring;

impl Keyring {
    /// The secret stored with attributes `service` and `username` (the `keyring`
    /// crate's scheme), if any.
    pub fn lookup(service: &str, user: &str) -> Option<String> {
        let out = Command::new("secret-tool")
            .args(["lookup", "service", service, "username", user])
            .stdin(Stdio::null())
            .output()
            .expect(
                "cannot run secret-tool: install libsecret-tools (scripts/install-deps.sh --test)",
            );
        // Exit status 1 and no output: nothing stored.
        (out.status.success() && !out.stdout.is_empty())
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// An account's API token as the app stored it (under the account's id).
    pub fn api_token(account: &str) -> Option<String> {
        Self::lookup(DESKBELL_SERVICE, &format!("{account}/api-token"))
    }

    /// An account's Blinger Widget API token as the app stored it.
    pub fn widget_token(account: &str) -> Option<String> {
        Self::lookup(DESKBELL_SERVICE, &format!("{account}/widget-token"))
    }

    /// Deletes every secret of the app (between tests).
    pub fn clear_deskbell() {
        for service in [DESKBELL_SERVICE, INTERNAL_SERVICE] {
            let _ = Command::new("secret-tool")
                .args(["clear", "service", service])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
    }
}
