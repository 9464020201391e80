//! Refusing text that would read differently than it is: control characters and bidirectional
//! controls in any key or string of a user's YAML — blueprints and catalog overlays alike.
//!
//! Blueprint text reaches generated Terraform and Bicep (descriptions, tags, purposes), terminal
//! output and pull-request comments; overlay text reaches `twinstack catalog` and findings. An ESC there can drive a terminal; a right-to-left override
//! (U+202E) or an isolate (U+2066..U+2069) makes code look different in review than it is
//! (Trojan Source). Nothing a blueprint says needs them, so they are refused when it loads, at
//! the character itself where the file holds it raw. Newlines and tabs stay allowed.

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use crate::visible::forbidden;
use crate::yaml::{Node, Path, Span, Value};

/// One diagnostic per key or string that holds a forbidden character, in source order.
#[must_use]
pub fn check(file: &SourceFile, tree: &Node) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    walk(file, tree, &Path::root(), &mut out);
    out.sort_by_key(|d| d.span().map(|s| s.start));
    out
}

fn walk(file: &SourceFile, node: &Node, path: &Path, out: &mut Vec<Diagnostic>) {
    match &node.value {
        Value::String(s) => out.extend(refuse(file, s, node.span, &format!("`{path}`"))),
        Value::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(file, item, &path.index(i), out);
            }
        }
        Value::Map(entries) => {
            for e in entries {
                let what = if path.is_root() {
                    "a key at the top level".to_owned()
                } else {
                    format!("a key in `{path}`")
                };
                out.extend(refuse(file, &e.key, e.key_span, &what));
                walk(file, &e.value, &path.key(&e.key), out);
            }
        }
        _ => {}
    }
}

fn refuse(file: &SourceFile, text: &str, span: Span, what: &str) -> Option<Diagnostic> {
    let (c, why) = text
        .chars()
        .find_map(|c| forbidden(c).map(|why| (c, why)))?;
    // Point at the character when the file holds it raw; an escape (`"\u202e"`) is the value.
    let raw = file.slice(span).char_indices().find(|&(_, r)| r == c);
    let at = raw.map_or(span, |(i, r)| {
        Span::new(span.start + i, span.start + i + r.len_utf8())
    });
    let code = if why.contains("bidirectional") {
        "text::bidi-control"
    } else {
        "text::control-character"
    };
    Some(
        Diagnostic::error(
            code,
            format!("{what} contains U+{:04X}, {why}", c as u32),
        )
        .with_label(at, format!("U+{:04X}", c as u32))
        .with_help(
            "remove it: control characters can drive a terminal and bidirectional controls make \
             text read differently in review than it is; blueprint text is plain text (newlines \
             and tabs are fine)",
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{Limits, parse};

    fn codes(text: &str) -> Vec<(String, String)> {
        let file = SourceFile::from_text("t.yaml", text);
        let tree = parse(file.text(), Limits::default()).unwrap();
        check(&file, &tree)
            .into_iter()
            .map(|d| (d.code.clone(), file.slice(d.span().unwrap()).to_owned()))
            .collect()
    }

    #[test]
    fn refuses_controls_and_bidi_anywhere() {
        assert!(codes("a: plain\nb: \"two\\nlines\\tand tab\"\n").is_empty());
        assert_eq!(
            codes("a: x\u{202e}y\n"),
            [("text::bidi-control".into(), "\u{202e}".into())]
        );
        assert_eq!(
            codes("tags:\n  k\u{85}: v\n"),
            [("text::control-character".into(), "\u{85}".into())]
        );
        assert_eq!(
            codes("l: [\"\\e[31m\"]\n"),
            [("text::control-character".into(), "\"\\e[31m\"".into())]
        );
    }
}
