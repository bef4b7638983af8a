//! The list endpoints (filters, order, the 1000 cap) and authentication.

mod common;

use blinger_sim::{Author, ConversationStatus, NewConversation, SeedMessage};
use common::*;
use serde_json::Value;

const UNASSIGNED_KEYS: &[&str] = &[
    "id",
    "group_id",
    "status",
    "application",
    "from_blinger_user_id",
    "from_user_name",
    "is_new_conversation",
    "unassigned_date",
    "custom_name",
];
const INBOX_KEYS: &[&str] = &[
    "id",
    "group_id",
    "operator_user_id",
    "status",
    "application",
    "from_blinger_user_id",
    "from_user_name",
    "is_new_conversation",
    "unread_count",
    "last_message_date",
    "custom_name",
    "operator_email",
];

fn ids(list: &Value) -> Vec<i64> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn unassigned_lists_only_unassigned_filtered_by_group() {
    let sim = sim().await;
    let store = sim.store();
    let sales = store.add_group("Sales");
    let a = store.add_conversation(NewConversation {
        group_id: Some(sales),
        custom_name: Some("John Doe".into()),
        ..Default::default()
    });
    let b = store.add_conversation(NewConversation::default());
    store.add_conversation(NewConversation {
        status: ConversationStatus::Inbox,
        operator_id: Some(1),
        ..Default::default()
    });
    let all = data(get_query(&sim, "unassigned", &[]).await);
    let mut got = ids(&all);
    got.sort();
    assert_eq!(got, [a, b]);
    let item = all
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == a)
        .unwrap();
    for k in UNASSIGNED_KEYS {
        assert!(item.get(*k).is_some(), "missing {k} in {item}");
    }
    assert_eq!(item["status"], "unassigned");
    assert_eq!(item["is_new_conversation"], true);
    assert_eq!(item["custom_name"], "John Doe");
    let only_sales = data(get_query(&sim, "unassigned", &[("group_id", &sales.to_string())]).await);
    assert_eq!(ids(&only_sales), [a]);
}

#[tokio::test]
async fn unread_and_not_answered_follow_their_definitions() {
    let sim = sim().await;
    let store = sim.store();
    let op = store.add_operator("Aiko", "aiko@example.com");
    let inbox = |operator| NewConversation {
        status: ConversationStatus::Inbox,
        operator_id: Some(operator),
        ..Default::default()
    };
    // Unread and waiting for an answer.
    let waiting = store.add_conversation(inbox(op));
    store.customer_writes(waiting, "Hello?");
    // Read (start marks it read) but not answered.
    let read = store.add_conversation(inbox(op));
    store.customer_writes(read, "Any news?");
    post_form(
        &sim,
        "start",
        &[
            ("conversation_id", &read.to_string()),
            ("operator_id", &op.to_string()),
        ],
    )
    .await;
    // Answered.
    let answered = store.add_conversation(inbox(op));
    store.add_message(answered, SeedMessage::new(Author::Customer, "Hi"));
    store.add_message(answered, SeedMessage::new(Author::Operator(op), "Hello!"));
    // Someone else's.
    let others = store.add_conversation(inbox(1));
    store.customer_writes(others, "Hi admin");

    let op_s = op.to_string();
    let unread = data(get_query(&sim, "unread", &[("operator_id", &op_s)]).await);
    assert_eq!(ids(&unread), [waiting]);
    let item = &unread[0];
    for k in INBOX_KEYS {
        assert!(item.get(*k).is_some(), "missing {k} in {item}");
    }
    assert_eq!(item["unread_count"], 1);
    assert_eq!(item["operator_email"], "aiko@example.com");
    let mut not_answered = ids(&data(
        get_query(&sim, "not-answered", &[("operator_id", &op_s)]).await,
    ));
    not_answered.sort();
    assert_eq!(not_answered, [waiting, read]);
    let every_operator = ids(&data(get_query(&sim, "unread", &[]).await));
    assert_eq!(every_operator.len(), 2, "no operator_id: every operator's");
}

#[tokio::test]
async fn lists_are_newest_first_and_capped_at_1000() {
    let sim = sim().await;
    let store = sim.store();
    let base = 1_700_000_000;
    for n in 0..1005 {
        // Shuffled update times, so insertion order is not the answer.
        let t = base + (n * 7919) % 1005;
        store.add_conversation(NewConversation {
            updated_at: Some(t),
            created_at: Some(t),
            ..Default::default()
        });
    }
    let list = data(get_query(&sim, "unassigned", &[]).await);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1000);
    // The documented items carry no `date_updated`; the store knows each one's.
    let state = sim.store();
    let dates: Vec<i64> = list
        .iter()
        .map(|c| {
            state
                .conversation(c["id"].as_i64().unwrap())
                .unwrap()
                .date_updated
        })
        .collect();
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "sorted by date_updated descending"
    );
    assert_eq!(dates[0], base + 1004);
    assert_eq!(*dates.last().unwrap(), base + 5, "the 5 oldest are cut");
}

async fn status_and_body(req: reqwest::RequestBuilder) -> (u16, Value) {
    json_of(req.send().await.unwrap()).await
}

#[tokio::test]
async fn a_missing_or_wrong_token_gets_an_error_never_data() {
    let sim = sim().await;
    let id = sim
        .store()
        .add_conversation(NewConversation::default())
        .to_string();
    let list = format!("{}/conversations/unassigned", sim.api_base_url());
    let start = format!("{}/conversations/start", sim.api_base_url());
    let c = client();
    let cases = [
        c.get(&list),
        c.get(&list).header("Authentication", "wrong"),
        // The docs' header is `Authentication`; `Authorization` is not it.
        c.get(&list).header("Authorization", TOKEN),
        c.get(&list)
            .header("Authorization", format!("Bearer {TOKEN}")),
        c.post(&start).form(&[("conversation_id", id.as_str())]),
        c.post(&start)
            .header("Authentication", "sim-widget-token")
            .form(&[("conversation_id", id.as_str())]),
    ];
    for req in cases {
        let got = status_and_body(req).await;
        assert_error(&got, 401, "Authentication failed.");
    }
    assert_eq!(
        sim.store()
            .conversation(id.parse().unwrap())
            .unwrap()
            .status,
        ConversationStatus::Unassigned
    );
}

#[tokio::test]
async fn the_control_endpoints_need_the_token_too() {
    let sim = sim().await;
    let got = status_and_body(client().get(format!("http://{}/_sim/state", sim.addr()))).await;
    assert_error(&got, 401, "Authentication failed.");
    let ok = status_and_body(
        client()
            .get(format!("http://{}/_sim/stats", sim.addr()))
            .header("Authentication", TOKEN),
    )
    .await;
    assert!(ok.1["data"]["requests"].is_object());
}
