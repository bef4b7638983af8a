//! Every endpoint of both APIs over real HTTP against the simulator
//! (`blinger-sim`), on success and on each documented refusal, checked both on
//! what the client returns and on the simulator's state afterwards.

#[path = "../common/mod.rs"]
mod common;

mod actions;
mod lists;
mod messages;
mod webhooks;
mod widget;

use blinger::{Client, Error, ErrorKind, WidgetClient};
use blinger_sim::{NewConversation, SimConfig, SimHandle};

const TOKEN: &str = "conversation-api-token";
const WIDGET_TOKEN: &str = "widget-api-token";

struct Env {
    sim: SimHandle,
    client: Client,
    widget: WidgetClient,
}

async fn env() -> Env {
    env_with(SimConfig::default()).await
}

async fn env_with(config: SimConfig) -> Env {
    let config = SimConfig {
        token: TOKEN.into(),
        widget_token: WIDGET_TOKEN.into(),
        ..config
    };
    let sim = blinger_sim::start("127.0.0.1:0".parse().unwrap(), config)
        .await
        .unwrap();
    let client = Client::with_base_url(TOKEN, &sim.api_base_url()).unwrap();
    let widget = WidgetClient::with_base_url(WIDGET_TOKEN, &sim.widget_base_url()).unwrap();
    Env {
        sim,
        client,
        widget,
    }
}

impl Env {
    /// A conversation assigned to `operator`, in the inbox.
    fn inbox(&self, operator: i64) -> i64 {
        self.sim.store().add_conversation(NewConversation {
            status: blinger_sim::ConversationStatus::Inbox,
            operator_id: Some(operator),
            ..NewConversation::default()
        })
    }

    fn unassigned(&self) -> i64 {
        self.sim
            .store()
            .add_conversation(NewConversation::default())
    }

    fn operator(&self, name: &str) -> i64 {
        self.sim
            .store()
            .add_operator(name, &format!("{}@example.com", name.to_lowercase()))
    }

    fn status(&self, id: i64) -> blinger_sim::ConversationStatus {
        self.sim.store().conversation(id).unwrap().status
    }
}

/// A documented refusal: `Error::Api` carrying the docs' text, verbatim.
#[track_caller]
fn assert_refused<T: std::fmt::Debug>(result: Result<T, Error>, text: &str) {
    let e = result.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Api, "{e:?}");
    assert_eq!(e.to_string(), text);
    assert_eq!(e.delivery(), blinger::Delivery::NotApplied);
}

#[tokio::test]
async fn a_wrong_token_is_unauthorized_on_both_apis() {
    let env = env().await;
    let id = env.unassigned();
    let wrong = Client::with_base_url("wrong", &env.sim.api_base_url()).unwrap();
    let e = wrong.start(id, &Default::default()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unauthorized, "{e:?}");
    assert_eq!(
        wrong.unread(&Default::default()).await.unwrap_err().kind(),
        ErrorKind::Unauthorized
    );
    assert_eq!(env.status(id), blinger_sim::ConversationStatus::Unassigned);
    // The Conversation API token is not the Widget API token, and vice versa.
    let conv = env.sim.store().add_widget_conversation("Visitor");
    let swapped = WidgetClient::with_base_url(TOKEN, &env.sim.widget_base_url()).unwrap();
    let e = swapped.request_review(&conv).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unauthorized, "{e:?}");
    assert!(env.sim.store().widget_messages(&conv).is_empty());
    env.sim.shutdown().await;
}

#[tokio::test]
async fn unknown_conversation_is_a_refusal() {
    let env = env().await;
    let e = env.client.get(999_999).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Api, "{e:?}");
    let e = env
        .client
        .close(999_999, &Default::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Api, "{e:?}");
    env.sim.shutdown().await;
}
