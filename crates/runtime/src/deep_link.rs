//! `deskbell://conversation/<account>/<conversation>`: a link that opens the
//! window at one conversation, from a browser, a chat or a ticket. The system
//! hands it to the window program (a second launch passes it to the running
//! one); the window gives it to the desk, which opens it as a notification
//! click does. Both ids are percent-encoded path segments; anything else in the
//! link is refused, so a link can do nothing but open a conversation.

use deskbell_desk::ConvKey;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

pub const SCHEME: &str = "deskbell";

/// The conversation a link names, or what is wrong with it.
pub fn parse(link: &str) -> Result<ConvKey, String> {
    let rest = link
        .strip_prefix(SCHEME)
        .and_then(|r| r.strip_prefix("://"))
        .ok_or_else(|| format!("not a {SCHEME}:// link"))?;
    if rest.contains(['?', '#']) {
        return Err("a Deskbell link has no query or fragment".into());
    }
    let mut parts = rest.trim_end_matches('/').split('/');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some("conversation"), Some(account), Some(conversation), None) => Ok(ConvKey::new(
            segment(account, "account")?,
            segment(conversation, "conversation")?,
        )),
        _ => Err(format!(
            "expected {SCHEME}://conversation/<account>/<conversation>"
        )),
    }
}

/// Writes the link for a conversation (the inverse of [`parse`]).
pub fn link(key: &ConvKey) -> String {
    format!(
        "{SCHEME}://conversation/{}/{}",
        encode(&key.account.0),
        encode(&key.conversation)
    )
}

/// The first `deskbell://` argument of a command line, if any.
pub fn in_args<S: AsRef<str>>(args: &[S]) -> Option<&str> {
    args.iter()
        .map(AsRef::as_ref)
        .find(|a| a.starts_with(&format!("{SCHEME}://")))
}

/// Everything but letters, digits and `-._~` is escaped (RFC 3986 unreserved).
const ESCAPED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fn segment(raw: &str, what: &str) -> Result<String, String> {
    if !well_escaped(raw) {
        return Err(format!("the {what} is not percent-encoded right"));
    }
    let text = percent_decode_str(raw)
        .decode_utf8()
        .map_err(|_| format!("the {what} is not UTF-8"))?;
    if text.is_empty() || text.len() > 200 || text.chars().any(char::is_control) {
        return Err(format!(
            "the {what} is empty, too long or has control characters"
        ));
    }
    Ok(text.into_owned())
}

/// Every `%` starts two hex digits (the decoder passes a stray `%` through).
fn well_escaped(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    bytes.iter().enumerate().all(|(i, &b)| {
        b != b'%'
            || bytes
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
    })
}

fn encode(text: &str) -> String {
    utf8_percent_encode(text, ESCAPED).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_conversation_link_names_its_account_and_conversation() {
        let key = parse("deskbell://conversation/acc-1/5012").unwrap();
        assert_eq!(key, ConvKey::new("acc-1", "5012"));
        assert_eq!(parse("deskbell://conversation/acc-1/5012/").unwrap(), key);
    }

    #[test]
    fn links_round_trip_whatever_the_ids_hold() {
        for (account, conversation) in [
            ("a1", "9f1c2d3e-0000-4000-8000-000000000001"),
            ("Поддержка", "42"),
            ("a/b", "x y?#%"),
        ] {
            let key = ConvKey::new(account, conversation);
            let written = link(&key);
            assert!(written.is_ascii(), "{written}");
            assert_eq!(parse(&written).unwrap(), key, "{written}");
        }
    }

    #[test]
    fn anything_but_a_conversation_link_is_refused() {
        for bad in [
            "",
            "https://conversation/a/1",
            "deskbell:conversation/a/1",
            "deskbell://settings",
            "deskbell://conversation/a",
            "deskbell://conversation//1",
            "deskbell://conversation/a/1/more",
            "deskbell://conversation/a/1?then=delete",
            "deskbell://conversation/a/1#x",
            "deskbell://conversation/a/%zz",
            "deskbell://conversation/a/%0a",
            "deskbell://conversation/a/%ff",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} was accepted");
        }
        let long = format!("deskbell://conversation/a/{}", "1".repeat(201));
        assert!(parse(&long).is_err());
    }

    #[test]
    fn the_link_is_found_among_the_arguments() {
        let args = ["deskbell", "--demo", "deskbell://conversation/a/1"];
        assert_eq!(in_args(&args), Some("deskbell://conversation/a/1"));
        assert_eq!(in_args(&["deskbell", "--minimized"]), None);
    }
}
