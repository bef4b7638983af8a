//! What the Blinger APIs answer with, decoded tolerantly (see [`crate::de`]).
//!
//! All models also serialize (in their Rust field names), so the app can cache them
//! and hand them to its UI; the serialized form decodes again.

mod conversation;
mod kinds;
mod message;
mod tags;
mod user;
mod widget;

pub use conversation::{CloseGroup, Conversation, ConversationDetail};
pub use kinds::{Channel, ConversationKind, MessageKind, Status};
pub use message::Message;
pub use tags::{Tag, Tags};
pub use user::BlingerUser;
pub use widget::{
    WidgetAgent, WidgetBot, WidgetConversation, WidgetEndUser, WidgetFile, WidgetFileInfo,
    WidgetFileMeta, WidgetMessage, WidgetReview,
};
