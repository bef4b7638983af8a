//! Customer images, fetched by the app instead of the webview.
//!
//! A thread shows pictures whose URLs the customer (or anyone who can write to the
//! inbox) chose. Loaded by the webview, each one would tell its host the operator's
//! IP address and when they read the thread, carry the webview's cookies and
//! referrer, and travel in clear text over `http:`. So the page asks the app for
//! them through a custom protocol, and this crate fetches them:
//!
//! - only `http:` and `https:` URLs, with no user name or password in them;
//! - only hosts on the public internet: a customer-chosen URL must not make the
//!   app probe the operator's LAN or their own machine. Loopback, private,
//!   link-local, shared (CGNAT) and other non-public addresses are refused, both
//!   as literal IPs and as what a name resolves to (checked on the resolved
//!   addresses, so DNS rebinding cannot slip past), on every redirect hop. The one
//!   exception is the origins of the operator's own accounts (a self-hosted
//!   Chatwoot on the LAN, the demo server on loopback), host *and* port;
//! - no cookies (no cookie store), no `Referer`, no system proxy (a proxy would
//!   reach the LAN on our behalf), a timeout, at most [`MAX_BYTES`] read, counted
//!   while the body streams in;
//! - only raster images, recognised by their first bytes ([`sniff`]): the header
//!   must also say `image/*` (or nothing more specific than octet-stream), and SVG
//!   is refused (it is a document, not a picture);
//! - a small in-memory cache ([`cache`]) so a thread scrolled back and forth is not
//!   fetched again.

pub mod cache;
mod error;
mod fetch;
mod resolve;
pub mod sniff;
pub mod target;

pub use error::ImageError;
pub use fetch::{Image, ImageProxy, ProxyConfig, MAX_BYTES};
pub use target::Origins;

/// The URL the page asked for: the request path after the first `/`,
/// percent-decoded (the page encodes the whole URL as one path segment, as
/// Tauri's `convertFileSrc` does).
pub fn requested_url(path: &str) -> Option<String> {
    let encoded = path.strip_prefix('/').unwrap_or(path);
    if encoded.is_empty() {
        return None;
    }
    percent_encoding::percent_decode_str(encoded)
        .decode_utf8()
        .ok()
        .map(|s| s.into_owned())
}

#[cfg(test)]
mod tests {
    use super::requested_url;

    #[test]
    fn the_path_is_the_whole_url_encoded() {
        assert_eq!(
            requested_url("/https%3A%2F%2Fcdn.example.com%2Fa%20b.png%3Fx%3D1").as_deref(),
            Some("https://cdn.example.com/a b.png?x=1")
        );
        assert_eq!(requested_url("/"), None);
        assert_eq!(requested_url("/%FF%FE"), None, "not UTF-8");
    }
}
