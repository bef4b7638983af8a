//! Typed async client for the Chatwoot **Application API** (`/api/v1/accounts/{account_id}/…`),
//! for Chatwoot servers and white-labelled ones (such as 99digital).
//!
//! ```no_run
//! # async fn demo() -> Result<(), chatwoot::Error> {
//! use chatwoot::{AssigneeType, Client, ConversationQuery, HttpConfig, Token};
//!
//! let client = Client::new("https://app.chatwoot.com", 1, Token::new("…"), HttpConfig::default())?;
//! let mine = client
//!     .conversations(&ConversationQuery { assignee_type: Some(AssigneeType::Me), ..Default::default() })
//!     .await?;
//! for c in &mine.conversations {
//!     println!("{} {:?} {}", c.id, c.customer_name(), c.unread_count);
//! }
//! client.send_reply(mine.conversations[0].id, "On it!").await?;
//! # Ok(()) }
//! ```
//!
//! Requests follow the official OpenAPI file (the tests check them against a mock
//! generated from it); where real servers differ from the file, the difference is
//! documented on the method. Answers are decoded tolerantly (see [`models`]).
//! Failures are [`Error`]s whose kind tells the caller what to do (retry, reconcile,
//! show the server's text); refusals keep the server's message verbatim.

mod account;
mod client;
mod conversations;
mod error_body;
mod messages;
pub mod models;
mod new_conversation;

pub use client::{Client, TOKEN_HEADER};
pub use conversations::{AssigneeType, ConversationQuery, StatusFilter};
pub use deskbell_transport::{Delivery, Error, ErrorKind, HttpConfig, RawResponse, Token};
pub use error_body::error_from_response;
pub use messages::{ContentType, MessagesQuery, NewMessage};
pub use models::*;
pub use new_conversation::NewConversation;

pub type Result<T, E = Error> = std::result::Result<T, E>;
