//! `deskbell-agent`: the part of Deskbell that is always on. It runs the desk
//! runtime (accounts, polling, webhooks, the outbox) and raises native
//! notifications and shows the tray icon (Linux), in a process linked against no
//! browser engine, so the tray costs what a Rust process costs. Windows reach
//! the desk over a per-user local channel (`deskbell-ipc`); one agent runs per
//! user, and a second launch only asks the first to show its window.
//!
//!   deskbell-agent              the accounts in the settings (the demo when none)
//!   deskbell-agent --demo       the demo too
//!   deskbell-agent account …    provisioning, as `deskbell account …`

mod channel;
mod logger;
mod login_items;
mod output;
mod tray;

use deskbell_ipc::{Bound, Endpoint, Listener, Server};
use deskbell_runtime::launch::DemoStart;
use deskbell_runtime::{demo, now_ms, startup, Desk};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// Customer messages per minute in demo mode, as the app's.
const DEMO_MESSAGES_PER_MINUTE: f64 = 4.0;

fn main() {
    // Before anything opens a folder: the log file may sit in one to be moved.
    let moved = deskbell_runtime::legacy_dirs::move_all();
    logger::install();
    deskbell_runtime::legacy_dirs::log(&moved);
    let args = deskbell_cli::Cli::parse_lenient();
    if let Some(deskbell_cli::Command::Account(cmd)) = args.command {
        if let Err(e) = deskbell_cli::run_account_command(cmd) {
            eprintln!("deskbell: {e}");
            std::process::exit(1);
        }
        return;
    }
    // Two workers: the desk's work is network waits and small bursts of JSON.
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("desk")
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("deskbell-agent: cannot start: {e}");
            std::process::exit(1);
        }
    };
    // First: if this user's agent is running, this launch only asks it for its window.
    let endpoint = Endpoint::current();
    let listener = match rt.block_on(async { Listener::bind(&endpoint) }) {
        Ok(Bound::Listening(listener)) => Some(listener),
        Ok(Bound::Taken) => {
            match rt.block_on(deskbell_ipc::ask_to_show(&endpoint)) {
                Ok(()) => println!("Deskbell is already running."),
                Err(e) => eprintln!(
                    "deskbell-agent: another agent holds the lock but does not answer: {e}"
                ),
            }
            return;
        }
        // The desk, notifications and the tray still work; no window can connect.
        Err(e) => {
            log::error!("no channel for windows in {}: {e}", endpoint.dir.display());
            None
        }
    };
    let windows = Arc::new(Server::default());
    let startup = startup::load(now_ms() / 1000, &[demo::DEMO_ACCOUNT]);
    let output = output::AgentOutput::new(rt.handle().clone(), windows.clone());
    let desk = Desk::open(output.clone(), rt.handle().clone(), startup);
    output.attach(&desk);
    if let Some(listener) = listener {
        let handler = Arc::new(channel::DeskHandler::new(&desk, windows.clone()));
        let server = windows.clone();
        rt.spawn(async move { server.run(listener, handler).await });
    }
    let quit = Arc::new(Notify::new());
    let open_windows = windows.clone();
    let actions = tray::TrayActions {
        open: Arc::new(move || channel::show_windows(&open_windows)),
        quit: quit.clone(),
    };
    #[cfg(target_os = "linux")]
    match rt.block_on(tray::Tray::start(Arc::downgrade(&desk), actions)) {
        Ok(tray) => output.attach_tray(tray),
        // Notifications and the desk go on without an icon.
        Err(e) => log::warn!("no tray icon: {e}"),
    }
    #[cfg(any(windows, target_os = "macos"))]
    let (event_loop, tray_proxy) = tray::native::event_loop();
    #[cfg(any(windows, target_os = "macos"))]
    output.attach_tray(tray::native::tray(&tray_proxy));
    desk.launch(DemoStart {
        asked: args.demo,
        messages_per_minute: DEMO_MESSAGES_PER_MINUTE,
        carries_on: false,
    });
    log::info!("deskbell-agent running");
    let quitting = async move {
        tokio::select! {
            _ = quit_signal() => {}
            _ = quit.notified() => {}
        }
    };
    // Windows and macOS: the main thread runs the tray's event loop; the quit
    // signal reaches it through its proxy.
    #[cfg(any(windows, target_os = "macos"))]
    {
        rt.spawn(async move {
            quitting.await;
            tray_proxy.quit();
        });
        let tray_desk = Arc::downgrade(&desk);
        tray::native::run(event_loop, tray_desk, actions, move || {
            log::info!("deskbell-agent quitting");
            desk.before_quit();
            rt.shutdown_timeout(Duration::from_secs(2));
        })
    }
    #[cfg(not(any(windows, target_os = "macos")))]
    {
        rt.block_on(quitting);
        log::info!("deskbell-agent quitting");
        desk.before_quit();
        rt.shutdown_timeout(Duration::from_secs(2));
    }
}

/// Ctrl-C, or (Unix) the SIGTERM a session manager sends at logout.
async fn quit_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
