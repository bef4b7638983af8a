use super::*;

const LONG: &str = "dk/Echo+tok=9f2a7c41";

fn with(secrets: &[&str]) -> Scrubber {
    let mut s = Scrubber::new();
    for secret in secrets {
        s.add(secret);
    }
    s
}

#[test]
fn the_process_wide_set_masks_what_it_was_given() {
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
fn long_secrets_are_masked_even_inside_words() {
    let s = with(&[LONG]);
    assert_eq!(s.scrub(&format!("x{LONG}y and {LONG}")), "x***y and ***");
}

#[test]
fn values_shorter_than_four_characters_are_not_secrets() {
    let s = with(&["  abc  ", "ok"]);
    assert_eq!(s.scrub("abc ok"), "abc ok");
}

#[test]
fn short_secrets_are_masked_only_as_whole_words() {
    let s = with(&["ab12c"]);
    assert_eq!(s.scrub("token ab12c refused"), "token *** refused");
    assert_eq!(s.scrub("t=ab12c&x"), "t=***&x");
    assert_eq!(s.scrub("(ab12c)"), "(***)");
    assert_eq!(s.scrub("xab12c ab12cx ab12c_"), "xab12c ab12cx ab12c_");
    // A word boundary written as an escape still is one.
    assert_eq!(s.scrub("t%3Dab12c"), "t%3D***");
    assert_eq!(s.scrub(r#"{"t":"\nab12c"}"#), r#"{"t":"\n***"}"#);
    assert_eq!(s.scrub("t%41ab12c"), "t%41ab12c");
    // A secret of ordinary letters leaves the words that contain it alone.
    let word = with(&["pass"]);
    assert_eq!(
        word.scrub("passport, bypass, pass"),
        "passport, bypass, ***"
    );
}

#[test]
fn percent_encoded_echoes_in_any_case_and_with_plus_for_space() {
    let s = with(&[LONG, "two words here"]);
    for echo in [
        "dk%2FEcho%2Btok%3D9f2a7c41",
        "dk%2fEcho%2btok%3d9f2a7c41",
        "%64%6B%2F%45cho+tok=9f2a7c41".replace('+', "%2B").as_str(),
    ] {
        assert_eq!(
            s.scrub(&format!("?token={echo}&x=1")),
            "?token=***&x=1",
            "{echo}"
        );
    }
    assert_eq!(s.scrub("q=two+words%20here."), "q=***.");
}

#[test]
fn json_and_debug_escaped_echoes() {
    let s = with(&[LONG, "quo\"te\\slash/é😀"]);
    for echo in [
        r"dk\/Echo+tok=9f2a7c41",
        r"dk\u002fEcho\u002Btok\u003d9f2a7c41",
        r"\u0064\u006B\/Echo+tok=9f2a7c41",
    ] {
        assert_eq!(
            s.scrub(&format!(r#"{{"t":"{echo}"}}"#)),
            r#"{"t":"***"}"#,
            "{echo}"
        );
    }
    let odd = "quo\"te\\slash/é😀";
    let json = serde_json::to_string(odd).unwrap();
    assert_eq!(s.scrub(&json), "\"***\"");
    let php = r#""quo\"te\\slash\/\u00e9\ud83d\ude00""#;
    assert_eq!(s.scrub(php), "\"***\"");
    // JSON-escaped, then printed with `{:?}`: every escape escaped again.
    let twice = format!("{php:?}");
    assert_eq!(s.scrub(&twice), "\"\\\"***\\\"\"", "{twice}");
    let debug = format!("{:?}", odd.replace('é', "\u{7f}"));
    let s = with(&["quo\"te\\slash/\u{7f}😀"]);
    assert_eq!(s.scrub(&debug), "\"***\"", "{debug}");
}

#[test]
fn html_character_references() {
    let s = with(&["a&b<c>d\"e'f/g"]);
    let page = "<p>a&amp;b&lt;c&gt;d&quot;e&#39;f&#x2F;g</p>";
    assert_eq!(s.scrub(page), "<p>***</p>");
    assert_eq!(s.scrub("a&#38;b&#X3C;c&gt;d&#34;e&apos;f/g"), "***");
}

#[test]
fn a_piece_cut_at_the_end_or_before_an_ellipsis_is_masked() {
    let s = with(&[LONG]);
    assert_eq!(s.scrub("page: token dk/Echo+t"), "page: token ***");
    assert_eq!(s.scrub("page: token dk/Echo+t…"), "page: token ***…");
    assert_eq!(s.scrub("a=dk%2FEcho%2Bt... (more)"), "a=***... (more)");
    // Cut in the middle of an escape.
    assert_eq!(s.scrub("a=dk%2FEcho%2"), "a=***");
    assert_eq!(s.scrub(r"a=dk\/Echo\u00"), "a=***");
    // Too little of the secret to matter, or not at a cut.
    assert_eq!(s.scrub("page: dk/E…"), "page: dk/E…");
    assert_eq!(
        s.scrub("page: dk/Echo+t and more"),
        "page: dk/Echo+t and more"
    );
}

#[test]
fn a_piece_cut_at_the_start_or_after_an_ellipsis_is_masked() {
    let s = with(&[LONG]);
    assert_eq!(s.scrub("+tok=9f2a7c41 was refused"), "*** was refused");
    assert_eq!(s.scrub("…tok%3D9f2a7c41\" />"), "…***\" />");
    assert_eq!(s.scrub("...7c41 ok"), "...7c41 ok");
}

#[test]
fn short_pieces_need_a_word_boundary_on_their_inner_side() {
    let s = with(&["ab12cd34ef"]);
    assert_eq!(s.scrub("key ab12c"), "key ***");
    assert_eq!(s.scrub("key xab12c"), "key xab12c");
    assert_eq!(s.scrub("d34ef key"), "*** key");
    assert_eq!(s.scrub("d34efs key"), "d34efs key");
    // A short secret whole, right before the cut.
    let short = with(&["ab12c"]);
    assert_eq!(short.scrub("token ab12c…"), "token ***…");
}

#[test]
fn overlapping_echoes_become_one_mask() {
    let s = with(&["abcdefgh1234", "1234wxyz5678"]);
    assert_eq!(s.scrub("[abcdefgh1234wxyz5678]"), "[***]");
    let nested = with(&["inner-secret", "outer-inner-secret-x"]);
    assert_eq!(nested.scrub("outer-inner-secret-x inner-secret"), "*** ***");
}
