//! `GET /files/<name>.png`: the simulator's file store. Every picture name
//! answers the same demo picture (a parcel), so image messages that point at the
//! simulator show something in the app without any outside host. Other names
//! are not found. No token: like a real file CDN, the URL is the key.

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::AppState;

const PARCEL_PNG: &[u8] = include_bytes!("../../assets/parcel.png");

pub fn router() -> Router<AppState> {
    Router::new().route("/{*name}", get(file))
}

async fn file(Path(name): Path<String>) -> Response {
    if name.to_ascii_lowercase().ends_with(".png") {
        ([(header::CONTENT_TYPE, "image/png")], PARCEL_PNG).into_response()
    } else {
        (StatusCode::NOT_FOUND, "no such file").into_response()
    }
}
