//! A stateful simulator of the Blinger.io APIs: the Conversation API
//! (`/api/conversations/…`), the Widget API (`/api/external/v1/…`) and
//! webhooks, on one HTTP port, following the docs in `api-docs/` to the
//! letter. It serves as the test server (with fault injection, see
//! [`FaultPlan`]) and as the app's demo server (`--demo`, `--live`).
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let sim = blinger_sim::start("127.0.0.1:0".parse().unwrap(), Default::default()).await?;
//! let id = sim.store().add_conversation(Default::default());
//! sim.store().customer_writes(id, "Hello!");
//! println!("{}", sim.api_base_url()); // http://127.0.0.1:PORT/api
//! sim.shutdown().await;
//! # Ok(()) }
//! ```

mod api_error;
pub mod demo;
pub mod error_texts;
pub mod faults;
mod handle;
mod live;
mod render;
mod routes;
mod server;
pub mod store;
mod webhooks;

use std::path::PathBuf;

pub use api_error::ApiError;
pub use faults::{parse_fault_spec, EchoShape, FaultKind, FaultPlan, FaultRule};
pub use handle::{start, SimHandle};
pub use store::{
    Author, CommentPost, ConversationSnapshot, ConversationStatus, MessageSnapshot,
    NewConversation, SeedMessage, Store,
};

/// How to run the simulator.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Conversation API token, expected in the `Authentication` header
    /// (also guards `/_sim/`).
    pub token: String,
    /// Widget API token, expected in the `Authorization` header.
    pub widget_token: String,
    /// Seed the realistic demo data (only when no state file was loaded).
    pub demo: bool,
    /// Keep customers writing in the background.
    pub live: Option<LiveConfig>,
    /// Webhook receiver URLs; every state change is POSTed to each.
    pub webhooks: Vec<String>,
    /// Load the state from this JSON file at start (if it exists) and save
    /// it there after changes.
    pub state_file: Option<PathBuf>,
    pub faults: FaultPlan,
    /// The operator used when a request leaves `operator_id` out.
    pub admin_operator_id: i64,
    /// Answer with fields the docs do not show (`last_message` and its date on list
    /// items, `is_outgoing`/`is_inner_message` on `get` messages), as some servers
    /// may: only to prove the client tolerates and uses them. Off, every answer
    /// carries exactly the documented fields.
    pub extras: bool,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            token: "sim-token".into(),
            widget_token: "sim-widget-token".into(),
            demo: false,
            live: None,
            webhooks: Vec::new(),
            state_file: None,
            faults: FaultPlan::default(),
            admin_operator_id: 1,
            extras: false,
        }
    }
}

/// Rates of the live mode. The choices (which conversation, what text) come
/// from an RNG seeded by `faults.seed` (or a fixed seed), so a run is
/// reproducible.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LiveConfig {
    /// Customer messages into open conversations, per minute.
    pub messages_per_minute: f64,
    /// Brand-new conversations, per minute.
    pub new_conversations_per_minute: f64,
}

impl LiveConfig {
    /// `messages_per_minute` customer messages, and a new conversation for
    /// every fifth of them.
    pub fn with_rate(messages_per_minute: f64) -> Self {
        Self {
            messages_per_minute,
            new_conversations_per_minute: messages_per_minute / 5.0,
        }
    }
}
