//! Errors as the page sees them: `{kind, message}`, so the UI can branch on
//! `kind` and show `message` (for `api`, the server's own words) as it is.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CmdError {
    pub kind: String,
    pub message: String,
}

impl CmdError {
    /// The message is scrubbed of every known token: a server may echo one back.
    pub fn new(kind: &str, message: impl Into<String>) -> Self {
        CmdError {
            kind: kind.into(),
            message: deskbell_transport::scrub(&message.into()).into_owned(),
        }
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        Self::new("not_found", what)
    }

    pub fn invalid(what: impl Into<String>) -> Self {
        Self::new("invalid_input", what)
    }

    pub fn config(what: impl Into<String>) -> Self {
        Self::new("config", what)
    }
}

impl From<deskbell_transport::Error> for CmdError {
    fn from(e: deskbell_transport::Error) -> Self {
        CmdError::new(e.kind().as_str(), e.to_string())
    }
}

impl From<deskbell_desk::outbox::OutboxError> for CmdError {
    fn from(e: deskbell_desk::outbox::OutboxError) -> Self {
        CmdError::new("outbox", e.to_string())
    }
}

pub type CmdResult<T> = Result<T, CmdError>;
