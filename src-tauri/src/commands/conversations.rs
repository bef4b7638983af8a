use super::{read_thread, DeskState};
use crate::error::{CmdError, CmdResult};
use crate::events::AccountView;
use crate::runtime::lock;
use crate::settings::Settings;
use deskbell_desk::{Action, ConvKey, Customer, InboxItem, NewConversationSpec, ThreadMessage};
use serde::Serialize;

#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct AppState {
    accounts: Vec<AccountView>,
    items: Vec<InboxItem>,
    settings: Settings,
    demo: bool,
    /// A conversation to open at once (the window was opened by a notification click).
    open_key: Option<ConvKey>,
    /// Unsent replies per account (the banner).
    outbox: Vec<deskbell_desk::outbox::QueueSummary>,
    /// State files that could not be used at start-up (set aside; see startup.rs).
    notices: Vec<deskbell_desk::state_file::Notice>,
}

#[tauri::command]
pub async fn app_state(desk: DeskState<'_>) -> CmdResult<AppState> {
    // One lock at a time: a guard held to the end of a struct literal would
    // deadlock against a helper that takes the same lock.
    let accounts = desk.account_views();
    let items = lock(&desk.inbox).snapshot().items;
    let settings = lock(&desk.settings).clone();
    let demo = lock(&desk.demo).is_some();
    let open_key = lock(&desk.pending_open).take();
    let outbox = desk.outbox_summary();
    let notices = lock(&desk.notices).clone();
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

#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Details {
    pub(crate) customer: Customer,
    pub(crate) channel: String,
    pub(crate) status: Option<String>,
    pub(crate) operator: Option<deskbell_desk::Person>,
    pub(crate) group: Option<deskbell_desk::Group>,
}

#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct OpenedConversation {
    pub(crate) item: Option<InboxItem>,
    pub(crate) messages: Vec<ThreadMessage>,
    pub(crate) details: Option<Details>,
}

#[tauri::command]
pub async fn open_conversation(desk: DeskState<'_>, key: ConvKey) -> CmdResult<OpenedConversation> {
    let provider = desk
        .provider(key.account.as_str())
        .ok_or_else(|| CmdError::not_found(format!("no account \"{}\"", key.account.as_str())))?;
    let thread = read_thread(&desk, &*provider, &key).await?;
    lock(&desk.open).insert(key.clone());
    lock(&desk.inbox).pin(&key);
    let item = lock(&desk.inbox).get(&key).cloned();
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
#[tauri::command]
pub async fn find_conversation(
    desk: DeskState<'_>,
    account: String,
    conversation: String,
) -> CmdResult<OpenedConversation> {
    let conversation = conversation.trim().to_string();
    if conversation.is_empty() {
        return Err(CmdError::invalid("enter a conversation id"));
    }
    open_conversation(desk, ConvKey::new(account, conversation)).await
}

#[tauri::command]
pub async fn close_view(desk: DeskState<'_>, key: ConvKey) -> CmdResult<()> {
    lock(&desk.open).remove(&key);
    let change = lock(&desk.inbox).unpin(&key);
    desk.emit_changes(change.into_iter().collect());
    Ok(())
}

/// Actions are not queued: they run now, and on an answer we cannot trust the
/// lists are re-read so the window shows the server's true state.
/// Widget actions carry their own `widget_conversation` (a Widget API UUID, not
/// the Blinger conversation id the row is keyed by).
#[tauri::command]
pub async fn act(
    desk: DeskState<'_>,
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
    let provider = desk
        .provider(key.account.as_str())
        .ok_or_else(|| CmdError::not_found(format!("no account \"{}\"", key.account.as_str())))?;
    let result = provider.act(&target, &action).await;
    desk.resync(Some(key.account.as_str()));
    let item = result?;
    if matches!(action, Action::WidgetAssignAgent { .. }) {
        // An agent id the server took is offered next time, even after a quit.
        crate::people::save_if_changed(&desk);
    }
    if let Some(item) = &item {
        let change = lock(&desk.inbox).apply_item(item.clone());
        desk.emit_changes(change.into_iter().collect());
    }
    if lock(&desk.open).contains(&key) {
        desk.refresh_thread(key);
    }
    Ok(item)
}

#[tauri::command]
pub async fn create_conversation(
    desk: DeskState<'_>,
    account: String,
    conversation: NewConversationSpec,
) -> CmdResult<InboxItem> {
    let provider = desk
        .provider(&account)
        .ok_or_else(|| CmdError::not_found(format!("no account \"{account}\"")))?;
    let item = provider.create_conversation(&conversation).await?;
    let change = lock(&desk.inbox).apply_item(item.clone());
    desk.emit_changes(change.into_iter().collect());
    desk.resync(Some(&account));
    Ok(item)
}
