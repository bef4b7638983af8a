//! The process dies with replies pending, some with a request out, and starts again
//! on the same outbox file: every reply reaches the simulator exactly once, in order.
//!
//! The driver (`src/bin/outbox-driver.rs`) is a real process killed with SIGKILL, so
//! nothing in it gets to clean up: what survives is what was on disk. Kills land
//! where it hurts most:
//! - a send hanging on a server that never answers (in flight, not applied: must be
//!   sent again);
//! - a send the simulator applied and then answers slowly (in flight, applied: must
//!   be found on the server, not sent again);
//! - at random moments (between requests, during a reconcile read, while writing
//!   the file…).

use blinger_sim::{
    Author, ConversationStatus, FaultKind, FaultPlan, FaultRule, NewConversation, SeedMessage,
    SimConfig, SimHandle,
};
use rand::Rng;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const DRIVER: &str = env!("CARGO_BIN_EXE_outbox-driver");
const CONVERSATIONS: usize = 3;
const REPLIES: usize = 6;
/// The driver's client waits this long; the slow answers below come sooner, so a
/// kill always finds the request still out.
const CLIENT_TIMEOUT_MS: u64 = 10_000;
const SLOW_ANSWER_MS: u64 = 3_000;

fn reply_text(conversation: i64, n: usize) -> String {
    format!("crash test {conversation} #{n}")
}

struct Rig {
    sim: SimHandle,
    me: i64,
    conversations: Vec<i64>,
    dir: tempfile::TempDir,
    runs: usize,
}

impl Rig {
    async fn new() -> Self {
        let sim = blinger_sim::start("127.0.0.1:0".parse().unwrap(), SimConfig::default())
            .await
            .unwrap();
        let store = sim.store();
        let me = store.add_operator("Olga", "olga@example.com");
        let conversations = (0..CONVERSATIONS)
            .map(|_| {
                let id = store.add_conversation(NewConversation {
                    status: ConversationStatus::Inbox,
                    operator_id: Some(me),
                    ..NewConversation::default()
                });
                store.add_message(id, SeedMessage::new(Author::Customer, "Hello?"));
                id
            })
            .collect();
        Rig {
            sim,
            me,
            conversations,
            dir: tempfile::tempdir().unwrap(),
            runs: 0,
        }
    }

    fn outbox_path(&self) -> PathBuf {
        self.dir.path().join("outbox.json")
    }

    /// Starts the driver on the outbox file; `enqueue`: type the replies first.
    fn start(&mut self, api: &str, enqueue: bool) -> Child {
        self.runs += 1;
        let log = std::fs::File::create(self.log(self.runs)).unwrap();
        let mut cmd = Command::new(DRIVER);
        cmd.arg("--outbox")
            .arg(self.outbox_path())
            .args(["--api", api])
            .args(["--operator", &self.me.to_string()])
            .args(["--timeout-ms", &CLIENT_TIMEOUT_MS.to_string()])
            .args(["--replies", &REPLIES.to_string()]);
        if enqueue {
            let ids: Vec<String> = self.conversations.iter().map(i64::to_string).collect();
            cmd.args(["--enqueue", &ids.join(",")]);
        }
        cmd.stdout(log).stderr(Stdio::inherit()).spawn().unwrap()
    }

    fn log(&self, run: usize) -> PathBuf {
        self.dir.path().join(format!("run-{run}.log"))
    }

    fn logs(&self) -> String {
        (1..=self.runs)
            .map(|r| std::fs::read_to_string(self.log(r)).unwrap_or_default())
            .collect()
    }

    /// The text of the entry in flight on disk, if any. The file is replaced by
    /// rename, so a read sees one whole version of it.
    fn in_flight_on_disk(&self) -> Option<String> {
        let bytes = std::fs::read(self.outbox_path()).ok()?;
        let file: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        file["entries"]
            .as_array()?
            .iter()
            .find(|e| e["state"]["state"] == "in_flight")
            .map(|e| e["payload"]["text"].as_str().unwrap().to_owned())
    }

    fn on_server(&self, conversation: i64) -> Vec<String> {
        self.sim
            .store()
            .messages(conversation)
            .into_iter()
            .filter(|m| m.is_outgoing)
            .map(|m| m.text)
            .collect()
    }

    fn server_has(&self, text: &str) -> bool {
        self.conversations
            .iter()
            .any(|c| self.on_server(*c).iter().any(|t| t == text))
    }
}

/// Waits until `ready` says so (or `limit` passes), then SIGKILLs the driver.
/// Returns whether `ready` held; panics if the driver ended by itself.
async fn kill_when(child: &mut Child, limit: Duration, ready: impl Fn() -> bool) -> bool {
    let started = Instant::now();
    let held = loop {
        if ready() {
            break true;
        }
        if started.elapsed() > limit {
            break false;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the driver ended before the kill: {status}");
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    };
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    held
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_mid_request_and_restarted_every_reply_arrives_once_in_order() {
    let mut rig = Rig::new().await;
    let api = rig.sim.api_base_url();

    // 1. A server that takes the send and never answers: killed in flight, and
    //    the request was not applied. (Reads answer: a reply first learns where it
    //    will land in the conversation.)
    rig.sim.set_faults(FaultPlan::new(vec![
        FaultRule::new(FaultKind::Stall).on(&["send-message"])
    ]));
    let mut driver = rig.start(&api, true);
    let caught = kill_when(&mut driver, Duration::from_secs(20), || {
        rig.in_flight_on_disk().is_some()
    })
    .await;
    assert!(caught, "never saw a request in flight");
    let pending = rig.in_flight_on_disk().expect("still in flight on disk");
    assert!(!rig.server_has(&pending));

    // 2. From here every second send is applied, then answered slowly. First,
    //    kills at random moments. (Before the catches: a run killed here may
    //    finish a reconciliation without living to report it, so the last caught
    //    request must be one the final run reconciles.)
    rig.sim
        .set_faults(FaultPlan::new(vec![FaultRule::new(FaultKind::Delay {
            ms: SLOW_ANSWER_MS,
        })
        .on(&["send-message"])
        .every_nth(2)]));
    let mut rng = rand::rng();
    for _ in 0..3 {
        let mut driver = rig.start(&api, false);
        let at = Duration::from_millis(rng.random_range(20..400));
        kill_when(&mut driver, at, || false).await;
    }

    // 3. Killed while an applied request's answer is still on its way. The
    //    answer may win the race with the kill; such a round proves nothing and
    //    is run again.
    let mut caught_applied = 0;
    for _ in 0..10 {
        let mut driver = rig.start(&api, false);
        let caught = kill_when(&mut driver, Duration::from_secs(20), || {
            rig.in_flight_on_disk().is_some_and(|t| rig.server_has(&t))
        })
        .await;
        if caught && rig.in_flight_on_disk().is_some_and(|t| rig.server_has(&t)) {
            caught_applied += 1;
            if caught_applied == 3 {
                break;
            }
        }
    }
    assert_eq!(caught_applied, 3, "applied requests caught in flight");

    // 4. Faults gone: the last run delivers the rest and ends by itself.
    rig.sim.set_faults(FaultPlan::none());
    let mut driver = rig.start(&api, false);
    let started = Instant::now();
    let status = loop {
        if let Some(status) = driver.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the last run hangs"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let logs = rig.logs();
    assert!(status.success(), "{status}\n{logs}");
    assert!(std::fs::read(rig.outbox_path()).is_ok());
    assert!(
        logs.contains(r#""reconciled":true"#),
        "an applied request was found on the server, not sent again:\n{logs}"
    );

    for &conversation in &rig.conversations {
        let expected: Vec<String> = (0..REPLIES).map(|n| reply_text(conversation, n)).collect();
        assert_eq!(rig.on_server(conversation), expected, "{logs}");
    }
    println!("{} driver runs, {} killed", rig.runs, rig.runs - 1);
}
