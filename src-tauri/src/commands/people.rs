use super::DeskState;
use crate::error::{CmdError, CmdResult};
use crate::events::DeskEvent;
use crate::people;
use crate::runtime::lock;
use deskbell_desk::roster::Kind;
use deskbell_desk::{Directory, Named};
use std::collections::BTreeMap;

/// Who can be assigned. Blinger lists nobody: its operators, groups and Widget API
/// agents are those the account's answers named, with the names the operator gave
/// them in Settings (see `people.rs`). Chatwoot lists its agents and teams; the
/// ids its conversations name are added.
#[tauri::command]
pub async fn directory(desk: DeskState<'_>, account: String) -> CmdResult<Directory> {
    let (provider, kind) = lock(&desk.accounts)
        .get(&account)
        .map(|r| (r.provider.clone(), r.account.kind.clone()))
        .ok_or_else(|| CmdError::not_found(format!("no account \"{account}\"")))?;
    if let Some(dir) = people::blinger_directory(&desk, &account, &kind) {
        return Ok(dir);
    }
    let mut dir = provider.directory().await?;
    let (mut operators, mut groups) = (BTreeMap::new(), BTreeMap::new());
    for item in lock(&desk.inbox).snapshot().items {
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

fn merge(list: &mut Vec<Named>, seen: BTreeMap<String, String>) {
    for (id, name) in seen {
        match list.iter_mut().find(|n| n.id == id) {
            Some(known) if known.name.is_empty() => known.name = name,
            Some(_) => {}
            None => list.push(Named::new(id, name)),
        }
    }
}

/// Gives one of a Blinger account's operators (`kind: "operator"`) or groups
/// (`"group"`) a name, kept in the settings under the account; an empty name
/// removes it. Returns the account's directory as the pickers now show it.
#[tauri::command]
pub async fn set_directory_name(
    desk: DeskState<'_>,
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
    people::set_name(&desk, &account, kind, &id, &name)?;
    desk.emit(DeskEvent::SettingsChanged {
        settings: lock(&desk.settings).clone(),
    });
    directory(desk, account).await
}
