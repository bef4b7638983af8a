//! Deskbell desktop app: window, tray, notifications and IPC around the
//! Tauri-free crates (clients, core, simulator).

mod app_dirs;
mod commands;
#[cfg(test)]
mod contract;
mod front;
mod images;
mod logging;
mod tray;
mod trim;
mod window;

#[cfg(test)]
mod command_list;

use deskbell_cli as cli;
use deskbell_runtime::{demo, startup, Desk};
use std::sync::Arc;
use tauri::{Manager, RunEvent};

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
        // macOS: a click on the Dock icon asks for the window back.
        #[cfg(target_os = "macos")]
        RunEvent::Reopen { .. } => window::show(app),
        _ => {}
    });
}

/// Never fails: a damaged file is set aside by `startup`, and a missing tray leaves
/// the window and notifications working. An error here would be a crash at every
/// login with autostart on.
fn setup(app: &tauri::AppHandle, args: &cli::Cli) -> Result<(), String> {
    app_dirs::make_private(app);
    let startup = startup::load(deskbell_runtime::now_ms() / 1000, &[demo::DEMO_ACCOUNT]);
    let output = front::TauriOutput::new(app.clone());
    let rt = tauri::async_runtime::handle().inner().clone();
    let desk = Desk::open(output.clone(), rt, startup);
    output.attach(&desk);
    app.manage(desk.clone());
    match tray::Tray::create(app, on_tray_menu) {
        Ok(tray) => {
            let _ = output.tray.set(tray);
        }
        Err(e) => log::error!("no tray icon: {e}"),
    }

    desk.launch(deskbell_runtime::launch::DemoStart {
        asked: args.demo,
        messages_per_minute: DEMO_MESSAGES_PER_MINUTE,
        carries_on: std::env::var_os(trim::TRIMMED_ENV).is_some(),
    });
    if !args.minimized {
        window::show(app);
    }
    Ok(())
}

fn on_tray_menu(app: &tauri::AppHandle, id: &str) {
    match id {
        tray::MENU_OPEN => window::show(app),
        tray::MENU_DND => app.state::<Arc<Desk>>().toggle_do_not_disturb(),
        tray::MENU_QUIT => {
            app.state::<Arc<Desk>>().before_quit();
            app.exit(0)
        }
        _ => {}
    }
}
