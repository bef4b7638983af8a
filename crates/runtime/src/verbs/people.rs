use crate::error::{CmdError, CmdResult};
use crate::events::DeskEvent;
use crate::lock;
use crate::people;
use crate::Desk;
use deskbell_desk::roster::Kind;
use deskbell_desk::{Directory, Named};
use std::collections::BTreeMap;
use std::sync::Arc;

fn merge(list: &mut Vec<Named>, seen: BTreeMap<String, String>) {
    for (id, name) in seen {
        match list.iter_mut().find(|n| n.id == id) {
            Some(known) if known.name.is_empty() => known.name = name,
            Some(_) => {}
            None => list.push(Named::new(id, name)),
        }
    }
}

impl Desk {
    /// Who can be assigned. Blinger lists nobody: its operators, groups and Widget API
    /// agents are those the account's answers named, with the names the operator gave
    /// them in Settings (see `people.rs`). Chatwoot lists its agents and teams; the
    /// ids its conversations name are added.
    pub async fn directory(self: &Arc<Self>, account: String) -> CmdResult<Directory> {
        let (provider, kind) = lock(&self.accounts)
            .get(&account)
            .map(|r| (r.provider.clone(), r.account.kind.clone()))
            .ok_or_else(|| CmdError::not_found(format!("no account \"{account}\"")))?;
        if let Some(dir) = people::blinger_directory(self, &account, &kind) {
            return Ok(dir);
        }
        let mut dir = provider.directory().await?;
        let (mut operators, mut groups) = (BTreeMap::new(), BTreeMap::new());
        for item in lock(&self.inbox).snapshot().items {
            if item.key.account.as_str() != account {
                continue;
            }
            if let Some(p) = item.assignee {
                let name = operators.entry(p.id).or_insert_with(String::new);
                if name.is_empty() {
                    *name = p.name;
                }
            }
            if let Some(g) = item.group {
                let name = groups.entry(g.id).or_insert_with(String::new);
                if name.is_empty() {
                    *name = g.name;
                }
            }
        }
        let (people, teams) = if dir.agents.is_empty() && dir.teams.is_empty() {
            (&mut dir.operators, &mut dir.groups)
        } else {
            (&mut dir.agents, &mut dir.teams)
        };
        merge(people, operators);
        merge(teams, groups);
        Ok(dir)
    }

    /// Gives one of a Blinger account's operators (`kind: "operator"`) or groups
    /// (`"group"`) a name, kept in the settings under the account; an empty name
    /// removes it. Returns the account's directory as the pickers now show it.
    pub async fn set_directory_name(
        self: &Arc<Self>,
        account: String,
        kind: String,
        id: String,
        name: String,
    ) -> CmdResult<Directory> {
        let kind = match Kind::parse(&kind) {
            Some(kind @ (Kind::Operator | Kind::Group)) => kind,
            _ => {
                return Err(CmdError::invalid(
                    "only operators and groups are named here",
                ))
            }
        };
        people::set_name(self, &account, kind, &id, &name)?;
        self.emit(DeskEvent::SettingsChanged {
            settings: lock(&self.settings).clone(),
        });
        self.directory(account).await
    }
}
