//! Which notification on screen opens which conversation when clicked.

use deskbell_runtime::Alert;
use std::collections::VecDeque;

pub type OnOpen = Box<dyn FnOnce(Alert) + Send>;

/// Notifications still on screen (or in the server's list) and what a click on
/// each does. Bounded: past [`Clicks::MAX`] the oldest stops opening anything.
#[derive(Default)]
pub struct Clicks {
    shown: VecDeque<(u32, Alert, OnOpen)>,
}

impl Clicks {
    pub const MAX: usize = 256;

    pub fn insert(&mut self, id: u32, alert: Alert, on_open: OnOpen) {
        self.closed(id);
        if self.shown.len() == Self::MAX {
            self.shown.pop_front();
        }
        self.shown.push_back((id, alert, on_open));
    }

    /// A click on `id`'s `action`: the default action opens, once.
    pub fn take_action(&mut self, id: u32, action: &str) -> Option<(Alert, OnOpen)> {
        if action != "default" {
            return None;
        }
        let at = self.shown.iter().position(|(i, ..)| *i == id)?;
        self.shown
            .remove(at)
            .map(|(_, alert, on_open)| (alert, on_open))
    }

    pub fn closed(&mut self, id: u32) {
        self.shown.retain(|(i, ..)| *i != id);
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.shown.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    fn alert(id: &str) -> Alert {
        Alert {
            title: "Grace".into(),
            body: "hi".into(),
            key: deskbell_desk::ConvKey::new("a", id),
            sound: false,
        }
    }

    fn opener(tx: &mpsc::Sender<String>) -> OnOpen {
        let tx = tx.clone();
        Box::new(move |a: Alert| tx.send(a.key.conversation.clone()).unwrap())
    }

    #[test]
    fn a_click_opens_its_own_conversation_once() {
        let (tx, rx) = mpsc::channel();
        let mut clicks = Clicks::default();
        clicks.insert(7, alert("70"), opener(&tx));
        clicks.insert(8, alert("80"), opener(&tx));
        let (a, open) = clicks.take_action(8, "default").unwrap();
        open(a);
        assert_eq!(rx.try_recv().unwrap(), "80");
        assert!(clicks.take_action(8, "default").is_none());
        assert_eq!(clicks.len(), 1);
    }

    #[test]
    fn other_actions_and_closed_notifications_open_nothing() {
        let (tx, _rx) = mpsc::channel();
        let mut clicks = Clicks::default();
        clicks.insert(1, alert("10"), opener(&tx));
        assert!(clicks.take_action(1, "dismiss").is_none());
        clicks.closed(1);
        assert!(clicks.take_action(1, "default").is_none());
        assert_eq!(clicks.len(), 0);
    }

    #[test]
    fn many_on_screen_stay_clickable_up_to_the_bound() {
        let (tx, rx) = mpsc::channel();
        let mut clicks = Clicks::default();
        for id in 0..(Clicks::MAX as u32 + 10) {
            clicks.insert(id, alert(&id.to_string()), opener(&tx));
        }
        assert_eq!(clicks.len(), Clicks::MAX);
        assert!(
            clicks.take_action(9, "default").is_none(),
            "the oldest went"
        );
        let (a, open) = clicks.take_action(10, "default").unwrap();
        open(a);
        assert_eq!(rx.try_recv().unwrap(), "10");
    }
}
