//! The Blinger simulator as a separate process, like the real server: the app
//! talks to it over HTTP, the test drives customers through `/_sim/` control
//! endpoints and checks what the app did with `GET /_sim/state`.

use super::process::{self, lines_of};
use super::{logs_dir, random_hex, sim_binary, test_name, Account};
use serde_json::{json, Value};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// How to start the simulator (`blinger-sim --help` explains each flag).
#[derive(Debug, Clone, Default)]
pub struct SimOptions {
    demo: bool,
    live: Option<f64>,
    seed: Option<u64>,
    webhooks: Vec<String>,
    faults: Vec<String>,
    admin_operator_id: Option<i64>,
    token_prefix: Option<String>,
}

impl SimOptions {
    /// Seeded with the demo operators, groups and conversations.
    pub fn demo() -> Self {
        SimOptions {
            demo: true,
            ..Self::default()
        }
    }

    /// No conversations at all.
    pub fn empty() -> Self {
        Self::default()
    }

    /// Customers write on their own, `per_minute` messages a minute.
    pub fn live(mut self, per_minute: f64) -> Self {
        self.live = Some(per_minute);
        self
    }

    /// Reproducible live mode and fault probabilities.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// POST webhook events to `url` too.
    pub fn webhook(mut self, url: impl Into<String>) -> Self {
        self.webhooks.push(url.into());
        self
    }

    /// A fault from the start, in `--fault` syntax, e.g. `"status:500@unread*2"`.
    pub fn fault(mut self, spec: impl Into<String>) -> Self {
        self.faults.push(spec.into());
        self
    }

    /// Tokens starting with `prefix` (then random hex), e.g. characters that
    /// percent-encoding and JSON escaping change.
    pub fn token_prefix(mut self, prefix: &str) -> Self {
        self.token_prefix = Some(prefix.to_string());
        self
    }

    pub fn admin_operator(mut self, id: i64) -> Self {
        self.admin_operator_id = Some(id);
        self
    }
}

/// A running `blinger-sim`; stopped when dropped. Tokens are random per run, so
/// [`super::grep_for_secret`] finds a leak without false positives.
pub struct Sim {
    child: Child,
    addr: String,
    token: String,
    widget_token: String,
    http: reqwest::Client,
}

impl Sim {
    /// Starts the simulator on a port the OS picks and waits for its address line.
    pub fn start(opts: SimOptions) -> Sim {
        let prefix = opts.token_prefix.as_deref().unwrap_or("e2e-");
        let token = format!("{prefix}api-{}", random_hex());
        let widget_token = format!("{prefix}widget-{}", random_hex());
        let log = logs_dir(&test_name()).join("sim.log");
        let mut cmd = Command::new(sim_binary());
        // Tokens through the environment, not argv: argv shows up in `ps`.
        cmd.args(["--listen", "127.0.0.1:0"])
            .env("BLINGER_SIM_TOKEN", &token)
            .env("BLINGER_SIM_WIDGET_TOKEN", &widget_token)
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(process::log_file(&log));
        if opts.demo {
            cmd.arg("--demo");
        }
        if let Some(rate) = opts.live {
            cmd.args(["--live", &rate.to_string()]);
        }
        if let Some(seed) = opts.seed {
            cmd.args(["--seed", &seed.to_string()]);
        }
        if let Some(id) = opts.admin_operator_id {
            cmd.args(["--admin-operator-id", &id.to_string()]);
        }
        for url in &opts.webhooks {
            cmd.args(["--webhook", url]);
        }
        for spec in &opts.faults {
            cmd.args(["--fault", spec]);
        }
        let mut child = cmd.spawn().expect("cannot start blinger-sim");
        let lines = lines_of(child.stdout.take().expect("piped stdout"));
        // The one line on stdout: "blinger-sim listening on http://127.0.0.1:PORT".
        let addr = match lines.recv_timeout(Duration::from_secs(10)) {
            Ok(line) => line
                .strip_prefix("blinger-sim listening on http://")
                .unwrap_or_else(|| panic!("unexpected first line from blinger-sim: {line:?}"))
                .to_string(),
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "blinger-sim printed no address within 10 s; see {}",
                    log.display()
                );
            }
        };
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .expect("HTTP client");
        Sim {
            child,
            addr,
            token,
            widget_token,
            http,
        }
    }

    /// `http://127.0.0.1:PORT`
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The Conversation API base, what `--api-url` takes.
    pub fn api_url(&self) -> String {
        format!("http://{}/api", self.addr)
    }

    /// The Widget API base, what `--widget-url` takes.
    pub fn widget_url(&self) -> String {
        format!("http://{}/api/external/v1", self.addr)
    }

    pub fn token(&self) -> &str {
        &self.token
    }

    pub fn widget_token(&self) -> &str {
        &self.widget_token
    }

    /// An account pointing at this simulator, with both tokens (admin operator,
    /// all groups); narrow it with [`Account::operator`] / [`Account::group`].
    pub fn account(&self, name: &str) -> Account {
        Account {
            name: name.to_string(),
            api_url: self.api_url(),
            token: self.token.clone(),
            operator_id: None,
            group_ids: Vec::new(),
            widget: Some((self.widget_url(), self.widget_token.clone())),
        }
    }

    /// The customer of `conversation_id` writes `text`; returns the message id.
    pub async fn customer_writes(&self, conversation_id: i64, text: &str) -> i64 {
        self.customer_sends(conversation_id, text, "text").await
    }

    /// The customer of `conversation_id` sends a message of type `kind`
    /// (`text`, or `image`, `file`… whose text is the URL); returns the message id.
    pub async fn customer_sends(&self, conversation_id: i64, text: &str, kind: &str) -> i64 {
        let data = self
            .control(
                "POST",
                "customer-message",
                Some(json!({ "conversation_id": conversation_id, "text": text, "kind": kind })),
            )
            .await;
        data["message_id"]
            .as_i64()
            .unwrap_or_else(|| panic!("no message_id in {data}"))
    }

    /// A new customer starts a conversation; returns its id.
    pub async fn new_conversation(&self, channel: &str, name: &str, text: &str) -> i64 {
        let data = self
            .control(
                "POST",
                "new-conversation",
                Some(json!({ "channel": channel, "name": name, "text": text })),
            )
            .await;
        data["conversation_id"]
            .as_i64()
            .unwrap_or_else(|| panic!("no conversation_id in {data}"))
    }

    /// A colleague (operator `operator_id`) acts on a conversation through the
    /// Conversation API (`close`, `start`, `unassign`…), as another desk would.
    pub async fn colleague(&self, endpoint: &str, conversation_id: i64, operator_id: i64) {
        let url = format!("{}/conversations/{endpoint}", self.api_url());
        let form = [
            ("conversation_id", conversation_id.to_string()),
            ("operator_id", operator_id.to_string()),
        ];
        let resp = self
            .http
            .post(&url)
            .header("Authentication", &self.token)
            .form(&form)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {url}: {e}"));
        let status = resp.status();
        let text = resp.text().await.unwrap_or_default();
        assert!(status.is_success(), "POST {url}: HTTP {status}: {text}");
    }

    /// A Conversation API list (`unassigned`, `unread`, `not-answered`) as the
    /// server answers it.
    pub async fn list(&self, endpoint: &str) -> Vec<Value> {
        let url = format!("{}/conversations/{endpoint}", self.api_url());
        let resp = self
            .http
            .get(&url)
            .header("Authentication", &self.token)
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {url}: {e}"));
        let body: Value = resp
            .json()
            .await
            .unwrap_or_else(|e| panic!("GET {url}: {e}"));
        body["data"].as_array().cloned().unwrap_or_default()
    }

    /// The whole store: conversations, messages, operators…
    pub async fn state(&self) -> Value {
        self.control("GET", "state", None).await
    }

    /// Every conversation in the store (with its messages), by id.
    pub async fn conversations(&self) -> Vec<Value> {
        let state = self.state().await;
        let mut all: Vec<Value> = match &state["conversations"] {
            Value::Object(map) => map.values().cloned().collect(),
            Value::Array(list) => list.clone(),
            _ => Vec::new(),
        };
        all.sort_by_key(|c| c["id"].as_i64());
        all
    }

    /// One conversation as the store holds it (panics if there is none).
    pub async fn conversation(&self, id: i64) -> Value {
        let all = self.conversations().await;
        all.into_iter()
            .find(|c| c["id"].as_i64() == Some(id))
            .unwrap_or_else(|| panic!("the simulator has no conversation {id}"))
    }

    /// Requests per endpoint: `{"requests": {"conversations/unread": 3, …}, "total": 9}`.
    pub async fn stats(&self) -> Value {
        self.control("GET", "stats", None).await
    }

    /// Replaces the fault plan, e.g.
    /// `json!({"rules": [{"kind": "status", "code": 503, "endpoints": ["unread"]}]})`;
    /// `json!({"rules": []})` clears it.
    pub async fn set_faults(&self, plan: Value) {
        self.control("POST", "faults", Some(plan)).await;
    }

    /// Calls `/_sim/PATH` and returns the envelope's `data`.
    async fn control(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}/_sim/{path}", self.base_url());
        let mut req = match method {
            "GET" => self.http.get(&url),
            _ => self.http.post(&url),
        }
        .header("Authentication", &self.token);
        if let Some(body) = body {
            req = req.json(&body);
        }
        let resp = req
            .send()
            .await
            .unwrap_or_else(|e| panic!("{method} {url}: {e}"));
        let status = resp.status();
        let text = resp.text().await.unwrap_or_default();
        let envelope: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{method} {url}: not JSON ({e}): {text}"));
        assert!(status.is_success(), "{method} {url}: HTTP {status}: {text}");
        envelope["data"].clone()
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        process::terminate_group(self.child.id(), Duration::from_secs(3));
        let _ = self.child.wait();
    }
}
