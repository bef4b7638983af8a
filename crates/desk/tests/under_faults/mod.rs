//! The rig of `outbox_under_faults`: a simulator with several operator accounts,
//! the replies they type, what the simulator ends up holding, and the process's
//! memory. Also shared by the soak tests (`outage_soak`, `clock_and_colleague`,
//! `rate_limit_storm`), which use only part of it.

#![allow(dead_code)]

use blinger_sim::{
    Author, ConversationStatus, FaultKind, FaultPlan, FaultRule, NewConversation, SeedMessage,
    SimConfig, SimHandle,
};
use deskbell_desk::outbox::OutboxEvent;
use deskbell_desk::providers::BlingerProvider;
use deskbell_desk::{AccountId, ConvKey, Payload};
use deskbell_transport::HttpConfig;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

/// Shorter than the injected delay, so a delayed answer is a client timeout
/// (the request was applied, the answer never came).
pub const CLIENT_TIMEOUT: Duration = Duration::from_millis(400);
pub const SLOW_ANSWER_MS: u64 = 600;

pub async fn start_sim() -> SimHandle {
    blinger_sim::start("127.0.0.1:0".parse().unwrap(), SimConfig::default())
        .await
        .unwrap()
}

/// One operator's account: its own token-holder, conversations and delivery loop.
pub struct Account {
    pub id: AccountId,
    pub me: i64,
    pub conversations: Vec<i64>,
    pub provider: Arc<BlingerProvider>,
}

impl Account {
    /// An operator with `conversations` open conversations, each waiting for an
    /// answer to one customer message.
    pub fn new(sim: &SimHandle, index: usize, conversations: usize) -> Self {
        Self::behind(sim, index, conversations, &sim.api_base_url())
    }

    /// The same, its client talking to `api_url` (a forwarder in front of `sim`).
    pub fn behind(sim: &SimHandle, index: usize, conversations: usize, api_url: &str) -> Self {
        let store = sim.store();
        let me = store.add_operator(&format!("Operator {index}"), &format!("op{index}@x.io"));
        let conversations = (0..conversations)
            .map(|c| {
                let id = store.add_conversation(NewConversation {
                    customer_name: Some(format!("Customer {index}-{c}")),
                    status: ConversationStatus::Inbox,
                    operator_id: Some(me),
                    unread: 1,
                    ..NewConversation::default()
                });
                store.add_message(id, SeedMessage::new(Author::Customer, "Hello?"));
                id
            })
            .collect();
        let http = HttpConfig {
            timeout: CLIENT_TIMEOUT,
            ..HttpConfig::default()
        };
        let token = SimConfig::default().token;
        let client = blinger::Client::with_config(token, api_url, &http).unwrap();
        let id = AccountId::new(format!("acct-{index}"));
        let provider = BlingerProvider::new(id.clone(), client, None, Some(me), vec![]);
        Account {
            id,
            me,
            conversations,
            provider: Arc::new(provider),
        }
    }

    pub fn key(&self, conversation: i64) -> ConvKey {
        ConvKey {
            account: self.id.clone(),
            conversation: conversation.to_string(),
        }
    }
}

/// Every fault the simulator knows, on every send endpoint and on `get` (what
/// reconcile reads), together failing about `total` of those requests.
///
/// Each rule rolls on its own and the first that fires wins, so each gets
/// `1 - (1 - total)^(1/rules)`.
pub fn every_fault(total: f64, seed: u64) -> FaultPlan {
    let kinds = [
        FaultKind::Status { code: 500 },
        FaultKind::Status { code: 503 },
        FaultKind::RateLimit {
            retry_after_secs: 1,
        },
        FaultKind::Delay { ms: SLOW_ANSWER_MS },
        FaultKind::Reset,
        FaultKind::Truncate,
        FaultKind::Html,
    ];
    let each = 1.0 - (1.0 - total).powf(1.0 / kinds.len() as f64);
    let endpoints = ["send-message", "send-note", "send-file-message", "get"];
    let rules = kinds
        .into_iter()
        .map(|kind| FaultRule::new(kind).on(&endpoints).probability(each))
        .collect();
    FaultPlan::new(rules).with_seed(seed)
}

/// The `n`-th reply typed in a conversation: mostly texts, some notes and files,
/// each unique so that a duplicate or a loss is visible.
pub fn reply(key: &ConvKey, n: usize) -> Payload {
    let tag = format!("{}/{} #{n:03}", key.account, key.conversation);
    match n % 10 {
        3 => Payload::Note {
            text: format!("note {tag}"),
        },
        7 => Payload::File {
            url: format!(
                "https://files.example/{}-{}-{n}.pdf",
                key.account, key.conversation
            ),
        },
        _ => Payload::Text {
            text: format!("reply {tag}"),
        },
    }
}

/// How a reply looks on the server, to compare sequences: `kind:content`.
pub fn expected(payload: &Payload) -> String {
    let kind = match payload {
        Payload::Note { .. } => "note",
        Payload::File { .. } => "file",
        _ => "text",
    };
    format!("{kind}:{}", payload.content())
}

/// The operators' messages the simulator holds for a conversation, in its order.
pub fn on_server(sim: &SimHandle, conversation: i64) -> Vec<String> {
    sim.store()
        .messages(conversation)
        .into_iter()
        .filter(|m| m.is_outgoing)
        .map(|m| {
            let kind = match (m.is_note, m.kind.as_str()) {
                (true, _) => "note",
                (false, "text") => "text",
                _ => "file",
            };
            format!("{kind}:{}", m.text)
        })
        .collect()
}

/// What the delivery loops reported.
#[derive(Debug, Default)]
pub struct Tally {
    pub sent: u64,
    /// Sent, but only known after reading the conversation back.
    pub reconciled: u64,
    /// Transient failures, by the transport error they were.
    pub paused: BTreeMap<&'static str, u64>,
    pub failed: u64,
    pub storage_errors: u64,
}

impl Tally {
    pub fn add(&mut self, event: &OutboxEvent) {
        match event {
            OutboxEvent::Sent { reconciled, .. } => {
                self.sent += 1;
                self.reconciled += u64::from(*reconciled);
            }
            OutboxEvent::Paused { reason, .. } => {
                *self.paused.entry(error_kind(reason)).or_default() += 1;
            }
            OutboxEvent::Failed { .. } => self.failed += 1,
            OutboxEvent::StorageError { .. } => self.storage_errors += 1,
            OutboxEvent::Sending { .. }
            | OutboxEvent::Queued { .. }
            | OutboxEvent::Removed { .. } => {}
        }
    }
}

/// The transport error kind behind a pause reason (its `Display` text).
fn error_kind(reason: &str) -> &'static str {
    const KINDS: [(&str, &str); 7] = [
        ("cannot connect", "connect"),
        ("timed out", "timeout"),
        ("server error", "server"),
        ("rate limited", "rate_limited"),
        ("connection was lost", "connection"),
        ("cut short", "incomplete_body"),
        ("instead of JSON", "not_json"),
    ];
    KINDS
        .iter()
        .find(|(text, _)| reason.contains(text))
        .map_or("other", |(_, kind)| kind)
}

/// Resident and peak memory of this process, in KiB (`VmRSS`, `VmHWM`).
pub fn memory_kib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}
