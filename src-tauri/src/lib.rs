//! Deskbell desktop app: window, tray, notifications and IPC around the
//! Tauri-free crates (clients, core, simulator).

mod account_save;
mod app_dirs;
mod badge;
mod cli;
mod commands;
#[cfg(test)]
mod contract;
mod demo;
mod error;
mod events;
mod images;
mod logging;
mod notifications;
mod people;
mod providers;
mod pumps;
mod reads;
mod runtime;
mod runtime_alerts;
mod runtime_outbox;
mod secrets;
mod settings;
mod startup;
mod thread_reads;
mod tray;
mod trim;
mod wake;
mod webhooks;
mod window;

#[cfg(test)]
mod command_list;

use runtime::{lock, Desk};
use std::sync::Arc;
use tauri::{Manager, RunEvent};

/// Same identifier as `tauri.conf.json`: config and cache folders are named after it.
pub const APP_ID: &str = "io.deskbell.app";

/// Customer messages per minute in demo mode: lively but not noisy.
const DEMO_MESSAGES_PER_MINUTE: f64 = 4.0;

pub fn run() {
    logging::install_panic_hook();
    let args = cli::Cli::parse_lenient();
    if trim::gl_can_stay_off() {
        // GTK without GL (X11): Mesa is never loaded into the app, and WebKit draws
        // the page without GL compositing, which this page does not need: ~100 MB
        // less with the window open, ~30 MB less in the tray (docs/benchmarks.md).
        std::env::set_var("GDK_GL", "disable");
    }
    if let Some(cli::Command::Account(cmd)) = args.command {
        if let Err(e) = cli::run_account_command(cmd) {
            eprintln!("deskbell: {e}");
            std::process::exit(1);
        }
        return;
    }
    let app = tauri::Builder::default()
        // First: a second launch must reach the running instance before anything starts.
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            window::show(app)
        }))
        .plugin(logging::plugin())
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            Some(vec!["--minimized"]),
        ))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_opener::init())
        .manage(images::proxy())
        .register_asynchronous_uri_scheme_protocol(images::SCHEME, images::handle)
        .setup(move |app| {
            setup(app.handle(), &args).map_err(|e| -> Box<dyn std::error::Error> { e.into() })
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_state,
            commands::add_account,
            commands::remove_account,
            commands::refresh,
            commands::open_conversation,
            commands::find_conversation,
            commands::close_view,
            commands::send,
            commands::outbox_retry,
            commands::outbox_retry_all,
            commands::outbox_discard_account,
            commands::outbox_discard,
            commands::outbox_edit,
            commands::act,
            commands::directory,
            commands::set_directory_name,
            commands::create_conversation,
            commands::set_settings,
            commands::open_url,
            commands::open_logs_folder,
            commands::canned_replies,
            commands::save_canned_replies,
            commands::drafts,
            commands::save_draft,
            commands::webhooks,
            commands::set_webhook,
            commands::set_webhook_listen,
            commands::test_webhook,
            #[cfg(feature = "e2e")]
            commands::ungranted_probe,
        ])
        .build(tauri::generate_context!())
        .expect("error while building Deskbell");
    app.run(|app, event| match event {
        // Closing the window must not quit: the desk keeps polling in the tray.
        // `code` is set only when we exit on purpose (tray → Quit).
        RunEvent::ExitRequested {
            code: None, api, ..
        } => api.prevent_exit(),
        RunEvent::WindowEvent {
            label,
            event: tauri::WindowEvent::Destroyed,
            ..
        } if label == window::MAIN => trim::schedule(app),
        _ => {}
    });
}

/// Never fails: a damaged file is set aside by `startup`, and a missing tray leaves
/// the window and notifications working. An error here would be a crash at every
/// login with autostart on.
fn setup(app: &tauri::AppHandle, args: &cli::Cli) -> Result<(), String> {
    app_dirs::make_private(app);
    let startup = startup::load(runtime::now_ms() / 1000, &[demo::DEMO_ACCOUNT]);
    let settings = startup.settings.clone();
    let desk = Desk::open(app.clone(), startup);
    app.manage(desk.clone());
    match tray::Tray::create(app, on_tray_menu) {
        Ok(tray) => {
            let _ = desk.tray.set(tray);
        }
        Err(e) => log::error!("no tray icon: {e}"),
    }

    for account in settings.accounts.clone() {
        let desk = desk.clone();
        tauri::async_runtime::spawn(async move {
            match providers::build(&account, None, &desk.roster).await {
                Ok(provider) => desk.start_account(account, provider, false),
                Err(e) => log::error!("account \"{}\" not started: {e}", account.name),
            }
        });
    }
    if settings.accounts.is_empty() || args.demo {
        start_demo(desk.clone());
    }
    tauri::async_runtime::spawn(webhooks::start(desk.clone()));
    wake::watch(desk.clone());
    if !args.minimized {
        window::show(app);
    }
    desk.refresh_tray();
    Ok(())
}

fn start_demo(desk: Arc<Desk>) {
    tauri::async_runtime::spawn(async move {
        let state_file = settings::cache_dir().join("demo-server.json");
        match demo::start(DEMO_MESSAGES_PER_MINUTE, state_file).await {
            Ok(d) => {
                let tokens = Some((d.token.clone(), Some(d.widget_token.clone())));
                match providers::build(&d.account, tokens, &desk.roster).await {
                    Ok(provider) => desk.start_account(d.account.clone(), provider, true),
                    Err(e) => log::error!("demo account not started: {e}"),
                }
                *lock(&desk.demo) = Some(d);
            }
            Err(e) => log::error!("demo server not started: {e}"),
        }
    });
}

/// A real account replaces the demo: its server and its rows go away.
pub(crate) fn stop_demo(desk: &Desk) {
    if lock(&desk.demo).take().is_some() {
        desk.stop_account(demo::DEMO_ACCOUNT);
    }
}

fn on_tray_menu(app: &tauri::AppHandle, id: &str) {
    match id {
        tray::MENU_OPEN => window::show(app),
        tray::MENU_DND => {
            let desk = app.state::<Arc<Desk>>();
            let on = {
                let mut s = lock(&desk.settings);
                s.do_not_disturb = !s.do_not_disturb;
                if let Err(e) = s.save() {
                    log::warn!("{e}");
                }
                s.do_not_disturb
            };
            lock(&desk.policy).set_do_not_disturb(on);
            desk.refresh_tray();
            desk.emit(events::DeskEvent::SettingsChanged {
                settings: lock(&desk.settings).clone(),
            });
        }
        tray::MENU_QUIT => {
            people::save_if_changed(&app.state::<Arc<Desk>>());
            app.exit(0)
        }
        _ => {}
    }
}
