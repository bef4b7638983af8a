//! The content security policy of `tauri.conf.json`, as the real webview
//! (WebKitGTK) enforces it: script that somehow got onto the page cannot run
//! inline code, evaluate strings, fire inline event handlers or load a script
//! from elsewhere. Each refusal is shown to be the policy's by the
//! `securitypolicyviolation` event the webview raises for it.

use crate::harness::*;
use serde_json::Value;

const ATTEMPTS: &str = r#"
const done = arguments[arguments.length - 1];
const violations = [];
document.addEventListener('securitypolicyviolation',
  (e) => violations.push(e.violatedDirective + ' ' + (e.blockedURI || '')));
const r = {};
try { r.eval = String(eval('6 * 7')); } catch (e) { r.eval = e.name; }
try { r.function = String(new Function('return 6 * 7')()); } catch (e) { r.function = e.name; }
window.__inline = 'blocked';
const inline = document.createElement('script');
inline.textContent = "window.__inline = 'ran'";
document.head.append(inline);
window.__handler = 'blocked';
const img = document.createElement('img');
img.setAttribute('onerror', "window.__handler = 'ran'");
img.src = 'data:,not-an-image';
document.body.append(img);
const remote = document.createElement('script');
remote.src = 'http://127.0.0.1:9/evil.js';
remote.onload = () => { r.remote = 'loaded'; };
remote.onerror = () => { r.remote = 'blocked'; };
document.head.append(remote);
setTimeout(() => {
  img.remove(); inline.remove(); remote.remove();
  done({ ...r, inline: window.__inline, handler: window.__handler, violations });
}, 1000);
"#;

#[tokio::test]
async fn the_webview_refuses_inline_script_eval_and_foreign_scripts() {
    let desk = Desk::new();
    let app = desk.launch(&["--demo"]).await;
    app.wait_for("[role=option]", TIMEOUT).await;

    let r: Value = app
        .client()
        .execute_async(ATTEMPTS, Vec::new())
        .await
        .expect("the attempts could not run");
    eprintln!("CSP attempts: {r:#}");
    assert_eq!(r["eval"], "EvalError", "eval ran: {r}");
    assert_eq!(r["function"], "EvalError", "new Function ran: {r}");
    assert_eq!(r["inline"], "blocked", "an inline <script> ran: {r}");
    assert_eq!(
        r["handler"], "blocked",
        "an inline onerror handler ran: {r}"
    );
    assert_eq!(r["remote"], "blocked", "a foreign script loaded: {r}");

    // The refusals are the policy's: each raised a violation of script-src.
    let violations: Vec<&str> = r["violations"]
        .as_array()
        .expect("violations")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    // (WebKit names the directive's part: -elem for <script>, -attr for handlers.)
    for (directive, blocked) in [
        ("script-src", "eval"),
        ("script-src-elem", "inline"),
        ("script-src-attr", "inline"),
        ("script-src-elem", "http://127.0.0.1:9/evil.js"),
    ] {
        let wanted = format!("{directive} {blocked}");
        assert!(
            violations.contains(&wanted.as_str()),
            "no violation {wanted:?}: {violations:?}"
        );
    }

    // The page is still the app's and still works.
    app.wait_for("[role=option]", TIMEOUT).await;
    app.quit().await;
}
