//! Message endpoints: list, send (reply or note), send with a file.

use crate::models::{ConversationId, Message, MessageId, MessageList};
use crate::Client;
use deskbell_transport::Error;
use reqwest::multipart::{Form, Part};
use reqwest::Method;
use serde::Serialize;
use serde_json::{Map, Value};

/// Which messages [`Client::messages`] returns. By default the newest ones
/// (20 on a stock server, oldest first).
///
/// `before`/`after` are not in the spec (a spec-validating mock ignores them);
/// Chatwoot servers use them to page back from, or catch up after, a message id.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MessagesQuery {
    /// Messages older than this one.
    pub before: Option<MessageId>,
    /// Messages newer than this one.
    pub after: Option<MessageId>,
}

impl MessagesQuery {
    pub fn before(id: MessageId) -> Self {
        MessagesQuery {
            before: Some(id),
            after: None,
        }
    }

    pub fn after(id: MessageId) -> Self {
        MessagesQuery {
            before: None,
            after: Some(id),
        }
    }

    fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if let Some(id) = self.before {
            pairs.push(("before", id.to_string()));
        }
        if let Some(id) = self.after {
            pairs.push(("after", id.to_string()));
        }
        pairs
    }
}

/// How the server should render a message (the spec's `content_type` for new messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ContentType {
    Text,
    InputEmail,
    Cards,
    InputSelect,
    Form,
    Article,
}

/// The body of `POST …/messages`: a reply, a private note, or (on API channels)
/// a message recorded as coming from the customer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewMessage {
    content: String,
    /// The spec allows only `outgoing` and `incoming` here.
    message_type: &'static str,
    private: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_type: Option<ContentType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_attributes: Option<Map<String, Value>>,
}

impl NewMessage {
    /// A reply the customer receives.
    pub fn reply(content: impl Into<String>) -> Self {
        Self::with(content, "outgoing", false)
    }

    /// A private note, visible to agents only.
    pub fn note(content: impl Into<String>) -> Self {
        Self::with(content, "outgoing", true)
    }

    /// A message recorded as written by the customer (useful on API channels).
    pub fn incoming(content: impl Into<String>) -> Self {
        Self::with(content, "incoming", false)
    }

    fn with(content: impl Into<String>, message_type: &'static str, private: bool) -> Self {
        NewMessage {
            content: content.into(),
            message_type,
            private,
            content_type: None,
            content_attributes: None,
        }
    }

    pub fn content_type(mut self, content_type: ContentType) -> Self {
        self.content_type = Some(content_type);
        self
    }

    pub fn content_attributes(mut self, attributes: Map<String, Value>) -> Self {
        self.content_attributes = Some(attributes);
        self
    }

    pub fn is_note(&self) -> bool {
        self.private
    }
}

impl Client {
    /// `GET conversations/{id}/messages`.
    pub async fn messages(
        &self,
        conversation_id: ConversationId,
        query: MessagesQuery,
    ) -> Result<MessageList, Error> {
        let url = self.account_url(&["conversations", &conversation_id.to_string(), "messages"]);
        let request = self.request(Method::GET, url).query(&query.pairs());
        self.execute_json(request).await
    }

    /// `POST conversations/{id}/messages`.
    ///
    /// Not idempotent, and Chatwoot has no idempotency key: after an error whose
    /// `delivery()` is `Unknown`, list the messages to see whether it arrived
    /// before sending it again.
    pub async fn create_message(
        &self,
        conversation_id: ConversationId,
        message: &NewMessage,
    ) -> Result<Message, Error> {
        if message.content.trim().is_empty() {
            return Err(Error::InvalidInput("the message is empty".into()));
        }
        let url = self.messages_url(conversation_id);
        self.execute_json(self.request(Method::POST, url).json(message))
            .await
    }

    /// Sends a reply to the customer.
    pub async fn send_reply(
        &self,
        conversation_id: ConversationId,
        content: &str,
    ) -> Result<Message, Error> {
        self.create_message(conversation_id, &NewMessage::reply(content))
            .await
    }

    /// Adds a private note.
    pub async fn add_note(
        &self,
        conversation_id: ConversationId,
        content: &str,
    ) -> Result<Message, Error> {
        self.create_message(conversation_id, &NewMessage::note(content))
            .await
    }

    /// Sends a message with one file, as `multipart/form-data` with the file in
    /// `attachments[]` (the form Chatwoot's web app uses). `content` may be empty.
    ///
    /// Outside the spec: the OpenAPI file only describes JSON bodies (a
    /// spec-validating mock answers 415), but Chatwoot servers accept this form.
    /// The whole request must fit in the client's timeout.
    pub async fn create_message_with_attachment(
        &self,
        conversation_id: ConversationId,
        content: &str,
        private: bool,
        file_name: &str,
        bytes: Vec<u8>,
        mime: &str,
    ) -> Result<Message, Error> {
        if file_name.trim().is_empty() {
            return Err(Error::InvalidInput(
                "the attachment needs a file name".into(),
            ));
        }
        let file = Part::bytes(bytes)
            .file_name(file_name.to_owned())
            .mime_str(mime)
            .map_err(|_| Error::InvalidInput(format!("invalid MIME type {mime:?}")))?;
        let form = Form::new()
            .text("content", content.to_owned())
            .text("message_type", "outgoing")
            .text("private", if private { "true" } else { "false" })
            .part("attachments[]", file);
        let url = self.messages_url(conversation_id);
        self.execute_json(self.request(Method::POST, url).multipart(form))
            .await
    }

    fn messages_url(&self, conversation_id: ConversationId) -> reqwest::Url {
        self.account_url(&["conversations", &conversation_id.to_string(), "messages"])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn replies_and_notes_serialize_per_the_spec() {
        assert_eq!(
            serde_json::to_value(NewMessage::reply("Hi")).unwrap(),
            json!({"content": "Hi", "message_type": "outgoing", "private": false})
        );
        assert_eq!(
            serde_json::to_value(NewMessage::note("internal").content_type(ContentType::Text))
                .unwrap(),
            json!({"content": "internal", "message_type": "outgoing", "private": true, "content_type": "text"})
        );
        assert_eq!(
            serde_json::to_value(NewMessage::incoming("x")).unwrap()["message_type"],
            "incoming"
        );
        assert_eq!(
            serde_json::to_value(ContentType::InputSelect).unwrap(),
            "input_select"
        );
    }

    #[test]
    fn paging_pairs() {
        assert!(MessagesQuery::default().pairs().is_empty());
        assert_eq!(
            MessagesQuery::before(MessageId(9)).pairs(),
            vec![("before", "9".to_string())]
        );
        assert_eq!(
            MessagesQuery::after(MessageId(3)).pairs(),
            vec![("after", "3".to_string())]
        );
    }
}
