use secrecy::{ExposeSecret, SecretString};
use std::fmt;

/// An API token. It prints as `Token(***)` in `Debug` and has no `Display`,
/// so it cannot end up in a log line or an error message by accident; its value
/// is also remembered for [`crate::scrub`], for when a server echoes it back.
#[derive(Clone)]
pub struct Token(SecretString);

impl Token {
    pub fn new(value: impl Into<String>) -> Self {
        let value = value.into();
        crate::scrub::remember_secret(&value);
        Token(SecretString::from(value))
    }

    /// The raw value, for the one place that needs it: the request header.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(***)")
    }
}

impl From<&str> for Token {
    fn from(value: &str) -> Self {
        Token::new(value)
    }
}

impl From<String> for Token {
    fn from(value: String) -> Self {
        Token::new(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let token = Token::new("s3cr3t-value");
        assert_eq!(format!("{token:?}"), "Token(***)");
        assert_eq!(token.expose(), "s3cr3t-value");
    }
}
