//! A provider that records every call it passes on (what, when it started and
//! ended, how it failed) and can run a hook when one fails. Placed under the
//! request gate, each recorded call is a request the desk really made.

use async_trait::async_trait;
use deskbell_desk::outbox::After;
use deskbell_desk::{
    AccountId, Action, InboxItem, ListResult, OutboxEntry, Provider, SentRef, Thread,
};
use deskbell_transport::{Error, ErrorKind, Result};
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Instant;

#[derive(Debug, Clone)]
pub struct Call {
    /// `fetch_lists`, `thread`, `send`, `find_sent` or `newest_message`.
    pub what: &'static str,
    pub started: Instant,
    pub ended: Option<Instant>,
    pub error: Option<ErrorKind>,
}

impl Call {
    /// HTTP requests the call can make at most (a Blinger poll reads three lists).
    pub fn max_requests(&self) -> usize {
        if self.what == "fetch_lists" {
            3
        } else {
            1
        }
    }

    /// Under way at `at`: started before it and not yet answered.
    pub fn open_at(&self, at: Instant) -> bool {
        self.started < at && self.ended.is_none_or(|end| end > at)
    }
}

/// Runs when a call fails: what the call was, the entry it carried (a send or a
/// reconcile), the error.
pub type OnError = Box<dyn Fn(&'static str, Option<&OutboxEntry>, &Error) + Send + Sync>;

pub struct Tapped {
    inner: Arc<dyn Provider>,
    calls: Mutex<Vec<Call>>,
    on_error: Option<OnError>,
}

impl Tapped {
    pub fn new(inner: Arc<dyn Provider>) -> Self {
        Tapped {
            inner,
            calls: Mutex::new(Vec::new()),
            on_error: None,
        }
    }

    pub fn on_error(mut self, hook: OnError) -> Self {
        self.on_error = Some(hook);
        self
    }

    pub fn calls(&self) -> Vec<Call> {
        self.calls.lock().unwrap().clone()
    }

    /// Calls started in `[from, to)`.
    pub fn started_between(&self, from: Instant, to: Instant) -> Vec<Call> {
        self.calls()
            .into_iter()
            .filter(|c| c.started >= from && c.started < to)
            .collect()
    }

    async fn tap<T>(
        &self,
        what: &'static str,
        entry: Option<&OutboxEntry>,
        call: impl Future<Output = Result<T>>,
    ) -> Result<T> {
        let index = {
            let mut calls = self.calls.lock().unwrap();
            calls.push(Call {
                what,
                started: Instant::now(),
                ended: None,
                error: None,
            });
            calls.len() - 1
        };
        let result = call.await;
        if let (Err(e), Some(hook)) = (&result, &self.on_error) {
            hook(what, entry, e);
        }
        let mut calls = self.calls.lock().unwrap();
        calls[index].ended = Some(Instant::now());
        calls[index].error = result.as_ref().err().map(Error::kind);
        result
    }
}

#[async_trait]
impl Provider for Tapped {
    fn account(&self) -> &AccountId {
        self.inner.account()
    }

    fn requests_per_poll(&self) -> u32 {
        self.inner.requests_per_poll()
    }

    async fn fetch_lists(&self) -> Result<Vec<ListResult>> {
        self.tap("fetch_lists", None, self.inner.fetch_lists())
            .await
    }

    async fn thread(&self, conversation: &str) -> Result<Thread> {
        self.tap("thread", None, self.inner.thread(conversation))
            .await
    }

    async fn send(&self, entry: &OutboxEntry) -> Result<SentRef> {
        self.tap("send", Some(entry), self.inner.send(entry)).await
    }

    async fn find_sent(&self, entry: &OutboxEntry, after: &After) -> Result<Vec<SentRef>> {
        self.tap("find_sent", Some(entry), self.inner.find_sent(entry, after))
            .await
    }

    async fn newest_message(&self, conversation: &str) -> Result<After> {
        self.tap(
            "newest_message",
            None,
            self.inner.newest_message(conversation),
        )
        .await
    }

    async fn act(&self, conversation: &str, action: &Action) -> Result<Option<InboxItem>> {
        self.inner.act(conversation, action).await
    }
}
