//! Blinger sorts `unassigned` by date updated, newest first, yet its documented
//! items carry no date or count that moves when the customer writes again. The
//! order does: a conversation that now comes before one it used to follow has been
//! updated since. Each such climb bumps the row's marker, so the row is read again
//! (and a new message told) at the next chance rather than at the slow refresh.
//! The top row writing again climbs past nothing: the refresh still covers it.

use std::collections::HashMap;

#[derive(Debug, Default)]
pub struct Climbs {
    /// The ids in the order of the last read.
    last: Vec<i64>,
    /// Climbs seen per conversation, while it stays in the list.
    bumps: HashMap<i64, u64>,
}

impl Climbs {
    /// Takes a fresh read of the list (newest first); returns each id's climb count.
    pub fn observe(&mut self, ids: &[i64]) -> HashMap<i64, u64> {
        let before: HashMap<i64, usize> = self
            .last
            .iter()
            .enumerate()
            .map(|(i, id)| (*id, i))
            .collect();
        // The smallest former position among the ids below each one.
        let mut below = usize::MAX;
        let mut climbed = Vec::new();
        for id in ids.iter().rev() {
            if let Some(&was) = before.get(id) {
                if below < was {
                    climbed.push(*id);
                }
                below = below.min(was);
            }
        }
        for id in climbed {
            *self.bumps.entry(id).or_default() += 1;
        }
        self.bumps.retain(|id, _| ids.contains(id));
        self.last = ids.to_vec();
        ids.iter()
            .map(|id| (*id, self.bumps.get(id).copied().unwrap_or(0)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_conversation_that_climbs_is_bumped_the_others_are_not() {
        let mut c = Climbs::default();
        let first = c.observe(&[3, 2, 1]);
        assert!(
            first.values().all(|b| *b == 0),
            "a first read is the baseline"
        );
        // 1 was written to: it jumps to the top.
        let next = c.observe(&[1, 3, 2]);
        assert_eq!((next[&1], next[&3], next[&2]), (1, 0, 0));
        // Nothing moved: nothing bumped again.
        assert_eq!(c.observe(&[1, 3, 2])[&1], 1);
        // A newcomer on top and one leaving are no climbs.
        let next = c.observe(&[4, 1, 2]);
        assert_eq!((next[&4], next[&1], next[&2]), (0, 1, 0));
        // 2 climbs past both.
        assert_eq!(c.observe(&[2, 4, 1])[&2], 1);
    }
}
