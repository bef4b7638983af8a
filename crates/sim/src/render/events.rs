//! Webhook bodies in the shapes of blinger-webhooks.txt, as valid JSON: the
//! docs' `//` comments are dropped and their PHP-array `close_group` becomes
//! a JSON object `{"title": …}` (or null).

use serde_json::{json, Map, Value};

use super::customer_display_name;
use crate::store::{BlingerUser, Conversation, Message, Role, State};

/// The avatar Blinger shows for users without one (from the docs' examples).
const NO_USER_AVATAR: &str = "https://app.blinger.io/images/users/no-user.png";

fn title(user: &BlingerUser) -> Value {
    match user.role {
        Role::Default => json!(customer_display_name(user)),
        Role::Customer => json!(user.name),
    }
}

/// A user as webhooks describe one (`from_user` / `to_user`). `page_title`
/// and `page_url` are "only for livechat": added for livechat end users.
fn webhook_user(user: Option<&BlingerUser>, with_application: bool) -> Value {
    let Some(u) = user else { return Value::Null };
    let mut map = Map::new();
    map.insert("user_id".into(), json!(u.blinger_user_id));
    map.insert("role".into(), json!(u.role.as_str()));
    map.insert("title".into(), title(u));
    let avatar = match u.role {
        Role::Default => json!(u.avatar.clone().unwrap_or_else(|| NO_USER_AVATAR.into())),
        Role::Customer => json!(u.avatar),
    };
    map.insert("avatar".into(), avatar);
    if u.application == "livechat" && u.role == Role::Default {
        map.insert("page_title".into(), json!(u.page_title));
        map.insert("page_url".into(), json!(u.page_url));
    }
    map.insert("status".into(), json!("enabled"));
    if with_application {
        map.insert("application".into(), json!(u.application));
    }
    map.insert("service_user_id".into(), json!(u.service_user_id));
    map.insert("date_created".into(), json!(u.date_created));
    Value::Object(map)
}

/// `operator` object; all fields null when nobody is assigned (as the
/// docs' comments on the message events say).
fn operator(st: &State, c: &Conversation) -> Value {
    match c.operator_id.and_then(|id| st.operators.get(&id)) {
        Some(op) => json!({ "id": op.id, "name": op.name, "email": op.email }),
        None => json!({ "id": null, "name": null, "email": null }),
    }
}

fn conversation_base(st: &State, c: &Conversation, with_operator: bool) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("id".into(), json!(c.id));
    map.insert("application".into(), json!(c.application));
    map.insert("status".into(), json!(c.status.as_str()));
    map.insert("date_created".into(), json!(c.date_created));
    map.insert("date_updated".into(), json!(c.date_updated));
    if with_operator {
        map.insert("operator".into(), operator(st, c));
    }
    let customer = st.users.get(&c.from_blinger_user_id);
    map.insert("from_user".into(), webhook_user(customer, false));
    map
}

/// `on_conversation_unassigned`.
pub fn conversation_unassigned(st: &State, c: &Conversation) -> Value {
    let conversation = conversation_base(st, c, false);
    json!({ "webhook": "on_conversation_unassigned", "conversation": conversation })
}

/// `on_conversation_assigned`.
pub fn conversation_assigned(st: &State, c: &Conversation) -> Value {
    let conversation = conversation_base(st, c, true);
    json!({ "webhook": "on_conversation_assigned", "conversation": conversation })
}

fn short_user(u: Option<&BlingerUser>) -> Value {
    let Some(u) = u else { return Value::Null };
    json!({
        "id": u.id,
        "service_blinger_id": u.service_blinger_id,
        "blinger_user_id": u.blinger_user_id,
        "is_active": true,
        "date_updated": u.date_updated,
        "date_created": u.date_created,
        "tags": if u.tags.is_empty() { Value::Null } else { json!(u.tags) },
        "name": u.name,
        "role": u.role.as_str(),
        "avatar": u.avatar,
        "application": u.application,
        "service_user_id": u.service_user_id,
        "status": "enabled",
    })
}

fn closed_message(st: &State, c: &Conversation, m: &Message) -> Value {
    let (from, to) = sides(c, m);
    let name = |id: i64| st.users.get(&id).map(title).unwrap_or(Value::Null);
    json!({
        "id": m.id,
        "from_blinger_user_id": from,
        "to_blinger_user_id": to,
        "from_user_id": from,
        "to_user_id": to,
        "type": m.kind,
        "application": c.application,
        "message": m.text,
        "blinger_message_id": m.blinger_message_id,
        "date_created": m.date_created,
        "status": "sent",
        "is_outgoing": m.is_outgoing,
        "is_inner_message": m.is_note,
        "from_user_name": name(from),
        "to_user_name": name(to),
        "fromBlingerUser": short_user(st.users.get(&from)),
        "toBlingerUser": short_user(st.users.get(&to)),
    })
}

/// `on_conversation_closed`: with all messages, the customer's tags and
/// `close_group` as `{"title": …}` or null.
pub fn conversation_closed(st: &State, c: &Conversation) -> Value {
    let mut conversation = conversation_base(st, c, true);
    let messages: Vec<Value> = c
        .messages
        .iter()
        .map(|m| closed_message(st, c, m))
        .collect();
    let last_id = c.messages.last().map(|m| m.id.to_string());
    let tags: Vec<Value> = st
        .users
        .get(&c.from_blinger_user_id)
        .map(|u| u.tags.as_slice())
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(i, t)| json!({ "id": (i + 1).to_string(), "title": t, "message_id": last_id }))
        .collect();
    conversation.insert("messages".into(), json!(messages));
    conversation.insert("tags".into(), json!(tags));
    let close_group = c.close_group.as_ref().map(|t| json!({ "title": t }));
    conversation.insert("close_group".into(), close_group.unwrap_or(Value::Null));
    json!({ "webhook": "on_conversation_closed", "conversation": conversation })
}

/// (from, to) blinger user ids of a message.
fn sides(c: &Conversation, m: &Message) -> (i64, i64) {
    if m.is_outgoing {
        (c.to_blinger_user_id, c.from_blinger_user_id)
    } else {
        (c.from_blinger_user_id, c.to_blinger_user_id)
    }
}

/// `on_message_incoming` / `on_message_outgoing`, or for comment
/// conversations `on_comment_incoming` / `on_comment_outgoing`.
pub fn message(st: &State, c: &Conversation, m: &Message) -> Value {
    let (from, to) = sides(c, m);
    let direction = if m.is_outgoing {
        "outgoing"
    } else {
        "incoming"
    };
    let mut body = Map::new();
    let (kind, id_key, blinger_id_key) = match c.comment_post {
        Some(_) => ("comment", "comment_id", "comment_blinger_id"),
        None => ("message", "message_id", "message_blinger_id"),
    };
    body.insert("webhook".into(), json!(format!("on_{kind}_{direction}")));
    body.insert("from_user_id".into(), json!(from));
    body.insert("to_user_id".into(), json!(to));
    body.insert(id_key.into(), json!(m.id));
    body.insert(blinger_id_key.into(), json!(m.blinger_message_id));
    body.insert("conversation_id".into(), json!(c.id));
    body.insert("conversation_token".into(), json!(c.token));
    body.insert("operator".into(), operator(st, c));
    body.insert("from_user".into(), webhook_user(st.users.get(&from), true));
    body.insert("to_user".into(), webhook_user(st.users.get(&to), true));
    let mut item = json!({
        "id": m.id,
        "from_user_id": from,
        "to_user_id": to,
        "type": m.kind,
        "application": c.application,
        "date_created": m.date_created,
        "message": m.text,
    });
    if let (Value::Object(map), Some(post)) = (&mut item, &c.comment_post) {
        map.insert("reply_comment_id".into(), json!(m.reply_comment_id));
        map.insert("post_id".into(), json!(post.post_id));
        map.insert("post_url".into(), json!(post.url));
        map.insert("post_title".into(), json!(post.title));
    } else if let Value::Object(map) = &mut item {
        let customer_tags = st
            .users
            .get(&c.from_blinger_user_id)
            .map(|u| u.tags.clone());
        map.insert("tags".into(), json!(customer_tags.unwrap_or_default()));
    }
    body.insert(kind.into(), item);
    Value::Object(body)
}

/// `on_user_new`.
pub fn user_new(u: &BlingerUser) -> Value {
    json!({
        "webhook": "on_user_new",
        "user": {
            "id": u.id,
            "blinger_user_id": u.blinger_user_id,
            "name": title(u),
            "avatar": u.avatar.clone().unwrap_or_else(|| NO_USER_AVATAR.into()),
            "application": u.application,
            "service_user_id": u.service_user_id,
            "date_created": u.date_created,
        }
    })
}
