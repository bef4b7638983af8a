//! Blinger webhooks → the inbox at once. A webhook names one conversation and
//! carries no counts, so it updates that row and raises its notification now,
//! then asks the account's poller for a full resync (which stays the safety net).

use crate::runtime::{lock, now_ms, Desk};
use crate::secrets;
use crate::settings::AccountKind;
use deskbell_desk::providers::blinger::webhook_item;
use deskbell_desk::{AccountId, ConvKey, Origin};
use deskbell_webhooks::{PathSecret, ReceiverConfig, Webhook};
use std::sync::Arc;
use tokio::sync::mpsc;

/// The receiver's path secret (it authenticates Blinger), among the app's own secrets.
const SECRET_NAME: &str = "webhook-receiver";

fn path_secret() -> Result<PathSecret, String> {
    // Once filed like an account's token, where an account of that name collided with it.
    secrets::move_to_internal(SECRET_NAME, SECRET_NAME)?;
    if let Some(saved) = secrets::load_internal(SECRET_NAME)? {
        if let Some(secret) = PathSecret::from_saved(saved.expose()) {
            return Ok(secret);
        }
    }
    let secret = PathSecret::generate();
    secrets::store_internal(SECRET_NAME, &secret.expose().into())?;
    Ok(secret)
}

/// Starts the receiver if enabled; returns its URL (to show in settings, never logged).
pub async fn start(desk: Arc<Desk>) -> Result<Option<String>, String> {
    let settings = lock(&desk.settings).webhook.clone();
    if !settings.enabled {
        return Ok(None);
    }
    let listen = settings.listen.parse().map_err(|_| {
        format!(
            "webhook listen address \"{}\" is not host:port",
            settings.listen
        )
    })?;
    let (tx, rx) = mpsc::channel(256);
    let config = ReceiverConfig {
        allow_remote: settings.allow_remote,
        ..ReceiverConfig::single(listen, path_secret()?, settings.max_body_bytes)
    };
    let receiver = deskbell_webhooks::start(config, tx)
        .await
        .map_err(|e| e.to_string())?;
    let url = receiver.url();
    log::info!("webhook receiver listening on {}", receiver.addr());
    tauri::async_runtime::spawn(pump(desk, rx, receiver));
    Ok(Some(url))
}

async fn pump(
    desk: Arc<Desk>,
    mut rx: mpsc::Receiver<Webhook>,
    _receiver: deskbell_webhooks::Receiver,
) {
    while let Some(Webhook { event, .. }) = rx.recv().await {
        // Blinger does not say which account a webhook is for: every Blinger
        // account gets it (a conversation id unknown to an account changes nothing
        // there but a resync).
        let accounts: Vec<(String, Option<i64>)> = lock(&desk.accounts)
            .values()
            .filter_map(|r| match &r.account.kind {
                AccountKind::Blinger { operator_id, .. } => {
                    Some((r.account.id.clone(), *operator_id))
                }
                AccountKind::Chatwoot { .. } => None,
            })
            .collect();
        for (id, me) in accounts {
            apply(&desk, &id, me, &event);
            desk.resync(Some(&id));
        }
    }
}

fn apply(desk: &Arc<Desk>, account: &str, me: Option<i64>, event: &blinger::WebhookEvent) {
    let id = AccountId::new(account);
    let Some(conversation) = event.conversation_id() else {
        return;
    };
    let key = ConvKey::new(account, conversation.to_string());
    let change = {
        let mut inbox = lock(&desk.inbox);
        let existing = inbox.get(&key).cloned();
        webhook_item(&id, existing.as_ref(), event, me, now_ms() / 1000)
            .and_then(|item| inbox.apply_item(item))
    };
    let Some(change) = change else { return };
    let notifications = lock(&desk.policy).decide(&id, std::slice::from_ref(&change), Origin::Push);
    for n in &notifications {
        desk.show_alert(n);
    }
    let open = lock(&desk.open).contains(&key);
    desk.emit_changes(vec![change]);
    if open {
        desk.refresh_thread(key);
    }
    desk.refresh_tray();
}
