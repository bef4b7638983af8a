//! A recording of everything Rust hands the page: every command's answer
//! (resolved or rejected) and every event, as JSON text, in `window.__ipcLog`.
//!
//! `__TAURI_INTERNALS__.invoke` cannot be wrapped: Tauri defines it (and
//! `__TAURI_INTERNALS__` itself) with `Object.defineProperty`, neither writable
//! nor configurable, so assigning a wrapper silently does nothing. One level
//! down, every answer and every event reaches the page through
//! `runCallback(id, data)`, which looks the handler up in the (exposed,
//! ordinary) `__TAURI_INTERNALS__.callbacks` map. Wrapping the handlers in that
//! map, those already registered (the page's event listener) and those
//! registered from now on (each `invoke` registers two), records every answer
//! while the original handlers still run unchanged.

use crate::harness::App;
use serde_json::Value;

const INSTALL: &str = r#"
    const t = window.__TAURI_INTERNALS__;
    if (!t || !(t.callbacks instanceof Map)) return -1;
    if (!window.__ipcLog) {
      window.__ipcLog = [];
      const record = (data) => {
        let text;
        try { text = JSON.stringify(data); } catch (e) { text = `unserializable: ${e}`; }
        window.__ipcLog.push(text === undefined ? 'undefined' : text);
      };
      const wrap = (fn) => function (data) { record(data); return fn.apply(this, arguments); };
      const set = Map.prototype.set;
      for (const [id, fn] of t.callbacks) set.call(t.callbacks, id, wrap(fn));
      t.callbacks.set = function (id, fn) { return set.call(this, id, wrap(fn)); };
    }
    return window.__ipcLog.length;
"#;

/// Starts recording (idempotent).
pub async fn install(app: &App<'_>) {
    let n = app.eval(INSTALL).await;
    assert!(
        n.as_i64().is_some_and(|n| n >= 0),
        "cannot record IPC: __TAURI_INTERNALS__.callbacks is not a Map (Tauri changed?)"
    );
}

/// Calls command `cmd` the way the page does, so its answer is recorded too.
pub async fn invoke(app: &App<'_>, cmd: &str, args: Value) -> Value {
    let script = r#"
        const done = arguments[arguments.length - 1];
        window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1])
          .then((r) => done({ ok: r }), (e) => done({ err: e }));
    "#;
    app.client()
        .execute_async(script, vec![Value::from(cmd), args])
        .await
        .unwrap_or_else(|e| panic!("invoke {cmd}: {e}"))
}

/// Everything recorded so far.
pub async fn entries(app: &App<'_>) -> Vec<String> {
    match app.eval("return window.__ipcLog || null;").await {
        Value::Array(v) => v
            .into_iter()
            .map(|e| e.as_str().unwrap_or_default().to_string())
            .collect(),
        other => panic!("no IPC recording in the page: {other}"),
    }
}
