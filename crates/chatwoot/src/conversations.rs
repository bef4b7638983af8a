//! Conversation endpoints: list, counts, details, create, status, assignment.

use crate::models::{
    Agent, AgentId, Conversation, ConversationCounts, ConversationId, ConversationList,
    ConversationStatus, CountsWire, InboxId, StatusChange, StatusChangeWire, TeamId, Timestamp,
};
use crate::{Client, NewConversation};
use deskbell_transport::Error;
use reqwest::Method;
use serde_json::{json, Value};

/// Whose conversations to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AssigneeType {
    /// Assigned to the token's user.
    Me,
    Unassigned,
    /// Assigned to anyone.
    Assigned,
    All,
}

impl AssigneeType {
    pub fn as_str(self) -> &'static str {
        match self {
            AssigneeType::Me => "me",
            AssigneeType::Unassigned => "unassigned",
            AssigneeType::Assigned => "assigned",
            AssigneeType::All => "all",
        }
    }
}

/// Which statuses to list. The server's default, when none is given, is `open`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusFilter {
    All,
    Is(ConversationStatus),
}

impl StatusFilter {
    pub fn as_str(self) -> &'static str {
        match self {
            StatusFilter::All => "all",
            StatusFilter::Is(status) => status.as_str(),
        }
    }
}

impl From<ConversationStatus> for StatusFilter {
    fn from(status: ConversationStatus) -> Self {
        StatusFilter::Is(status)
    }
}

/// Filters for [`Client::conversations`] and [`Client::conversation_counts`];
/// `None` / empty leaves a filter to the server's default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConversationQuery {
    /// Not used by the counts, which are given for every assignee type.
    pub assignee_type: Option<AssigneeType>,
    pub status: Option<StatusFilter>,
    /// 1-based; not used by the counts.
    pub page: Option<u32>,
    pub inbox_id: Option<InboxId>,
    pub team_id: Option<TeamId>,
    /// Conversations with any of these labels.
    pub labels: Vec<String>,
    /// Only conversations with a message containing this text.
    pub q: Option<String>,
}

impl ConversationQuery {
    fn pairs(&self, with_assignee_and_page: bool) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if with_assignee_and_page {
            if let Some(a) = self.assignee_type {
                pairs.push(("assignee_type", a.as_str().to_owned()));
            }
        }
        if let Some(s) = self.status {
            pairs.push(("status", s.as_str().to_owned()));
        }
        if with_assignee_and_page {
            if let Some(p) = self.page {
                pairs.push(("page", p.to_string()));
            }
        }
        if let Some(id) = self.inbox_id {
            pairs.push(("inbox_id", id.to_string()));
        }
        if let Some(id) = self.team_id {
            pairs.push(("team_id", id.to_string()));
        }
        // Rails reads `labels[]=a&labels[]=b` as a list (what Chatwoot's own web app
        // sends); the spec's default array style, `labels=a&labels=b`, would reach
        // the server as the last label only.
        pairs.extend(self.labels.iter().map(|l| ("labels[]", l.clone())));
        if let Some(q) = self.q.as_ref().filter(|q| !q.is_empty()) {
            pairs.push(("q", q.clone()));
        }
        pairs
    }
}

impl Client {
    /// `GET conversations`: one page of conversations (25 on a stock server) and the counts.
    pub async fn conversations(
        &self,
        query: &ConversationQuery,
    ) -> Result<ConversationList, Error> {
        let request = self
            .request(Method::GET, self.account_url(&["conversations"]))
            .query(&query.pairs(true));
        self.execute_json(request).await
    }

    /// `GET conversations/meta`: counts (mine, unassigned, assigned, all) for the
    /// query's status and filters; `assignee_type` and `page` are not used.
    pub async fn conversation_counts(
        &self,
        query: &ConversationQuery,
    ) -> Result<ConversationCounts, Error> {
        let request = self
            .request(Method::GET, self.account_url(&["conversations", "meta"]))
            .query(&query.pairs(false));
        let wire: CountsWire = self.execute_json(request).await?;
        Ok(wire.meta)
    }

    /// `GET conversations/{id}`.
    pub async fn conversation(&self, id: ConversationId) -> Result<Conversation, Error> {
        let url = self.account_url(&["conversations", &id.to_string()]);
        self.execute_json(self.request(Method::GET, url)).await
    }

    /// `POST conversations`. The spec promises only `id`, `account_id` and
    /// `inbox_id` back; servers send the whole conversation, decoded when present.
    ///
    /// Not idempotent: after an error whose `delivery()` is `Unknown`, look for
    /// the conversation before creating it again.
    pub async fn create_conversation(&self, new: &NewConversation) -> Result<Conversation, Error> {
        new.check()?;
        let request = self
            .request(Method::POST, self.account_url(&["conversations"]))
            .json(new);
        self.execute_json(request).await
    }

    /// `POST conversations/{id}/toggle_status` with an explicit status.
    /// Snoozing this way lasts until the customer's next message; see [`Client::snooze`].
    pub async fn toggle_status(
        &self,
        id: ConversationId,
        status: ConversationStatus,
    ) -> Result<StatusChange, Error> {
        self.post_status(id, json!({ "status": status })).await
    }

    /// Snoozes until `until` (or, with `None`, until the customer's next message).
    pub async fn snooze(
        &self,
        id: ConversationId,
        until: Option<Timestamp>,
    ) -> Result<StatusChange, Error> {
        let mut body = json!({ "status": ConversationStatus::Snoozed });
        if let Some(until) = until {
            // Here the spec wants Unix seconds, unlike `snoozed_until` at creation.
            body["snoozed_until"] = json!(until.unix());
        }
        self.post_status(id, body).await
    }

    async fn post_status(&self, id: ConversationId, body: Value) -> Result<StatusChange, Error> {
        let url = self.account_url(&["conversations", &id.to_string(), "toggle_status"]);
        let wire: StatusChangeWire = self
            .execute_json(self.request(Method::POST, url).json(&body))
            .await?;
        Ok(wire.payload)
    }

    /// `POST conversations/{id}/assignments` with `assignee_id`.
    ///
    /// `Ok(None)` means the server answered `null`: it did not find that agent in
    /// the account and, being Chatwoot, left the conversation unassigned.
    pub async fn assign_agent(
        &self,
        id: ConversationId,
        agent_id: AgentId,
    ) -> Result<Option<Agent>, Error> {
        let raw = self
            .execute(self.assignment(id, json!({ "assignee_id": agent_id })))
            .await?;
        if matches!(String::from_utf8_lossy(&raw.body).trim(), "" | "null") {
            return Ok(None);
        }
        if !raw.looks_like_json() {
            return Err(raw.not_json_error());
        }
        raw.decode_json().map(Some)
    }

    /// `POST conversations/{id}/assignments` with `team_id`. The spec says the
    /// answer is a user, servers send the team: it is not decoded.
    pub async fn assign_team(&self, id: ConversationId, team_id: TeamId) -> Result<(), Error> {
        self.execute_ignoring_body(self.assignment(id, json!({ "team_id": team_id })))
            .await
    }

    /// Removes the agent (`{"assignee_id": null}`).
    ///
    /// Outside the spec, which types `assignee_id` as a number (a spec-validating
    /// mock refuses this request); Chatwoot servers accept it and answer `null`.
    pub async fn unassign(&self, id: ConversationId) -> Result<(), Error> {
        self.execute_ignoring_body(self.assignment(id, json!({ "assignee_id": null })))
            .await
    }

    fn assignment(&self, id: ConversationId, body: Value) -> reqwest::RequestBuilder {
        let url = self.account_url(&["conversations", &id.to_string(), "assignments"]);
        self.request(Method::POST, url).json(&body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_pairs_follow_the_spec_names() {
        let q = ConversationQuery {
            assignee_type: Some(AssigneeType::Me),
            status: Some(StatusFilter::All),
            page: Some(2),
            inbox_id: Some(InboxId(4)),
            team_id: Some(TeamId(5)),
            labels: vec!["vip".into(), "billing".into()],
            q: Some("refund".into()),
        };
        let full: Vec<_> = q
            .pairs(true)
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        assert_eq!(
            full,
            [
                "assignee_type=me",
                "status=all",
                "page=2",
                "inbox_id=4",
                "team_id=5",
                "labels[]=vip",
                "labels[]=billing",
                "q=refund"
            ]
        );
        let counts = q.pairs(false);
        assert!(counts
            .iter()
            .all(|(k, _)| *k != "assignee_type" && *k != "page"));
        assert!(ConversationQuery::default().pairs(true).is_empty());
    }
}
