//! Typed async client for [Blinger.io](https://blinger.io):
//!
//! - [`Client`]: the Conversation API (start, close, assign, send, notes, lists, get);
//! - [`WidgetClient`]: the Widget API (assign an agent, send text or files, request a review);
//! - [`WebhookEvent`]: the events Blinger POSTs to a webhook URL;
//! - [`models`]: what the APIs answer with, decoded tolerantly.
//!
//! Failures are [`Error`]s from the shared transport crate, re-exported here, so
//! callers branch on [`ErrorKind`] and [`Delivery`] the same way for every provider.
//! A refusal by Blinger (`{"error": "text is empty", "status": 400}`) is
//! [`Error::Api`], whose `Display` is Blinger's text, verbatim.
//!
//! ```no_run
//! # async fn demo() -> Result<(), blinger::Error> {
//! use blinger::{Act, Client, ListFilter};
//! let client = Client::new("api-token")?;
//! let me = Act::default().operator(7);
//! for c in client.unread(&ListFilter { operator_id: Some(7), group_id: None }).await? {
//!     println!("{} ({})", c.customer_name(), c.channel().label());
//! }
//! client.send_message(300, "Hello!", &me).await?;
//! # Ok(()) }
//! ```

mod client;
mod conn;
pub mod de;
pub mod envelope;
pub mod models;
pub mod webhook;
mod widget;

pub use client::{Act, Client, ListFilter};
pub use deskbell_transport::{Delivery, Error, ErrorKind, HttpConfig, Token};
pub use models::{
    BlingerUser, Channel, CloseGroup, Conversation, ConversationDetail, ConversationKind, Message,
    MessageKind, Status, Tag, Tags, WidgetAgent, WidgetConversation, WidgetFile, WidgetMessage,
    WidgetReview,
};
pub use uuid::Uuid;
pub use webhook::{WebhookError, WebhookEvent};
pub use widget::WidgetClient;

pub type Result<T, E = Error> = std::result::Result<T, E>;
