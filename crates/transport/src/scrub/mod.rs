//! Every secret the process has held, so that log lines, crash reports and
//! error texts can be scrubbed of them: a token never prints by itself
//! ([`crate::Token`] has no `Display`), but a server may echo one back in an
//! error text, or a panic message may quote a request.
//!
//! An echo is found however it is written and wherever it is cut:
//! - in any mix of plain, percent-encoded, JSON-, Rust- or HTML-escaped
//!   characters (see `forms.rs`);
//! - cut at an edge of the text or at an ellipsis (`…`, `...`), as the
//!   200-character snippets of error answers are: the piece left is masked
//!   when it holds at least half of the secret (3 characters at least,
//!   [`PIECE_ALWAYS`] are always enough);
//! - secrets shorter than [`SHORT_LEN`] characters, and pieces that short,
//!   are masked only where they stand as a word of their own, so that
//!   ordinary words containing them are left alone.

mod find;
mod forms;
#[cfg(test)]
mod tests;

use find::{find_whole, piece_ending_at, piece_starting_at};
use forms::CharForms;
use std::borrow::Cow;
use std::sync::RwLock;

/// Shorter values are not remembered: masking every "ok" or "t" would mangle
/// text, and no server issues tokens that short.
pub const MIN_SECRET_LEN: usize = 4;

/// Secrets (and cut pieces) shorter than this are masked only as whole words.
pub const SHORT_LEN: usize = 8;

/// A cut piece this long is masked whatever the length of its secret.
pub const PIECE_ALWAYS: usize = 6;

/// What a scrubbed secret reads as.
pub const MASK: &str = "***";

static KNOWN: RwLock<Scrubber> = RwLock::new(Scrubber::new());

/// Adds `secret` to the values [`scrub`] hides.
pub fn remember_secret(secret: &str) {
    KNOWN.write().unwrap_or_else(|e| e.into_inner()).add(secret);
}

/// `text` with every remembered secret, in every form found, replaced by [`MASK`].
pub fn scrub(text: &str) -> Cow<'_, str> {
    KNOWN.read().unwrap_or_else(|e| e.into_inner()).scrub(text)
}

/// A set of secrets and the masking of their echoes. The process-wide set
/// behind [`remember_secret`] and [`scrub`] is one; tests make their own.
#[derive(Debug, Default)]
pub struct Scrubber {
    secrets: Vec<Secret>,
}

#[derive(Debug)]
struct Secret {
    text: String,
    chars: Vec<CharForms>,
    /// The most bytes any echo of the secret can take.
    max_bytes: usize,
}

impl Scrubber {
    pub const fn new() -> Self {
        Scrubber {
            secrets: Vec::new(),
        }
    }

    /// Remembers `secret` (trimmed); values shorter than [`MIN_SECRET_LEN`]
    /// characters are ignored.
    pub fn add(&mut self, secret: &str) {
        let secret = secret.trim();
        if secret.chars().count() < MIN_SECRET_LEN || self.secrets.iter().any(|s| s.text == secret)
        {
            return;
        }
        let chars: Vec<CharForms> = secret.chars().map(CharForms::new).collect();
        let max_bytes = chars.iter().map(CharForms::max_len).sum();
        self.secrets.push(Secret {
            text: secret.to_owned(),
            chars,
            max_bytes,
        });
    }

    /// `text` with every echo of a remembered secret replaced by [`MASK`].
    pub fn scrub<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut found: Vec<(usize, usize)> = Vec::new();
        let bytes = text.as_bytes();
        let (starts, ends) = cut_edges(text);
        for secret in &self.secrets {
            find_whole(bytes, secret, &mut found);
            for &end in &ends {
                found.extend(piece_ending_at(bytes, end, secret));
            }
            for &start in &starts {
                found.extend(piece_starting_at(bytes, start, secret));
            }
        }
        if found.is_empty() {
            return Cow::Borrowed(text);
        }
        found.sort_unstable();
        let mut out = String::with_capacity(text.len());
        let mut done = 0;
        for (start, end) in found {
            if end <= done {
                continue;
            }
            if start >= done {
                out.push_str(&text[done..start]);
                out.push_str(MASK);
            }
            // Overlapping ranges extend the mask already written.
            done = end;
        }
        out.push_str(&text[done..]);
        Cow::Owned(out)
    }
}

/// Where `text` may have been cut: its trimmed start and end, and both sides
/// of every ellipsis. Returns (piece starts, piece ends).
fn cut_edges(text: &str) -> (Vec<usize>, Vec<usize>) {
    let mut starts = vec![text.len() - text.trim_start().len()];
    let mut ends = vec![text.trim_end().len()];
    for marker in ["…", "..."] {
        for (at, _) in text.match_indices(marker) {
            ends.push(at);
            starts.push(at + marker.len());
        }
    }
    (starts, ends)
}
