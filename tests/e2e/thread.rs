//! What the thread and the details panel show comes from the server, through the
//! real app: a comment conversation names its post once Blinger has said which (the
//! lists only say `type: comment`; an action's full answer names the post), and
//! the details panel shows the customer as `get` describes them (phone, tags, the
//! live-chat page). Expectations are read off the simulator's store.

use crate::actions::header_button;
use crate::harness::*;
use crate::{page, sim_view};
use serde_json::Value;

#[tokio::test]
async fn comments_name_their_post_and_details_show_the_customer() {
    let sim = Sim::start(SimOptions::demo());
    let desk = Desk::new();
    desk.add_account(&sim.account("Support").operator(3));
    let app = desk.launch(&[]).await;
    let state = sim.state().await;
    let unassigned: Vec<&Value> = sim_view::conversations(&state)
        .into_iter()
        .filter(|c| c["status"] == "unassigned")
        .collect();
    let customer = |c: &Value| state["users"][c["from_blinger_user_id"].to_string()].clone();
    page::open_tab(&app, "Unassigned").await;

    // A comment conversation: a post of unknown title until taken.
    let comment = *unassigned
        .iter()
        .find(|c| c["comment_post"].is_object())
        .expect("the demo has an unassigned comment conversation");
    let title = comment["comment_post"]["title"].as_str().unwrap();
    open_by_id(&app, comment).await;
    wait_for_post(&app, "Comment on a post").await;
    header_button(&app, "Take").await;
    wait_for_post(&app, &format!("Comment on {title}")).await;

    // A customer with a phone and tags.
    let tagged = *unassigned
        .iter()
        .find(|c| {
            let u = customer(c);
            u["phone"].is_string() && u["tags"].as_array().is_some_and(|t| !t.is_empty())
        })
        .expect("the demo has a customer with a phone and tags");
    let u = customer(tagged);
    open_by_id(&app, tagged).await;
    let details = wait_for_details(&app, u["phone"].as_str().unwrap()).await;
    for tag in u["tags"].as_array().unwrap() {
        let tag = tag.as_str().unwrap();
        assert!(details.contains(tag), "tag {tag:?} missing: {details}");
    }

    // A live-chat customer on a page of the shop.
    let browsing = *unassigned
        .iter()
        .find(|c| customer(c)["page_url"].is_string())
        .expect("the demo has a live-chat customer on a page");
    let u = customer(browsing);
    open_by_id(&app, browsing).await;
    let details = wait_for_details(&app, u["page_url"].as_str().unwrap()).await;
    if let Some(page_title) = u["page_title"].as_str() {
        assert!(details.contains(page_title), "{details}");
    }
    app.quit().await;
}

/// Opens a conversation by its row's id hook (names may repeat in the demo).
async fn open_by_id(app: &App<'_>, conversation: &Value) {
    let row = format!(
        "{} .row[data-conversation='{}']",
        page::INBOX_LIST,
        conversation["id"]
    );
    app.wait_for(&row, TIMEOUT).await;
    app.click(&row).await;
    app.wait_for(page::REPLY_BOX, TIMEOUT).await;
}

/// The first comment's line about its post, once it reads `wanted`.
async fn wait_for_post(app: &App<'_>, wanted: &str) {
    let script = "const e = document.querySelector('#conversation .msg .comment-ctx'); \
                  return e ? e.textContent.replace(/\\s+/g, ' ').trim() : null";
    wait_until(
        TIMEOUT,
        &format!("the comment reads {wanted:?}"),
        || async { (app.eval(script).await == wanted).then_some(()) },
    )
    .await;
}

/// The details panel's whole text (it may be scrolled or collapsed) once it has `needle`.
async fn wait_for_details(app: &App<'_>, needle: &str) -> String {
    wait_until(TIMEOUT, &format!("the details show {needle:?}"), || async {
        let text = app
            .eval("return document.querySelector('.details').textContent")
            .await;
        let text = text.as_str().unwrap_or_default().to_owned();
        text.contains(needle).then_some(text)
    })
    .await
}
