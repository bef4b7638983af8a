//! The Widget API (`https://widget.blinger.io/api/external/v1/conversation/:id/…`).

use crate::conn::Conn;
use crate::de::Object;
use crate::models::{WidgetConversation, WidgetMessage};
use deskbell_transport::{Error, HttpConfig, Token};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;
use uuid::Uuid;

/// A client of the Widget API: JSON bodies with camelCase fields, the token in
/// `Authorization`, conversation and agent ids as (UUID) strings.
///
/// Sends carry a `uuid` chosen by the caller: the server keeps one message per
/// uuid, so a send retried with the *same* uuid after a timeout or a lost
/// connection cannot post the message twice. Generate it once per message
/// ([`WidgetClient::new_message_uuid`]), store it with the draft, reuse it on retry.
#[derive(Clone)]
pub struct WidgetClient {
    conn: Conn,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AssignAgent<'a> {
    agent_id: &'a str,
}

#[derive(Serialize)]
struct TextMessage<'a> {
    uuid: Uuid,
    text: &'a str,
}

#[derive(Serialize)]
struct FileMessage<'a> {
    uuid: Uuid,
    /// The URL of the file (the docs name the field `file`).
    file: &'a str,
}

impl WidgetClient {
    pub const DEFAULT_BASE_URL: &'static str = "https://widget.blinger.io/api/external/v1";

    pub fn new(token: impl Into<Token>) -> Result<Self, Error> {
        Self::with_config(token, Self::DEFAULT_BASE_URL, &HttpConfig::default())
    }

    pub fn with_base_url(token: impl Into<Token>, base_url: &str) -> Result<Self, Error> {
        Self::with_config(token, base_url, &HttpConfig::default())
    }

    pub fn with_config(
        token: impl Into<Token>,
        base_url: &str,
        http: &HttpConfig,
    ) -> Result<Self, Error> {
        Ok(WidgetClient {
            conn: Conn::new(base_url, "authorization", token.into(), http)?,
        })
    }

    pub fn base_url(&self) -> &str {
        self.conn.base_url()
    }

    /// A fresh random (v4) uuid for a new message.
    pub fn new_message_uuid() -> Uuid {
        Uuid::new_v4()
    }

    /// `POST conversation/:id/assign-agent`.
    pub async fn assign_agent(
        &self,
        conversation_id: &str,
        agent_id: &str,
    ) -> Result<WidgetConversation, Error> {
        let agent_id = check_id("agent id", agent_id)?;
        self.post(conversation_id, "assign-agent", &AssignAgent { agent_id })
            .await
    }

    /// `POST conversation/:id/send-text-message`. Idempotent per `uuid` (see the type's docs).
    pub async fn send_text_message(
        &self,
        conversation_id: &str,
        uuid: Uuid,
        text: &str,
    ) -> Result<WidgetMessage, Error> {
        self.post(
            conversation_id,
            "send-text-message",
            &TextMessage { uuid, text },
        )
        .await
    }

    /// `POST conversation/:id/send-file-message`: sends the file found at `file_url`.
    pub async fn send_file_message(
        &self,
        conversation_id: &str,
        uuid: Uuid,
        file_url: &str,
    ) -> Result<WidgetMessage, Error> {
        self.post(
            conversation_id,
            "send-file-message",
            &FileMessage {
                uuid,
                file: file_url,
            },
        )
        .await
    }

    /// `POST conversation/:id/request-review`: asks the visitor to rate the conversation.
    pub async fn request_review(&self, conversation_id: &str) -> Result<WidgetMessage, Error> {
        self.post(conversation_id, "request-review", &serde_json::json!({}))
            .await
    }

    async fn post<T: DeserializeOwned>(
        &self,
        conversation_id: &str,
        action: &str,
        body: &impl Serialize,
    ) -> Result<T, Error> {
        let id = check_id("conversation id", conversation_id)?;
        let url = self.conn.url(&["conversation", id, action]);
        let request = self.conn.request(Method::POST, url)?.json(body);
        let answer: Object<T> = self.conn.send(request).await?;
        Ok(answer.0)
    }
}

/// Ids go into the path (percent-encoded by [`Conn::url`]); an empty one would
/// silently address another endpoint, so it is refused before anything is sent.
fn check_id<'a>(what: &str, id: &'a str) -> Result<&'a str, Error> {
    let id = id.trim();
    if id.is_empty() {
        Err(Error::InvalidInput(format!("the {what} is empty")))
    } else if id == "." || id == ".." {
        // URL building drops such segments: the request would go to another path.
        Err(Error::InvalidInput(format!(
            "the {what} {id:?} is not an id"
        )))
    } else {
        Ok(id)
    }
}

impl fmt::Debug for WidgetClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WidgetClient")
            .field("conn", &self.conn)
            .finish()
    }
}
