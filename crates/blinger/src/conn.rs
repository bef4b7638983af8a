//! What both clients share: a base URL, an HTTP client, the header carrying the
//! token, and the send-then-unwrap-the-envelope step.

use crate::envelope;
use deskbell_transport::{Error, HttpConfig, RawResponse, Token};
use reqwest::header::{HeaderName, HeaderValue, ACCEPT};
use reqwest::{Method, RequestBuilder, Url};
use serde::de::DeserializeOwned;
use std::fmt;

#[derive(Clone)]
pub(crate) struct Conn {
    http: reqwest::Client,
    base: Url,
    auth_name: HeaderName,
    token: Token,
    max_body: usize,
}

impl Conn {
    pub(crate) fn new(
        base_url: &str,
        auth_name: &'static str,
        token: Token,
        config: &HttpConfig,
    ) -> Result<Self, Error> {
        let base = Url::parse(base_url.trim())
            .map_err(|e| Error::InvalidInput(format!("invalid base URL {base_url:?}: {e}")))?;
        if !matches!(base.scheme(), "http" | "https") || base.cannot_be_a_base() {
            return Err(Error::InvalidInput(format!(
                "invalid base URL {base_url:?}: expected http:// or https://"
            )));
        }
        if token.expose().trim().is_empty() {
            return Err(Error::InvalidInput("the API token is empty".into()));
        }
        // Checked once here so that no request can fail on it later.
        auth_value(&token)?;
        Ok(Conn {
            http: config.build_client()?,
            base,
            auth_name: HeaderName::from_static(auth_name),
            token,
            max_body: config.max_body_bytes,
        })
    }

    pub(crate) fn base_url(&self) -> &str {
        self.base.as_str().trim_end_matches('/')
    }

    /// The base URL with `segments` appended, each percent-encoded as one path segment
    /// (so an id can never add a segment or a query of its own).
    pub(crate) fn url(&self, segments: &[&str]) -> Url {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .expect("checked in Conn::new: the base URL can be a base")
            .pop_if_empty()
            .extend(segments);
        url
    }

    pub(crate) fn request(&self, method: Method, url: Url) -> Result<RequestBuilder, Error> {
        Ok(self
            .http
            .request(method, url)
            .header(self.auth_name.clone(), auth_value(&self.token)?)
            .header(ACCEPT, "application/json"))
    }

    pub(crate) async fn send<T: DeserializeOwned>(
        &self,
        request: RequestBuilder,
    ) -> Result<T, Error> {
        let raw = RawResponse::fetch(request, self.max_body).await?;
        envelope::decode(&raw)
    }
}

fn auth_value(token: &Token) -> Result<HeaderValue, Error> {
    let mut value = HeaderValue::from_str(token.expose().trim()).map_err(|_| {
        Error::InvalidInput("the API token contains characters not allowed in a header".into())
    })?;
    // Keeps it out of reqwest's and hyper's debug output.
    value.set_sensitive(true);
    Ok(value)
}

impl fmt::Debug for Conn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Conn")
            .field("base_url", &self.base_url())
            .field("token", &self.token)
            .finish()
    }
}
