//! Plain-text helpers for previews and notification bodies.
//!
//! Server text is untrusted and arrives with newlines, tabs, zero-width and
//! control characters; a notification daemon or a one-line inbox row shows all of
//! that badly (or, for control characters, not at all). Everything shown in one
//! line goes through [`one_line`].

/// Collapses all whitespace and control characters to single spaces, trims, and cuts
/// to at most `max_chars` characters (an ellipsis marks the cut; it counts in the limit).
pub fn one_line(text: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max_chars * 4));
    let mut pending_space = false;
    let mut count = 0usize;
    let mut cut = false;
    for c in text.chars() {
        if c.is_whitespace() || c.is_control() || is_invisible(c) {
            pending_space = count > 0;
            continue;
        }
        let needed = if pending_space { 2 } else { 1 };
        if count + needed > max_chars {
            cut = true;
            break;
        }
        if pending_space {
            out.push(' ');
            count += 1;
            pending_space = false;
        }
        out.push(c);
        count += 1;
    }
    if cut && max_chars > 0 {
        // Make room for the ellipsis without splitting a character.
        while count + 1 > max_chars {
            out.pop();
            count -= 1;
        }
        let trimmed = out.trim_end().len();
        out.truncate(trimmed);
        out.push('…');
    }
    out
}

/// Zero-width and direction marks: invisible, but they can reorder or hide text.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_whitespace_and_controls() {
        assert_eq!(
            one_line("  Hello,\n\n\tworld\u{7}!  ", 50),
            "Hello, world !"
        );
        assert_eq!(one_line("a\u{202E}b\u{200B}c", 50), "a b c");
    }

    #[test]
    fn cuts_at_characters_not_bytes() {
        let s = one_line("Привет, как дела сегодня?", 10);
        assert_eq!(s.chars().count(), 10);
        assert!(s.ends_with('…'));
        assert_eq!(one_line("short", 5), "short");
        assert_eq!(one_line("", 5), "");
    }

    #[test]
    fn never_exceeds_the_limit() {
        for n in 1..12 {
            let s = one_line("word word word word", n);
            assert!(s.chars().count() <= n, "{n}: {s:?}");
        }
    }
}
