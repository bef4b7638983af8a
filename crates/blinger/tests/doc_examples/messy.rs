//! The messy forms the docs show here and there (and a PHP server produces),
//! all in one place: ids as strings, tags in every form, missing and extra
//! fields, PHP's `[]` for an empty object and index-keyed lists.

use blinger::envelope::decode_body;
use blinger::{Conversation, ConversationDetail, ErrorKind, Message, Tags};

fn data<T: serde::de::DeserializeOwned>(json: &str) -> T {
    let body = format!(r#"{{"status":200,"data":{json}}}"#);
    decode_body(200, body.as_bytes()).unwrap_or_else(|e| panic!("{e}: {json}"))
}

#[test]
fn ids_and_numbers_as_strings() {
    let c: Conversation = data(
        r#"{"id":"300","group_id":"21","operator_user_id":"18","unread_count":"2",
            "last_message_date":"1563895196","from_blinger_user_id":2.0}"#,
    );
    assert_eq!(c.id, 300);
    assert_eq!(c.group_id, Some(21));
    assert_eq!(c.operator_user_id, Some(18));
    assert_eq!(c.unread_count, Some(2));
    assert_eq!(c.last_message_date, Some(1563895196));
    assert_eq!(c.from_blinger_user_id, Some(2));
    let m: Message = data(r#"{"id":"7543","operator_id":"457","date_created":"1635856464"}"#);
    assert_eq!(m.id, 7543);
    assert_eq!(m.operator_id, Some(457));
}

#[test]
fn strings_as_numbers() {
    let d: ConversationDetail = data(
        r#"{"conversation_id":1,"from_user":{"service_user_id":253560468,"phone":37529576375,"name":42}}"#,
    );
    let u = d.from_user.unwrap();
    assert_eq!(u.service_user_id.as_deref(), Some("253560468"));
    assert_eq!(u.phone.as_deref(), Some("37529576375"));
    assert_eq!(u.display_name(), Some("42"));
}

#[test]
fn booleans_as_numbers_and_strings() {
    let c: Conversation = data(
        r#"{"id":1,"is_new_conversation":1,"waiting_operator_response":"0",
            "is_operator_last_message":"true","is_group_closed":null}"#,
    );
    assert_eq!(c.is_new_conversation, Some(true));
    assert_eq!(c.waiting_operator_response, Some(false));
    assert_eq!(c.is_operator_last_message, Some(true));
    assert_eq!(c.is_group_closed, None);
    let m: Message = data(r#"{"id":1,"is_outgoing":"1","is_inner_message":0}"#);
    assert!(m.is_from_operator());
    assert!(!m.is_note());
}

#[test]
fn tags_in_every_form() {
    let forms = [
        (r#"null"#, vec![]),
        (r#""[]""#, vec![]),
        (r#""""#, vec![]),
        (r#"[]"#, vec![]),
        (r#""[\"a\",\"b\"]""#, vec!["a", "b"]),
        (r#"["tag1", "tag2"]"#, vec!["tag1", "tag2"]),
        (
            r#"[{"id":"id","title":"test1","message_id":"634"}]"#,
            vec!["test1"],
        ),
        (
            r#""[{\"id\":5,\"title\":\"vip\",\"message_id\":634}]""#,
            vec!["vip"],
        ),
        (r#"{"0":"x","3":{"title":"y"}}"#, vec!["x", "y"]),
    ];
    for (json, want) in forms {
        let m: Message = data(&format!(r#"{{"id":1,"tags":{json}}}"#));
        assert_eq!(m.tags.titles().collect::<Vec<_>>(), want, "{json}");
    }
    let absent: Message = data(r#"{"id":1}"#);
    assert_eq!(absent.tags, Tags::default());
}

#[test]
fn missing_fields_are_none() {
    let c: Conversation = data(r#"{"id":9}"#);
    assert_eq!(c.id, 9);
    assert_eq!(c.status, None);
    assert_eq!(c.application, None);
    assert_eq!(c.customer_name(), "Customer #9");
    let d: ConversationDetail = data(r#"{"conversation_id":9}"#);
    assert!(d.messages.is_empty());
    assert_eq!(d.customer_name(), "Customer #9");
}

#[test]
fn extra_fields_are_ignored() {
    let c: Conversation = data(
        r#"{"id":1,"brand_new_field":{"deep":[1,2,3]},"another":"x",
            "toBlingerUser":{"id":4,"unknown":true}}"#,
    );
    assert_eq!(c.id, 1);
    assert_eq!(c.to_blinger_user.unwrap().id, Some(4));
}

#[test]
fn php_empty_objects_and_keyed_lists() {
    let c: Conversation = data(r#"{"id":1,"toBlingerUser":[],"close_group":[]}"#);
    assert_eq!(c.to_blinger_user, None);
    assert_eq!(c.close_group, None);
    let d: ConversationDetail =
        data(r#"{"conversation_id":1,"from_user":[],"messages":{"0":{"id":1},"2":{"id":3}}}"#);
    assert_eq!(d.from_user, None);
    assert_eq!(d.messages.iter().map(|m| m.id).collect::<Vec<_>>(), [1, 3]);
}

#[test]
fn unknown_channels_and_statuses_are_kept() {
    let c: Conversation =
        data(r#"{"id":1,"application":"tiktok","status":"archived","type":"call"}"#);
    assert_eq!(c.channel(), blinger::Channel::Unknown("tiktok".into()));
    assert_eq!(c.status, Some(blinger::Status::Other("archived".into())));
    assert_eq!(
        c.kind,
        Some(blinger::ConversationKind::Other("call".into()))
    );
}

#[test]
fn wrong_shapes_are_decode_errors() {
    for body in [
        r#"{"status":200,"data":{"id":"abc"}}"#,
        r#"{"status":200,"data":{"status":"inbox"}}"#,
        r#"{"status":200,"data":[]}"#,
        r#"{"status":200}"#,
        r#"{"result":"ok"}"#,
    ] {
        let e = decode_body::<Conversation>(200, body.as_bytes()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode, "{body}");
    }
    // A derived struct alone would take `[300, 1]` as its fields in order; `de::Object` refuses.
    let e =
        decode_body::<blinger::de::Object<Conversation>>(200, br#"{"status":200,"data":[300,1]}"#);
    assert_eq!(e.unwrap_err().kind(), ErrorKind::Decode);
}
