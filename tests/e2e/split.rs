//! Nothing is lost or doubled between the window and the agent: a reply the
//! window shows as sending is in the agent's outbox, so killing the window then
//! loses nothing; killing the agent then loses nothing either (the outbox is on
//! disk), and the window reconnects to the next agent and reads its state again.
//! The server refuses sends (503, not applied) while the process goes, so the
//! reply is still undelivered at that moment.

use crate::actions::open_unassigned;
use crate::harness::*;
use crate::{page, sim_view};
use fantoccini::key::Key;
use serde_json::json;
use std::time::Duration;

const ME: i64 = 3;
const UNDELIVERED: &str = "#conversation .delivery.is-pending, #conversation .delivery.is-waiting";

async fn refuse_sends(sim: &Sim) {
    let rule = json!({"kind": "status", "code": 503, "endpoints": ["send-message"]});
    sim.set_faults(json!({ "rules": [rule] })).await;
}

async fn accept_sends(sim: &Sim) {
    sim.set_faults(json!({ "rules": [] })).await;
}

/// Waits until `text` is in conversation `conv` on the server, then checks that
/// it stays there exactly once.
async fn delivered_once(sim: &Sim, conv: i64, text: &str) {
    let count = || async {
        sim_view::messages(&sim.conversation(conv).await)
            .iter()
            .filter(|m| m["text"].as_str() == Some(text))
            .count()
    };
    wait_until(
        secs(60),
        &format!("{text:?} reaches the server"),
        || async { (count().await > 0).then_some(()) },
    )
    .await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(count().await, 1, "{text:?} on the server");
}

/// Opens a conversation and sends a reply the server refuses for now, so it is
/// in the agent's outbox, shown as not yet delivered. Returns the conversation,
/// the agent's pid and the reply.
async fn reply_on_its_way(sim: &Sim, desk: &Desk, app: &App<'_>, tag: &str) -> (i64, u32, String) {
    let (conv, _) = open_unassigned(sim, app).await;
    let agent = desk.agent_pid(TIMEOUT).await;
    refuse_sends(sim).await;
    let reply = format!("e2e {tag} {}", random_hex());
    type_reply(app, &reply).await;
    (conv, agent, reply)
}

async fn type_reply(app: &App<'_>, text: &str) {
    let typed = format!("{text}{}", char::from(Key::Enter));
    app.type_into(page::REPLY_BOX, &typed).await;
    // Counted, not waited on as an element: the thread repaints as the outbox
    // reports, and a handle to the old node would be stale.
    wait_until(TIMEOUT, "the reply shows as not yet delivered", || async {
        (app.count(UNDELIVERED).await > 0).then_some(())
    })
    .await;
}

#[tokio::test]
async fn a_reply_outlives_the_window_killed_mid_send() {
    let sim = Sim::start(SimOptions::demo());
    let desk = Desk::new();
    desk.add_account(&sim.account("Support").operator(ME));
    let app = desk.launch(&[]).await;
    let (conv, agent, reply) = reply_on_its_way(&sim, &desk, &app, "window killed").await;
    let window = app.pid().expect("the window runs");
    // SAFETY: kill(2) has no memory effects.
    unsafe { libc::kill(window as libc::pid_t, libc::SIGKILL) };
    accept_sends(&sim).await;

    delivered_once(&sim, conv, &reply).await;
    assert!(is_running(agent), "the agent went with the window");
}

#[tokio::test]
async fn a_reply_outlives_the_agent_killed_mid_send_and_the_window_resyncs() {
    let sim = Sim::start(SimOptions::demo());
    let desk = Desk::new();
    desk.add_account(&sim.account("Support").operator(ME));
    let app = desk.launch(&[]).await;
    let (conv, agent, reply) = reply_on_its_way(&sim, &desk, &app, "agent killed").await;
    // SAFETY: kill(2) has no memory effects.
    unsafe { libc::kill(agent as libc::pid_t, libc::SIGKILL) };
    wait_until(TIMEOUT, "the agent is gone", || async {
        (!is_running(agent)).then_some(())
    })
    .await;
    accept_sends(&sim).await;

    // The window starts the next agent, which sends what the outbox kept.
    let next = desk.agent_pid(secs(20)).await;
    assert_ne!(next, agent);
    delivered_once(&sim, conv, &reply).await;
    // And the window, reconnected, shows it delivered in the open thread.
    wait_until(secs(20), "the thread shows the reply delivered", || async {
        (app.count(UNDELIVERED).await == 0).then_some(())
    })
    .await;
    let thread = app.text_of("#conversation").await;
    assert_eq!(thread.matches(&reply).count(), 1, "{thread}");
}
