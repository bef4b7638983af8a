//! Property tests of the notification decisions over random histories: polls (some
//! duplicated, some stale, some with conversations missing), webhooks interleaved,
//! messages, reads, replies and (un)assignments.

use deskbell_desk::{
    AccountId, Change, ConvKey, Inbox, InboxItem, ListName, ListResult, Marker, Notification,
    NotifyConfig, NotifyPolicy, Origin, Person,
};
use proptest::prelude::*;
use std::collections::{HashMap, HashSet};

const CONVS: usize = 4;
const ME: &str = "7";

#[derive(Debug, Clone)]
enum Step {
    /// The customer writes: the marker advances (`gap` seconds later, 0 = same second).
    Message {
        conv: usize,
        gap: i64,
    },
    Read {
        conv: usize,
    },
    Reply {
        conv: usize,
    },
    Unassign {
        conv: usize,
    },
    Assign {
        conv: usize,
        to_me: bool,
    },
    /// A poll of the current state; conversations in `hidden` (bit mask) are missing.
    Poll {
        hidden: u8,
    },
    /// The previous poll's answer again (duplicated, or stale if things changed since).
    RepeatPoll,
    Webhook {
        conv: usize,
    },
}

fn step() -> impl Strategy<Value = Step> {
    let conv = 0..CONVS;
    prop_oneof![
        4 => (conv.clone(), 0..3i64).prop_map(|(conv, gap)| Step::Message { conv, gap }),
        2 => conv.clone().prop_map(|conv| Step::Read { conv }),
        1 => conv.clone().prop_map(|conv| Step::Reply { conv }),
        1 => conv.clone().prop_map(|conv| Step::Unassign { conv }),
        1 => (conv.clone(), any::<bool>()).prop_map(|(conv, to_me)| Step::Assign { conv, to_me }),
        4 => (0u8..16).prop_map(|hidden| Step::Poll { hidden }),
        2 => Just(Step::RepeatPoll),
        3 => conv.prop_map(|conv| Step::Webhook { conv }),
    ]
}

/// The server's truth about one conversation.
#[derive(Debug, Clone, Default)]
struct Conv {
    marker: Marker,
    unread: u32,
    last_incoming: bool,
    assignee: Option<String>,
}

fn acct() -> AccountId {
    AccountId::new("acme")
}

fn row(i: usize, c: &Conv) -> InboxItem {
    let mut item =
        InboxItem::new(ConvKey::new("acme", i.to_string()), "Anna", "viber").with_preview("hello");
    item.marker = c.marker;
    item.last_activity = c.marker.at;
    item.unread = c.unread;
    item.last_incoming = c.last_incoming;
    item.assignee = c.assignee.as_ref().map(|id| Person {
        id: id.clone(),
        name: format!("op {id}"),
    });
    item
}

fn lists(convs: &[Conv], hidden: u8) -> Vec<ListResult> {
    let visible = |i: usize| hidden & (1 << i) == 0;
    let pick = |f: &dyn Fn(&Conv) -> bool| {
        convs
            .iter()
            .enumerate()
            .filter(|(i, c)| visible(*i) && f(c))
            .map(|(i, c)| row(i, c))
            .collect::<Vec<_>>()
    };
    vec![
        ListResult {
            list: ListName::Unassigned,
            items: pick(&|c| c.assignee.is_none() && c.marker != Marker::default()),
            complete: true,
        },
        ListResult {
            list: ListName::Unread,
            items: pick(&|c| c.unread > 0 && c.assignee.as_deref() == Some(ME)),
            complete: true,
        },
        ListResult {
            list: ListName::NotAnswered,
            items: pick(&|c| c.last_incoming && c.assignee.as_deref() == Some(ME)),
            complete: true,
        },
    ]
}

/// Runs a history; returns every batch's (changes, notifications, first_load flag).
fn run(steps: &[Step]) -> Vec<(Vec<Change>, Vec<Notification>, bool)> {
    let mut convs = vec![Conv::default(); CONVS];
    let mut inbox = Inbox::new();
    let mut policy = NotifyPolicy::new(NotifyConfig::default());
    policy.set_me(&acct(), Some(ME.into()));
    let mut last_poll: Option<Vec<ListResult>> = None;
    let mut batches = Vec::new();
    let first = std::iter::once(&Step::Poll { hidden: 0 });
    for step in first.chain(steps) {
        let (changes, origin) = match step {
            Step::Message { conv, gap } => {
                let c = &mut convs[*conv];
                c.marker = Marker::new(c.marker.at + gap, c.marker.seq + 1);
                c.unread += 1;
                c.last_incoming = true;
                continue;
            }
            Step::Read { conv } => {
                convs[*conv].unread = 0;
                continue;
            }
            Step::Reply { conv } => {
                let c = &mut convs[*conv];
                c.marker = Marker::new(c.marker.at + 1, c.marker.seq + 1);
                c.unread = 0;
                c.last_incoming = false;
                continue;
            }
            Step::Unassign { conv } => {
                convs[*conv].assignee = None;
                continue;
            }
            Step::Assign { conv, to_me } => {
                convs[*conv].assignee = Some(if *to_me { ME } else { "9" }.into());
                continue;
            }
            Step::Poll { hidden } => {
                let polled = lists(&convs, *hidden);
                last_poll = Some(polled.clone());
                (inbox.apply_lists(&acct(), polled), Origin::Poll)
            }
            Step::RepeatPoll => match &last_poll {
                Some(p) => (inbox.apply_lists(&acct(), p.clone()), Origin::Poll),
                None => continue,
            },
            Step::Webhook { conv } => {
                // The adapter infers the memberships it can from the webhook's data.
                let mut item = row(*conv, &convs[*conv]);
                for l in lists(&convs, 0) {
                    if l.items.iter().any(|i| i.key == item.key) {
                        item.lists.insert(l.list);
                    }
                }
                (inbox.apply_item(item).into_iter().collect(), Origin::Push)
            }
        };
        let first_load = !policy.is_loaded(&acct()) && origin == Origin::Poll;
        let notes = policy.decide(&acct(), &changes, origin);
        batches.push((changes, notes, first_load));
    }
    batches
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn never_the_same_news_twice(steps in prop::collection::vec(step(), 0..60)) {
        let mut told = HashSet::new();
        for (_, notes, _) in run(&steps) {
            for n in notes {
                prop_assert!(told.insert((n.key.clone(), n.kind, n.marker)), "repeated: {n:?}");
            }
        }
    }

    #[test]
    fn every_new_unread_message_is_told_exactly_once(steps in prop::collection::vec(step(), 0..60)) {
        let mut max_seen: HashMap<ConvKey, Marker> = HashMap::new();
        for (changes, notes, first_load) in run(&steps) {
            if first_load {
                prop_assert!(notes.is_empty(), "startup is not news: {notes:?}");
            }
            for change in &changes {
                let Change::Upsert(item) = change else { continue };
                let advanced = max_seen.get(&item.key).is_none_or(|m| item.marker > *m);
                if advanced {
                    max_seen.insert(item.key.clone(), item.marker);
                }
                if advanced && item.unread > 0 && item.last_incoming && !first_load {
                    let told = notes.iter().filter(|n| n.key == item.key && n.marker == item.marker).count();
                    prop_assert_eq!(told, 1, "advance of {:?} told {} times", item, told);
                }
            }
            for n in &notes {
                prop_assert!(changes.iter().any(|c| matches!(c, Change::Upsert(i) if i.key == n.key)));
            }
        }
    }
}
