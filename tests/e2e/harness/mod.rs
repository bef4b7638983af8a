//! The end-to-end harness. Everything panics with a readable message instead of
//! returning errors, so tests read as a list of steps:
//!
//! ```ignore
//! #[tokio::test]
//! async fn a_customer_message_shows_up() {
//!     let sim = Sim::start(SimOptions::demo());
//!     let desk = Desk::new();
//!     desk.add_account(&sim.account("Support"));
//!     let mut bell = NotifyMonitor::start();
//!     let app = desk.launch(&[]).await;
//!     app.wait_for("[role=option]", TIMEOUT).await;
//!     sim.new_conversation("telegrambot", "Ada", "Hello?").await;
//!     let n = bell.wait_for(|n| n.body == "Hello?", secs(30)).await;
//!     assert!(n.summary.starts_with("Ada"));
//!     click_newest_notification();
//!     app.wait_for_text("body", "Hello?", TIMEOUT).await;
//!     assert!(app.tray(TIMEOUT).await.labels()[0].contains("unread"));
//!     app.quit().await;
//! }
//! ```
//!
//! Tests must run inside `scripts/desktop-session.sh` (Xvfb, private D-Bus with
//! dunst, unlocked gnome-keyring, temp HOME) and one at a time: the app is a
//! single instance per D-Bus session. [`Desk`] takes a global turn so that holds
//! even without `--test-threads=1`.

// Not every test uses every helper (each test file sees the whole harness).
#![allow(dead_code, unused_imports)]

mod agent;
mod app;
mod bus;
mod desk;
mod keyring;
mod notify;
mod process;
mod running;
mod scan;
mod sim;
mod tray;

pub use app::App;
pub use desk::{Account, CliRun, Desk};
pub use keyring::{Keyring, INTERNAL_SERVICE};
pub use notify::{
    click_newest_notification, notification_server_running, send_notification, Notification,
    NotifyMonitor,
};
pub use running::AppProcess;
pub use scan::grep_for_secret;
pub use sim::{Sim, SimOptions};
pub use tray::{MenuEntry, Tray, TrayItem};

use std::future::Future;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// How long a UI step may take by default. Generous: two cores, a debug build,
/// and other builds may be running.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// How often the `wait_*` helpers look again.
pub(crate) const POLL: Duration = Duration::from_millis(100);

/// The checkout, at run time rather than build time: a shared build cache may
/// hold test binaries built from a checkout elsewhere.
pub fn repo_root() -> PathBuf {
    PathBuf::from(
        std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned()),
    )
}

pub fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

/// Cargo's target directory (`CARGO_TARGET_TMPDIR` is `<target>/tmp`), where
/// screenshots and logs go so they survive the temp HOME.
pub(crate) fn target_dir() -> PathBuf {
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().map(PathBuf::from).unwrap_or(tmp)
}

/// `<target>/e2e-shots/`: one `NAME.png` (and `NAME.html`) per failed test.
pub(crate) fn shots_dir() -> PathBuf {
    let dir = target_dir().join("e2e-shots");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// `<target>/e2e-logs/NAME/`: output of the simulator, the driver and the app.
pub(crate) fn logs_dir(test: &str) -> PathBuf {
    let dir = target_dir().join("e2e-logs").join(test);
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// The app under test: `DESKBELL_E2E_APP` if set (e.g. a release build), else the
/// `deskbell` binary Cargo built for this test target.
pub(crate) fn app_binary() -> PathBuf {
    std::env::var_os("DESKBELL_E2E_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_deskbell")))
}

/// The simulator binary, built beside the app (`cargo build -p blinger-sim`):
/// Cargo only builds the test's own package's binaries for it.
pub(crate) fn sim_binary() -> PathBuf {
    let path = app_dir_sibling("blinger-sim");
    assert!(
        path.is_file(),
        "{} is missing: run `cargo build -p blinger-sim` (scripts/e2e.sh does)",
        path.display()
    );
    path
}

fn app_dir_sibling(name: &str) -> PathBuf {
    let app = PathBuf::from(env!("CARGO_BIN_EXE_deskbell"));
    app.with_file_name(name)
}

/// The running test's name, from the thread libtest runs it on
/// (`smoke::cli_keeps_tokens_in_the_keyring` → `smoke-cli_keeps_tokens_in_the_keyring`).
pub(crate) fn test_name() -> String {
    let thread = std::thread::current();
    let raw = thread.name().unwrap_or("e2e");
    raw.replace("::", "-")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Fails early, with the fix, when run outside `scripts/desktop-session.sh`:
/// otherwise the app would talk to the real session bus and keyring.
pub(crate) fn require_desktop() {
    assert!(
        std::env::var_os("DESKBELL_IN_SESSION").is_some(),
        "the e2e tests need the throwaway desktop: run scripts/e2e.sh \
         (or scripts/desktop-session.sh cargo test --features e2e --test e2e)"
    );
}

/// Polls `check` until it returns `Some`, for at most `timeout`; panics with
/// `what` otherwise. For conditions the harness has no dedicated wait for, e.g.
/// `wait_until(TIMEOUT, "the reply reaches the server", || async { … }).await`.
pub async fn wait_until<T, F, Fut>(timeout: Duration, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        if Instant::now() >= deadline {
            panic!("timed out after {timeout:?} waiting until {what}");
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Whether process `pid` is still running (zombies count as ended).
pub fn is_running(pid: u32) -> bool {
    process::is_alive(pid)
}

/// A random-enough token, so a leaked one is unmistakable in a file scan.
pub(crate) fn random_hex() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut out = String::new();
    for _ in 0..2 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(Instant::now().elapsed().as_nanos());
        out.push_str(&format!("{:016x}", h.finish()));
    }
    out
}
