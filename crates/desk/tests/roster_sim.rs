//! `BlingerProvider` against the real simulator learns who works on the account
//! from its ordinary answers: a poll, a thread, an assignment, a Widget API agent.

use blinger_sim::{Author, ConversationStatus, NewConversation, SeedMessage, SimConfig};
use deskbell_desk::providers::BlingerProvider;
use deskbell_desk::roster::{self, Learner, Roster, SharedRoster};
use deskbell_desk::{AccountId, Action, Provider};
use std::sync::{Arc, Mutex};

#[tokio::test]
async fn polls_threads_and_actions_teach_the_roster() {
    let sim = blinger_sim::start("127.0.0.1:0".parse().unwrap(), SimConfig::default())
        .await
        .unwrap();
    let store = sim.store();
    let me = store.add_operator("Olga", "olga@example.com");
    let colleague = store.add_operator("Pavel", "pavel@example.com");
    let other = store.add_operator("Irina", "irina@example.com");
    let night = store.add_group("Night shift");
    let billing = store.add_group("Billing");
    let waiting = store.add_conversation(NewConversation {
        status: ConversationStatus::Unassigned,
        group_id: Some(night),
        ..NewConversation::default()
    });
    store.add_message(waiting, SeedMessage::new(Author::Customer, "Hello?"));
    let mine = store.add_conversation(NewConversation {
        status: ConversationStatus::Inbox,
        operator_id: Some(me),
        unread: 1,
        ..NewConversation::default()
    });
    store.add_message(mine, SeedMessage::new(Author::Customer, "Where is it?"));
    store.add_message(
        mine,
        SeedMessage::new(Author::Operator(colleague), "Checking"),
    );
    let agent = store.add_widget_agent("Vadim");
    let widget_conv = store.add_widget_conversation("Ada");

    let cfg = SimConfig::default();
    let client = blinger::Client::with_base_url(cfg.token.as_str(), &sim.api_base_url()).unwrap();
    let widget =
        blinger::WidgetClient::with_base_url(cfg.widget_token.as_str(), &sim.widget_base_url())
            .unwrap();
    let shared: SharedRoster = Arc::new(Mutex::new(Roster::default()));
    let provider = BlingerProvider::new(
        AccountId::new("acme"),
        client,
        Some(widget),
        Some(me),
        vec![],
    )
    .learning(Learner::new(shared.clone(), "acme"));
    let seen = || {
        roster::lock(&shared)
            .account("acme")
            .cloned()
            .unwrap_or_default()
    };

    // A poll: the unassigned list names the group, my lists me with my email.
    provider.fetch_lists().await.unwrap();
    let r = seen();
    assert!(r.groups.contains_key(&night.to_string()), "{r:?}");
    assert_eq!(
        r.operators[&me.to_string()].email.as_deref(),
        Some("olga@example.com")
    );
    assert!(!r.operators.contains_key(&colleague.to_string()));

    // A thread: the author of an operator message.
    provider.thread(&mine.to_string()).await.unwrap();
    assert!(seen().operators.contains_key(&colleague.to_string()));

    // Actions: their answers name the operator and the group assigned.
    for action in [
        Action::AssignOperator {
            operator_id: other.to_string(),
        },
        Action::AssignGroup {
            group_id: billing.to_string(),
        },
    ] {
        provider.act(&waiting.to_string(), &action).await.unwrap();
    }
    let r = seen();
    assert!(r.operators.contains_key(&other.to_string()), "{r:?}");
    assert!(r.groups.contains_key(&billing.to_string()), "{r:?}");

    // The Widget API agent the server took, with the name its answer gives.
    let assign = Action::WidgetAssignAgent {
        agent_id: agent.clone(),
    };
    provider.act(&widget_conv, &assign).await.unwrap();
    assert_eq!(seen().agents[&agent].name.as_deref(), Some("Vadim"));
    // One the server refuses is not remembered.
    let unknown = Action::WidgetAssignAgent {
        agent_id: "00000000-0000-4000-8000-000000000000".into(),
    };
    assert!(provider.act(&widget_conv, &unknown).await.is_err());
    assert_eq!(seen().agents.len(), 1);

    // All of it survives a save and a load.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("directory.json");
    roster::file::save(&path, &roster::lock(&shared)).unwrap();
    let (read, notice) = roster::file::load(&path, 0);
    assert!(notice.is_none());
    assert_eq!(read.account("acme"), Some(&seen()));
}
