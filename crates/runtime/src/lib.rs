//! The running desk, free of any window toolkit: accounts and their polling,
//! webhooks, outbox delivery, thread reads, notification decisions and the tray's
//! view. It speaks to the world only through [`Output`], so the same desk runs
//! behind the Tauri app and in tests with a recorder.

pub mod account_save;
mod alerts;
pub mod badge;
pub mod deep_link;
pub mod demo;
mod desk;
pub mod error;
pub mod events;
pub mod launch;
pub mod legacy_dirs;
mod outbox_reports;
pub mod output;
pub mod people;
pub mod providers;
mod pumps;
mod reads;
pub mod secrets;
pub mod settings;
pub mod startup;
mod status;
mod thread_reads;
pub mod threads;
pub mod verbs;
pub mod wake;
pub mod webhooks;

pub use desk::{cache_path, lock, now_ms, Connection, Desk};
pub use output::{Alert, Output, TrayView};
pub use pumps::save_cache;

/// The app's identifier: config and cache folders are named after it (the same
/// as `tauri.conf.json`'s). It was `io.deskbell.app` (see `legacy_dirs`).
pub const APP_ID: &str = "io.deskbell.desk";
