//! Everything the window hears from Rust: one enum, one event name.

use crate::desk::Connection;
use crate::settings::{Account, AccountKind, Settings};
use deskbell_desk::outbox::QueueSummary;
use deskbell_desk::{Change, ConvKey, ThreadMessage};
use serde::Serialize;
use uuid::Uuid;

/// The name the page listens on: every [`DeskEvent`] goes out under it.
pub const EVENT: &str = "desk://event";

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DeskEvent {
    InboxChanged {
        changes: Vec<Change>,
        unread_total: u32,
    },
    AccountStatus {
        account: AccountView,
    },
    ThreadChanged {
        key: ConvKey,
        messages: Vec<ThreadMessage>,
    },
    /// A reply's echo changed state (its `delivery` says how).
    OutboxChanged {
        key: ConvKey,
        message: ThreadMessage,
    },
    /// A reply left the outbox unsent (discarded, or replaced by its edit).
    OutboxRemoved {
        key: ConvKey,
        id: Uuid,
    },
    /// Unsent replies per account, for the banner.
    OutboxSummary {
        queues: Vec<QueueSummary>,
    },
    OpenConversation {
        key: ConvKey,
    },
    SettingsChanged {
        settings: Settings,
    },
    Connectivity {
        online: bool,
    },
    /// Events were missed (the agent restarted, or the window fell behind):
    /// the page reads `app_state` again. Sent by the window, not the desk.
    Resync,
}

/// An account as the page sees it: everything but the tokens.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AccountView {
    /// Stable id: what `ConvKey.account` holds.
    pub id: String,
    pub name: String,
    #[cfg_attr(feature = "schema", schemars(extend("enum" = ["blinger", "chatwoot"])))]
    pub provider: &'static str,
    pub api_url: String,
    pub operator_id: Option<i64>,
    pub group_ids: Vec<i64>,
    pub widget: bool,
    /// Tokens go over plain http to another host: the operator chose it.
    pub insecure: bool,
    pub account_id: Option<i64>,
    pub inbox_id: Option<i64>,
    pub demo: bool,
    pub status: Connection,
    pub error: Option<String>,
    pub unread: usize,
}

impl AccountView {
    pub fn of(
        a: &Account,
        demo: bool,
        status: &Connection,
        error: Option<String>,
        unread: usize,
    ) -> Self {
        let mut view = AccountView {
            id: a.id.clone(),
            name: a.name.clone(),
            provider: a.provider(),
            api_url: String::new(),
            operator_id: None,
            group_ids: Vec::new(),
            widget: a.has_widget(),
            insecure: a.insecure,
            account_id: None,
            inbox_id: None,
            demo,
            status: status.clone(),
            error,
            unread,
        };
        match &a.kind {
            AccountKind::Blinger {
                api_url,
                operator_id,
                group_ids,
                ..
            } => {
                view.api_url = api_url.clone();
                view.operator_id = *operator_id;
                view.group_ids = group_ids.clone();
            }
            AccountKind::Chatwoot {
                api_url,
                account_id,
                inbox_id,
            } => {
                view.api_url = api_url.clone();
                view.account_id = Some(*account_id);
                view.inbox_id = *inbox_id;
            }
        }
        view
    }
}
