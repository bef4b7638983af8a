//! The 200-character snippet of an answer body that error texts quote never
//! holds a token, nor a piece of one the cut could leave behind.

use deskbell_transport::{remember_secret, RawResponse};
use proptest::prelude::*;

/// The fewest characters of a token that count as a leak.
const PIECE: usize = 6;

fn raw(body: String) -> RawResponse {
    RawResponse {
        status: 200,
        content_type: Some("text/html".into()),
        retry_after: None,
        body: body.into_bytes().into(),
    }
}

fn leaked_pieces(snippet: &str, token: &str) -> Vec<String> {
    let chars: Vec<char> = token.chars().collect();
    chars
        .windows(PIECE)
        .map(|w| w.iter().collect::<String>())
        .filter(|piece| snippet.contains(piece.as_str()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Wherever the token sits, inside the snippet, across its cut or across the
    /// cut of the bytes read (multi-byte text brings that one near).
    #[test]
    fn no_piece_of_a_token_survives_the_cut(
        token in "[a-z0-9/+=]{16,48}",
        lead in "[A-Z <>😀é]{0,260}",
        tail in "[A-Z <>]{0,40}",
        copies in 1usize..3,
    ) {
        remember_secret(&token);
        let body = format!("{lead}{}{tail}", token.repeat(copies));
        let snippet = raw(body).snippet();
        prop_assert!(snippet.chars().count() <= 201);
        let leaks = leaked_pieces(&snippet, &token);
        prop_assert!(leaks.is_empty(), "{snippet:?} leaks {leaks:?}");
    }
}

#[test]
fn a_token_cut_by_the_snippet_is_masked_and_the_text_before_it_kept() {
    let token = "snippet-cut-token-7d3f0a9b2c6e41";
    remember_secret(token);
    let lead = "x".repeat(190);
    let snippet = raw(format!("{lead} {token} and the rest of the page")).snippet();
    // Masked before the cut at 200 characters, which it straddled.
    assert_eq!(snippet, format!("{lead} *** and t…"));
    let encoded = "snippet-cut-token-7d3f0a9b2c6e41".replace('-', "%2D");
    let snippet = raw(format!("{lead} {encoded} and more")).snippet();
    assert_eq!(snippet, format!("{lead} *** and m…"));
}
