use rand::RngCore;
use std::fmt;

/// The random path segment that authenticates Blinger's calls. Kept out of `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct PathSecret(String);

impl PathSecret {
    /// 32 random bytes, hex: 256 bits, not guessable over any number of requests.
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        PathSecret(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// Restores a saved secret; `None` if it is too short to be safe.
    pub fn from_saved(value: &str) -> Option<Self> {
        (value.len() >= 32 && value.chars().all(|c| c.is_ascii_alphanumeric()))
            .then(|| PathSecret(value.into()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Compares in constant time, so response timing does not reveal a prefix.
    pub fn matches(&self, candidate: &str) -> bool {
        let (a, b) = (self.0.as_bytes(), candidate.as_bytes());
        if a.len() != b.len() {
            return false;
        }
        a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

impl fmt::Debug for PathSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PathSecret(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_secrets_are_long_distinct_and_hidden() {
        let (a, b) = (PathSecret::generate(), PathSecret::generate());
        assert_eq!(a.expose().len(), 64);
        assert_ne!(a, b);
        assert!(a.matches(a.expose()));
        assert!(!a.matches(b.expose()));
        assert!(!a.matches(&a.expose()[1..]));
        assert_eq!(format!("{a:?}"), "PathSecret(***)");
    }

    #[test]
    fn short_saved_secrets_are_refused() {
        assert!(PathSecret::from_saved("abc").is_none());
        assert!(PathSecret::from_saved(&"a".repeat(40)).is_some());
        assert!(PathSecret::from_saved(&"../".repeat(20)).is_none());
    }
}
