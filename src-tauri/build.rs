/// Every command the page may call. Each gets an `allow-<command>` permission that
/// `capabilities/main.json` must grant to the window: with this list in place, a
/// command missing from the capability — a new one, or one renamed — is refused
/// by Tauri instead of being callable by default. (A unit test in `lib.rs` keeps
/// this list, the invoke handler and the capability in step.)
const COMMANDS: &[&str] = &[
    "app_state",
    "add_account",
    "remove_account",
    "refresh",
    "open_conversation",
    "find_conversation",
    "close_view",
    "send",
    "outbox_retry",
    "outbox_retry_all",
    "outbox_discard",
    "outbox_discard_account",
    "outbox_edit",
    "act",
    "directory",
    "set_directory_name",
    "create_conversation",
    "set_settings",
    "open_url",
    "open_logs_folder",
    "canned_replies",
    "save_canned_replies",
    "drafts",
    "save_draft",
    "webhooks",
    "set_webhook",
    "set_webhook_listen",
    "test_webhook",
];

fn main() {
    // The UI is plain files with no build step: rebuild when any of them changes.
    println!("cargo:rerun-if-changed=ui");
    println!("cargo:rerun-if-changed=capabilities");
    // tauri.conf.json sits beside the root Cargo.toml (this package's manifest),
    // where tauri-build and generate_context! look by default.
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        panic!("tauri-build: {e:#}");
    }
}
