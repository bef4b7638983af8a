//! What the targets share: answers decoded exactly as the clients decode them, and
//! the properties every outcome must have (beyond "no panic, no hang, no blow-up").

use deskbell_desk::model::{AccountId, InboxItem, PREVIEW_CHARS};
use deskbell_transport::{Error, RawResponse};
use serde::de::DeserializeOwned;
use serde::Deserialize;

/// HTTP statuses an answer may come with. Blinger's envelope is trusted over them,
/// except for 429 and for bodies that are not JSON; Chatwoot goes by them.
const STATUSES: [u16; 7] = [200, 400, 401, 404, 429, 500, 502];

/// Each input is decoded as a 200 answer and with one more status it picks.
fn statuses(data: &[u8]) -> [u16; 2] {
    [200, STATUSES[data.len() % STATUSES.len()]]
}

/// A Blinger answer whose `data` is an object, as both clients decode it.
pub fn blinger_object<T: DeserializeOwned>(data: &[u8]) -> Vec<T> {
    statuses(data)
        .into_iter()
        .filter_map(|status| {
            ok(blinger::envelope::decode_body::<blinger::de::Object<T>>(
                status, data,
            ))
        })
        .map(|object| object.0)
        .collect()
}

/// A Blinger answer whose `data` is decoded as plain `T` (any JSON shape `T` takes).
pub fn blinger_data<T: DeserializeOwned>(data: &[u8]) -> Vec<T> {
    statuses(data)
        .into_iter()
        .filter_map(|status| ok(blinger::envelope::decode_body::<T>(status, data)))
        .collect()
}

/// A Blinger list answer, as the client decodes it: an array, an index-keyed
/// object or `null`, of objects.
#[derive(Deserialize)]
struct List(
    #[serde(deserialize_with = "blinger::de::list")]
    Vec<blinger::de::Object<blinger::Conversation>>,
);

pub fn blinger_list(data: &[u8]) -> Vec<blinger::Conversation> {
    statuses(data)
        .into_iter()
        .filter_map(|status| ok(blinger::envelope::decode_body::<List>(status, data)))
        .flat_map(|list| list.0.into_iter().map(|c| c.0))
        .collect()
}

/// A Chatwoot answer as its client takes it: 2xx JSON decoded as `T`, anything
/// else turned into an error carrying the server's words.
pub fn chatwoot_answer<T: DeserializeOwned>(data: &[u8]) -> Vec<T> {
    statuses(data)
        .into_iter()
        .filter_map(|status| {
            let raw = RawResponse {
                status,
                content_type: None,
                retry_after: None,
                body: data.to_vec().into(),
            };
            if !(200..300).contains(&status) {
                check_error(&chatwoot::error_from_response(&raw));
                None
            } else if !raw.looks_like_json() {
                check_error(&raw.not_json_error());
                None
            } else {
                ok(raw.decode_json())
            }
        })
        .collect()
}

pub fn ok<T>(result: Result<T, Error>) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(e) => {
            check_error(&e);
            None
        }
    }
}

/// Every error reaches the UI as `{kind, message}`; excerpts of a body stay short.
pub fn check_error(e: &Error) {
    let _ = (e.kind(), e.delivery(), e.is_transient(), e.retry_after());
    serde_json::to_string(e).expect("errors serialize for the UI");
    if let Error::Decode { snippet, .. } | Error::NotJson { snippet, .. } = e {
        assert!(snippet.chars().count() <= 201, "snippet too long");
    }
}

/// The account rows are filed under.
pub fn account() -> AccountId {
    AccountId::new("fuzz")
}

/// What a row must be whatever the server said: a one-line, bounded preview, and
/// serializable for the UI and the cache.
pub fn check_row(item: &InboxItem) {
    assert!(!item.preview.contains(['\n', '\r']), "{:?}", item.preview);
    assert!(item.preview.chars().count() <= PREVIEW_CHARS + 1);
    serde_json::to_string(item).expect("rows serialize");
}

/// A Blinger conversation through every accessor and into an inbox row.
pub fn blinger_row(c: &blinger::Conversation) {
    let _ = (c.customer_name(), c.channel().label().len(), c.is_closed());
    let _ = c.is_comment_thread();
    let mut item = deskbell_desk::providers::blinger::item_from_conversation(&account(), c);
    deskbell_desk::providers::blinger::infer_lists(&mut item, Some(1));
    check_row(&item);
}

pub fn blinger_message(m: &blinger::Message) {
    let _ = (m.is_note(), m.is_from_operator(), m.kind(), m.text().len());
    let _ = m.attachment_url();
}

/// A Chatwoot conversation through every accessor and into an inbox row.
pub fn chatwoot_row(c: &chatwoot::Conversation) {
    let _ = (c.customer_name(), c.last_message(), c.last_activity());
    let mut item = deskbell_desk::providers::chatwoot::item_from_conversation(&account(), c);
    deskbell_desk::providers::chatwoot::infer_lists(&mut item, Some(1));
    check_row(&item);
}
