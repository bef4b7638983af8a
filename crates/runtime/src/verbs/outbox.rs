//! Replies: written to the outbox (on disk) before anything else, then delivered by
//! the account's delivery task. Every change is reported through the outbox pump,
//! whose events carry the echo the window shows.

use crate::desk::{lock, now_ms, Desk};
use crate::error::{CmdError, CmdResult};
use crate::startup::RECOVERED;
use deskbell_desk::outbox::{check_before_edit, EditCheck, EntryState, OutboxEvent, SystemClock};
use deskbell_desk::{AccountId, ConvKey, Payload, ThreadMessage};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SendInput {
    Text {
        text: String,
    },
    Note {
        text: String,
    },
    File {
        url: String,
    },
    WidgetText {
        widget_conversation: String,
        text: String,
    },
    WidgetFile {
        widget_conversation: String,
        url: String,
    },
    ChatwootMessage {
        content: String,
        private: bool,
    },
}

fn check_file_url(url: &str) -> CmdResult<String> {
    let url = url.trim();
    if crate::settings::is_http(url) {
        Ok(url.to_string())
    } else {
        Err(CmdError::invalid("the file must be an http(s) URL"))
    }
}

fn parse_id(id: &str) -> CmdResult<Uuid> {
    Uuid::parse_str(id).map_err(|_| CmdError::invalid("unknown outbox entry"))
}

impl Desk {
    /// Writes the reply to the outbox (on disk) first, then lets delivery send it:
    /// what the operator typed survives a crash or a network fault from here on.
    pub async fn send(&self, key: ConvKey, payload: SendInput) -> CmdResult<ThreadMessage> {
        if self.provider(key.account.as_str()).is_none() {
            return Err(CmdError::not_found(format!(
                "no account \"{}\"",
                key.account.as_str()
            )));
        }
        let (key, payload) = match payload {
            SendInput::Text { text } => (key, Payload::Text { text }),
            SendInput::Note { text } => (key, Payload::Note { text }),
            SendInput::File { url } => (
                key,
                Payload::File {
                    url: check_file_url(&url)?,
                },
            ),
            SendInput::WidgetText {
                widget_conversation,
                text,
            } => (
                ConvKey::new(key.account.0, widget_conversation.trim()),
                Payload::WidgetText { text },
            ),
            SendInput::WidgetFile {
                widget_conversation,
                url,
            } => (
                ConvKey::new(key.account.0, widget_conversation.trim()),
                Payload::WidgetFile {
                    url: check_file_url(&url)?,
                },
            ),
            SendInput::ChatwootMessage { content, private } => {
                (key, Payload::ChatwootMessage { content, private })
            }
        };
        if payload.is_empty() || key.conversation.is_empty() {
            return Err(CmdError::invalid("nothing to send"));
        }
        let entry = lock(&self.outbox).enqueue(key.clone(), payload, now_ms())?;
        self.report(OutboxEvent::of(&entry));
        self.wake_delivery(key.account.as_str());
        Ok(entry.echo())
    }

    pub async fn outbox_retry(&self, id: String) -> CmdResult<()> {
        let entry = lock(&self.outbox).retry(parse_id(&id)?)?;
        self.report(OutboxEvent::of(&entry));
        self.wake_delivery(entry.key.account.as_str());
        Ok(())
    }

    /// Every waiting reply of `account` (all accounts when absent) goes now, and so do
    /// replies recovered from a damaged outbox file; replies the server refused stay
    /// (each needs its own look: retry, edit or discard).
    pub async fn outbox_retry_all(&self, account: Option<String>) -> CmdResult<()> {
        let accounts: Vec<AccountId> = match account {
            Some(a) => vec![AccountId::new(a)],
            None => self
                .outbox_summary()
                .into_iter()
                .map(|s| s.account)
                .collect(),
        };
        let recovered: Vec<Uuid> = lock(&self.outbox)
            .entries()
            .iter()
            .filter(|e| accounts.contains(&e.key.account))
            .filter(|e| matches!(&e.state, EntryState::Failed { kind, .. } if kind == RECOVERED))
            .map(|e| e.id)
            .collect();
        for id in recovered {
            let entry = lock(&self.outbox).retry(id)?;
            self.report(OutboxEvent::of(&entry));
        }
        for account in accounts {
            self.resume_outbox(account.as_str());
            self.wake_delivery(account.as_str());
        }
        Ok(())
    }

    /// Drops every unsent reply of `account`: the window offers it for replies whose
    /// account is no longer set up (they can go nowhere).
    pub async fn outbox_discard_account(&self, account: String) -> CmdResult<()> {
        let gone = lock(&self.outbox).discard_account(&AccountId::new(account))?;
        for e in gone {
            self.report(OutboxEvent::Removed {
                id: e.id,
                key: e.key,
            });
        }
        Ok(())
    }

    pub async fn outbox_discard(&self, id: String) -> CmdResult<()> {
        let entry = lock(&self.outbox).discard(parse_id(&id)?, now_ms())?;
        self.report(OutboxEvent::Removed {
            id: entry.id,
            key: entry.key,
        });
        Ok(())
    }

    /// Rewrites a reply that is not out (refused, or waiting) and sends the new text. If
    /// the old one may have reached the server, the server is asked first: a reply that
    /// did arrive is reported delivered, and the edit is refused rather than sent twice.
    pub async fn outbox_edit(&self, id: String, text: String) -> CmdResult<()> {
        let id = parse_id(&id)?;
        let entry = lock(&self.outbox)
            .get(id)
            .cloned()
            .ok_or_else(|| CmdError::not_found("unknown outbox entry"))?;
        let payload = match &entry.payload {
            Payload::Text { .. } => Payload::Text { text },
            Payload::Note { .. } => Payload::Note { text },
            Payload::WidgetText { .. } => Payload::WidgetText { text },
            Payload::ChatwootMessage { private, .. } => Payload::ChatwootMessage {
                content: text,
                private: *private,
            },
            Payload::File { .. } => Payload::File {
                url: check_file_url(&text)?,
            },
            Payload::WidgetFile { .. } => Payload::WidgetFile {
                url: check_file_url(&text)?,
            },
        };
        if entry.unconfirmed {
            let provider = self.provider(entry.key.account.as_str()).ok_or_else(|| {
                CmdError::new("unconfirmed", "the account is not running, so it cannot be checked whether this message already arrived")
            })?;
            let check = check_before_edit(&self.outbox, &*provider, &SystemClock, id)
                .await
                .map_err(|e| CmdError::new("unconfirmed", e.to_string()))?;
            if let EditCheck::AlreadySent(event) = check {
                self.report(*event);
                return Err(CmdError::new(
                    "already_sent",
                    "This message reached the customer after all, so it was not changed.",
                ));
            }
        }
        let edited = lock(&self.outbox).edit(id, payload)?;
        self.report(OutboxEvent::Removed {
            id,
            key: entry.key.clone(),
        });
        self.report(OutboxEvent::of(&edited));
        self.wake_delivery(edited.key.account.as_str());
        Ok(())
    }
}
