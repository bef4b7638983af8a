//! A replayed event is answered 200 and handed on only once; several secret
//! paths share one receiver, each handing on its own tag.

mod support;

use deskbell_webhooks::{start, Limits, PathSecret, ReceiverConfig, ReceiverError, Webhook};
use support::{incoming, loopback, post_json, receiver, receiver_with, status, INCOMING};
use tokio::sync::mpsc;

#[tokio::test]
async fn a_replay_is_answered_but_handed_on_once() {
    let (r, mut rx) = receiver(64 * 1024).await;
    let http = reqwest::Client::new();
    let compact =
        serde_json::to_string(&serde_json::from_str::<serde_json::Value>(INCOMING).unwrap())
            .unwrap();
    for body in [INCOMING.to_owned(), INCOMING.to_owned(), compact] {
        let res = post_json(&http, &r.url(), body).await;
        assert_eq!(res.status(), 200);
    }
    let as_form = http
        .post(r.url())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(INCOMING)
        .send()
        .await
        .unwrap();
    assert_eq!(as_form.status(), 200);
    assert!(rx.try_recv().is_ok(), "the first one is handed on");
    assert!(rx.try_recv().is_err(), "a replay was handed on again");

    // Another message is another event.
    assert_eq!(status(&http, &r.url(), incoming("next")).await, 200);
    assert!(rx.try_recv().is_ok());
}

#[tokio::test]
async fn only_the_last_window_of_events_is_remembered() {
    let limits = Limits {
        dedup_window: 2,
        ..Limits::default()
    };
    let (r, mut rx) = receiver_with(64 * 1024, limits).await;
    let http = reqwest::Client::new();
    for text in ["a", "b", "c", "a", "c"] {
        assert_eq!(status(&http, &r.url(), incoming(text)).await, 200);
    }
    let mut handed_on = Vec::new();
    while let Ok(w) = rx.try_recv() {
        handed_on.push(w.event.preview_text().unwrap());
    }
    // `a` was forgotten once `b` and `c` came; `c` was still remembered.
    assert_eq!(handed_on, ["a", "b", "c", "a"]);
}

#[tokio::test]
async fn an_event_dropped_for_a_full_channel_gets_through_when_sent_again() {
    let (tx, mut rx) = mpsc::channel(1);
    let config = ReceiverConfig::single(loopback(), PathSecret::generate(), 64 * 1024);
    let r = start(config, tx).await.unwrap();
    let http = reqwest::Client::new();
    assert_eq!(status(&http, &r.url(), incoming("fills")).await, 200);
    assert_eq!(status(&http, &r.url(), incoming("dropped")).await, 200);
    assert_eq!(
        rx.recv().await.unwrap().event.preview_text().unwrap(),
        "fills"
    );
    assert_eq!(status(&http, &r.url(), incoming("dropped")).await, 200);
    assert_eq!(
        rx.recv().await.unwrap().event.preview_text().unwrap(),
        "dropped"
    );
}

#[tokio::test]
async fn each_secret_path_hands_on_its_own_tag() {
    let (tx, mut rx) = mpsc::channel(8);
    let routes = vec![
        (PathSecret::generate(), "support"),
        (PathSecret::generate(), "sales"),
    ];
    let config = ReceiverConfig::new(loopback(), routes, 64 * 1024);
    let r = start(config, tx).await.unwrap();
    let http = reqwest::Client::new();
    let (support, sales) = (r.url_for(&"support").unwrap(), r.url_for(&"sales").unwrap());
    assert_ne!(support, sales);
    assert_eq!(r.url(), support, "the first route is the default URL");
    assert!(r.url_for(&"billing").is_none());
    // The same body through both: one event for each account, not a replay.
    for url in [&sales, &support, &sales] {
        assert_eq!(status(&http, url, INCOMING.into()).await, 200);
    }
    let tags: Vec<_> = std::iter::from_fn(|| rx.try_recv().ok())
        .map(|w| w.tag)
        .collect();
    assert_eq!(tags, ["sales", "support"]);
}

#[tokio::test]
async fn routes_must_be_present_and_distinct() {
    let secret = PathSecret::generate();
    let config = |routes: Vec<(PathSecret, u8)>| ReceiverConfig::new(loopback(), routes, 1024);
    let (tx, _rx) = mpsc::channel::<Webhook<u8>>(1);
    let none = start(config(vec![]), tx.clone()).await.err();
    assert!(matches!(none, Some(ReceiverError::NoRoute)), "{none:?}");
    let twice = vec![(secret.clone(), 1), (secret, 2)];
    let twice = start(config(twice), tx.clone()).await.err();
    assert!(matches!(twice, Some(ReceiverError::DuplicateSecret)));
}
