//! An operator works conversations with the header's buttons, the composer and
//! the widget dialog, as they are on screen; every step is checked on the
//! simulator's store (`GET /_sim/state`), and the server's documented refusals
//! (blinger-conversation-api.md) reach the page in the server's own words.

use crate::harness::*;
use crate::{page, sim_view};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::Value;
use std::time::Duration;

/// The operator the account acts as (demo operators are 1..=6, 1 the admin).
pub(crate) const ME: i64 = 3;

/// Documented refusals, verbatim from the API docs
/// (`$DESKBELL_API_DOCS/blinger-conversation-api.md`):
/// `POST /api/conversations/close`, tab "400 Could not close the conversation.", and
/// `POST /api/conversations/assign-group` (under a heading that reads "Unassign
/// conversation"), tab "400".
const CLOSED: &str = "The conversation is closed.";
const GROUP_ALREADY_SELECTED: &str = "The operator group has already been selected.";

/// How long the store is watched for a duplicate after a send was confirmed.
const SETTLE: Duration = Duration::from_millis(700);

#[tokio::test]
async fn take_reply_note_and_file_reach_the_server() {
    let sim = Sim::start(SimOptions::demo());
    let desk = Desk::new();
    desk.add_account(&sim.account("Support").operator(ME));
    let app = desk.launch(&[]).await;
    let (conv, name) = open_unassigned(&sim, &app).await;

    // Take: the conversation is mine on the server.
    header_button(&app, "Take").await;
    let c = wait_for_conversation(&sim, conv, "it is taken", |c| {
        c["status"] == "inbox" && c["operator_id"] == ME
    })
    .await;
    assert_eq!(c["unread_count"], 0, "taking reads it: {c}");
    wait_for_status(&app, "Open").await;

    // A reply, sent with Enter (the default setting).
    let before = sim.conversation(conv).await;
    let reply = format!("e2e reply {}", random_hex());
    app.type_into(
        page::REPLY_BOX,
        &format!("{reply}{}", char::from(Key::Enter)),
    )
    .await;
    let m = one_new_message(&sim, &app, conv, &before, |m| m["text"] == reply.as_str()).await;
    assert_eq!(m["type"], "text", "{m}");
    assert_eq!(m["is_outgoing"], true, "{m}");
    assert_eq!(m["is_note"], false, "{m}");
    assert_eq!(m["operator_id"], ME, "{m}");

    // A private note.
    let before = sim.conversation(conv).await;
    page::click_button(&app, "conversation", "Note").await;
    let note = format!("e2e note {}", random_hex());
    app.type_into(page::NOTE_BOX, &note).await;
    page::click_button(&app, "conversation", "Add note").await;
    let m = one_new_message(&sim, &app, conv, &before, |m| m["text"] == note.as_str()).await;
    assert_eq!(m["is_note"], true, "{m}");
    assert_eq!(m["operator_id"], ME, "{m}");

    // A file by URL.
    let before = sim.conversation(conv).await;
    let url = format!("https://files.example.com/e2e/{}.pdf", random_hex());
    app.click("#conversation button[aria-label='Send a file by URL']")
        .await;
    let title = "Send a file by URL";
    field(&app, title, "File URL")
        .await
        .send_keys(&url)
        .await
        .expect("type the file URL");
    dialog_button(&app, title, "Send file").await;
    wait_dialog_gone(&app, title).await;
    let m = one_new_message(&sim, &app, conv, &before, |m| m["text"] == url.as_str()).await;
    assert!(m["type"] == "file" || m["type"] == "image", "{m}");
    assert_eq!(m["is_outgoing"], true, "{m}");
    assert_eq!(m["is_note"], false, "{m}");

    let c = sim.conversation(conv).await;
    assert_eq!(c["status"], "inbox", "{name}: {c}");
    assert_eq!(c["operator_id"], ME, "{name}: {c}");
    app.quit().await;
}

#[tokio::test]
async fn assign_unassign_and_close_reach_the_server_and_refusals_are_shown() {
    let sim = Sim::start(SimOptions::demo());
    let desk = Desk::new();
    desk.add_account(&sim.account("Support").operator(ME));
    let app = desk.launch(&[]).await;
    let (conv, _) = open_unassigned(&sim, &app).await;
    let state = sim.state().await;

    // Assign to another operator: type the id, click its row. Operator 4 has no
    // conversation this account lists, so the row is usually "Use operator id 4"
    // (manual entry); a listed "#4" row would do as well.
    let other = 4;
    assert!(
        state["operators"][other.to_string()].is_object(),
        "demo operator {other}"
    );
    header_button(&app, "Assign").await;
    let picker = "Assign to an operator";
    app.type_into(&picker_input("operator"), &other.to_string())
        .await;
    click_xpath(
        &app,
        &format!(
            "{}//li[@role='option'][.//*[normalize-space(.)='#{other}'] \
             or .//strong[normalize-space(.)='{other}']]",
            dialog(picker)
        ),
    )
    .await;
    wait_dialog_gone(&app, picker).await;
    wait_for_conversation(&sim, conv, "the operator is assigned", |c| {
        c["status"] == "inbox" && c["operator_id"] == other
    })
    .await;
    wait_for_status(&app, "Open").await;

    // Assign a group by typing its id and pressing Enter; the second time the
    // server refuses, and the picker says so in the server's words.
    let was = sim.conversation(conv).await["group_id"].as_i64();
    let group = state["groups"]
        .as_object()
        .and_then(|g| {
            g.values()
                .filter_map(|g| g["id"].as_i64())
                .find(|&id| Some(id) != was)
        })
        .expect("a demo group the conversation is not in");
    let picker = "Assign to a group";
    let enter = char::from(Key::Enter);
    for attempt in 0..2 {
        header_button(&app, "Group").await;
        // The directory answers first, so Enter picks a real row, not "Loading…".
        wait_options_loaded(&app, picker).await;
        app.type_into(&picker_input("group"), &format!("{group}{enter}"))
            .await;
        if attempt == 0 {
            wait_dialog_gone(&app, picker).await;
            wait_for_conversation(&sim, conv, "the group is assigned", |c| {
                c["group_id"] == group
            })
            .await;
        }
    }
    let shown = wait_error_text(&app, &format!("{}//*[@role='alert']", dialog(picker))).await;
    assert_eq!(shown, GROUP_ALREADY_SELECTED);
    dialog_button(&app, picker, "Close").await;
    wait_dialog_gone(&app, picker).await;
    let c = sim.conversation(conv).await;
    assert_eq!(c["group_id"], group, "{c}");
    assert_eq!(c["operator_id"], other, "{c}");

    // Unassign: back in the queue, nobody's.
    header_button(&app, "Unassign").await;
    wait_for_conversation(&sim, conv, "it is unassigned", |c| {
        c["status"] == "unassigned" && c["operator_id"].is_null()
    })
    .await;
    wait_for_status(&app, "Unassigned").await;

    // Close; closing it again is refused with the documented text.
    header_button(&app, "Close").await;
    wait_for_conversation(&sim, conv, "it is closed", |c| c["status"] == "closed").await;
    wait_for_status(&app, "Closed").await;
    assert_eq!(
        app.count(".toast-error").await,
        0,
        "an error before the refusal"
    );
    header_button(&app, "Close").await;
    let toast = app
        .wait_for_text(".toast-error", "Could not close", TIMEOUT)
        .await;
    assert_eq!(
        app.text_of(".toast-error .toast-title").await,
        "Could not close the conversation"
    );
    assert_eq!(
        app.text_of(".toast-error .toast-text").await,
        CLOSED,
        "{toast}"
    );
    assert_eq!(sim.conversation(conv).await["status"], "closed");
    app.quit().await;
}

#[tokio::test]
async fn widget_actions_reach_the_widget_api() {
    let sim = Sim::start(SimOptions::demo());
    let desk = Desk::new();
    desk.add_account(&sim.account("Support").operator(ME));
    let app = desk.launch(&[]).await;
    open_unassigned(&sim, &app).await;

    // A widget conversation nobody is assigned to, and an agent, from the store.
    let state = sim.state().await;
    let widget = &state["widget"];
    let wc = widget["conversations"]
        .as_object()
        .and_then(|all| all.values().find(|c| c["assigned_agent_id"].is_null()))
        .expect("the demo has an unassigned widget conversation");
    let wc_id = wc["id"]
        .as_str()
        .expect("widget conversation id")
        .to_string();
    let agent = widget["agents"]
        .as_object()
        .and_then(|all| all.keys().next().cloned())
        .expect("the demo has widget agents");

    header_button(&app, "Widget").await;
    let title = "Widget actions";
    field(&app, title, "Widget conversation id")
        .await
        .send_keys(&wc_id)
        .await
        .expect("type the widget conversation id");

    // Assign an agent.
    field(&app, title, "Agent")
        .await
        .send_keys(&agent)
        .await
        .expect("type the agent id");
    dialog_button(&app, title, "Assign agent").await;
    wait_for_widget(&sim, &wc_id, "the agent is assigned", |c| {
        c["assigned_agent_id"] == agent.as_str()
    })
    .await;
    app.wait_for_text("#toasts", "Agent assigned", TIMEOUT)
        .await;

    // Send text.
    let before = widget_messages(&sim, &wc_id).await;
    let text = format!("e2e widget text {}", random_hex());
    field(&app, title, "Text")
        .await
        .send_keys(&text)
        .await
        .expect("type the widget text");
    dialog_button(&app, title, "Send text").await;
    let m = one_new_widget_message(&sim, &wc_id, &before, |m| m["body"] == text.as_str()).await;
    assert_eq!(m["type"], "text", "{m}");
    assert_eq!(m["is_outgoing"], true, "{m}");

    // Send a file by URL.
    let before = widget_messages(&sim, &wc_id).await;
    let url = format!("https://files.example.com/e2e/{}.pdf", random_hex());
    field(&app, title, "File by URL")
        .await
        .send_keys(&url)
        .await
        .expect("type the file URL");
    dialog_button(&app, title, "Send file").await;
    let m = one_new_widget_message(&sim, &wc_id, &before, |m| m["file_url"] == url.as_str()).await;
    assert_eq!(m["type"], "file", "{m}");
    assert_eq!(m["is_outgoing"], true, "{m}");

    // Request a review (of the agent just assigned).
    let before = widget_messages(&sim, &wc_id).await;
    dialog_button(&app, title, "Request review").await;
    let m = one_new_widget_message(&sim, &wc_id, &before, |m| m["type"] == "review").await;
    assert_eq!(m["review"]["agent_id"], agent.as_str(), "{m}");
    app.wait_for_text("#toasts", "Review requested", TIMEOUT)
        .await;

    // Nothing went wrong on the way, and no other widget conversation changed.
    let errors = app
        .eval(
            "return Array.from(document.querySelectorAll('dialog[open] [role=alert]'))\
             .filter((e) => !e.hidden).map((e) => e.innerText);",
        )
        .await;
    assert_eq!(
        errors,
        serde_json::json!([]),
        "the widget dialog shows an error"
    );
    let after = sim.state().await;
    for (id, c) in widget["conversations"].as_object().into_iter().flatten() {
        if id != &wc_id {
            assert_eq!(
                after["widget"]["conversations"][id], *c,
                "widget conversation {id}"
            );
        }
    }

    // Next time the agent is offered, by the name the server's answer gave.
    app.click("dialog.dlg-widget button.dlg-x").await;
    wait_dialog_gone(&app, title).await;
    header_button(&app, "Widget").await;
    let name = widget["agents"][&agent]["name"]
        .as_str()
        .expect("the agent's name");
    click_xpath(
        &app,
        &format!(
            "{}//button[contains(@class,'chip')][normalize-space(.)='{name}']",
            dialog(title)
        ),
    )
    .await;
    let typed = field(&app, title, "Agent").await.prop("value").await;
    assert_eq!(typed.ok().flatten().as_deref(), Some(agent.as_str()));
    app.screenshot("widget-agents").await;
    app.quit().await;
}

// --- Steps ---

/// Opens an unassigned conversation whose customer's name is unique, from the
/// Unassigned tab; returns its id and the name.
pub(crate) async fn open_unassigned(sim: &Sim, app: &App<'_>) -> (i64, String) {
    let state = sim.state().await;
    let unassigned = sim_view::unassigned(&state);
    let (conv, name) = sim_view::with_unique_name(&state, &unassigned, &[]).clone();
    page::open_tab(app, "Unassigned").await;
    app.wait_for(&page::row(&name), TIMEOUT).await;
    page::open_conversation(app, &name).await;
    (conv, name)
}

/// Clicks the conversation header's button labelled `label`.
pub(crate) async fn header_button(app: &App<'_>, label: &str) {
    click_css(
        app,
        &format!("#conversation [aria-label='Conversation actions'] button[aria-label='{label}']"),
    )
    .await;
}

/// Waits until the header's status pill reads `status`.
pub(crate) async fn wait_for_status(app: &App<'_>, status: &str) {
    let pill = "#conversation .conv-title-line .pill";
    wait_until(TIMEOUT, &format!("the header shows {status:?}"), || async {
        let texts = app.texts_of(pill).await;
        (texts.first().map(|t| t.trim()) == Some(status)).then_some(())
    })
    .await;
}

/// The open dialog titled `title`, as XPath.
pub(crate) fn dialog(title: &str) -> String {
    format!("//dialog[@open][.//*[contains(@class,'dlg-title')][normalize-space(.)='{title}']]")
}

/// The form control labelled `label` in the dialog titled `title`.
async fn field(app: &App<'_>, title: &str, label: &str) -> Element {
    let d = dialog(title);
    find_xpath(
        app,
        &format!("{d}//*[@id=({d}//label[normalize-space(.)='{label}']/@for)]"),
    )
    .await
}

/// Clicks the button `text` (visible text, or its label) in the dialog `title`.
pub(crate) async fn dialog_button(app: &App<'_>, title: &str, text: &str) {
    click_xpath(
        app,
        &format!(
            "{}//button[normalize-space(.)='{text}' or @aria-label='{text}']",
            dialog(title)
        ),
    )
    .await;
}

pub(crate) async fn wait_dialog_gone(app: &App<'_>, title: &str) {
    let xpath = dialog(title);
    wait_until(TIMEOUT, &format!("the dialog {title:?} closes"), || async {
        let left = app.client().find_all(Locator::XPath(&xpath)).await;
        left.is_ok_and(|l| l.is_empty()).then_some(())
    })
    .await;
}

/// The picker's search box (its `noun`: operator, group…).
pub(crate) fn picker_input(noun: &str) -> String {
    format!("dialog[open] input[aria-label='Find {noun}']")
}

/// Waits until the picker has read the directory ("Loading…" is gone).
pub(crate) async fn wait_options_loaded(app: &App<'_>, title: &str) {
    let status = format!("{}//p[contains(@class,'pick-status')]", dialog(title));
    wait_until(TIMEOUT, "the picker has loaded its options", || async {
        let el = app.client().find(Locator::XPath(&status)).await.ok()?;
        let text = el.prop("textContent").await.ok()??;
        (text != "Loading…").then_some(())
    })
    .await;
}

/// Waits until an error line matching `xpath` shows text; returns it.
async fn wait_error_text(app: &App<'_>, xpath: &str) -> String {
    wait_until(TIMEOUT, "the error is shown", || async {
        let el = app.client().find(Locator::XPath(xpath)).await.ok()?;
        if !el.is_displayed().await.ok()? {
            return None;
        }
        let text = el
            .find(Locator::Css(".err-text"))
            .await
            .ok()?
            .prop("textContent")
            .await
            .ok()??;
        (!text.is_empty()).then_some(text)
    })
    .await
}

async fn find_xpath(app: &App<'_>, xpath: &str) -> Element {
    wait_until(TIMEOUT, &format!("something matches {xpath}"), || async {
        app.client().find(Locator::XPath(xpath)).await.ok()
    })
    .await
}

/// Clicks the first match, again if it was replaced under the cursor (the
/// header repaints whenever the conversation changes).
async fn click_xpath(app: &App<'_>, xpath: &str) {
    click(app, Locator::XPath(xpath), xpath).await;
}

pub(crate) async fn click_css(app: &App<'_>, css: &str) {
    click(app, Locator::Css(css), css).await;
}

async fn click(app: &App<'_>, at: Locator<'_>, what: &str) {
    wait_until(TIMEOUT, &format!("`{what}` can be clicked"), || async {
        let el = app.client().find(at).await.ok()?;
        if !el.is_enabled().await.ok()? {
            return None;
        }
        el.click().await.ok()
    })
    .await;
}

// --- The store ---

pub(crate) async fn wait_for_conversation(
    sim: &Sim,
    conv: i64,
    what: &str,
    done: impl Fn(&Value) -> bool,
) -> Value {
    wait_until(TIMEOUT, &format!("{what} on the server"), || async {
        let c = sim.conversation(conv).await;
        done(&c).then_some(c)
    })
    .await
}

/// Waits for the message matching `is_it` to reach the store, and for the
/// window to show it as sent; then checks it is the only new message.
async fn one_new_message(
    sim: &Sim,
    app: &App<'_>,
    conv: i64,
    before: &Value,
    is_it: impl Fn(&Value) -> bool,
) -> Value {
    let seen = sim_view::messages(before).len();
    wait_until(TIMEOUT, "the message reaches the server", || async {
        let messages = sim_view::messages(&sim.conversation(conv).await);
        messages[seen.min(messages.len())..]
            .iter()
            .any(&is_it)
            .then_some(())
    })
    .await;
    let thread = "#conversation [aria-label=Messages]";
    wait_until(
        TIMEOUT,
        "the window no longer shows it as sending",
        || async {
            let texts = app.texts_of(thread).await;
            texts
                .first()
                .is_some_and(|t| !t.contains("Sending…"))
                .then_some(())
        },
    )
    .await;
    tokio::time::sleep(SETTLE).await;
    let messages = sim_view::messages(&sim.conversation(conv).await);
    let new = &messages[seen..];
    assert_eq!(new.len(), 1, "expected one new message: {new:#?}");
    assert!(is_it(&new[0]), "{:#}", new[0]);
    new[0].clone()
}

async fn wait_for_widget(sim: &Sim, id: &str, what: &str, done: impl Fn(&Value) -> bool) -> Value {
    wait_until(TIMEOUT, &format!("{what} on the server"), || async {
        let state = sim.state().await;
        let c = &state["widget"]["conversations"][id];
        done(c).then(|| c.clone())
    })
    .await
}

async fn widget_messages(sim: &Sim, id: &str) -> Vec<Value> {
    let state = sim.state().await;
    state["widget"]["conversations"][id]["messages"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// Waits for the widget message matching `is_it`; then checks it is the only
/// new one (a retried delivery would add a second).
async fn one_new_widget_message(
    sim: &Sim,
    id: &str,
    before: &[Value],
    is_it: impl Fn(&Value) -> bool,
) -> Value {
    let seen = before.len();
    wait_for_widget(sim, id, "the widget message", |c| {
        c["messages"]
            .as_array()
            .is_some_and(|m| m.iter().skip(seen).any(&is_it))
    })
    .await;
    tokio::time::sleep(SETTLE).await;
    let messages = widget_messages(sim, id).await;
    let new = &messages[seen..];
    assert_eq!(new.len(), 1, "expected one new widget message: {new:#?}");
    assert!(is_it(&new[0]), "{:#}", new[0]);
    new[0].clone()
}
