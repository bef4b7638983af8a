//! unassigned, unread, not-answered: filters, order (newest update first) and the cap.

use super::env;
use blinger::{Act, ListFilter, Status};
use blinger_sim::{Author, ConversationStatus, NewConversation, SeedMessage};

fn at(
    status: ConversationStatus,
    operator: Option<i64>,
    group: Option<i64>,
    updated: i64,
) -> NewConversation {
    NewConversation {
        status,
        operator_id: operator,
        group_id: group,
        created_at: Some(updated - 50),
        updated_at: Some(updated),
        ..NewConversation::default()
    }
}

fn ids(list: &[blinger::Conversation]) -> Vec<i64> {
    list.iter().map(|c| c.id).collect()
}

#[tokio::test]
async fn unassigned() {
    let env = env().await;
    let store = env.sim.store();
    let (g1, g2) = (store.add_group("One"), store.add_group("Two"));
    let a = store.add_conversation(at(ConversationStatus::Unassigned, None, Some(g1), 1_000));
    let b = store.add_conversation(at(ConversationStatus::Unassigned, None, Some(g1), 3_000));
    let c = store.add_conversation(at(ConversationStatus::Unassigned, None, Some(g2), 2_000));
    let _inbox = store.add_conversation(at(ConversationStatus::Inbox, Some(1), Some(g1), 4_000));
    let all = env.client.unassigned(None).await.unwrap();
    assert_eq!(ids(&all), [b, c, a]);
    assert!(all.iter().all(|c| c.status == Some(Status::Unassigned)));
    assert_eq!(all[0].customer_name(), "Test Customer");
    assert_eq!(ids(&env.client.unassigned(Some(g1)).await.unwrap()), [b, a]);
    assert_eq!(ids(&env.client.unassigned(Some(g2)).await.unwrap()), [c]);
    // Taking one removes it from the queue.
    env.client.start(b, &Act::default()).await.unwrap();
    assert_eq!(ids(&env.client.unassigned(None).await.unwrap()), [c, a]);
    env.sim.shutdown().await;
}

#[tokio::test]
async fn unread() {
    let env = env().await;
    let store = env.sim.store();
    let (alice, bob) = (env.operator("Alice"), env.operator("Bob"));
    let g = store.add_group("G");
    let unread = |op, group, updated| NewConversation {
        unread: 2,
        ..at(ConversationStatus::Inbox, Some(op), group, updated)
    };
    let a1 = store.add_conversation(unread(alice, Some(g), 1_000));
    let a2 = store.add_conversation(unread(alice, None, 2_000));
    let b1 = store.add_conversation(unread(bob, Some(g), 3_000));
    let _read = store.add_conversation(at(ConversationStatus::Inbox, Some(alice), None, 4_000));
    let _queued = store.add_conversation(NewConversation {
        unread: 5,
        ..at(ConversationStatus::Unassigned, None, None, 5_000)
    });

    let all = env.client.unread(&ListFilter::default()).await.unwrap();
    assert_eq!(ids(&all), [b1, a2, a1]);
    assert!(all
        .iter()
        .all(|c| c.unread_count == Some(2) && c.status == Some(Status::Inbox)));
    assert_eq!(all[0].operator_email.as_deref(), Some("bob@example.com"));
    let mine = ListFilter {
        operator_id: Some(alice),
        group_id: None,
    };
    assert_eq!(ids(&env.client.unread(&mine).await.unwrap()), [a2, a1]);
    let group = ListFilter {
        operator_id: None,
        group_id: Some(g),
    };
    assert_eq!(ids(&env.client.unread(&group).await.unwrap()), [b1, a1]);
    let both = ListFilter {
        operator_id: Some(alice),
        group_id: Some(g),
    };
    assert_eq!(ids(&env.client.unread(&both).await.unwrap()), [a1]);
    // Opening it (start) reads it.
    env.client
        .start(a1, &Act::default().operator(alice))
        .await
        .unwrap();
    assert_eq!(ids(&env.client.unread(&mine).await.unwrap()), [a2]);
    assert_eq!(store.conversation(a1).unwrap().unread_count, 0);
    env.sim.shutdown().await;
}

#[tokio::test]
async fn not_answered() {
    let env = env().await;
    let store = env.sim.store();
    let (alice, bob) = (env.operator("Alice"), env.operator("Bob"));
    let open = |op, updated| at(ConversationStatus::Inbox, Some(op), None, updated);
    let a1 = store.add_conversation(open(alice, 1_000));
    let a2 = store.add_conversation(open(alice, 1_000));
    let b1 = store.add_conversation(open(bob, 1_000));
    let answered = store.add_conversation(open(alice, 1_000));
    store.add_message(a1, SeedMessage::new(Author::Customer, "hello?").at(2_000));
    store.add_message(a2, SeedMessage::new(Author::Customer, "anyone?").at(3_000));
    store.add_message(b1, SeedMessage::new(Author::Customer, "hi").at(2_500));
    store.add_message(answered, SeedMessage::new(Author::Customer, "q").at(2_000));
    store.add_message(
        answered,
        SeedMessage::new(Author::Operator(alice), "a").at(2_100),
    );

    assert_eq!(
        ids(&env
            .client
            .not_answered(&ListFilter::default())
            .await
            .unwrap()),
        [a2, b1, a1]
    );
    let mine = ListFilter {
        operator_id: Some(alice),
        group_id: None,
    };
    assert_eq!(
        ids(&env.client.not_answered(&mine).await.unwrap()),
        [a2, a1]
    );
    // Replying answers it.
    env.client
        .send_message(a2, "here!", &Act::default().operator(alice))
        .await
        .unwrap();
    assert_eq!(ids(&env.client.not_answered(&mine).await.unwrap()), [a1]);
    // A note is not an answer.
    env.client
        .send_note(a1, "checking", Some(alice))
        .await
        .unwrap();
    assert_eq!(ids(&env.client.not_answered(&mine).await.unwrap()), [a1]);
    env.sim.shutdown().await;
}

#[tokio::test]
async fn lists_are_capped_at_1000() {
    let env = env().await;
    let store = env.sim.store();
    for i in 0..1005 {
        store.add_conversation(at(ConversationStatus::Unassigned, None, None, 10_000 + i));
    }
    let list = env.client.unassigned(None).await.unwrap();
    assert_eq!(list.len(), 1000);
    // The documented items carry no date that moves; the ids were created in
    // date order, so "newest first" shows in them.
    let ids: Vec<i64> = list.iter().map(|c| c.id).collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first");
    assert!(list.iter().all(|c| c.date_updated.is_none()));
    env.sim.shutdown().await;
}
