//! End-to-end tests: the built `deskbell` binary under Xvfb, driven through
//! WebDriver (`tauri-driver` + `WebKitWebDriver`) against `blinger-sim`, with
//! notifications, the keyring and the tray read back over the private D-Bus.
//!
//! Run them with `scripts/e2e.sh` (it builds everything and sets up the desktop);
//! by hand: `scripts/desktop-session.sh cargo test --features e2e --test e2e`.
//! The harness lives in `harness/`; see its module docs for the API.

mod harness;
mod smoke;

// Shared steps (see each module's docs).
mod bait;
mod desktop;
mod hooks;
mod ipc_log;
mod page;
mod probe;
mod sim_view;

// The tests.
mod actions;
mod bench;
mod capabilities;
mod csp;
mod directory;
mod documented;
mod echoes;
mod images;
mod inbox;
mod logs;
mod outbox;
mod secrets;
mod shots;
mod split;
mod thread;
mod tray;
mod webhook_accounts;
mod webhooks;
mod window;
