//! Each account's people for the window: who the servers named (the roster the
//! providers learn into, saved in the cache folder) and the names the operator gave
//! them (in the settings, under the account; the demo's in memory only).

use crate::desk::{lock, Desk};
use crate::error::{CmdError, CmdResult};
use crate::settings::{cache_dir, AccountKind, Names};
use crate::startup::DIRECTORY;
use deskbell_desk::roster::{self, listing, Kind};
use deskbell_desk::Directory;
use std::sync::Arc;
use std::time::Duration;

/// How often learnt people are written (only when something new was learnt).
const SAVE_EVERY: Duration = Duration::from_secs(15);

/// Writes the roster if it learnt something since the last write. Losing the
/// last few seconds of it is harmless: the next answers say it again.
pub fn save_if_changed(desk: &Desk) {
    let changed = {
        let mut roster = roster::lock(&desk.roster);
        roster.take_changed().then(|| roster.clone())
    };
    if let Some(roster) = changed {
        let path = cache_dir().join(DIRECTORY);
        if let Err(e) = roster::file::save(&path, &roster) {
            log::warn!("the directory of people was not saved: {e}");
        }
    }
}

pub async fn save_periodically(desk: Arc<Desk>) {
    loop {
        tokio::time::sleep(SAVE_EVERY).await;
        save_if_changed(&desk);
    }
}

/// The names the operator gave account `id`'s people.
pub fn names_of(desk: &Desk, id: &str) -> Names {
    if let Some(a) = lock(&desk.settings).account(id) {
        return a.names.clone();
    }
    match lock(&desk.demo).as_ref() {
        Some(demo) if demo.account.id == id => demo.account.names.clone(),
        _ => Names::default(),
    }
}

/// Names (or, with an empty name, unnames) one of account `id`'s operators or
/// groups, and saves the settings. The demo's names last until the app restarts.
pub fn set_name(desk: &Desk, id: &str, kind: Kind, who: &str, name: &str) -> CmdResult<()> {
    let mut settings = lock(&desk.settings);
    if let Some(account) = settings.accounts.iter_mut().find(|a| a.id == id) {
        if !matches!(account.kind, AccountKind::Blinger { .. }) {
            return Err(CmdError::invalid(
                "Chatwoot names its agents and teams itself",
            ));
        }
        let before = account.names.clone();
        account
            .names
            .set(kind, who, name)
            .map_err(CmdError::invalid)?;
        if let Err(e) = settings.save() {
            // Not on disk: not taken either, so the window never shows a name a
            // restart would lose.
            if let Some(account) = settings.accounts.iter_mut().find(|a| a.id == id) {
                account.names = before;
            }
            return Err(CmdError::config(e));
        }
        return Ok(());
    }
    drop(settings);
    match lock(&desk.demo).as_mut() {
        Some(demo) if demo.account.id == id => demo
            .account
            .names
            .set(kind, who, name)
            .map_err(CmdError::invalid),
        _ => Err(CmdError::not_found(format!("no account \"{id}\""))),
    }
}

/// A Blinger account's operators, groups and Widget API agents: everyone its
/// answers named, everyone the operator named, its own operator and groups.
pub fn blinger_directory(desk: &Desk, id: &str, kind: &AccountKind) -> Option<Directory> {
    let AccountKind::Blinger {
        operator_id,
        group_ids,
        ..
    } = kind
    else {
        return None;
    };
    let names = names_of(desk, id);
    let roster = roster::lock(&desk.roster);
    let seen = roster.account(id);
    let me: Vec<String> = operator_id.iter().map(i64::to_string).collect();
    let groups: Vec<String> = group_ids.iter().map(i64::to_string).collect();
    Some(Directory {
        operators: listing(Kind::Operator, seen, &names, &me),
        groups: listing(Kind::Group, seen, &names, &groups),
        agents: listing(Kind::Agent, seen, &names, &[]),
        ..Directory::default()
    })
}
