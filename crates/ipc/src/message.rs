//! What crosses the channel. Both programs come from one release, but an update
//! can replace one while the other runs: [`PROTOCOL`] tells them apart.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Bumped whenever a message changes shape.
pub const PROTOCOL: u32 = 1;

/// An error as the page sees it: `{kind, message}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Failure {
    pub kind: String,
    pub message: String,
}

impl Failure {
    pub fn new(kind: &str, message: impl Into<String>) -> Self {
        Failure {
            kind: kind.into(),
            message: message.into(),
        }
    }

    /// The agent went away (or never answered) before replying.
    pub fn agent_gone() -> Self {
        Failure::new("agent", "Deskbell's background agent is not running")
    }
}

/// From a window (or a second launch) to the agent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum ToAgent {
    /// First message of every connection. `window`: this end shows the desk and
    /// wants its events (a second launch that only asks for `Show` does not).
    Hello { protocol: u32, window: bool },
    /// A verb by the page's command name, with its arguments by name.
    Call { id: u64, verb: String, args: Value },
    /// Bring the window up (a second launch, a deep link).
    Show,
}

/// From the agent to a window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum ToWindow {
    /// The answer to `Hello`.
    Welcome { protocol: u32, agent_pid: u32 },
    /// The answer to `Call { id, .. }`.
    Reply {
        id: u64,
        #[serde(flatten)]
        outcome: Outcome,
    },
    /// A desk event for the page, as the desk serialized it.
    Event { event: Value },
    /// This window missed events (it read too slowly): reload the whole state.
    Resync,
    /// Come to the front.
    Show,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Ok(Value),
    Err(Failure),
}

impl From<Result<Value, Failure>> for Outcome {
    fn from(r: Result<Value, Failure>) -> Self {
        match r {
            Ok(v) => Outcome::Ok(v),
            Err(e) => Outcome::Err(e),
        }
    }
}

impl From<Outcome> for Result<Value, Failure> {
    fn from(o: Outcome) -> Self {
        match o {
            Outcome::Ok(v) => Ok(v),
            Outcome::Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn messages_have_a_readable_shape() {
        let call = ToAgent::Call {
            id: 7,
            verb: "send".into(),
            args: json!({"key": {"account": "a", "conversation": "1"}}),
        };
        assert_eq!(
            serde_json::to_value(&call).unwrap(),
            json!({"t": "call", "id": 7, "verb": "send",
                   "args": {"key": {"account": "a", "conversation": "1"}}})
        );
        let reply = ToWindow::Reply {
            id: 7,
            outcome: Outcome::Err(Failure::new("outbox", "full")),
        };
        assert_eq!(
            serde_json::to_value(&reply).unwrap(),
            json!({"t": "reply", "id": 7, "err": {"kind": "outbox", "message": "full"}})
        );
        for m in [reply, ToWindow::Resync, ToWindow::Show] {
            let back: ToWindow = serde_json::from_value(serde_json::to_value(&m).unwrap()).unwrap();
            assert_eq!(back, m);
        }
    }

    #[test]
    fn an_unknown_message_is_an_error_not_a_guess() {
        assert!(serde_json::from_value::<ToAgent>(json!({"t": "format_disk"})).is_err());
        assert!(serde_json::from_value::<ToAgent>(json!({"verb": "send"})).is_err());
    }
}
