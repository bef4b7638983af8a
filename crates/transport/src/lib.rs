//! HTTP plumbing shared by the Deskbell API clients.
//!
//! Both the Blinger and the Chatwoot clients send requests the same way and must
//! report failures the same way, because the outbox and the UI decide what to do
//! from the *kind* of failure (retry? reconcile first? show the server's text?),
//! not from which API produced it.

mod error;
mod exec;
mod scrub;
mod secret;

pub use error::{Delivery, Error, ErrorKind};
pub use exec::{HttpConfig, RawResponse};
pub use scrub::{remember_secret, scrub, Scrubber, MASK};
pub use secret::Token;

pub type Result<T, E = Error> = std::result::Result<T, E>;
