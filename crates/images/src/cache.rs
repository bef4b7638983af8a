//! The last images served, by URL, within a byte budget: scrolling a thread back
//! and forth or reopening it does not fetch again. Least recently used goes first.

use std::collections::VecDeque;

pub struct Cache<V> {
    budget: usize,
    used: usize,
    /// Oldest first; a hit moves to the back. A thread shows a few dozen images,
    /// so a linear scan costs less than keeping an index in step.
    entries: VecDeque<(String, V, usize)>,
}

impl<V: Clone> Cache<V> {
    pub fn new(budget: usize) -> Self {
        Cache {
            budget,
            used: 0,
            entries: VecDeque::new(),
        }
    }

    pub fn get(&mut self, key: &str) -> Option<V> {
        let at = self.entries.iter().position(|(k, _, _)| k == key)?;
        let entry = self.entries.remove(at)?;
        let value = entry.1.clone();
        self.entries.push_back(entry);
        Some(value)
    }

    /// Keeps `value` (of `size` bytes) unless it alone exceeds the budget.
    pub fn put(&mut self, key: String, value: V, size: usize) {
        if size > self.budget {
            return;
        }
        if let Some(at) = self.entries.iter().position(|(k, _, _)| *k == key) {
            if let Some((_, _, old)) = self.entries.remove(at) {
                self.used -= old;
            }
        }
        while self.used + size > self.budget {
            match self.entries.pop_front() {
                Some((_, _, old)) => self.used -= old,
                None => break,
            }
        }
        self.used += size;
        self.entries.push_back((key, value, size));
    }

    pub fn bytes(&self) -> usize {
        self.used
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::Cache;

    #[test]
    fn the_least_recently_used_goes_when_the_budget_is_full() {
        let mut c = Cache::new(10);
        c.put("a".into(), 1, 4);
        c.put("b".into(), 2, 4);
        assert_eq!(c.get("a"), Some(1)); // a is now the most recent
        c.put("c".into(), 3, 4); // evicts b
        assert_eq!(c.get("b"), None);
        assert_eq!(c.get("a"), Some(1));
        assert_eq!(c.get("c"), Some(3));
        assert_eq!(c.bytes(), 8);
    }

    #[test]
    fn too_big_is_not_kept_and_a_replacement_is_counted_once() {
        let mut c = Cache::new(10);
        c.put("huge".into(), 0, 11);
        assert!(c.is_empty());
        c.put("a".into(), 1, 6);
        c.put("a".into(), 2, 6);
        assert_eq!((c.len(), c.bytes(), c.get("a")), (1, 6, Some(2)));
    }
}
