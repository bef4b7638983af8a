//! Closing the window is not quitting: the app stays in the tray (polling, on
//! the bus) and starting it again brings the window back. Started without
//! WebDriver, whose session would end with the window; the window is watched
//! through X instead.

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

    let mut again = desk.spawn(&[]);
    let status = again.wait_exit(secs(10)).await;
    assert!(status.success(), "the second launch failed: {status}");
    wait_for_windows(1, "the window is shown again").await;
    assert_eq!(desktop::app_processes(), vec![pid], "app processes");
}
