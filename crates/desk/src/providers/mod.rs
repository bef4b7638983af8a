//! [`Provider`](crate::Provider) implementations over the client crates.

pub mod blinger;
pub mod chatwoot;

pub use self::blinger::BlingerProvider;
pub use self::chatwoot::ChatwootProvider;
