//! Realistic state files for the start-up tests, the byte spans of the records in
//! them, and the ways a disk, a crash or a newer version damages them.

use crate::settings::{new_account_id, Account, AccountKind, Settings};
use deskbell_desk::outbox::EntryState;
use deskbell_desk::provider::SentRef;
use deskbell_desk::{AccountId, ConvKey, InboxItem, InboxSnapshot, Outbox, OutboxEntry, Payload};
use std::ops::Range;
use std::path::Path;

pub const NOW: i64 = 1_764_652_440;
/// The name of an account saved before ids existed: its replies are filed under it.
pub const LEGACY: &str = "Legacy";
/// Replies in the outbox.
pub const REPLIES: usize = 24;

pub struct StateFile {
    pub name: &'static str,
    /// What a notice calls it.
    pub label: &'static str,
    pub in_cache: bool,
    pub bytes: Vec<u8>,
    /// Where each record worth keeping is (outbox entries, settings accounts), and
    /// the name of the array they are in.
    pub records: Vec<Range<usize>>,
    pub array_name: Range<usize>,
    /// The same file as a newer version would write it.
    pub future: Vec<u8>,
}

pub struct Corpus {
    pub files: Vec<StateFile>,
    /// The outbox's entries and the settings' accounts, in file order.
    pub entries: Vec<OutboxEntry>,
    pub accounts: Vec<Account>,
}

impl Corpus {
    pub fn file(&self, name: &str) -> &StateFile {
        self.files
            .iter()
            .find(|f| f.name == name)
            .expect("known file")
    }
}

pub fn build() -> Corpus {
    let accounts = accounts();
    let (outbox, entries) = outbox(&accounts);
    let settings = settings_bytes(&accounts);
    let items: Vec<InboxItem> = [&accounts[0].id, &accounts[1].id, "removed-account"]
        .iter()
        .enumerate()
        .map(|(i, account)| {
            InboxItem::new(
                key(account, 200 + i),
                format!("Customer {i} \"}}"),
                "whatsapp",
            )
            .with_preview("Where is my order? {\"entries\":[")
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let cache_path = dir.path().join("inbox.json");
    deskbell_desk::cache::save(&cache_path, &InboxSnapshot { items }, NOW).unwrap();
    let cache = std::fs::read(&cache_path).unwrap();
    let drafts = serde_json::to_vec_pretty(&serde_json::json!({
        format!("{}/101", accounts[0].id): "half-typed \"reply\" {",
        format!("{LEGACY}/102"): "a draft filed under a name",
    }))
    .unwrap();
    let canned = serde_json::to_vec_pretty(&serde_json::json!([
        {"shortcut": "/hi", "text": "Hello! How can I help?"},
        {"shortcut": "/bye", "text": "Anything else? <b>Bye</b>"},
    ]))
    .unwrap();
    let file = |name, label, in_cache, bytes: Vec<u8>, field: &str, future: Vec<u8>| {
        let (array_name, records) = if field.is_empty() {
            (0..0, Vec::new())
        } else {
            spans(&bytes, field)
        };
        StateFile {
            name,
            label,
            in_cache,
            bytes,
            records,
            array_name,
            future,
        }
    };
    let files = vec![
        file(
            "settings.json",
            "settings",
            false,
            settings.clone(),
            "accounts",
            insert_version(&settings),
        ),
        file(
            "outbox.json",
            "outbox",
            false,
            outbox.clone(),
            "entries",
            replace(&outbox, br#""version":2"#, br#""version":99"#),
        ),
        file(
            "inbox.json",
            "inbox cache",
            true,
            cache.clone(),
            "",
            replace(&cache, br#""version":1"#, br#""version":99"#),
        ),
        file(
            "drafts.json",
            "drafts",
            false,
            drafts.clone(),
            "",
            insert_version(&drafts),
        ),
        file(
            "canned-replies.json",
            "canned replies",
            false,
            canned.clone(),
            "",
            [&br#"{"version":99,"replies":"#[..], &canned, b"}"].concat(),
        ),
        super::people::directory_file(&accounts),
    ];
    assert_eq!(files[0].records.len(), accounts.len());
    assert_eq!(files[1].records.len(), entries.len());
    Corpus {
        files,
        entries,
        accounts,
    }
}

fn accounts() -> Vec<Account> {
    let blinger = |api_url: &str, widget_url: Option<&str>| AccountKind::Blinger {
        api_url: api_url.into(),
        operator_id: Some(7),
        group_ids: vec![2, 3],
        widget_url: widget_url.map(Into::into),
    };
    super::people::with_names(vec![
        Account {
            id: new_account_id(),
            name: "Support".into(),
            insecure: false,
            kind: blinger("https://app.blinger.io/api", None),
            names: Default::default(),
        },
        Account {
            id: new_account_id(),
            name: "99digital".into(),
            insecure: false,
            kind: AccountKind::Chatwoot {
                api_url: "https://online.99digital.co.il".into(),
                account_id: 3,
                inbox_id: Some(5),
            },
            names: Default::default(),
        },
        Account {
            id: new_account_id(),
            name: "Web \"chat\" {desk}".into(),
            insecure: true,
            kind: blinger(
                "http://desk.example/api",
                Some("http://desk.example/widget"),
            ),
            names: Default::default(),
        },
        Account {
            id: String::new(),
            name: LEGACY.into(),
            insecure: false,
            kind: blinger("https://legacy.blinger.io/api", None),
            names: Default::default(),
        },
    ])
}

/// Settings as the app writes them (pretty), the legacy account without an id.
fn settings_bytes(accounts: &[Account]) -> Vec<u8> {
    let settings = Settings {
        accounts: accounts.to_vec(),
        poll_interval_secs: 15,
        theme: "dark".into(),
        ..Settings::default()
    };
    let mut value = serde_json::to_value(&settings).unwrap();
    for a in value["accounts"].as_array_mut().unwrap() {
        if a["id"] == "" {
            a.as_object_mut().unwrap().remove("id");
        }
    }
    serde_json::to_vec_pretty(&value).unwrap()
}

fn key(account: &str, conversation: usize) -> ConvKey {
    ConvKey {
        account: AccountId::new(account),
        conversation: conversation.to_string(),
    }
}

/// An outbox in every state an entry can be saved in, with claims of sent replies,
/// and texts that look like the file's own syntax.
fn outbox(accounts: &[Account]) -> (Vec<u8>, Vec<OutboxEntry>) {
    let dir = tempfile::tempdir().unwrap();
    let mut outbox = Outbox::open(dir.path().join("outbox.json")).unwrap();
    let owners = [accounts[0].id.as_str(), accounts[1].id.as_str(), LEGACY];
    for n in 0..REPLIES + 2 {
        let account = owners[n % owners.len()];
        let text = format!("reply {n}: \"}}]}}, {{\"id\": \"x\"}} «ok» 👍\n");
        let payload = match (n % 4, account == accounts[1].id) {
            (_, true) => Payload::ChatwootMessage {
                content: text,
                private: n % 2 == 0,
            },
            (1, _) => Payload::Note { text },
            (2, _) => Payload::File {
                url: format!("https://files.example/{n}.pdf"),
            },
            _ => Payload::Text { text },
        };
        outbox
            .enqueue(key(account, 101 + n % 4), payload, NOW * 1000 + n as i64)
            .unwrap();
    }
    let ids: Vec<_> = outbox.entries().iter().map(|e| e.id).collect();
    let at = NOW * 1000;
    // Two sent (they leave claims behind), the rest waiting in every state.
    for (i, id) in ids.iter().take(2).enumerate() {
        outbox.mark_in_flight(*id, at).unwrap();
        let sent = SentRef {
            message_id: Some(format!("m{i}")),
            at: Some(NOW),
        };
        outbox.mark_sent(*id, &sent, at).unwrap();
    }
    outbox.mark_in_flight(ids[3], at).unwrap();
    outbox
        .mark_paused(ids[4], "503".into(), at + 5000, true, true)
        .unwrap();
    outbox
        .mark_failed(ids[5], "refused".into(), "too long".into(), false, true)
        .unwrap();
    let entries = outbox.entries().to_vec();
    assert_eq!(entries.len(), REPLIES);
    assert!(entries.iter().any(|e| e.state == EntryState::InFlight));
    (std::fs::read(outbox.path()).unwrap(), entries)
}

/// Where the name `field` is in a well-formed file, and each item of its array.
fn spans(bytes: &[u8], field: &str) -> (Range<usize>, Vec<Range<usize>>) {
    let mark = format!("\"{field}\"");
    let name_at = bytes
        .windows(mark.len())
        .position(|w| w == mark.as_bytes())
        .unwrap();
    let name = name_at..name_at + mark.len();
    let mut at = name.end + bytes[name.end..].iter().position(|b| *b == b'[').unwrap() + 1;
    let mut found = Vec::new();
    loop {
        at += bytes[at..]
            .iter()
            .position(|b| !(b.is_ascii_whitespace() || *b == b','))
            .unwrap();
        if bytes[at] != b'{' {
            return (name, found);
        }
        let mut values =
            serde_json::Deserializer::from_slice(&bytes[at..]).into_iter::<serde_json::Value>();
        values.next().unwrap().unwrap();
        found.push(at..at + values.byte_offset());
        at += values.byte_offset();
    }
}

fn insert_version(bytes: &[u8]) -> Vec<u8> {
    assert_eq!(bytes[0], b'{');
    [&b"{\"version\": 99,"[..], &bytes[1..]].concat()
}

fn replace(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let at = bytes.windows(from.len()).position(|w| w == from).unwrap();
    [&bytes[..at], to, &bytes[at + from.len()..]].concat()
}

/// One way a state file is found damaged.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Mutation {
    /// Cut short at this length.
    Truncate(usize),
    /// One bit of one byte flipped.
    Flip(usize, u8),
    /// Written by a newer version.
    Future,
    /// A folder where the file should be.
    Directory,
    /// A file its owner may not read (mode 000).
    NoPermission,
}

impl Mutation {
    /// Whether the record at `span` is still whole in the damaged file.
    pub fn keeps(self, span: &Range<usize>) -> bool {
        match self {
            Mutation::Truncate(len) => span.end <= len,
            Mutation::Flip(at, _) => !span.contains(&at),
            Mutation::Future | Mutation::NoPermission => true,
            Mutation::Directory => false,
        }
    }

    /// Puts the damaged file at `path`; returns what it holds (None: a folder).
    pub fn apply(self, file: &StateFile, path: &Path) -> Option<Vec<u8>> {
        let bytes = match self {
            Mutation::Truncate(len) => file.bytes[..len].to_vec(),
            Mutation::Flip(at, bit) => {
                let mut b = file.bytes.clone();
                b[at] ^= 1 << bit;
                b
            }
            Mutation::Future => file.future.clone(),
            Mutation::NoPermission => file.bytes.clone(),
            Mutation::Directory => {
                std::fs::create_dir(path).unwrap();
                std::fs::write(path.join("inside"), b"kept").unwrap();
                return None;
            }
        };
        std::fs::write(path, &bytes).unwrap();
        if self == Mutation::NoPermission {
            super::set_mode(path, 0o000).unwrap();
        }
        Some(bytes)
    }
}

/// `count` mutations of `file`: cuts at every kind of place (start, inside and
/// around each record, end) and at random ones; flips of the records' first bytes,
/// of what separates them, of their array's name, and at random; and the three
/// others.
pub fn mutations(file: &StateFile, count: usize, seed: u64) -> Vec<Mutation> {
    let len = file.bytes.len();
    let mut rng = SplitMix(seed);
    let mut cuts = vec![0, 1, len / 2, len - 1];
    for r in &file.records {
        let mid = (r.start + r.end) / 2;
        cuts.extend([
            r.start - 1,
            r.start,
            r.start + 1,
            mid,
            r.end - 1,
            r.end,
            r.end + 1,
        ]);
    }
    let truncations = count * 45 / 100;
    while cuts.len() < truncations {
        cuts.push(rng.below(len));
    }
    cuts.retain(|c| *c < len);
    cuts.sort_unstable();
    cuts.dedup();
    let mut all: Vec<Mutation> = cuts.into_iter().map(Mutation::Truncate).collect();
    all.extend([
        Mutation::Future,
        Mutation::Directory,
        Mutation::NoPermission,
    ]);
    for r in &file.records {
        all.extend([Mutation::Flip(r.start, 5), Mutation::Flip(r.end, 1)]);
    }
    all.extend(file.array_name.clone().map(|at| Mutation::Flip(at, 2)));
    while all.len() < count {
        all.push(Mutation::Flip(rng.below(len), rng.below(8) as u8));
    }
    all
}

/// A small deterministic generator: the cases are the same on every run.
struct SplitMix(u64);

impl SplitMix {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}
