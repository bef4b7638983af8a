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
