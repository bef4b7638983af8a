//! Properties of token scrubbing: every echo of a secret, however written and
//! wherever cut, is masked, and the text around it is left as it was.
//!
//! Secrets use lower-case letters, digits and URL/JSON-special characters;
//! the text around them uses upper-case letters and punctuation, so that
//! nothing around an echo can pass for part of it.

use deskbell_transport::{Scrubber, MASK};
use proptest::prelude::*;

/// How one character of an echo is written.
#[derive(Debug, Clone, Copy)]
enum Form {
    Plain,
    PercentUpper,
    PercentLower,
    JsonUnicode,
    JsonShort,
    Html,
}

fn form() -> impl Strategy<Value = Form> {
    prop_oneof![
        Just(Form::Plain),
        Just(Form::PercentUpper),
        Just(Form::PercentLower),
        Just(Form::JsonUnicode),
        Just(Form::JsonShort),
        Just(Form::Html),
    ]
}

/// `c` written in `form`, each encoder as the standard describes it.
fn write(c: char, form: Form) -> String {
    let mut utf8 = [0u8; 4];
    let bytes = c.encode_utf8(&mut utf8).as_bytes();
    match form {
        Form::Plain => c.to_string(),
        Form::PercentUpper => bytes.iter().map(|b| format!("%{b:02X}")).collect(),
        Form::PercentLower => bytes.iter().map(|b| format!("%{b:02x}")).collect(),
        Form::JsonUnicode => {
            let mut units = [0u16; 2];
            let units = c.encode_utf16(&mut units);
            units.iter().map(|u| format!("\\u{u:04X}")).collect()
        }
        // serde_json's own escaping, plus PHP's `\/`.
        Form::JsonShort => {
            let quoted = serde_json::to_string(&c.to_string()).unwrap();
            quoted[1..quoted.len() - 1].replace('/', "\\/")
        }
        Form::Html => format!("&#{};", u32::from(c)),
    }
}

const SECRET: &str = "[a-z0-9][a-z0-9/+=_.~%&\\\\\"é-]{6,38}[a-z0-9]";
const AROUND: &str = "[A-Z!,;:()\\[\\] ]{0,30}";

fn scrubber(secret: &str) -> Scrubber {
    let mut s = Scrubber::new();
    s.add(secret);
    s
}

/// The secret written one character at a time, each in its own form.
fn echo_of(secret: &str, forms: &[Form]) -> Vec<String> {
    secret
        .chars()
        .zip(forms.iter().cycle())
        .map(|(c, f)| write(c, *f))
        .collect()
}

/// How many characters a cut piece must hold to be masked (see the scrubber's docs).
fn piece_min(len: usize) -> usize {
    len.div_ceil(2).clamp(3, 6)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn an_echo_in_any_mix_of_forms_is_masked(
        secret in SECRET,
        forms in prop::collection::vec(form(), 1..8),
        before in AROUND,
        after in AROUND,
    ) {
        let echo = echo_of(&secret, &forms).concat();
        let text = format!("{before}{echo}{after}");
        prop_assert_eq!(scrubber(&secret).scrub(&text), format!("{before}{MASK}{after}"));
    }

    #[test]
    fn url_json_and_debug_encoders_echoes_are_masked(
        secret in SECRET,
        before in AROUND,
        after in AROUND,
    ) {
        let s = scrubber(&secret);
        let form = serde_urlencoded::to_string([("t", secret.as_str())]).unwrap();
        let json = serde_json::to_string(&secret).unwrap();
        let php = json.replace('/', "\\/");
        // JSON-escaped text escaped again, as `{:?}` of an error holding it prints it.
        let twice = format!("{:?}", &php[1..php.len() - 1]);
        for echo in [
            &form["t=".len()..],
            &json[1..json.len() - 1],
            &php[1..php.len() - 1],
            &twice[1..twice.len() - 1],
        ] {
            let text = format!("{before}{echo}{after}");
            prop_assert_eq!(s.scrub(&text), format!("{before}{MASK}{after}"), "{}", echo);
        }
    }

    #[test]
    fn a_piece_cut_at_the_end_is_masked(
        secret in SECRET,
        forms in prop::collection::vec(form(), 1..8),
        held in 0usize..40,
        cut_inside in 0usize..12,
        before in AROUND,
        ellipsis in any::<bool>(),
    ) {
        let echo = echo_of(&secret, &forms);
        let min = piece_min(echo.len());
        let held = min + held % (echo.len() - min);
        // The cut may fall inside the next character's escape (`%2` of `%2F`).
        let next = &echo[held];
        let partial = &next[..floor_char_boundary(next, cut_inside % next.len())];
        let marker = if ellipsis { "…" } else { "" };
        let text = format!("{before}={}{partial}{marker}", echo[..held].concat());
        prop_assert_eq!(scrubber(&secret).scrub(&text), format!("{before}={MASK}{marker}"));
    }

    #[test]
    fn a_piece_cut_at_the_start_is_masked(
        secret in SECRET,
        forms in prop::collection::vec(form(), 1..8),
        held in 0usize..40,
        after in AROUND,
        ellipsis in any::<bool>(),
    ) {
        let echo = echo_of(&secret, &forms);
        let min = piece_min(echo.len());
        let held = min + held % (echo.len() - min);
        let marker = if ellipsis { "…" } else { "" };
        let text = format!("{marker}{}={after}", echo[echo.len() - held..].concat());
        prop_assert_eq!(scrubber(&secret).scrub(&text), format!("{marker}{MASK}={after}"));
    }

    #[test]
    fn short_secrets_are_masked_as_words_and_left_inside_words(
        secret in "[a-z0-9]{4,7}",
        words in prop::collection::vec(
            prop_oneof![Just(None), ("[A-Z]{1,3}", "[A-Z]{0,3}").prop_map(Some)],
            1..8,
        ),
        forms in prop::collection::vec(form(), 1..4),
    ) {
        let echo = echo_of(&secret, &forms).concat();
        let mut text = Vec::new();
        let mut expected = Vec::new();
        for word in &words {
            match word {
                None => {
                    text.push(echo.clone());
                    expected.push(MASK.to_owned());
                }
                // Inside a word: letters on at least one side.
                Some((pre, post)) => {
                    let inside = format!("{pre}{secret}{post}");
                    text.push(inside.clone());
                    expected.push(inside);
                }
            }
        }
        let text = text.join(" ");
        prop_assert_eq!(scrubber(&secret).scrub(&text), expected.join(" "));
    }
}

fn floor_char_boundary(s: &str, mut at: usize) -> usize {
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}
