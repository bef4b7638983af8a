//! Widget API JSON (camelCase, UUID ids) in the shapes of
//! blinger-widget-api-conversation.txt.

use serde_json::{json, Value};

use super::file_kind;
use crate::store::{
    WidgetAgent, WidgetConversation, WidgetEndUser, WidgetMessage, WidgetReview, WidgetState,
};

/// Splits a URL into (name, ext, path) for the docs' `info` object.
fn file_info(url: &str) -> (String, String, String) {
    let no_query = url.split(['?', '#']).next().unwrap_or(url);
    let path = match no_query.find("://") {
        Some(i) => no_query[i + 3..]
            .find('/')
            .map(|j| no_query[i + 3 + j..].to_owned())
            .unwrap_or_else(|| "/".into()),
        None => no_query.to_owned(),
    };
    let file = path.rsplit('/').next().unwrap_or_default();
    let (name, ext) = file.rsplit_once('.').unwrap_or((file, ""));
    (name.to_owned(), ext.to_ascii_lowercase(), path)
}

fn mime_type(ext: &str) -> &'static str {
    match ext {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "txt" => "text/plain",
        _ => "application/octet-stream",
    }
}

/// A file object for a URL. The simulator never downloads the file, so
/// `size` is 0 and image `meta` is a fixed size.
pub fn file_object(id: &str, url: &str, at: i64) -> Value {
    let (name, ext, path) = file_info(url);
    let kind = file_kind(url);
    let meta = if kind == "image" {
        json!({ "width": 800, "height": 600 })
    } else {
        json!({})
    };
    json!({
        "id": id,
        "type": kind,
        "meta": meta,
        "info": {
            "name": name,
            "ext": ext,
            "mimeType": mime_type(&ext),
            "size": 0,
            "path": path,
        },
        "url": { "120x120": url, "520x400": url, "default": url },
        "createdAt": at,
        "updatedAt": at,
    })
}

pub fn agent_object(a: &WidgetAgent) -> Value {
    let avatar = a.avatar_url.as_ref().map(|url| {
        let mut file = file_object(&format!("{}-avatar", a.id), url, a.created_at);
        if let Value::Object(map) = &mut file {
            map.insert("meta".into(), json!({ "width": 400, "height": 400 }));
        }
        file
    });
    json!({
        "id": a.id,
        "serviceUserId": a.service_user_id,
        "name": a.name,
        "status": a.status,
        "avatar": avatar,
        "active": a.active,
        "createdAt": a.created_at,
        "updatedAt": a.updated_at,
    })
}

pub fn end_user_object(u: &WidgetEndUser) -> Value {
    json!({
        "id": u.id,
        "websocketToken": u.websocket_token,
        "createdAt": u.created_at,
        "updatedAt": u.updated_at,
    })
}

/// What `assign-agent` answers.
pub fn conversation_object(w: &WidgetState, c: &WidgetConversation) -> Value {
    let agent = c.assigned_agent_id.as_ref().and_then(|id| w.agents.get(id));
    json!({
        "id": c.id,
        "assignedAgent": agent.map(agent_object),
        "locked": c.locked,
        "createdAt": c.created_at,
        "updatedAt": c.updated_at,
    })
}

fn review_object(w: &WidgetState, c: &WidgetConversation, r: &WidgetReview) -> Value {
    let agent = r.agent_id.as_ref().and_then(|id| w.agents.get(id));
    json!({
        "id": r.id,
        "agent": agent.map(agent_object),
        "endUser": w.end_users.get(&c.end_user_id).map(end_user_object),
        "mark": r.mark,
        "confirmed": r.confirmed,
        "text": r.text,
        "createdAt": r.created_at,
        "updatedAt": r.created_at,
    })
}

/// A message as the send/request-review endpoints answer it. As in the
/// docs' examples, text and file messages carry the conversation's
/// `endUser` and `agent: null`; review requests come from the bot.
pub fn message_object(w: &WidgetState, c: &WidgetConversation, m: &WidgetMessage) -> Value {
    let end_user = w.end_users.get(&c.end_user_id).map(end_user_object);
    let file = match (&m.file_url, &m.file_id) {
        (Some(url), Some(id)) => file_object(id, url, m.created_at),
        _ => Value::Null,
    };
    let (review, bot, end_user) = match &m.review {
        Some(r) => {
            let bot = w.bot.as_ref().map(|b| {
                json!({ "id": b.id, "name": b.name, "createdAt": b.created_at, "updatedAt": b.updated_at })
            });
            (
                review_object(w, c, r),
                bot.unwrap_or(Value::Null),
                Value::Null,
            )
        }
        None => (Value::Null, Value::Null, end_user.unwrap_or(Value::Null)),
    };
    json!({
        "id": m.id,
        "status": "delivered",
        "type": m.kind,
        "body": m.body,
        "file": file,
        "review": review,
        "bot": bot,
        "agent": null,
        "endUser": end_user,
        "microseconds": m.microseconds,
        "createdAt": m.created_at,
        "updatedAt": m.created_at,
    })
}
