//! A Prism mock server generated from the official Chatwoot OpenAPI file, for the
//! length of one test. Prism validates every request (path, query, headers,
//! security, body) against the spec and refuses what does not conform, so a call
//! that succeeds against it is a call the spec allows.

use std::io::{BufRead, BufReader, Read};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const SPEC_FILE: &str = "chatwoot-application-api.swagger.json";
const START_TIMEOUT: Duration = Duration::from_secs(30);
const START_ATTEMPTS: usize = 5;

/// The running mock; killed when dropped (also when a test panics).
pub struct Prism {
    child: Child,
    pub base_url: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Prism {
    /// Starts Prism on a free port and waits until it says it listens there.
    /// Fails (never skips) when Prism or the spec is missing.
    pub fn start() -> Prism {
        let root = repo_root();
        let bin = root.join("node_modules/.bin/prism");
        assert!(
            bin.exists(),
            "Prism is not installed ({} is missing): run `npm ci` at the repo root ({})",
            bin.display(),
            root.display()
        );
        let spec = api_docs_dir(&root).join(SPEC_FILE);
        assert!(
            spec.exists(),
            "the Chatwoot OpenAPI file is missing at {} (set DESKBELL_API_DOCS to the api-docs directory)",
            spec.display()
        );
        // Tests run in parallel and a port freed by `free_port` can be handed to
        // two of them; the loser sees EADDRINUSE and tries another port.
        for _ in 0..START_ATTEMPTS {
            let port = free_port();
            let mut child = Command::new(&bin)
                .args(["mock", "-h", "127.0.0.1", "-p", &port.to_string()])
                .arg(&spec)
                .env("NO_COLOR", "1")
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap_or_else(|e| {
                    panic!("cannot start {} (is node installed?): {e}", bin.display())
                });
            let log = Arc::new(Mutex::new(Vec::new()));
            collect_lines(child.stdout.take().unwrap(), log.clone());
            collect_lines(child.stderr.take().unwrap(), log.clone());
            let mut prism = Prism {
                child,
                base_url: format!("http://127.0.0.1:{port}"),
                log,
            };
            if prism.wait_until_listening() {
                return prism;
            }
        }
        panic!("Prism found no free port in {START_ATTEMPTS} attempts");
    }

    /// True once this Prism (not another process on the same port) announces
    /// that it listens; false when it lost the port to someone else.
    fn wait_until_listening(&mut self) -> bool {
        let announcement = format!("Prism is listening on {}", self.base_url);
        let started = Instant::now();
        loop {
            let said_so = self
                .log
                .lock()
                .unwrap()
                .iter()
                .any(|l| l.contains(&announcement));
            if said_so && TcpStream::connect(self.base_url.trim_start_matches("http://")).is_ok() {
                return true;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                // Give the log readers a moment to collect the last lines.
                std::thread::sleep(Duration::from_millis(200));
                let log = self.log_text();
                if log.contains("EADDRINUSE") {
                    return false;
                }
                panic!("Prism exited ({status}) before listening:\n{log}");
            }
            assert!(
                started.elapsed() < START_TIMEOUT,
                "Prism did not listen at {} within {START_TIMEOUT:?}:\n{}",
                self.base_url,
                self.log_text()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Every validation complaint Prism logged so far (errors and warnings).
    pub fn violations(&self) -> Vec<String> {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|line| {
                line.contains("[VALIDATOR]") && (line.contains("error") || line.contains("warning"))
            })
            .cloned()
            .collect()
    }

    pub fn log_text(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn collect_lines(stream: impl Read + Send + 'static, log: Arc<Mutex<Vec<String>>>) {
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            log.lock().unwrap().push(line);
        }
    });
}

/// The workspace root: two levels above this crate.
fn repo_root() -> PathBuf {
    // The checkout at run time, not at build time: a shared build cache may hold
    // binaries built from a checkout elsewhere.
    let manifest = PathBuf::from(
        std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned()),
    );
    manifest
        .ancestors()
        .nth(2)
        .expect("crates/chatwoot sits two levels below the repo root")
        .to_path_buf()
}

/// `$DESKBELL_API_DOCS` if set, else `<repo root>/../shared/api-docs`.
fn api_docs_dir(root: &Path) -> PathBuf {
    match std::env::var_os("DESKBELL_API_DOCS").filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => root.join("../shared/api-docs"),
    }
}

fn free_port() -> u16 {
    // The OS picks a free port; it is released for Prism just after.
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}
