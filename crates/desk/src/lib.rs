//! The provider-neutral heart of Deskbell, with no window in sight.
//!
//! ```text
//! poller / webhook → provider (client crates) → Inbox (state, diff) → Change + Notification
//! UI action        → Outbox (persisted) → provider → server
//! ```
//!
//! * [`model`]: the neutral rows and messages the UI shows.
//! * [`inbox`]: last known state and the diff that yields only real changes.
//! * [`notify_policy`]: which changes are news, each told once.
//! * [`outbox`]: replies persisted before they are sent, delivered once, in order.
//! * [`provider`]: what a server must offer; [`providers`] adapts Blinger and Chatwoot.
//! * [`poller`]: the per-account polling loop.
//! * [`peek`]: reading conversations for what the lists leave out (previews, *Mine*).
//! * [`gate`]: one request budget per account, shared by polls, sends and the operator.
//! * [`thread`]: an opened conversation's messages and customer.
//! * [`cache`]: the inbox on disk, without secrets.
//! * [`roster`]: the operators, groups and agents each account's answers named.
//! * [`state_file`]: reading the app's files at start-up; damaged ones set aside.

pub mod cache;
pub mod fsutil;
pub mod gate;
pub mod inbox;
pub mod model;
pub mod notify_policy;
pub mod outbox;
pub mod peek;
pub mod poller;
pub mod provider;
pub mod providers;
pub mod roster;
pub mod state_file;
pub mod text;
pub mod thread;

pub use inbox::{Change, Inbox, InboxSnapshot, ListResult};
pub use model::*;
pub use notify_policy::{Notification, NotificationKind, NotifyConfig, NotifyPolicy, Origin};
pub use outbox::{Outbox, OutboxEntry, OutboxEvent, Payload, RetryPolicy};
pub use poller::{PollEvent, Poller, PollerConfig, Resync};
pub use provider::{
    Action, ChatwootAssignee, Directory, Named, NewConversationSpec, Provider, SentRef,
};
