//! The HTTP surface: both Blinger APIs and the `/_sim/` control endpoints,
//! behind the fault-injection layer.

mod control;
mod conversation_api;
mod files;
mod params;
mod widget_api;

use std::sync::{Arc, Mutex};

use axum::response::{IntoResponse, Response};
use axum::Router;

use crate::api_error::{ok_envelope, ApiError};
use crate::error_texts as texts;
use crate::faults::{fault_layer, FaultInjector, FaultPlan, FaultState};
use crate::store::Store;

/// What every handler can reach.
#[derive(Clone)]
pub(crate) struct AppState {
    pub store: Store,
    pub token: Arc<str>,
    pub widget_token: Arc<str>,
    pub faults: Arc<Mutex<FaultInjector>>,
}

impl AppState {
    pub fn set_faults(&self, plan: FaultPlan) {
        *self.faults.lock().unwrap_or_else(|e| e.into_inner()) = FaultInjector::new(plan);
    }

    pub fn current_faults(&self) -> FaultPlan {
        self.faults
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .plan()
            .clone()
    }
}

/// The whole application.
pub(crate) fn app(state: AppState) -> Router {
    let fault_state = FaultState {
        store: state.store.clone(),
        injector: state.faults.clone(),
    };
    Router::new()
        .nest(
            "/api/conversations",
            conversation_api::router(state.clone()),
        )
        .nest("/api/external/v1", widget_api::router(state.clone()))
        .nest("/_sim", control::router(state.clone()))
        .nest("/files", files::router())
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            fault_state,
            fault_layer,
        ))
        .with_state(state)
}

/// `{"status":200,"data":…}` or the error envelope.
pub(crate) fn respond(result: Result<serde_json::Value, ApiError>) -> Response {
    match result {
        Ok(data) => ok_envelope(data),
        Err(e) => e.into_response(),
    }
}

/// Unknown paths answer an envelope too (the text is ours).
pub(crate) async fn not_found() -> Response {
    ApiError::not_found(texts::NOT_FOUND).into_response()
}

pub(crate) async fn method_not_allowed() -> Response {
    ApiError::new(405, texts::METHOD_NOT_ALLOWED).into_response()
}
