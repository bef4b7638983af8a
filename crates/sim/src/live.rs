//! `--live`: customers keep writing into open conversations and new ones
//! arrive, firing the same webhooks the real service would.

use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tokio::sync::watch;
use tokio::time::{interval_at, Instant, Interval, MissedTickBehavior};

use crate::demo::{live_page, CHANNELS, CHATTER, LIVE_NAMES};
use crate::store::{ConversationStatus, NewConversation, Store};
use crate::LiveConfig;

/// A ticker for `per_minute` events, or None when the rate is zero.
fn ticker(per_minute: f64) -> Option<Interval> {
    if !(per_minute.is_finite() && per_minute > 0.0) {
        return None;
    }
    let period = Duration::from_secs_f64(60.0 / per_minute);
    let mut tick = interval_at(Instant::now() + period, period);
    tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
    Some(tick)
}

async fn next_tick(tick: &mut Option<Interval>) {
    match tick {
        Some(t) => {
            t.tick().await;
        }
        None => std::future::pending().await,
    }
}

pub(crate) async fn run(
    store: Store,
    cfg: LiveConfig,
    seed: u64,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut messages = ticker(cfg.messages_per_minute);
    let mut arrivals = ticker(cfg.new_conversations_per_minute);
    let mut arrived = 0usize;
    loop {
        tokio::select! {
            _ = next_tick(&mut messages) => customer_writes_somewhere(&store, &mut rng),
            _ = next_tick(&mut arrivals) => {
                new_customer(&store, &mut rng, arrived);
                arrived += 1;
            }
            _ = shutdown.changed() => break,
        }
    }
}

fn customer_writes_somewhere(store: &Store, rng: &mut StdRng) {
    let open: Vec<i64> = store
        .state()
        .conversations
        .values()
        .filter(|c| c.status != ConversationStatus::Closed)
        .map(|c| c.id)
        .collect();
    if open.is_empty() {
        return;
    }
    let id = open[rng.random_range(0..open.len())];
    let text = CHATTER[rng.random_range(0..CHATTER.len())];
    store.customer_writes(id, text);
}

fn new_customer(store: &Store, rng: &mut StdRng, n: usize) {
    let channel = CHANNELS[rng.random_range(0..CHANNELS.len())];
    let name = LIVE_NAMES[rng.random_range(0..LIVE_NAMES.len())];
    let text = format!("Hello! {}", CHATTER[rng.random_range(0..CHATTER.len())]);
    let page = (channel == "livechat").then(|| live_page(n));
    let new = NewConversation {
        channel: channel.into(),
        customer_name: Some(name.into()),
        page_url: page.as_ref().map(|p| p.0.clone()),
        page_title: page.map(|p| p.1),
        ..NewConversation::default()
    };
    store.new_customer_conversation_from(new, &text);
}
