//! The answer envelope shared by both Blinger APIs:
//! `{"status":200,"data":…}` on success, `{"error":"text is empty","status":400}` on refusal.
//!
//! The envelope's `status` and `error` are trusted over the HTTP status: the
//! backend is known to answer refusals with HTTP 200 and the documentation only
//! ever speaks of the envelope. Two exceptions, where HTTP knows better: a 429
//! is a rate limit whatever the body says (its `Retry-After` is the only place the
//! wait is given), and a body that is not JSON at all is judged by HTTP status.

use deskbell_transport::{Error, RawResponse};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::value::RawValue;

#[derive(Deserialize, Default)]
struct Envelope<'a> {
    #[serde(default, deserialize_with = "crate::de::flex_opt_i64")]
    status: Option<i64>,
    #[serde(default, deserialize_with = "crate::de::any_text")]
    error: Option<String>,
    #[serde(default, borrow)]
    data: Option<&'a RawValue>,
}

/// Decodes an answer body received with `http_status` into `T` (the envelope's
/// `data`) or the matching error, exactly as the clients do. Public for tests,
/// fuzzing and for callers that fetch answers by other means.
pub fn decode_body<T: DeserializeOwned>(http_status: u16, body: &[u8]) -> Result<T, Error> {
    decode(&RawResponse {
        status: http_status,
        content_type: None,
        retry_after: None,
        body: body.to_vec().into(),
    })
}

/// Turns a complete answer into `T` (the envelope's `data`) or the matching error.
pub(crate) fn decode<T: DeserializeOwned>(raw: &RawResponse) -> Result<T, Error> {
    if !raw.looks_like_json() {
        return Err(raw.not_json_error());
    }
    // A derived struct would also accept an array (`[200]`): only an object is an envelope.
    let is_object = raw.body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    let parsed = match is_object {
        true => serde_json::from_slice::<Envelope>(&raw.body),
        false => Ok(Envelope::default()),
    };
    let envelope = match parsed {
        Ok(env) if env.status.is_some() || env.error.is_some() => env,
        // JSON, but not an envelope: an HTTP failure status still says more than "decode".
        Ok(_) | Err(_) if is_http_failure(raw.status) => {
            return Err(Error::from_status(raw.status, None, raw.retry_after))
        }
        Ok(_) => {
            return Err(decode_error(
                raw,
                "the answer has neither `status` nor `error`",
            ))
        }
        Err(e) => return Err(decode_error(raw, &format!("not an answer envelope: {e}"))),
    };
    let message = envelope.error.filter(|e| !e.trim().is_empty());
    if raw.status == 429 {
        return Err(Error::from_status(429, message, raw.retry_after));
    }
    let http_failure = (raw.status >= 400).then_some(i64::from(raw.status));
    let status = envelope.status.or(http_failure).unwrap_or(400);
    let succeeded = (200..300).contains(&status);
    if !succeeded || message.is_some() {
        // An `error` with a 2xx status is still a refusal; keep HTTP's status if it is a failure.
        let code = match (succeeded, u16::try_from(status)) {
            (false, Ok(code)) => code,
            _ if raw.status >= 400 => raw.status,
            _ => 400,
        };
        return Err(Error::from_status(code, message, raw.retry_after));
    }
    let data = envelope
        .data
        .filter(|d| d.get() != "null")
        .ok_or_else(|| decode_error(raw, "the answer says success but carries no `data`"))?;
    serde_json::from_str(data.get())
        .map_err(|e| decode_error(raw, &format!("unexpected `data`: {e}")))
}

fn is_http_failure(status: u16) -> bool {
    matches!(status, 401 | 403 | 429 | 500..=599)
}

fn decode_error(raw: &RawResponse, message: &str) -> Error {
    Error::Decode {
        message: message.to_owned(),
        snippet: raw.snippet(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use deskbell_transport::ErrorKind;
    use std::time::Duration;

    fn raw(status: u16, body: &str) -> RawResponse {
        RawResponse {
            status,
            content_type: Some("application/json".into()),
            retry_after: None,
            body: body.as_bytes().to_vec().into(),
        }
    }

    fn decode_i64(r: &RawResponse) -> Result<i64, Error> {
        decode::<i64>(r)
    }

    #[test]
    fn success_and_refusal() {
        assert_eq!(
            decode_i64(&raw(200, r#"{"status":200,"data":5}"#)).unwrap(),
            5
        );
        assert_eq!(
            decode_i64(&raw(200, r#"{"status":"200","data":5}"#)).unwrap(),
            5
        );
        let e = decode_i64(&raw(200, r#"{"error":"text is empty","status":400}"#)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Api);
        assert_eq!(e.to_string(), "text is empty");
        // The envelope wins over HTTP, both ways.
        let e = decode_i64(&raw(400, r#"{"status":200,"data":1}"#));
        assert_eq!(e.unwrap(), 1);
        let e = decode_i64(&raw(200, r#"{"error":"Wrong token","status":401}"#)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Unauthorized);
    }

    #[test]
    fn malformed_answers() {
        for body in [
            r#"{"status":200}"#,
            r#"{"status":200,"data":null}"#,
            r#"{"data":5}"#,
            "[1]",
            r#"{"status":200,"data":"x"}"#,
        ] {
            let e = decode_i64(&raw(200, body)).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Decode, "{body}");
        }
        assert_eq!(
            decode_i64(&raw(200, "<html>")).unwrap_err().kind(),
            ErrorKind::NotJson
        );
        assert_eq!(
            decode_i64(&raw(502, "{}")).unwrap_err().kind(),
            ErrorKind::Server
        );
        let e = decode_i64(&raw(400, r#"{"status":400}"#)).unwrap_err();
        assert_eq!(e.to_string(), "request refused (HTTP 400)");
    }

    #[test]
    fn http_429_wins_over_the_envelope() {
        let mut r = raw(429, r#"{"error":"Too many requests","status":400}"#);
        r.retry_after = Some(Duration::from_secs(3));
        let e = decode_i64(&r).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::RateLimited);
        assert_eq!(e.retry_after(), Some(Duration::from_secs(3)));
    }
}
