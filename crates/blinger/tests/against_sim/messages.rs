//! send-message, send-file-message, send-note, get.

use super::{assert_refused, env, env_with};
use blinger::{Act, Channel, MessageKind, Status};
use blinger_sim::{Author, NewConversation, SeedMessage, SimConfig};

#[tokio::test]
async fn send_message() {
    let env = env().await;
    let alice = env.operator("Alice");
    let id = env.inbox(alice);
    let text = "Hello & welcome = 100% ✓\nsecond line";
    let m = env
        .client
        .send_message(id, text, &Act::default().operator(alice))
        .await
        .unwrap();
    assert_eq!(m.text(), text);
    assert_eq!(m.kind(), MessageKind::Text);
    assert_eq!(m.is_outgoing, Some(true));
    assert!(m.is_from_operator() && !m.is_note());
    assert!(m.blinger_message_id.is_some());
    let stored = env.sim.store().messages(id);
    assert_eq!(stored.len(), 1);
    let last = stored.last().unwrap();
    assert_eq!((last.id, last.text.as_str()), (m.id, text));
    assert!(last.is_outgoing && !last.is_note);
    assert_eq!(last.operator_id, Some(alice));

    assert_refused(
        env.client.send_message(id, "", &Act::default()).await,
        "text is empty",
    );
    assert_eq!(
        env.sim.store().messages(id).len(),
        1,
        "a refused send stores nothing"
    );
    env.sim.shutdown().await;
}

#[tokio::test]
async fn send_message_as_the_admin_by_default() {
    let env = env().await;
    let id = env.inbox(env.sim.store().admin_operator_id());
    env.client
        .send_message(id, "hi", &Act::default())
        .await
        .unwrap();
    let admin = env.sim.store().admin_operator_id();
    assert_eq!(env.sim.store().messages(id)[0].operator_id, Some(admin));
    env.sim.shutdown().await;
}

#[tokio::test]
async fn send_file_message() {
    let env = env().await;
    let alice = env.operator("Alice");
    let id = env.inbox(alice);
    let url = "https://files.example/invoice%201.png?size=big";
    let m = env
        .client
        .send_file_message(id, url, &Act::default().operator(alice))
        .await
        .unwrap();
    assert_eq!(m.kind(), MessageKind::Image);
    assert_eq!(m.attachment_url(), Some(url));
    let pdf = env
        .client
        .send_file_message(id, "https://files.example/a.pdf", &Act::default())
        .await
        .unwrap();
    assert_eq!(pdf.kind(), MessageKind::File);
    let stored = env.sim.store().messages(id);
    assert_eq!(stored.len(), 2);
    assert_eq!(
        (stored[0].kind.as_str(), stored[0].text.as_str()),
        ("image", url)
    );
    assert_eq!(stored[1].kind, "file");

    let refused = env.client.send_file_message(id, "", &Act::default()).await;
    assert_refused(refused, "file_url is empty");
    assert_eq!(env.sim.store().messages(id).len(), 2);
    env.sim.shutdown().await;
}

#[tokio::test]
async fn send_note() {
    let env = env().await;
    let alice = env.operator("Alice");
    let id = env.inbox(alice);
    let note = env
        .client
        .send_note(id, "VIP, be nice", Some(alice))
        .await
        .unwrap();
    assert!(note.is_note());
    assert_eq!(note.text(), "VIP, be nice");
    assert_eq!(note.blinger_message_id, None);
    let stored = env.sim.store().messages(id);
    assert_eq!(stored.len(), 1);
    assert!(stored[0].is_note);
    assert_eq!(stored[0].operator_id, Some(alice));
    // No error text is documented for send-note; any refusal is an `Api` error.
    let e = env.client.send_note(id, "", None).await.unwrap_err();
    assert_eq!(e.kind(), blinger::ErrorKind::Api);
    assert_eq!(env.sim.store().messages(id).len(), 1);
    env.sim.shutdown().await;
}

#[tokio::test]
async fn sending_into_a_closed_conversation_is_refused() {
    let env = env().await;
    let id = env.inbox(env.operator("Alice"));
    env.client.close(id, &Act::default()).await.unwrap();
    let e = env
        .client
        .send_message(id, "too late", &Act::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), blinger::ErrorKind::Api);
    assert!(env.sim.store().messages(id).is_empty());
    env.sim.shutdown().await;
}

#[tokio::test]
async fn get() {
    let env = env().await;
    let alice = env.operator("Alice");
    let store = env.sim.store();
    let id = store.add_conversation(NewConversation {
        channel: "whatsapp".into(),
        customer_name: Some("Maria".into()),
        phone: Some("+34 600 000 000".into()),
        status: blinger_sim::ConversationStatus::Inbox,
        operator_id: Some(alice),
        tags: vec!["vip".into(), "es".into()],
        ..NewConversation::default()
    });
    store.add_message(
        id,
        SeedMessage::new(Author::Customer, "Hola").at(1_700_000_000),
    );
    store.add_message(
        id,
        SeedMessage::new(Author::Operator(alice), "Hi Maria").at(1_700_000_010),
    );
    store.add_message(
        id,
        SeedMessage::new(Author::Note(alice), "speaks Spanish").at(1_700_000_020),
    );
    store.add_message(
        id,
        SeedMessage::new(Author::Customer, "https://x/p.jpg")
            .kind("image")
            .at(1_700_000_030),
    );
    let d = env.client.get(id).await.unwrap();
    assert_eq!(d.conversation_id, id);
    assert_eq!(d.operator_id, Some(alice));
    assert_eq!(d.status, Some(Status::Inbox));
    assert_eq!(d.application, Some(Channel::WhatsApp));
    assert_eq!(d.customer_name(), "Maria");
    let customer = d.from_user.as_ref().unwrap();
    assert_eq!(customer.phone.as_deref(), Some("+34 600 000 000"));
    assert_eq!(customer.tags.titles().collect::<Vec<_>>(), ["vip", "es"]);
    assert_eq!(
        d.to_user.as_ref().unwrap().role.as_deref(),
        Some("customer")
    );
    let m = &d.messages;
    assert_eq!(m.len(), 4);
    assert_eq!(m[0].text(), "Hola");
    assert!(!m[0].is_from_operator());
    assert_eq!(m[1].operator_id, Some(alice));
    assert!(m[1].is_from_operator() && !m[1].is_note());
    // As documented, `get` does not say which operator message is a note.
    assert!(m[2].is_from_operator() && m[2].is_inner_message.is_none());
    assert_eq!(m[3].kind(), MessageKind::Image);
    assert_eq!(m[3].attachment_url(), Some("https://x/p.jpg"));
    assert_eq!(m[3].date_created, Some(1_700_000_030));
    env.sim.shutdown().await;
}

/// A server that sends more than the docs show (the simulator's `extras`): the
/// client reads the extra fields rather than tripping on them.
#[tokio::test]
async fn undocumented_extras_are_read_not_tripped_on() {
    let env = env_with(SimConfig {
        extras: true,
        ..SimConfig::default()
    })
    .await;
    let store = env.sim.store();
    let alice = store.add_operator("Alice", "alice@example.com");
    let id = store.add_conversation(NewConversation::default());
    store.add_message(id, SeedMessage::new(Author::Customer, "hello"));
    store.add_message(id, SeedMessage::new(Author::Note(alice), "VIP"));
    let listed = env.client.unassigned(None).await.unwrap();
    assert_eq!(listed[0].last_message.as_deref(), Some("hello"));
    assert!(listed[0].last_message_date.is_some());
    let d = env.client.get(id).await.unwrap();
    assert!(d.messages[1].is_note());
    assert_eq!(d.messages[0].is_outgoing, Some(false));
    env.sim.shutdown().await;
}
