//! Retry rules as data (after async-stripe's request strategy): what a failed send
//! means for the entry, decided from the transport error alone.
//!
//! | error                                         | server applied it? | next step                          |
//! |-----------------------------------------------|--------------------|------------------------------------|
//! | `Connect`, `RateLimited`                      | no                 | resend after backoff / Retry-After |
//! | `Timeout`, `Connection`, `IncompleteBody`,    | unknown            | reconcile after backoff, then      |
//! | `Server` (5xx), `NotJson`                     |                    | resend only if not found (Widget:  |
//! |                                               |                    | resend, the uuid makes it safe)    |
//! | `Api`, `Unauthorized`, `InvalidInput`         | no                 | failed: the operator decides       |
//! | `Decode`, `TooLarge`                          | unknown            | failed, kept unconfirmed: a retry  |
//! |                                               |                    | reconciles first                   |
//!
//! A transient failure is never final: outages last minutes, and a reply that needs a
//! person to press Retry after a Wi-Fi drop is a lost reply. The delay grows to `cap`
//! and stays there; the desk also resumes waiting replies the moment the server
//! answers again. The page shows a waiting reply as such, with the reason.

use deskbell_transport::{Delivery, Error};
use std::time::Duration;

#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Delay after the first failure; doubled after each further one.
    pub base: Duration,
    /// Longest delay, including a server's `Retry-After`.
    pub cap: Duration,
    /// Fraction (0..=1) of the delay randomly taken off, so that many desks coming
    /// back at once do not hit the server in step.
    pub jitter: f64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            base: Duration::from_secs(2),
            cap: Duration::from_secs(300),
            jitter: 0.2,
        }
    }
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// It was not applied: send again after the delay.
    Resend { after: Duration },
    /// It may have been applied: ask the server after the delay, send only if absent.
    Reconcile { after: Duration },
    /// The operator must decide (the server refused it, or its answer could not be
    /// read). `unconfirmed`: it may have been applied.
    Fail { unconfirmed: bool },
}

impl RetryPolicy {
    /// Decides after the `attempts`-th failed attempt (1 for the first).
    pub fn decide(&self, error: &Error, attempts: u32, idempotent: bool) -> Decision {
        let unknown = error.delivery() == Delivery::Unknown;
        if !error.is_transient() {
            return Decision::Fail {
                unconfirmed: unknown,
            };
        }
        let mut after = self.backoff(attempts);
        if let Some(asked) = error.retry_after() {
            after = after.max(asked.min(self.cap));
        }
        if unknown && !idempotent {
            Decision::Reconcile { after }
        } else {
            Decision::Resend { after }
        }
    }

    /// `base · 2^(attempts-1)`, capped, minus up to `jitter` of it.
    pub fn backoff(&self, attempts: u32) -> Duration {
        let exp = attempts.saturating_sub(1).min(30);
        let raw = self.base.saturating_mul(1u32 << exp).min(self.cap);
        let jitter = self.jitter.clamp(0.0, 1.0);
        if jitter == 0.0 {
            return raw;
        }
        raw.mul_f64(1.0 - jitter * rand::random::<f64>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            jitter: 0.0,
            ..RetryPolicy::default()
        }
    }

    #[test]
    fn not_applied_transient_errors_resend() {
        let p = policy();
        let d = p.decide(&Error::Connect("refused".into()), 1, false);
        assert_eq!(
            d,
            Decision::Resend {
                after: Duration::from_secs(2)
            }
        );
        let d = p.decide(&Error::Connect("refused".into()), 3, false);
        assert_eq!(
            d,
            Decision::Resend {
                after: Duration::from_secs(8)
            }
        );
    }

    #[test]
    fn rate_limit_honours_retry_after_within_the_cap() {
        let p = policy();
        let limited = |secs| Error::RateLimited {
            retry_after: Some(Duration::from_secs(secs)),
            message: None,
        };
        assert_eq!(
            p.decide(&limited(30), 1, false),
            Decision::Resend {
                after: Duration::from_secs(30)
            }
        );
        assert_eq!(
            p.decide(&limited(86_400), 1, false),
            Decision::Resend { after: p.cap }
        );
    }

    #[test]
    fn unknown_outcomes_reconcile_unless_idempotent() {
        let p = policy();
        let unknown = [
            Error::Timeout,
            Error::Connection("reset".into()),
            Error::IncompleteBody("eof".into()),
            Error::Server {
                status: 502,
                message: None,
            },
            Error::NotJson {
                status: 200,
                content_type: "text/html".into(),
                snippet: "<html>".into(),
            },
        ];
        for e in &unknown {
            assert!(
                matches!(p.decide(e, 1, false), Decision::Reconcile { .. }),
                "{e}"
            );
            assert!(
                matches!(p.decide(e, 1, true), Decision::Resend { .. }),
                "{e}"
            );
        }
    }

    #[test]
    fn refusals_fail_with_the_right_confirmation_state() {
        let p = policy();
        let api = Error::Api {
            status: 400,
            message: "text is empty".into(),
        };
        assert_eq!(
            p.decide(&api, 1, false),
            Decision::Fail { unconfirmed: false }
        );
        let auth = Error::Unauthorized {
            status: 401,
            message: "bad token".into(),
        };
        assert_eq!(
            p.decide(&auth, 1, false),
            Decision::Fail { unconfirmed: false }
        );
        let decode = Error::Decode {
            message: "eh".into(),
            snippet: "{}".into(),
        };
        assert_eq!(
            p.decide(&decode, 1, false),
            Decision::Fail { unconfirmed: true }
        );
    }

    #[test]
    fn transient_failures_never_become_final() {
        let p = policy();
        for attempts in [10, 50, u32::MAX] {
            assert_eq!(
                p.decide(&Error::Timeout, attempts, false),
                Decision::Reconcile { after: p.cap }
            );
            assert_eq!(
                p.decide(&Error::Connect("refused".into()), attempts, false),
                Decision::Resend { after: p.cap }
            );
        }
    }

    #[test]
    fn backoff_is_capped_and_jittered_downwards() {
        let p = RetryPolicy::default();
        for attempts in 1..40 {
            let d = p.backoff(attempts);
            assert!(d <= p.cap);
            let full = p
                .base
                .saturating_mul(1 << (attempts - 1).min(30))
                .min(p.cap);
            assert!(d >= full.mul_f64(0.8) - Duration::from_millis(1));
        }
    }
}
