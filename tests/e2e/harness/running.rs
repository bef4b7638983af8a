//! The app started directly, without WebDriver: for runs with no window
//! (`--minimized` starts in the tray only, and a WebDriver session needs a
//! window) and for a second launch, which must hand over to the first and exit.

use super::desk::Desk;
use super::process;
use super::tray::{Tray, TrayItem};
use super::{app_binary, wait_until};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

pub struct AppProcess<'d> {
    desk: &'d Desk,
    child: Child,
}

impl<'d> AppProcess<'d> {
    pub(crate) fn start(desk: &'d Desk, args: &[&str]) -> AppProcess<'d> {
        process::become_subreaper();
        let log = process::log_file(&desk.logs_dir().join("app.log"));
        let mut cmd = Command::new(app_binary());
        cmd.args(args)
            .process_group(0) // see App: ends with its WebKit helpers
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log file"))
            .stderr(log);
        desk.apply_env(&mut cmd);
        let child = cmd.spawn().expect("cannot start deskbell");
        AppProcess { desk, child }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The tray item (the agent's), once it is on the bus.
    pub async fn tray(&self, timeout: Duration) -> TrayItem {
        let pid = self.desk.agent_pid(timeout).await;
        wait_until(timeout, "the app's tray item is on the D-Bus", || async {
            Tray::read(pid)
        })
        .await
    }

    /// Waits for the app to exit by itself (a second instance does at once).
    pub async fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the app still runs after {timeout:?}"
            );
            tokio::time::sleep(super::POLL).await;
        }
    }
}

impl Drop for AppProcess<'_> {
    fn drop(&mut self) {
        process::terminate_group(self.child.id(), Duration::from_secs(3));
        let _ = self.child.wait();
    }
}
