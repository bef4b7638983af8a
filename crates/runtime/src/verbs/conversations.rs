use crate::error::{CmdError, CmdResult};
use crate::events::AccountView;
use crate::lock;
use crate::settings::Settings;
use crate::threads::read_thread;
use crate::Desk;
use deskbell_desk::{Action, ConvKey, Customer, InboxItem, NewConversationSpec, ThreadMessage};
use serde::Serialize;
use std::sync::Arc;

#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AppState {
    pub accounts: Vec<AccountView>,
    pub items: Vec<InboxItem>,
    pub settings: Settings,
    pub demo: bool,
    /// A conversation to open at once (the window was opened by a notification click).
    pub open_key: Option<ConvKey>,
    /// Unsent replies per account (the banner).
    pub outbox: Vec<deskbell_desk::outbox::QueueSummary>,
    /// State files that could not be used at start-up (set aside; see startup.rs).
    pub notices: Vec<deskbell_desk::state_file::Notice>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Details {
    pub customer: Customer,
    pub channel: String,
    pub status: Option<String>,
    pub operator: Option<deskbell_desk::Person>,
    pub group: Option<deskbell_desk::Group>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OpenedConversation {
    pub item: Option<InboxItem>,
    pub messages: Vec<ThreadMessage>,
    pub details: Option<Details>,
}

impl Desk {
    pub async fn app_state(self: &Arc<Self>) -> CmdResult<AppState> {
        // One lock at a time: a guard held to the end of a struct literal would
        // deadlock against a helper that takes the same lock.
        let accounts = self.account_views();
        let items = lock(&self.inbox).snapshot().items;
        let settings = lock(&self.settings).clone();
        let demo = lock(&self.demo).is_some();
        let open_key = lock(&self.pending_open).take();
        let outbox = self.outbox_summary();
        let notices = lock(&self.notices).clone();
        Ok(AppState {
            accounts,
            items,
            settings,
            demo,
            open_key,
            outbox,
            notices,
        })
    }

    pub async fn open_conversation(
        self: &Arc<Self>,
        key: ConvKey,
    ) -> CmdResult<OpenedConversation> {
        let provider = self.provider(key.account.as_str()).ok_or_else(|| {
            CmdError::not_found(format!("no account \"{}\"", key.account.as_str()))
        })?;
        let thread = read_thread(self, &*provider, &key).await?;
        lock(&self.open).insert(key.clone());
        lock(&self.inbox).pin(&key);
        let item = lock(&self.inbox).get(&key).cloned();
        // A conversation found by id may be in no list: the thread still names the customer.
        let customer = thread.customer.or_else(|| {
            item.as_ref().map(|i| Customer {
                name: Some(i.customer_name.clone()),
                ..Customer::default()
            })
        });
        let details = customer.map(|customer| Details {
            customer,
            channel: item.as_ref().map(|i| i.channel.clone()).unwrap_or_default(),
            status: item.as_ref().map(|i| i.status.as_str().to_owned()),
            operator: item.as_ref().and_then(|i| i.assignee.clone()),
            group: item.as_ref().and_then(|i| i.group.clone()),
        });
        Ok(OpenedConversation {
            messages: thread.messages,
            item,
            details,
        })
    }

    /// Any conversation by id, listed or not.
    pub async fn find_conversation(
        self: &Arc<Self>,
        account: String,
        conversation: String,
    ) -> CmdResult<OpenedConversation> {
        let conversation = conversation.trim().to_string();
        if conversation.is_empty() {
            return Err(CmdError::invalid("enter a conversation id"));
        }
        self.open_conversation(ConvKey::new(account, conversation))
            .await
    }

    pub async fn close_view(self: &Arc<Self>, key: ConvKey) -> CmdResult<()> {
        lock(&self.open).remove(&key);
        let change = lock(&self.inbox).unpin(&key);
        self.emit_changes(change.into_iter().collect());
        Ok(())
    }

    /// Actions are not queued: they run now, and on an answer we cannot trust the
    /// lists are re-read so the window shows the server's true state.
    /// Widget actions carry their own `widget_conversation` (a Widget API UUID, not
    /// the Blinger conversation id the row is keyed by).
    pub async fn act(
        self: &Arc<Self>,
        key: ConvKey,
        action: serde_json::Value,
    ) -> CmdResult<Option<InboxItem>> {
        let target = match action.get("widget_conversation").and_then(|v| v.as_str()) {
            Some(widget) if !widget.trim().is_empty() => widget.trim().to_string(),
            Some(_) => return Err(CmdError::invalid("enter the widget conversation id")),
            None => key.conversation.clone(),
        };
        let action: Action = serde_json::from_value(action)
            .map_err(|e| CmdError::invalid(format!("unknown action: {e}")))?;
        let provider = self.provider(key.account.as_str()).ok_or_else(|| {
            CmdError::not_found(format!("no account \"{}\"", key.account.as_str()))
        })?;
        let result = provider.act(&target, &action).await;
        self.resync(Some(key.account.as_str()));
        let item = result?;
        if matches!(action, Action::WidgetAssignAgent { .. }) {
            // An agent id the server took is offered next time, even after a quit.
            crate::people::save_if_changed(self);
        }
        if let Some(item) = &item {
            let change = lock(&self.inbox).apply_item(item.clone());
            self.emit_changes(change.into_iter().collect());
        }
        if lock(&self.open).contains(&key) {
            self.refresh_thread(key);
        }
        Ok(item)
    }

    pub async fn create_conversation(
        self: &Arc<Self>,
        account: String,
        conversation: NewConversationSpec,
    ) -> CmdResult<InboxItem> {
        let provider = self
            .provider(&account)
            .ok_or_else(|| CmdError::not_found(format!("no account \"{account}\"")))?;
        let item = provider.create_conversation(&conversation).await?;
        let change = lock(&self.inbox).apply_item(item.clone());
        self.emit_changes(change.into_iter().collect());
        self.resync(Some(&account));
        Ok(item)
    }
}
