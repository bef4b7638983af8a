//! The `deskimg:` protocol: the only way the page gets a customer's picture.
//! The webview's CSP allows no remote image; the page asks for
//! `deskimg://localhost/<the URL, encoded>` (`http://deskimg.localhost/…` on
//! Windows) and the app fetches it with the rules of `deskbell-images`
//! (public hosts or the operator's own servers, pictures only, 10 MB, no cookie,
//! no referrer).

use deskbell_images::{ImageError, ImageProxy, Origins, ProxyConfig};
use deskbell_runtime::settings::{Account, AccountKind};
use deskbell_runtime::Desk;
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
        let (Some(proxy), Some(desk)) =
            (app.try_state::<ImageProxy>(), app.try_state::<Arc<Desk>>())
        else {
            return responder.respond(status(StatusCode::SERVICE_UNAVAILABLE));
        };
        proxy.set_own_origins(own_origins(&desk));
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

/// The servers of every account, the demo's included.
fn own_origins(desk: &Desk) -> Origins {
    let accounts = desk.server_accounts();
    let urls: Vec<String> = accounts.iter().flat_map(account_urls).collect();
    Origins::from_urls(urls.iter().map(String::as_str))
}

fn account_urls(account: &Account) -> Vec<String> {
    match &account.kind {
        AccountKind::Blinger {
            api_url,
            widget_url,
            ..
        } => std::iter::once(api_url.clone())
            .chain(widget_url.clone())
            .collect(),
        AccountKind::Chatwoot { api_url, .. } => vec![api_url.clone()],
    }
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
