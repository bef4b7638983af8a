//! The Blinger Conversation API under `/api/conversations/`.

use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

use super::params::Params;
use super::{method_not_allowed, not_found, respond, AppState};
use crate::api_error::ApiError;
use crate::error_texts as texts;
use crate::store::{ActionParams, ListFilter};

pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/start", post(start))
        .route("/close", post(close))
        .route("/unassign", post(unassign))
        .route("/assign-operator", post(assign_operator))
        .route("/assign-group", post(assign_group))
        .route("/send-message", post(send_message))
        .route("/send-file-message", post(send_file_message))
        .route("/send-note", post(send_note))
        .route("/unassigned", get(unassigned))
        .route("/unread", get(unread))
        .route("/not-answered", get(not_answered))
        .route("/get", get(get_conversation))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(
            state,
            require_authentication,
        ))
}

/// The docs name the header `Authentication` (not `Authorization`); a
/// missing or wrong token gets an error envelope and never data.
pub(crate) fn token_matches(headers: &HeaderMap, header: &str, token: &str) -> bool {
    headers
        .get(header)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim() == token)
}

pub(crate) async fn require_authentication(
    State(s): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    if token_matches(req.headers(), "authentication", &s.token) {
        next.run(req).await
    } else {
        // The text is ours: the docs do not document auth failures.
        ApiError::new(401, texts::AUTHENTICATION_FAILED).into_response()
    }
}

fn action(p: &Params) -> Result<ActionParams, ApiError> {
    Ok(ActionParams {
        conversation_id: p.required_int("conversation_id", texts::CONVERSATION_ID_EMPTY)?,
        operator_id: p.int("operator_id")?,
        notify: !p.flag("disable_webhook")?,
    })
}

/// Parses the form body, then runs `f` with the parsed action parameters.
async fn with_action(
    req: Request,
    f: impl FnOnce(&Params, ActionParams) -> Result<serde_json::Value, ApiError>,
) -> Response {
    let result = async {
        let p = Params::from_form_body(req).await?;
        let a = action(&p)?;
        f(&p, a)
    }
    .await;
    respond(result)
}

async fn start(State(s): State<AppState>, req: Request) -> Response {
    with_action(req, |_, a| s.store.api_start(&a)).await
}

async fn close(State(s): State<AppState>, req: Request) -> Response {
    with_action(req, |_, a| s.store.api_close(&a)).await
}

async fn unassign(State(s): State<AppState>, req: Request) -> Response {
    with_action(req, |_, a| s.store.api_unassign(&a)).await
}

async fn assign_operator(State(s): State<AppState>, req: Request) -> Response {
    with_action(req, |_, a| s.store.api_assign_operator(&a)).await
}

async fn assign_group(State(s): State<AppState>, req: Request) -> Response {
    with_action(req, |p, a| {
        let group = p.required_int("group_id", texts::GROUP_ID_EMPTY)?;
        s.store.api_assign_group(&a, group)
    })
    .await
}

async fn send_message(State(s): State<AppState>, req: Request) -> Response {
    with_action(req, |p, a| {
        s.store
            .api_send_message(&a, p.get("text").unwrap_or_default())
    })
    .await
}

async fn send_file_message(State(s): State<AppState>, req: Request) -> Response {
    with_action(req, |p, a| {
        s.store
            .api_send_file_message(&a, p.get("file_url").unwrap_or_default())
    })
    .await
}

async fn send_note(State(s): State<AppState>, req: Request) -> Response {
    with_action(req, |p, a| {
        s.store.api_send_note(&a, p.get("text").unwrap_or_default())
    })
    .await
}

fn list_filter(req: &Request) -> Result<ListFilter, ApiError> {
    let p = Params::from_query(req)?;
    Ok(ListFilter {
        operator_id: p.int("operator_id")?,
        group_id: p.int("group_id")?,
    })
}

async fn unassigned(State(s): State<AppState>, req: Request) -> Response {
    respond(list_filter(&req).map(|f| s.store.api_list_unassigned(&f)))
}

async fn unread(State(s): State<AppState>, req: Request) -> Response {
    respond(list_filter(&req).map(|f| s.store.api_list_unread(&f)))
}

async fn not_answered(State(s): State<AppState>, req: Request) -> Response {
    respond(list_filter(&req).map(|f| s.store.api_list_not_answered(&f)))
}

async fn get_conversation(State(s): State<AppState>, req: Request) -> Response {
    let result = Params::from_query(&req)
        .and_then(|p| p.required_int("conversation_id", texts::CONVERSATION_ID_EMPTY))
        .and_then(|id| s.store.api_get(id));
    respond(result)
}
