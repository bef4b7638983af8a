use crate::Error;
use bytes::{Bytes, BytesMut};
use std::time::Duration;

/// Settings every client shares.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Whole-request timeout (connect + send + full answer).
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub user_agent: String,
    /// Answers above this size are refused instead of filling memory.
    pub max_body_bytes: usize,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            timeout: Duration::from_secs(20),
            connect_timeout: Duration::from_secs(10),
            user_agent: concat!("Deskbell/", env!("CARGO_PKG_VERSION")).into(),
            // A `get` with 1000 long messages is a few MB; 32 MiB leaves room without risk.
            max_body_bytes: 32 * 1024 * 1024,
        }
    }
}

impl HttpConfig {
    pub fn build_client(&self) -> Result<reqwest::Client, Error> {
        reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .user_agent(&self.user_agent)
            // Tokens travel in headers: never follow a redirect to another host with them.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::InvalidInput(format!("cannot build the HTTP client: {e}")))
    }
}

/// A complete answer, before any API-specific decoding.
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: u16,
    pub content_type: Option<String>,
    pub retry_after: Option<Duration>,
    pub body: Bytes,
}

impl RawResponse {
    /// Sends the request and reads the whole answer (bounded by `max_body_bytes`),
    /// turning transport failures into the matching [`Error`] kind.
    pub async fn fetch(
        request: reqwest::RequestBuilder,
        max_body_bytes: usize,
    ) -> Result<Self, Error> {
        let mut response = request.send().await.map_err(classify_send_error)?;
        let status = response.status().as_u16();
        let header = |name: reqwest::header::HeaderName| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let content_type = header(reqwest::header::CONTENT_TYPE);
        let retry_after = header(reqwest::header::RETRY_AFTER).and_then(|v| parse_retry_after(&v));
        if response
            .content_length()
            .is_some_and(|len| len > max_body_bytes as u64)
        {
            return Err(Error::TooLarge {
                limit: max_body_bytes,
            });
        }
        let mut body = BytesMut::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() + chunk.len() > max_body_bytes {
                        return Err(Error::TooLarge {
                            limit: max_body_bytes,
                        });
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) if e.is_timeout() => return Err(Error::Timeout),
                Err(e) => return Err(Error::IncompleteBody(root_cause(&e))),
            }
        }
        Ok(RawResponse {
            status,
            content_type,
            retry_after,
            body: body.freeze(),
        })
    }

    /// Whether the body looks like JSON at all (by content, not by header:
    /// PHP backends often say `text/html` for JSON).
    pub fn looks_like_json(&self) -> bool {
        matches!(
            self.body.iter().find(|b| !b.is_ascii_whitespace()),
            Some(b'{') | Some(b'[')
        )
    }

    /// A short, printable excerpt of the body for error messages.
    pub fn snippet(&self) -> String {
        snippet(&self.body)
    }

    /// The error for an answer that is not JSON: rate limit and 5xx keep their meaning
    /// whatever the body; otherwise the server spoke something we cannot read.
    pub fn not_json_error(&self) -> Error {
        match self.status {
            429 => Error::from_status(429, None, self.retry_after),
            500..=599 => Error::Server {
                status: self.status,
                message: None,
            },
            401 | 403 => Error::from_status(self.status, None, None),
            _ => Error::NotJson {
                status: self.status,
                content_type: self
                    .content_type
                    .clone()
                    .unwrap_or_else(|| "no content type".into()),
                snippet: self.snippet(),
            },
        }
    }

    /// Decodes the body as `T`, with the body's start kept for the error report.
    pub fn decode_json<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_slice(&self.body).map_err(|e| Error::Decode {
            message: e.to_string(),
            snippet: self.snippet(),
        })
    }
}

/// The body's first 200 printable characters, with every known token masked
/// *before* the cut, so that the cut cannot leave a piece of one behind.
pub(crate) fn snippet(body: &[u8]) -> String {
    const MAX: usize = 200;
    let text = String::from_utf8_lossy(&body[..body.len().min(MAX * 4)]);
    let printable: String = text
        .chars()
        .filter(|c| !c.is_control() || *c == ' ')
        .collect();
    // The read above may itself cut a token: the scrubber masks such a piece
    // at the end of its text.
    let printable = crate::scrub(&printable);
    let mut out: String = printable.chars().take(MAX).collect();
    if printable.chars().count() > MAX || body.len() > MAX * 4 {
        out.push('…');
    }
    out
}

fn classify_send_error(e: reqwest::Error) -> Error {
    if e.is_timeout() {
        Error::Timeout
    } else if e.is_connect() {
        Error::Connect(root_cause(&e))
    } else if e.is_builder() {
        Error::InvalidInput(root_cause(&e))
    } else {
        Error::Connection(root_cause(&e))
    }
}

/// The innermost cause is the informative one ("connection reset by peer").
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

/// `Retry-After` is either delta-seconds or an HTTP date; we honour the seconds form
/// and treat a date as "soon" (1 s) rather than guessing clocks.
fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    match value.parse::<u64>() {
        Ok(secs) => Some(Duration::from_secs(secs)),
        Err(_) if !value.is_empty() => Some(Duration::from_secs(1)),
        Err(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after("7"), Some(Duration::from_secs(7)));
        assert_eq!(parse_retry_after(" 0 "), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::from_secs(1))
        );
        assert_eq!(parse_retry_after(""), None);
    }

    #[test]
    fn snippet_is_short_and_printable() {
        let long = "a\u{7}".repeat(500);
        let s = snippet(long.as_bytes());
        assert!(s.chars().count() <= 201);
        assert!(!s.contains('\u{7}'));
    }

    #[test]
    fn json_sniffing_ignores_the_header() {
        let raw = |body: &'static str| RawResponse {
            status: 200,
            content_type: Some("text/html".into()),
            retry_after: None,
            body: Bytes::from_static(body.as_bytes()),
        };
        assert!(raw("  {\"status\":200}").looks_like_json());
        assert!(!raw("<html>502</html>").looks_like_json());
        assert_eq!(
            raw("<html>").not_json_error().kind(),
            crate::ErrorKind::NotJson
        );
    }
}
