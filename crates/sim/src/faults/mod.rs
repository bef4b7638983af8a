//! Fault injection: which requests go wrong, and how.

mod echo;
mod respond;
mod spec;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

use crate::store::endpoint_matches;

pub use echo::EchoShape;
pub(crate) use respond::{fault_layer, FaultState};
pub use spec::{parse_fault_spec, FAULT_SPEC_HELP};

/// A set of fault rules, applied to the Conversation API and Widget API
/// endpoints (never to `/_sim/`). For each request the first rule that
/// fires wins.
///
/// Whether a faulted request changes the state:
/// - [`FaultKind::Status`], [`FaultKind::RateLimit`] and [`FaultKind::Echo`]
///   answer *before* the request is handled: the action is **not applied**,
///   a retry is safe. [`FaultKind::Stall`] never answers and never handles it.
/// - [`FaultKind::Delay`], [`FaultKind::Reset`], [`FaultKind::Truncate`] and
///   [`FaultKind::Html`] handle the request first: the action **is applied**
///   (a message is stored and its webhook fired), then the answer is late,
///   lost, cut or garbled. The client cannot know the outcome — the hard case
///   a sender must survive without sending twice.
///
/// JSON form (for `POST /_sim/faults`):
/// `{"seed": 7, "rules": [{"kind": "delay", "ms": 3000, "endpoints": ["send-message"], "probability": 0.5}]}`;
/// kinds: `{"kind":"delay","ms":N}`, `{"kind":"status","code":N}`,
/// `{"kind":"rate_limit","retry_after_secs":N}`, `{"kind":"reset"}`,
/// `{"kind":"truncate"}`, `{"kind":"html"}`, `{"kind":"stall"}`,
/// `{"kind":"echo","shape":"unauthorized"|"html"|"undecodable"}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FaultPlan {
    /// Seeds the RNG behind `probability`, so runs are reproducible.
    pub seed: Option<u64>,
    pub rules: Vec<FaultRule>,
}

impl FaultPlan {
    /// No faults.
    pub fn none() -> Self {
        Self::default()
    }

    pub fn new(rules: Vec<FaultRule>) -> Self {
        Self { seed: None, rules }
    }

    pub fn with_seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }
}

/// One rule: which endpoints, how often, and what goes wrong.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaultRule {
    /// Endpoint names like `send-message`, `unread`, `send-text-message`
    /// (a bare name matches it in both APIs; `conversations/send-file-message`
    /// or `widget/send-file-message` pick one). Empty means every endpoint.
    #[serde(default)]
    pub endpoints: Vec<String>,
    /// Chance that a matching request is faulted (0..=1); ignored when
    /// `every_nth` is set.
    #[serde(default = "always")]
    pub probability: f64,
    /// Fault exactly every n-th matching request (n, 2n, …).
    #[serde(default)]
    pub every_nth: Option<u64>,
    /// Stop after this many faults (e.g. "fail twice, then work").
    #[serde(default)]
    pub times: Option<u64>,
    #[serde(flatten)]
    pub kind: FaultKind,
}

fn always() -> f64 {
    1.0
}

impl FaultRule {
    /// A rule faulting every request of every endpoint with `kind`.
    pub fn new(kind: FaultKind) -> Self {
        Self {
            endpoints: Vec::new(),
            probability: 1.0,
            every_nth: None,
            times: None,
            kind,
        }
    }

    pub fn on(mut self, endpoints: &[&str]) -> Self {
        self.endpoints = endpoints.iter().map(|e| (*e).to_owned()).collect();
        self
    }

    pub fn probability(mut self, p: f64) -> Self {
        self.probability = p;
        self
    }

    pub fn every_nth(mut self, n: u64) -> Self {
        self.every_nth = Some(n);
        self
    }

    pub fn times(mut self, n: u64) -> Self {
        self.times = Some(n);
        self
    }

    fn matches(&self, endpoint_key: &str) -> bool {
        if self.endpoints.is_empty() {
            return endpoint_matches("all", endpoint_key);
        }
        self.endpoints
            .iter()
            .any(|e| endpoint_matches(e, endpoint_key))
    }
}

/// What goes wrong with a faulted request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultKind {
    /// Handle the request, then answer normally after `ms` milliseconds.
    Delay { ms: u64 },
    /// Answer with this HTTP status without handling the request: 500 with
    /// an envelope `{"error":"Internal server error","status":500}`, other
    /// codes (502, 503, …) with an nginx-like HTML page.
    Status { code: u16 },
    /// HTTP 429 with `Retry-After` and the envelope error "Too many requests".
    RateLimit { retry_after_secs: u64 },
    /// Handle the request, then reset the TCP connection: no response bytes.
    Reset,
    /// Handle the request, then send the headers with the full
    /// Content-Length but only half the body, and close.
    Truncate,
    /// Handle the request, then answer 200 with an HTML error page.
    Html,
    /// Take the request and never handle nor answer it (a server that hangs):
    /// the client's timeout decides.
    Stall,
    /// Answer without handling, echoing the request's token back (see [`EchoShape`]).
    Echo { shape: EchoShape },
}

impl FaultKind {
    /// Whether the request is handled (state changed) before the fault.
    pub fn applies_action(self) -> bool {
        !matches!(
            self,
            FaultKind::Status { .. }
                | FaultKind::RateLimit { .. }
                | FaultKind::Stall
                | FaultKind::Echo { .. }
        )
    }
}

/// A plan with its RNG and counters.
pub(crate) struct FaultInjector {
    plan: FaultPlan,
    rng: StdRng,
    matched: Vec<u64>,
    fired: Vec<u64>,
}

impl FaultInjector {
    pub fn new(plan: FaultPlan) -> Self {
        let rng = match plan.seed {
            Some(seed) => StdRng::seed_from_u64(seed),
            None => StdRng::from_os_rng(),
        };
        let n = plan.rules.len();
        Self {
            plan,
            rng,
            matched: vec![0; n],
            fired: vec![0; n],
        }
    }

    pub fn plan(&self) -> &FaultPlan {
        &self.plan
    }

    /// The fault for this request, if any. Every matching rule counts the
    /// request (so `every_nth` stays exact), the first that fires wins.
    pub fn decide(&mut self, endpoint_key: &str) -> Option<FaultKind> {
        let mut chosen = None;
        for (i, rule) in self.plan.rules.iter().enumerate() {
            if !rule.matches(endpoint_key) {
                continue;
            }
            self.matched[i] += 1;
            if rule.times.is_some_and(|t| self.fired[i] >= t) {
                continue;
            }
            let fires = match rule.every_nth {
                Some(n) => n > 0 && self.matched[i].is_multiple_of(n),
                None => rule.probability >= 1.0 || self.rng.random::<f64>() < rule.probability,
            };
            if fires && chosen.is_none() {
                self.fired[i] += 1;
                chosen = Some(rule.kind);
            }
        }
        chosen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_form_round_trips() {
        let json = r#"{"seed":7,"rules":[{"kind":"delay","ms":30,"endpoints":["send-message"],"probability":0.5},{"kind":"reset"}]}"#;
        let plan: FaultPlan = serde_json::from_str(json).unwrap();
        assert_eq!(plan.seed, Some(7));
        assert_eq!(plan.rules[0].kind, FaultKind::Delay { ms: 30 });
        assert_eq!(plan.rules[1].kind, FaultKind::Reset);
        let echo: FaultRule = serde_json::from_str(r#"{"kind":"echo","shape":"html"}"#).unwrap();
        assert_eq!(
            echo.kind,
            FaultKind::Echo {
                shape: EchoShape::Html
            }
        );
        assert_eq!(plan.rules[1].probability, 1.0);
        let again: FaultPlan =
            serde_json::from_value(serde_json::to_value(&plan).unwrap()).unwrap();
        assert_eq!(again, plan);
    }

    #[test]
    fn every_nth_and_times() {
        let rule = FaultRule::new(FaultKind::Reset)
            .on(&["send-message"])
            .every_nth(2)
            .times(2);
        let mut inj = FaultInjector::new(FaultPlan::new(vec![rule]));
        let hits: Vec<bool> = (0..8)
            .map(|_| inj.decide("conversations/send-message").is_some())
            .collect();
        assert_eq!(hits, [false, true, false, true, false, false, false, false]);
        assert_eq!(inj.decide("conversations/unread"), None);
    }

    #[test]
    fn seeded_probability_is_reproducible() {
        let plan =
            FaultPlan::new(vec![FaultRule::new(FaultKind::Html).probability(0.5)]).with_seed(3);
        let run = |plan: &FaultPlan| {
            let mut inj = FaultInjector::new(plan.clone());
            (0..64)
                .map(|_| inj.decide("widget/assign-agent").is_some())
                .collect::<Vec<_>>()
        };
        let first = run(&plan);
        assert_eq!(first, run(&plan));
        assert!(first.iter().any(|h| *h) && first.iter().any(|h| !*h));
    }
}
