//! Request parameters, read the way the real backends would read them.
//!
//! The Conversation API backend is PHP (the webhook docs show PHP array
//! syntax). PHP fills `$_POST` from `application/x-www-form-urlencoded` and
//! `multipart/form-data` bodies only; a JSON body is not parsed unless the
//! app does it by hand, and nothing in the docs says it does. So POST bodies
//! are read as form-urlencoded or multipart, and a JSON body is deliberately
//! *not* understood: its parameters count as missing, and the client gets the
//! same "… is empty" error it would get from the real server. GET parameters
//! come from the query string only.
//!
//! The Widget API is a separate JSON service (camelCase fields, UUIDs), so
//! [`Params::from_json_or_form`] reads JSON there, and forms too.

use std::collections::HashMap;

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header::CONTENT_TYPE;
use serde_json::Value;

use crate::api_error::ApiError;
use crate::error_texts as texts;

/// Not from the docs: the text for a body that cannot be parsed at all.
const MALFORMED_BODY: &str = "Malformed request body.";

/// Parameters by name; a repeated name keeps its last value (as PHP does).
#[derive(Debug, Default)]
pub struct Params(HashMap<String, String>);

fn content_type(req: &Request) -> String {
    req.headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase()
}

impl Params {
    /// From the query string of a GET request.
    pub fn from_query(req: &Request) -> Result<Self, ApiError> {
        let query = req.uri().query().unwrap_or_default();
        Self::parse_urlencoded(query.as_bytes())
    }

    fn parse_urlencoded(bytes: &[u8]) -> Result<Self, ApiError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(bytes)
            .map_err(|_| ApiError::bad_request(MALFORMED_BODY))?;
        Ok(Self(pairs.into_iter().collect()))
    }

    /// From a PHP-style POST body: form-urlencoded or multipart; anything
    /// else (JSON included) yields no parameters.
    pub async fn from_form_body(req: Request) -> Result<Self, ApiError> {
        let ct = content_type(&req);
        if ct.starts_with("application/x-www-form-urlencoded") {
            let bytes = body_bytes(req).await?;
            return Self::parse_urlencoded(&bytes);
        }
        if ct.starts_with("multipart/form-data") {
            return Self::from_multipart(req).await;
        }
        Ok(Self::default())
    }

    async fn from_multipart(req: Request) -> Result<Self, ApiError> {
        let mut multipart = Multipart::from_request(req, &())
            .await
            .map_err(|_| ApiError::bad_request(MALFORMED_BODY))?;
        let mut map = HashMap::new();
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|_| ApiError::bad_request(MALFORMED_BODY))?
        {
            // Uploaded files are not parameters (PHP puts them in $_FILES).
            if field.file_name().is_some() {
                continue;
            }
            let Some(name) = field.name().map(str::to_owned) else {
                continue;
            };
            let value = field
                .text()
                .await
                .map_err(|_| ApiError::bad_request(MALFORMED_BODY))?;
            map.insert(name, value);
        }
        Ok(Self(map))
    }

    /// From a JSON object body, or a form body (Widget API).
    pub async fn from_json_or_form(req: Request) -> Result<Self, ApiError> {
        let ct = content_type(&req);
        if !ct.starts_with("application/json") {
            return Self::from_form_body(req).await;
        }
        let bytes = body_bytes(req).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Self::default());
        }
        let value: Value =
            serde_json::from_slice(&bytes).map_err(|_| ApiError::bad_request(MALFORMED_BODY))?;
        let Value::Object(map) = value else {
            return Err(ApiError::bad_request(MALFORMED_BODY));
        };
        let map = map
            .into_iter()
            .filter_map(|(k, v)| match v {
                Value::String(s) => Some((k, s)),
                Value::Null => None,
                other => Some((k, other.to_string())),
            })
            .collect();
        Ok(Self(map))
    }

    /// The raw value; None when missing.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// An optional integer: missing or empty is None, anything else must
    /// parse (the error text is ours, the docs have none).
    pub fn int(&self, name: &str) -> Result<Option<i64>, ApiError> {
        match self.get(name).map(str::trim) {
            None | Some("") => Ok(None),
            Some(raw) => raw
                .parse()
                .map(Some)
                .map_err(|_| ApiError::bad_request(texts::not_an_integer(name))),
        }
    }

    /// A required integer; `empty_text` when missing.
    pub fn required_int(&self, name: &str, empty_text: &str) -> Result<i64, ApiError> {
        self.int(name)?
            .ok_or_else(|| ApiError::bad_request(empty_text))
    }

    /// A 0/1 flag like `disable_webhook` (default 0).
    pub fn flag(&self, name: &str) -> Result<bool, ApiError> {
        match self.get(name).map(str::trim) {
            Some("true") => Ok(true),
            Some("false") => Ok(false),
            _ => Ok(self.int(name)?.unwrap_or(0) != 0),
        }
    }
}

async fn body_bytes(req: Request) -> Result<bytes::Bytes, ApiError> {
    // 10 MiB is far more than any form of this API needs.
    axum::body::to_bytes(req.into_body(), 10 << 20)
        .await
        .map_err(|_| ApiError::bad_request(MALFORMED_BODY))
}
