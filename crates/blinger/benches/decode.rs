//! Decoding cost of the two biggest answers the app reads on every poll: an
//! `unread` list at its cap of 1000 conversations, and a `get` with 1000 messages.
//! The generated JSON mixes in the messy forms of the real server (ids as strings,
//! booleans as 0/1, tags as JSON text, `[]` for empty objects, unknown fields).

use blinger::de::Object;
use blinger::envelope::decode_body;
use blinger::{Conversation, ConversationDetail};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

const CHANNELS: [&str; 6] = [
    "telegrambot",
    "whatsapp",
    "livechat",
    "viber",
    "vk",
    "instagram",
];

fn conversation(i: usize) -> String {
    let id = if i.is_multiple_of(3) {
        format!("\"{}\"", 10_000 + i)
    } else {
        (10_000 + i).to_string()
    };
    let new = if i.is_multiple_of(2) { "false" } else { "0" };
    let custom = if i.is_multiple_of(4) {
        format!("\"Customer {i}\"")
    } else {
        "null".into()
    };
    let tags = match i % 4 {
        0 => "null".to_owned(),
        1 => r#""[]""#.to_owned(),
        2 => r#"["vip","returning"]"#.to_owned(),
        _ => r#"[{"id":"1","title":"vip","message_id":"634"}]"#.to_owned(),
    };
    format!(
        r#"{{"id":{id},"group_id":{g},"operator_user_id":"18","status":"inbox","application":"{ch}",
"from_blinger_user_id":{u},"from_user_name":"Client #{u} with a longer name","is_new_conversation":{new},
"unread_count":{unread},"last_message_date":{date},"date_updated":{date},"custom_name":{custom},
"operator_email":"operator@example.com","last_message":"Hello, I have a question about order {i}, can you help?",
"type":"message","toBlingerUser":{{"id":4,"tags":{tags},"extra_fields":[],"role":"customer"}},
"close_group":[],"some_future_field":{{"nested":[1,2,3]}}}}"#,
        g = 21 + i % 3,
        ch = CHANNELS[i % CHANNELS.len()],
        u = 2_000 + i,
        unread = 1 + i % 5,
        date = 1_700_000_000 - i as i64 * 60,
    )
}

fn unread_answer(n: usize) -> String {
    let items: Vec<String> = (0..n).map(conversation).collect();
    format!(r#"{{"status":200,"data":[{}]}}"#, items.join(","))
}

fn message(i: usize) -> String {
    let id = if i.is_multiple_of(3) {
        format!("\"{}\"", 7_000 + i)
    } else {
        (7_000 + i).to_string()
    };
    let text = format!(
        "Message number {i}: thanks, I will check the \\\"details\\\" and come back to you ✓"
    );
    match i % 4 {
        0 => format!(
            r#"{{"id":{id},"message":"{text}","type":"text","date_created":{}}}"#,
            1_635_856_462 + i
        ),
        1 => format!(
            r#"{{"id":{id},"message":"{text}","type":"text","date_created":"{}","operator_id":"457","is_outgoing":1}}"#,
            1_635_856_462 + i
        ),
        2 => format!(
            r#"{{"id":{id},"message":"https://static-api.blinger.io/files/{i}.png","type":"image","date_created":{},"is_outgoing":false}}"#,
            1_635_856_462 + i
        ),
        _ => format!(
            r#"{{"id":{id},"message":"{text}","type":"text","date_created":{},"operator_id":457,"is_inner_message":"1","tags":"[\"note\"]"}}"#,
            1_635_856_462 + i
        ),
    }
}

fn get_answer(n: usize) -> String {
    let messages: Vec<String> = (0..n).map(message).collect();
    let user = r#"{"id":"10","blinger_user_id":12654,"is_active":1,"tags":null,"name":"Alex","role":"default",
"application":"telegrambot","service_user_id":253560468,"phone":"+37529576375","service_user_nickname":"alex",
"extra_fields":null,"custom_name":null}"#;
    format!(
        r#"{{"status":200,"data":{{"conversation_id":"5867","operator_id":457,"from_blinger_user_id":12654,
"to_blinger_user_id":64456,"from_user":{user},"to_user":[],"application":"telegrambot","status":"inbox",
"date_created":1635856462,"date_updated":1643971557,"messages":[{}]}}}}"#,
        messages.join(",")
    )
}

fn bench(c: &mut Criterion) {
    let unread = unread_answer(1000);
    let list: Vec<Object<Conversation>> = decode_body(200, unread.as_bytes()).unwrap();
    assert_eq!(list.len(), 1000);
    let get = get_answer(1000);
    let detail: Object<ConversationDetail> = decode_body(200, get.as_bytes()).unwrap();
    assert_eq!(detail.0.messages.len(), 1000);

    let mut group = c.benchmark_group("decode");
    group.throughput(Throughput::Bytes(unread.len() as u64));
    group.bench_function("unread_1000_conversations", |b| {
        b.iter(|| {
            decode_body::<Vec<Object<Conversation>>>(200, black_box(unread.as_bytes())).unwrap()
        })
    });
    group.throughput(Throughput::Bytes(get.len() as u64));
    group.bench_function("get_1000_messages", |b| {
        b.iter(|| {
            decode_body::<Object<ConversationDetail>>(200, black_box(get.as_bytes())).unwrap()
        })
    });
    group.finish();
    println!(
        "sizes: unread answer {} KiB, get answer {} KiB",
        unread.len() / 1024,
        get.len() / 1024
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
