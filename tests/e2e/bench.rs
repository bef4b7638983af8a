//! Whole-app measurements, not assertions: `scripts/bench-app.sh` runs this
//! against the release build (`DESKBELL_E2E_APP`) and files the Markdown it
//! writes to `DESKBELL_BENCH_OUT` in docs/benchmarks.md.
//!
//! (a) memory of the process trees (the agent; the window and its WebKit
//! processes) with the window open, after a minute idle and with the window
//! closed; (b) window process start → first inbox row in the DOM, cold and with
//! the agent already running (what a tray click does); (c) webhook POST →
//! `Notify` on the bus, window open and closed; (d) API requests a desk makes
//! per minute when nothing happens.

use crate::harness::*;
use crate::probe::{self, summary, ProcMem, TimedBell};
use crate::{desktop, hooks, sim_view};
use serde_json::Value;
use std::fmt::Write as _;
use std::time::Duration;

const START_RUNS: usize = 10;
const WEBHOOK_RUNS: usize = 50;

fn mib(kib: u64) -> String {
    format!("{:.0} MiB", kib as f64 / 1024.0)
}

fn memory_row(out: &mut String, state: &str, procs: &[ProcMem]) {
    let rss: u64 = procs.iter().map(|p| p.rss_kib).sum();
    let pss: u64 = procs.iter().map(|p| p.pss_kib).sum();
    let each: Vec<String> = procs
        .iter()
        .map(|p| format!("{} {}", p.name, mib(p.pss_kib)))
        .collect();
    let _ = writeln!(
        out,
        "| {state} | {} | {} | {} | {} |",
        procs.len(),
        mib(rss),
        mib(pss),
        each.join(", ")
    );
}

/// (a): one Blinger account on the simulator's demo data, started directly as a
/// user would (no WebDriver: automation would add to the web process).
async fn memory(out: &mut String) {
    let sim = Sim::start(SimOptions::demo());
    let desk = Desk::named("bench-memory");
    desk.add_account(&sim.account("Support"));
    let mut window = desk.spawn(&[]);
    wait_until(secs(20), "the window is shown", || async {
        (!desktop::shown_windows().is_empty()).then_some(())
    })
    .await;
    let agent = desk.agent_pid(TIMEOUT).await;
    // The window started the agent, so the agent may be in both trees: once each.
    let both = || {
        let mut all = [probe::memory(agent), probe::memory(window.pid())].concat();
        all.sort_by_key(|p| p.pid);
        all.dedup_by_key(|p| p.pid);
        all
    };
    // The inbox paints well within this (see the start-up figures below).
    tokio::time::sleep(secs(10)).await;
    let open = both();
    tokio::time::sleep(secs(60)).await;
    let idle = both();
    desktop::close_window();
    window.wait_exit(TIMEOUT).await;
    tokio::time::sleep(secs(30)).await;
    let closed = probe::memory(agent);

    out.push_str(
        "\n### Memory of the process trees (one account, demo data, `/proc/PID/smaps_rollup`)\n\n",
    );
    out.push_str(
        "| state | processes | RSS (sum) | PSS (sum) | PSS per process |\n|---|---|---|---|---|\n",
    );
    memory_row(out, "window open, 10 s after start (agent + window)", &open);
    memory_row(out, "after 60 s idle (agent + window)", &idle);
    memory_row(out, "window closed, 30 s later (the agent alone)", &closed);
    out.push_str(
        "\nRSS counts shared pages once per process (so the sum overstates); PSS splits \
         them between the processes sharing them, so the PSS sum is the trees' real footprint.\n",
    );
}

/// In the page right after the session opened: when the first inbox row entered
/// the DOM (epoch ms), by a MutationObserver, or `already` if it was there.
const FIRST_ROW: &str = r#"
    const done = arguments[arguments.length - 1];
    const sel = '#inbox [role=option]';
    const now = () => performance.timeOrigin + performance.now();
    if (document.querySelector(sel)) return done({ already: true, at: now(), origin: performance.timeOrigin });
    const obs = new MutationObserver(() => {
      if (!document.querySelector(sel)) return;
      obs.disconnect();
      done({ already: false, at: now(), origin: performance.timeOrigin });
    });
    obs.observe(document.documentElement, { childList: true, subtree: true });
"#;

/// One start: (spawn → page navigation start, spawn → first row) in ms, and
/// whether the row was already there when WebDriver got the page (then the
/// figure is an upper bound: the time of that look).
async fn one_start(desk: &Desk, keep_agent: bool) -> (f64, f64, bool) {
    let app = desk.launch(&[]).await;
    let result = app
        .client()
        .execute_async(FIRST_ROW, Vec::new())
        .await
        .expect("first-row script");
    let pid = app.pid().expect("the app runs");
    let spawned = probe::started_at_ms(pid);
    let at = result["at"].as_f64().expect("at");
    let origin = result["origin"].as_f64().expect("origin");
    let already = result["already"] == true;
    if keep_agent {
        app.close_window().await;
    } else {
        app.quit().await;
    }
    (origin - spawned, at - spawned, already)
}

/// (b): cold starts (a fresh HOME each time: no inbox cache) of the demo and of
/// one Blinger account on the simulator.
async fn start_up(out: &mut String) {
    out.push_str("\n### Process start → first inbox row in the DOM (");
    let _ = write!(out, "{START_RUNS} cold starts each)\n\n");
    out.push_str("| inbox | median | min | max | of which: start → page navigation (median) |\n|---|---|---|---|---|\n");
    let sim = Sim::start(SimOptions::demo());
    let rows = [
        ("demo (first run), agent and window started", false, false),
        ("one Blinger account, agent and window started", true, false),
        (
            "one Blinger account, the agent already running (a tray click)",
            true,
            true,
        ),
    ];
    for (label, account, warm) in rows {
        let (mut nav, mut row, mut bounds) = (Vec::new(), Vec::new(), 0);
        let warm_desk = warm.then(|| Desk::named("bench-start-warm"));
        if let Some(desk) = &warm_desk {
            desk.add_account(&sim.account("Support"));
            let mut agent = desk.spawn(&["--minimized"]);
            agent.wait_exit(secs(15)).await;
            tokio::time::sleep(secs(5)).await;
        }
        for i in 0..START_RUNS {
            let cold;
            let desk = match &warm_desk {
                Some(desk) => desk,
                None => {
                    cold = Desk::named(&format!("bench-start-{i}"));
                    if account {
                        cold.add_account(&sim.account("Support"));
                    }
                    &cold
                }
            };
            let (n, r, already) = one_start(desk, warm).await;
            nav.push(n);
            row.push(r);
            bounds += usize::from(already);
        }
        let (med, min, max, _) = summary(&row);
        let (nav_med, ..) = summary(&nav);
        let note = if bounds > 0 {
            format!(" ({bounds} of {START_RUNS} runs: row already there when looked at, an upper bound)")
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "| {label}{note} | {med:.0} ms | {min:.0} ms | {max:.0} ms | {nav_med:.0} ms |"
        );
    }
    out.push_str(
        "\nStart = the kernel's start time of the window process (/proc/PID/stat, 10 ms ticks); \
         row = a MutationObserver in the page, installed as soon as WebDriver has the page, \
         timestamped with `performance.timeOrigin + performance.now()` (same clock). The UI \
         records no timestamp of its own.\n",
    );
}

/// (c) and (d) on one desk with one account and the webhook receiver on.
async fn webhook_and_requests(out: &mut String) {
    let sim = Sim::start(SimOptions::demo());
    let desk = Desk::named("bench-webhook");
    desk.add_account(&sim.account("Support"));
    let port = hooks::free_port();
    hooks::enable_receiver(&desk, port, 10);
    let app = desk.launch(&[]).await;
    let id = desk.account_id("Support");
    let secret = wait_until(TIMEOUT, "the account's webhook secret", || async {
        hooks::secret(&id)
    })
    .await;
    wait_until(TIMEOUT, "the receiver listens", || async {
        std::net::TcpStream::connect(("127.0.0.1", port))
            .ok()
            .map(|_| ())
    })
    .await;
    let url = format!("http://127.0.0.1:{port}/blinger/{secret}");
    let state = sim.state().await;
    let conv = sim_view::unassigned(&state)[0].0;
    let bell = TimedBell::start().await;
    // Each event is news: a later message time than the one before (one second
    // apart, one a second, so none is more than the minute of clock skew the desk
    // allows ahead of now).
    let base = (probe::epoch_ms() / 1000.0) as i64 + 1;
    let open = webhook_series(&bell, &url, conv, base, "open").await;
    app.close_window().await;
    tokio::time::sleep(secs(2)).await;
    let next = ((probe::epoch_ms() / 1000.0) as i64 + 1).max(base + WEBHOOK_RUNS as i64);
    let closed = webhook_series(&bell, &url, conv, next, "closed").await;
    let _ = write!(
        out,
        "\n### Webhook POST → `Notify` call on the bus ({WEBHOOK_RUNS} POSTs each)\n\n\
         | window | median | p90 | p99 | min | max |\n|---|---|---|---|---|---|\n"
    );
    for (label, latencies) in [("open", &open), ("closed (the agent alone)", &closed)] {
        let (med, min, max, p90) = summary(latencies);
        let p99 = percentile(latencies, 0.99);
        let _ = writeln!(
            out,
            "| {label} | {med:.1} ms | {p90:.1} ms | {p99:.1} ms | {min:.1} ms | {max:.1} ms |"
        );
    }
    out.push_str(
        "\nFrom just before the POST (wall clock) to `busctl monitor`'s receive time of the \
         `Notify` call (its `timestamp-realtime`), the documented `on_message_incoming` body \
         over loopback; p99 by nearest rank.\n",
    );

    // (d): let the resyncs the webhooks asked for finish, then count.
    tokio::time::sleep(secs(15)).await;
    let before = sim.stats().await;
    tokio::time::sleep(secs(120)).await;
    let after = sim.stats().await;
    let total = |v: &Value| v["total"].as_u64().unwrap_or(0);
    let per_min = (total(&after) - total(&before)) as f64 / 2.0;
    let mut by_endpoint: Vec<String> = after["requests"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(k, _)| !k.starts_with("_sim/"))
        .filter_map(|(k, v)| {
            let n = v.as_u64()? - before["requests"][k].as_u64().unwrap_or(0);
            (n > 0).then(|| format!("`{k}` {:.1}", n as f64 / 2.0))
        })
        .collect();
    by_endpoint.sort();
    let _ = write!(
        out,
        "\n### API requests per minute, one desk, nothing happening\n\n\
         | requests/min | by endpoint (per min) |\n|---|---|\n| {per_min:.1} | {} |\n\n\
         Simulator request counts over 2 minutes (`GET /_sim/stats`), one Blinger account, \
         default poll interval (10 s), window closed (the agent alone).\n",
        by_endpoint.join(", ")
    );
    let left = desk.stop_agents();
    assert!(left.is_empty(), "the agent survived: {left:?}");
}

/// `WEBHOOK_RUNS` incoming-message webhooks, one at a time; the latency of each.
async fn webhook_series(bell: &TimedBell, url: &str, conv: i64, base: i64, tag: &str) -> Vec<f64> {
    let http = reqwest::Client::new();
    let mut latencies = Vec::new();
    for i in 0..WEBHOOK_RUNS {
        let text = format!("bench webhook {tag} {i} {}", random_hex());
        let body = hooks::incoming(conv, "Bench Customer", &text, base + i as i64);
        let sent = probe::epoch_ms();
        assert_eq!(hooks::post(&http, url, body).await, 200);
        let arrived = bell.wait_for_body(&text, secs(10));
        latencies.push(arrived - sent);
        tokio::time::sleep(Duration::from_millis(1000)).await;
    }
    latencies
}

/// The `q` quantile (nearest rank) of `xs`.
fn percentile(xs: &[f64], q: f64) -> f64 {
    let mut sorted = xs.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

#[tokio::test]
#[ignore = "a measurement, not a test: scripts/bench-app.sh runs it"]
async fn whole_app_figures() {
    let mut out = String::new();
    start_up(&mut out).await;
    webhook_and_requests(&mut out).await;
    memory(&mut out).await;
    println!("{out}");
    if let Some(path) = std::env::var_os("DESKBELL_BENCH_OUT") {
        std::fs::write(&path, &out).expect("cannot write the figures");
    }
}
