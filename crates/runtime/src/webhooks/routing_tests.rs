//! The app's side of the receiver, over real HTTP: an event is applied to the
//! account whose URL it came to and to no other; a replay changes nothing; and
//! *Send test event* reports what the real receiver did with it.

use super::probe::{self, Arrival, Probes, TestOutcome};
use super::pump::{route, Routed};
use deskbell_desk::{Change, ConvKey, Inbox, InboxItem, ListName, Marker, Status};
use deskbell_webhooks::{start, PathSecret, Receiver, ReceiverConfig, Webhook};
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc;

const A: &str = "6a1f0b9e-3c55-4d2a-9f1e-2b7c8d9e0a11";
const B: &str = "0d3c2b1a-7e6f-4a5b-8c9d-e0f1a2b3c4d5";
/// Shortly after the docs' examples were written.
const NOW: i64 = 1_513_354_000;

/// The documented body of `name` (blinger-webhooks.txt, as valid JSON).
fn doc(name: &str) -> Value {
    let all: Value = serde_json::from_str(include_str!(
        "../../../desk/src/providers/blinger/doc_webhooks.json"
    ))
    .expect("JSON");
    all[name].clone()
}

/// Both accounts know conversation 173 (ids are per server, so they collide):
/// unassigned, one message unread.
fn inbox() -> Mutex<Inbox> {
    let mut inbox = Inbox::new();
    for account in [A, B] {
        let mut row = InboxItem::new(ConvKey::new(account, "173"), "Yuri Dzabaev", "vk");
        row.status = Status::Unassigned;
        row.unread = 1;
        row.marker = Marker::new(1_513_330_000, 1);
        row.lists.insert(ListName::Unassigned);
        inbox.apply_item(row);
    }
    Mutex::new(inbox)
}

fn row(inbox: &Mutex<Inbox>, account: &str, conversation: &str) -> Option<InboxItem> {
    let inbox = inbox.lock().unwrap();
    inbox.get(&ConvKey::new(account, conversation)).cloned()
}

/// Both accounts run, as Blinger accounts with no operator set.
fn running(_: &str) -> Option<Option<i64>> {
    Some(None)
}

async fn receiver() -> (Receiver<String>, mpsc::Receiver<Webhook<String>>) {
    let (tx, rx) = mpsc::channel(16);
    let routes = vec![
        (PathSecret::generate(), A.to_owned()),
        (PathSecret::generate(), B.to_owned()),
    ];
    let config = ReceiverConfig::new("127.0.0.1:0".parse().unwrap(), routes, 64 * 1024);
    (start(config, tx).await.unwrap(), rx)
}

async fn post(url: &str, body: &Value) -> u16 {
    let res = reqwest::Client::new()
        .post(url)
        .header("Content-Type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .expect("an answer");
    res.status().as_u16()
}

async fn next(rx: &mut mpsc::Receiver<Webhook<String>>) -> Option<Webhook<String>> {
    tokio::time::timeout(Duration::from_millis(300), rx.recv())
        .await
        .ok()
        .flatten()
}

#[tokio::test]
async fn an_event_on_one_accounts_url_changes_that_account_only() {
    let (r, mut rx) = receiver().await;
    let inbox = inbox();
    let b_before = row(&inbox, B, "173");

    assert_eq!(
        post(&r.url_for(&A.into()).unwrap(), &doc("on_message_incoming")).await,
        200
    );
    let hook = next(&mut rx).await.expect("handed on");
    assert_eq!(hook.tag, A);
    let Routed::Applied(Some(Change::Upsert(item))) = route(&inbox, running, &hook, NOW) else {
        panic!("not applied to A");
    };
    assert_eq!(item.key, ConvKey::new(A, "173"));
    let a = row(&inbox, A, "173").unwrap();
    assert_eq!((a.unread, a.preview.as_str()), (2, "test"));
    assert_eq!(row(&inbox, B, "173"), b_before, "B's row changed");

    // A conversation only A has: a row in A, none in B.
    let mut new = doc("on_message_incoming");
    new["conversation_id"] = 999.into();
    // Nobody's yet (the docs' comment: the operator fields are null then).
    new["operator"] = serde_json::json!({ "id": null, "name": null, "email": null });
    new["message"]["message"] = "first message".into();
    assert_eq!(post(&r.url_for(&A.into()).unwrap(), &new).await, 200);
    let hook = next(&mut rx).await.unwrap();
    assert!(matches!(
        route(&inbox, running, &hook, NOW),
        Routed::Applied(Some(_))
    ));
    assert!(row(&inbox, A, "999").is_some());
    assert_eq!(row(&inbox, B, "999"), None, "a phantom row in B");

    // The same through B's URL: B's row, A's stays as it was.
    let a_before = row(&inbox, A, "173");
    assert_eq!(
        post(
            &r.url_for(&B.into()).unwrap(),
            &doc("on_conversation_closed")
        )
        .await,
        200
    );
    let mut closed = doc("on_conversation_closed");
    closed["conversation"]["id"] = 173.into();
    assert_eq!(post(&r.url_for(&B.into()).unwrap(), &closed).await, 200);
    let unknown = next(&mut rx).await.unwrap();
    assert_eq!(
        route(&inbox, running, &unknown, NOW),
        Routed::Applied(None),
        "181: not B's"
    );
    let hook = next(&mut rx).await.unwrap();
    assert_eq!(hook.tag, B);
    let change = route(&inbox, running, &hook, NOW);
    assert_eq!(
        change,
        Routed::Applied(Some(Change::Remove(ConvKey::new(B, "173"))))
    );
    assert_eq!(row(&inbox, A, "173"), a_before, "A's row changed");

    // An account that is not running (removed meanwhile) gets nothing.
    assert_eq!(
        post(&r.url_for(&A.into()).unwrap(), &doc("on_message_outgoing")).await,
        200
    );
    let hook = next(&mut rx).await.unwrap();
    assert_eq!(route(&inbox, |_| None, &hook, NOW), Routed::NoAccount);
    assert_eq!(row(&inbox, A, "173"), a_before);
}

#[tokio::test]
async fn a_replayed_event_changes_nothing() {
    let (r, mut rx) = receiver().await;
    let inbox = inbox();
    let url = r.url_for(&A.into()).unwrap();
    let event = doc("on_message_incoming");
    assert_eq!(post(&url, &event).await, 200);
    let hook = next(&mut rx).await.unwrap();
    assert!(matches!(
        route(&inbox, running, &hook, NOW),
        Routed::Applied(Some(_))
    ));
    let after = inbox.lock().unwrap().snapshot();

    // Blinger sends it again: answered, not handed on.
    assert_eq!(post(&url, &event).await, 200);
    assert!(next(&mut rx).await.is_none(), "the replay was handed on");
    // Had the receiver forgotten it (a restart), the desk still counts it once.
    assert_eq!(route(&inbox, running, &hook, NOW), Routed::Applied(None));
    assert_eq!(inbox.lock().unwrap().snapshot(), after);
    assert_eq!(row(&inbox, A, "173").unwrap().unread, 2);
}

#[tokio::test]
async fn send_test_event_says_applied_refused_or_unreachable() {
    let (r, mut rx) = receiver().await;
    let inbox = Arc::new(inbox());
    let before = inbox.lock().unwrap().snapshot();
    let probes = Arc::new(Probes::default());
    // The pump, as the app runs it for test events.
    let (pump_inbox, pump_probes) = (inbox.clone(), probes.clone());
    tokio::spawn(async move {
        while let Some(hook) = rx.recv().await {
            let routed = route(&pump_inbox, running, &hook, NOW);
            if let Some(nonce) = probe::nonce_of(&hook.event) {
                let applied = routed != Routed::NoAccount;
                let account = hook.tag.clone();
                pump_probes.arrived(&nonce, Arrival { account, applied });
            }
        }
    });
    let addr = r.addr();
    let url = r.url_for(&A.into()).unwrap();

    let applied = probe::run(&probes, A, addr, &url).await;
    assert_eq!(applied.outcome, TestOutcome::Applied, "{applied:?}");
    assert_eq!(applied.status, Some(200));
    assert_eq!(
        inbox.lock().unwrap().snapshot(),
        before,
        "a test event changed a row"
    );
    // Sent to A's URL, it cannot pass for B's.
    let wrong = probe::run(&probes, B, addr, &url).await;
    assert_eq!(wrong.outcome, TestOutcome::Refused, "{wrong:?}");

    r.set_routes(Vec::new()).unwrap();
    let refused = probe::run(&probes, A, addr, &url).await;
    assert_eq!(
        (&refused.outcome, refused.status),
        (&TestOutcome::Refused, Some(404))
    );
    assert!(
        refused.message.contains("does not know this URL"),
        "{refused:?}"
    );

    r.shutdown().await;
    let unreachable = probe::run(&probes, A, addr, &url).await;
    assert_eq!(
        unreachable.outcome,
        TestOutcome::Unreachable,
        "{unreachable:?}"
    );
    assert!(unreachable.message.contains(&addr.to_string()));
    let secret = url.rsplit('/').next().unwrap();
    for said in [&applied, &wrong, &refused, &unreachable] {
        assert!(!said.message.contains(secret), "the URL in {said:?}");
    }
}
