//! The Blinger Widget API under `/api/external/v1/conversation/{id}/`.

use axum::extract::{Path, Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;

use super::conversation_api::token_matches;
use super::params::Params;
use super::{method_not_allowed, not_found, respond, AppState};
use crate::api_error::ApiError;
use crate::error_texts as texts;

pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/conversation/{id}/assign-agent", post(assign_agent))
        .route(
            "/conversation/{id}/send-text-message",
            post(send_text_message),
        )
        .route(
            "/conversation/{id}/send-file-message",
            post(send_file_message),
        )
        .route("/conversation/{id}/request-review", post(request_review))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(state, require_authorization))
}

/// The Widget API takes its own token in `Authorization`, compared as is
/// (the docs show no `Bearer` prefix).
async fn require_authorization(State(s): State<AppState>, req: Request, next: Next) -> Response {
    if token_matches(req.headers(), "authorization", &s.widget_token) {
        next.run(req).await
    } else {
        // The text is ours: the docs do not document auth failures.
        ApiError::new(401, texts::AUTHORIZATION_FAILED).into_response()
    }
}

async fn assign_agent(State(s): State<AppState>, Path(id): Path<String>, req: Request) -> Response {
    let result = async {
        let p = Params::from_json_or_form(req).await?;
        s.store.api_widget_assign_agent(&id, p.get("agentId"))
    };
    respond(result.await)
}

async fn send_text_message(
    State(s): State<AppState>,
    Path(id): Path<String>,
    req: Request,
) -> Response {
    let result = async {
        let p = Params::from_json_or_form(req).await?;
        s.store
            .api_widget_send_text(&id, p.get("uuid"), p.get("text"))
    };
    respond(result.await)
}

async fn send_file_message(
    State(s): State<AppState>,
    Path(id): Path<String>,
    req: Request,
) -> Response {
    let result = async {
        let p = Params::from_json_or_form(req).await?;
        s.store
            .api_widget_send_file(&id, p.get("uuid"), p.get("file"))
    };
    respond(result.await)
}

async fn request_review(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    respond(s.store.api_widget_request_review(&id))
}
