//! A form body with PHP's bracket keys, as `http_build_query` writes a nested
//! array (`conversation[from_user][title]=Yuri&message[tags][]=a`), read back
//! into the JSON the same array would encode to. Every value is a string; the
//! event types read numbers and flags from strings too. PHP drops `null`s from
//! such forms, which the event types read as absent fields: the same thing.

use serde_json::{Map, Value};

/// Deeper keys are refused: no webhook nests that far, and it bounds recursion.
const MAX_DEPTH: usize = 16;

#[derive(Debug, PartialEq)]
enum Seg {
    Name(String),
    /// `[]`: the next index.
    Append,
}

pub(crate) fn to_value(body: &[u8]) -> Result<Value, String> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_bytes(body).map_err(|e| format!("the form is unreadable: {e}"))?;
    let mut root = Map::new();
    for (key, value) in pairs {
        let path = key_path(&key)?;
        insert(&mut root, &path, Value::String(value));
    }
    if root.is_empty() {
        return Err("the form is empty".into());
    }
    Ok(lists(Value::Object(root)))
}

/// `a[b][]` → `a`, `b`, append.
fn key_path(key: &str) -> Result<Vec<Seg>, String> {
    let bad = || format!("the form key {key:?} is not a PHP array key");
    let (base, mut rest) = key.split_at(key.find('[').unwrap_or(key.len()));
    if base.is_empty() {
        return Err(bad());
    }
    let mut path = vec![Seg::Name(base.to_owned())];
    while !rest.is_empty() {
        let inner = rest.strip_prefix('[').ok_or_else(bad)?;
        let end = inner.find(']').ok_or_else(bad)?;
        path.push(match &inner[..end] {
            "" => Seg::Append,
            name => Seg::Name(name.to_owned()),
        });
        rest = &inner[end + 1..];
    }
    if path.len() > MAX_DEPTH {
        return Err(format!("the form key {key:?} nests too deep"));
    }
    Ok(path)
}

/// Sets `value` at `path`; like PHP, a later key wins over an earlier one.
fn insert(root: &mut Map<String, Value>, path: &[Seg], value: Value) {
    let mut map = root;
    let (last, parents) = path.split_last().expect("a key has a base name");
    for seg in parents {
        let name = name_in(map, seg);
        let slot = map.entry(name).or_insert_with(|| Value::Object(Map::new()));
        if !slot.is_object() {
            *slot = Value::Object(Map::new());
        }
        map = slot.as_object_mut().expect("made an object just above");
    }
    let name = name_in(map, last);
    map.insert(name, value);
}

fn name_in(map: &Map<String, Value>, seg: &Seg) -> String {
    match seg {
        Seg::Name(name) => name.clone(),
        Seg::Append => map.len().to_string(),
    }
}

/// PHP encodes an array whose keys are 0, 1, … n-1 as a JSON list. (Only in
/// that order, strictly; taking any order keeps this independent of how the
/// map happens to order its keys, and no sender writes them out of order.)
fn lists(value: Value) -> Value {
    let Value::Object(map) = value else {
        return value;
    };
    let mut entries: Vec<(Option<usize>, String, Value)> = map
        .into_iter()
        .map(|(key, value)| {
            // Strictly `0`, `1`, …: PHP keeps `01` or `+1` as text keys.
            let index = key.parse::<usize>().ok().filter(|i| i.to_string() == key);
            (index, key, lists(value))
        })
        .collect();
    entries.sort_by_key(|(index, _, _)| *index);
    let is_list = !entries.is_empty()
        && entries
            .iter()
            .enumerate()
            .all(|(n, (index, _, _))| *index == Some(n));
    if is_list {
        Value::Array(entries.into_iter().map(|(_, _, v)| v).collect())
    } else {
        Value::Object(entries.into_iter().map(|(_, k, v)| (k, v)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::collection::vec;
    use proptest::prelude::*;
    use serde_json::json;

    fn form(pairs: &[(&str, &str)]) -> Vec<u8> {
        serde_urlencoded::to_string(pairs).unwrap().into_bytes()
    }

    #[test]
    fn php_bracket_keys_become_nested_json() {
        let body = form(&[
            ("webhook", "on_conversation_closed"),
            ("conversation[id]", "181"),
            ("conversation[from_user][title]", "Yuri Dzabaev"),
            ("conversation[messages][0][id]", "634"),
            ("conversation[messages][0][is_outgoing]", "1"),
            ("conversation[messages][1][id]", "635"),
            ("conversation[tags][]", "a"),
            ("conversation[tags][]", "b"),
            ("conversation[close_group][title]", "Duplicate"),
        ]);
        assert_eq!(
            to_value(&body).unwrap(),
            json!({
                "webhook": "on_conversation_closed",
                "conversation": {
                    "id": "181",
                    "from_user": {"title": "Yuri Dzabaev"},
                    "messages": [{"id": "634", "is_outgoing": "1"}, {"id": "635"}],
                    "tags": ["a", "b"],
                    "close_group": {"title": "Duplicate"},
                }
            })
        );
    }

    #[test]
    fn later_keys_win_and_bad_keys_are_refused() {
        let v = to_value(&form(&[
            ("a", "1"),
            ("a[b]", "2"),
            ("c[x]", "3"),
            ("c", "4"),
        ]))
        .unwrap();
        assert_eq!(v, json!({"a": {"b": "2"}, "c": "4"}));
        for key in ["[a]", "a[b", "a[b]c", "a[b]]"] {
            assert!(to_value(&form(&[(key, "1")])).is_err(), "{key}");
        }
        let deep = format!("a{}", "[b]".repeat(MAX_DEPTH));
        assert!(to_value(&form(&[(&deep, "1")])).is_err());
        assert!(to_value(b"").is_err());
    }

    fn depth(v: &Value) -> usize {
        match v {
            Value::Object(m) => 1 + m.values().map(depth).max().unwrap_or(0),
            Value::Array(a) => 1 + a.iter().map(depth).max().unwrap_or(0),
            _ => 0,
        }
    }

    /// PHP-shaped keys, up to 24 levels deep, and bracket soup.
    fn key() -> impl Strategy<Value = String> {
        let segment = prop_oneof![Just("[]".to_owned()), "\\[[ab01]{1,2}\\]"];
        let shaped = ("[ab]{1,2}", vec(segment, 0..24)).prop_map(|(b, s)| b + &s.concat());
        prop_oneof![shaped, "[ab01\\[\\]]{0,12}"]
    }

    proptest! {
        /// Whatever a stranger posts: a nesting no deeper than the cap, or an
        /// error; never a panic, also once read as an event.
        #[test]
        fn any_form_is_read_or_refused(
            pairs in vec((key(), ".{0,6}"), 0..12),
            bytes in vec(any::<u8>(), 0..64),
        ) {
            let body = serde_urlencoded::to_string(&pairs).unwrap();
            if let Ok(v) = to_value(body.as_bytes()) {
                prop_assert!(depth(&v) <= MAX_DEPTH, "{v}");
                let _ = blinger::WebhookEvent::from_value(v);
            }
            let _ = to_value(&bytes);
        }
    }

    #[test]
    fn only_keys_zero_to_n_make_a_list() {
        let v = to_value(&form(&[
            ("m[1]", "x"),
            ("m[0]", "y"),
            ("g[0]", "a"),
            ("g[2]", "b"),
        ]));
        let v = v.unwrap();
        assert_eq!(v["m"], json!(["y", "x"]));
        assert_eq!(v["g"], json!({"0": "a", "2": "b"}));
        let mixed = to_value(&form(&[("m[0]", "x"), ("m[name]", "y")])).unwrap();
        assert_eq!(mixed["m"], json!({"0": "x", "name": "y"}));
    }
}
