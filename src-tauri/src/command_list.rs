//! The three lists of the page's commands agree: the invoke handler (`lib.rs`),
//! the app manifest (`build.rs`, which makes an `allow-…` permission for each) and
//! the window's capability. A command in the handler but not in the other two
//! would be refused at run time; one granted but gone would be a stale grant.

use std::collections::BTreeSet;

fn quoted_in(text: &str, start: &str, end: &str) -> Vec<String> {
    let from = text.find(start).expect("start marker") + start.len();
    let to = from + text[from..].find(end).expect("end marker");
    text[from..to]
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

fn handler() -> BTreeSet<String> {
    let lib = include_str!("lib.rs");
    let from = lib.find("generate_handler![").expect("the invoke handler");
    let to = from + lib[from..].find("])").expect("end of the handler");
    let mut names = BTreeSet::new();
    let mut gated = false;
    for line in lib[from..to].lines().map(str::trim) {
        if line.starts_with("#[cfg(") {
            gated = true;
            continue;
        }
        if let Some(name) = line.strip_prefix("commands::") {
            if !std::mem::take(&mut gated) {
                names.insert(name.trim_end_matches(',').to_owned());
            }
        }
    }
    names
}

#[test]
fn handler_manifest_and_capability_list_the_same_commands() {
    let handler = handler();
    assert!(handler.len() > 10, "{handler:?}");
    let manifest: BTreeSet<String> =
        quoted_in(include_str!("../build.rs"), "COMMANDS: &[&str] = &[", "];")
            .into_iter()
            .collect();
    let capability: serde_json::Value =
        serde_json::from_str(include_str!("../../capabilities/main.json")).unwrap();
    let granted: BTreeSet<String> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str()?.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect();
    assert_eq!(
        handler, manifest,
        "lib.rs invoke handler vs build.rs COMMANDS"
    );
    assert_eq!(
        manifest, granted,
        "build.rs COMMANDS vs capabilities/main.json"
    );
}

/// The commands' sources, to see which of them reach the desk.
const COMMAND_SOURCES: &[&str] = &[
    include_str!("commands/accounts.rs"),
    include_str!("commands/conversations.rs"),
    include_str!("commands/outbox.rs"),
    include_str!("commands/people.rs"),
    include_str!("commands/prefs.rs"),
    include_str!("commands/webhook_settings.rs"),
];

/// Whether command `name` takes the desk (a `DeskState` parameter).
fn takes_the_desk(name: &str) -> bool {
    let head = format!("fn {name}(");
    let source = COMMAND_SOURCES
        .iter()
        .find(|s| s.contains(&head))
        .unwrap_or_else(|| panic!("no source for command {name}"));
    let from = source.find(&head).unwrap() + head.len();
    let params = &source[from..from + source[from..].find(')').unwrap()];
    params.contains("DeskState")
}

/// The agent runs the desk for its windows: every command that touches the desk
/// must be a verb it can dispatch, and every verb must be some command's.
#[test]
fn every_command_on_the_desk_is_a_verb_the_agent_runs() {
    let handler = handler();
    let verbs: BTreeSet<String> = deskbell_runtime::verbs::DESK_VERBS
        .iter()
        .map(|v| v.to_string())
        .collect();
    let on_desk: BTreeSet<String> = handler
        .iter()
        .filter(|c| takes_the_desk(c))
        .cloned()
        .collect();
    assert_eq!(
        on_desk, verbs,
        "commands on the desk vs the verbs the agent dispatches"
    );
    assert!(
        handler.len() > verbs.len(),
        "the window's own commands are found too"
    );
}
