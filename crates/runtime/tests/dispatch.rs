//! The desk's verbs by the page's command names, as the agent runs them for its
//! windows: arguments by name as JSON in, the command's answer as JSON out.

mod support;

use deskbell_runtime::verbs::DESK_VERBS;
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use support::{rig, ACCOUNT};

fn no_login_items(_: bool) -> Result<(), String> {
    Err("not in this test".into())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_verb_is_known_and_bad_arguments_are_named() {
    let r = rig().await;
    for verb in DESK_VERBS {
        // Arguments left out: a verb either does without or names what is missing.
        if let Err(e) = r.desk.dispatch(verb, json!({}), &no_login_items).await {
            assert_eq!(e.kind, "invalid_input", "{verb}: {e:?}");
            assert!(e.message.starts_with("argument \""), "{verb}: {e:?}");
        }
    }
    let e = r
        .desk
        .dispatch("format_disk", json!({}), &no_login_items)
        .await
        .unwrap_err();
    assert_eq!(
        (e.kind.as_str(), e.message.as_str()),
        ("not_found", "no verb \"format_disk\"")
    );
    let e = r
        .desk
        .dispatch(
            "outbox_edit",
            json!({"id": 7, "text": "x"}),
            &no_login_items,
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind, "invalid_input");
    assert!(e.message.contains("\"id\""), "{e:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_sent_by_name_is_queued_answered_and_delivered_once() {
    let r = rig().await;
    let key = r.customer_opens("Grace", "Hello?");
    let conv: i64 = key.conversation.parse().unwrap();
    // What the page sends for `send`: the key and the payload, by name.
    let echo = r
        .desk
        .dispatch(
            "send",
            json!({"key": {"account": ACCOUNT, "conversation": key.conversation},
                   "payload": {"type": "text", "text": "Sent through the agent"}}),
            &no_login_items,
        )
        .await
        .unwrap();
    assert_eq!(echo["text"], "Sent through the agent");
    assert_eq!(echo["delivery"]["state"], "pending", "{echo}");
    let state = r
        .desk
        .dispatch("app_state", json!({}), &no_login_items)
        .await
        .unwrap();
    assert!(state["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["id"] == ACCOUNT));
    r.until("delivered once", |r| {
        r.sim
            .store()
            .messages(conv)
            .iter()
            .filter(|m| m.text == "Sent through the agent")
            .count()
            == 1
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_at_login_is_the_front_ends_and_the_setting_follows_it() {
    let r = rig().await;
    let asked = AtomicUsize::new(0);
    let agree = |on: bool| {
        assert!(on);
        asked.fetch_add(1, Ordering::SeqCst);
        Ok(())
    };
    let s = r
        .desk
        .dispatch(
            "set_settings",
            json!({"settings": {"start_at_login": true}}),
            &agree,
        )
        .await
        .unwrap();
    assert_eq!(
        (s["start_at_login"].as_bool(), asked.load(Ordering::SeqCst)),
        (Some(true), 1)
    );
    let e = r
        .desk
        .dispatch(
            "set_settings",
            json!({"settings": {"start_at_login": false}}),
            &no_login_items,
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind, "config");
    let s = r
        .desk
        .dispatch("app_state", json!({}), &no_login_items)
        .await
        .unwrap();
    assert_eq!(
        s["settings"]["start_at_login"], true,
        "unchanged when the system said no"
    );
}

/// A `deskbell://` link handed to the window reaches the desk by the window's
/// verb: the window comes up at that conversation, as for a notification click;
/// a link to an account the desk lacks, or not a conversation link, does nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deep_link_opens_its_conversation_and_nothing_else() {
    use deskbell_runtime::deep_link;
    use deskbell_runtime::events::DeskEvent;
    let r = rig().await;
    let key = r.customer_opens("Grace", "Hello?");
    let link = deep_link::link(&key);

    let opened = r
        .desk
        .dispatch("open_link", json!({ "link": link }), &no_login_items)
        .await
        .unwrap();
    assert_eq!(opened, serde_json::to_value(&key).unwrap());
    assert_eq!(*r.out.windows_shown.lock().unwrap(), 1);
    assert!(r
        .out
        .any_event(|e| matches!(e, DeskEvent::OpenConversation { key: k } if *k == key)));
    // The page, loading now, is told where to open.
    assert_eq!(r.state().await.open_key, Some(key.clone()));

    for (bad, kind) in [
        ("deskbell://conversation/someone-else/1", "not_found"),
        ("deskbell://settings/reset", "invalid_input"),
        ("https://example.com/", "invalid_input"),
    ] {
        let e = r
            .desk
            .dispatch("open_link", json!({ "link": bad }), &no_login_items)
            .await
            .unwrap_err();
        assert_eq!(e.kind, kind, "{bad}: {e:?}");
    }
    assert_eq!(
        *r.out.windows_shown.lock().unwrap(),
        1,
        "a refused link showed the window"
    );
}
