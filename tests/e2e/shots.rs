//! The README's screenshots, taken from the real app in demo mode (the inbox, a
//! thread, the dark theme). Not a test: `scripts/screenshots.sh` runs it and
//! rewrites `docs/screenshots/`.

use crate::harness::*;
use crate::page;
use std::path::Path;
use std::time::Duration;

#[tokio::test]
#[ignore = "writes docs/screenshots: scripts/screenshots.sh runs it"]
async fn readme_screenshots() {
    let out = repo_root().join("docs/screenshots");
    let desk = Desk::new();
    let app = desk.launch(&["--demo"]).await;
    app.wait_for("[role=option]", TIMEOUT).await;
    let settle = || tokio::time::sleep(Duration::from_millis(800));
    settle().await;
    save(&app, &out, "inbox").await;

    // A thread with a private note, from the Recent tab.
    page::open_tab(&app, "Recent").await;
    let row = format!("{} .row[data-conversation='101']", page::INBOX_LIST);
    app.wait_for(&row, TIMEOUT).await;
    app.click(&row).await;
    app.wait_for(page::REPLY_BOX, TIMEOUT).await;
    settle().await;
    save(&app, &out, "thread").await;

    // The dark theme, chosen in Settings as an operator would.
    app.eval(
        "[...document.querySelectorAll('.rail button')]
           .find((b) => b.textContent.trim() === 'Settings').click();",
    )
    .await;
    app.wait_for("dialog[open] select", TIMEOUT).await;
    app.eval(
        "const theme = [...document.querySelectorAll('dialog select')]
           .find((s) => s.labels.length && s.labels[0].textContent.trim() === 'Theme');
         theme.value = 'dark';
         theme.dispatchEvent(new Event('change'));",
    )
    .await;
    app.wait_for("html[data-theme=dark]", TIMEOUT).await;
    app.eval("document.querySelector('dialog[open]').close()")
        .await;
    settle().await;
    save(&app, &out, "dark").await;
    app.quit().await;
}

async fn save(app: &App<'_>, dir: &Path, name: &str) {
    let shot = app.screenshot(name).await;
    std::fs::copy(&shot, dir.join(format!("{name}.png"))).expect("cannot write the screenshot");
    eprintln!("wrote {}", dir.join(format!("{name}.png")).display());
}
