//! Which bodies are taken, by `Content-Type`, and how they become JSON values.
//!
//! The docs show JSON bodies and say nothing of headers. The sender is PHP, so
//! three shapes are plausible: JSON sent as `application/json` (an HTTP library
//! asked to send JSON); the same JSON sent as `application/x-www-form-urlencoded`
//! (curl's default type for a string body, when no header is set); and the
//! event's array sent as a form with PHP's bracket keys (`http_build_query`).
//! All three are taken; anything else (no type, `text/plain`, multipart, which
//! cannot carry PHP's nested arrays) gets 415.

use crate::form;
use axum::http::{header, HeaderMap};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Json,
    Form,
}

/// The format a request declares, if it is one we take.
pub(crate) fn format(headers: &HeaderMap) -> Option<Format> {
    let declared = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let mime = declared.split(';').next()?.trim().to_ascii_lowercase();
    match mime.as_str() {
        "application/json" | "text/json" => Some(Format::Json),
        m if m.starts_with("application/") && m.ends_with("+json") => Some(Format::Json),
        "application/x-www-form-urlencoded" => Some(Format::Form),
        _ => None,
    }
}

/// The body as JSON values.
pub(crate) fn value(format: Format, body: &[u8]) -> Result<Value, String> {
    let json = match format {
        Format::Json => true,
        // A form never starts with `{` (PHP's keys are names), a JSON event does.
        Format::Form => body.trim_ascii_start().starts_with(b"{"),
    };
    if json {
        serde_json::from_slice(body).map_err(|e| format!("the body is not JSON: {e}"))
    } else {
        form::to_value(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn typed(value: &'static str) -> Option<Format> {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(value));
        format(&headers)
    }

    #[test]
    fn json_and_form_types_are_taken_others_are_not() {
        assert_eq!(typed("application/json"), Some(Format::Json));
        assert_eq!(typed("Application/JSON; charset=UTF-8"), Some(Format::Json));
        assert_eq!(typed("application/vnd.blinger+json"), Some(Format::Json));
        assert_eq!(
            typed("application/x-www-form-urlencoded; charset=utf-8"),
            Some(Format::Form)
        );
        assert_eq!(typed("text/plain"), None);
        assert_eq!(typed("multipart/form-data; boundary=x"), None);
        assert_eq!(typed("application/jsonp"), None);
        assert_eq!(format(&HeaderMap::new()), None, "no type at all");
    }

    #[test]
    fn a_form_typed_json_body_is_read_as_json() {
        let v = value(Format::Form, b"  {\"webhook\":\"on_user_new\"}").unwrap();
        assert_eq!(v["webhook"], "on_user_new");
        let v = value(Format::Form, b"webhook=on_user_new&user%5Bid%5D=5").unwrap();
        assert_eq!(v["user"]["id"], "5");
        assert!(value(Format::Json, b"webhook=on_user_new").is_err());
    }
}
