//! Each fault kind as seen on the wire (raw TCP), and whether the faulted
//! action was applied.

mod common;

use std::time::{Duration, Instant};

use blinger_sim::{
    ConversationStatus, FaultKind, FaultPlan, FaultRule, NewConversation, SimHandle,
};
use common::*;

async fn sim_with_conversation() -> (SimHandle, i64) {
    let sim = sim().await;
    let id = sim.store().add_conversation(NewConversation {
        status: ConversationStatus::Inbox,
        operator_id: Some(1),
        ..Default::default()
    });
    (sim, id)
}

fn only(kind: FaultKind, endpoint: &str) -> FaultPlan {
    FaultPlan::new(vec![FaultRule::new(kind).on(&[endpoint])])
}

/// A raw `send-message` POST.
async fn raw_send(sim: &SimHandle, id: i64, text: &str) -> RawExchange {
    let body = format!("conversation_id={id}&text={text}");
    let headers = [
        ("Authentication", TOKEN),
        ("Content-Type", "application/x-www-form-urlencoded"),
    ];
    raw_request(
        sim,
        "POST",
        "/api/conversations/send-message",
        &headers,
        &body,
    )
    .await
}

#[tokio::test]
async fn status_500_is_an_envelope_and_not_applied() {
    let (sim, id) = sim_with_conversation().await;
    sim.set_faults(only(FaultKind::Status { code: 500 }, "send-message"));
    let got = raw_send(&sim, id, "hi").await;
    let (head, body) = got.head_and_body();
    assert!(head.starts_with("HTTP/1.1 500"), "{head}");
    assert_eq!(
        String::from_utf8(body).unwrap(),
        r#"{"error":"Internal server error","status":500}"#
    );
    assert!(sim.store().messages(id).is_empty(), "not applied");
}

#[tokio::test]
async fn status_502_and_503_are_nginx_pages_and_not_applied() {
    let (sim, id) = sim_with_conversation().await;
    for code in [502, 503] {
        sim.set_faults(only(FaultKind::Status { code }, "send-message"));
        let got = raw_send(&sim, id, "hi").await;
        let (head, body) = got.head_and_body();
        assert!(head.starts_with(&format!("HTTP/1.1 {code}")), "{head}");
        assert!(
            head.to_ascii_lowercase()
                .contains("content-type: text/html"),
            "{head}"
        );
        assert!(String::from_utf8(body)
            .unwrap()
            .contains("<center>nginx</center>"));
    }
    assert!(sim.store().messages(id).is_empty(), "not applied");
}

#[tokio::test]
async fn rate_limit_is_429_with_retry_after_and_not_applied() {
    let (sim, id) = sim_with_conversation().await;
    sim.set_faults(only(
        FaultKind::RateLimit {
            retry_after_secs: 7,
        },
        "send-message",
    ));
    let got = raw_send(&sim, id, "hi").await;
    let (head, body) = got.head_and_body();
    assert!(head.starts_with("HTTP/1.1 429"), "{head}");
    assert!(
        head.to_ascii_lowercase().contains("retry-after: 7"),
        "{head}"
    );
    assert_eq!(
        String::from_utf8(body).unwrap(),
        r#"{"error":"Too many requests","status":429}"#
    );
    assert!(sim.store().messages(id).is_empty(), "not applied");
}

#[tokio::test]
async fn delay_answers_late_but_applies_at_once() {
    let (sim, id) = sim_with_conversation().await;
    sim.set_faults(only(FaultKind::Delay { ms: 400 }, "send-message"));
    let started = Instant::now();
    let got = raw_send(&sim, id, "slow").await;
    assert!(started.elapsed() >= Duration::from_millis(400));
    assert!(got.text().starts_with("HTTP/1.1 200"));

    // A client with a short timeout gives up, yet the message was stored.
    let quick = reqwest::Client::builder()
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let err = quick
        .post(format!("{}/conversations/send-message", sim.api_base_url()))
        .header("Authentication", TOKEN)
        .form(&[
            ("conversation_id", id.to_string()),
            ("text", "timed out".into()),
        ])
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout());
    let texts: Vec<String> = sim
        .store()
        .messages(id)
        .into_iter()
        .map(|m| m.text)
        .collect();
    assert_eq!(texts, ["slow", "timed out"], "applied before the delay");
}

#[tokio::test]
async fn reset_drops_the_connection_without_a_byte_but_applies() {
    let (sim, id) = sim_with_conversation().await;
    sim.set_faults(only(FaultKind::Reset, "send-message"));
    let got = raw_send(&sim, id, "lost").await;
    assert!(got.reset, "connection reset by peer");
    assert!(got.bytes.is_empty(), "no response bytes: {}", got.text());
    assert_eq!(sim.store().messages(id)[0].text, "lost", "applied");
    // The server itself goes on serving.
    sim.set_faults(FaultPlan::none());
    assert!(raw_send(&sim, id, "again")
        .await
        .text()
        .starts_with("HTTP/1.1 200"));
}

#[tokio::test]
async fn truncate_sends_half_the_announced_body_but_applies() {
    let (sim, id) = sim_with_conversation().await;
    sim.set_faults(only(FaultKind::Truncate, "send-message"));
    let got = raw_send(&sim, id, "cut").await;
    let (head, body) = got.head_and_body();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let announced: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length: ")
                .map(|v| v.trim().parse().unwrap())
        })
        .expect("Content-Length header");
    assert!(announced > 20);
    assert_eq!(body.len(), announced / 2, "half the body");
    assert!(serde_json::from_slice::<serde_json::Value>(&body).is_err());
    assert_eq!(sim.store().messages(id)[0].text, "cut", "applied");
}

#[tokio::test]
async fn html_answers_200_with_a_page_but_applies() {
    let (sim, id) = sim_with_conversation().await;
    sim.set_faults(only(FaultKind::Html, "send-message"));
    let got = raw_send(&sim, id, "html").await;
    let (head, body) = got.head_and_body();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: text/html"),
        "{head}"
    );
    assert!(String::from_utf8(body).unwrap().contains("<html>"));
    assert_eq!(sim.store().messages(id).len(), 1, "applied");
}

#[tokio::test]
async fn faults_hit_only_their_endpoints() {
    let (sim, id) = sim_with_conversation().await;
    sim.set_faults(only(FaultKind::Status { code: 503 }, "send-text-message"));
    assert!(raw_send(&sim, id, "fine")
        .await
        .text()
        .starts_with("HTTP/1.1 200"));
    let conv = sim.store().add_widget_conversation("Visitor");
    let path = format!("/api/external/v1/conversation/{conv}/send-text-message");
    let headers = [
        ("Authorization", WIDGET_TOKEN),
        ("Content-Type", "application/json"),
    ];
    let body = r#"{"uuid":"3f8e2a1b-5c6d-4e7f-8a9b-0c1d2e3f4a5b","text":"hi"}"#;
    let got = raw_request(&sim, "POST", &path, &headers, body).await;
    assert!(got.text().starts_with("HTTP/1.1 503"), "{}", got.text());
    assert!(sim.store().widget_messages(&conv).is_empty());
}

#[tokio::test]
async fn plans_set_over_http_with_every_nth_and_times() {
    let (sim, id) = sim_with_conversation().await;
    let plan = r#"{"rules":[{"kind":"status","code":500,"endpoints":["send-message"],"every_nth":2,"times":1}]}"#;
    let resp = client()
        .post(format!("http://{}/_sim/faults", sim.addr()))
        .header("Authentication", TOKEN)
        .header("Content-Type", "application/json")
        .body(plan)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(sim.faults().rules[0].every_nth, Some(2));
    let mut statuses = Vec::new();
    for n in 0..4 {
        let got = post_form(
            &sim,
            "send-message",
            &[
                ("conversation_id", &id.to_string()),
                ("text", &n.to_string()),
            ],
        )
        .await;
        statuses.push(got.0);
    }
    assert_eq!(statuses, [200, 500, 200, 200]);
    assert_eq!(sim.store().request_count("send-message"), 4);
    assert_eq!(sim.store().messages(id).len(), 3);
}
