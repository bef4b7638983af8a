//! A server that echoes the operator's token back — in a 401, an HTML debug page
//! and an answer that cannot be decoded, plainly, percent-encoded, JSON-escaped
//! and cut by the error snippet — gets no form of it onto the page, into the
//! tray menu, into the log or into any file the app writes.

use crate::harness::*;
use crate::ipc_log;
use serde_json::json;

/// Characters that percent-encoding and JSON escaping change.
const PREFIX: &str = "e2e/Echo+";

/// The token as the simulator echoes it: plain, percent-encoded in both cases,
/// JSON-escaped as PHP writes it.
fn forms_of(token: &str) -> Vec<String> {
    let percent = |upper: bool| -> String {
        token
            .chars()
            .map(|c| match c {
                '/' | '+' | '=' => {
                    let hex = format!("%{:02X}", c as u32);
                    if upper {
                        hex
                    } else {
                        hex.to_lowercase()
                    }
                }
                c => c.to_string(),
            })
            .collect()
    };
    vec![
        token.to_string(),
        percent(true),
        percent(false),
        token.replace('/', "\\/"),
    ]
}

/// No 10-character piece of any form (a cut may leave less; chance matches of
/// shorter pieces of hex are too likely in a whole page).
fn assert_clean(what: &str, text: &str, token: &str) {
    for form in forms_of(token) {
        for start in 0..=form.len() - 10 {
            let piece = &form[start..start + 10];
            assert!(!text.contains(piece), "{what} holds {piece:?}: {text}");
        }
    }
}

/// (fault shape, what the banner then says, what the tray line starts with)
const SHAPES: [(&str, &str, &str); 3] = [
    (
        "unauthorized",
        "not authorized: Wrong token ***",
        "Support — not authorized",
    ),
    (
        "html",
        "<p>Authentication: ***</p>",
        "Support — the server answered with text/html",
    ),
    (
        "undecodable",
        "invalid type: string \"***\"",
        "Support — unexpected answer",
    ),
];

#[tokio::test]
async fn an_echoed_token_reaches_no_page_tray_log_or_file() {
    let sim = Sim::start(SimOptions::demo().token_prefix(PREFIX).fault("echo:401"));
    let token = sim.token().to_string();
    let desk = Desk::new();
    desk.add_account(&sim.account("Support"));
    let app = desk.launch(&[]).await;
    ipc_log::install(&app).await;

    for (shape, banner_says, tray_says) in SHAPES {
        sim.set_faults(json!({"rules": [{"kind": "echo", "shape": shape}]}))
            .await;
        ipc_log::invoke(
            &app,
            "refresh",
            json!({ "account": desk.account_id("Support") }),
        )
        .await;
        let banner = app
            .wait_for_text(".banner-error", banner_says, secs(30))
            .await;
        assert_clean("the banner", &banner, &token);
        let labels = wait_until(TIMEOUT, tray_says, || async {
            let labels = app.tray(TIMEOUT).await.labels();
            labels
                .iter()
                .any(|l| l.starts_with(tray_says))
                .then_some(labels)
        })
        .await;
        assert_clean("the tray menu", &labels.join("\n"), &token);
    }
    let page = app.client().source().await.expect("page source");
    assert_clean("the page", &page, &token);
    let answers = ipc_log::entries(&app).await;
    assert!(
        answers.iter().any(|e| e.contains("Wrong token ***")),
        "the failures were not recorded: {answers:#?}"
    );
    assert_clean("IPC answers and events", &answers.join("\n"), &token);

    app.quit().await;
    let logs = desk.home().join(".local/share/io.deskbell.desk/logs");
    let log: String = std::fs::read_dir(&logs)
        .expect("the app's log folder")
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect();
    for (_, banner_says, _) in SHAPES {
        assert!(log.contains(banner_says), "the log lacks {banner_says:?}");
    }
    assert_clean("the log file", &log, &token);
    for form in forms_of(&token) {
        let scanned = grep_for_secret(&desk.written_places(), &form);
        assert!(scanned > 0, "the scan found no files");
    }
}
