//! The webhook receiver end to end: a documented Blinger event reaches the row
//! and the desktop at once, without waiting for a poll; requests with a wrong
//! secret, a broken body or too big a body are refused and change nothing.
//!
//! After the first load every list endpoint of the simulator answers 8 s late,
//! so what shows up sooner than that came through the webhook, not a poll.

use crate::harness::*;
use crate::{hooks, page, sim_view};
use hooks::{now_secs, slow_polls, wait_for_listener, SLOW_POLL_MS};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

/// What the window shows of the inbox: the title (unread count) and every row
/// label of the Recent tab (names, channels, unread counts).
async fn window_state(app: &App<'_>) -> (String, Vec<String>) {
    (app.title().await, page::all_row_labels(app).await)
}

#[tokio::test]
async fn a_documented_webhook_notifies_at_once_and_bad_requests_change_nothing() {
    let sim = Sim::start(SimOptions::demo());
    let desk = Desk::new();
    desk.add_account(&sim.account("Support"));
    let port = hooks::free_port();
    hooks::enable_receiver(&desk, port, 600);
    let mut bell = NotifyMonitor::start();
    let app = desk.launch(&[]).await;

    let state = sim.state().await;
    let unassigned = sim_view::unassigned(&state);
    page::open_tab(&app, "Unassigned").await;
    page::wait_for_rows(&app, &sim_view::names(&unassigned)).await;
    let id = desk.account_id("Support");
    let secret = wait_until(
        TIMEOUT,
        "the account's webhook secret is in the keyring",
        || async { hooks::secret(&id) },
    )
    .await;
    assert!(secret.len() >= 32, "a short secret: {} chars", secret.len());
    wait_for_listener(port).await;
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let path = format!("/blinger/{secret}");
    let url = format!("http://{addr}{path}");
    let http = reqwest::Client::new();
    sim.set_faults(slow_polls()).await;

    // Refused: each would change a row if it got through. (Once the rows are
    // complete, so no read of a conversation changes one meanwhile.)
    page::open_tab(&app, "Recent").await;
    page::every_row_has_a_preview_and_a_time(&app, "Recent").await;
    let before = window_state(&app).await;
    let requests = polls(&sim.stats().await);
    let (target, _) = &unassigned[0];
    let spoof = hooks::incoming(*target, "Mallory", "spoofed", now_secs());
    let post = |url: String, body: String| {
        http.post(url)
            .header("Content-Type", "application/json")
            .body(body)
            .send()
    };
    let wrong = post(format!("http://{addr}/blinger/{}", "0".repeat(64)), spoof).await;
    assert_eq!(wrong.expect("answer").status(), 404, "wrong secret");
    let broken = post(url.clone(), r#"{"webhook":"on_message_incoming","#.into()).await;
    assert_eq!(broken.expect("answer").status(), 400, "malformed body");
    assert_eq!(hooks::declared_too_large(addr, &path), 413, "declared size");
    assert_eq!(hooks::chunked_too_large(addr, &path), 413, "chunked size");
    bell.expect_none(|_| true, secs(2)).await;
    assert_eq!(window_state(&app).await, before, "the window changed");
    assert_eq!(
        polls(&sim.stats().await),
        requests,
        "a refused webhook made the app poll"
    );

    // Accepted: as Blinger does, the server has the message, then announces it.
    let name = format!("Webhook {}", &random_hex()[..8]);
    let text = format!("e2e webhook {}", random_hex());
    let conv = sim.new_conversation("telegrambot", &name, &text).await;
    let posted = Instant::now();
    let ok = post(url, hooks::incoming(conv, &name, &text, now_secs())).await;
    assert_eq!(ok.expect("answer").status(), 200);
    let n = bell.wait_for(|n| n.summary.contains(&name), secs(6)).await;
    assert!(n.body.contains(&text), "{n:#?}");
    page::wait_for_row_text(&app, &name, &text, secs(6)).await;
    let took = posted.elapsed();
    eprintln!("webhook → notification and row in {took:.2?}");
    assert!(
        took < Duration::from_millis(SLOW_POLL_MS),
        "it only arrived with a poll ({took:.2?})"
    );
    app.quit().await;
}

/// The settings and secret of versions before webhooks were per account: the
/// one switch turns the account's webhooks on, and the one secret becomes the
/// account's, so the URL Blinger was given keeps working.
#[tokio::test]
async fn the_servers_own_webhooks_reach_the_app_at_the_url_of_earlier_versions() {
    let desk = Desk::new();
    let secret = format!("{}{}", random_hex(), random_hex());
    hooks::store_single_secret(&secret);
    let port = hooks::free_port();
    let url = format!("http://127.0.0.1:{port}/blinger/{secret}");
    let sim = Sim::start(SimOptions::demo().webhook(url));
    desk.add_account(&sim.account("Support"));
    hooks::enable_single_switch(&desk, port, 600);
    let mut bell = NotifyMonitor::start();
    let app = desk.launch(&[]).await;

    let state = sim.state().await;
    let unassigned = sim_view::unassigned(&state);
    page::open_tab(&app, "Unassigned").await;
    page::wait_for_rows(&app, &sim_view::names(&unassigned)).await;
    wait_for_listener(port).await;
    sim.set_faults(slow_polls()).await;

    let name = format!("Webhook {}", &random_hex()[..8]);
    let text = format!("e2e webhook {}", random_hex());
    let started = Instant::now();
    let conv = sim.new_conversation("whatsapp", &name, &text).await;
    let n = bell.wait_for(|n| n.summary.contains(&name), secs(6)).await;
    assert!(n.body.contains(&text), "{n:#?}");
    page::wait_for_row_text(&app, &name, &text, secs(6)).await;
    let took = started.elapsed();
    eprintln!("simulator webhook → notification and row in {took:.2?}");
    assert!(
        took < Duration::from_millis(SLOW_POLL_MS),
        "it only arrived with a poll ({took:.2?})"
    );
    let id = desk.account_id("Support");
    assert_eq!(hooks::secret(&id).as_deref(), Some(secret.as_str()));
    assert_eq!(
        hooks::single_secret(),
        None,
        "moved to the account, not copied"
    );
    let webhook = &desk.settings()["webhook"];
    assert_eq!(webhook["by_account"][&id]["enabled"], true, "{webhook}");
    assert!(webhook.get("enabled").is_none(), "{webhook}");

    // A colleague's client assigns it to an operator; the event names them, and
    // the app's directory has their name (lists give emails only) at once.
    let operator = state["operators"]
        .as_object()
        .and_then(|all| all.values().max_by_key(|o| o["id"].as_i64()))
        .expect("a demo operator")
        .clone();
    let form = format!("conversation_id={conv}&operator_id={}", operator["id"]);
    let assigned = reqwest::Client::new()
        .post(format!("{}/conversations/assign-operator", sim.api_url()))
        .header("Authentication", sim.token())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .expect("assign-operator answers");
    assert!(assigned.status().is_success(), "{}", assigned.status());
    let account = id.clone();
    let learnt = wait_until(secs(6), "the directory names the operator", || async {
        let dir = app
            .eval(&format!(
                "return window.__TAURI_INTERNALS__.invoke('directory', {{account: '{account}'}});"
            ))
            .await;
        let op = dir["operators"]
            .as_array()?
            .iter()
            .find(|o| o["id"] == operator["id"].to_string().as_str())?
            .clone();
        (op["name"] == operator["name"]).then_some(op)
    })
    .await;
    assert_eq!(learnt["email"], operator["email"], "{learnt}");
    app.quit().await;
}

/// Requests for the lists (what a poll asks), from the simulator's counts.
fn polls(stats: &serde_json::Value) -> u64 {
    ["unassigned", "unread", "not-answered"]
        .iter()
        .filter_map(|l| stats["requests"][format!("conversations/{l}")].as_u64())
        .sum()
}
