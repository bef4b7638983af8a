//! Webhook events Blinger POSTs to the account's URL.
//!
//! The body must be strict JSON (the docs' examples carry `//` comments and a PHP
//! array; the real sender is PHP's `json_encode`, which emits neither), but the
//! values inside are read tolerantly. The `webhook` field names the event; a name
//! this version does not know gives [`WebhookEvent::Unknown`] instead of an error,
//! so a receiver keeps answering 200 when Blinger adds events.

mod payload;

pub use payload::{
    CommentEvent, ConversationEvent, MessageEvent, UserEvent, WebhookComment, WebhookConversation,
    WebhookMessage, WebhookOperator, WebhookUser,
};

use crate::models::MessageKind;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// One webhook call, by event.
#[derive(Debug, Clone, PartialEq)]
pub enum WebhookEvent {
    /// `on_conversation_unassigned`
    ConversationUnassigned(ConversationEvent),
    /// `on_conversation_assigned`
    ConversationAssigned(ConversationEvent),
    /// `on_conversation_closed`
    ConversationClosed(ConversationEvent),
    /// `on_message_incoming`: the customer wrote.
    MessageIncoming(MessageEvent),
    /// `on_message_outgoing`: an operator (or the business) wrote.
    MessageOutgoing(MessageEvent),
    /// `on_comment_incoming`
    CommentIncoming(CommentEvent),
    /// `on_comment_outgoing`
    CommentOutgoing(CommentEvent),
    /// `on_user_new`
    UserNew(UserEvent),
    /// An event this version does not know.
    Unknown { name: String },
}

/// Why a webhook body could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    #[error("the webhook body is not JSON: {0}")]
    NotJson(String),
    #[error("the webhook body is not a JSON object")]
    NotAnObject,
    #[error("the webhook body has no `webhook` field naming the event")]
    MissingName,
    #[error("the `{name}` webhook has an unexpected shape: {message}")]
    Payload { name: String, message: String },
}

/// Longest preview, in characters, before it is cut with `…`.
const PREVIEW_CHARS: usize = 140;

impl WebhookEvent {
    /// Reads a webhook body.
    pub fn parse(body: &[u8]) -> Result<WebhookEvent, WebhookError> {
        let value: Value =
            serde_json::from_slice(body).map_err(|e| WebhookError::NotJson(e.to_string()))?;
        Self::from_value(value)
    }

    /// Reads a webhook already decoded into JSON values (e.g. from a form body).
    pub fn from_value(value: Value) -> Result<WebhookEvent, WebhookError> {
        let Value::Object(map) = &value else {
            return Err(WebhookError::NotAnObject);
        };
        let name = match map.get("webhook") {
            Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_owned(),
            _ => return Err(WebhookError::MissingName),
        };
        let event = match name.as_str() {
            "on_conversation_unassigned" => {
                WebhookEvent::ConversationUnassigned(payload(&name, value)?)
            }
            "on_conversation_assigned" => {
                WebhookEvent::ConversationAssigned(payload(&name, value)?)
            }
            "on_conversation_closed" => WebhookEvent::ConversationClosed(payload(&name, value)?),
            "on_message_incoming" => WebhookEvent::MessageIncoming(payload(&name, value)?),
            "on_message_outgoing" => WebhookEvent::MessageOutgoing(payload(&name, value)?),
            "on_comment_incoming" => WebhookEvent::CommentIncoming(payload(&name, value)?),
            "on_comment_outgoing" => WebhookEvent::CommentOutgoing(payload(&name, value)?),
            "on_user_new" => WebhookEvent::UserNew(payload(&name, value)?),
            _ => WebhookEvent::Unknown { name },
        };
        Ok(event)
    }

    /// The event's name as Blinger spells it.
    pub fn name(&self) -> &str {
        match self {
            WebhookEvent::ConversationUnassigned(_) => "on_conversation_unassigned",
            WebhookEvent::ConversationAssigned(_) => "on_conversation_assigned",
            WebhookEvent::ConversationClosed(_) => "on_conversation_closed",
            WebhookEvent::MessageIncoming(_) => "on_message_incoming",
            WebhookEvent::MessageOutgoing(_) => "on_message_outgoing",
            WebhookEvent::CommentIncoming(_) => "on_comment_incoming",
            WebhookEvent::CommentOutgoing(_) => "on_comment_outgoing",
            WebhookEvent::UserNew(_) => "on_user_new",
            WebhookEvent::Unknown { name } => name,
        }
    }

    /// The conversation concerned, for every event that has one.
    pub fn conversation_id(&self) -> Option<i64> {
        match self {
            WebhookEvent::ConversationUnassigned(e)
            | WebhookEvent::ConversationAssigned(e)
            | WebhookEvent::ConversationClosed(e) => e.conversation.id,
            WebhookEvent::MessageIncoming(e) | WebhookEvent::MessageOutgoing(e) => {
                e.conversation_id
            }
            WebhookEvent::CommentIncoming(e) | WebhookEvent::CommentOutgoing(e) => {
                e.conversation_id
            }
            WebhookEvent::UserNew(_) | WebhookEvent::Unknown { .. } => None,
        }
    }

    /// The customer's side: the sender of incoming messages, the recipient of outgoing ones.
    pub fn customer(&self) -> Option<&WebhookUser> {
        match self {
            WebhookEvent::ConversationUnassigned(e)
            | WebhookEvent::ConversationAssigned(e)
            | WebhookEvent::ConversationClosed(e) => e.conversation.from_user.as_ref(),
            WebhookEvent::MessageIncoming(e) => e.from_user.as_ref(),
            WebhookEvent::MessageOutgoing(e) => e.to_user.as_ref(),
            WebhookEvent::CommentIncoming(e) => e.from_user.as_ref(),
            WebhookEvent::CommentOutgoing(e) => e.to_user.as_ref(),
            WebhookEvent::UserNew(_) | WebhookEvent::Unknown { .. } => None,
        }
    }

    /// The customer's name to show (`title`, or the new user's name), else
    /// `Customer #<user id>` when only the id is known.
    pub fn customer_name(&self) -> Option<String> {
        if let WebhookEvent::UserNew(e) = self {
            let user = e.user.as_ref()?;
            return Some(match user.display_name() {
                Some(name) => name.to_owned(),
                None => format!("Customer #{}", user.blinger_user_id.or(user.id)?),
            });
        }
        let user = self.customer()?;
        match user
            .title
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            Some(title) => Some(title.to_owned()),
            None => user.user_id.map(|id| format!("Customer #{id}")),
        }
    }

    /// The operator the conversation is assigned to, if it is (the payload sends an
    /// operator object with `null` fields when it is not).
    pub fn operator(&self) -> Option<&WebhookOperator> {
        let op = match self {
            WebhookEvent::ConversationUnassigned(e)
            | WebhookEvent::ConversationAssigned(e)
            | WebhookEvent::ConversationClosed(e) => e.conversation.operator.as_ref(),
            WebhookEvent::MessageIncoming(e) | WebhookEvent::MessageOutgoing(e) => {
                e.operator.as_ref()
            }
            WebhookEvent::CommentIncoming(e) | WebhookEvent::CommentOutgoing(e) => {
                e.operator.as_ref()
            }
            WebhookEvent::UserNew(_) | WebhookEvent::Unknown { .. } => None,
        };
        op.filter(|o| o.id.is_some())
    }

    /// A one-line text for a notification: the message or comment (whitespace
    /// collapsed, cut at 140 characters), `[image]`-style for attachments; `None`
    /// for events that carry no text.
    pub fn preview_text(&self) -> Option<String> {
        let (kind, text) = match self {
            WebhookEvent::MessageIncoming(e) | WebhookEvent::MessageOutgoing(e) => {
                let m = e.message.as_ref()?;
                (m.kind.clone(), m.message.as_deref())
            }
            WebhookEvent::CommentIncoming(e) | WebhookEvent::CommentOutgoing(e) => {
                let c = e.comment.as_ref()?;
                (c.kind.clone(), c.message.as_deref())
            }
            _ => return None,
        };
        match kind.unwrap_or(MessageKind::Text) {
            MessageKind::Text => text.map(preview).filter(|p| !p.is_empty()),
            other => Some(format!("[{other}]")),
        }
    }

    /// The customer wrote (a message or a comment): the events that should notify.
    pub fn is_incoming(&self) -> bool {
        matches!(
            self,
            WebhookEvent::MessageIncoming(_) | WebhookEvent::CommentIncoming(_)
        )
    }
}

fn payload<T: DeserializeOwned>(name: &str, value: Value) -> Result<T, WebhookError> {
    serde_json::from_value(value).map_err(|e| WebhookError::Payload {
        name: name.to_owned(),
        message: e.to_string(),
    })
}

fn preview(text: &str) -> String {
    let mut out = String::new();
    for (count, word) in text.split_whitespace().enumerate() {
        if count > 0 {
            out.push(' ');
        }
        out.push_str(word);
        if out.chars().count() > PREVIEW_CHARS {
            break;
        }
    }
    if out.chars().count() > PREVIEW_CHARS {
        out = out
            .chars()
            .take(PREVIEW_CHARS - 1)
            .collect::<String>()
            .trim_end()
            .to_owned();
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preview_collapses_and_cuts() {
        assert_eq!(preview("  hello \n\n  world "), "hello world");
        let long = "word ".repeat(100);
        let p = preview(&long);
        assert!(p.chars().count() <= PREVIEW_CHARS);
        assert!(p.ends_with('…'));
    }

    #[test]
    fn structural_errors() {
        assert!(matches!(
            WebhookEvent::parse(b"nope"),
            Err(WebhookError::NotJson(_))
        ));
        assert_eq!(WebhookEvent::parse(b"[1]"), Err(WebhookError::NotAnObject));
        assert_eq!(WebhookEvent::parse(b"{}"), Err(WebhookError::MissingName));
        assert_eq!(
            WebhookEvent::parse(br#"{"webhook":5}"#),
            Err(WebhookError::MissingName)
        );
        let e =
            WebhookEvent::parse(br#"{"webhook":"on_message_incoming","message":5}"#).unwrap_err();
        assert!(matches!(e, WebhookError::Payload { .. }), "{e:?}");
    }

    #[test]
    fn unknown_events_are_kept_by_name() {
        let e = WebhookEvent::parse(br#"{"webhook":"on_something_new","x":1}"#).unwrap();
        assert_eq!(
            e,
            WebhookEvent::Unknown {
                name: "on_something_new".into()
            }
        );
        assert_eq!(e.name(), "on_something_new");
        assert_eq!(e.conversation_id(), None);
    }
}
