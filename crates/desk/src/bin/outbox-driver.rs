//! Drives the outbox against a Blinger server from the command line, with nothing
//! else of the app around it: the process the crash test kills mid-request and
//! starts again on the same file (`tests/crash.rs`).
//!
//! ```text
//! outbox-driver --outbox FILE --api URL [--token T] [--operator ID]
//!               [--enqueue CONV,CONV,...] [--replies N] [--timeout-ms MS]
//! ```
//! `--enqueue` types N replies per conversation (round-robin, "crash test CONV #i")
//! before delivering; without it the driver only delivers what the file holds.
//! Each outbox event is printed as one JSON line; `{"event":"done"}` and exit 0
//! once the outbox is empty. A reply that needs the operator exits 3.

use deskbell_desk::outbox::{deliver_once, Clock, EntryState, OutboxEvent, SystemClock};
use deskbell_desk::providers::BlingerProvider;
use deskbell_desk::{AccountId, ConvKey, Outbox, Payload, Provider, RetryPolicy};
use deskbell_transport::HttpConfig;
use std::io::Write;
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Duration;

const ACCOUNT: &str = "crash";

struct Args {
    outbox: String,
    api: String,
    token: String,
    operator: Option<i64>,
    enqueue: Vec<String>,
    replies: usize,
    timeout: Duration,
}

fn parse() -> Result<Args, String> {
    let mut args = Args {
        outbox: String::new(),
        api: String::new(),
        token: "sim-token".into(),
        operator: None,
        enqueue: Vec::new(),
        replies: 5,
        timeout: Duration::from_secs(10),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let number = |v: &str| v.parse::<u64>().map_err(|_| format!("{flag}: {v}?"));
        match flag.as_str() {
            "--outbox" => args.outbox = value,
            "--api" => args.api = value,
            "--token" => args.token = value,
            "--operator" => args.operator = Some(number(&value)? as i64),
            "--enqueue" => args.enqueue = value.split(',').map(str::to_owned).collect(),
            "--replies" => args.replies = number(&value)? as usize,
            "--timeout-ms" => args.timeout = Duration::from_millis(number(&value)?),
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    if args.outbox.is_empty() || args.api.is_empty() {
        return Err("--outbox and --api are required".into());
    }
    Ok(args)
}

/// The reply text the crash test expects, in typing order per conversation.
fn reply_text(conversation: &str, n: usize) -> String {
    format!("crash test {conversation} #{n}")
}

fn print(line: &impl serde::Serialize) {
    let mut out = std::io::stdout().lock();
    let _ = serde_json::to_writer(&mut out, line);
    let _ = writeln!(out);
    let _ = out.flush();
}

fn main() -> ExitCode {
    let args = match parse() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("outbox-driver: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(run(args))
}

async fn run(args: Args) -> ExitCode {
    let mut outbox = Outbox::open(&args.outbox).expect("the outbox file");
    // Round-robin, so every conversation has replies queued behind its head.
    for n in 0..args.replies {
        for conversation in &args.enqueue {
            let key = ConvKey::new(ACCOUNT, conversation.as_str());
            let text = reply_text(conversation, n);
            outbox
                .enqueue(key, Payload::Text { text }, SystemClock.now_ms())
                .expect("enqueue");
        }
    }
    let http = HttpConfig {
        timeout: args.timeout,
        ..HttpConfig::default()
    };
    let client = blinger::Client::with_config(args.token.as_str(), &args.api, &http)
        .expect("a Blinger client");
    let provider =
        BlingerProvider::new(AccountId::new(ACCOUNT), client, None, args.operator, vec![]);
    let outbox = Mutex::new(outbox);
    // Short waits: the crash test has no time for the app's backoff.
    let policy = RetryPolicy {
        base: Duration::from_millis(20),
        cap: Duration::from_millis(500),
        jitter: 0.2,
    };
    loop {
        for event in deliver_once(&outbox, &provider, &policy, &SystemClock).await {
            print(&event);
            if matches!(event, OutboxEvent::Failed { .. }) {
                return ExitCode::from(3);
            }
        }
        let (empty, wake) = {
            let ob = outbox.lock().unwrap();
            let failed = ob
                .entries()
                .iter()
                .any(|e| matches!(e.state, EntryState::Failed { .. }));
            if failed {
                return ExitCode::from(3);
            }
            (ob.entries().is_empty(), ob.next_wake_ms(provider.account()))
        };
        if empty {
            print(&serde_json::json!({"event": "done"}));
            return ExitCode::SUCCESS;
        }
        let nap = wake.map_or(20, |at| {
            at.saturating_sub(SystemClock.now_ms()).clamp(1, 1000)
        });
        tokio::time::sleep(Duration::from_millis(nap as u64)).await;
    }
}
