//! Finding a secret's echoes in a text: whole, or cut at an edge.

use super::forms::{boundary_after, boundary_before, CharForms};
use super::{Secret, PIECE_ALWAYS, SHORT_LEN};

/// Every complete echo of `secret` in `text`, as byte ranges.
pub(super) fn find_whole(text: &[u8], secret: &Secret, found: &mut Vec<(usize, usize)>) {
    let short = secret.chars.len() < SHORT_LEN;
    let mut at = 0;
    while at < text.len() {
        let matched = match_from(text, at, &secret.chars).filter(|&end| {
            !short
                || (!secret.chars[0].word || boundary_before(text, at))
                    && (!secret.chars[secret.chars.len() - 1].word || boundary_after(text, end))
        });
        match matched {
            Some(end) => {
                found.push((at, end));
                at = end;
            }
            None => at += 1,
        }
    }
}

/// Where `chars` end when matched from `text[at..]`, in whichever forms they
/// are written there (the furthest end if several forms fit).
fn match_from(text: &[u8], at: usize, chars: &[CharForms]) -> Option<usize> {
    // Most places fail at the first byte: decide those without allocating.
    let first = text.get(at)?;
    if !chars.first()?.may_start_with(*first) {
        return None;
    }
    let mut reach = vec![at];
    for c in chars {
        reach = step(text, &reach, c);
        if reach.is_empty() {
            return None;
        }
    }
    reach.into_iter().max()
}

/// Where `c` ends, written in any of its forms from any position in `reach`.
/// Usually one position: two only where a form is also plain text (`%25`).
fn step(text: &[u8], reach: &[usize], c: &CharForms) -> Vec<usize> {
    let mut next = Vec::with_capacity(reach.len());
    for &p in reach {
        c.lengths_at(&text[p..], |len| {
            if !next.contains(&(p + len)) {
                next.push(p + len);
            }
        });
    }
    next
}

/// How many characters a cut piece of a secret of `len` characters must hold
/// to be masked.
fn piece_min(len: usize) -> usize {
    len.div_ceil(2).clamp(3, PIECE_ALWAYS)
}

/// The longest start of `secret` that runs up to the cut at `end`, possibly
/// stopping inside an escape (`%2` of `%2F`).
pub(super) fn piece_ending_at(text: &[u8], end: usize, secret: &Secret) -> Option<(usize, usize)> {
    let text = &text[..end];
    let min = piece_min(secret.chars.len());
    let first = end.saturating_sub(secret.max_bytes);
    (first..end)
        .find(|&at| {
            if !secret.chars[0].may_start_with(text[at]) {
                return false;
            }
            let Some(held) = held_up_to_end(text, at, &secret.chars) else {
                return false;
            };
            held >= min && (held >= SHORT_LEN || !secret.chars[0].word || boundary_before(text, at))
        })
        .map(|at| (at, end))
}

/// How many characters of `chars`, matched from `text[at..]`, reach the end of
/// `text` (the most, if several ways do).
fn held_up_to_end(text: &[u8], at: usize, chars: &[CharForms]) -> Option<usize> {
    let mut reach = vec![at];
    let mut held = None;
    for (i, c) in chars.iter().enumerate() {
        if reach.contains(&text.len()) {
            held = Some(i);
        }
        if reach.iter().any(|&p| c.starts_cut_form(&text[p..])) {
            held = Some(i);
        }
        reach = step(text, &reach, c);
        if reach.is_empty() {
            return held;
        }
    }
    // The whole secret is a complete echo, found by `find_whole`.
    held
}

/// The longest end of `secret` that starts right at the cut at `start`.
pub(super) fn piece_starting_at(
    text: &[u8],
    start: usize,
    secret: &Secret,
) -> Option<(usize, usize)> {
    let len = secret.chars.len();
    let min = piece_min(len);
    (1..=len - min).find_map(|skip| {
        let held = len - skip;
        let end = match_from(text, start, &secret.chars[skip..])?;
        let bounded = held >= SHORT_LEN || !secret.chars[len - 1].word || boundary_after(text, end);
        bounded.then_some((start, end))
    })
}
