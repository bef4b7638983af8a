//! The desk runtime without a window: a real Blinger simulator over HTTP, the
//! desk's own tasks, and a recorder in place of the front end. What the operator
//! would see (page events, notifications, the tray) is read off the recorder.

mod support;

use deskbell_desk::{ConvKey, DeliveryState, Direction};
use deskbell_runtime::events::DeskEvent;
use deskbell_runtime::verbs::SendInput;
use support::{rig, ACCOUNT};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_customer_reaches_the_page_a_notification_and_the_tray() {
    let r = rig().await;
    assert!(
        r.out.alerts.lock().unwrap().is_empty(),
        "the first poll announces nothing that was already there"
    );
    let key = r.customer_opens("Ada Lovelace", "Is my order <b>shipped</b>?");
    r.desk.refresh(None);
    r.until("a notification", |r| {
        !r.out.alerts.lock().unwrap().is_empty()
    })
    .await;
    let alert = r.out.alerts.lock().unwrap()[0].clone();
    assert_eq!(alert.key, key);
    assert!(alert.title.contains("Ada Lovelace"), "{alert:?}");
    assert!(
        alert.body.contains("Is my order <b>shipped</b>?"),
        "the customer's words, as written (the front end escapes them): {alert:?}"
    );
    assert!(r.out.any_event(|e| matches!(e,
        DeskEvent::InboxChanged { changes, .. } if changes.iter().any(|c| c.key() == &key))));
    assert_eq!(r.out.tray_now().unread, 0, "nobody's unread yet");

    let mine = r.customer_writes_to_me("Charles Babbage", "Any news?");
    r.desk.refresh(None);
    r.until("the tray's count", |r| r.out.tray_now().unread == 1)
        .await;
    assert!(r.out.any_event(|e| matches!(e,
        DeskEvent::InboxChanged { changes, unread_total: 1 } if changes.iter().any(|c| c.key() == &mine))));
    assert!(r.out.tray_now().accounts[0].starts_with("Acme — online"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_goes_out_once_and_the_page_hears_each_step() {
    let r = rig().await;
    let key = r.customer_opens("Grace", "Hello?");
    r.desk.refresh(None);
    r.until_state("the row", |s| s.items.iter().any(|i| i.key == key))
        .await;
    let echo = r
        .desk
        .send(
            key.clone(),
            SendInput::Text {
                text: "On its way!".into(),
            },
        )
        .await
        .unwrap();
    let DeliveryState::Pending { outbox_id } = echo.delivery else {
        panic!("a new reply is pending: {echo:?}")
    };
    r.until("delivered", |r| {
        r.out.any_event(|e| {
            matches!(e,
            DeskEvent::OutboxChanged { message, .. }
                if message.delivery == DeliveryState::Sent { outbox_id: Some(outbox_id) })
        })
    })
    .await;
    let conv: i64 = key.conversation.parse().unwrap();
    let ours: Vec<_> = r
        .sim
        .store()
        .messages(conv)
        .into_iter()
        .filter(|m| m.text == "On its way!")
        .collect();
    assert_eq!(ours.len(), 1, "sent exactly once");
    assert_eq!(ours[0].operator_id, Some(r.me), "in the operator's name");
    assert!(r.state().await.outbox.is_empty(), "nothing left over");
    let echoes: Vec<_> = deskbell_runtime::threads::with_echoes(&r.desk, &key, Vec::new())
        .into_iter()
        .filter(|m| m.direction == Direction::Outgoing)
        .collect();
    assert!(echoes.is_empty(), "no echo outlives delivery: {echoes:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_reply_or_an_unknown_account_is_refused_and_nothing_is_queued() {
    let r = rig().await;
    let key = r.customer_opens("Alan", "Hi");
    let empty = r
        .desk
        .send(key.clone(), SendInput::Text { text: "  ".into() })
        .await
        .unwrap_err();
    assert_eq!(empty.kind, "invalid_input");
    let nowhere = r
        .desk
        .send(
            ConvKey::new("gone", "1"),
            SendInput::Text { text: "hi".into() },
        )
        .await
        .unwrap_err();
    assert_eq!(nowhere.kind, "not_found");
    assert!(r.state().await.outbox.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notification_click_brings_the_window_to_its_conversation() {
    let r = rig().await;
    let key = ConvKey::new(ACCOUNT, "42");
    r.desk.notification_clicked(key.clone());
    assert_eq!(*r.out.windows_shown.lock().unwrap(), 1);
    assert!(r
        .out
        .any_event(|e| matches!(e, DeskEvent::OpenConversation { key: k } if *k == key)));
    assert_eq!(
        r.state().await.open_key,
        Some(key),
        "for a window still starting"
    );
    assert_eq!(r.state().await.open_key, None, "opened once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stopping_an_account_takes_its_rows_and_its_tray_line_away() {
    let r = rig().await;
    r.customer_writes_to_me("Edsger", "Ping");
    r.desk.refresh(None);
    r.until("the tray's count", |r| r.out.tray_now().unread >= 1)
        .await;
    r.desk.stop_account(ACCOUNT);
    let tray = r.out.tray_now();
    assert_eq!(tray.unread, 0);
    assert!(tray.accounts.is_empty(), "{tray:?}");
    assert!(r.state().await.items.is_empty());
}
