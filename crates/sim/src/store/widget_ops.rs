//! Widget API actions and the widget part of the seeding API.

use serde_json::Value;
use uuid::Uuid;

use super::model::{
    WidgetAgent, WidgetBot, WidgetConversation, WidgetEndUser, WidgetMessage, WidgetReview,
    WidgetState,
};
use super::seed::pseudo_token;
use super::{now, now_micros, Store};
use crate::api_error::ApiError;
use crate::error_texts as texts;
use crate::render::widget as render;

fn new_id() -> String {
    Uuid::new_v4().to_string()
}

fn conversation_mut<'a>(
    w: &'a mut WidgetState,
    id: &str,
) -> Result<&'a mut WidgetConversation, ApiError> {
    w.conversations
        .get_mut(id)
        .ok_or_else(|| ApiError::not_found(texts::CONVERSATION_NOT_FOUND))
}

/// Checks the client's message uuid; returns it normalized (lowercase).
fn parse_uuid(raw: Option<&str>) -> Result<String, ApiError> {
    let raw = raw.map(str::trim).unwrap_or_default();
    if raw.is_empty() {
        return Err(ApiError::bad_request(texts::UUID_EMPTY));
    }
    Uuid::parse_str(raw)
        .map(|u| u.to_string())
        .map_err(|_| ApiError::bad_request(texts::UUID_INVALID))
}

/// The bot that sends review requests, created on first use.
fn bot(w: &mut WidgetState) {
    if w.bot.is_none() {
        let at = now();
        w.bot = Some(WidgetBot {
            id: new_id(),
            name: "Blinger bot".into(),
            created_at: at,
            updated_at: at,
        });
    }
}

impl Store {
    /// `assign-agent`.
    pub fn api_widget_assign_agent(
        &self,
        conv: &str,
        agent_id: Option<&str>,
    ) -> Result<Value, ApiError> {
        let agent_id = agent_id.map(str::trim).unwrap_or_default().to_owned();
        self.mutate(false, |st, _| {
            let w = &mut st.widget;
            conversation_mut(w, conv)?;
            if agent_id.is_empty() {
                return Err(ApiError::bad_request(texts::AGENT_ID_EMPTY));
            }
            if !w.agents.contains_key(&agent_id) {
                return Err(ApiError::not_found(texts::AGENT_NOT_FOUND));
            }
            let c = conversation_mut(w, conv)?;
            if c.assigned_agent_id.as_deref() != Some(agent_id.as_str()) {
                c.assigned_agent_id = Some(agent_id);
                c.updated_at = now();
            }
            Ok(render::conversation_object(w, &w.conversations[conv]))
        })
    }

    /// `send-text-message` (idempotent per `uuid`).
    pub fn api_widget_send_text(
        &self,
        conv: &str,
        uuid: Option<&str>,
        text: Option<&str>,
    ) -> Result<Value, ApiError> {
        let text = text.unwrap_or_default().to_owned();
        self.widget_send(conv, uuid, move |id| {
            if text.trim().is_empty() {
                return Err(ApiError::bad_request(texts::WIDGET_TEXT_EMPTY));
            }
            Ok(outgoing(id, "text", Some(text), None))
        })
    }

    /// `send-file-message` (idempotent per `uuid`); `file` is a URL.
    pub fn api_widget_send_file(
        &self,
        conv: &str,
        uuid: Option<&str>,
        file: Option<&str>,
    ) -> Result<Value, ApiError> {
        let url = file.map(str::trim).unwrap_or_default().to_owned();
        self.widget_send(conv, uuid, move |id| {
            if url.is_empty() {
                return Err(ApiError::bad_request(texts::FILE_EMPTY));
            }
            Ok(outgoing(id, "file", None, Some(url)))
        })
    }

    fn widget_send(
        &self,
        conv: &str,
        uuid: Option<&str>,
        build: impl FnOnce(String) -> Result<WidgetMessage, ApiError>,
    ) -> Result<Value, ApiError> {
        self.mutate(false, |st, _| {
            let w = &mut st.widget;
            conversation_mut(w, conv)?;
            let id = parse_uuid(uuid)?;
            let message = build(id.clone())?;
            // A retry (same uuid, same conversation) answers the stored message.
            if let Some(m) = w.conversations[conv].messages.iter().find(|m| m.id == id) {
                return Ok(render::message_object(w, &w.conversations[conv], m));
            }
            let elsewhere = w
                .conversations
                .values()
                .any(|c| c.messages.iter().any(|m| m.id == id));
            if elsewhere {
                return Err(ApiError::new(409, texts::UUID_USED_ELSEWHERE));
            }
            let c = conversation_mut(w, conv)?;
            c.updated_at = message.created_at;
            c.messages.push(message);
            let c = &w.conversations[conv];
            Ok(render::message_object(
                w,
                c,
                c.messages.last().expect("just pushed"),
            ))
        })
    }

    /// `request-review`: the bot asks the end user to rate the assigned agent.
    pub fn api_widget_request_review(&self, conv: &str) -> Result<Value, ApiError> {
        self.mutate(false, |st, _| {
            let w = &mut st.widget;
            conversation_mut(w, conv)?;
            bot(w);
            let c = conversation_mut(w, conv)?;
            let mut message = outgoing(new_id(), "review", None, None);
            message.review = Some(WidgetReview {
                id: new_id(),
                agent_id: c.assigned_agent_id.clone(),
                mark: 0,
                confirmed: false,
                text: String::new(),
                created_at: message.created_at,
            });
            c.updated_at = message.created_at;
            c.messages.push(message);
            let c = &w.conversations[conv];
            Ok(render::message_object(
                w,
                c,
                c.messages.last().expect("just pushed"),
            ))
        })
    }

    // --- Seeding and inspection ---

    /// Adds a widget agent (online, active, no avatar); returns its UUID.
    pub fn add_widget_agent(&self, name: &str) -> String {
        self.add_widget_agent_with_avatar(name, None)
    }

    /// Adds a widget agent with an avatar image URL; returns its UUID.
    pub fn add_widget_agent_with_avatar(&self, name: &str, avatar_url: Option<&str>) -> String {
        self.mutate(false, |st, _| {
            let at = now();
            let id = new_id();
            let service_user_id = (12345 + st.widget.agents.len()).to_string();
            let agent = WidgetAgent {
                id: id.clone(),
                service_user_id,
                name: name.into(),
                status: "online".into(),
                avatar_url: avatar_url.map(str::to_owned),
                active: true,
                created_at: at,
                updated_at: at,
            };
            st.widget.agents.insert(id.clone(), agent);
            id
        })
    }

    /// Adds a widget conversation with a new end user; returns its UUID.
    pub fn add_widget_conversation(&self, end_user_name: &str) -> String {
        self.mutate(false, |st, _| {
            let at = now();
            let user_id = new_id();
            let seed = st.widget.end_users.len() as u64 + 7;
            let user = WidgetEndUser {
                id: user_id.clone(),
                name: end_user_name.into(),
                websocket_token: format!(
                    "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.{}",
                    pseudo_token(seed, 86)
                ),
                created_at: at,
                updated_at: at,
            };
            st.widget.end_users.insert(user_id.clone(), user);
            let id = new_id();
            let conversation = WidgetConversation {
                id: id.clone(),
                end_user_id: user_id,
                assigned_agent_id: None,
                locked: false,
                created_at: at,
                updated_at: at,
                messages: Vec::new(),
            };
            st.widget.conversations.insert(id.clone(), conversation);
            id
        })
    }

    /// The end user writes in the widget; returns the message UUID, or None
    /// if the conversation is unknown.
    pub fn widget_end_user_writes(&self, conv: &str, text: &str) -> Option<String> {
        self.mutate(false, |st, _| {
            let c = st.widget.conversations.get_mut(conv)?;
            let mut message = outgoing(new_id(), "text", Some(text.into()), None);
            message.is_outgoing = false;
            c.updated_at = message.created_at;
            let id = message.id.clone();
            c.messages.push(message);
            Some(id)
        })
    }

    pub fn widget_conversation(&self, id: &str) -> Option<WidgetConversation> {
        self.lock().widget.conversations.get(id).cloned()
    }

    /// A widget conversation's messages, oldest first (empty if unknown).
    pub fn widget_messages(&self, conv: &str) -> Vec<WidgetMessage> {
        self.widget_conversation(conv)
            .map(|c| c.messages)
            .unwrap_or_default()
    }

    pub fn widget_agents(&self) -> Vec<WidgetAgent> {
        self.lock().widget.agents.values().cloned().collect()
    }

    pub fn widget_conversation_ids(&self) -> Vec<String> {
        self.lock().widget.conversations.keys().cloned().collect()
    }
}

fn outgoing(
    id: String,
    kind: &str,
    body: Option<String>,
    file_url: Option<String>,
) -> WidgetMessage {
    let micros = now_micros();
    WidgetMessage {
        file_id: file_url.as_ref().map(|_| new_id()),
        id,
        kind: kind.into(),
        body,
        file_url,
        review: None,
        is_outgoing: true,
        microseconds: micros,
        created_at: micros / 1_000_000,
    }
}
