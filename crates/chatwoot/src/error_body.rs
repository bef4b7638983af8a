//! Turning a refusal into an [`Error`] that carries the server's own words.
//!
//! Chatwoot refuses with an HTTP 4xx/5xx status and one of several body shapes,
//! depending on which layer answered:
//! - controllers: `{"error": "Resource could not be found"}`;
//! - validation failures: `{"message": "Name can't be blank", "attributes": [...]}`;
//! - the authentication layer: `{"errors": ["You need to sign in or sign up before continuing."]}`;
//! - the spec's `bad_request_error`: `{"description": "…", "errors": [{"field", "message", "code"}]}`;
//! - proxies and mocks: RFC 7807 problem documents (`detail`, `title`).
//!
//! The text is kept verbatim (the operator sees it as the server wrote it); only
//! the status decides the error kind.

use deskbell_transport::{Error, RawResponse};
use serde_json::Value;

/// The error a non-2xx answer stands for.
///
/// The client uses it for every refusal; it is public for callers that send
/// their own requests (see the crate's tests) and want the same mapping.
pub fn error_from_response(raw: &RawResponse) -> Error {
    if !raw.looks_like_json() {
        // An HTML error page or plain text ("Retry later" from a rate limiter):
        // the status still says 429/5xx/401, the body says nothing reliable.
        return raw.not_json_error();
    }
    let message = serde_json::from_slice::<Value>(&raw.body)
        .ok()
        .and_then(|body| error_text(&body));
    Error::from_status(raw.status, message, raw.retry_after)
}

/// Keys holding the human-readable text, most specific first.
const TEXT_KEYS: [&str; 6] = [
    "error",
    "message",
    "errors",
    "description",
    "detail",
    "title",
];

/// The human-readable text of an error body, if it has one.
pub(crate) fn error_text(body: &Value) -> Option<String> {
    match body {
        Value::Object(map) => TEXT_KEYS
            .iter()
            .find_map(|key| map.get(*key).and_then(part_text)),
        other => part_text(other),
    }
}

fn part_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim()).filter(|s| !s.is_empty()).map(str::to_owned),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(error_text).collect();
            (!parts.is_empty()).then(|| parts.join("; "))
        }
        Value::Object(map) => error_text(value).or_else(|| field_messages(map)),
        _ => None,
    }
}

/// Rails' `errors.to_hash` shape: `{"email": ["has already been taken"]}` → `email has already been taken`.
fn field_messages(map: &serde_json::Map<String, Value>) -> Option<String> {
    let parts: Vec<String> = map
        .iter()
        .flat_map(|(field, messages)| {
            let messages = match messages {
                Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
                Value::String(s) => vec![s.as_str()],
                _ => Vec::new(),
            };
            messages.into_iter().map(move |m| format!("{field} {m}"))
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use deskbell_transport::ErrorKind;
    use serde_json::json;

    fn raw(status: u16, body: &str) -> RawResponse {
        RawResponse {
            status,
            content_type: Some("application/json".into()),
            retry_after: None,
            body: body.as_bytes().to_vec().into(),
        }
    }

    #[test]
    fn each_known_shape_gives_its_text_verbatim() {
        let cases = [
            (
                json!({"error": "Resource could not be found"}),
                "Resource could not be found",
            ),
            (
                json!({"message": "Name can't be blank", "attributes": ["name"]}),
                "Name can't be blank",
            ),
            (
                json!({"errors": ["You need to sign in or sign up before continuing."]}),
                "You need to sign in or sign up before continuing.",
            ),
            (json!({"errors": ["first", "second"]}), "first; second"),
            (json!({"description": "Invalid inbox"}), "Invalid inbox"),
            (
                json!({"errors": [{"field": "status", "message": "is not included in the list", "code": "x"}]}),
                "is not included in the list",
            ),
            (
                json!({"errors": {"email": ["has already been taken"]}}),
                "email has already been taken",
            ),
            (json!({"error": {"message": "nested"}}), "nested"),
            (
                json!({"title": "Invalid request", "detail": "Your request is not valid"}),
                "Your request is not valid",
            ),
            (json!(["bare", "list"]), "bare; list"),
        ];
        for (body, expected) in cases {
            assert_eq!(error_text(&body).as_deref(), Some(expected), "{body}");
        }
    }

    #[test]
    fn error_wins_over_the_other_keys_and_blank_text_is_skipped() {
        assert_eq!(
            error_text(&json!({"message": "m", "error": "e"})).as_deref(),
            Some("e")
        );
        assert_eq!(
            error_text(&json!({"error": "  ", "message": "m"})).as_deref(),
            Some("m")
        );
        assert_eq!(error_text(&json!({"success": false})), None);
        assert_eq!(error_text(&json!({"errors": []})), None);
    }

    #[test]
    fn status_picks_the_kind_and_the_text_is_kept() {
        let e = error_from_response(&raw(404, r#"{"error":"Resource could not be found"}"#));
        assert_eq!(e.kind(), ErrorKind::Api);
        assert_eq!(e.to_string(), "Resource could not be found");

        let e = error_from_response(&raw(401, r#"{"errors":["Invalid token"]}"#));
        assert_eq!(e.kind(), ErrorKind::Unauthorized);
        assert!(e.to_string().contains("Invalid token"));

        let e = error_from_response(&raw(503, r#"{"message":"maintenance"}"#));
        assert_eq!(e.kind(), ErrorKind::Server);

        // A JSON body with no text still maps by status.
        let e = error_from_response(&raw(422, r#"{"success":false}"#));
        assert_eq!(e.kind(), ErrorKind::Api);
        assert_eq!(e.to_string(), "request refused (HTTP 422)");
    }

    #[test]
    fn non_json_bodies_are_not_json_errors_unless_the_status_says_more() {
        let mut page = raw(404, "<html>Not Found</html>");
        page.content_type = Some("text/html".into());
        assert_eq!(error_from_response(&page).kind(), ErrorKind::NotJson);

        let mut limited = raw(429, "Retry later\n");
        limited.retry_after = Some(std::time::Duration::from_secs(30));
        let e = error_from_response(&limited);
        assert_eq!(e.kind(), ErrorKind::RateLimited);
        assert_eq!(e.retry_after(), Some(std::time::Duration::from_secs(30)));

        assert_eq!(
            error_from_response(&raw(502, "Bad Gateway")).kind(),
            ErrorKind::Server
        );
    }
}
