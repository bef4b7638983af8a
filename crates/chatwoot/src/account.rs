//! Account-wide lists and the token owner's profile.

use crate::models::{Agent, Inbox, Profile, Team};
use crate::Client;
use deskbell_transport::Error;
use reqwest::Method;
use serde::Deserialize;

/// `{"payload": [...]}`, the inboxes list's envelope.
#[derive(Deserialize)]
struct Payload<T> {
    payload: Vec<T>,
}

impl Client {
    /// `GET agents`: the account's users (agents and administrators).
    pub async fn agents(&self) -> Result<Vec<Agent>, Error> {
        self.execute_json(self.request(Method::GET, self.account_url(&["agents"])))
            .await
    }

    /// `GET teams`.
    pub async fn teams(&self) -> Result<Vec<Team>, Error> {
        self.execute_json(self.request(Method::GET, self.account_url(&["teams"])))
            .await
    }

    /// `GET inboxes` (answered as `{"payload": [...]}`, unlike agents and teams).
    pub async fn inboxes(&self) -> Result<Vec<Inbox>, Error> {
        let wire: Payload<Inbox> = self
            .execute_json(self.request(Method::GET, self.account_url(&["inboxes"])))
            .await?;
        Ok(wire.payload)
    }

    /// `GET /api/v1/profile`: who the token belongs to. A cheap way to check a
    /// token and to learn the user's id (for "assigned to me") and accounts.
    pub async fn profile(&self) -> Result<Profile, Error> {
        self.execute_json(self.request(Method::GET, self.api_url(&["profile"])))
            .await
    }
}
