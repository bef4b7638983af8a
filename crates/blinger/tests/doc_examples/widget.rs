//! The Widget API examples (`blinger-widget-api-conversation.txt`).

use super::answer;
use blinger::{WidgetConversation, WidgetMessage};

const AGENT_ID: &str = "c671d030-584e-4422-8710-9215c04b6a64";
const END_USER_ID: &str = "3132ad01-1d3c-4d14-ad05-19ae73c07556";
const AVATAR: &str = "http://static.widget.blinger.io/c2/b1/62/be16b35869e9491a6761c013cbae7548f23b17abb225eaa82efd214264779825.jpeg";

#[test]
fn assign_agent_200() {
    let c: WidgetConversation = answer("widget_assign_agent_200.json", 200).unwrap();
    assert_eq!(c.id, "e1d247c8-5cd8-4f93-b9d7-15fd3259ac22");
    assert_eq!(c.locked, Some(false));
    assert_eq!(c.created_at, Some(1562228238));
    assert_eq!(c.updated_at, Some(1562241579));
    let agent = c.assigned_agent.as_ref().unwrap();
    assert_eq!(agent.id, AGENT_ID);
    assert_eq!(agent.service_user_id.as_deref(), Some("12345"));
    assert_eq!(agent.name.as_deref(), Some("Vadim Belorusov"));
    assert_eq!(agent.status.as_deref(), Some("online"));
    assert_eq!(agent.active, Some(true));
    let avatar = agent.avatar.as_ref().unwrap();
    assert_eq!(avatar.kind.as_deref(), Some("image"));
    assert_eq!(avatar.meta.as_ref().unwrap().width, Some(400));
    let info = avatar.info.as_ref().unwrap();
    assert_eq!(info.ext.as_deref(), Some("jpeg"));
    assert_eq!(info.name.as_deref(), Some("5d1db8373db3a"));
    assert_eq!(info.size, Some(5106));
    assert_eq!(info.mime_type.as_deref(), Some("image/jpeg"));
    assert_eq!(avatar.default_url(), Some(AVATAR));
    assert_eq!(avatar.url.as_ref().unwrap().len(), 3);
}

#[test]
fn send_text_message_200() {
    let m: WidgetMessage = answer("widget_send_text_message_200.json", 200).unwrap();
    assert_eq!(m.id, "554f11c1-ec1e-4fdb-9953-bfad33013f58");
    assert_eq!(m.status.as_deref(), Some("delivered"));
    assert_eq!(m.kind.as_deref(), Some("text"));
    assert_eq!(m.body.as_deref(), Some("Hello"));
    assert_eq!(m.file, None);
    assert_eq!(m.review, None);
    assert_eq!(m.bot, None);
    assert_eq!(m.agent, None);
    let user = m.end_user.as_ref().unwrap();
    assert_eq!(user.id.as_deref(), Some(END_USER_ID));
    assert_eq!(user.created_at, Some(1562228238));
    assert_eq!(m.microseconds, Some(1562242173465326));
    assert_eq!(m.created_at, Some(1562242173));
}

#[test]
fn send_file_message_200() {
    let m: WidgetMessage = answer("widget_send_file_message_200.json", 200).unwrap();
    assert_eq!(m.id, "b01f7d2f-7003-4cc2-9a95-ac20d6374358");
    assert_eq!(m.kind.as_deref(), Some("file"));
    assert_eq!(m.body, None);
    let file = m.file.as_ref().unwrap();
    assert_eq!(
        file.id.as_deref(),
        Some("6350e4fa-7b69-4f6b-b24e-228a05d62c21")
    );
    assert_eq!(file.kind.as_deref(), Some("image"));
    let meta = file.meta.as_ref().unwrap();
    assert_eq!((meta.width, meta.height), (Some(1920), Some(1080)));
    let info = file.info.as_ref().unwrap();
    assert_eq!(info.name.as_deref(), Some("phpanbHIN"));
    assert_eq!(info.ext.as_deref(), Some("png"));
    assert_eq!(info.mime_type.as_deref(), Some("image/png"));
    assert_eq!(info.size, Some(327743));
    assert_eq!(
        file.default_url(),
        Some("http://static.widget.blinger.io/c2/9b/f1/734b2fce15c08f9ddae842c2daae809d1362e3d98ead08c26678f0707a776b72.png")
    );
    assert_eq!(m.microseconds, Some(1562242573548953));
}

#[test]
fn request_review_200() {
    let m: WidgetMessage = answer("widget_request_review_200.json", 200).unwrap();
    assert_eq!(m.id, "b2737f3a-eaee-4271-b705-2bc9bb951ca1");
    assert_eq!(m.kind.as_deref(), Some("review"));
    assert_eq!(m.end_user, None);
    let review = m.review.as_ref().unwrap();
    assert_eq!(
        review.id.as_deref(),
        Some("6bc1f3b9-c972-400d-b5cd-1ca4e2d9a8fc")
    );
    assert_eq!(review.mark, Some(0));
    assert_eq!(review.confirmed, Some(false));
    assert_eq!(review.text.as_deref(), Some(""));
    assert_eq!(review.agent.as_ref().unwrap().id, AGENT_ID);
    assert_eq!(
        review.end_user.as_ref().unwrap().id.as_deref(),
        Some(END_USER_ID)
    );
    let bot = m.bot.as_ref().unwrap();
    assert_eq!(bot.name.as_deref(), Some("Blinger bot"));
    assert_eq!(
        bot.id.as_deref(),
        Some("ad92f7ab-388f-4e86-a20a-4425885bfa40")
    );
}

#[test]
fn the_websocket_token_is_not_kept() {
    let m: WidgetMessage = answer("widget_send_text_message_200.json", 200).unwrap();
    let json = serde_json::to_string(&m).unwrap();
    assert!(!json.contains("eyJ0eXAiOiJKV1Qi"), "{json}");
}
