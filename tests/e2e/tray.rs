//! The tray as a tray host sees it (the agent's StatusNotifierItem): the unread
//! count on the menu's summary line and the item asking for attention, and "Do
//! not disturb" silencing notifications (but not the inbox) until it is turned
//! off again. (The count drawn into the icon is `badge`'s unit tests.)

use crate::harness::*;
use crate::{page, sim_view};
use std::time::{Duration, Instant};

/// Waits until the app's tray item satisfies `ok`; panics showing the last one.
async fn wait_for_tray(pid: u32, what: &str, ok: impl Fn(&TrayItem) -> bool) -> TrayItem {
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut last = None;
    loop {
        if let Some(tray) = Tray::read(pid) {
            if ok(&tray) {
                return tray;
            }
            last = Some(tray);
        }
        assert!(
            Instant::now() < deadline,
            "the tray never showed {what}; last: {last:#?}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

fn unread_line(n: usize) -> String {
    match n {
        1 => "Deskbell — 1 unread conversation".into(),
        n => format!("Deskbell — {n} unread conversations"),
    }
}

/// The tray shows what the server says is unread: on the summary line, under
/// "Open Deskbell", and as an item that needs attention.
async fn shows_unread(sim: &Sim, pid: u32) -> TrayItem {
    let n = sim_view::unread(&sim.state().await).len();
    let line = unread_line(n);
    wait_for_tray(pid, &format!("{n} unread"), |t| {
        let labels = t.labels();
        labels.first().map(String::as_str) == Some("Open Deskbell")
            && labels.get(1) == Some(&line)
            && t.status == "NeedsAttention"
    })
    .await
}

async fn set_do_not_disturb(pid: u32, on: bool) {
    let tray = Tray::read(pid).expect("the tray item is on the bus");
    let entry = tray
        .entry("Do not disturb")
        .expect("a Do not disturb entry");
    assert_eq!(entry.checked, Some(!on), "{entry:?}");
    tray.click("Do not disturb");
    wait_for_tray(pid, &format!("Do not disturb {on}"), |t| {
        t.entry("Do not disturb").and_then(|e| e.checked) == Some(on)
    })
    .await;
}

#[tokio::test]
async fn the_tray_counts_unread_and_do_not_disturb_silences_notifications() {
    let sim = Sim::start(SimOptions::demo());
    let desk = Desk::new();
    desk.add_account(&sim.account("Support"));
    let mut bell = NotifyMonitor::start();
    let app = desk.launch(&[]).await;
    let pid = desk.agent_pid(TIMEOUT).await;

    let state = sim.state().await;
    let unread = sim_view::unread(&state).len();
    assert!(unread > 1, "demo data");
    shows_unread(&sim, pid).await;
    // The page mounts after the tray shows the count: the title must reach it too.
    let expected = format!("({unread}) Deskbell");
    wait_until(TIMEOUT, "the window title to show the unread count", || {
        let (app, expected) = (&app, &expected);
        async move { (app.title().await == *expected).then_some(()) }
    })
    .await;

    let unassigned = sim_view::unassigned_oldest_first(&state);
    let (quiet_conv, quiet_name) = sim_view::with_unique_name(&state, &unassigned, &[]).clone();
    let (loud_conv, loud_name) =
        sim_view::with_unique_name(&state, &unassigned, &[quiet_conv]).clone();
    page::open_tab(&app, "Unassigned").await;

    // On: the row changes, the desktop is not told.
    set_do_not_disturb(pid, true).await;
    assert_eq!(desk.settings()["do_not_disturb"], true, "not saved");
    let quiet = format!("e2e quiet {}", random_hex());
    sim.customer_writes(quiet_conv, &quiet).await;
    page::wait_for_row_text(&app, &quiet_name, &quiet, secs(30)).await;
    bell.expect_none(|n| n.body.contains(&quiet), secs(2)).await;
    shows_unread(&sim, pid).await;

    // Off: the next message is announced (and the silenced one never is).
    set_do_not_disturb(pid, false).await;
    let loud = format!("e2e loud {}", random_hex());
    sim.customer_writes(loud_conv, &loud).await;
    let n = bell.wait_for(|n| n.body.contains(&loud), secs(30)).await;
    assert!(n.summary.contains(&loud_name), "{n:#?}");
    let late: Vec<_> = bell
        .seen()
        .iter()
        .filter(|n| n.body.contains(&quiet))
        .cloned()
        .collect();
    assert!(late.is_empty(), "announced after all: {late:#?}");
    app.quit().await;
}
