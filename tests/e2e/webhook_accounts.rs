//! Webhooks per account, end to end: two Blinger accounts on two simulators
//! whose conversation ids collide (both hold the demo data), each given its own
//! URL. Webhooks are switched on in the Settings window, which shows each
//! account's URL; an event on one account's URL changes nothing in the other;
//! *Send test event* shows its result; a replayed event changes nothing.

use crate::harness::*;
use crate::{hooks, page, sim_view};
use hooks::{now_secs, slow_polls, wait_for_listener};
use std::time::Duration;

/// What the window shows of one account's inbox: every row label of its Recent
/// tab (names, channels, unread counts).
async fn rows_of(app: &App<'_>, account: &str) -> Vec<String> {
    page::scope(app, account).await;
    page::open_tab(app, "Recent").await;
    page::all_row_labels(app).await
}

/// The value of the Settings field labelled `label`, if it is there.
async fn field(app: &App<'_>, label: &str) -> Option<String> {
    let script = format!(
        "const f = document.querySelector('dialog.dlg-settings [aria-label=\"{label}\"]'); return f ? f.value : null;"
    );
    app.eval(&script).await.as_str().map(str::to_owned)
}

fn secret() -> String {
    format!("{}{}", random_hex(), random_hex())
}

#[tokio::test]
async fn each_account_has_its_own_url_and_its_events_change_nothing_in_the_other() {
    // Each simulator posts its events to its own account's URL, as Blinger would
    // once given it: the secrets are stored first, the app shows them as URLs.
    let port = hooks::free_port();
    let (secret_a, secret_b) = (secret(), secret());
    let url_a = format!("http://127.0.0.1:{port}/blinger/{secret_a}");
    let url_b = format!("http://127.0.0.1:{port}/blinger/{secret_b}");
    let sim_a = Sim::start(SimOptions::demo().webhook(url_a.clone()));
    let sim_b = Sim::start(SimOptions::demo().webhook(url_b.clone()));
    let desk = Desk::new();
    desk.add_account(&sim_a.account("Alpha"));
    desk.add_account(&sim_b.account("Beta"));
    let (id_a, id_b) = (desk.account_id("Alpha"), desk.account_id("Beta"));
    hooks::store_secret(&id_a, &secret_a);
    hooks::store_secret(&id_b, &secret_b);
    hooks::listen_on(&desk, port, 600, &[]);
    let mut bell = NotifyMonitor::start();
    let app = desk.launch(&[]).await;

    let state_a = sim_a.state().await;
    let unassigned = sim_view::unassigned(&state_a);
    page::open_tab(&app, "Unassigned").await;
    let names = sim_view::names(&unassigned);
    let both: Vec<String> = names.iter().chain(&names).cloned().collect();
    page::wait_for_rows(&app, &both).await;

    page::open_tab(&app, "Recent").await;
    let all_before = page::all_row_labels(&app).await;

    // Settings: both off, no URL; switched on, each shows its own URL.
    page::click_button(&app, "rail", "Settings").await;
    app.wait_for("input[aria-label='Webhooks for Alpha']", TIMEOUT)
        .await;
    assert_eq!(
        field(&app, "Webhook URL for Alpha").await,
        None,
        "off: no URL"
    );
    app.click("input[aria-label='Webhooks for Alpha']").await;
    app.click("input[aria-label='Webhooks for Beta']").await;
    app.wait_for("[aria-label='Webhook URL for Beta']", TIMEOUT)
        .await;
    assert_eq!(
        field(&app, "Webhook URL for Alpha").await.as_deref(),
        Some(url_a.as_str())
    );
    assert_eq!(
        field(&app, "Webhook URL for Beta").await.as_deref(),
        Some(url_b.as_str())
    );
    wait_for_listener(port).await;
    let settings = desk.settings();
    for id in [&id_a, &id_b] {
        assert_eq!(
            settings["webhook"]["by_account"][id]["enabled"], true,
            "{settings}"
        );
    }

    // Send test event, clicked in the window: received and applied, and no row
    // and no notification come of it.
    app.click("button[aria-label='Send a test event to Alpha']")
        .await;
    let said = app
        .wait_for_text(".hook-result", "Received and applied", TIMEOUT)
        .await;
    assert!(said.contains("this account"), "{said}");
    app.eval("document.querySelector('.set-webhooks').scrollIntoView(); return true;")
        .await;
    app.screenshot("webhooks-settings").await;
    app.client()
        .execute(
            "document.querySelector('dialog.dlg-settings .dlg-x').click();",
            vec![],
        )
        .await
        .expect("close the settings");
    app.wait_gone("dialog.dlg-settings", TIMEOUT).await;
    bell.expect_none(|_| true, secs(1)).await;
    assert_eq!(
        page::all_row_labels(&app).await,
        all_before,
        "the test event changed rows"
    );

    sim_a.set_faults(slow_polls()).await;
    sim_b.set_faults(slow_polls()).await;
    let beta_before = rows_of(&app, "Beta").await;

    // A customer writes in conversation `conv` of A; B has a conversation with
    // the same id and the same customer. Only A's row moves and rings.
    let (conv, name) = unassigned[0].clone();
    assert_eq!(sim_b.conversation(conv).await["id"], conv, "ids collide");
    let text = format!("only for Alpha {}", random_hex());
    sim_a.customer_writes(conv, &text).await;
    let n = bell.wait_for(|n| n.body.contains(&text), secs(6)).await;
    assert!(n.summary.contains(&name), "{n:#?}");
    page::scope(&app, "Alpha").await;
    page::wait_for_row_text(&app, &name, &text, secs(6)).await;
    assert_eq!(
        rows_of(&app, "Beta").await,
        beta_before,
        "Beta's rows changed"
    );

    // A new conversation in A gets id N, which B does not have: no phantom there.
    let newcomer = format!("Newcomer {}", &random_hex()[..8]);
    let first = format!("first words {}", random_hex());
    sim_a.new_conversation("whatsapp", &newcomer, &first).await;
    bell.wait_for(|n| n.summary.contains(&newcomer), secs(6))
        .await;
    page::scope(&app, "Alpha").await;
    page::wait_for_row_text(&app, &newcomer, &first, secs(6)).await;
    assert_eq!(
        rows_of(&app, "Beta").await,
        beta_before,
        "a phantom row in Beta"
    );
    bell.expect_none(|_| true, secs(1)).await;

    // And the other way: B's event, A's rows stay.
    let alpha_before = rows_of(&app, "Alpha").await;
    let text_b = format!("only for Beta {}", random_hex());
    sim_b.customer_writes(conv, &text_b).await;
    bell.wait_for(|n| n.body.contains(&text_b), secs(6)).await;
    page::scope(&app, "Beta").await;
    page::wait_for_row_text(&app, &name, &text_b, secs(6)).await;
    assert_eq!(
        rows_of(&app, "Alpha").await,
        alpha_before,
        "Alpha's rows changed"
    );

    // A replay: the same documented event to A's URL twice. The second time is
    // answered 200 and changes nothing: no row, no count, no notification.
    let http = reqwest::Client::new();
    let replayed = format!("replayed {}", random_hex());
    let body = hooks::incoming(conv, &name, &replayed, now_secs());
    let post = || {
        http.post(&url_a)
            .header("Content-Type", "application/json")
            .body(body.clone())
            .send()
    };
    assert_eq!(post().await.expect("answer").status(), 200);
    bell.wait_for(|n| n.body.contains(&replayed), secs(6)).await;
    page::scope(&app, "Alpha").await;
    page::wait_for_row_text(&app, &name, &replayed, secs(6)).await;
    let alpha_once = rows_of(&app, "Alpha").await;
    let title_once = app.title().await;
    assert_eq!(post().await.expect("answer").status(), 200);
    bell.expect_none(|_| true, Duration::from_secs(2)).await;
    assert_eq!(
        rows_of(&app, "Alpha").await,
        alpha_once,
        "the replay changed a row"
    );
    assert_eq!(
        app.title().await,
        title_once,
        "the replay changed the unread count"
    );

    // Beta removed in Settings: its secret and its route go, Alpha's stay.
    page::click_button(&app, "rail", "Settings").await;
    // Gone again only once the removal is done (the section reloads after it).
    app.wait_for("input[aria-label='Webhooks for Beta']", TIMEOUT)
        .await;
    app.click("button[aria-label='Remove account Beta']").await;
    app.click("button[aria-label='Remove account Beta']").await;
    app.wait_gone("input[aria-label='Webhooks for Beta']", TIMEOUT)
        .await;
    wait_until(TIMEOUT, "Beta's webhook secret is deleted", || async {
        hooks::secret(&id_b).is_none().then_some(())
    })
    .await;
    let gone = http.post(&url_b).header("Content-Type", "application/json");
    let gone = gone.body(hooks::incoming(conv, &name, "late", now_secs()));
    assert_eq!(gone.send().await.expect("answer").status(), 404);
    assert_eq!(hooks::secret(&id_a).as_deref(), Some(secret_a.as_str()));
    assert_eq!(
        field(&app, "Webhook URL for Alpha").await.as_deref(),
        Some(url_a.as_str())
    );

    // The URLs (their secrets) are in no file the app wrote, its log included.
    let log = desk.app_log();
    assert!(log.contains("webhook receiver listening on"), "{log}");
    for s in [&secret_a, &secret_b] {
        assert!(!log.contains(s.as_str()), "a webhook URL in the log");
        grep_for_secret(&[desk.home()], s);
    }
    app.quit().await;
}
