//! Events from the receiver → the inbox at once. Blinger does not say in a body
//! which account it is about; the URL does: each Blinger account has its own
//! secret path, whose route is tagged with the account's id. An event is applied
//! to that account only, raises its notification now, and asks that account's
//! poller for a resync (the poll stays the safety net and has the final word).

use super::probe::{self, Arrival};
use crate::desk::{lock, now_ms, Desk};
use crate::settings::AccountKind;
use deskbell_desk::providers::blinger::{apply_webhook, learn};
use deskbell_desk::{AccountId, Change, Inbox, Origin};
use deskbell_webhooks::Webhook;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;

/// What became of one event.
// One per event, handled at once: boxing the row would only make matching clumsier.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, PartialEq)]
pub enum Routed {
    /// Its route's account is not a running Blinger account (removed meanwhile,
    /// or not started): dropped.
    NoAccount,
    /// Applied to the route's account: the row it changed, if any.
    Applied(Option<Change>),
}

/// Applies `hook` to the account its route is tagged with, and to no other.
/// `operator_of(id)`: `Some(the desk's operator there)` for a running Blinger account.
pub fn route(
    inbox: &Mutex<Inbox>,
    operator_of: impl Fn(&str) -> Option<Option<i64>>,
    hook: &Webhook<String>,
    now_secs: i64,
) -> Routed {
    let Some(me) = operator_of(&hook.tag) else {
        return Routed::NoAccount;
    };
    let mut inbox = lock(inbox);
    Routed::Applied(apply_webhook(
        &mut inbox,
        &hook.tag,
        me,
        &hook.event,
        now_secs,
    ))
}

pub async fn run(desk: Arc<Desk>, mut rx: mpsc::Receiver<Webhook<String>>) {
    while let Some(hook) = rx.recv().await {
        deliver(&desk, &hook);
    }
}

fn deliver(desk: &Arc<Desk>, hook: &Webhook<String>) {
    let account = hook.tag.as_str();
    let routed = route(
        &desk.inbox,
        |id| operator_of(desk, id),
        hook,
        now_ms() / 1000,
    );
    if let Some(nonce) = probe::nonce_of(&hook.event) {
        let applied = routed != Routed::NoAccount;
        let arrival = Arrival {
            account: account.to_owned(),
            applied,
        };
        desk.hooks.probes.arrived(&nonce, arrival);
        return; // a test: nothing to resync, no one to learn
    }
    if routed != Routed::NoAccount {
        // Events name operators with their names (lists give emails only).
        let mut roster = deskbell_desk::roster::lock(&desk.roster);
        learn::webhook(roster.account_mut(account), &hook.event, now_ms() / 1000);
    }
    match routed {
        Routed::NoAccount => log::warn!("a webhook for an account that is not running was dropped"),
        Routed::Applied(None) => desk.resync(Some(account)),
        Routed::Applied(Some(change)) => {
            announce(desk, account, change);
            desk.resync(Some(account));
        }
    }
}

/// The operator the desk acts as, for a running Blinger account.
fn operator_of(desk: &Desk, id: &str) -> Option<Option<i64>> {
    match &lock(&desk.accounts).get(id)?.account.kind {
        AccountKind::Blinger { operator_id, .. } => Some(*operator_id),
        AccountKind::Chatwoot { .. } => None,
    }
}

fn announce(desk: &Arc<Desk>, account: &str, change: Change) {
    let id = AccountId::new(account);
    let key = change.key().clone();
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
