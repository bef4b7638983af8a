//! Every secret the process has held, so that log lines and crash reports can be
//! scrubbed of them: a token never prints by itself ([`crate::Token`] has no
//! `Display`), but a server may echo one back in an error text, or a panic
//! message may quote a request.

use std::borrow::Cow;
use std::sync::RwLock;

/// Shorter values are not scrubbed: they would match ordinary words, and no
/// server issues tokens that short.
pub const MIN_SCRUBBED_LEN: usize = 8;

/// What a scrubbed secret reads as.
pub const MASK: &str = "***";

static KNOWN: RwLock<Vec<String>> = RwLock::new(Vec::new());

/// Adds `secret` to the values [`scrub`] hides.
pub fn remember_secret(secret: &str) {
    let secret = secret.trim();
    if secret.len() < MIN_SCRUBBED_LEN {
        return;
    }
    let mut known = KNOWN.write().unwrap_or_else(|e| e.into_inner());
    if !known.iter().any(|k| k == secret) {
        known.push(secret.to_owned());
        // Longest first: a secret that contains another is masked whole.
        known.sort_by_key(|k| std::cmp::Reverse(k.len()));
    }
}

/// `text` with every remembered secret replaced by [`MASK`].
pub fn scrub(text: &str) -> Cow<'_, str> {
    let known = KNOWN.read().unwrap_or_else(|e| e.into_inner());
    let mut out = Cow::Borrowed(text);
    for secret in known.iter() {
        if out.contains(secret.as_str()) {
            out = Cow::Owned(out.replace(secret.as_str(), MASK));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_secrets_are_masked_wherever_they_appear() {
        remember_secret("scrub-test-token-0123456789");
        remember_secret("scrub-test-token-0123456789-longer");
        let line = "401 from https://x.io/api?t=scrub-test-token-0123456789-longer: \
                    bad token scrub-test-token-0123456789";
        assert_eq!(
            scrub(line),
            "401 from https://x.io/api?t=***: bad token ***"
        );
        assert!(matches!(scrub("nothing secret"), Cow::Borrowed(_)));
    }

    #[test]
    fn short_values_are_not_secrets() {
        remember_secret("  abc  ");
        assert_eq!(scrub("abc"), "abc");
    }
}
