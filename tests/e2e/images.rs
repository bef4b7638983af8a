//! Customer pictures in the real app: the page gets them only through the app's
//! `deskimg:` protocol. A picture on the account's own server shows; one on a
//! loopback server that is no account's is refused by the app (that server never
//! sees a request) and shown as a file card; the page cannot load either
//! directly (the CSP has no remote image source).

use crate::bait::Bait;
use crate::harness::*;
use crate::page;
use serde_json::Value;

#[tokio::test]
async fn a_customer_picture_shows_through_the_app_and_the_lan_stays_unreached() {
    let sim = Sim::start(SimOptions::empty());
    let lan = Bait::start();
    let desk = Desk::new();
    desk.add_account(&sim.account("Support"));
    let id = sim
        .new_conversation("telegrambot", "Ada Parcel", "The box arrived like this:")
        .await;
    let own = format!("{}/files/new/67/cf/parcel.png", sim.base_url());
    let pictured = sim.customer_sends(id, &own, "image").await;
    let probing = sim
        .customer_sends(id, &lan.url("/router-admin.png"), "image")
        .await;
    let app = desk.launch(&[]).await;
    page::open_tab(&app, "Unassigned").await;
    page::open_conversation(&app, "Ada Parcel").await;

    // The picture from the account's server, through the app.
    let img = format!(".msg[data-message-id='{pictured}'] .thumb-img");
    app.wait_for(&img, TIMEOUT).await;
    let shown = wait_until(TIMEOUT, "the picture is decoded", || async {
        let v = app
            .eval(&format!(
                "const i = document.querySelector(\"{img}\");
                 return i && i.complete && i.naturalWidth ? [i.naturalWidth, i.getAttribute('src')] : null"
            ))
            .await;
        (!v.is_null()).then_some(v)
    })
    .await;
    assert_eq!(shown[0], 480, "{shown}");
    let src = shown[1].as_str().unwrap_or_default();
    assert!(src.starts_with("deskimg://localhost/http"), "{src}");

    // The loopback picture that is no account's: refused by the app, a file card.
    let card = format!(".msg[data-message-id='{probing}'] .file-card");
    app.wait_for(&card, TIMEOUT).await;
    assert_eq!(
        app.count(&format!(".msg[data-message-id='{probing}'] img"))
            .await,
        0
    );

    // The page cannot fetch the picture straight from its host either.
    let direct: Value = app
        .client()
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const i = new Image();
             i.onload = () => done('loaded');
             i.onerror = () => done('blocked');
             i.src = arguments[0];",
            vec![Value::String(lan.url("/direct.png"))],
        )
        .await
        .expect("the direct load could not run");
    assert_eq!(direct, "blocked");
    assert!(
        lan.hits().is_empty(),
        "the LAN server was reached: {:?}",
        lan.hits()
    );

    let shot = app.screenshot("thread-with-image").await;
    eprintln!("screenshot: {}", shot.display());
    app.quit().await;
}
