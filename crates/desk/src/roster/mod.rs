//! Who works on each account: the operators, groups and Widget API agents the desk
//! has seen in the server's answers, for the assignment pickers.
//!
//! Blinger lists none of them: an operator or a group is only ever a number in a
//! conversation, and an email now and then. So the desk keeps what it sees
//! ([`AccountRoster`], learned by the provider from every answer and webhook, kept in
//! the cache folder by [`file`]) and the operator gives them names ([`Names`], kept
//! in the settings with the account). [`listing`] joins both for the window.
//!
//! Everything here comes from a server or a webhook, which anyone who knows the
//! receiver's URL may post: ids are checked, texts are cut to one short line, and
//! an account keeps at most [`MAX_ENTRIES`] of each kind (the longest unseen go).

pub mod file;

use crate::provider::Named;
use crate::text::one_line;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

/// Entries of one kind an account keeps.
pub const MAX_ENTRIES: usize = 500;
/// The longest id taken (Blinger ids are numbers, Widget API ids UUIDs).
pub const MAX_ID_CHARS: usize = 64;
/// The longest name or email kept.
pub const MAX_TEXT_CHARS: usize = 120;
/// A sighting moves an entry's time only when it is older than this: a poll every
/// few seconds must not make the file change every time.
const REFRESH_SECS: i64 = 86_400;

/// Operators, groups or (Blinger Widget API) agents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Operator,
    Group,
    Agent,
}

impl Kind {
    /// `operator`, `group` or `agent`, as the window names them.
    pub fn parse(word: &str) -> Option<Kind> {
        match word {
            "operator" => Some(Kind::Operator),
            "group" => Some(Kind::Group),
            "agent" => Some(Kind::Agent),
            _ => None,
        }
    }
}

/// What the server said about one operator, group or agent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Seen {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The server's own name for it (webhooks, Widget API answers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Unix seconds it was last seen (to the day): the oldest go first when full.
    pub seen_at: i64,
}

/// What one account's answers have shown, by id.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AccountRoster {
    pub operators: BTreeMap<String, Seen>,
    pub groups: BTreeMap<String, Seen>,
    pub agents: BTreeMap<String, Seen>,
    /// Something worth saving changed since the last save.
    #[serde(skip)]
    changed: bool,
}

/// Equal when they hold the same people, saved or not.
impl PartialEq for AccountRoster {
    fn eq(&self, other: &Self) -> bool {
        (&self.operators, &self.groups, &self.agents)
            == (&other.operators, &other.groups, &other.agents)
    }
}

impl Eq for AccountRoster {}

impl AccountRoster {
    pub fn of(&self, kind: Kind) -> &BTreeMap<String, Seen> {
        match kind {
            Kind::Operator => &self.operators,
            Kind::Group => &self.groups,
            Kind::Agent => &self.agents,
        }
    }

    fn of_mut(&mut self, kind: Kind) -> &mut BTreeMap<String, Seen> {
        match kind {
            Kind::Operator => &mut self.operators,
            Kind::Group => &mut self.groups,
            Kind::Agent => &mut self.agents,
        }
    }

    /// Notes that the server named `id` (with an email or a name when it gave one).
    /// Ids that cannot be one are ignored; a known email or name is never erased
    /// by an answer that leaves it out.
    pub fn see(&mut self, kind: Kind, id: &str, email: Option<&str>, name: Option<&str>, now: i64) {
        let Some(id) = clean_id(id) else { return };
        let email = email.and_then(clean_text);
        let name = name.and_then(clean_text);
        let entries = self.of_mut(kind);
        let mut changed = false;
        let entry = entries.entry(id.clone()).or_insert_with(|| {
            changed = true;
            Seen {
                seen_at: now,
                ..Seen::default()
            }
        });
        if email.is_some() && entry.email != email {
            entry.email = email;
            changed = true;
        }
        if name.is_some() && entry.name != name {
            entry.name = name;
            changed = true;
        }
        if now - entry.seen_at > REFRESH_SECS {
            entry.seen_at = now;
            changed = true;
        }
        if entries.len() > MAX_ENTRIES {
            let oldest = entries
                .iter()
                .filter(|(other, _)| **other != id)
                .min_by_key(|(_, seen)| seen.seen_at)
                .map(|(other, _)| other.clone());
            if let Some(oldest) = oldest {
                entries.remove(&oldest);
            }
        }
        self.changed |= changed;
    }

    /// An operator by a Blinger id (numbers; 0 and below name nobody).
    pub fn see_operator(&mut self, id: i64, email: Option<&str>, name: Option<&str>, now: i64) {
        if id > 0 {
            self.see(Kind::Operator, &id.to_string(), email, name, now);
        }
    }

    pub fn see_group(&mut self, id: i64, now: i64) {
        if id > 0 {
            self.see(Kind::Group, &id.to_string(), None, None, now);
        }
    }
}

/// Ids are words: digits, letters, `-` and `_` (numbers and UUIDs), 64 at most.
pub fn clean_id(id: &str) -> Option<String> {
    let id = id.trim();
    let ok = !id.is_empty()
        && id.chars().count() <= MAX_ID_CHARS
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    ok.then(|| id.to_owned())
}

/// A name or an email as one short line; `None` when nothing is left.
fn clean_text(text: &str) -> Option<String> {
    let line = one_line(text, MAX_TEXT_CHARS);
    (!line.is_empty()).then_some(line)
}

/// Every account's roster, by account id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roster {
    accounts: BTreeMap<String, AccountRoster>,
    /// An account was forgotten since the last save.
    removed: bool,
}

impl Roster {
    pub fn account(&self, account: &str) -> Option<&AccountRoster> {
        self.accounts.get(account)
    }

    pub fn account_mut(&mut self, account: &str) -> &mut AccountRoster {
        self.accounts.entry(account.to_owned()).or_default()
    }

    pub fn accounts(&self) -> &BTreeMap<String, AccountRoster> {
        &self.accounts
    }

    /// A removed account's people go with it.
    pub fn forget(&mut self, account: &str) {
        self.removed |= self.accounts.remove(account).is_some();
    }

    /// Keeps only the accounts in `known` (those of a file written before others were removed).
    pub fn retain(&mut self, known: &[&str]) {
        let before = self.accounts.len();
        self.accounts.retain(|id, _| known.contains(&id.as_str()));
        self.removed |= self.accounts.len() != before;
    }

    /// Whether anything worth saving changed since the last call.
    pub fn take_changed(&mut self) -> bool {
        let mut changed = std::mem::take(&mut self.removed);
        for a in self.accounts.values_mut() {
            changed |= std::mem::take(&mut a.changed);
        }
        changed
    }
}

/// The roster the providers learn into and the app reads and saves.
pub type SharedRoster = Arc<Mutex<Roster>>;

/// One account's way into the shared roster, for its provider.
#[derive(Clone)]
pub struct Learner {
    roster: SharedRoster,
    account: String,
}

impl Learner {
    pub fn new(roster: SharedRoster, account: impl Into<String>) -> Self {
        Learner {
            roster,
            account: account.into(),
        }
    }

    /// Runs `learn` on this account's roster with the time now (unix seconds).
    pub fn learn(&self, learn: impl FnOnce(&mut AccountRoster, i64)) {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        learn(lock(&self.roster).account_mut(&self.account), now);
    }
}

pub fn lock(roster: &SharedRoster) -> MutexGuard<'_, Roster> {
    roster.lock().unwrap_or_else(|p| p.into_inner())
}

/// The operator's own names for an account's operators and groups, by id. Kept in
/// the settings with the account: they are the operator's words, not a cache.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct Names {
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub operators: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub groups: BTreeMap<String, String>,
}

impl Names {
    pub fn is_empty(&self) -> bool {
        self.operators.is_empty() && self.groups.is_empty()
    }

    pub fn of(&self, kind: Kind) -> Option<&BTreeMap<String, String>> {
        match kind {
            Kind::Operator => Some(&self.operators),
            Kind::Group => Some(&self.groups),
            Kind::Agent => None,
        }
    }

    /// Names `id` (an empty name removes it). Refused, with the reason: agents
    /// (the Widget API names them), ids that cannot be one, names over 64
    /// characters or with control characters.
    pub fn set(&mut self, kind: Kind, id: &str, name: &str) -> Result<(), String> {
        let map = match kind {
            Kind::Operator => &mut self.operators,
            Kind::Group => &mut self.groups,
            Kind::Agent => return Err("agents are named by the Widget API".into()),
        };
        let id = clean_id(id).ok_or_else(|| format!("{id:?} is not an id"))?;
        let name = name.trim();
        if name.chars().count() > 64 || name.chars().any(char::is_control) {
            return Err("a name is at most 64 characters, on one line".into());
        }
        if name.is_empty() {
            map.remove(&id);
        } else {
            map.insert(id, name.to_owned());
        }
        Ok(())
    }
}

/// One kind of an account's people for the window: everyone seen, named or
/// `extra` (the account's own operator and groups), with the operator's name for
/// them first, else the server's. Named ones come first, by name; then the others
/// by id (numbers in their order).
pub fn listing(
    kind: Kind,
    seen: Option<&AccountRoster>,
    names: &Names,
    extra: &[String],
) -> Vec<Named> {
    let (none_seen, none_named) = (BTreeMap::new(), BTreeMap::new());
    let seen = seen.map_or(&none_seen, |r| r.of(kind));
    let own = names.of(kind).unwrap_or(&none_named);
    // Files can be edited by hand: an id that cannot be one is not offered.
    let ids: std::collections::BTreeSet<&String> = seen
        .keys()
        .chain(own.keys())
        .chain(extra)
        .filter(|id| clean_id(id).as_deref() == Some(id.as_str()))
        .collect();
    let mut list: Vec<Named> = ids
        .into_iter()
        .map(|id| {
            let server = seen.get(id);
            let custom = own.get(id);
            Named {
                id: id.clone(),
                name: custom
                    .or_else(|| server.and_then(|s| s.name.as_ref()))
                    .cloned()
                    .unwrap_or_default(),
                email: server.and_then(|s| s.email.clone()),
                custom: custom.is_some(),
            }
        })
        .collect();
    list.sort_by_cached_key(|n| {
        let number = n.id.parse::<u64>().unwrap_or(u64::MAX);
        (
            n.name.is_empty(),
            n.name.to_lowercase(),
            number,
            n.id.clone(),
        )
    });
    list
}

#[cfg(test)]
mod tests;
