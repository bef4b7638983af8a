//! The `deskimg:` protocol: the only way the page gets a customer's picture.
//! The webview's CSP allows no remote image; the page asks for
//! `deskimg://localhost/<the URL, encoded>` (`http://deskimg.localhost/…` on
//! Windows) and the app fetches it with the rules of `deskbell-images`
//! (public hosts or the operator's own servers, pictures only, 10 MB, no cookie,
//! no referrer).

use crate::agent_link::AgentLink;
use deskbell_images::{ImageError, ImageProxy, Origins, ProxyConfig};
use std::sync::Arc;
use tauri::http::{header, Request, Response, StatusCode};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

pub const SCHEME: &str = "deskimg";

/// The fetcher, kept by the app for its cache.
pub fn proxy() -> ImageProxy {
    ImageProxy::new(ProxyConfig::default()).expect("the image client builds with fixed settings")
}

/// Answers one image request (the protocol handler registered in `lib.rs`).
pub fn handle<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    if ctx.webview_label() != crate::window::MAIN {
        return responder.respond(status(StatusCode::FORBIDDEN));
    }
    if request.method() != tauri::http::Method::GET {
        return responder.respond(status(StatusCode::METHOD_NOT_ALLOWED));
    }
    let Some(url) = deskbell_images::requested_url(request.uri().path()) else {
        return responder.respond(status(StatusCode::BAD_REQUEST));
    };
    let app = ctx.app_handle().clone();
    tauri::async_runtime::spawn(async move {
        let (Some(proxy), Some(desk)) = (
            app.try_state::<ImageProxy>(),
            app.try_state::<Arc<AgentLink>>(),
        ) else {
            return responder.respond(status(StatusCode::SERVICE_UNAVAILABLE));
        };
        // Without the agent, only public hosts: the operator's servers are unknown.
        let urls: Vec<String> = match desk
            .call::<Vec<String>>("server_urls", serde_json::json!({}))
            .await
        {
            Ok(urls) => serde_json::from_value(urls.into_value()).unwrap_or_default(),
            Err(e) => {
                log::warn!("the servers' addresses are unknown: {}", e.message);
                Vec::new()
            }
        };
        proxy.set_own_origins(Origins::from_urls(urls.iter().map(String::as_str)));
        let response = match proxy.get(&url).await {
            Ok(image) => Response::builder()
                .header(header::CONTENT_TYPE, image.content_type)
                .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
                .header(header::CACHE_CONTROL, "private, max-age=600")
                .body(image.bytes.to_vec()),
            Err(e) => {
                log::info!("image from {} not shown: {e}", host_of(&url));
                Ok(status(code(&e)))
            }
        };
        responder.respond(response.unwrap_or_else(|_| status(StatusCode::INTERNAL_SERVER_ERROR)));
    });
}

/// The host only: the rest of a customer's URL may be a signed, private link.
fn host_of(url: &str) -> String {
    tauri::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_else(|| "an unreadable URL".into())
}

fn code(e: &ImageError) -> StatusCode {
    StatusCode::from_u16(e.http_status()).unwrap_or(StatusCode::BAD_GATEWAY)
}

fn status(code: StatusCode) -> Response<Vec<u8>> {
    let mut r = Response::new(Vec::new());
    *r.status_mut() = code;
    r
}
