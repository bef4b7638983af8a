//! How one character of a secret may be written where a server echoes it:
//! as itself, percent-encoded (`%2F`, `%2f`, `+` for a space), JSON-escaped
//! (`\/`, `\u002F`, surrogate pairs), Rust-escaped (`\u{2f}`, as `{:?}` prints
//! it) or as an HTML character reference (`&#47;`, `&#x2F;`, `&amp;`).
//!
//! Any character may take any of these forms, and each character of an echo may
//! take a different one, so a secret is matched one character at a time. A
//! backslash escape may itself be escaped once more (`\\/`), as when
//! JSON-escaped text is quoted in JSON again or printed with `{:?}`.

use std::fmt::Write;

/// The ways one character of a secret can be written.
#[derive(Debug, Clone)]
pub(super) struct CharForms {
    /// The character's own UTF-8 bytes, compared exactly.
    literal: Vec<u8>,
    /// Escaped forms in lower case, compared ignoring ASCII case (`%2F` = `%2f`).
    escapes: Vec<Vec<u8>>,
    /// Whether the character belongs to a word (letters, digits, `_`).
    pub word: bool,
}

impl CharForms {
    pub fn new(c: char) -> Self {
        let mut literal = [0u8; 4];
        let literal = c.encode_utf8(&mut literal).as_bytes().to_vec();
        let mut escapes: Vec<String> = Vec::new();
        let code = u32::from(c);

        let mut percent = String::new();
        for b in &literal {
            let _ = write!(percent, "%{b:02x}");
        }
        escapes.push(percent);
        if c == ' ' {
            escapes.push("+".into());
        }
        let mut units = [0u16; 2];
        let json: String = c
            .encode_utf16(&mut units)
            .iter()
            .map(|u| format!("\\u{u:04x}"))
            .collect();
        escapes.push(json);
        escapes.push(format!("\\u{{{code:x}}}"));
        if let Some(short) = short_escape(c) {
            escapes.push(short.into());
        }
        escapes.push(format!("&#{code};"));
        escapes.push(format!("&#x{code:x};"));
        if let Some(named) = html_named(c) {
            escapes.push(named.into());
        }
        // An escape escaped once more: JSON-escaped text quoted in JSON, or
        // printed with `{:?}` (`\/` becomes `\\/`).
        let twice: Vec<String> = escapes
            .iter()
            .filter(|e| e.contains(['\\', '"']))
            .map(|e| e.replace('\\', "\\\\").replace('"', "\\\""))
            .collect();
        escapes.extend(twice);
        CharForms {
            literal,
            escapes: escapes.into_iter().map(String::into_bytes).collect(),
            word: is_word(c),
        }
    }

    /// Whether some form of this character can start with `b`.
    pub fn may_start_with(&self, b: u8) -> bool {
        self.literal[0] == b || matches!(b, b'%' | b'+' | b'\\' | b'&')
    }

    /// Calls `each` with the length of every form of this character that
    /// `text` starts with.
    pub fn lengths_at(&self, text: &[u8], mut each: impl FnMut(usize)) {
        if text.starts_with(&self.literal) {
            each(self.literal.len());
        }
        // Every escape starts with one of these: most positions are ruled out at once.
        if !matches!(text.first(), Some(b'%' | b'+' | b'\\' | b'&')) {
            return;
        }
        for form in &self.escapes {
            if text.len() >= form.len() && text[..form.len()].eq_ignore_ascii_case(form) {
                each(form.len());
            }
        }
    }

    /// Whether all of `text` is the start of a form of this character, cut
    /// before its end (`%2` of `%2F`).
    pub fn starts_cut_form(&self, text: &[u8]) -> bool {
        let cut = |form: &[u8], ignore_case: bool| {
            form.len() > text.len()
                && if ignore_case {
                    form[..text.len()].eq_ignore_ascii_case(text)
                } else {
                    form.starts_with(text)
                }
        };
        !text.is_empty()
            && (cut(&self.literal, false) || self.escapes.iter().any(|form| cut(form, true)))
    }

    /// The longest any form of this character can be, in bytes.
    pub fn max_len(&self) -> usize {
        self.escapes
            .iter()
            .map(Vec::len)
            .chain([self.literal.len()])
            .max()
            .unwrap_or(0)
    }
}

/// JSON's and Rust's two-character escapes.
fn short_escape(c: char) -> Option<&'static str> {
    Some(match c {
        '/' => "\\/",
        '\\' => "\\\\",
        '"' => "\\\"",
        '\'' => "\\'",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        '\u{8}' => "\\b",
        '\u{c}' => "\\f",
        _ => return None,
    })
}

fn html_named(c: char) -> Option<&'static str> {
    Some(match c {
        '&' => "&amp;",
        '<' => "&lt;",
        '>' => "&gt;",
        '"' => "&quot;",
        '\'' => "&apos;",
        _ => return None,
    })
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The character ending at byte `at` (a character boundary) of valid UTF-8.
fn char_before(text: &[u8], at: usize) -> Option<char> {
    let start = (at.saturating_sub(4)..at)
        .rev()
        .find(|&i| text[i] & 0xC0 != 0x80)?;
    std::str::from_utf8(&text[start..at]).ok()?.chars().next()
}

/// The character starting at byte `at` (a character boundary) of valid UTF-8.
fn char_after(text: &[u8], at: usize) -> Option<char> {
    let rest = &text[at..text.len().min(at + 4)];
    let valid = match std::str::from_utf8(rest) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&rest[..e.valid_up_to()]).ok()?,
    };
    valid.chars().next()
}

/// Whether a word cannot continue into `text[at..]` from the left: `at` is the
/// start, or what stands before it is not a word character, written plainly or
/// as an escape (`%3D` is `=`, `\n` a line break).
pub(super) fn boundary_before(text: &[u8], at: usize) -> bool {
    if !char_before(text, at).is_some_and(is_word) {
        return true;
    }
    let before = &text[..at];
    let tail = |n: usize| before.len().checked_sub(n).map(|i| &before[i..]);
    let escaped_non_word = |hex: &[u8]| {
        std::str::from_utf8(hex)
            .ok()
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32)
            .is_some_and(|c| !is_word(c))
    };
    if let Some(t) = tail(3).filter(|t| t[0] == b'%') {
        return escaped_non_word(&t[1..]);
    }
    if let Some(t) = tail(6).filter(|t| t[0] == b'\\' && t[1].eq_ignore_ascii_case(&b'u')) {
        return escaped_non_word(&t[2..]);
    }
    // `\n`, `\t`…: an escaped control character.
    tail(2).is_some_and(|t| t[0] == b'\\' && b"nrtbfNRTBF".contains(&t[1]))
}

/// Whether a word cannot continue from `text[..at]` to the right. Every escape
/// starts with a character that is not a word character, so the next one decides.
pub(super) fn boundary_after(text: &[u8], at: usize) -> bool {
    !char_after(text, at).is_some_and(is_word)
}
