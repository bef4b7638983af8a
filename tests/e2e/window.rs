//! Closing the window is not quitting: the app stays in the tray (polling, on
//! the bus) and starting it again brings the window back. Started without
//! WebDriver, whose session would end with the window; the window is watched
//! through X instead. With a real account, the closed app restarts itself in tray
//! mode (same PID) to shed what WebKit left in the process.

use crate::desktop;
use crate::harness::*;

async fn wait_for_windows(n: usize, what: &str) {
    wait_until(secs(20), what, || async {
        (desktop::shown_windows().len() == n).then_some(())
    })
    .await;
}

#[tokio::test]
async fn closing_the_window_keeps_the_app_in_the_tray_and_a_launch_reopens_it() {
    let desk = Desk::new();
    let app = desk.spawn(&[]);
    let pid = app.pid();
    wait_for_windows(1, "the window is shown").await;
    app.tray(TIMEOUT).await;

    desktop::close_window();
    // Destroyed, not hidden: a closed window must not keep its WebKit memory.
    wait_until(TIMEOUT, "the window is destroyed", || async {
        desktop::app_windows().is_empty().then_some(())
    })
    .await;
    // Give an unwanted exit time to happen.
    tokio::time::sleep(secs(1)).await;
    assert!(is_running(pid), "closing the window quit the app");
    assert!(
        Tray::read(pid).is_some(),
        "the tray item left the bus with the window"
    );
    // The demo too restarts in tray mode (its server's state saved and reloaded).
    wait_for_tray_mode(pid).await;

    let mut again = desk.spawn(&[]);
    let status = again.wait_exit(secs(10)).await;
    assert!(status.success(), "the second launch failed: {status}");
    wait_for_windows(1, "the window is shown again").await;
    assert_eq!(desktop::app_processes(), vec![pid], "app processes");
}

/// Waits until the app has restarted in tray mode and its tray item is back.
async fn wait_for_tray_mode(pid: u32) {
    wait_until(secs(30), "the app restarts in tray mode", || async {
        restarted_in_tray_mode(pid).then_some(())
    })
    .await;
    wait_until(TIMEOUT, "the tray item is back on the bus", || async {
        Tray::read(pid).map(|_| ())
    })
    .await;
}

/// `/proc/PID/environ` names the marker the tray-mode restart sets (trim.rs).
fn restarted_in_tray_mode(pid: u32) -> bool {
    std::fs::read(format!("/proc/{pid}/environ"))
        .map(|env| env.split(|b| *b == 0).any(|kv| kv == b"DESKBELL_TRIMMED=1"))
        .unwrap_or(false)
}

/// With a real account (not the demo), a closed window is followed by a restart in
/// tray mode, which sheds WebKit's leftovers: same PID, the tray back on the bus,
/// the account still polled and announced, the window back on the next launch.
#[tokio::test]
async fn a_closed_window_leaves_a_tray_process_that_still_works() {
    let sim = Sim::start(SimOptions::demo());
    let desk = Desk::new();
    desk.add_account(&sim.account("Support"));
    let mut bell = NotifyMonitor::start();
    let app = desk.spawn(&[]);
    let pid = app.pid();
    wait_for_windows(1, "the window is shown").await;
    app.tray(TIMEOUT).await;
    assert!(
        !restarted_in_tray_mode(pid),
        "restarted with the window open"
    );

    desktop::close_window();
    wait_for_tray_mode(pid).await;
    assert!(desktop::shown_windows().is_empty(), "a window came back");

    // Still polling and announcing: a customer writes.
    let state = sim.state().await;
    let unassigned = crate::sim_view::unassigned_oldest_first(&state);
    let (conv, name) = crate::sim_view::with_unique_name(&state, &unassigned, &[]).clone();
    let text = format!("e2e after restart {}", random_hex());
    sim.customer_writes(conv, &text).await;
    let n = bell.wait_for(|n| n.body.contains(&text), secs(40)).await;
    assert!(n.summary.contains(&name), "{n:#?}");

    let mut again = desk.spawn(&[]);
    let status = again.wait_exit(secs(10)).await;
    assert!(status.success(), "the second launch failed: {status}");
    wait_for_windows(1, "the window is shown again").await;
    assert_eq!(desktop::app_processes(), vec![pid], "app processes");
}
