//! Recognising a replay: the same event, through the same route, again.
//!
//! An event is known by a hash of its decoded body (so a replay is caught
//! whatever its whitespace, and whether it came as JSON or as a form), salted by
//! the route's secret (not its place in the table, which changes as routes come
//! and go). The hash is keyed at random per receiver, so nobody can craft a body
//! that passes for another one. Only the last `window` hashes are kept: memory
//! stays bounded, and a replay older than that reaches the desk, whose own rule
//! (a message not newer than the row's is not counted again) still holds.

use serde_json::Value;
use std::collections::hash_map::RandomState;
use std::collections::{HashSet, VecDeque};
use std::hash::{BuildHasher, Hash, Hasher};

/// Turns a decoded body into its key.
pub(crate) struct Keys(RandomState);

impl Keys {
    pub fn new() -> Self {
        Keys(RandomState::new())
    }

    pub fn of(&self, route: &str, body: &Value) -> u64 {
        let mut hasher = self.0.build_hasher();
        route.hash(&mut hasher);
        // Serialising into the hasher: no copy of the body is made.
        let _ = serde_json::to_writer(HashWriter(&mut hasher), body);
        hasher.finish()
    }
}

struct HashWriter<'a, H>(&'a mut H);

impl<H: Hasher> std::io::Write for HashWriter<'_, H> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The keys of the last `window` events handed on, oldest forgotten first.
pub(crate) struct Seen {
    window: usize,
    set: HashSet<u64>,
    order: VecDeque<u64>,
}

impl Seen {
    pub fn new(window: usize) -> Self {
        Seen {
            window,
            set: HashSet::new(),
            order: VecDeque::new(),
        }
    }

    pub fn contains(&self, key: u64) -> bool {
        self.set.contains(&key)
    }

    pub fn insert(&mut self, key: u64) {
        if self.window == 0 || !self.set.insert(key) {
            return;
        }
        self.order.push_back(key);
        if self.order.len() > self.window {
            if let Some(oldest) = self.order.pop_front() {
                self.set.remove(&oldest);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_same_body_has_the_same_key_per_route_only() {
        let keys = Keys::new();
        let a: Value = serde_json::from_str(r#"{ "webhook" : "x",  "id": 1 }"#).unwrap();
        let b = json!({"webhook": "x", "id": 1});
        assert_eq!(
            keys.of("r0", &a),
            keys.of("r0", &b),
            "whitespace does not matter"
        );
        assert_ne!(
            keys.of("r0", &a),
            keys.of("r1", &a),
            "another route, another event"
        );
        assert_ne!(
            keys.of("r0", &a),
            keys.of("r0", &json!({"webhook": "x", "id": 2}))
        );
    }

    #[test]
    fn only_the_last_window_of_keys_is_kept() {
        let mut seen = Seen::new(3);
        for key in 0..5 {
            seen.insert(key);
        }
        seen.insert(4);
        assert_eq!(seen.order.len(), 3);
        assert_eq!(seen.set.len(), 3);
        assert!(!seen.contains(0) && !seen.contains(1));
        assert!(seen.contains(2) && seen.contains(3) && seen.contains(4));
        let mut off = Seen::new(0);
        off.insert(7);
        assert!(!off.contains(7));
    }
}
