//! Every JSON example of the Blinger docs (`api-docs/`), stored verbatim in
//! `tests/fixtures/`, decodes through the public models with the values the docs
//! print. Examples that are not valid JSON as printed are repaired here, in code,
//! each repair as small as possible and said why.

#[path = "../common/mod.rs"]
mod common;

mod conversation;
mod messy;
mod through_client;
mod webhooks;
mod widget;

use blinger::envelope::decode_body;
use blinger::Error;
use serde::de::DeserializeOwned;

/// Decodes a Conversation/Widget API fixture as an answer received with `http_status`.
fn answer<T: DeserializeOwned>(name: &str, http_status: u16) -> Result<T, Error> {
    let text = repaired(name);
    decode_body(http_status, text.as_bytes())
}

/// A fixture after the documented repairs (none for most).
fn repaired(name: &str) -> String {
    let text = common::fixture(name);
    match name {
        "conversation_close_200.json" => strip_stray_a(&text),
        "webhook_on_conversation_closed.json" => {
            php_close_group_to_json(&add_comma_before_messages(&strip_line_comments(&text)))
        }
        n if n.starts_with("webhook_") => strip_line_comments(&text),
        _ => text,
    }
}

/// Repair: the `close` 200 example ends with `}a` — a typo in the docs (a stray
/// `a` typed after the closing brace). Drop that one character.
fn strip_stray_a(text: &str) -> String {
    let trimmed = text.trim_end();
    let fixed = trimmed
        .strip_suffix('a')
        .expect("the close example ends with the stray `a`");
    assert!(fixed.ends_with('}'));
    fixed.to_owned()
}

/// Repair: the webhook examples annotate fields with `// only for livechat` and
/// `// null if conversation is not assigned to operator`. JSON has no comments;
/// remove `//` to the end of the line, but only outside strings (URLs contain `//`).
fn strip_line_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let (mut in_string, mut escaped, mut cut) = (false, false, line.len());
        let bytes = line.as_bytes();
        for i in 0..bytes.len() {
            let b = bytes[i];
            if in_string {
                match (escaped, b) {
                    (true, _) => escaped = false,
                    (false, b'\\') => escaped = true,
                    (false, b'"') => in_string = false,
                    _ => {}
                }
            } else if b == b'"' {
                in_string = true;
            } else if b == b'/' && bytes.get(i + 1) == Some(&b'/') {
                cut = i;
                break;
            }
        }
        out.push_str(line[..cut].trim_end());
        out.push('\n');
    }
    out
}

/// Repair: in `on_conversation_closed`, the `from_user` object is not followed by a
/// comma before `"messages"`. Add it.
fn add_comma_before_messages(text: &str) -> String {
    let missing = "        }\n        \"messages\":[";
    assert_eq!(
        text.matches(missing).count(),
        1,
        "the missing comma is where the docs have it"
    );
    text.replace(missing, "        },\n        \"messages\":[")
}

/// Repair: `on_conversation_closed` ends with a PHP array literal,
/// `'close_group' => ['title' => 'Duplicate',],` (the backend's source leaking
/// into the docs). Its JSON meaning is `"close_group": {"title": "Duplicate"}`;
/// the PHP trailing comma goes too, since it is the last member.
fn php_close_group_to_json(text: &str) -> String {
    let php = "        'close_group' => [\n            'title' => 'Duplicate',\n        ],\n";
    assert_eq!(
        text.matches(php).count(),
        1,
        "the PHP literal is where the docs have it"
    );
    text.replace(php, "        \"close_group\": {\"title\": \"Duplicate\"}\n")
}

#[test]
fn every_fixture_is_the_docs_text_verbatim() {
    let docs: String = [
        "blinger-conversation-api.md",
        "blinger-widget-api-conversation.txt",
        "blinger-webhooks.txt",
    ]
    .iter()
    .filter_map(|f| {
        // The checkout at run time, not at build time: a shared build cache may hold
        // binaries built from a checkout elsewhere.
        std::fs::read_to_string(format!(
            "{}/../../../shared/api-docs/{f}",
            std::env::var("CARGO_MANIFEST_DIR")
                .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
        ))
        .ok()
    })
    .collect();
    let dir = format!(
        "{}/tests/fixtures",
        std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
    );
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    // 19 Conversation API examples, 4 Widget API examples, 8 webhooks.
    assert_eq!(names.len(), 31, "{names:?}");
    if docs.is_empty() {
        eprintln!("api-docs not found beside the repository: verbatim check skipped");
        return;
    }
    for name in names {
        let text = common::fixture(&name);
        assert!(
            docs.contains(text.trim_end()),
            "{name} is not verbatim from the docs"
        );
    }
}

#[test]
fn fixtures_needing_repair_are_invalid_as_printed_and_valid_after() {
    let broken = [
        "conversation_close_200.json",
        "webhook_on_conversation_unassigned.json",
        "webhook_on_conversation_assigned.json",
        "webhook_on_conversation_closed.json",
        "webhook_on_message_incoming.json",
        "webhook_on_message_outgoing.json",
        "webhook_on_comment_incoming.json",
    ];
    for name in broken {
        let raw = common::fixture(name);
        assert!(
            serde_json::from_str::<serde_json::Value>(&raw).is_err(),
            "{name} parses as printed"
        );
        let fixed = repaired(name);
        serde_json::from_str::<serde_json::Value>(&fixed).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}
