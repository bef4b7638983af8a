//! The channel between the two Deskbell programs: the tray agent, which runs the
//! desk, and the window, which shows it. Local and per user only — a Unix socket
//! in an owner-only folder, or a named pipe whose access list names only the
//! user — never a network port: whoever can talk to the agent can read and send
//! what operators write to customers.
//!
//! Frames are a 4-byte big-endian length and a JSON message ([`message`]). The
//! window calls verbs by the page's command names and gets replies; the agent
//! pushes the desk's events to every connected window.

pub mod client;
pub mod endpoint;
pub mod frame;
pub mod launch;
pub mod listener;
pub mod message;
pub mod server;

pub use client::{ask_to_show, Client, Incoming};
pub use endpoint::Endpoint;
pub use listener::{Bound, Listener};
pub use message::{Failure, ToAgent, ToWindow, PROTOCOL};
pub use server::{Handler, Server};
