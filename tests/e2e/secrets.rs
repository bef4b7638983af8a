//! API tokens go into the Secret Service and nowhere else: not into a file the
//! app writes (settings, caches, WebKit's storage, logs), and never back to the
//! page, whose every IPC answer and event is recorded while the UI is used.

use crate::harness::*;
use crate::{ipc_log, page, sim_view};
use serde_json::json;

#[tokio::test]
async fn tokens_live_in_the_keyring_and_never_reach_files_or_the_page() {
    let sim = Sim::start(SimOptions::demo());
    let desk = Desk::new();
    desk.add_account(&sim.account("Support"));
    let id = desk.account_id("Support");
    assert_eq!(Keyring::api_token(&id).as_deref(), Some(sim.token()));
    let widget = Keyring::widget_token(&id);
    assert_eq!(widget.as_deref(), Some(sim.widget_token()));

    let app = desk.launch(&[]).await;
    let state = sim.state().await;
    let unassigned = sim_view::unassigned(&state);
    let (conv, name) = sim_view::with_unique_name(&state, &unassigned, &[]).clone();
    app.wait_for(&page::row(&name), secs(20)).await;
    ipc_log::install(&app).await;

    // The page read these before the recording began: ask again, as it does.
    for cmd in ["app_state", "drafts", "canned_replies"] {
        ipc_log::invoke(&app, cmd, json!({})).await;
    }
    ipc_log::invoke(&app, "directory", json!({ "account": "Support" })).await;

    // Work the way an operator does: open, reply, switch tabs, open settings.
    page::open_conversation(&app, &name).await;
    let reply = format!("e2e reply {}", random_hex());
    app.type_into(page::REPLY_BOX, &reply).await;
    page::click_button(&app, "conversation", "Send").await;
    wait_until(TIMEOUT, "the reply reaches the server", || async {
        let c = sim.conversation(conv).await;
        sim_view::messages(&c)
            .iter()
            .any(|m| m["text"].as_str() == Some(reply.as_str()))
            .then_some(())
    })
    .await;
    let thread = "#conversation [aria-label=Messages]";
    wait_until(TIMEOUT, "the reply is shown as sent", || async {
        let texts = app.texts_of(thread).await;
        texts
            .first()
            .is_some_and(|t| t.contains(&reply) && !t.contains("Sending…"))
            .then_some(())
    })
    .await;
    let inbox = sim_view::in_inbox(&state);
    let (_, other) = sim_view::with_unique_name(&state, &inbox, &[conv]).clone();
    for tab in ["Unread", "Not answered", "Recent"] {
        page::open_tab(&app, tab).await;
    }
    page::open_conversation(&app, &other).await;
    page::click_button(&app, "rail", "Settings").await;
    let dialog = app
        .wait_for_text("dialog[open]", &sim.api_url(), TIMEOUT)
        .await;
    assert!(dialog.contains("Support"), "{dialog}");
    app.click("dialog[open] button[aria-label=Close]").await;
    app.wait_gone("dialog[open]", TIMEOUT).await;

    let log = ipc_log::entries(&app).await;
    assert!(!log.is_empty(), "the recording saw no IPC at all");
    // Both kinds of traffic were recorded: command answers and events.
    assert!(
        log.iter()
            .any(|e| e.contains(&reply) && e.contains("outbox_id")),
        "no answer to `send` recorded: {log:#?}"
    );
    assert!(
        log.iter().any(|e| e.contains("\"desk://event\"")),
        "no event recorded: {log:#?}"
    );
    let page_source = app.client().source().await.expect("page source");
    let storage = app
        .eval("return JSON.stringify(Object.assign({}, localStorage, sessionStorage));")
        .await;
    for secret in [sim.token(), sim.widget_token()] {
        let leaks: Vec<&String> = log.iter().filter(|e| e.contains(secret)).collect();
        assert!(leaks.is_empty(), "a token reached the page: {leaks:#?}");
        assert!(!page_source.contains(secret), "a token is in the DOM");
        assert!(
            !storage.to_string().contains(secret),
            "a token is in storage"
        );
    }
    eprintln!("{} IPC answers and events recorded", log.len());

    // Files last: quitting flushes whatever the app writes on the way out.
    app.quit().await;
    let logs = desk.home().join(".local/share/io.deskbell.desk/logs");
    assert!(
        std::fs::read_dir(&logs).is_ok_and(|mut d| d.next().is_some()),
        "no app log in {} to scan",
        logs.display()
    );
    let scanned = grep_for_secret(&desk.written_places(), sim.token());
    assert!(scanned > 0, "the scan found no files");
    grep_for_secret(&desk.written_places(), sim.widget_token());
}
