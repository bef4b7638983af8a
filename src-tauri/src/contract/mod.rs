//! The page's contract, generated from the Rust types: `docs/ipc.schema.json` (JSON
//! Schemas of every command's arguments and result, the event and the error) and
//! `tests/ui/support/fixtures.rust.json` (sample values serialized by serde, which
//! the UI tests' fake backend serves). Both are checked in; the tests below fail
//! when either is stale. `DESKBELL_CONTRACT=write` rewrites them.

mod commands;
mod fixtures;
mod people;
mod schema;
mod webhook_fixtures;

use deskbell_runtime::error::CmdError;
use deskbell_runtime::events::DeskEvent;
use serde_json::Value;
use std::path::{Path, PathBuf};

const REGENERATE: &str = "DESKBELL_CONTRACT=write cargo test -p deskbell --lib contract";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn document() -> Value {
    let mut doc = schema::Doc::new();
    commands::describe(&mut doc);
    let event = doc.sent::<DeskEvent>();
    let error = doc.sent::<CmdError>();
    doc.finish(event, error)
}

fn render(value: Value) -> String {
    let mut text = serde_json::to_string_pretty(&schema::sorted(value)).expect("JSON");
    text.push('\n');
    text
}

/// Compares a generated file with the checked-in one, or rewrites it when asked.
fn check(relative: &str, generated: String) {
    let path = root().join(relative);
    if std::env::var("DESKBELL_CONTRACT").as_deref() == Ok("write") {
        std::fs::write(&path, &generated).expect("write the generated file");
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == generated,
        "{relative} is stale: the Rust types changed. Regenerate it with\n    {REGENERATE}\nand commit it."
    );
}

#[test]
fn the_checked_in_schema_is_current() {
    check("docs/ipc.schema.json", render(document()));
}

#[test]
fn the_checked_in_fixtures_are_current() {
    check(
        "tests/ui/support/fixtures.rust.json",
        render(fixtures::fixtures()),
    );
}

/// The `#[tauri::command]` functions in `dir`: name, whether it keeps snake_case
/// argument names, and its argument names (the managed state left out).
fn declared_commands(dir: &Path) -> Vec<(String, bool, Vec<String>)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("the commands folder") {
        let text = std::fs::read_to_string(entry.expect("an entry").path()).expect("source");
        let chunks: Vec<&str> = text.split("#[tauri::command").collect();
        for (before, chunk) in chunks.iter().zip(chunks.iter().skip(1)) {
            // Test-only commands (e2e builds) are not part of the page's contract.
            if before.trim_end().ends_with("#[cfg(feature = \"e2e\")]") {
                continue;
            }
            let snake = chunk.starts_with("(rename_all = \"snake_case\")]");
            let after = chunk.split("fn ").nth(1).expect("a fn after the attribute");
            let (name, rest) = after.split_once('(').expect("a parameter list");
            let params = rest.split_once(") ->").expect("a return type").0;
            let args = params
                .split(',')
                .filter_map(|p| p.split_once(':').map(|(n, _)| n.trim().to_owned()))
                .filter(|n| !n.is_empty() && n != "desk" && n != "app")
                .collect();
            found.push((name.trim().to_owned(), snake, args));
        }
    }
    found.sort();
    found
}

#[test]
fn the_table_names_every_command_and_argument() {
    let declared = declared_commands(&root().join("src-tauri/src/commands"));
    let table = commands::arguments();
    let names: Vec<&str> = declared.iter().map(|(n, ..)| n.as_str()).collect();
    let mut listed = commands::NAMES.to_vec();
    listed.sort();
    assert_eq!(
        names, listed,
        "src-tauri/src/contract/commands.rs lists every command"
    );
    for (name, snake, args) in &declared {
        assert_eq!(&table[name.as_str()], args, "arguments of {name}");
        // Tauri reads argument names in camelCase unless told otherwise; the page
        // (and the contract) use the Rust names.
        for arg in args.iter().filter(|a| a.contains('_')) {
            assert!(
                snake,
                "{name}: argument {arg} would be read as camelCase; use #[tauri::command(rename_all = \"snake_case\")]"
            );
        }
    }
    let lib = std::fs::read_to_string(root().join("src-tauri/src/lib.rs")).expect("lib.rs");
    let handler = lib
        .split("generate_handler![")
        .nth(1)
        .and_then(|s| s.split(']').next())
        .expect("the handler list");
    let mut registered: Vec<&str> = handler
        .split(',')
        .filter_map(|s| s.trim().strip_prefix("commands::"))
        .collect();
    registered.sort();
    assert_eq!(
        registered, listed,
        "every command in the table is registered"
    );
}
