//! Who is on either side of a conversation: contacts (customers), agents, teams,
//! inboxes, and the profile of the token's owner.

use super::de::{flag, lenient, list, object, opt_flag, text};
use super::{AccountId, AgentId, ContactId, InboxId, TeamId, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A customer, as found in `conversation.meta.sender` and in the messages list's `meta.contact`.
///
/// `id` is optional here (unlike agents and teams): a conversation whose sender lacks
/// an id still has a name worth showing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    #[serde(default, deserialize_with = "lenient")]
    pub id: Option<ContactId>,
    #[serde(default, deserialize_with = "text")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub phone_number: Option<String>,
    /// Avatar URL; Chatwoot sends `""` when there is none.
    #[serde(default, deserialize_with = "text")]
    pub thumbnail: Option<String>,
    /// The contact's id in an external system.
    #[serde(default, deserialize_with = "text")]
    pub identifier: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub availability_status: Option<String>,
    #[serde(default, deserialize_with = "opt_flag")]
    pub blocked: Option<bool>,
    #[serde(default, deserialize_with = "object")]
    pub additional_attributes: Map<String, Value>,
    #[serde(default, deserialize_with = "object")]
    pub custom_attributes: Map<String, Value>,
    #[serde(default, deserialize_with = "lenient")]
    pub last_activity_at: Option<Timestamp>,
    #[serde(default, deserialize_with = "lenient")]
    pub created_at: Option<Timestamp>,
}

impl Contact {
    /// The best thing to call this customer: the name, else email, phone or external id.
    pub fn display_name(&self) -> Option<&str> {
        [
            &self.name,
            &self.email,
            &self.phone_number,
            &self.identifier,
        ]
        .into_iter()
        .filter_map(|s| s.as_deref().map(str::trim))
        .find(|s| !s.is_empty())
    }
}

/// A user of the account (`GET agents`, `conversation.meta.assignee`, the answer to an assignment).
/// The spec gives the assignee as its `user` schema and the list as `agent`: this type reads both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agent {
    pub id: AgentId,
    #[serde(default, deserialize_with = "lenient")]
    pub account_id: Option<AccountId>,
    #[serde(default, deserialize_with = "text")]
    pub name: Option<String>,
    /// The name shown to customers (the display name if set, else the name).
    #[serde(default, deserialize_with = "text")]
    pub available_name: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub email: Option<String>,
    /// `agent` or `administrator`.
    #[serde(default, deserialize_with = "text")]
    pub role: Option<String>,
    /// `available`, `busy` or `offline`.
    #[serde(default, deserialize_with = "text")]
    pub availability_status: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub thumbnail: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub avatar_url: Option<String>,
    #[serde(default, deserialize_with = "opt_flag")]
    pub confirmed: Option<bool>,
}

impl Agent {
    /// The name to show for this agent: `available_name`, else `name`, else the email.
    pub fn display_name(&self) -> Option<&str> {
        [&self.available_name, &self.name, &self.email]
            .into_iter()
            .filter_map(|s| s.as_deref().map(str::trim))
            .find(|s| !s.is_empty())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Team {
    pub id: TeamId,
    #[serde(default, deserialize_with = "text")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "opt_flag")]
    pub allow_auto_assign: Option<bool>,
    /// Whether the token's owner belongs to this team.
    #[serde(default, deserialize_with = "flag")]
    pub is_member: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inbox {
    pub id: InboxId,
    #[serde(default, deserialize_with = "text")]
    pub name: Option<String>,
    /// `Channel::WebWidget`, `Channel::Api`, `Channel::Whatsapp`, `Channel::Email`…
    #[serde(default, deserialize_with = "text")]
    pub channel_type: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub avatar_url: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub phone_number: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub provider: Option<String>,
}

/// `GET /api/v1/profile`: the user the token belongs to, and their accounts.
///
/// The answer also carries the user's own `access_token` (and a `pubsub_token`):
/// they are deliberately not kept, so a profile can be logged or cached safely.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub id: AgentId,
    #[serde(default, deserialize_with = "text")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub available_name: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub display_name: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub avatar_url: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub role: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub account_id: Option<AccountId>,
    #[serde(default, deserialize_with = "list")]
    pub accounts: Vec<ProfileAccount>,
}

/// One account the profile's user belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileAccount {
    pub id: AccountId,
    #[serde(default, deserialize_with = "text")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub role: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub availability_status: Option<String>,
}
