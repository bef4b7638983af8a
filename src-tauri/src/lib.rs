//! Deskbell desktop app: window, tray, notifications and IPC around the
//! Tauri-free crates (clients, core, simulator).

mod cli;
mod secrets;
mod settings;

use clap::Parser;

/// Same identifier as `tauri.conf.json`: config and cache folders are named after it.
pub const APP_ID: &str = "io.deskbell.app";

pub fn run() {
    let args = cli::Cli::parse();
    if let Some(cli::Command::Account(cmd)) = args.command {
        if let Err(e) = cli::run_account_command(cmd) {
            eprintln!("deskbell: {e}");
            std::process::exit(1);
        }
        return;
    }
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("error while running Deskbell");
}
