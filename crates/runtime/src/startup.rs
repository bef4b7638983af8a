//! What the app reads from disk before it starts: settings (every account with its
//! stable id), the outbox, the inbox cache, the directory of people, drafts and
//! canned replies.
//!
//! Nothing read here can stop the app: with autostart on, a file that makes start-up
//! fail is a silent crash loop. A damaged file is moved aside (see
//! `deskbell_desk::state_file`), what it still holds is read back out of it, and a
//! notice tells the window what happened.

use crate::settings::{cache_dir, config_dir, Settings};
use deskbell_desk::outbox::{salvage, EntryState, Outbox, OutboxEntry};
use deskbell_desk::roster::{self, Roster};
use deskbell_desk::state_file::{self, Notice};
use deskbell_desk::{AccountId, Inbox, InboxSnapshot};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub struct Startup {
    pub settings: Settings,
    pub outbox: Outbox,
    pub inbox: Inbox,
    /// The operators, groups and agents each account's answers named.
    pub roster: Roster,
    pub notices: Vec<Notice>,
}

/// The kind of failure a reply read back out of a damaged outbox file carries: it
/// waits in its conversation, like a refused reply, for the operator to send or drop.
pub const RECOVERED: &str = "recovered";

pub const SETTINGS: &str = "settings.json";
pub const OUTBOX: &str = "outbox.json";
pub const INBOX_CACHE: &str = "inbox.json";
/// In the cache folder: what the servers said, relearnt if lost (the names the
/// operator gave are in the settings).
pub const DIRECTORY: &str = "directory.json";
pub const DRAFTS: &str = "drafts.json";
pub const CANNED: &str = "canned-replies.json";

/// The two folders the state files are in.
#[derive(Debug, Clone)]
pub struct Paths {
    pub config: PathBuf,
    pub cache: PathBuf,
}

impl Paths {
    /// The user's own (or those `DESKBELL_CONFIG_DIR` / `DESKBELL_CACHE_DIR` name).
    pub fn of_user() -> Self {
        Paths {
            config: config_dir(),
            cache: cache_dir(),
        }
    }
}

/// Reads everything from the user's folders, moving tokens in the OS keyring;
/// `extra_accounts` are ids that are valid without being in the settings (the demo).
pub fn load(now_secs: i64, extra_accounts: &[&str]) -> Startup {
    load_from(
        &Paths::of_user(),
        now_secs,
        extra_accounts,
        crate::secrets::move_to_id,
    )
}

/// [`load`] from `paths`; `move_tokens(name, id)` moves the tokens of an account
/// saved before ids existed from its name to its id.
pub fn load_from(
    paths: &Paths,
    now_secs: i64,
    extra_accounts: &[&str],
    mut move_tokens: impl FnMut(&str, &str) -> Result<(), String>,
) -> Startup {
    let mut notices = Vec::new();
    let settings_path = paths.config.join(SETTINGS);
    let (mut settings, notice) = load_settings(&settings_path, now_secs);
    let mut dirty = notice.is_some();
    notices.extend(notice);

    // Accounts saved before ids existed: their tokens, replies and drafts move to the id.
    let renamed = settings.assign_ids();
    for (name, id) in &renamed {
        if let Err(e) = move_tokens(name, id) {
            log::error!("account \"{name}\": its tokens stay under its name: {e}");
        }
    }
    dirty |= !renamed.is_empty();
    // One webhook switch for all accounts, from before they were per account.
    dirty |= settings.webhook.migrate_single_switch(&settings.accounts);

    let (mut outbox, mut salvaged, notice) = load_outbox(&paths.config.join(OUTBOX), now_secs);
    notices.extend(notice);
    for (name, id) in &renamed {
        let (from, to) = (AccountId::new(name.as_str()), AccountId::new(id.as_str()));
        if let Err(e) = outbox.rename_account(&from, &to) {
            log::error!("outbox: replies of \"{name}\" not moved to its id: {e}");
        }
        salvaged
            .iter_mut()
            .filter(|e| e.key.account == from)
            .for_each(|e| e.key.account = to.clone());
    }
    // Offered back, never dropped: each waits in its conversation with Retry, Edit and
    // Discard (an outcome that was unknown stays so: a retry asks the server first).
    for entry in &mut salvaged {
        entry.state = EntryState::Failed {
            kind: RECOVERED.into(),
            message: "recovered from a damaged outbox file: send it again or discard it".into(),
        };
    }
    if let Err(e) = outbox.restore(salvaged) {
        log::error!("outbox: recovered replies not kept: {e}");
    }
    // Saved after the queue moved: an interrupted migration runs again, to the same ids.
    if dirty {
        if let Err(e) = settings.save_to(&settings_path) {
            log::error!("{e}");
        }
    }

    let known: Vec<&str> = settings
        .accounts
        .iter()
        .map(|a| a.id.as_str())
        .chain(extra_accounts.iter().copied())
        .collect();
    let (inbox, notice) = load_inbox(&paths.cache.join(INBOX_CACHE), now_secs, &known);
    notices.extend(notice);
    let (mut roster, notice) = roster::file::load(&paths.cache.join(DIRECTORY), now_secs);
    roster.retain(&known);
    notices.extend(notice);
    notices.extend(migrate_drafts(
        &paths.config.join(DRAFTS),
        now_secs,
        &renamed,
    ));
    let (_, notice) = state_file::load_json::<Vec<serde_json::Value>>(
        &paths.config.join(CANNED),
        "canned replies",
        now_secs,
        state_file::json,
    );
    notices.extend(notice);

    Startup {
        settings,
        outbox,
        inbox,
        roster,
        notices,
    }
}

/// Settings, or those accounts a damaged file still holds (their tokens are in the
/// keyring under their ids, so they start as they were).
fn load_settings(path: &Path, now_secs: i64) -> (Settings, Option<Notice>) {
    let (mut settings, notice) =
        state_file::load_json::<Settings>(path, "settings", now_secs, decode_settings);
    let Some(mut notice) = notice else {
        return (settings, None);
    };
    if let Some(bytes) = notice.kept_as.as_deref().and_then(state_file::read_kept) {
        settings.accounts = state_file::salvage_array(&bytes, "accounts");
        notice.recovered = settings.accounts.len();
    }
    (settings, Some(notice))
}

/// Every settings file the app writes names its accounts, even none: one that does
/// not was hit where the name was, and would start quietly without any account.
fn decode_settings(bytes: &[u8]) -> Result<Settings, String> {
    let value: serde_json::Value = state_file::json(bytes)?;
    if value.get("accounts").is_none() {
        return Err("is damaged (no list of accounts)".into());
    }
    serde_json::from_value(value).map_err(|e| format!("is damaged ({e})"))
}

/// The outbox, or an empty one and the replies a damaged file still holds.
fn load_outbox(path: &Path, now_secs: i64) -> (Outbox, Vec<OutboxEntry>, Option<Notice>) {
    let problem = match Outbox::open(path) {
        Ok(outbox) => return (outbox, Vec::new(), None),
        Err(e) => e.to_string(),
    };
    let mut notice = state_file::set_aside(path, "outbox", problem, now_secs);
    let bytes = match &notice.kept_as {
        Some(kept) => state_file::read_kept(kept),
        None => state_file::read(path).ok().flatten(),
    };
    let salvaged = salvage(&bytes.unwrap_or_default());
    notice.recovered = salvaged.len();
    let outbox = Outbox::open(path).unwrap_or_else(|e| {
        // Still unusable (the move failed): keep the queue in a file of its own.
        log::error!("outbox: {e}; using a fresh file");
        let fresh = path.with_file_name(format!("outbox-{now_secs}.json"));
        Outbox::open(&fresh).expect("a new outbox file is empty")
    });
    (outbox, salvaged, Some(notice))
}

/// The cached inbox, without rows of accounts that are not configured.
fn load_inbox(path: &Path, now_secs: i64, known: &[&str]) -> (Inbox, Option<Notice>) {
    let (snapshot, notice) =
        state_file::load_json::<InboxSnapshot>(path, "inbox cache", now_secs, |bytes| {
            deskbell_desk::cache::decode(bytes)
                .map(|(snapshot, _saved)| snapshot)
                .ok_or_else(|| "is damaged or from another version".to_string())
        });
    let items = snapshot
        .items
        .into_iter()
        .filter(|i| known.contains(&i.key.account.as_str()))
        .collect();
    (Inbox::from_snapshot(InboxSnapshot { items }), notice)
}

/// Drafts are kept as `account/conversation`: those filed under an account's name
/// move to its id.
fn migrate_drafts(path: &Path, now_secs: i64, renamed: &[(String, String)]) -> Option<Notice> {
    let (drafts, notice) = state_file::load_json::<BTreeMap<String, String>>(
        path,
        "drafts",
        now_secs,
        state_file::json,
    );
    if renamed.is_empty() || drafts.is_empty() {
        return notice;
    }
    let moved: BTreeMap<String, String> = drafts
        .into_iter()
        .map(|(key, text)| {
            let key = renamed
                .iter()
                .find_map(|(name, id)| {
                    key.strip_prefix(&format!("{name}/"))
                        .map(|conv| format!("{id}/{conv}"))
                })
                .unwrap_or(key);
            (key, text)
        })
        .collect();
    match serde_json::to_vec_pretty(&moved) {
        Ok(bytes) => {
            if let Err(e) = deskbell_desk::fsutil::write_atomic(path, &bytes) {
                log::error!("drafts not moved to account ids: {e}");
            }
        }
        Err(e) => log::error!("drafts not moved to account ids: {e}"),
    }
    notice
}

#[cfg(test)]
#[path = "startup_tests/mod.rs"]
mod tests;
