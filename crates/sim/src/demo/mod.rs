//! `--demo`: a believable support inbox — six operators, three groups,
//! forty-odd conversations across all channels in every state, one thread of
//! 200+ messages, notes, pictures and files, post comments, and a couple of
//! widget conversations. Deterministic (fixed seed), dated relative to now.

mod cast;
mod lines;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

pub(crate) use cast::{live_page, CHANNELS, LIVE_NAMES};
use cast::{CUSTOMERS, GROUPS, OPERATORS};
pub(crate) use lines::CHATTER;
use lines::{Who, OPERATOR_CHATTER, POSTS};

use crate::store::{
    now, Author, CommentPost, ConversationStatus, NewConversation, SeedMessage, Store,
};

const MINUTE: i64 = 60;

/// Seeds the demo data into `store` (operator ids 1..=6, the admin first).
pub fn seed(store: &Store) {
    let mut rng = StdRng::seed_from_u64(42);
    let admin = store.admin_operator_id();
    let first = &OPERATORS[0];
    store.upsert_operator(admin, first.name, first.email);
    let mut operators = vec![admin];
    operators.extend(
        OPERATORS[1..]
            .iter()
            .map(|o| store.add_operator(o.name, o.email)),
    );
    let groups: Vec<i64> = GROUPS.iter().map(|g| store.add_group(g)).collect();
    let now = now();

    for (i, customer) in CUSTOMERS.iter().enumerate() {
        let status = match i % 10 {
            1 | 6 => ConversationStatus::Unassigned,
            4 | 9 => ConversationStatus::Closed,
            _ => ConversationStatus::Inbox,
        };
        let operator = operators[(i / 2) % operators.len()];
        let last_at = now - i as i64 * 47 * MINUTE - rng.random_range(0..10 * MINUTE);
        let mut lines: Vec<(Who, String)> = if i == 2 {
            long_thread(&mut rng)
        } else {
            let scripts = lines::scripts(customer.lang);
            scripts[i % scripts.len()]
                .iter()
                .map(|(w, t)| (*w, (*t).to_owned()))
                .collect()
        };
        if status == ConversationStatus::Unassigned {
            // Nobody has answered yet: only the customer's opening lines.
            let first_reply = lines.iter().position(|(w, _)| !is_customer(*w));
            lines.truncate(first_reply.unwrap_or(lines.len()));
        }
        let trailing = lines
            .iter()
            .rev()
            .take_while(|(w, _)| is_customer(*w))
            .count() as i64;
        let unread = match status {
            ConversationStatus::Unassigned => trailing,
            ConversationStatus::Inbox if i % 3 != 0 => trailing,
            _ => 0,
        };
        let new = NewConversation {
            channel: customer.channel.into(),
            customer_name: customer.name.map(str::to_owned),
            custom_name: (i == 12).then(|| "Liam (reseller, Dublin)".to_owned()),
            phone: customer.phone.map(str::to_owned),
            email: customer.email.map(str::to_owned),
            nickname: customer.nickname.map(str::to_owned),
            page_url: customer.page.map(|p| p.0.to_owned()),
            page_title: customer.page.map(|p| p.1.to_owned()),
            tags: customer.tags.iter().map(|t| (*t).to_owned()).collect(),
            status,
            operator_id: Some(operator),
            group_id: (i % 7 != 5).then(|| groups[i % groups.len()]),
            unread,
            ..NewConversation::default()
        };
        add_thread(store, &mut rng, new, operator, &lines, last_at);
    }

    for (k, post) in POSTS.iter().enumerate() {
        let status = if k == 0 {
            ConversationStatus::Inbox
        } else {
            ConversationStatus::Unassigned
        };
        let lines: Vec<(Who, String)> = post
            .comments
            .iter()
            .map(|(w, t)| (*w, (*t).to_owned()))
            .collect();
        let new = NewConversation {
            channel: post.channel.into(),
            customer_name: Some(post.author.into()),
            status,
            operator_id: Some(operators[1]),
            group_id: Some(groups[0]),
            unread: 1,
            comment_post: Some(CommentPost {
                post_id: post.post_id.into(),
                url: post.url.into(),
                title: post.title.into(),
                img: Some(lines::IMAGE_URL.into()),
            }),
            ..NewConversation::default()
        };
        add_thread(
            store,
            &mut rng,
            new,
            operators[1],
            &lines,
            now - (20 + 90 * k as i64) * MINUTE,
        );
    }

    seed_widget(store);
}

fn is_customer(w: Who) -> bool {
    matches!(w, Who::Customer | Who::CustomerImage)
}

/// Creates the conversation and its messages, spaced a few minutes apart
/// and ending at `last_at`.
fn add_thread(
    store: &Store,
    rng: &mut StdRng,
    mut new: NewConversation,
    operator: i64,
    lines: &[(Who, String)],
    last_at: i64,
) {
    let gaps: Vec<i64> = lines
        .iter()
        .map(|_| rng.random_range(MINUTE..9 * MINUTE))
        .collect();
    let mut at = last_at - gaps.iter().sum::<i64>();
    new.created_at = Some(at);
    let id = store.add_conversation(new);
    for ((who, text), gap) in lines.iter().zip(gaps) {
        at += gap;
        let message = match who {
            Who::Customer => SeedMessage::new(Author::Customer, text.as_str()),
            Who::Operator => SeedMessage::new(Author::Operator(operator), text.as_str()),
            Who::Note => SeedMessage::new(Author::Note(operator), text.as_str()),
            Who::CustomerImage => SeedMessage::new(Author::Customer, text.as_str()).kind("image"),
            Who::OperatorFile => {
                SeedMessage::new(Author::Operator(operator), text.as_str()).kind("file")
            }
        };
        store.add_message(id, message.at(at));
    }
}

/// A thread of 220 messages with a regular customer, ending with the
/// customer waiting for an answer.
fn long_thread(rng: &mut StdRng) -> Vec<(Who, String)> {
    let mut lines = Vec::with_capacity(220);
    while lines.len() < 219 {
        for _ in 0..rng.random_range(1..4) {
            lines.push((
                Who::Customer,
                CHATTER[rng.random_range(0..CHATTER.len())].to_owned(),
            ));
        }
        if lines.len() % 37 < 3 {
            lines.push((Who::Note, "Regular customer — be extra nice.".to_owned()));
        }
        if lines.len() % 53 < 2 {
            lines.push((Who::CustomerImage, lines::IMAGE_URL.to_owned()));
        }
        let reply = OPERATOR_CHATTER[rng.random_range(0..OPERATOR_CHATTER.len())];
        lines.push((Who::Operator, reply.to_owned()));
    }
    lines.push((
        Who::Customer,
        "One last thing: can you confirm my address is still correct?".into(),
    ));
    lines
}

fn seed_widget(store: &Store) {
    let avatar = "https://static.widget.blinger.io/c2/b1/62/be16b35869e9491a6761c013cbae7548f23b17abb225eaa82efd214264779825.jpeg";
    let vadim = store.add_widget_agent_with_avatar("Vadim Belorusov", Some(avatar));
    store.add_widget_agent("Olga Petrova");
    let first = store.add_widget_conversation("Website visitor #1842");
    store.widget_end_user_writes(&first, "Hi, is anyone online?");
    let _ = store.api_widget_assign_agent(&first, Some(&vadim));
    let second = store.add_widget_conversation("Hannah");
    store.widget_end_user_writes(&second, "Can I book a demo for next week?");
}
