//! Making outside text safe to show or to write: file names, YAML comments and values.
//!
//! Text twinstack did not write itself reaches two dangerous places: a terminal, where control
//! characters (ESC, BEL, C1) are commands, and generated files, where a newline in a comment
//! starts live code and bidirectional controls make code read differently in review than it
//! compiles (Trojan Source). Everything that is not plainly visible is therefore written as a
//! visible escape (`\n`, `\u{1b}`, `\u{202e}`) by [`escape`] — the one helper every renderer and
//! the code frames use — and [`forbidden`] says which characters a blueprint may not contain.

use std::borrow::Cow;

/// Whether `c` is invisible or changes how other text is shown: control characters (C0, DEL,
/// C1), bidirectional controls, zero-width and other format characters, line and paragraph
/// separators, and the byte-order mark.
#[must_use]
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || is_bidi_control(c)
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200D}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{2060}'..='\u{2065}'
                | '\u{206A}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// The Unicode bidirectional controls: marks, embeddings, overrides and isolates.
#[must_use]
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// What a blueprint string may not contain, and why: a control character other than newline and
/// tab, or a bidirectional control. `None` when `c` is allowed.
#[must_use]
pub fn forbidden(c: char) -> Option<&'static str> {
    if is_bidi_control(c) {
        Some("a bidirectional control character")
    } else if c.is_control() && c != '\n' && c != '\t' {
        Some("a control character")
    } else {
        None
    }
}

/// The text with every invisible character written as a visible escape: `\n`, `\r`, `\t`, and
/// `\u{hex}` for the rest. Visible text, backslashes included, is kept as it is.
#[must_use]
pub fn escape(s: &str) -> Cow<'_, str> {
    escape_where(s, is_invisible)
}

/// Like [`escape`], keeping newlines and tabs: for multi-line text shown in a terminal.
#[must_use]
pub fn escape_keeping_lines(s: &str) -> Cow<'_, str> {
    escape_where(s, |c| c != '\n' && c != '\t' && is_invisible(c))
}

fn escape_where(s: &str, escaped: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(&escaped) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if escaped(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Appends the visible escape of one character.
pub fn push_escape(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_cannot_be_seen() {
        assert_eq!(escape("plain/path é.yaml"), "plain/path é.yaml");
        assert!(matches!(escape("plain"), Cow::Borrowed(_)));
        assert_eq!(
            escape("evil\nresource \"x\" {}\r\t#.yaml"),
            "evil\\nresource \"x\" {}\\r\\t#.yaml"
        );
        assert_eq!(
            escape("a\u{202e}b\u{1b}[31m\u{85}"),
            "a\\u{202e}b\\u{1b}[31m\\u{85}"
        );
        assert_eq!(
            escape("\u{2066}\u{200b}\u{feff}"),
            "\\u{2066}\\u{200b}\\u{feff}"
        );
        assert_eq!(escape_keeping_lines("a\n\tb\u{7}"), "a\n\tb\\u{7}");
    }

    #[test]
    fn forbids_controls_and_bidi_but_not_lines() {
        assert_eq!(forbidden('a'), None);
        assert_eq!(forbidden('\n'), None);
        assert_eq!(forbidden('\t'), None);
        assert_eq!(forbidden('\u{1b}'), Some("a control character"));
        assert_eq!(forbidden('\u{9b}'), Some("a control character"));
        for c in [
            '\u{202e}', '\u{2066}', '\u{2069}', '\u{200e}', '\u{200f}', '\u{61c}',
        ] {
            assert_eq!(forbidden(c), Some("a bidirectional control character"));
        }
    }
}
