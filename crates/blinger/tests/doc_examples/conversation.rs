//! The Conversation API examples (`blinger-conversation-api.md`).

use super::answer;
use blinger::{
    Channel, Conversation, ConversationDetail, ConversationKind, Error, ErrorKind, Message,
    MessageKind, Status,
};

/// A documented refusal: `Error::Api` whose text is the docs' `error`, verbatim.
fn refusal(name: &str, text: &str) {
    let e = answer::<Conversation>(name, 400).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Api, "{name}: {e:?}");
    assert_eq!(e.to_string(), text, "{name}");
    assert!(matches!(e, Error::Api { status: 400, ref message } if message == text));
    // The same whatever the HTTP status was: the envelope is trusted.
    let e = answer::<Message>(name, 200).unwrap_err();
    assert_eq!(e.to_string(), text, "{name} with HTTP 200");
}

#[test]
fn start_200() {
    let c: Conversation = answer("conversation_start_200.json", 200).unwrap();
    assert_eq!(c.id, 2);
    assert_eq!(c.user_id, Some(1));
    assert_eq!(c.operator_user_id, Some(1));
    assert_eq!(c.from_blinger_user_id, Some(5));
    assert_eq!(c.to_blinger_user_id, Some(4));
    assert_eq!(c.from_user_name.as_deref(), Some("LiveChat client #5"));
    assert_eq!(c.to_user_name.as_deref(), Some("user@gmail.com"));
    assert_eq!(c.application, Some(Channel::LiveChat));
    assert_eq!(c.last_message.as_deref(), Some("124124"));
    assert_eq!(c.unread_count, Some(0));
    assert_eq!(c.status, Some(Status::Inbox));
    assert_eq!(c.date_created, Some(1559737532));
    assert_eq!(c.date_updated, Some(1560107366));
    assert_eq!(c.is_new_conversation, Some(false));
    assert_eq!(c.waiting_operator_response, Some(false));
    assert_eq!(c.is_operator_last_message, Some(true));
    assert_eq!(c.is_inner_message, None);
    assert_eq!(c.group_id, Some(1));
    assert_eq!(c.close_group, None);
    assert_eq!(c.kind, Some(ConversationKind::Message));
    assert_eq!(c.comment_post_id, None);
    assert_eq!(c.unassigned_date, Some(1559807929));
    assert_eq!(c.last_message_date, Some(1559826168));
    assert_eq!(c.from_user_custom_name, None);
    assert_eq!(c.customer_name(), "LiveChat client #5");
    let account = c.to_blinger_user.as_ref().expect("toBlingerUser");
    assert_eq!(account.id, Some(4));
    assert_eq!(account.blinger_user_id, Some(4));
    assert_eq!(account.role.as_deref(), Some("customer"));
    assert_eq!(account.application, Some(Channel::LiveChat));
    assert_eq!(account.is_active, Some(true));
    assert!(account.tags.is_empty());
    assert_eq!(account.status.as_deref(), Some("enabled"));
}

#[test]
fn start_400() {
    // Verbatim, four spaces inside "conversation" included.
    refusal(
        "conversation_start_400.json",
        "The c    onversation was assigned to another operator",
    );
}

#[test]
fn close_200_after_dropping_the_stray_a() {
    let c: Conversation = answer("conversation_close_200.json", 200).unwrap();
    assert_eq!(c.id, 2);
    assert_eq!(c.status, Some(Status::Closed));
    assert!(c.is_closed());
    assert_eq!(c.to_user_name.as_deref(), Some("artemylapko@gmail.com"));
    assert_eq!(c.date_updated, Some(1560187173));
    assert_eq!(c.last_message_date, Some(1560185816));
}

#[test]
fn close_200_as_printed_is_a_decode_error_not_a_panic() {
    let text = super::common::fixture("conversation_close_200.json");
    let e = blinger::envelope::decode_body::<Conversation>(200, text.as_bytes()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
}

#[test]
fn close_400() {
    refusal("conversation_close_400.json", "The conversation is closed.");
}

#[test]
fn unassign_200() {
    let c: Conversation = answer("conversation_unassign_200.json", 200).unwrap();
    assert_eq!(c.id, 2);
    // The docs' example answers `closed` after an unassign (copied from `close`);
    // whatever the status, it decodes.
    assert_eq!(c.status, Some(Status::Closed));
    assert_eq!(c.operator_user_id, Some(1));
}

#[test]
fn unassign_400() {
    refusal(
        "conversation_unassign_400.json",
        "The conversation is already unassigned.",
    );
}

#[test]
fn assign_operator_200() {
    let c: Conversation = answer("conversation_assign_operator_200.json", 200).unwrap();
    assert_eq!(c.operator_user_id, Some(3));
    assert_eq!(c.unread_count, Some(1));
    assert_eq!(c.status, Some(Status::Inbox));
    assert_eq!(c.date_updated, Some(1560188161));
}

#[test]
fn assign_operator_400() {
    refusal(
        "conversation_assign_operator_400.json",
        "The conversation has already been assigned to this operator.",
    );
}

#[test]
fn assign_group_200() {
    let c: Conversation = answer("conversation_assign_group_200.json", 200).unwrap();
    assert_eq!(c.group_id, Some(1));
    assert_eq!(c.operator_user_id, Some(3));
    assert_eq!(c.date_updated, Some(1560188258));
}

#[test]
fn assign_group_400() {
    refusal(
        "conversation_assign_group_400.json",
        "The operator group has already been selected.",
    );
}

#[test]
fn send_message_200() {
    let m: Message = answer("conversation_send_message_200.json", 200).unwrap();
    assert_eq!(m.id, 178);
    assert_eq!(m.blinger_message_id, Some(178));
    assert_eq!(m.from_blinger_user_id, Some(4));
    assert_eq!(m.to_blinger_user_id, Some(5));
    assert_eq!(m.application, Some(Channel::LiveChat));
    assert_eq!(m.kind, Some(MessageKind::Text));
    assert_eq!(m.text(), "124124");
    assert_eq!(m.date_created, Some(1560188469));
    assert_eq!(m.is_outgoing, Some(true));
    assert_eq!(m.status.as_deref(), Some("sent"));
    assert_eq!(m.date_read, None);
    assert_eq!(m.date_real, Some(15601884680000));
    assert_eq!(m.error, None);
    assert_eq!(m.is_history, Some(false));
    assert!(m.is_from_operator());
    assert!(!m.is_note());
    assert_eq!(m.attachment_url(), None);
}

#[test]
fn send_message_400() {
    refusal("conversation_send_message_400.json", "text is empty");
}

#[test]
fn send_file_message_200() {
    let m: Message = answer("conversation_send_file_message_200.json", 200).unwrap();
    assert_eq!(m.kind(), MessageKind::Image);
    assert_eq!(
        m.attachment_url(),
        Some("https://static-api.blinger.io/files/new/67/cf/67cf7f4783de908d9723696d295c5252_5e60f6d59964e.png")
    );
    assert!(m.is_from_operator());
}

#[test]
fn send_file_message_400() {
    refusal(
        "conversation_send_file_message_400.json",
        "file_url is empty",
    );
}

#[test]
fn send_note_200() {
    let m: Message = answer("conversation_send_note_200.json", 200).unwrap();
    assert_eq!(m.text(), "My private note");
    assert!(m.is_note());
    assert_eq!(m.blinger_message_id, None);
    assert!(m.is_from_operator());
}

#[test]
fn unassigned_200() {
    let list: Vec<Conversation> = answer("conversation_unassigned_200.json", 200).unwrap();
    assert_eq!(list.len(), 1);
    let c = &list[0];
    assert_eq!(c.id, 300);
    assert_eq!(c.group_id, Some(21));
    assert_eq!(c.status, Some(Status::Unassigned));
    assert_eq!(c.channel(), Channel::LiveChat);
    assert_eq!(c.from_blinger_user_id, Some(2));
    assert_eq!(c.is_new_conversation, Some(true));
    assert_eq!(c.unassigned_date, Some(1563894618));
    assert_eq!(c.custom_name.as_deref(), Some("John Doe"));
    assert_eq!(c.customer_name(), "John Doe");
    // Fields the summary does not carry are simply absent.
    assert_eq!(c.operator_user_id, None);
    assert_eq!(c.to_blinger_user, None);
}

#[test]
fn unread_200() {
    let list: Vec<Conversation> = answer("conversation_unread_200.json", 200).unwrap();
    let c = &list[0];
    assert_eq!(c.id, 300);
    assert_eq!(c.operator_user_id, Some(18));
    assert_eq!(c.status, Some(Status::Inbox));
    assert_eq!(c.unread_count, Some(2));
    assert_eq!(c.last_message_date, Some(1563895196));
    assert_eq!(c.operator_email.as_deref(), Some("operator@gmail.com"));
    assert_eq!(c.is_new_conversation, Some(false));
}

#[test]
fn not_answered_200() {
    let list: Vec<Conversation> = answer("conversation_not_answered_200.json", 200).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].unread_count, Some(0));
    assert_eq!(list[0].operator_user_id, Some(18));
    assert_eq!(list[0].customer_name(), "John Doe");
}

#[test]
fn get_200() {
    let d: ConversationDetail = answer("conversation_get_200.json", 200).unwrap();
    assert_eq!(d.conversation_id, 5867);
    assert_eq!(d.operator_id, Some(457));
    assert_eq!(d.from_blinger_user_id, Some(12654));
    assert_eq!(d.to_blinger_user_id, Some(64456));
    assert_eq!(d.application, Some(Channel::Telegram));
    assert_eq!(d.status, Some(Status::Inbox));
    assert_eq!(d.date_created, Some(1635856462));
    assert_eq!(d.date_updated, Some(1643971557));
    let customer = d.from_user.as_ref().unwrap();
    assert_eq!(customer.name.as_deref(), Some("Alex"));
    assert_eq!(customer.role.as_deref(), Some("default"));
    assert_eq!(customer.service_user_id.as_deref(), Some("253560468"));
    assert_eq!(customer.phone.as_deref(), Some("+37529576375"));
    assert_eq!(customer.service_user_nickname.as_deref(), Some("alex"));
    assert_eq!(customer.dialog_id, None);
    assert_eq!(d.customer_name(), "Alex");
    let account = d.to_user.as_ref().unwrap();
    assert_eq!(account.role.as_deref(), Some("customer"));
    assert_eq!(account.blinger_user_id, Some(64456));
    assert_eq!(d.messages.len(), 3);
    let texts: Vec<&str> = d.messages.iter().map(Message::text).collect();
    assert_eq!(texts, ["/start", "Hello, can I help you?", "Hello!"]);
    assert_eq!(d.messages[0].id, 7532);
    assert!(!d.messages[0].is_from_operator());
    assert_eq!(d.messages[1].operator_id, Some(457));
    assert!(d.messages[1].is_from_operator());
    assert!(!d.messages[2].is_from_operator());
    assert_eq!(d.last_message().map(|m| m.id), Some(8634));
}
