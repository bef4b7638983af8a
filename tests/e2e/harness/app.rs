//! The running GUI: a WebDriver session on its "main" window through
//! `tauri-driver` (which starts `WebKitWebDriver`, which starts the app).
//! Helpers wait, then act, and panic with context; a failing test leaves
//! `<target>/e2e-shots/NAME.png` (the whole X screen) and `NAME.html` (the page).

use super::desk::Desk;
use super::process::{self, free_port, wait_for_port};
use super::tray::{Tray, TrayItem};
use super::{app_binary, shots_dir, wait_until, POLL, TIMEOUT};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// WebKitWebDriver waits for the app's window; with none (`--minimized`) it waits
/// until this runs out. Use [`Desk::spawn`] for runs without a window.
const SESSION_TIMEOUT: Duration = Duration::from_secs(30);

pub struct App<'d> {
    desk: &'d Desk,
    /// `None` once quit.
    client: Option<Client>,
    driver: Child,
    session_time: Duration,
}

impl<'d> App<'d> {
    pub(crate) async fn start(desk: &'d Desk, args: &[&str]) -> App<'d> {
        process::become_subreaper();
        let port = free_port();
        let native_port = loop {
            let p = free_port();
            if p != port {
                break p;
            }
        };
        let log_path = desk.logs_dir().join("driver.log");
        let log = process::log_file(&log_path);
        let mut cmd = Command::new(tauri_driver());
        cmd.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native_port.to_string(),
        ])
        // Its own process group: teardown ends the driver, the app and WebKit's
        // helpers together, whoever their parent is by then.
        .process_group(0)
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("log file"))
        .stderr(log);
        desk.apply_env(&mut cmd);
        let mut driver = cmd.spawn().unwrap_or_else(|e| {
            panic!("cannot start tauri-driver ({e}): run scripts/install-deps.sh --test")
        });
        // tauri-driver starts WebKitWebDriver on the native port and forwards to it;
        // asking for a session before both listen fails with "connection refused".
        if !(wait_for_port(port, Duration::from_secs(10))
            && wait_for_port(native_port, Duration::from_secs(10)))
        {
            process::terminate_group(driver.id(), Duration::from_secs(1));
            let _ = driver.wait();
            panic!(
                "tauri-driver or WebKitWebDriver did not listen within 10 s; see {}",
                log_path.display()
            );
        }

        let caps = json!({
            "browserName": "wry",
            "tauri:options": { "application": app_binary(), "args": args },
        });
        let Value::Object(caps) = caps else {
            unreachable!()
        };
        let started = Instant::now();
        let mut builder = ClientBuilder::new(HttpConnector::new());
        builder.capabilities(caps);
        let url = format!("http://127.0.0.1:{port}");
        let connect = builder.connect(&url);
        let client = match tokio::time::timeout(SESSION_TIMEOUT, connect).await {
            Ok(Ok(client)) => client,
            failure => {
                let why = match failure {
                    Ok(Err(e)) => e.to_string(),
                    _ => format!(
                        "no session within {SESSION_TIMEOUT:?} (does the app open its window?)"
                    ),
                };
                screen_shot(desk.name());
                process::terminate_group(driver.id(), Duration::from_secs(2));
                let _ = driver.wait();
                panic!(
                    "cannot open a WebDriver session on {}: {why}; see {}",
                    app_binary().display(),
                    log_path.display()
                );
            }
        };
        let session_time = started.elapsed();
        eprintln!("e2e: WebDriver session on the app in {session_time:.2?}");
        App {
            desk,
            client: Some(client),
            driver,
            session_time,
        }
    }

    /// The raw WebDriver client, for anything the helpers do not cover.
    pub fn client(&self) -> &Client {
        self.client.as_ref().expect("the app was quit")
    }

    /// From asking for a session to having one: app start-up + window + page.
    pub fn session_time(&self) -> Duration {
        self.session_time
    }

    /// The app's process id (the `deskbell` process under the driver).
    pub fn pid(&self) -> Option<u32> {
        let app = app_binary();
        let name = app.file_name();
        process::group(self.driver.id()).into_iter().find(|&pid| {
            process::exe_of(pid).is_some_and(|exe| {
                // A rebuilt binary reads as "deskbell (deleted)": compare names loosely.
                exe == app
                    || exe
                        .file_name()
                        .and_then(|f| f.to_str())
                        .zip(name.and_then(|n| n.to_str()))
                        .is_some_and(|(f, n)| f.starts_with(n))
            })
        })
    }

    /// Waits until `css` matches an element and returns the first.
    pub async fn wait_for(&self, css: &str, timeout: Duration) -> Element {
        let found = self
            .client()
            .wait()
            .at_most(timeout)
            .every(POLL)
            .for_element(Locator::Css(css))
            .await;
        match found {
            Ok(el) => el,
            Err(e) => {
                self.fail(&format!(
                    "no element matches `{css}` after {timeout:?}: {e}"
                ))
                .await
            }
        }
    }

    /// Waits until nothing matches `css` (a dialog closed, a spinner went away).
    pub async fn wait_gone(&self, css: &str, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        while self.count(css).await > 0 {
            if Instant::now() >= deadline {
                self.fail(&format!("`{css}` still present after {timeout:?}"))
                    .await;
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// How many elements match `css` right now (no waiting).
    pub async fn count(&self, css: &str) -> usize {
        self.client()
            .find_all(Locator::Css(css))
            .await
            .map(|v| v.len())
            .unwrap_or(0)
    }

    /// The visible text of the first match of `css` (waits for it).
    ///
    /// Read as `innerText`, not with WebDriver's Get Element Text: WebKitWebDriver
    /// drops the text of elements placed with CSS transforms (the inbox's virtual
    /// list rows), so names and previews would be missing.
    pub async fn text_of(&self, css: &str) -> String {
        self.wait_for(css, TIMEOUT).await;
        self.inner_texts(css)
            .await
            .into_iter()
            .next()
            .unwrap_or_default()
    }

    /// Waits until the text of the first match of `css` contains `needle`;
    /// returns the whole text.
    pub async fn wait_for_text(&self, css: &str, needle: &str, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let last = self.inner_texts(css).await.into_iter().next();
            if let Some(text) = &last {
                if text.contains(needle) {
                    return text.clone();
                }
            }
            if Instant::now() >= deadline {
                let reads =
                    last.map_or("nothing matches".to_string(), |t| format!("it reads {t:?}"));
                self.fail(&format!(
                    "`{css}` does not contain {needle:?} after {timeout:?}; {reads}"
                ))
                .await;
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Texts of every match of `css`, in document order (no waiting).
    pub async fn texts_of(&self, css: &str) -> Vec<String> {
        self.inner_texts(css).await
    }

    /// `innerText` of every match of `css`.
    async fn inner_texts(&self, css: &str) -> Vec<String> {
        let script =
            "return Array.from(document.querySelectorAll(arguments[0]), e => e.innerText);";
        match self.client().execute(script, vec![Value::from(css)]).await {
            Ok(Value::Array(texts)) => texts
                .into_iter()
                .map(|t| t.as_str().unwrap_or_default().to_string())
                .collect(),
            Ok(other) => {
                self.fail(&format!("unexpected texts of `{css}`: {other}"))
                    .await
            }
            Err(e) => {
                self.fail(&format!("cannot read the text of `{css}`: {e}"))
                    .await
            }
        }
    }

    /// Waits for `css` and clicks it.
    pub async fn click(&self, css: &str) {
        let el = self.wait_for(css, TIMEOUT).await;
        if let Err(e) = el.click().await {
            self.fail(&format!("cannot click `{css}`: {e}")).await;
        }
    }

    /// Waits for `css` and types `text` at the end of what it holds.
    pub async fn type_into(&self, css: &str, text: &str) {
        let el = self.wait_for(css, TIMEOUT).await;
        if let Err(e) = el.send_keys(text).await {
            self.fail(&format!("cannot type into `{css}`: {e}")).await;
        }
    }

    /// Waits for `css`, empties it and types `text`.
    pub async fn fill(&self, css: &str, text: &str) {
        let el = self.wait_for(css, TIMEOUT).await;
        if let Err(e) = el.clear().await {
            self.fail(&format!("cannot clear `{css}`: {e}")).await;
        }
        self.type_into(css, text).await;
    }

    /// `document.title`
    pub async fn title(&self) -> String {
        match self.client().title().await {
            Ok(t) => t,
            Err(e) => self.fail(&format!("cannot read the title: {e}")).await,
        }
    }

    /// Runs `script` (a function body: use `return …`) in the page.
    pub async fn eval(&self, script: &str) -> Value {
        match self.client().execute(script, Vec::new()).await {
            Ok(v) => v,
            Err(e) => self.fail(&format!("script failed: {e}\n{script}")).await,
        }
    }

    /// The webview as PNG in `<target>/e2e-shots/NAME.png`.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self
            .client()
            .screenshot()
            .await
            .expect("WebDriver screenshot");
        let path = shots_dir().join(format!("{name}.png"));
        std::fs::write(&path, png).expect("cannot save the screenshot");
        path
    }

    /// The tray item (the agent's), once it is on the bus.
    pub async fn tray(&self, timeout: Duration) -> TrayItem {
        let pid = self.desk.agent_pid(timeout).await;
        wait_until(timeout, "the agent's tray item is on the D-Bus", || async {
            Tray::read(pid)
        })
        .await
    }

    /// Ends the session (which closes the window) and quits the agent, as the
    /// tray's Quit does, and makes sure no process of the app is left: a later
    /// launch would otherwise just reach the old ones.
    pub async fn quit(mut self) {
        if let Some(client) = self.client.take() {
            let _ = tokio::time::timeout(Duration::from_secs(5), client.close()).await;
        }
        let app = self.pid();
        let mut left = self.stop_processes();
        left.extend(self.desk.stop_agents());
        assert!(left.is_empty(), "processes survived the app: {left:?}");
        if let Some(pid) = app {
            assert!(!process::is_alive(pid), "the app (pid {pid}) survived quit");
        }
    }

    /// Ends the session and the window's processes, and leaves the agent running
    /// (as closing the window does).
    pub async fn close_window(mut self) {
        if let Some(client) = self.client.take() {
            let _ = tokio::time::timeout(Duration::from_secs(5), client.close()).await;
        }
        let left = self.stop_processes();
        assert!(left.is_empty(), "window processes survived: {left:?}");
    }

    /// Saves the page source next to the screenshot Drop will take, then panics.
    async fn fail(&self, msg: &str) -> ! {
        if let Ok(html) = self.client().source().await {
            let _ = std::fs::write(shots_dir().join(format!("{}.html", self.desk.name())), html);
        }
        panic!("{msg}");
    }

    /// Kills the driver and everything under it; returns survivors' pids.
    fn stop_processes(&mut self) -> Vec<u32> {
        let left = process::terminate_group(self.driver.id(), Duration::from_secs(3));
        let _ = self.driver.wait();
        left
    }
}

impl Drop for App<'_> {
    fn drop(&mut self) {
        if self.client.is_none() {
            return; // quit() cleaned up.
        }
        if std::thread::panicking() {
            let shot = screen_shot(self.desk.name());
            eprintln!("e2e: screen at failure: {}", shot.display());
        }
        self.stop_processes();
    }
}

/// The whole X screen (no window manager: the app sits at the top left), taken
/// synchronously so it also works from Drop while a test panics.
fn screen_shot(name: &str) -> PathBuf {
    let path = shots_dir().join(format!("{name}.png"));
    let _ = Command::new("import")
        .args(["-window", "root"])
        .arg(&path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    path
}

/// `tauri-driver` from PATH, or where `cargo install` put it.
fn tauri_driver() -> PathBuf {
    let in_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("tauri-driver"))
            .find(|p| p.is_file())
    });
    in_path.unwrap_or_else(|| {
        let cargo_home = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo")
            });
        cargo_home.join("bin/tauri-driver")
    })
}
