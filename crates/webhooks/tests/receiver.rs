//! The receiver over real HTTP on loopback.

use deskbell_webhooks::{start, PathSecret, ReceiverConfig, ReceiverError};
use tokio::sync::mpsc;

/// `on_message_incoming` as printed in the API docs (blinger-webhooks.txt), with
/// only its `//` comments removed: JSON has no comments, the real server sends none.
const INCOMING: &str = r#"{
    "webhook":"on_message_incoming",
    "from_user_id":481,
    "to_user_id":542,
    "message_id":546,
    "message_blinger_id":4627,
    "conversation_id":173,
    "conversation_token":"G67iEBrRWGx6tz1Q84X5kREL2UhGC8XxzmbLszr60fLep_l6hjGghQ5Umdvac_8U",
    "operator":{ "id":11, "name":"Supervisor", "email":"ta4@tut.by" },
    "from_user":{
        "user_id":481, "role":"default", "title":"Yuri Dzabaev",
        "avatar":"https://app.blinger.io/images/users/no-user.png",
        "page_title":"Blinger – Messengers for business", "page_url":"https://blinger.io",
        "status":"enabled", "application":"vk", "service_user_id":"101786025", "date_created":1513329664
    },
    "to_user":{ "user_id":542, "role":"customer", "title":null, "avatar":null, "status":"enabled",
        "application":"vk", "service_user_id":null, "date_created":1513329654 },
    "message":{ "id":546, "from_user_id":481, "to_user_id":542, "type":"text", "application":"vk",
        "date_created":1513338128, "message":"test", "tags":["tag1", "tag2"] }
}"#;

async fn receiver(
    max: usize,
) -> (
    deskbell_webhooks::Receiver,
    mpsc::Receiver<blinger::WebhookEvent>,
) {
    let (tx, rx) = mpsc::channel(16);
    let r = start(
        ReceiverConfig {
            listen: "127.0.0.1:0".parse().unwrap(),
            allow_remote: false,
            max_body_bytes: max,
            secret: PathSecret::generate(),
        },
        tx,
    )
    .await
    .unwrap();
    (r, rx)
}

#[tokio::test]
async fn the_documented_incoming_message_is_accepted_and_delivered() {
    let (r, mut rx) = receiver(64 * 1024).await;
    let res = reqwest::Client::new()
        .post(r.url())
        .body(INCOMING)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let event = rx.try_recv().expect("event delivered before the answer");
    assert_eq!(event.conversation_id(), Some(173));
    assert_eq!(event.customer_name().as_deref(), Some("Yuri Dzabaev"));
}

#[tokio::test]
async fn wrong_secret_malformed_and_oversized_bodies_are_refused_and_change_nothing() {
    let (r, mut rx) = receiver(2048).await;
    let http = reqwest::Client::new();
    let base = format!("http://{}/blinger/", r.addr());

    let wrong = http
        .post(format!("{base}{}", PathSecret::generate().expose()))
        .body(INCOMING)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 404);
    let no_secret = http.post(&base).body(INCOMING).send().await.unwrap();
    assert_eq!(no_secret.status(), 404);

    let malformed = http
        .post(r.url())
        .body("{\"webhook\": \"on_message_incoming\",")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), 400);
    let not_an_event = http.post(r.url()).body("[1,2,3]").send().await.unwrap();
    assert_eq!(not_an_event.status(), 400);

    let big = format!(
        "{{\"webhook\":\"on_user_new\",\"pad\":\"{}\"}}",
        "x".repeat(4096)
    );
    let declared = http.post(r.url()).body(big.clone()).send().await.unwrap();
    assert_eq!(declared.status(), 413);
    // Chunked, no Content-Length: the cap must still hold.
    let stream = futures_stream(big.into_bytes());
    let chunked = http
        .post(r.url())
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
        ReceiverConfig {
            listen: "0.0.0.0:0".parse().unwrap(),
            allow_remote: false,
            max_body_bytes: 1024,
            secret: PathSecret::generate(),
        },
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
