//! What the server answers, decoded tolerantly.
//!
//! Everything an operator needs is typed; the rest of each object is ignored.
//! The spec and real servers disagree in places (timestamps as seconds or ISO
//! strings, ids as numbers or strings, `attachment` vs `attachments`), so a field
//! that does not fit decodes as `None` / empty rather than failing the answer.
//! Only what makes an object meaningless is strict: its own `id`, and a list's
//! `payload`.

mod conversation;
pub(crate) mod de;
mod ids;
mod message;
mod people;
mod timestamp;

pub use conversation::{
    Conversation, ConversationCounts, ConversationList, ConversationMeta, ConversationStatus,
    StatusChange,
};
pub(crate) use conversation::{CountsWire, StatusChangeWire};
pub use ids::{AccountId, AgentId, ContactId, ConversationId, InboxId, MessageId, TeamId};
pub use message::{Attachment, Message, MessageList, MessageSender, MessageType, MessagesMeta};
pub use people::{Agent, Contact, Inbox, Profile, ProfileAccount, Team};
pub use timestamp::Timestamp;
