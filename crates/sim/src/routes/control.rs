//! Control endpoints under `/_sim/` for tests in other processes and the
//! CLI, guarded by the main token in `Authentication`.
//!
//! - `POST /_sim/faults` — body: a JSON [`FaultPlan`]; replaces the plan
//! - `GET  /_sim/faults` — the current plan
//! - `POST /_sim/customer-message` — `{"conversation_id": 1, "text": "…"}`, and
//!   optionally `"kind": "image"` (or another message type; the text is then its URL)
//! - `POST /_sim/new-conversation` — `{"channel": "whatsapp", "name": "…", "text": "…"}`
//! - `GET  /_sim/state` — the whole store as JSON
//! - `GET  /_sim/stats` — `{"requests": {"conversations/start": 3, …}, "total": 9}`

use axum::body::Bytes;
use axum::extract::State;
use axum::middleware;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::json;

use super::conversation_api::require_authentication;
use super::{method_not_allowed, not_found, respond, AppState};
use crate::api_error::ApiError;
use crate::error_texts as texts;
use crate::faults::FaultPlan;

pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/faults", post(set_faults).get(get_faults))
        .route("/customer-message", post(customer_message))
        .route("/new-conversation", post(new_conversation))
        .route("/state", get(state_dump))
        .route("/stats", get(stats))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(
            state,
            require_authentication,
        ))
}

fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::bad_request(format!("Invalid JSON: {e}")))
}

async fn set_faults(State(s): State<AppState>, body: Bytes) -> Response {
    respond(parse_json::<FaultPlan>(&body).map(|plan| {
        s.set_faults(plan.clone());
        json!(plan)
    }))
}

async fn get_faults(State(s): State<AppState>) -> Response {
    respond(Ok(json!(s.current_faults())))
}

#[derive(Deserialize)]
struct CustomerMessage {
    conversation_id: i64,
    text: String,
    #[serde(default)]
    kind: Option<String>,
}

async fn customer_message(State(s): State<AppState>, body: Bytes) -> Response {
    let result = parse_json::<CustomerMessage>(&body).and_then(|m| {
        s.store
            .customer_sends(
                m.conversation_id,
                &m.text,
                m.kind.as_deref().unwrap_or("text"),
            )
            .map(|id| json!({ "conversation_id": m.conversation_id, "message_id": id }))
            .ok_or_else(|| ApiError::not_found(texts::CONVERSATION_NOT_FOUND))
    });
    respond(result)
}

#[derive(Deserialize)]
struct NewConversationBody {
    #[serde(default = "default_channel")]
    channel: String,
    #[serde(default)]
    name: String,
    text: String,
}

fn default_channel() -> String {
    "telegrambot".into()
}

async fn new_conversation(State(s): State<AppState>, body: Bytes) -> Response {
    let result = parse_json::<NewConversationBody>(&body).map(|n| {
        let (conversation_id, message_id) = s
            .store
            .new_customer_conversation(&n.channel, &n.name, &n.text);
        json!({ "conversation_id": conversation_id, "message_id": message_id })
    });
    respond(result)
}

async fn state_dump(State(s): State<AppState>) -> Response {
    respond(Ok(s.store.dump_json()))
}

async fn stats(State(s): State<AppState>) -> Response {
    let requests = s.store.request_counts();
    let total: u64 = requests
        .iter()
        .filter(|(k, _)| !k.starts_with("_sim/"))
        .map(|(_, n)| n)
        .sum();
    respond(Ok(json!({ "requests": requests, "total": total })))
}
