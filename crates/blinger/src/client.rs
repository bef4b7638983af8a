//! The Conversation API (`https://app.blinger.io/api/conversations/…`).

use crate::conn::Conn;
use crate::de::Object;
use crate::models::{Conversation, ConversationDetail, Message};
use deskbell_transport::{Error, HttpConfig, Token};
use reqwest::Method;
use serde::de::DeserializeOwned;
use std::fmt;

/// Who performs an action, and whether Blinger should fire its webhooks for it.
///
/// `operator_id: None` leaves the field out, and Blinger then acts as the account's
/// admin; the app passes the operator's own id so actions are attributed to them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Act {
    pub operator_id: Option<i64>,
    /// Sent as `disable_webhook=1`; left out when false (the server's default is 0).
    pub disable_webhook: bool,
}

impl Act {
    /// Acts as this operator.
    pub fn operator(mut self, operator_id: i64) -> Self {
        self.operator_id = Some(operator_id);
        self
    }

    /// Acts as this operator if there is one, else as the admin.
    pub fn operator_opt(mut self, operator_id: Option<i64>) -> Self {
        self.operator_id = operator_id;
        self
    }

    /// Asks Blinger not to call the account's webhooks for this action
    /// (useful when the app itself receives those webhooks and would echo).
    pub fn without_webhook(mut self) -> Self {
        self.disable_webhook = true;
        self
    }

    fn push(&self, form: &mut Form) {
        if let Some(id) = self.operator_id {
            form.push(("operator_id", id.to_string()));
        }
        push_webhook(form, self.disable_webhook);
    }
}

/// Filters of the `unread` and `not-answered` lists; `None` leaves a parameter out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListFilter {
    pub operator_id: Option<i64>,
    pub group_id: Option<i64>,
}

type Form = Vec<(&'static str, String)>;

fn push_webhook(form: &mut Form, disable: bool) {
    if disable {
        form.push(("disable_webhook", "1".into()));
    }
}

/// A client of the Conversation API. Clones are cheap and share one connection pool.
///
/// POST bodies are sent **form-urlencoded**, not JSON: the backend is PHP, whose
/// `$_POST` is filled from form bodies only (a JSON body would need the endpoint to
/// read `php://input` itself, which the docs give no sign of). Form encoding is
/// what PHP certainly understands. GET parameters go in the query string.
#[derive(Clone)]
pub struct Client {
    conn: Conn,
}

impl Client {
    pub const DEFAULT_BASE_URL: &'static str = "https://app.blinger.io/api";

    /// A client of the real service with default HTTP settings.
    pub fn new(token: impl Into<Token>) -> Result<Self, Error> {
        Self::with_config(token, Self::DEFAULT_BASE_URL, &HttpConfig::default())
    }

    /// A client of another server (a simulator, a proxy), e.g. `http://127.0.0.1:8080/api`.
    pub fn with_base_url(token: impl Into<Token>, base_url: &str) -> Result<Self, Error> {
        Self::with_config(token, base_url, &HttpConfig::default())
    }

    /// Full control over the base URL and the HTTP settings (timeouts, body cap…).
    pub fn with_config(
        token: impl Into<Token>,
        base_url: &str,
        http: &HttpConfig,
    ) -> Result<Self, Error> {
        Ok(Client {
            conn: Conn::new(base_url, "authentication", token.into(), http)?,
        })
    }

    pub fn base_url(&self) -> &str {
        self.conn.base_url()
    }

    /// `POST conversations/start`: takes an unassigned conversation into the inbox.
    pub async fn start(&self, conversation_id: i64, act: &Act) -> Result<Conversation, Error> {
        self.act("start", conversation_id, act).await
    }

    /// `POST conversations/close`.
    pub async fn close(&self, conversation_id: i64, act: &Act) -> Result<Conversation, Error> {
        self.act("close", conversation_id, act).await
    }

    /// `POST conversations/unassign`: back to the unassigned queue.
    pub async fn unassign(&self, conversation_id: i64, act: &Act) -> Result<Conversation, Error> {
        self.act("unassign", conversation_id, act).await
    }

    /// `POST conversations/assign-operator`. Here `operator_id` is the assignee
    /// (required by the endpoint), so there is no acting operator to pass.
    pub async fn assign_operator(
        &self,
        conversation_id: i64,
        operator_id: i64,
        disable_webhook: bool,
    ) -> Result<Conversation, Error> {
        let mut form = id_form(conversation_id);
        form.push(("operator_id", operator_id.to_string()));
        push_webhook(&mut form, disable_webhook);
        self.post("assign-operator", &form).await
    }

    /// `POST conversations/assign-group`. The endpoint documents no other parameter.
    pub async fn assign_group(
        &self,
        conversation_id: i64,
        group_id: i64,
    ) -> Result<Conversation, Error> {
        let mut form = id_form(conversation_id);
        form.push(("group_id", group_id.to_string()));
        self.post("assign-group", &form).await
    }

    /// `POST conversations/send-message`: a reply the customer will see.
    /// Not idempotent: after an error whose `delivery()` is `Unknown`, read the
    /// conversation (`get`) before sending again.
    pub async fn send_message(
        &self,
        conversation_id: i64,
        text: &str,
        act: &Act,
    ) -> Result<Message, Error> {
        let mut form = id_form(conversation_id);
        form.push(("text", text.to_owned()));
        act.push(&mut form);
        self.post("send-message", &form).await
    }

    /// `POST conversations/send-file-message`: sends the file found at `file_url`.
    pub async fn send_file_message(
        &self,
        conversation_id: i64,
        file_url: &str,
        act: &Act,
    ) -> Result<Message, Error> {
        let mut form = id_form(conversation_id);
        form.push(("file_url", file_url.to_owned()));
        act.push(&mut form);
        self.post("send-file-message", &form).await
    }

    /// `POST conversations/send-note`: a private note, seen by operators only.
    /// The endpoint documents no `disable_webhook`.
    pub async fn send_note(
        &self,
        conversation_id: i64,
        text: &str,
        operator_id: Option<i64>,
    ) -> Result<Message, Error> {
        let mut form = id_form(conversation_id);
        form.push(("text", text.to_owned()));
        if let Some(id) = operator_id {
            form.push(("operator_id", id.to_string()));
        }
        self.post("send-note", &form).await
    }

    /// `GET conversations/unassigned`: waiting for an operator, newest update first, at most 1000.
    pub async fn unassigned(&self, group_id: Option<i64>) -> Result<Vec<Conversation>, Error> {
        self.list("unassigned", &[("group_id", group_id)]).await
    }

    /// `GET conversations/unread`: `inbox` conversations with unread messages, newest first, at most 1000.
    pub async fn unread(&self, filter: &ListFilter) -> Result<Vec<Conversation>, Error> {
        self.list("unread", &filter.params()).await
    }

    /// `GET conversations/not-answered`: `inbox` conversations awaiting an operator's reply.
    pub async fn not_answered(&self, filter: &ListFilter) -> Result<Vec<Conversation>, Error> {
        self.list("not-answered", &filter.params()).await
    }

    /// `GET conversations/get`: one conversation with its parties and messages.
    pub async fn get(&self, conversation_id: i64) -> Result<ConversationDetail, Error> {
        let url = self.conn.url(&["conversations", "get"]);
        let request = self
            .conn
            .request(Method::GET, url)?
            .query(&[("conversation_id", conversation_id)]);
        let detail: Object<ConversationDetail> = self.conn.send(request).await?;
        Ok(detail.0)
    }

    async fn act(
        &self,
        endpoint: &str,
        conversation_id: i64,
        act: &Act,
    ) -> Result<Conversation, Error> {
        let mut form = id_form(conversation_id);
        act.push(&mut form);
        self.post(endpoint, &form).await
    }

    async fn post<T: DeserializeOwned>(&self, endpoint: &str, form: &Form) -> Result<T, Error> {
        let url = self.conn.url(&["conversations", endpoint]);
        let request = self.conn.request(Method::POST, url)?.form(form);
        let answer: Object<T> = self.conn.send(request).await?;
        Ok(answer.0)
    }

    async fn list(
        &self,
        endpoint: &str,
        params: &[(&str, Option<i64>)],
    ) -> Result<Vec<Conversation>, Error> {
        let query: Vec<(&str, i64)> = params
            .iter()
            .filter_map(|(k, v)| v.map(|v| (*k, v)))
            .collect();
        let url = self.conn.url(&["conversations", endpoint]);
        let request = self.conn.request(Method::GET, url)?.query(&query);
        let list: List = self.conn.send(request).await?;
        Ok(list.0.into_iter().map(|c| c.0).collect())
    }
}

impl ListFilter {
    fn params(&self) -> [(&'static str, Option<i64>); 2] {
        [
            ("operator_id", self.operator_id),
            ("group_id", self.group_id),
        ]
    }
}

fn id_form(conversation_id: i64) -> Form {
    vec![("conversation_id", conversation_id.to_string())]
}

/// A list answer; tolerant of PHP's index-keyed objects and of `null`.
#[derive(serde::Deserialize)]
struct List(#[serde(deserialize_with = "crate::de::list")] Vec<Object<Conversation>>);

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client").field("conn", &self.conn).finish()
    }
}
