//! The window and the tray agent are two programs. Closing the window ends the
//! window's process; the agent stays in the tray, polling and notifying; the
//! tray, a launch or a notification click bring a window back. Started without
//! WebDriver (whose session ends with the window); windows are watched through X.

use crate::harness::*;
use crate::{desktop, hooks};

/// One Blinger account with its webhooks on: a customer's message is announced
/// as it arrives, not after the reads its documented lists need (which share the
/// request budget and may take a minute on a fresh start).
fn desk_with_webhooks(sim: &Sim) -> (Desk, u16) {
    let desk = Desk::new();
    desk.add_account(&sim.account("Support"));
    let port = hooks::free_port();
    hooks::enable_receiver(&desk, port, 10);
    (desk, port)
}

/// The customer of `conv` writes `text`; Blinger tells the desk by webhook.
async fn customer_writes(sim: &Sim, desk: &Desk, port: u16, conv: (i64, String), text: &str) {
    sim.customer_writes(conv.0, text).await;
    let id = desk.account_id("Support");
    let secret = wait_until(TIMEOUT, "the account's webhook secret", || async {
        hooks::secret(&id)
    })
    .await;
    hooks::wait_for_listener(port).await;
    let body = hooks::incoming(conv.0, &conv.1, text, hooks::now_secs());
    let url = format!("http://127.0.0.1:{port}/blinger/{secret}");
    assert_eq!(hooks::post(&reqwest::Client::new(), &url, body).await, 200);
}

async fn wait_for_windows(n: usize, what: &str) {
    wait_until(secs(20), what, || async {
        (desktop::shown_windows().len() == n).then_some(())
    })
    .await;
}

#[tokio::test]
async fn closing_the_window_leaves_the_agent_in_the_tray_and_the_tray_reopens_it() {
    let sim = Sim::start(SimOptions::demo());
    let (desk, port) = desk_with_webhooks(&sim);
    let mut bell = NotifyMonitor::start();
    let mut app = desk.spawn(&[]);
    wait_for_windows(1, "the window is shown").await;
    let agent = desk.agent_pid(TIMEOUT).await;
    app.tray(TIMEOUT).await;

    desktop::close_window();
    // The window's process ends with its window: no WebKit memory is kept.
    let status = app.wait_exit(TIMEOUT).await;
    assert!(status.success(), "the window exited with {status}");
    assert!(desktop::app_windows().is_empty());
    assert!(is_running(agent), "closing the window quit the agent");
    assert!(
        Tray::read(agent).is_some(),
        "the tray item left the bus with the window"
    );

    // Still polling and announcing: a customer writes.
    let state = sim.state().await;
    let unassigned = crate::sim_view::unassigned_oldest_first(&state);
    let (conv, name) = crate::sim_view::with_unique_name(&state, &unassigned, &[]).clone();
    let text = format!("e2e window closed {}", random_hex());
    customer_writes(&sim, &desk, port, (conv, name.clone()), &text).await;
    let n = bell.wait_for(|n| n.body.contains(&text), TIMEOUT).await;
    assert!(n.summary.contains(&name), "{n:#?}");

    // The tray's "Open Deskbell" starts the window again, for the same agent.
    Tray::read(agent).expect("tray item").click("Open Deskbell");
    wait_for_windows(1, "the tray opens the window again").await;
    assert_eq!(desktop::app_processes().len(), 1, "window processes");

    // A launch while it is open brings that window forward: still one of each.
    let mut again = desk.spawn(&[]);
    let status = again.wait_exit(secs(10)).await;
    assert!(status.success(), "the second launch failed: {status}");
    assert_eq!(desktop::shown_windows().len(), 1, "windows");
    assert_eq!(desktop::app_processes().len(), 1, "window processes");
    assert_eq!(desk.agents(), vec![agent], "agents");
}

#[tokio::test]
async fn a_notification_click_starts_the_window_at_that_conversation() {
    let sim = Sim::start(SimOptions::demo());
    let (desk, port) = desk_with_webhooks(&sim);
    let mut bell = NotifyMonitor::start();
    let mut tray_only = desk.spawn(&["--minimized"]);
    assert!(tray_only.wait_exit(secs(15)).await.success());
    let agent = desk.agent_pid(TIMEOUT).await;
    assert!(desktop::shown_windows().is_empty(), "a window opened");

    let state = sim.state().await;
    let unassigned = crate::sim_view::unassigned_oldest_first(&state);
    let (conv, name) = crate::sim_view::with_unique_name(&state, &unassigned, &[]).clone();
    let text = format!("e2e click me {}", random_hex());
    customer_writes(&sim, &desk, port, (conv, name), &text).await;
    bell.wait_for(|n| n.body.contains(&text), TIMEOUT).await;

    click_newest_notification();
    wait_for_windows(1, "the click starts the window").await;
    let account = desk.account_id("Support");
    let opened = format!("the window opens at {account}/{conv}, as a notification or a link asked");
    wait_until(TIMEOUT, "the window opens the clicked conversation", || {
        let found = desk.app_log().contains(&opened);
        async move { found.then_some(()) }
    })
    .await;
    assert_eq!(desk.agents(), vec![agent], "agents");
}

#[tokio::test]
async fn a_deskbell_link_opens_its_conversation_whether_or_not_the_window_runs() {
    let sim = Sim::start(SimOptions::demo());
    let desk = Desk::new();
    desk.add_account(&sim.account("Support"));
    let mut tray_only = desk.spawn(&["--minimized"]);
    assert!(tray_only.wait_exit(secs(15)).await.success());
    let agent = desk.agent_pid(TIMEOUT).await;
    let account = desk.account_id("Support");
    let state = sim.state().await;
    let unassigned = crate::sim_view::unassigned_oldest_first(&state);
    let (first, second) = (unassigned[0].0, unassigned[1].0);
    let link = |conv: i64| format!("deskbell://conversation/{account}/{conv}");
    let opened = |conv: i64| format!("a deskbell:// link opened {account}/{conv}");

    // A link starts the window (as the system does: the link as the one argument).
    let _window = desk.spawn(&[&link(first)]);
    wait_for_windows(1, "the link starts the window").await;
    wait_until(TIMEOUT, "the link's conversation opens", || {
        let found = desk.app_log().contains(&opened(first));
        async move { found.then_some(()) }
    })
    .await;

    // A second launch with another link hands it over and leaves.
    let mut again = desk.spawn(&[&link(second)]);
    assert!(again.wait_exit(secs(15)).await.success());
    wait_until(TIMEOUT, "the running window opens the second link", || {
        let found = desk.app_log().contains(&opened(second));
        async move { found.then_some(()) }
    })
    .await;
    // A link to an account this desk lacks opens nothing.
    let mut stranger = desk.spawn(&["deskbell://conversation/someone-else/1"]);
    assert!(stranger.wait_exit(secs(15)).await.success());
    wait_until(TIMEOUT, "the stranger's link is refused", || {
        let found = desk.app_log().contains("a deskbell:// link was not opened");
        async move { found.then_some(()) }
    })
    .await;
    // One window, though the agent asked it to show itself while it was being made.
    assert_eq!(desktop::shown_windows().len(), 1, "windows");
    assert_eq!(desk.agents(), vec![agent], "agents");
}
