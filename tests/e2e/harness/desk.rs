//! One operator's machine: a fresh HOME for the app's files, the provisioning
//! CLI, and launching the GUI under WebDriver.

use super::{
    app::App, app_binary, keyring::Keyring, logs_dir, require_desktop, running::AppProcess,
    test_name,
};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Mutex, MutexGuard};

/// The app is a single instance per D-Bus session and the keyring is shared, so
/// desks take turns. Held for the whole life of a [`Desk`].
static TURN: Mutex<()> = Mutex::new(());

/// An account for `deskbell account add`; see [`super::Sim::account`].
#[derive(Debug, Clone)]
pub struct Account {
    pub name: String,
    pub api_url: String,
    pub token: String,
    pub operator_id: Option<i64>,
    pub group_ids: Vec<i64>,
    /// Widget API base URL and token.
    pub widget: Option<(String, String)>,
}

impl Account {
    /// Act as this operator instead of the admin.
    pub fn operator(mut self, id: i64) -> Self {
        self.operator_id = Some(id);
        self
    }

    /// Watch this operator group (repeatable).
    pub fn group(mut self, id: i64) -> Self {
        self.group_ids.push(id);
        self
    }

    /// No Widget API (no assign/transfer actions that need it).
    pub fn without_widget(mut self) -> Self {
        self.widget = None;
        self
    }
}

/// What a CLI run printed.
#[derive(Debug)]
pub struct CliRun {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

pub struct Desk {
    name: String,
    home: tempfile::TempDir,
    env: Vec<(String, String)>,
    _turn: MutexGuard<'static, ()>,
}

impl Desk {
    /// A desk named after the running test (for screenshots and logs).
    pub fn new() -> Desk {
        Self::named(&test_name())
    }

    pub fn named(name: &str) -> Desk {
        require_desktop();
        let turn = TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        // What earlier tests left in the shared parts of the desktop.
        Keyring::clear_deskbell();
        let _ = Command::new("dunstctl").arg("close-all").status();
        let base = std::env::var_os("HOME")
            .map(PathBuf::from)
            .unwrap_or_else(std::env::temp_dir);
        let home = tempfile::Builder::new()
            .prefix(&format!("desk-{name}-"))
            .tempdir_in(base)
            .expect("cannot create the desk's HOME");
        Desk {
            name: name.to_string(),
            home,
            env: Vec::new(),
            _turn: turn,
        }
    }

    /// An extra environment variable for the CLI and the app.
    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.to_string(), value.to_string()));
        self
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// This desk's HOME; XDG config, cache and data dirs are inside it.
    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// The folder of the channel between this desk's agent and its window: each
    /// desk has its own, so agents of earlier tests are never reached.
    pub fn agent_dir(&self) -> PathBuf {
        self.home().join("agent")
    }

    /// The pid of this desk's tray agent, once it runs.
    pub async fn agent_pid(&self, timeout: std::time::Duration) -> u32 {
        let dir = self.agent_dir();
        super::wait_until(timeout, "the desk's agent runs", || {
            let found = super::agent::agents_of(&dir).first().copied();
            async move { found }
        })
        .await
    }

    /// This desk's running agents (one, or none).
    pub fn agents(&self) -> Vec<u32> {
        super::agent::agents_of(&self.agent_dir())
    }

    /// Quits this desk's windows and agent (SIGTERM, as at logout); returns survivors' pids.
    pub fn stop_agents(&self) -> Vec<u32> {
        super::agent::stop_agents(&self.agent_dir(), std::time::Duration::from_secs(5))
    }

    /// Where the app keeps `settings.json` (Tauri's `app_config_dir`).
    pub fn config_dir(&self) -> PathBuf {
        self.home().join(".config/io.deskbell.desk")
    }

    /// The settings file as JSON (`null` when absent).
    pub fn settings(&self) -> serde_json::Value {
        match std::fs::read_to_string(self.config_dir().join("settings.json")) {
            Ok(text) => serde_json::from_str(&text).expect("settings.json is not JSON"),
            Err(_) => serde_json::Value::Null,
        }
    }

    /// The id of the account named `name` (keys, keyring entries and the outbox
    /// use ids; names are labels).
    pub fn account_id(&self, name: &str) -> String {
        let settings = self.settings();
        settings["accounts"]
            .as_array()
            .and_then(|a| a.iter().find(|a| a["name"] == name))
            .and_then(|a| a["id"].as_str())
            .unwrap_or_else(|| panic!("no account {name:?} in {settings}"))
            .to_owned()
    }

    /// Where the driver and app output of this desk's launches goes.
    pub fn logs_dir(&self) -> PathBuf {
        logs_dir(&self.name)
    }

    /// The app's own log so far (`tauri-plugin-log`'s files under HOME).
    pub fn app_log(&self) -> String {
        let mut all = String::new();
        for entry in std::fs::read_dir(self.app_log_dir())
            .into_iter()
            .flatten()
            .flatten()
        {
            all.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default());
        }
        all
    }

    fn app_log_dir(&self) -> PathBuf {
        self.home().join(".local/share/io.deskbell.desk/logs")
    }

    /// Every place the app may write: the scan list for [`super::grep_for_secret`].
    pub fn written_places(&self) -> Vec<PathBuf> {
        vec![self.home().to_path_buf(), self.logs_dir()]
    }

    /// The environment every process of this desk gets: its own HOME and XDG
    /// dirs; DISPLAY, the D-Bus session and the keyring come from the desktop.
    pub(crate) fn apply_env(&self, cmd: &mut Command) {
        let home = self.home();
        cmd.env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_CACHE_HOME", home.join(".cache"))
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("XDG_STATE_HOME", home.join(".local/state"))
            .env("DESKBELL_AGENT_DIR", self.agent_dir())
            .env_remove("DESKBELL_AGENT_BIN")
            .env_remove("DESKBELL_WINDOW_BIN")
            .env_remove("DESKBELL_CONFIG_DIR")
            .env_remove("DESKBELL_CACHE_DIR");
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
    }

    /// Runs `deskbell ARGS…` with `stdin` on standard input.
    pub fn cli(&self, args: &[&str], stdin: &str) -> CliRun {
        let mut cmd = Command::new(app_binary());
        cmd.args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        self.apply_env(&mut cmd);
        let mut child = cmd.spawn().expect("cannot run deskbell");
        if let Some(mut input) = child.stdin.take() {
            // The CLI may exit before reading (bad arguments): ignore EPIPE.
            let _ = input.write_all(stdin.as_bytes());
        }
        let Output {
            status,
            stdout,
            stderr,
        } = child.wait_with_output().expect("deskbell CLI");
        CliRun {
            success: status.success(),
            stdout: String::from_utf8_lossy(&stdout).into_owned(),
            stderr: String::from_utf8_lossy(&stderr).into_owned(),
        }
    }

    /// `deskbell account add …`, tokens on stdin; panics if it fails.
    pub fn add_account(&self, account: &Account) -> String {
        let mut args = vec![
            "account".to_string(),
            "add".into(),
            "--provider".into(),
            "blinger".into(),
            "--name".into(),
            account.name.clone(),
            "--api-url".into(),
            account.api_url.clone(),
        ];
        if let Some(id) = account.operator_id {
            args.extend(["--operator-id".into(), id.to_string()]);
        }
        for id in &account.group_ids {
            args.extend(["--group-id".into(), id.to_string()]);
        }
        let mut stdin = format!("{}\n", account.token);
        if let Some((url, token)) = &account.widget {
            args.extend(["--widget-url".into(), url.clone()]);
            stdin.push_str(&format!("{token}\n"));
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = self.cli(&args, &stdin);
        assert!(
            run.success,
            "`deskbell account add` failed: {}{}",
            run.stdout, run.stderr
        );
        // The simulator is a local process, not Blinger: the app may read it as
        // fast as it likes, so rows fill in seconds. The budget itself is the core's
        // tests' and the request-curve benchmark's business.
        self.set_setting("request_budget_per_min", serde_json::json!(600));
        run.stdout
    }

    /// Sets one top-level field of `settings.json` (the app must not be running).
    pub fn set_setting(&self, key: &str, value: serde_json::Value) {
        let mut settings = self.settings();
        settings[key] = value;
        let path = self.config_dir().join("settings.json");
        std::fs::write(&path, serde_json::to_vec_pretty(&settings).expect("JSON"))
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }

    /// `deskbell account list` output.
    pub fn accounts(&self) -> String {
        let run = self.cli(&["account", "list"], "");
        assert!(
            run.success,
            "`deskbell account list` failed: {}",
            run.stderr
        );
        run.stdout
    }

    pub fn remove_account(&self, name: &str) {
        let run = self.cli(&["account", "remove", name], "");
        assert!(
            run.success,
            "`deskbell account remove` failed: {}",
            run.stderr
        );
    }

    /// Starts the GUI (`deskbell ARGS…`) under tauri-driver and opens a WebDriver
    /// session on its window.
    pub async fn launch(&self, args: &[&str]) -> App<'_> {
        App::start(self, args).await
    }

    /// Starts the app directly, without WebDriver (and so without needing a
    /// window): `--minimized` runs, second launches. Ended when dropped.
    pub fn spawn(&self, args: &[&str]) -> AppProcess<'_> {
        AppProcess::start(self, args)
    }
}

impl Drop for Desk {
    fn drop(&mut self) {
        // The agent outlives windows by design; not the desk.
        let left = self.stop_agents();
        if !left.is_empty() {
            eprintln!("e2e: agents survived the desk: {left:?}");
        }
        // Tokens this desk stored must not leak into the next test.
        Keyring::clear_deskbell();
        // The HOME goes away with the desk; keep the app's log files.
        for entry in std::fs::read_dir(self.app_log_dir())
            .into_iter()
            .flatten()
            .flatten()
        {
            let _ = std::fs::copy(entry.path(), self.logs_dir().join(entry.file_name()));
        }
    }
}
