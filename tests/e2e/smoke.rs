//! Proof that the harness works against the app as it is: provisioning through
//! the CLI, a WebDriver session on the window, the tray on the bus, and that the
//! notification capture both catches and misses what it should.

use crate::harness::*;

#[tokio::test]
async fn cli_keeps_tokens_in_the_keyring_and_nowhere_else() {
    let sim = Sim::start(SimOptions::demo());
    let desk = Desk::new();

    let added = desk.add_account(&sim.account("Support").operator(2).group(1));
    assert!(added.contains("Support"), "{added}");

    let list = desk.accounts();
    let line = list
        .lines()
        .find(|l| l.starts_with("Support\t"))
        .unwrap_or_else(|| panic!("{list}"));
    assert!(line.contains(&sim.api_url()), "{line}");
    assert!(line.contains("token in keyring"), "{line}");
    // Filed under the account's id: a name is only a label.
    let id = desk.account_id("Support");
    assert!(
        line.ends_with(&format!("\tid={id}")),
        "the list names the id: {line}"
    );
    assert_eq!(Keyring::api_token(&id).as_deref(), Some(sim.token()));
    assert_eq!(
        Keyring::widget_token(&id).as_deref(),
        Some(sim.widget_token())
    );
    assert_eq!(Keyring::api_token("Support"), None, "never under the name");
    assert_eq!(desk.settings()["accounts"][0]["api_url"], sim.api_url());

    let scanned = grep_for_secret(&desk.written_places(), sim.token());
    assert!(
        scanned > 0,
        "the scan found no files: is the settings file elsewhere?"
    );
    grep_for_secret(&desk.written_places(), sim.widget_token());

    desk.remove_account("Support");
    assert_eq!(Keyring::api_token(&id), None);
    assert!(!desk.accounts().contains("Support\t"));
}

#[tokio::test]
async fn the_app_opens_its_window_and_tray() {
    let desk = Desk::new();
    let app = desk.launch(&[]).await;
    // The page puts the unread count in front once it has loaded: "(3) Deskbell".
    let title = app.title().await;
    assert!(title.ends_with("Deskbell"), "{title}");

    let tray = app.tray(TIMEOUT).await;
    let labels = tray.labels();
    assert!(labels.iter().any(|l| l == "Quit Deskbell"), "{tray:#?}");

    let pid = app.pid().expect("the app runs under the driver");
    app.quit().await;
    assert!(!is_running(pid), "the app survived the test");
}

#[tokio::test]
async fn a_minimized_start_is_the_agent_alone_and_one_agent_runs() {
    let desk = Desk::new();
    // `--minimized` (how older login items start Deskbell): the agent starts,
    // the window program does not stay.
    let mut first = desk.spawn(&["--minimized"]);
    assert!(first.wait_exit(secs(15)).await.success());
    let tray = first.tray(TIMEOUT).await;
    assert!(tray.entry("Quit Deskbell").is_some(), "{tray:#?}");
    assert!(tray.entry("Open Deskbell").is_some(), "{tray:#?}");
    let agent = desk.agent_pid(TIMEOUT).await;
    assert!(
        crate::desktop::shown_windows().is_empty(),
        "a window opened"
    );

    // Again: the running agent answers, no second one starts.
    let mut second = desk.spawn(&["--minimized"]);
    assert!(second.wait_exit(secs(10)).await.success());
    assert!(is_running(agent));
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(desk.agents(), vec![agent], "one agent");
}

#[tokio::test]
async fn notify_calls_are_captured_and_dunst_answers() {
    let mut bell = NotifyMonitor::start();
    // Quotes, a newline and markup: all of it must come back verbatim.
    let body = "line 1\n   string \"not an argument\"\n<b>x</b> & y";
    let id = send_notification("Deskbell", "Ada wrote", body, &[("default", "Open")])
        .expect("dunst answers Notify");
    assert!(id > 0);

    let n = bell.wait_for(|n| n.summary == "Ada wrote", secs(5)).await;
    assert_eq!(n.app_name, "Deskbell");
    assert_eq!(n.body, body);
    assert!(n.has_action("default"));

    // And it does not invent any: nothing else arrived, nothing more will.
    bell.expect_none(|_| true, std::time::Duration::from_millis(300))
        .await;
    assert_eq!(bell.seen().len(), 1);
}

// The checks must be able to fail, or a green run proves nothing.

#[tokio::test]
#[should_panic(expected = "no matching notification")]
async fn a_missing_notification_fails_the_wait() {
    let mut bell = NotifyMonitor::start();
    send_notification("Deskbell", "Someone else", "", &[]).expect("dunst answers Notify");
    bell.wait_for(
        |n| n.summary == "Ada wrote",
        std::time::Duration::from_millis(300),
    )
    .await;
}

#[test]
#[should_panic(expected = "the secret is written in plain text")]
fn a_token_in_a_file_fails_the_scan() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join(".config/io.deskbell.desk");
    std::fs::create_dir_all(&nested).unwrap();
    std::fs::write(
        nested.join("settings.json"),
        r#"{"token":"e2e-api-0123456789abcdef"}"#,
    )
    .unwrap();
    grep_for_secret(&[dir.path()], "e2e-api-0123456789abcdef");
}
