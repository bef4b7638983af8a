//! The window may call the app's own commands, each granted by name, and listen
//! to its events, nothing else: a page that got hostile script running still
//! cannot reach the shell, open arbitrary URLs, close or resize windows, flip
//! autostart, or call an app command nobody granted it.

use crate::harness::*;
use serde_json::Value;

/// Calls `command` from the page and reports `{ok, error}` as the page saw it.
async fn try_invoke(app: &App<'_>, command: &str, args: Value) -> Value {
    let script = format!(
        "const done = arguments[arguments.length - 1];
         window.__TAURI_INTERNALS__.invoke({command:?}, {args})
           .then(v => done({{ok: true, value: v === undefined ? null : 'answered'}}),
                 e => done({{ok: false, error: String(e && e.message || e)}}));"
    );
    app.client()
        .execute_async(&script, Vec::new())
        .await
        .unwrap_or_else(|e| panic!("invoke of {command} could not run: {e}"))
}

#[tokio::test]
async fn the_window_can_only_call_what_its_capability_grants() {
    let desk = Desk::new();
    let app = desk.launch(&["--demo"]).await;
    app.wait_for("[role=option]", TIMEOUT).await;

    // Control: the app's own command works from the page, so refusals below mean something.
    let own = try_invoke(&app, "app_state", serde_json::json!({})).await;
    assert_eq!(own["ok"], true, "{own}");

    let forbidden = [
        (
            "plugin:opener|open_url",
            serde_json::json!({"url": "https://example.com"}),
        ),
        (
            "plugin:opener|open_path",
            serde_json::json!({"path": "/etc/passwd"}),
        ),
        ("plugin:window|close", serde_json::json!({"label": "main"})),
        (
            "plugin:window|set_size",
            serde_json::json!({"label": "main", "value": {"Logical": {"width": 10, "height": 10}}}),
        ),
        (
            "plugin:webview|create_webview_window",
            serde_json::json!({"options": {"label": "evil", "url": "https://example.com"}}),
        ),
        ("plugin:autostart|enable", serde_json::json!({})),
        (
            "plugin:window-state|save_window_state",
            serde_json::json!({"flags": 1}),
        ),
        (
            "plugin:log|log",
            serde_json::json!({"level": 3, "message": "x"}),
        ),
    ];
    for (command, args) in forbidden {
        let answer = try_invoke(&app, command, args).await;
        assert_eq!(
            answer["ok"], false,
            "{command} must be refused, got {answer}"
        );
        let error = answer["error"].as_str().unwrap_or_default().to_lowercase();
        assert!(
            error.contains("not allowed")
                || error.contains("not found")
                || error.contains("denied"),
            "{command} refused for the wrong reason: {answer}"
        );
    }
    // One of the app's own commands, registered in this build but granted by no
    // permission (it is in neither build.rs nor the capability): refused, so a
    // command added or renamed without being granted is not callable.
    let ungranted = try_invoke(&app, "ungranted_probe", serde_json::json!({})).await;
    eprintln!("ungranted_probe: {ungranted}");
    assert_eq!(
        ungranted["ok"], false,
        "ungranted_probe must be refused, got {ungranted}"
    );
    let error = ungranted["error"].as_str().unwrap_or_default();
    assert!(
        error.contains("not allowed"),
        "refused for the wrong reason: {ungranted}"
    );
    // Still one window, still running.
    assert!(app.title().await.ends_with("Deskbell"));
    app.quit().await;
}
