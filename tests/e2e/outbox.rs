//! A reply the server refuses, in the real app against the simulator: its echo
//! keeps the text and says why in the server's words; Retry asks the server again;
//! Edit sends the new text (once, and never the old one); Discard drops it. The
//! buttons act on the outbox entry the echo names (they once did nothing: the page
//! read an id Rust never sent).

use crate::actions::{
    click_css, dialog, header_button, open_unassigned, wait_dialog_gone, wait_for_conversation,
};
use crate::harness::*;
use crate::{page, sim_view};
use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::Value;

const ME: i64 = 3;
const REFUSAL: &str = "The conversation is closed.";
const FAILED: &str = "#conversation .delivery.is-failed";

#[tokio::test]
async fn a_refused_reply_is_retried_edited_and_discarded() {
    let sim = Sim::start(SimOptions::demo());
    let desk = Desk::new();
    desk.add_account(&sim.account("Support").operator(ME));
    let app = desk.launch(&[]).await;
    let (conv, _) = open_unassigned(&sim, &app).await;
    take_and_close(&sim, &app, conv).await;

    // A reply into a closed conversation: refused, with the server's own words.
    let refused = format!("e2e refused {}", random_hex());
    send_reply(&app, &refused).await;
    wait_for_refusal(&app).await;
    let asked = send_requests(&sim).await;

    // Retry: the server is asked again (and refuses again).
    click_css(&app, &format!("{FAILED} button[data-outbox=retry]")).await;
    wait_until(TIMEOUT, "the retry reaches the server", || async {
        (send_requests(&sim).await > asked).then_some(())
    })
    .await;
    wait_for_refusal(&app).await;
    assert!(texts_on_server(&sim, conv)
        .await
        .iter()
        .all(|t| *t != refused));

    // The customer writes again and the conversation reopens: the edited text goes
    // out, once, and the refused one never does.
    sim.customer_writes(conv, "Hello? Are you still there?")
        .await;
    let edited = format!("e2e edited {}", random_hex());
    click_css(&app, &format!("{FAILED} button[data-outbox=edit]")).await;
    let title = "Edit the message";
    let textarea = format!("{}//textarea", dialog(title));
    let box_ = app
        .client()
        .find(Locator::XPath(&textarea))
        .await
        .expect("the edit dialog's text box");
    let prefilled = box_.prop("value").await.unwrap().unwrap_or_default();
    assert_eq!(
        prefilled, refused,
        "the dialog starts from the refused text"
    );
    box_.clear().await.unwrap();
    box_.send_keys(&edited).await.unwrap();
    crate::actions::dialog_button(&app, title, "Save and send").await;
    wait_dialog_gone(&app, title).await;
    wait_until(TIMEOUT, "the edited reply reaches the server", || async {
        texts_on_server(&sim, conv)
            .await
            .contains(&edited)
            .then_some(())
    })
    .await;
    app.wait_gone(FAILED, TIMEOUT).await;
    let texts = texts_on_server(&sim, conv).await;
    assert_eq!(
        texts.iter().filter(|t| **t == edited).count(),
        1,
        "{texts:?}"
    );
    assert!(!texts.contains(&refused), "{texts:?}");

    // Refused again, then discarded: gone from the window and from the outbox file.
    take_and_close(&sim, &app, conv).await;
    let dropped = format!("e2e dropped {}", random_hex());
    send_reply(&app, &dropped).await;
    wait_for_refusal(&app).await;
    click_css(&app, &format!("{FAILED} button[data-outbox=discard]")).await;
    app.wait_gone(FAILED, TIMEOUT).await;
    let thread = app.text_of("#conversation [aria-label=Messages]").await;
    assert!(!thread.contains(&dropped), "the echo is gone: {thread}");
    let outbox = std::fs::read_to_string(desk.config_dir().join("outbox.json")).unwrap();
    let outbox: Value = serde_json::from_str(&outbox).unwrap();
    assert_eq!(outbox["entries"], serde_json::json!([]), "{outbox}");
    assert!(!texts_on_server(&sim, conv).await.contains(&dropped));
    app.quit().await;
}

/// Takes the conversation and closes it, both confirmed by the server.
async fn take_and_close(sim: &Sim, app: &App<'_>, conv: i64) {
    header_button(app, "Take").await;
    wait_for_conversation(sim, conv, "it is taken", |c| c["operator_id"] == ME).await;
    header_button(app, "Close").await;
    wait_for_conversation(sim, conv, "it is closed", |c| c["status"] == "closed").await;
}

async fn send_reply(app: &App<'_>, text: &str) {
    app.type_into(
        page::REPLY_BOX,
        &format!("{text}{}", char::from(Key::Enter)),
    )
    .await;
}

/// Waits until the thread shows a refused reply with the server's text.
async fn wait_for_refusal(app: &App<'_>) {
    let reason = format!("{FAILED} .failed-reason");
    app.wait_for_text(&reason, REFUSAL, TIMEOUT).await;
}

async fn send_requests(sim: &Sim) -> u64 {
    sim.stats().await["requests"]["conversations/send-message"]
        .as_u64()
        .unwrap_or(0)
}

async fn texts_on_server(sim: &Sim, conv: i64) -> Vec<String> {
    sim_view::messages(&sim.conversation(conv).await)
        .iter()
        .filter_map(|m| m["text"].as_str().map(str::to_owned))
        .collect()
}
