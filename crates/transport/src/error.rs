use serde::ser::SerializeStruct;
use std::fmt;
use std::time::Duration;

/// Everything that can go wrong talking to a server, by what the caller can do about it.
///
/// Its `Display` (and so `to_string()`, [`Error::public_text`] and what the UI
/// receives) masks every known token: a server may echo one back in its text.
#[derive(Debug)]
pub enum Error {
    /// The server refused the request and said why; `message` is its text, verbatim.
    Api { status: u16, message: String },
    /// Wrong, expired or missing token.
    Unauthorized { status: u16, message: String },
    /// HTTP 429 (or an envelope saying so). `retry_after` comes from the `Retry-After` header.
    RateLimited {
        retry_after: Option<Duration>,
        message: Option<String>,
    },
    /// 5xx: the server failed; the action may or may not have been applied.
    Server {
        status: u16,
        message: Option<String>,
    },
    /// No complete answer within the client's timeout.
    Timeout,
    /// Could not open a connection: the request certainly never reached the server.
    Connect(String),
    /// The connection broke after the request was sent (reset, closed): outcome unknown.
    Connection(String),
    /// Headers arrived but the body was cut short.
    IncompleteBody(String),
    /// The server answered with something that is not JSON (an HTML error page, a proxy page…).
    NotJson {
        status: u16,
        content_type: String,
        snippet: String,
    },
    /// JSON, but not in the shape this API documents.
    Decode { message: String, snippet: String },
    /// The answer is larger than the configured cap.
    TooLarge { limit: usize },
    /// The caller's input cannot be sent (bad URL, empty id…); nothing left the machine.
    InvalidInput(String),
}

/// A stable, machine-readable name for each failure, sent to the UI as `kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    Api,
    Unauthorized,
    RateLimited,
    Server,
    Timeout,
    Connect,
    Connection,
    IncompleteBody,
    NotJson,
    Decode,
    TooLarge,
    InvalidInput,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Api => "api",
            ErrorKind::Unauthorized => "unauthorized",
            ErrorKind::RateLimited => "rate_limited",
            ErrorKind::Server => "server",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Connect => "connect",
            ErrorKind::Connection => "connection",
            ErrorKind::IncompleteBody => "incomplete_body",
            ErrorKind::NotJson => "not_json",
            ErrorKind::Decode => "decode",
            ErrorKind::TooLarge => "too_large",
            ErrorKind::InvalidInput => "invalid_input",
        }
    }
}

/// What a failed request tells us about whether the server acted on it.
/// A non-idempotent send may be retried blindly only when it was `NotApplied`;
/// when `Unknown`, the caller must first read the server's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// The server did not act on it (never reached it, or refused it).
    NotApplied,
    /// It may have been applied.
    Unknown,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::scrub(&self.raw_text()))
    }
}

impl std::error::Error for Error {}

impl Error {
    /// The message with every known token masked: what may be stored, logged or
    /// shown (a server can echo a token back in its error text). The same as
    /// `to_string()`.
    pub fn public_text(&self) -> String {
        self.to_string()
    }

    /// The message as the server's words make it, before masking.
    fn raw_text(&self) -> String {
        match self {
            Error::Api { message, .. } => message.clone(),
            Error::Unauthorized { message, .. } => format!("not authorized: {message}"),
            Error::RateLimited { retry_after, .. } => {
                format!("rate limited{}", retry_hint(retry_after))
            }
            Error::Server { status, message } => {
                format!("server error (HTTP {status}){}", opt_text(message))
            }
            Error::Timeout => "the request timed out".into(),
            Error::Connect(cause) => format!("cannot connect to the server: {cause}"),
            Error::Connection(cause) => format!("the connection was lost: {cause}"),
            Error::IncompleteBody(cause) => format!("the server's answer was cut short: {cause}"),
            Error::NotJson {
                status,
                content_type,
                snippet,
            } => format!(
                "the server answered with {content_type} instead of JSON (HTTP {status}): {snippet}"
            ),
            Error::Decode { message, .. } => {
                format!("unexpected answer from the server: {message}")
            }
            Error::TooLarge { limit } => {
                format!("the server's answer is larger than {limit} bytes")
            }
            Error::InvalidInput(text) => text.clone(),
        }
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Api { .. } => ErrorKind::Api,
            Error::Unauthorized { .. } => ErrorKind::Unauthorized,
            Error::RateLimited { .. } => ErrorKind::RateLimited,
            Error::Server { .. } => ErrorKind::Server,
            Error::Timeout => ErrorKind::Timeout,
            Error::Connect(_) => ErrorKind::Connect,
            Error::Connection(_) => ErrorKind::Connection,
            Error::IncompleteBody(_) => ErrorKind::IncompleteBody,
            Error::NotJson { .. } => ErrorKind::NotJson,
            Error::Decode { .. } => ErrorKind::Decode,
            Error::TooLarge { .. } => ErrorKind::TooLarge,
            Error::InvalidInput(_) => ErrorKind::InvalidInput,
        }
    }

    /// Transient failures worth trying again later (after reconciling, for unsafe calls).
    pub fn is_transient(&self) -> bool {
        matches!(
            self.kind(),
            ErrorKind::RateLimited
                | ErrorKind::Server
                | ErrorKind::Timeout
                | ErrorKind::Connect
                | ErrorKind::Connection
                | ErrorKind::IncompleteBody
                | ErrorKind::NotJson
        )
    }

    pub fn delivery(&self) -> Delivery {
        match self {
            Error::Connect(_)
            | Error::InvalidInput(_)
            | Error::Api { .. }
            | Error::Unauthorized { .. }
            | Error::RateLimited { .. } => Delivery::NotApplied,
            _ => Delivery::Unknown,
        }
    }

    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// Builds the error for a refusal with a known status and (maybe) the server's text.
    /// Used for Blinger's envelope `status` and for Chatwoot's HTTP status alike.
    pub fn from_status(
        status: u16,
        message: Option<String>,
        retry_after: Option<Duration>,
    ) -> Self {
        match status {
            401 | 403 => Error::Unauthorized {
                status,
                message: message.unwrap_or_else(|| "access denied".into()),
            },
            429 => Error::RateLimited {
                retry_after,
                message,
            },
            500..=599 => Error::Server { status, message },
            _ => Error::Api {
                status,
                message: message.unwrap_or_else(|| format!("request refused (HTTP {status})")),
            },
        }
    }
}

/// The UI receives errors as `{kind, message}` so it can branch on `kind`
/// and show `message` (the server's own words for `api`) as it is.
impl serde::Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Error", 3)?;
        s.serialize_field("kind", self.kind().as_str())?;
        s.serialize_field("message", &self.to_string())?;
        s.serialize_field("retry_after_secs", &self.retry_after().map(|d| d.as_secs()))?;
        s.end()
    }
}

fn retry_hint(after: &Option<Duration>) -> String {
    after
        .map(|d| format!(", retry in {} s", d.as_secs()))
        .unwrap_or_default()
}

fn opt_text(message: &Option<String>) -> String {
    message
        .as_ref()
        .map(|m| format!(": {m}"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the outbox stores and the window shows: the server's words, minus tokens.
    #[test]
    fn public_text_masks_an_echoed_token() {
        let token = crate::Token::new("echoed-token-5f2a9c8e71d4");
        let e = Error::Unauthorized {
            status: 401,
            message: format!("token {} is not valid", token.expose()),
        };
        assert_eq!(e.public_text(), "not authorized: token *** is not valid");
    }

    #[test]
    fn api_error_shows_the_server_text_verbatim() {
        let e = Error::from_status(400, Some("text is empty".into()), None);
        assert_eq!(e.to_string(), "text is empty");
        assert_eq!(e.kind(), ErrorKind::Api);
        assert_eq!(e.delivery(), Delivery::NotApplied);
        assert!(!e.is_transient());
    }

    #[test]
    fn statuses_map_to_kinds() {
        assert_eq!(
            Error::from_status(401, None, None).kind(),
            ErrorKind::Unauthorized
        );
        assert_eq!(
            Error::from_status(403, None, None).kind(),
            ErrorKind::Unauthorized
        );
        let limited = Error::from_status(429, None, Some(Duration::from_secs(7)));
        assert_eq!(limited.retry_after(), Some(Duration::from_secs(7)));
        assert!(limited.is_transient());
        let server = Error::from_status(503, None, None);
        assert_eq!(server.kind(), ErrorKind::Server);
        assert_eq!(server.delivery(), Delivery::Unknown);
    }

    #[test]
    fn serializes_for_the_ui_as_kind_and_message() {
        let e = Error::from_status(400, Some("The conversation is closed.".into()), None);
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["kind"], "api");
        assert_eq!(v["message"], "The conversation is closed.");
    }
}
