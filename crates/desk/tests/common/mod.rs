//! An in-memory server behind the `Provider` trait, with scripted faults, and a
//! clock that follows tokio's (pausable) time.

#![allow(dead_code)]

use async_trait::async_trait;
use deskbell_desk::outbox::{After, Clock};
use deskbell_desk::{
    AccountId, Action, DeliveryState, Direction, InboxItem, ListResult, MessageKind, OutboxEntry,
    Payload, Provider, SentRef, Thread, ThreadMessage,
};
use deskbell_transport::{Error, Result};
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;
use uuid::Uuid;

/// Unix ms at the tokio instant the clock was made, then following tokio time.
pub struct TokioClock {
    origin_ms: i64,
    start: tokio::time::Instant,
}

impl TokioClock {
    pub fn new(origin_ms: i64) -> Self {
        TokioClock {
            origin_ms,
            start: tokio::time::Instant::now(),
        }
    }
}

impl Clock for TokioClock {
    fn now_ms(&self) -> i64 {
        self.origin_ms + self.start.elapsed().as_millis() as i64
    }
}

/// Which transport error a fault produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Err {
    Connect,
    RateLimited,
    Api,
    Unauthorized,
    Timeout,
    Reset,
    Incomplete,
    Server,
    NotJson,
    Decode,
}

impl Err {
    pub fn make(self) -> Error {
        match self {
            Err::Connect => Error::Connect("connection refused".into()),
            Err::RateLimited => Error::RateLimited {
                retry_after: Some(Duration::from_secs(3)),
                message: None,
            },
            Err::Api => Error::Api {
                status: 400,
                message: "The conversation is closed.".into(),
            },
            Err::Unauthorized => Error::Unauthorized {
                status: 401,
                message: "bad token".into(),
            },
            Err::Timeout => Error::Timeout,
            Err::Reset => Error::Connection("connection reset by peer".into()),
            Err::Incomplete => Error::IncompleteBody("unexpected EOF".into()),
            Err::Server => Error::Server {
                status: 502,
                message: None,
            },
            Err::NotJson => Error::NotJson {
                status: 200,
                content_type: "text/html".into(),
                snippet: "<html>".into(),
            },
            Err::Decode => Error::Decode {
                message: "missing field".into(),
                snippet: "{}".into(),
            },
        }
    }
}

/// What the next provider call does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Behaves normally (to place faults later in a sequence).
    Pass,
    /// The server never acts; the client sees this error.
    Refused(Err),
    /// The server acts (a send is stored), then the answer is lost as this error.
    Lost(Err),
    /// The process dies with the request out; `applied`: the server had acted.
    Crash { applied: bool },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub id: u64,
    /// The outbox entry that produced it (the fake can tell; a server cannot).
    pub entry: Uuid,
    pub fingerprint: String,
    pub content: String,
    pub at: i64,
    pub uuid: Option<Uuid>,
}

#[derive(Default)]
struct Server {
    messages: HashMap<String, Vec<Stored>>,
    next_id: u64,
    send_faults: VecDeque<Fault>,
    read_faults: VecDeque<Fault>,
    polls: VecDeque<Result<Vec<ListResult>>>,
    sends: usize,
    reads: usize,
    fetches: usize,
    fetch_times: Vec<tokio::time::Instant>,
}

pub struct FakeProvider {
    account: AccountId,
    server: Mutex<Server>,
    /// Chatwoot answers a send with the message id; Blinger does not.
    pub ids_in_answers: bool,
    /// What one `fetch_lists` costs, as the provider reports it.
    pub per_poll: u32,
    /// The server's clock (unix ms), shared with the outbox's.
    pub clock: std::sync::Arc<dyn Clock>,
}

impl FakeProvider {
    pub fn new(account: &str, ids_in_answers: bool, clock: std::sync::Arc<dyn Clock>) -> Self {
        FakeProvider {
            account: AccountId::new(account),
            server: Mutex::new(Server::default()),
            ids_in_answers,
            per_poll: 3,
            clock,
        }
    }

    pub fn fail_sends(&self, faults: impl IntoIterator<Item = Fault>) {
        self.server.lock().unwrap().send_faults.extend(faults);
    }

    pub fn fail_reads(&self, faults: impl IntoIterator<Item = Fault>) {
        self.server.lock().unwrap().read_faults.extend(faults);
    }

    pub fn script_polls(&self, polls: impl IntoIterator<Item = Result<Vec<ListResult>>>) {
        self.server.lock().unwrap().polls.extend(polls);
    }

    pub fn messages(&self, conversation: &str) -> Vec<Stored> {
        let s = self.server.lock().unwrap();
        s.messages.get(conversation).cloned().unwrap_or_default()
    }

    /// The outbox entries whose messages the server holds, in the order it stored them.
    pub fn entries(&self, conversation: &str) -> Vec<Uuid> {
        self.messages(conversation)
            .into_iter()
            .map(|m| m.entry)
            .collect()
    }

    pub fn contents(&self, conversation: &str) -> Vec<String> {
        self.messages(conversation)
            .into_iter()
            .map(|m| m.content)
            .collect()
    }

    /// When each `fetch_lists` happened.
    pub fn fetch_times(&self) -> Vec<tokio::time::Instant> {
        self.server.lock().unwrap().fetch_times.clone()
    }

    pub fn counts(&self) -> (usize, usize, usize) {
        let s = self.server.lock().unwrap();
        (s.sends, s.reads, s.fetches)
    }

    fn store(&self, entry: &OutboxEntry) -> Stored {
        let mut s = self.server.lock().unwrap();
        let conv = s
            .messages
            .entry(entry.key.conversation.clone())
            .or_default();
        let uuid = entry.payload.is_idempotent().then_some(entry.id);
        if let Some(existing) = conv.iter().find(|m| uuid.is_some() && m.uuid == uuid) {
            return existing.clone(); // the Widget API's idempotency
        }
        let stored = Stored {
            id: 0,
            entry: entry.id,
            fingerprint: entry.payload.fingerprint(),
            content: entry.payload.content().to_owned(),
            at: self.clock.now_ms().div_euclid(1000),
            uuid,
        };
        s.next_id += 1;
        let stored = Stored {
            id: s.next_id,
            ..stored
        };
        s.messages
            .get_mut(&entry.key.conversation)
            .unwrap()
            .push(stored.clone());
        stored
    }
}

#[async_trait]
impl Provider for FakeProvider {
    fn account(&self) -> &AccountId {
        &self.account
    }

    fn requests_per_poll(&self) -> u32 {
        self.per_poll
    }

    async fn fetch_lists(&self) -> Result<Vec<ListResult>> {
        let next = {
            let mut s = self.server.lock().unwrap();
            s.fetches += 1;
            s.fetch_times.push(tokio::time::Instant::now());
            s.polls.pop_front()
        };
        next.unwrap_or_else(|| Ok(Vec::new()))
    }

    async fn thread(&self, conversation: &str) -> Result<Thread> {
        let messages = self
            .messages(conversation)
            .into_iter()
            .map(|m| ThreadMessage {
                id: m.id.to_string(),
                text: m.content,
                kind: MessageKind::Text,
                direction: Direction::Outgoing,
                is_note: m.fingerprint.starts_with("note:"),
                author: None,
                at: m.at,
                attachment_url: None,
                delivery: DeliveryState::SENT,
                post: None,
            })
            .collect();
        Ok(Thread {
            messages,
            ..Thread::default()
        })
    }

    async fn send(&self, entry: &OutboxEntry) -> Result<SentRef> {
        let fault = {
            let mut s = self.server.lock().unwrap();
            s.sends += 1;
            s.send_faults.pop_front()
        };
        match fault {
            Some(Fault::Refused(e)) => Err(e.make()),
            Some(Fault::Lost(e)) => {
                self.store(entry);
                Err(e.make())
            }
            Some(Fault::Crash { applied }) => {
                if applied {
                    self.store(entry);
                }
                std::future::pending().await
            }
            None | Some(Fault::Pass) => {
                let m = self.store(entry);
                Ok(SentRef {
                    message_id: self.ids_in_answers.then(|| m.id.to_string()),
                    at: self.ids_in_answers.then_some(m.at),
                })
            }
        }
    }

    async fn find_sent(&self, entry: &OutboxEntry, after: &After) -> Result<Vec<SentRef>> {
        let fault = {
            let mut s = self.server.lock().unwrap();
            s.reads += 1;
            s.read_faults.pop_front()
        };
        match fault {
            Some(Fault::Refused(e)) | Some(Fault::Lost(e)) => return Err(e.make()),
            Some(Fault::Crash { .. }) => std::future::pending().await,
            None | Some(Fault::Pass) => {}
        }
        let fingerprint = entry.payload.fingerprint();
        Ok(self
            .messages(&entry.key.conversation)
            .into_iter()
            .filter(|m| m.fingerprint == fingerprint && after.admits(&m.id.to_string(), Some(m.at)))
            .map(|m| SentRef {
                message_id: Some(m.id.to_string()),
                at: Some(m.at),
            })
            .collect())
    }

    async fn act(&self, _conversation: &str, _action: &Action) -> Result<Option<InboxItem>> {
        Ok(None)
    }
}

pub fn text(t: &str) -> Payload {
    Payload::Text { text: t.into() }
}
