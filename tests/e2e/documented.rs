//! Blinger as its docs show it: the simulator answers with exactly the documented
//! fields (no `last_message` in lists, no `is_inner_message` in `get`), and the
//! window still shows a preview and a time on every row, a note as a note, a
//! conversation the operator took and answered under *Mine* until it is closed
//! elsewhere, and notifications that quote the customer.

use crate::harness::*;
use crate::{page, sim_view};
use serde_json::Value;
use std::time::Duration;

/// The operator this desk signs in as (the simulator's admin).
const ME: i64 = 1;

#[tokio::test]
async fn documented_answers_fill_rows_keep_notes_and_mine() {
    let sim = Sim::start(SimOptions::demo());
    let desk = Desk::new();
    desk.add_account(&sim.account("Support").operator(ME));
    let mut bell = NotifyMonitor::start();
    let app = desk.launch(&[]).await;
    let state = sim.state().await;

    // What the docs give: a list item has no last message.
    let listed = sim.list("unassigned").await;
    assert!(!listed.is_empty(), "demo data");
    assert!(
        listed.iter().all(|c| c.get("last_message").is_none()),
        "{listed:?}"
    );

    // Every row, in every server list, gets a preview and a time.
    for tab in ["Unassigned", "Unread", "Not answered"] {
        page::open_tab(&app, tab).await;
        page::every_row_has_a_preview_and_a_time(&app, tab).await;
    }

    // Take a conversation, write a note and a reply.
    let unassigned = sim_view::unassigned(&state);
    let (conv, name) = sim_view::with_unique_name(&state, &unassigned, &[]).clone();
    page::open_tab(&app, "Unassigned").await;
    page::open_conversation(&app, &name).await;
    page::click_button(&app, "conversation", "Take").await;
    wait_until(TIMEOUT, "the conversation is taken", || async {
        let c = sim.conversation(conv).await;
        (c["status"] == "inbox" && c["operator_id"] == ME).then_some(())
    })
    .await;

    page::click_button(&app, "conversation", "Note").await;
    let note = format!("e2e documented note {}", random_hex());
    app.type_into(page::NOTE_BOX, &note).await;
    page::click_button(&app, "conversation", "Add note").await;
    let note_id = server_message_id(&sim, conv, &note).await;
    // The server's copy, read back through `get` (which does not say it is a
    // note), is shown as one: the desk knows the ids of the notes it wrote.
    let server_note = format!("#conversation .msg.is-note[data-message-id='{note_id}']");
    app.wait_for_text(&server_note, &note, TIMEOUT).await;

    page::click_button(&app, "conversation", "Reply").await;
    let reply = format!("e2e documented reply {}", random_hex());
    app.type_into(page::REPLY_BOX, &reply).await;
    page::click_button(&app, "conversation", "Send").await;
    let reply_id = server_message_id(&sim, conv, &reply).await;
    let server_reply = format!("#conversation .msg[data-message-id='{reply_id}']");
    app.wait_for_text(&server_reply, &reply, TIMEOUT).await;
    let classes = app
        .eval(&format!(
            "return document.querySelector({server_reply:?}).className;"
        ))
        .await;
    assert!(
        !classes.as_str().unwrap_or("").contains("is-note"),
        "{classes}"
    );

    // Answered and read: in none of Blinger's lists, still under Mine — after
    // more than one poll.
    page::open_tab(&app, "Mine").await;
    page::wait_for_row_text(&app, &name, &reply, TIMEOUT).await;
    tokio::time::sleep(Duration::from_secs(12)).await;
    assert!(lists(&app, &name).await, "left Mine after a poll");

    // Closed by a colleague on the server: it leaves Mine once read again.
    let colleague = other_operator(&state);
    sim.colleague("close", conv, colleague).await;
    app.click("[aria-label='Refresh now']").await;
    wait_until(TIMEOUT, "the closed conversation leaves Mine", || async {
        (!lists(&app, &name).await).then_some(())
    })
    .await;

    // A new customer: the notification quotes the first line of what they wrote.
    let first = format!("Where is my parcel {}", random_hex());
    sim.new_conversation("viber", "Dora Documented", &format!("{first}\nsecond line"))
        .await;
    let n = bell
        .wait_for(|n| n.summary.contains("Dora Documented"), secs(30))
        .await;
    assert!(n.body.contains(&first), "{n:#?}");
    assert!(!n.body.contains("second line"), "{n:#?}");
    app.quit().await;
}

/// Whether the current tab lists customer `name`.
async fn lists(app: &App<'_>, name: &str) -> bool {
    page::all_row_labels(app)
        .await
        .iter()
        .any(|label| page::is_row_of(label, name))
}

/// The server's id of the message with `text` in `conv`, once it is there.
async fn server_message_id(sim: &Sim, conv: i64, text: &str) -> i64 {
    wait_until(TIMEOUT, &format!("{text:?} reaches the server"), || async {
        let c = sim.conversation(conv).await;
        sim_view::messages(&c)
            .iter()
            .find(|m| m["text"].as_str() == Some(text))
            .and_then(|m| m["id"].as_i64())
    })
    .await
}

fn other_operator(state: &Value) -> i64 {
    let ids: Vec<i64> = match &state["operators"] {
        Value::Object(map) => map.values().filter_map(|o| o["id"].as_i64()).collect(),
        Value::Array(list) => list.iter().filter_map(|o| o["id"].as_i64()).collect(),
        _ => Vec::new(),
    };
    ids.into_iter()
        .find(|id| *id != ME)
        .expect("the demo data has a second operator")
}
