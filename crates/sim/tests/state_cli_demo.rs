//! State file round trip, control endpoints, demo data, live mode, and the
//! command line.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use blinger_sim::{ConversationStatus, LiveConfig, NewConversation, SimConfig};
use common::*;
use serde_json::json;

fn temp_path(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("blinger-sim-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_file(&dir);
    dir
}

#[tokio::test]
async fn the_state_file_survives_a_restart() {
    let path = temp_path("state.json");
    let cfg = SimConfig {
        state_file: Some(path.clone()),
        ..Default::default()
    };
    let sim = sim_with(cfg.clone()).await;
    let op = sim.store().add_operator("Lena", "lena@example.com");
    let id = sim.store().add_conversation(NewConversation::default());
    post_form(
        &sim,
        "send-note",
        &[
            ("conversation_id", &id.to_string()),
            ("text", "remember me"),
        ],
    )
    .await;
    sim.shutdown().await;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the state file is owner-only");
    }

    let again = sim_with(cfg).await;
    let store = again.store();
    assert_eq!(store.messages(id)[0].text, "remember me");
    assert!(store
        .operators()
        .iter()
        .any(|o| o.id == op && o.name == "Lena"));
    // Ids go on from where they were.
    let next = store.add_conversation(NewConversation::default());
    assert!(next > id);
    again.shutdown().await;
    let _ = std::fs::remove_file(path);
}

#[tokio::test]
async fn control_endpoints_drive_the_customer_side() {
    let sim = sim().await;
    let id = sim.store().add_conversation(NewConversation::default());
    let base = format!("http://{}/_sim", sim.addr());
    let c = client();
    let post = |path: &str, body: serde_json::Value| {
        c.post(format!("{base}/{path}"))
            .header("Authentication", TOKEN)
            .json(&body)
            .send()
    };
    let got = data(
        json_of(
            post(
                "customer-message",
                json!({ "conversation_id": id, "text": "Ping" }),
            )
            .await
            .unwrap(),
        )
        .await,
    );
    assert!(got["message_id"].is_i64());
    assert_eq!(sim.store().conversation(id).unwrap().unread_count, 1);
    let missing = json_of(
        post(
            "customer-message",
            json!({ "conversation_id": 1, "text": "x" }),
        )
        .await
        .unwrap(),
    )
    .await;
    assert_error(&missing, 404, "Conversation not found.");
    let state = data(
        json_of(
            c.get(format!("{base}/state"))
                .header("Authentication", TOKEN)
                .send()
                .await
                .unwrap(),
        )
        .await,
    );
    assert!(state["conversations"][id.to_string()].is_object());
    let stats = data(
        json_of(
            c.get(format!("{base}/stats"))
                .header("Authentication", TOKEN)
                .send()
                .await
                .unwrap(),
        )
        .await,
    );
    assert_eq!(stats["requests"]["_sim/customer-message"], 2);
    assert_eq!(stats["total"], 0, "control requests are not API requests");
}

#[tokio::test]
async fn demo_data_is_rich() {
    let sim = sim_with(SimConfig {
        demo: true,
        ..Default::default()
    })
    .await;
    let store = sim.store();
    let state = store.state();
    assert_eq!(state.operators.len(), 6);
    assert_eq!(
        state.operators[&1].name, "Anna Kowalska",
        "operator 1 is the admin"
    );
    assert_eq!(state.groups.len(), 3);
    assert!(state.conversations.len() >= 40);
    for channel in [
        "telegrambot",
        "whatsapp",
        "viber",
        "vk",
        "livechat",
        "email",
        "facebook",
    ] {
        assert!(
            state
                .conversations
                .values()
                .any(|c| c.application == channel),
            "{channel}"
        );
    }
    let count = |s| {
        state
            .conversations
            .values()
            .filter(|c| c.status == s)
            .count()
    };
    assert!(count(ConversationStatus::Unassigned) >= 5 && count(ConversationStatus::Closed) >= 5);
    let all = state.conversations.values();
    assert!(all.clone().any(|c| c.messages.len() >= 200));
    assert!(all.clone().any(|c| c.comment_post.is_some()));
    let messages: Vec<_> = all.flat_map(|c| c.messages.iter()).collect();
    assert!(messages.iter().any(|m| m.is_note));
    assert!(messages.iter().any(|m| m.kind == "image"));
    assert!(messages.iter().any(|m| m.kind == "file"));
    assert!(state.users.values().any(|u| u.page_url.is_some()));
    assert!(state.users.values().any(|u| u
        .name
        .as_deref()
        .is_some_and(|n| n.chars().any(|ch| ('А'..='я').contains(&ch)))));
    assert!(!data(get_query(&sim, "unread", &[]).await)
        .as_array()
        .unwrap()
        .is_empty());
    assert!(!data(get_query(&sim, "not-answered", &[]).await)
        .as_array()
        .unwrap()
        .is_empty());
    assert_eq!(store.widget_conversation_ids().len(), 2);
    assert_eq!(store.widget_agents().len(), 2);
}

#[tokio::test]
async fn live_mode_keeps_customers_writing() {
    let live = LiveConfig {
        messages_per_minute: 1200.0,
        new_conversations_per_minute: 600.0,
    };
    let sim = sim_with(SimConfig {
        demo: true,
        live: Some(live),
        ..Default::default()
    })
    .await;
    let before = sim.store().state();
    let count = |s: &blinger_sim::store::State| {
        s.conversations
            .values()
            .map(|c| c.messages.len())
            .sum::<usize>()
    };
    tokio::time::sleep(Duration::from_millis(700)).await;
    let after = sim.store().state();
    assert!(count(&after) > count(&before) + 3, "messages arrive");
    assert!(
        after.conversations.len() > before.conversations.len(),
        "new conversations arrive"
    );
}

#[test]
fn the_cli_prints_one_line_and_serves() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_blinger-sim"))
        .args([
            "--listen",
            "127.0.0.1:0",
            "--token",
            "cli-token",
            "--demo",
            "--fault",
            "status:503@unread",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .strip_prefix("blinger-sim listening on http://")
        .unwrap_or_else(|| panic!("unexpected line: {line}"))
        .to_owned();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let c = client();
        let get = |path: &str| {
            c.get(format!("http://{addr}/api/conversations/{path}"))
                .header("Authentication", "cli-token")
                .send()
        };
        let unassigned = get("unassigned").await.unwrap();
        assert_eq!(unassigned.status(), 200);
        assert_eq!(
            get("unread").await.unwrap().status(),
            503,
            "--fault applied"
        );
    });
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn the_cli_explains_the_fault_syntax() {
    let out = Command::new(env!("CARGO_BIN_EXE_blinger-sim"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("KIND[:ARG][@ENDPOINTS][%PROBABILITY]"));
    assert!(help.contains("ratelimit:SECS"));
}
