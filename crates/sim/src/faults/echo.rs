//! Answers that echo the caller's token back, as careless servers and debug
//! pages do: plainly, percent-encoded, JSON-escaped (PHP's `json_encode`
//! escapes `/` and every non-ASCII character) and cut by the 200-character
//! snippet a client quotes from a page it cannot read.

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

/// Where the echo comes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EchoShape {
    /// HTTP 401 with an envelope whose `error` quotes the token in three forms.
    Unauthorized,
    /// HTTP 200 with an HTML debug page quoting it, one copy across character 200.
    Html,
    /// HTTP 200 with an envelope whose `data` is the token: valid JSON of the
    /// wrong shape, whose decode error quotes it.
    Undecodable,
}

/// Where a client quoting a page cuts it (see the transport crate's snippet).
const SNIPPET_CHARS: usize = 200;

/// The token the request carried, from either API's header.
pub(crate) fn sent_token(headers: &HeaderMap) -> String {
    ["authentication", "authorization"]
        .iter()
        .find_map(|name| headers.get(*name)?.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

pub(crate) fn respond(shape: EchoShape, token: &str) -> Response {
    match shape {
        EchoShape::Unauthorized => {
            let request = format!("{{\"Authentication\":{}}}", php_json(token));
            let error = format!(
                "Wrong token {token} (sent as ?token={}, request {request})",
                serde_urlencoded::to_string([("", token)])
                    .unwrap_or_default()
                    .trim_start_matches('='),
            );
            let body = format!("{{\"error\":{},\"status\":401}}", php_json(&error));
            json(StatusCode::UNAUTHORIZED, body)
        }
        EchoShape::Html => {
            // Short markup, so that all three forms fit before the cut.
            let head = format!(
                "<p>Authentication: {token}</p><a href=\"?t={}\">retry</a><script>t={}</script><pre>",
                percent_lower(token),
                php_json(token),
            );
            let across = across_the_cut(&head, token);
            let page = format!("{head}{across}{token} was refused</pre>\n");
            (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                page,
            )
                .into_response()
        }
        EchoShape::Undecodable => {
            let head = "{\"status\":200,\"trace\":\"";
            let across = across_the_cut(head, token);
            let quoted = php_json(token);
            let inner = &quoted[1..quoted.len() - 1];
            let body = format!("{head}{across}{inner}\",\"data\":{quoted}}}");
            json(StatusCode::OK, body)
        }
    }
}

/// Filler that puts the next copy of `token` across the snippet's cut.
fn across_the_cut(head: &str, token: &str) -> String {
    let start = SNIPPET_CHARS.saturating_sub(token.chars().count() / 2);
    ".".repeat(start.saturating_sub(head.chars().count()).max(1))
}

fn json(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body,
    )
        .into_response()
}

/// A JSON string as PHP's `json_encode` writes it: `/` as `\/`, non-ASCII as `\uXXXX`.
fn php_json(text: &str) -> String {
    let plain = serde_json::to_string(text).unwrap_or_default();
    let mut out = String::with_capacity(plain.len());
    for c in plain.chars() {
        match c {
            '/' => out.push_str("\\/"),
            c if c.is_ascii() => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out
}

/// Percent-encoding with lower-case hex, as some frameworks write it.
fn percent_lower(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            b => format!("%{b:02x}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoders_write_what_php_and_browsers_write() {
        assert_eq!(php_json("a/b\"é"), r#""a\/b\"\u00e9""#);
        assert_eq!(percent_lower("a/b+c=d"), "a%2fb%2bc%3dd");
    }

    #[tokio::test]
    async fn the_html_page_puts_a_copy_across_the_cut() {
        let token = "echo/Token+9f2a7c41=b8e3d5066a1f";
        let page = respond(EchoShape::Html, token);
        let body = axum::body::to_bytes(page.into_body(), usize::MAX)
            .await
            .unwrap();
        let page = String::from_utf8(body.to_vec()).unwrap();
        let first_200: String = page.chars().take(SNIPPET_CHARS).collect();
        assert!(first_200.contains(&format!("Authentication: {token}")));
        assert!(first_200.contains("echo%2fToken%2b9f2a7c41%3db8e3d5066a1f"));
        assert!(first_200.contains(r#""echo\/Token+9f2a7c41=b8e3d5066a1f""#));
        assert!(
            first_200.ends_with(&token[..token.len() / 2]),
            "{first_200}"
        );
    }
}
