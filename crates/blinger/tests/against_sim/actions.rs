//! start, close, unassign, assign-operator, assign-group.

use super::{assert_refused, env};
use blinger::{Act, Status};
use blinger_sim::ConversationStatus as Sim;

#[tokio::test]
async fn start() {
    let env = env().await;
    let (alice, bob) = (env.operator("Alice"), env.operator("Bob"));
    let id = env.unassigned();
    let c = env
        .client
        .start(id, &Act::default().operator(alice))
        .await
        .unwrap();
    assert_eq!(c.id, id);
    assert_eq!(c.status, Some(Status::Inbox));
    assert_eq!(c.operator_user_id, Some(alice));
    assert_eq!(c.customer_name(), "Test Customer");
    assert!(c.to_blinger_user.is_some());
    let stored = env.sim.store().conversation(id).unwrap();
    assert_eq!(
        (stored.status, stored.operator_id),
        (Sim::Inbox, Some(alice))
    );

    // Documented: "The c    onversation was assigned to another operator".
    let taken = env.client.start(id, &Act::default().operator(bob)).await;
    assert_refused(
        taken,
        "The c    onversation was assigned to another operator",
    );
    assert_eq!(
        env.sim.store().conversation(id).unwrap().operator_id,
        Some(alice)
    );

    // Without operator_id the server acts as the admin.
    let other = env.unassigned();
    let c = env.client.start(other, &Act::default()).await.unwrap();
    assert_eq!(
        c.operator_user_id,
        Some(env.sim.store().admin_operator_id())
    );
    env.sim.shutdown().await;
}

#[tokio::test]
async fn close() {
    let env = env().await;
    let alice = env.operator("Alice");
    let id = env.inbox(alice);
    let c = env
        .client
        .close(id, &Act::default().operator(alice))
        .await
        .unwrap();
    assert_eq!(c.status, Some(Status::Closed));
    assert!(c.is_closed());
    assert_eq!(env.status(id), Sim::Closed);
    assert_refused(
        env.client.close(id, &Act::default()).await,
        "The conversation is closed.",
    );
    assert_eq!(env.status(id), Sim::Closed);
    env.sim.shutdown().await;
}

#[tokio::test]
async fn unassign() {
    let env = env().await;
    let alice = env.operator("Alice");
    let id = env.inbox(alice);
    let c = env
        .client
        .unassign(id, &Act::default().operator(alice))
        .await
        .unwrap();
    assert_eq!(c.status, Some(Status::Unassigned));
    assert_eq!(c.operator_user_id, None);
    assert!(c.unassigned_date.is_some());
    let stored = env.sim.store().conversation(id).unwrap();
    assert_eq!((stored.status, stored.operator_id), (Sim::Unassigned, None));
    let again = env.client.unassign(id, &Act::default()).await;
    assert_refused(again, "The conversation is already unassigned.");
    assert_eq!(env.status(id), Sim::Unassigned);
    env.sim.shutdown().await;
}

#[tokio::test]
async fn assign_operator() {
    let env = env().await;
    let (alice, bob) = (env.operator("Alice"), env.operator("Bob"));
    let id = env.inbox(alice);
    let c = env.client.assign_operator(id, bob, false).await.unwrap();
    assert_eq!(c.operator_user_id, Some(bob));
    assert_eq!(c.status, Some(Status::Inbox));
    assert_eq!(
        env.sim.store().conversation(id).unwrap().operator_id,
        Some(bob)
    );
    let again = env.client.assign_operator(id, bob, true).await;
    assert_refused(
        again,
        "The conversation has already been assigned to this operator.",
    );
    assert_eq!(
        env.sim.store().conversation(id).unwrap().operator_id,
        Some(bob)
    );

    // From the unassigned queue straight to an operator.
    let queued = env.unassigned();
    let c = env
        .client
        .assign_operator(queued, alice, false)
        .await
        .unwrap();
    assert_eq!(
        (c.status, c.operator_user_id),
        (Some(Status::Inbox), Some(alice))
    );
    env.sim.shutdown().await;
}

#[tokio::test]
async fn assign_group() {
    let env = env().await;
    let (sales, support) = (
        env.sim.store().add_group("Sales"),
        env.sim.store().add_group("Support"),
    );
    let id = env.unassigned();
    let c = env.client.assign_group(id, sales).await.unwrap();
    assert_eq!(c.group_id, Some(sales));
    assert_eq!(
        env.sim.store().conversation(id).unwrap().group_id,
        Some(sales)
    );
    let again = env.client.assign_group(id, sales).await;
    assert_refused(again, "The operator group has already been selected.");
    let c = env.client.assign_group(id, support).await.unwrap();
    assert_eq!(c.group_id, Some(support));
    assert_eq!(
        env.sim.store().conversation(id).unwrap().group_id,
        Some(support)
    );
    env.sim.shutdown().await;
}

#[tokio::test]
async fn a_full_life_cycle() {
    let env = env().await;
    let alice = env.operator("Alice");
    let me = Act::default().operator(alice);
    let id = env.unassigned();
    env.sim.store().customer_writes(id, "Hi, my order is late");
    env.client.start(id, &me).await.unwrap();
    env.client
        .send_message(id, "Let me check", &me)
        .await
        .unwrap();
    env.client.close(id, &me).await.unwrap();
    // The customer writes again: the conversation comes back unassigned.
    env.sim.store().customer_writes(id, "Still nothing!");
    let d = env.client.get(id).await.unwrap();
    assert_eq!(d.status, Some(Status::Unassigned));
    let texts: Vec<&str> = d.messages.iter().map(|m| m.text()).collect();
    assert_eq!(
        texts,
        ["Hi, my order is late", "Let me check", "Still nothing!"]
    );
    env.sim.shutdown().await;
}
