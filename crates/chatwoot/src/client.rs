//! The client: where requests go, how they authenticate, how answers are read.
//! The endpoints themselves live in `conversations.rs`, `messages.rs` and `account.rs`.

use crate::error_body::error_from_response;
use crate::models::AccountId;
use deskbell_transport::{Error, HttpConfig, RawResponse, Token};
use reqwest::header::HeaderValue;
use reqwest::{Method, RequestBuilder, Url};
use serde::de::DeserializeOwned;
use std::fmt;

/// The header Chatwoot reads the user's access token from.
///
/// Its underscores matter: nginx drops such headers unless `underscores_in_headers on`,
/// which shows up as 401s on self-hosted servers behind a stock nginx.
pub const TOKEN_HEADER: &str = "api_access_token";

/// A client for one account on one Chatwoot server, acting as the token's user.
///
/// Cheap to clone (the connection pool is shared). `Debug` shows the server and
/// account, never the token.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: Url,
    account_id: AccountId,
    token: HeaderValue,
    max_body_bytes: usize,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base.as_str())
            .field("account_id", &self.account_id)
            .field("token", &"***")
            .finish()
    }
}

impl Client {
    /// `base_url` is the server's root (`https://app.chatwoot.com`, or with a path
    /// prefix if the server is mounted under one); `/api/v1/…` is appended to it.
    pub fn new(
        base_url: &str,
        account_id: impl Into<AccountId>,
        token: Token,
        config: HttpConfig,
    ) -> Result<Self, Error> {
        let mut base = Url::parse(base_url.trim()).map_err(|e| {
            Error::InvalidInput(format!("invalid server address {base_url:?}: {e}"))
        })?;
        if !matches!(base.scheme(), "http" | "https")
            || base.cannot_be_a_base()
            || base.host().is_none()
        {
            return Err(Error::InvalidInput(format!(
                "the server address must be an http(s) URL, got {base_url:?}"
            )));
        }
        base.set_query(None);
        base.set_fragment(None);
        if token.expose().trim().is_empty() {
            return Err(Error::InvalidInput("the access token is empty".into()));
        }
        let mut token = HeaderValue::from_str(token.expose().trim()).map_err(|_| {
            Error::InvalidInput("the access token contains characters a header cannot carry".into())
        })?;
        // Keeps the value out of reqwest's and hyper's debug logs.
        token.set_sensitive(true);
        Ok(Client {
            http: config.build_client()?,
            base,
            account_id: account_id.into(),
            token,
            max_body_bytes: config.max_body_bytes,
        })
    }

    pub fn account_id(&self) -> AccountId {
        self.account_id
    }

    pub fn base_url(&self) -> &Url {
        &self.base
    }

    /// `{base}/api/v1/{segments…}`; segments are percent-encoded as path segments.
    pub(crate) fn api_url(&self, segments: &[&str]) -> Url {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .expect("checked in new(): the base URL can be a base")
            .pop_if_empty()
            .extend(["api", "v1"])
            .extend(segments);
        url
    }

    /// `{base}/api/v1/accounts/{account_id}/{segments…}`.
    pub(crate) fn account_url(&self, segments: &[&str]) -> Url {
        let account = self.account_id.to_string();
        let mut all = vec!["accounts", account.as_str()];
        all.extend_from_slice(segments);
        self.api_url(&all)
    }

    /// A request carrying the token, asking for JSON.
    pub(crate) fn request(&self, method: Method, url: Url) -> RequestBuilder {
        self.http
            .request(method, url)
            .header(TOKEN_HEADER, self.token.clone())
            .header(reqwest::header::ACCEPT, "application/json")
    }

    /// Sends and returns the answer if it is a success; any other status becomes
    /// the matching [`Error`] with the server's text.
    pub(crate) async fn execute(&self, request: RequestBuilder) -> Result<RawResponse, Error> {
        let raw = RawResponse::fetch(request, self.max_body_bytes).await?;
        if (200..300).contains(&raw.status) {
            Ok(raw)
        } else {
            Err(error_from_response(&raw))
        }
    }

    /// Sends and decodes a JSON success answer as `T`.
    pub(crate) async fn execute_json<T: DeserializeOwned>(
        &self,
        request: RequestBuilder,
    ) -> Result<T, Error> {
        let raw = self.execute(request).await?;
        if !raw.looks_like_json() {
            return Err(raw.not_json_error());
        }
        raw.decode_json()
    }

    /// Sends and accepts any success whose body is JSON, `null` or empty (some
    /// actions answer `null`, and the spec's shape for them is not what servers send).
    pub(crate) async fn execute_ignoring_body(&self, request: RequestBuilder) -> Result<(), Error> {
        let raw = self.execute(request).await?;
        let body = String::from_utf8_lossy(&raw.body);
        if raw.looks_like_json() || matches!(body.trim(), "" | "null") {
            Ok(())
        } else {
            Err(raw.not_json_error())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(base: &str) -> Result<Client, Error> {
        Client::new(base, 3, Token::new("s3cr3t-t0ken"), HttpConfig::default())
    }

    #[test]
    fn debug_never_shows_the_token() {
        let c = client("https://chat.example.com").unwrap();
        let shown = format!("{c:?} {c:#?}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert!(shown.contains("chat.example.com"));
    }

    #[test]
    fn urls_keep_a_path_prefix_and_encode_segments() {
        let c = client("https://chat.example.com/support/?x=1#top").unwrap();
        assert_eq!(
            c.account_url(&["conversations", "12", "messages"]).as_str(),
            "https://chat.example.com/support/api/v1/accounts/3/conversations/12/messages"
        );
        assert_eq!(
            c.api_url(&["profile"]).as_str(),
            "https://chat.example.com/support/api/v1/profile"
        );
        let plain = client("http://127.0.0.1:4010").unwrap();
        assert_eq!(
            plain.account_url(&["a/b"]).as_str(),
            "http://127.0.0.1:4010/api/v1/accounts/3/a%2Fb"
        );
    }

    #[test]
    fn bad_input_is_refused_before_anything_is_sent() {
        for base in [
            "",
            "chat.example.com",
            "ftp://chat.example.com",
            "mailto:x@y.z",
        ] {
            let err = client(base).unwrap_err();
            assert_eq!(
                err.kind(),
                deskbell_transport::ErrorKind::InvalidInput,
                "{base}"
            );
        }
        let empty = Client::new(
            "https://x.example",
            1,
            Token::new("  "),
            HttpConfig::default(),
        );
        assert!(empty.is_err());
        let broken = Client::new(
            "https://x.example",
            1,
            Token::new("a\nb"),
            HttpConfig::default(),
        );
        let err = broken.unwrap_err().to_string();
        assert!(
            !err.contains("a\nb"),
            "the token must not leak into the message: {err}"
        );
    }
}
