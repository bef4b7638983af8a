//! An operator's day one: a Blinger account set up with the CLI shows its
//! inbox, replies and notes typed in the window reach the server once, a
//! customer's new message raises a desktop notification, and starting the app
//! again does not start a second one.

use crate::harness::*;
use crate::{desktop, page, sim_view};
use serde_json::Value;
use std::time::{Duration, Instant};

#[tokio::test]
async fn a_cli_account_shows_its_inbox_sends_and_notifies() {
    let sim = Sim::start(SimOptions::demo());
    let desk = Desk::new();
    desk.add_account(&sim.account("Support"));
    let mut bell = NotifyMonitor::start();
    let app = desk.launch(&[]).await;
    let state = sim.state().await;

    // The account is in the rail; with a real account there is no demo.
    let rail = app
        .wait_for_text("[aria-label=Accounts]", "Support", TIMEOUT)
        .await;
    assert!(!rail.contains("Demo"), "the demo account is shown: {rail}");

    // Every unassigned and every unread conversation, and nothing else.
    let unassigned = sim_view::unassigned(&state);
    let unread = sim_view::unread(&state);
    assert!(!unassigned.is_empty() && !unread.is_empty(), "demo data");
    page::open_tab(&app, "Unread").await;
    page::wait_for_rows(&app, &sim_view::names(&unread)).await;
    page::open_tab(&app, "Unassigned").await;
    page::wait_for_rows(&app, &sim_view::names(&unassigned)).await;

    // A reply and a note, typed and sent in the window.
    let (conv, name) = sim_view::with_unique_name(&state, &unassigned, &[]).clone();
    page::open_conversation(&app, &name).await;
    let reply = format!("e2e reply {}", random_hex());
    app.type_into(page::REPLY_BOX, &reply).await;
    page::click_button(&app, "conversation", "Send").await;
    let sent = reaches_the_server_once(&sim, &app, conv, &reply).await;
    assert_eq!(sent["is_outgoing"], true, "{sent}");
    assert_eq!(sent["is_note"], false, "{sent}");
    assert!(sent["operator_id"].is_i64(), "not an operator's: {sent}");
    assert_eq!(composer_text(&app, page::REPLY_BOX).await, "");

    page::click_button(&app, "conversation", "Note").await;
    let note = format!("e2e note {}", random_hex());
    app.type_into(page::NOTE_BOX, &note).await;
    page::click_button(&app, "conversation", "Add note").await;
    let noted = reaches_the_server_once(&sim, &app, conv, &note).await;
    assert_eq!(noted["is_note"], true, "{noted}");
    assert!(noted["operator_id"].is_i64(), "not an operator's: {noted}");

    // A customer writes: the row changes and the desktop is told, by name.
    let below = sim_view::unassigned_oldest_first(&state);
    let (other, other_name) = sim_view::with_unique_name(&state, &below, &[conv]).clone();
    let text = format!("e2e customer {}", random_hex());
    sim.customer_writes(other, &text).await;
    let n = bell.wait_for(|n| n.body.contains(&text), secs(30)).await;
    assert!(n.summary.contains(&other_name), "{n:#?}");
    assert_eq!(n.app_name, "Deskbell");
    assert!(n.has_action("default"), "not clickable: {n:#?}");
    // Our own reply and note were not news: the poll that brought the
    // customer's message (or an earlier one) saw them too, and its
    // notifications are shown together (a second has room for stragglers).
    bell.expect_none(|n| n.summary.contains(&name), Duration::from_secs(1))
        .await;
    page::wait_for_row_text(&app, &other_name, &text, TIMEOUT).await;

    // A second start hands over to the first and exits: one process, one window.
    let pid = app.pid().expect("the app runs");
    let started = Instant::now();
    let mut second = desk.spawn(&[]);
    let status = second.wait_exit(secs(5)).await;
    eprintln!("second launch exited in {:.2?}", started.elapsed());
    assert!(status.success(), "the second launch failed: {status}");
    assert_eq!(desktop::app_processes(), vec![pid], "app processes");
    assert_eq!(desktop::app_windows().len(), 1, "app windows");
    app.quit().await;
}

/// Waits until `text` is in conversation `conv` on the server and the window no
/// longer shows it as sending, then checks it is there exactly once; returns it.
async fn reaches_the_server_once(sim: &Sim, app: &App<'_>, conv: i64, text: &str) -> Value {
    let with_text = |messages: Vec<Value>| -> Vec<Value> {
        messages
            .into_iter()
            .filter(|m| m["text"].as_str() == Some(text))
            .collect()
    };
    wait_until(TIMEOUT, &format!("{text:?} reaches the server"), || async {
        let c = sim.conversation(conv).await;
        (!with_text(sim_view::messages(&c)).is_empty()).then_some(())
    })
    .await;
    // The echo turns from "Sending…" to sent once the outbox hears back.
    let thread = "#conversation [aria-label=Messages]";
    app.wait_for_text(thread, text, TIMEOUT).await;
    wait_until(
        TIMEOUT,
        "the message is no longer shown as sending",
        || async {
            let texts = app.texts_of(thread).await;
            texts
                .first()
                .is_some_and(|t| !t.contains("Sending…"))
                .then_some(())
        },
    )
    .await;
    // A retried delivery would show up as a second copy shortly after.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let found = with_text(sim_view::messages(&sim.conversation(conv).await));
    assert_eq!(found.len(), 1, "sent {} times: {found:#?}", found.len());
    found.into_iter().next().expect("one message")
}

async fn composer_text(app: &App<'_>, css: &str) -> String {
    let script = format!("return document.querySelector({css:?}).value;");
    app.eval(&script)
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
}
