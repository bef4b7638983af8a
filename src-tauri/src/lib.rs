//! Deskbell's window: the page, and its commands forwarded to the tray agent
//! (`deskbell-agent`), which runs the desk, the tray icon and notifications.
//! The window is started on demand and ends when it is closed; if no agent
//! runs, it starts one. `deskbell --minimized` only makes sure the agent runs.

mod agent_link;
mod app_dirs;
mod commands;
#[cfg(test)]
mod contract;
mod deep_links;
mod images;
mod logging;
mod taskbar;
mod webkit_env;
mod window;

#[cfg(test)]
mod command_list;

use agent_link::AgentLink;
use deskbell_cli as cli;
use deskbell_ipc::Endpoint;
#[cfg(target_os = "macos")]
use tauri::RunEvent;

pub fn run() {
    logging::install_panic_hook();
    // Before any plugin or command opens a folder named after the identifier.
    let moved = deskbell_runtime::legacy_dirs::move_all();
    let args = cli::Cli::parse_lenient();
    webkit_env::apply();
    if let Some(cli::Command::Account(cmd)) = args.command {
        if let Err(e) = cli::run_account_command(cmd) {
            eprintln!("deskbell: {e}");
            std::process::exit(1);
        }
        return;
    }
    let agent_args = if args.demo { vec!["--demo"] } else { vec![] };
    if args.minimized {
        // The tray without a window: that is the agent alone.
        ensure_agent(&agent_args);
        return;
    }
    let link = AgentLink::new(Endpoint::current(), agent_args);
    let app = tauri::Builder::default()
        // First: a second launch must reach the running instance before anything starts.
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            window::show(app)
        }))
        // After single-instance: a second launch's link then reaches this one.
        .plugin(tauri_plugin_deep_link::init())
        .plugin(logging::plugin())
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_opener::init())
        .manage(images::proxy())
        .manage(link.clone())
        .register_asynchronous_uri_scheme_protocol(images::SCHEME, images::handle)
        .setup(move |app| {
            deskbell_runtime::legacy_dirs::log(&moved);
            app_dirs::make_private(app.handle());
            tauri::async_runtime::spawn(link.clone().run(app.handle().clone()));
            deep_links::listen(app.handle(), link);
            window::show(app.handle());
            Ok(())
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
    app.run(|_app, _event| {
        // macOS: a click on the Dock icon asks for the window back.
        #[cfg(target_os = "macos")]
        if let RunEvent::Reopen { .. } = _event {
            window::show(_app)
        }
    });
}

/// Starts the agent unless it runs, and waits (up to 10 s) until it answers.
fn ensure_agent(agent_args: &[&str]) {
    let rt = tauri::async_runtime::handle();
    let endpoint = Endpoint::current();
    let connect = agent_link::connect_or_start(&endpoint, agent_args);
    let connected = rt.block_on(async {
        tokio::time::timeout(std::time::Duration::from_secs(10), connect).await
    });
    if connected.is_err() {
        eprintln!("deskbell: the agent did not answer within 10 s");
        std::process::exit(1);
    }
}
