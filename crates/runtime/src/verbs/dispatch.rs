//! The verbs by the page's command names, arguments by name as JSON: how a front
//! end that is handed names (the agent, from its windows) reaches the desk. The
//! window's own commands (links, the logs folder, drafts, canned replies) are not
//! here: they need no desk.

use crate::error::{CmdError, CmdResult};
use crate::Desk;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::sync::Arc;

/// Every verb [`Desk::dispatch`] knows, by the page's command name.
pub const DESK_VERBS: &[&str] = &[
    "app_state",
    "add_account",
    "remove_account",
    "refresh",
    "open_conversation",
    "find_conversation",
    "close_view",
    "send",
    "outbox_retry",
    "outbox_retry_all",
    "outbox_discard",
    "outbox_discard_account",
    "outbox_edit",
    "act",
    "directory",
    "set_directory_name",
    "create_conversation",
    "set_settings",
    "webhooks",
    "set_webhook",
    "set_webhook_listen",
    "test_webhook",
];

/// Verbs the window itself calls (not the page): the servers' URLs, which its
/// image proxy treats as the operator's own; a `deskbell://` link it was given.
pub const WINDOW_VERBS: &[&str] = &["server_urls", "open_link"];

/// Turns the system's login items on or off (the front end's to do).
pub type StartAtLogin<'a> = dyn Fn(bool) -> Result<(), String> + Send + Sync + 'a;

impl Desk {
    /// Runs the verb named `verb` with `args` (an object of arguments by name,
    /// snake_case) and answers what the page would get from the command.
    pub async fn dispatch(
        self: &Arc<Self>,
        verb: &str,
        args: Value,
        start_at_login: &StartAtLogin<'_>,
    ) -> CmdResult<Value> {
        let a = Args(args);
        match verb {
            "app_state" => out(self.app_state().await),
            "add_account" => out(self
                .add_account(
                    a.get("account")?,
                    a.get("token")?,
                    a.get("widget_token")?,
                    a.get("discard_pending")?,
                )
                .await),
            "remove_account" => out(self
                .remove_account(a.get("id")?, a.get("discard_pending")?)
                .await),
            "refresh" => {
                self.refresh(a.get::<Option<String>>("account")?.as_deref());
                out(Ok(()))
            }
            "open_conversation" => out(self.open_conversation(a.get("key")?).await),
            "find_conversation" => out(self
                .find_conversation(a.get("account")?, a.get("conversation")?)
                .await),
            "close_view" => out(self.close_view(a.get("key")?).await),
            "send" => out(self.send(a.get("key")?, a.get("payload")?).await),
            "outbox_retry" => out(self.outbox_retry(a.get("id")?).await),
            "outbox_retry_all" => out(self.outbox_retry_all(a.get("account")?).await),
            "outbox_discard" => out(self.outbox_discard(a.get("id")?).await),
            "outbox_discard_account" => out(self.outbox_discard_account(a.get("account")?).await),
            "outbox_edit" => out(self.outbox_edit(a.get("id")?, a.get("text")?).await),
            "act" => out(self.act(a.get("key")?, a.get("action")?).await),
            "directory" => out(self.directory(a.get("account")?).await),
            "set_directory_name" => out(self
                .set_directory_name(
                    a.get("account")?,
                    a.get("kind")?,
                    a.get("id")?,
                    a.get("name")?,
                )
                .await),
            "create_conversation" => out(self
                .create_conversation(a.get("account")?, a.get("conversation")?)
                .await),
            "set_settings" => out(self.set_settings(a.get("settings")?, start_at_login)),
            "webhooks" => out(self.webhooks().await),
            "set_webhook" => out(self.set_webhook(a.get("account")?, a.get("enabled")?).await),
            "set_webhook_listen" => out(self
                .set_webhook_listen(a.get("listen")?, a.get("allow_remote")?)
                .await),
            "test_webhook" => out(self.test_webhook(a.get("account")?).await),
            "server_urls" => out(Ok(self.server_urls())),
            "open_link" => out(self.open_link(&a.get::<String>("link")?)),
            _ => Err(CmdError::not_found(format!("no verb \"{verb}\""))),
        }
    }
}

struct Args(Value);

impl Args {
    /// The argument `name`; a missing one is `null` (so optional ones may be left out).
    fn get<T: DeserializeOwned>(&self, name: &str) -> CmdResult<T> {
        let value = self.0.get(name).cloned().unwrap_or(Value::Null);
        serde_json::from_value(value)
            .map_err(|e| CmdError::invalid(format!("argument \"{name}\": {e}")))
    }
}

fn out<T: Serialize>(result: CmdResult<T>) -> CmdResult<Value> {
    result
        .and_then(|v| serde_json::to_value(v).map_err(|e| CmdError::new("internal", e.to_string())))
}
