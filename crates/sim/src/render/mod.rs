//! JSON in the exact shapes of the Blinger docs. The simulator writes these
//! itself (never through the client crate's types), so client-vs-simulator
//! tests check both sides against the docs.

pub mod events;
pub mod widget;

use serde_json::{json, Value};

use crate::store::channel_account_title;
use crate::store::{BlingerUser, Conversation, Message, Role, State};

/// `image` for picture URLs, else `file` (as the docs' send-file-message
/// example answers `image` for a `.png`).
pub fn file_kind(url: &str) -> &'static str {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("png" | "jpg" | "jpeg" | "gif" | "webp" | "bmp") => "image",
        _ => "file",
    }
}

/// The end user's name as Blinger shows it: the messenger name, or
/// "LiveChat client #N" style when the customer gave none.
pub fn customer_display_name(user: &BlingerUser) -> String {
    match &user.name {
        Some(name) => name.clone(),
        None if user.application == "livechat" => {
            format!("LiveChat client #{}", user.blinger_user_id)
        }
        None => format!("Client #{}", user.blinger_user_id),
    }
}

fn user_name(st: &State, blinger_user_id: i64) -> Value {
    match st.users.get(&blinger_user_id) {
        Some(u) if u.role == Role::Default => json!(customer_display_name(u)),
        Some(u) => json!(channel_account_title(&u.application)),
        None => Value::Null,
    }
}

fn tags_value(user: &BlingerUser) -> Value {
    if user.tags.is_empty() {
        Value::Null
    } else {
        json!(user.tags)
    }
}

/// A user as in `toBlingerUser` of the conversation object.
pub fn blinger_user_short(user: &BlingerUser) -> Value {
    json!({
        "id": user.id,
        "service_blinger_id": user.service_blinger_id,
        "blinger_user_id": user.blinger_user_id,
        "is_active": true,
        "date_updated": user.date_updated,
        "date_created": user.date_created,
        "tags": tags_value(user),
        "name": user.name,
        "role": user.role.as_str(),
        "avatar": user.avatar,
        "application": user.application,
        "service_user_id": user.service_user_id,
        "status": "enabled",
        "group_id": null,
        "is_comments": null,
        "page_url": user.page_url,
        "page_title": user.page_title,
        "extra_fields": null,
        "extra_field_secret_key": user.extra_field_secret_key,
        "custom_name": user.custom_name,
    })
}

/// A user as in `from_user` / `to_user` of `get` (a few more fields).
pub fn blinger_user_full(user: &BlingerUser) -> Value {
    let mut v = blinger_user_short(user);
    if let Value::Object(map) = &mut v {
        map.insert("dialog_id".into(), Value::Null);
        map.insert("comments_group_id".into(), Value::Null);
        map.insert("phone".into(), json!(user.phone));
        map.insert("service_user_nickname".into(), json!(user.nickname));
    }
    v
}

/// The full conversation object that start/close/unassign/assign-* answer.
pub fn conversation_object(st: &State, c: &Conversation) -> Value {
    let customer = st.users.get(&c.from_blinger_user_id);
    let last = c.last_visible_message();
    let post = c.comment_post.as_ref();
    json!({
        "id": c.id,
        "user_id": c.user_id,
        "operator_user_id": c.operator_id,
        "from_blinger_user_id": c.from_blinger_user_id,
        "to_blinger_user_id": c.to_blinger_user_id,
        "from_user_name": user_name(st, c.from_blinger_user_id),
        "to_user_name": user_name(st, c.to_blinger_user_id),
        "application": c.application,
        "last_message": last.map(|m| m.text.clone()),
        "unread_count": c.unread_count,
        "status": c.status.as_str(),
        "date_created": c.date_created,
        "date_updated": c.date_updated,
        "from_user_avatar": customer.and_then(|u| u.avatar.clone()),
        "is_outgoing": last.is_some_and(|m| m.is_outgoing),
        "token": c.token,
        "is_new_conversation": c.is_new_conversation,
        "waiting_operator_response": c.waiting_operator_response,
        "group_id": c.group_id,
        "is_inner_message": null,
        "is_operator_last_message": last.is_some_and(|m| m.is_outgoing),
        "is_group_closed": false,
        "close_group": c.close_group.as_ref().map(|t| json!({ "title": t })),
        "type": if c.is_comments() { "comment" } else { "message" },
        "comment_post_id": post.map(|p| p.post_id.clone()),
        "comment_post_url": post.map(|p| p.url.clone()),
        "comment_post_title": post.map(|p| p.title.clone()),
        "comment_post_img": post.and_then(|p| p.img.clone()),
        "unassigned_date": c.unassigned_date,
        "last_message_date": c.last_message_date,
        "from_user_custom_name": customer.and_then(|u| u.custom_name.clone()),
        "toBlingerUser": st.users.get(&c.to_blinger_user_id).map(blinger_user_short),
    })
}

/// The message object send-message/send-file-message/send-note answer.
pub fn message_object(c: &Conversation, m: &Message) -> Value {
    let (from, to) = if m.is_outgoing {
        (c.to_blinger_user_id, c.from_blinger_user_id)
    } else {
        (c.from_blinger_user_id, c.to_blinger_user_id)
    };
    json!({
        "id": m.id,
        "from_blinger_user_id": from,
        "to_blinger_user_id": to,
        "blinger_message_id": m.blinger_message_id,
        "application": c.application,
        "type": m.kind,
        "message": m.text,
        "date_updated": m.date_created,
        "date_created": m.date_created,
        "is_outgoing": m.is_outgoing,
        "status": "sent",
        "is_inner_message": m.is_note,
        "date_read": null,
        "date_real": m.date_real,
        "error": null,
        "is_history": false,
        "echo": false,
        "echo_outgoing": false,
    })
}

/// An item of `unassigned`, exactly as documented. `extras` adds what the docs do
/// not show (`last_message`, `last_message_date`, `unread_count`, `date_updated`,
/// `type`), for tests proving the client tolerates and uses such fields.
pub fn unassigned_summary(st: &State, c: &Conversation, extras: bool) -> Value {
    let customer = st.users.get(&c.from_blinger_user_id);
    let mut v = json!({
        "id": c.id,
        "group_id": c.group_id,
        "status": c.status.as_str(),
        "application": c.application,
        "from_blinger_user_id": c.from_blinger_user_id,
        "from_user_name": user_name(st, c.from_blinger_user_id),
        "is_new_conversation": c.is_new_conversation,
        "unassigned_date": c.unassigned_date,
        "custom_name": customer.and_then(|u| u.custom_name.clone()),
    });
    if extras {
        add_list_extras(&mut v, c);
        insert(&mut v, "unread_count", json!(c.unread_count));
    }
    v
}

/// An item of `unread` / `not-answered`, exactly as documented; `extras` as in
/// [`unassigned_summary`].
pub fn inbox_summary(st: &State, c: &Conversation, extras: bool) -> Value {
    let customer = st.users.get(&c.from_blinger_user_id);
    let operator = c.operator_id.and_then(|id| st.operators.get(&id));
    let mut v = json!({
        "id": c.id,
        "group_id": c.group_id,
        "operator_user_id": c.operator_id,
        "status": c.status.as_str(),
        "application": c.application,
        "from_blinger_user_id": c.from_blinger_user_id,
        "from_user_name": user_name(st, c.from_blinger_user_id),
        "is_new_conversation": c.is_new_conversation,
        "unread_count": c.unread_count,
        "last_message_date": c.last_message_date,
        "custom_name": customer.and_then(|u| u.custom_name.clone()),
        "operator_email": operator.map(|o| o.email.clone()),
    });
    if extras {
        add_list_extras(&mut v, c);
    }
    v
}

fn insert(v: &mut Value, key: &str, value: Value) {
    if let Value::Object(map) = v {
        map.insert(key.into(), value);
    }
}

fn add_list_extras(v: &mut Value, c: &Conversation) {
    insert(
        v,
        "last_message",
        json!(c.last_visible_message().map(|m| m.text.clone())),
    );
    insert(v, "last_message_date", json!(c.last_message_date));
    insert(v, "date_updated", json!(c.date_updated));
    insert(
        v,
        "type",
        json!(if c.is_comments() {
            "comment"
        } else {
            "message"
        }),
    );
}

/// `get`'s answer. Messages carry exactly the documented `id, message, type,
/// date_created`, and `operator_id` on operator messages (notes included: the docs
/// give no way to tell a note from a reply). `extras` adds `is_outgoing` on all
/// and `is_inner_message: true` on notes.
pub fn get_conversation(st: &State, c: &Conversation, extras: bool) -> Value {
    let messages: Vec<Value> = c
        .messages
        .iter()
        .map(|m| {
            let mut v = json!({
                "id": m.id,
                "message": m.text,
                "type": m.kind,
                "date_created": m.date_created,
            });
            if let Some(op) = m.operator_id {
                insert(&mut v, "operator_id", json!(op));
            }
            if extras {
                if m.is_note {
                    insert(&mut v, "is_inner_message", json!(true));
                }
                insert(&mut v, "is_outgoing", json!(m.is_outgoing));
            }
            v
        })
        .collect();
    // The documented user object has `is_comments`: a comment conversation's
    // customer is a commenter.
    let mut from_user = st.users.get(&c.from_blinger_user_id).map(blinger_user_full);
    if let (true, Some(user)) = (c.is_comments(), &mut from_user) {
        insert(user, "is_comments", json!(true));
    }
    json!({
        "conversation_id": c.id,
        "operator_id": c.operator_id,
        "from_blinger_user_id": c.from_blinger_user_id,
        "to_blinger_user_id": c.to_blinger_user_id,
        "from_user": from_user,
        "to_user": st.users.get(&c.to_blinger_user_id).map(blinger_user_full),
        "application": c.application,
        "status": c.status.as_str(),
        "date_created": c.date_created,
        "date_updated": c.date_updated,
        "messages": messages,
    })
}
