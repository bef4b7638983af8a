//! Routes change while the receiver runs (accounts come and go, their webhooks
//! are switched on and off) without re-binding, and a stopped receiver frees its
//! address for the next one.

mod support;

use deskbell_webhooks::{start, PathSecret, ReceiverConfig, ReceiverError, Webhook};
use support::{loopback, status, INCOMING};
use tokio::sync::mpsc;

fn drain(rx: &mut mpsc::Receiver<Webhook<&'static str>>) -> Vec<&'static str> {
    std::iter::from_fn(|| rx.try_recv().ok())
        .map(|w| w.tag)
        .collect()
}

#[tokio::test]
async fn routes_added_and_removed_while_running_take_effect_at_once() {
    let (tx, mut rx) = mpsc::channel(8);
    let (a, b) = (PathSecret::generate(), PathSecret::generate());
    let config = ReceiverConfig::new(loopback(), vec![(a.clone(), "a")], 64 * 1024);
    let r = start(config, tx).await.unwrap();
    let http = reqwest::Client::new();
    let url_a = r.url_for(&"a").unwrap();
    let url_b = format!("http://{}/blinger/{}", r.addr(), b.expose());
    assert_eq!(
        status(&http, &url_b, INCOMING.into()).await,
        404,
        "not yet a route"
    );

    r.set_routes(vec![(a.clone(), "a"), (b.clone(), "b")])
        .unwrap();
    assert_eq!(r.url_for(&"b").as_deref(), Some(url_b.as_str()));
    assert_eq!(status(&http, &url_b, INCOMING.into()).await, 200);
    assert_eq!(drain(&mut rx), ["b"]);

    // `a` goes: its URL is refused at once, `b` keeps working on the same socket.
    r.set_routes(vec![(b.clone(), "b")]).unwrap();
    assert_eq!(status(&http, &url_a, INCOMING.into()).await, 404);
    assert!(r.url_for(&"a").is_none());
    assert!(drain(&mut rx).is_empty());

    // A table with a secret twice is refused and the one in force stays.
    let twice = r.set_routes(vec![(a.clone(), "a"), (a.clone(), "c")]);
    assert!(matches!(twice, Err(ReceiverError::DuplicateSecret)));
    assert!(r.url_for(&"b").is_some() && r.url_for(&"a").is_none());

    r.set_routes(Vec::new()).unwrap();
    assert_eq!(
        status(&http, &url_b, INCOMING.into()).await,
        404,
        "no routes"
    );
}

#[tokio::test]
async fn a_replay_stays_a_replay_across_a_change_of_routes() {
    let (tx, mut rx) = mpsc::channel(8);
    let (a, b) = (PathSecret::generate(), PathSecret::generate());
    let config = ReceiverConfig::new(loopback(), vec![(b.clone(), "b")], 64 * 1024);
    let r = start(config, tx).await.unwrap();
    let http = reqwest::Client::new();
    let url_b = r.url_for(&"b").unwrap();
    assert_eq!(status(&http, &url_b, INCOMING.into()).await, 200);
    // Another route comes first in the table now: `b`'s events are still known.
    r.set_routes(vec![(a, "a"), (b, "b")]).unwrap();
    assert_eq!(status(&http, &url_b, INCOMING.into()).await, 200);
    assert_eq!(drain(&mut rx), ["b"], "the replay was handed on again");
}

#[tokio::test]
async fn a_receiver_shut_down_frees_its_address() {
    let (tx, _rx) = mpsc::channel::<Webhook>(8);
    let config = ReceiverConfig::single(loopback(), PathSecret::generate(), 1024);
    let r = start(config.clone(), tx.clone()).await.unwrap();
    let addr = r.addr();
    r.shutdown().await;
    let again = ReceiverConfig {
        listen: addr,
        ..config
    };
    let r = start(again, tx).await.expect("the same address again");
    assert_eq!(r.addr(), addr);
}
