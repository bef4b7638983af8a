//! Seeding and the customer side: creating conversations and messages the
//! way the messengers would (used by tests, demo data, live mode and the
//! `/_sim/` control endpoints).

use super::model::{
    BlingerUser, CommentPost, Conversation, ConversationStatus, Message, Role, State,
};
use super::{now, now_micros, Store};
use crate::render::events;

/// A conversation to create with [`Store::add_conversation`]. Start from
/// `NewConversation::default()` and set what matters.
#[derive(Debug, Clone)]
pub struct NewConversation {
    /// The Blinger application (channel): `telegrambot`, `whatsapp`, `viber`,
    /// `vk`, `livechat`, `email`, `facebook`, ….
    pub channel: String,
    /// The end user's name; None gives Blinger's "LiveChat client #N" style.
    pub customer_name: Option<String>,
    /// The name an operator gave the customer (`custom_name` in the API).
    pub custom_name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Messenger nickname (`service_user_nickname`).
    pub nickname: Option<String>,
    /// Livechat only: the page the customer is on.
    pub page_url: Option<String>,
    pub page_title: Option<String>,
    pub tags: Vec<String>,
    pub status: ConversationStatus,
    pub operator_id: Option<i64>,
    pub group_id: Option<i64>,
    /// Initial `unread_count`.
    pub unread: i64,
    /// Makes it a comment conversation (VK/Facebook post comments).
    pub comment_post: Option<CommentPost>,
    /// Defaults to now.
    pub created_at: Option<i64>,
    /// Defaults to `created_at`; messages added later move it forward.
    pub updated_at: Option<i64>,
}

impl Default for NewConversation {
    fn default() -> Self {
        Self {
            channel: "telegrambot".into(),
            customer_name: Some("Test Customer".into()),
            custom_name: None,
            phone: None,
            email: None,
            nickname: None,
            page_url: None,
            page_title: None,
            tags: Vec::new(),
            status: ConversationStatus::Unassigned,
            operator_id: None,
            group_id: None,
            unread: 0,
            comment_post: None,
            created_at: None,
            updated_at: None,
        }
    }
}

/// Who wrote a seeded message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Author {
    /// The end user (an incoming message).
    Customer,
    /// An operator's reply (an outgoing message).
    Operator(i64),
    /// An operator's private note.
    Note(i64),
}

/// A message for [`Store::add_message`]; no webhook is fired for it.
#[derive(Debug, Clone)]
pub struct SeedMessage {
    pub author: Author,
    /// The text, or the URL for `image`/`file` messages.
    pub text: String,
    /// `text`, `image` or `file`.
    pub kind: String,
    /// Defaults to now.
    pub at: Option<i64>,
}

impl SeedMessage {
    pub fn new(author: Author, text: impl Into<String>) -> Self {
        Self {
            author,
            text: text.into(),
            kind: "text".into(),
            at: None,
        }
    }

    pub fn kind(mut self, kind: &str) -> Self {
        self.kind = kind.into();
        self
    }

    pub fn at(mut self, unix_secs: i64) -> Self {
        self.at = Some(unix_secs);
        self
    }
}

/// The display title of the business account on a channel (`to_user_name`).
pub(crate) fn channel_account_title(application: &str) -> String {
    match application {
        "telegrambot" => "@deskbell_demo_bot".into(),
        "whatsapp" => "+1 415 555 0100".into(),
        "email" | "livechat" => "support@deskbell.example".into(),
        other => format!("Deskbell {other}"),
    }
}

/// Deterministic token-like string (conversation tokens, secret keys).
pub(crate) fn pseudo_token(seed: u64, len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut x = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    (0..len)
        .map(|_| {
            // SplitMix64: good enough spread, no RNG state to carry around.
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            ALPHABET[((z ^ (z >> 31)) % 64) as usize] as char
        })
        .collect()
}

pub(crate) fn new_user(st: &mut State, role: Role, application: &str, at: i64) -> BlingerUser {
    st.ids.user_record += 1;
    st.ids.blinger_user += 1;
    let blinger_user_id = st.ids.blinger_user;
    BlingerUser {
        id: st.ids.user_record,
        blinger_user_id,
        service_blinger_id: 1,
        role,
        name: None,
        custom_name: None,
        phone: None,
        email: None,
        nickname: None,
        application: application.into(),
        service_user_id: None,
        avatar: None,
        page_url: None,
        page_title: None,
        tags: Vec::new(),
        extra_field_secret_key: pseudo_token(blinger_user_id as u64, 32),
        date_created: at,
        date_updated: at,
    }
}

/// The business account of a channel, created on first use.
fn channel_account(st: &mut State, application: &str, at: i64) -> i64 {
    let existing = st
        .users
        .values()
        .find(|u| u.role == Role::Customer && u.application == application);
    if let Some(user) = existing {
        return user.blinger_user_id;
    }
    let user = new_user(st, Role::Customer, application, at);
    let id = user.blinger_user_id;
    st.users.insert(id, user);
    id
}

pub(crate) fn insert_conversation(st: &mut State, new: NewConversation) -> i64 {
    let created = new.created_at.unwrap_or_else(now);
    let mut user = new_user(st, Role::Default, &new.channel, created);
    user.name = new.customer_name;
    user.custom_name = new.custom_name;
    user.phone = new.phone;
    user.email = new.email;
    user.nickname = new.nickname;
    user.page_url = new.page_url;
    user.page_title = new.page_title;
    user.tags = new.tags;
    user.service_user_id = Some((250_000_000 + user.blinger_user_id).to_string());
    let customer_id = user.blinger_user_id;
    st.users.insert(customer_id, user);
    let account_id = channel_account(st, &new.channel, created);

    st.ids.conversation += 1;
    let id = st.ids.conversation;
    let unassigned = new.status == ConversationStatus::Unassigned;
    let conversation = Conversation {
        id,
        user_id: 1,
        operator_id: if unassigned { None } else { new.operator_id },
        group_id: new.group_id,
        from_blinger_user_id: customer_id,
        to_blinger_user_id: account_id,
        application: new.channel,
        status: new.status,
        unread_count: new.unread,
        token: pseudo_token(id as u64 ^ 0xC0FFEE, 64),
        is_new_conversation: unassigned && new.operator_id.is_none(),
        waiting_operator_response: false,
        comment_post: new.comment_post,
        close_group: None,
        unassigned_date: unassigned.then_some(created),
        last_message_date: None,
        date_created: created,
        date_updated: new.updated_at.unwrap_or(created),
        messages: Vec::new(),
    };
    st.conversations.insert(id, conversation);
    id
}

/// Appends a message and applies its effect on the conversation's summary
/// fields; returns the new message's id.
pub(crate) fn push_message(
    conv: &mut Conversation,
    st_ids: &mut super::model::IdCounters,
    seed: SeedMessage,
) -> i64 {
    let at = seed.at.unwrap_or_else(now);
    st_ids.message += 1;
    let (is_outgoing, is_note, operator_id) = match seed.author {
        Author::Customer => (false, false, None),
        Author::Operator(op) => (true, false, Some(op)),
        Author::Note(op) => (true, true, Some(op)),
    };
    let blinger_message_id = if is_note {
        None
    } else {
        st_ids.blinger_message += 1;
        Some(st_ids.blinger_message)
    };
    let micros = if seed.at.is_some() {
        at * 1_000_000
    } else {
        now_micros()
    };
    let message = Message {
        id: st_ids.message,
        blinger_message_id,
        kind: seed.kind,
        text: seed.text,
        is_outgoing,
        is_note,
        operator_id,
        reply_comment_id: None,
        date_created: at,
        date_real: micros / 100,
    };
    if !is_note {
        conv.last_message_date = Some(at);
        conv.waiting_operator_response = !is_outgoing;
    }
    conv.date_updated = conv.date_updated.max(at);
    let id = message.id;
    conv.messages.push(message);
    id
}

impl Store {
    /// Creates a conversation (and its end user) without firing webhooks;
    /// returns the conversation id.
    pub fn add_conversation(&self, new: NewConversation) -> i64 {
        self.mutate(false, |st, _| insert_conversation(st, new))
    }

    /// Adds a message without firing webhooks or touching `unread_count`;
    /// returns its id, or None if the conversation is unknown.
    pub fn add_message(&self, conversation_id: i64, message: SeedMessage) -> Option<i64> {
        self.mutate(false, |st, _| {
            let conv = st.conversations.get_mut(&conversation_id)?;
            Some(push_message(conv, &mut st.ids, message))
        })
    }

    /// The customer writes into a conversation, as if from the messenger:
    /// `unread_count` + 1, waiting for an answer, a closed conversation comes
    /// back as unassigned, and `on_message_incoming` (or
    /// `on_comment_incoming`) is fired. Returns the message id, or None if
    /// the conversation is unknown.
    pub fn customer_writes(&self, conversation_id: i64, text: &str) -> Option<i64> {
        self.customer_sends(conversation_id, text, "text")
    }

    /// Like [`Store::customer_writes`], with the message type (`image`, `file`…;
    /// the text is then the file's URL).
    pub fn customer_sends(&self, conversation_id: i64, text: &str, kind: &str) -> Option<i64> {
        self.mutate(true, |st, out| {
            let conv = st.conversations.get_mut(&conversation_id)?;
            let reopened = conv.status == ConversationStatus::Closed;
            if reopened {
                conv.status = ConversationStatus::Unassigned;
                conv.operator_id = None;
                conv.unassigned_date = Some(now());
            }
            let reply_to = conv
                .messages
                .iter()
                .rev()
                .find(|m| !m.is_note)
                .map(|m| m.id);
            let message = SeedMessage::new(Author::Customer, text).kind(kind);
            let id = push_message(conv, &mut st.ids, message);
            if conv.is_comments() {
                if let Some(last) = conv.messages.last_mut() {
                    last.reply_comment_id = reply_to;
                }
            }
            conv.unread_count += 1;
            let conv = &st.conversations[&conversation_id];
            if reopened {
                out.push(events::conversation_unassigned(st, conv));
            }
            out.push(events::message(st, conv, conv.messages.last()?));
            Some(id)
        })
    }

    /// A new customer writes for the first time: creates the end user
    /// (`on_user_new`), an unassigned conversation and the first message
    /// (`on_message_incoming`). Returns `(conversation_id, message_id)`.
    pub fn new_customer_conversation(&self, channel: &str, name: &str, text: &str) -> (i64, i64) {
        let new = NewConversation {
            channel: channel.into(),
            customer_name: (!name.is_empty()).then(|| name.to_owned()),
            ..NewConversation::default()
        };
        self.new_customer_conversation_from(new, text)
    }

    /// Like [`Store::new_customer_conversation`], with every detail of the
    /// conversation and its customer given.
    pub fn new_customer_conversation_from(&self, new: NewConversation, text: &str) -> (i64, i64) {
        let conv_id = self.mutate(true, |st, out| {
            let id = insert_conversation(st, new);
            let user_id = st.conversations[&id].from_blinger_user_id;
            out.push(events::user_new(&st.users[&user_id]));
            id
        });
        let message_id = self.customer_writes(conv_id, text).unwrap_or_default();
        (conv_id, message_id)
    }
}
