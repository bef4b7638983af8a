//! The secret paths a receiver answers, each with its tag. The table can change
//! while the receiver runs (an account added, removed, or its webhooks switched
//! off): nothing is re-bound, open connections stay, and the memory of recent
//! events (replays) is kept.

use crate::{PathSecret, ReceiverError};
use std::sync::{PoisonError, RwLock};

pub(crate) struct Routes<T>(RwLock<Vec<(PathSecret, T)>>);

impl<T: Clone> Routes<T> {
    pub fn new(routes: Vec<(PathSecret, T)>) -> Result<Self, ReceiverError> {
        check(&routes)?;
        Ok(Routes(RwLock::new(routes)))
    }

    /// Replaces the whole table; refused (and nothing changed) if two routes share a secret.
    pub fn replace(&self, routes: Vec<(PathSecret, T)>) -> Result<(), ReceiverError> {
        check(&routes)?;
        *self.0.write().unwrap_or_else(PoisonError::into_inner) = routes;
        Ok(())
    }

    /// The route whose secret is `candidate`: its secret and its tag.
    pub fn find(&self, candidate: &str) -> Option<(PathSecret, T)> {
        let routes = self.0.read().unwrap_or_else(PoisonError::into_inner);
        routes.iter().find(|(s, _)| s.matches(candidate)).cloned()
    }

    /// The secret of the first route whose tag satisfies `pick`.
    pub fn secret_where(&self, pick: impl Fn(&T) -> bool) -> Option<PathSecret> {
        let routes = self.0.read().unwrap_or_else(PoisonError::into_inner);
        routes.iter().find(|(_, t)| pick(t)).map(|(s, _)| s.clone())
    }
}

fn check<T>(routes: &[(PathSecret, T)]) -> Result<(), ReceiverError> {
    let mut seen = std::collections::HashSet::new();
    if routes.iter().all(|(s, _)| seen.insert(s.expose())) {
        Ok(())
    } else {
        Err(ReceiverError::DuplicateSecret)
    }
}
