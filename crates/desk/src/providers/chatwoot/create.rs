//! Chatwoot's "create conversation" and the assignment directory (agents, teams).

use super::map;
use crate::model::{AccountId, InboxItem};
use crate::provider::{Directory, Named, NewConversationSpec};
use chatwoot::{ConversationStatus, NewConversation};
use deskbell_transport::{Error, Result};

fn id(value: &str, what: &str) -> Result<u64> {
    value
        .trim()
        .parse::<u64>()
        .map_err(|_| Error::InvalidInput(format!("{what} must be a number, got \"{value}\"")))
}

fn opt_id(value: &Option<String>, what: &str) -> Result<Option<u64>> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => id(v, what).map(Some),
    }
}

fn status(value: &str) -> Result<ConversationStatus> {
    Ok(match value {
        "open" => ConversationStatus::Open,
        "resolved" => ConversationStatus::Resolved,
        "pending" => ConversationStatus::Pending,
        "snoozed" => ConversationStatus::Snoozed,
        other => return Err(Error::InvalidInput(format!("unknown status \"{other}\""))),
    })
}

/// Builds the request from the form's fields, checking what can be checked locally.
pub fn new_conversation(spec: &NewConversationSpec) -> Result<NewConversation> {
    let mut new = NewConversation::new(id(&spec.inbox_id, "the inbox id")?);
    if let Some(source) = spec
        .source_id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        new = new.source_id(source);
    }
    if let Some(contact) = opt_id(&spec.contact_id, "the contact id")? {
        new = new.contact_id(contact);
    }
    if let Some(s) = spec.status.as_deref().filter(|s| !s.is_empty()) {
        new = new.status(status(s)?);
    }
    if let Some(agent) = opt_id(&spec.assignee_id, "the assignee id")? {
        new = new.assignee_id(agent);
    }
    if let Some(team) = opt_id(&spec.team_id, "the team id")? {
        new = new.team_id(team);
    }
    if !spec.custom_attributes.is_empty() {
        new = new.custom_attributes(spec.custom_attributes.clone());
    }
    if !spec.additional_attributes.is_empty() {
        new = new.additional_attributes(spec.additional_attributes.clone());
    }
    if let Some(text) = spec.message.as_deref().filter(|t| !t.trim().is_empty()) {
        new = new.message(text);
    }
    Ok(new)
}

pub async fn create(
    client: &chatwoot::Client,
    account: &AccountId,
    spec: &NewConversationSpec,
) -> Result<InboxItem> {
    let created = client.create_conversation(&new_conversation(spec)?).await?;
    Ok(map::item(account, &created))
}

pub async fn directory(client: &chatwoot::Client) -> Result<Directory> {
    let agents = client.agents().await?;
    let teams = client.teams().await?;
    let inboxes = client.inboxes().await?;
    Ok(Directory {
        inboxes: inboxes
            .into_iter()
            .map(|i| {
                let name = match (i.name, i.channel_type) {
                    (Some(name), Some(kind)) => {
                        format!("{name} ({})", kind.trim_start_matches("Channel::"))
                    }
                    (Some(name), None) => name,
                    (None, kind) => kind.unwrap_or_default(),
                };
                Named::new(i.id.to_string(), name)
            })
            .collect(),
        agents: agents
            .into_iter()
            .map(|a| {
                Named::new(
                    a.id.to_string(),
                    a.name.or(a.available_name).unwrap_or_default(),
                )
            })
            .collect(),
        teams: teams
            .into_iter()
            .map(|t| Named::new(t.id.to_string(), t.name.unwrap_or_default()))
            .collect(),
        ..Directory::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_becomes_the_documented_body() {
        let mut spec = NewConversationSpec {
            inbox_id: "3".into(),
            source_id: Some("+972501234567".into()),
            status: Some("pending".into()),
            assignee_id: Some("12".into()),
            message: Some("Hello from the desk".into()),
            ..Default::default()
        };
        spec.custom_attributes.insert("order".into(), "A-17".into());
        let body = serde_json::to_value(new_conversation(&spec).unwrap()).unwrap();
        assert_eq!(body["inbox_id"], 3);
        assert_eq!(body["source_id"], "+972501234567");
        assert_eq!(body["status"], "pending");
        assert_eq!(body["assignee_id"], 12);
        assert_eq!(body["custom_attributes"]["order"], "A-17");
        assert_eq!(body["message"]["content"], "Hello from the desk");
        assert!(body.get("team_id").is_none());
    }

    #[test]
    fn bad_fields_are_refused_before_sending() {
        let spec = NewConversationSpec {
            inbox_id: "main".into(),
            ..Default::default()
        };
        assert!(matches!(
            new_conversation(&spec),
            Err(Error::InvalidInput(_))
        ));
        let spec = NewConversationSpec {
            inbox_id: "1".into(),
            status: Some("archived".into()),
            ..Default::default()
        };
        assert!(matches!(
            new_conversation(&spec),
            Err(Error::InvalidInput(_))
        ));
    }
}
