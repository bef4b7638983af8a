//! The receiver over real HTTP on loopback.

use deskbell_webhooks::{start, PathSecret, ReceiverConfig, ReceiverError};
use tokio::sync::mpsc;

mod support;

use support::{post_json, receiver, INCOMING};

#[tokio::test]
async fn the_documented_incoming_message_is_accepted_and_delivered() {
    let (r, mut rx) = receiver(64 * 1024).await;
    let res = post_json(&reqwest::Client::new(), &r.url(), INCOMING.into()).await;
    assert_eq!(res.status(), 200);
    let event = rx
        .try_recv()
        .expect("event delivered before the answer")
        .event;
    assert_eq!(event.conversation_id(), Some(173));
    assert_eq!(event.customer_name().as_deref(), Some("Yuri Dzabaev"));
}

#[tokio::test]
async fn wrong_secret_malformed_and_oversized_bodies_are_refused_and_change_nothing() {
    let (r, mut rx) = receiver(2048).await;
    let http = reqwest::Client::new();
    let base = format!("http://{}/blinger/", r.addr());

    let wrong_url = format!("{base}{}", PathSecret::generate().expose());
    let wrong = post_json(&http, &wrong_url, INCOMING.into()).await;
    assert_eq!(wrong.status(), 404);
    let no_secret = post_json(&http, &base, INCOMING.into()).await;
    assert_eq!(no_secret.status(), 404);

    let url = r.url();
    let malformed = post_json(&http, &url, "{\"webhook\": \"on_message_incoming\",".into());
    assert_eq!(malformed.await.status(), 400);
    let not_an_event = post_json(&http, &r.url(), "[1,2,3]".into()).await;
    assert_eq!(not_an_event.status(), 400);

    let big = format!(
        "{{\"webhook\":\"on_user_new\",\"pad\":\"{}\"}}",
        "x".repeat(4096)
    );
    let declared = post_json(&http, &r.url(), big.clone()).await;
    assert_eq!(declared.status(), 413);
    // Chunked, no Content-Length: the cap must still hold.
    let stream = futures_stream(big.into_bytes());
    let chunked = http
        .post(r.url())
        .header("Content-Type", "application/json")
        .body(reqwest::Body::wrap_stream(stream))
        .send()
        .await
        .unwrap();
    assert_eq!(chunked.status(), 413);

    assert!(
        rx.try_recv().is_err(),
        "no refused request produced an event"
    );
}

#[tokio::test]
async fn only_loopback_unless_remote_is_explicitly_allowed() {
    let (tx, _rx) = mpsc::channel(1);
    let err = start(
        ReceiverConfig::single("0.0.0.0:0".parse().unwrap(), PathSecret::generate(), 1024),
        tx,
    )
    .await
    .err()
    .expect("refused");
    assert!(matches!(err, ReceiverError::NotLoopback(_)));
}

fn futures_stream(
    bytes: Vec<u8>,
) -> impl futures_core::Stream<Item = Result<Vec<u8>, std::io::Error>> {
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        bytes.chunks(512).map(|c| Ok(c.to_vec())).collect();
    tokio_stream_iter(chunks)
}

fn tokio_stream_iter<T>(items: Vec<T>) -> impl futures_core::Stream<Item = T> {
    struct Iter<T>(std::vec::IntoIter<T>);
    impl<T> futures_core::Stream for Iter<T> {
        type Item = T;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<T>> {
            std::task::Poll::Ready(self.0.next())
        }
    }
    impl<T> Unpin for Iter<T> {}
    Iter(items.into_iter())
}
