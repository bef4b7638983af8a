//! The error envelope `{"error":"text","status":400}` every API answers with.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// An error answered as an envelope; the HTTP status equals the envelope's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: u16,
    pub message: String,
}

impl ApiError {
    pub fn new(status: u16, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(400, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(404, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::BAD_REQUEST);
        let body = json!({ "error": self.message, "status": self.status });
        (status, axum::Json(body)).into_response()
    }
}

/// The success envelope `{"status":200,"data":…}`.
pub fn ok_envelope(data: serde_json::Value) -> Response {
    axum::Json(json!({ "status": 200, "data": data })).into_response()
}
