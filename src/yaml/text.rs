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
    walk(file, tree, &mut Vec::new(), &mut out);
    out.sort_by_key(|d| d.span().map(|s| s.start));
    out
}

/// `at` is the path to `node`, kept as a stack and turned into a [`Path`] only for a diagnostic:
/// every key and string of every blueprint is checked, and almost none holds a forbidden
/// character.
/// One step of the path being walked, borrowed from the tree.
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

fn walk<'a>(file: &SourceFile, node: &'a Node, at: &mut Vec<Step<'a>>, out: &mut Vec<Diagnostic>) {
    match &node.value {
        Value::String(s) => out.extend(refuse(file, s, node.span, || format!("`{}`", path_of(at)))),
        Value::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                at.push(Step::Index(i));
                walk(file, item, at, out);
                at.pop();
            }
        }
        Value::Map(entries) => {
            for e in entries {
                out.extend(refuse(file, &e.key, e.key_span, || {
                    if at.is_empty() {
                        "a key at the top level".to_owned()
                    } else {
                        format!("a key in `{}`", path_of(at))
                    }
                }));
                at.push(Step::Key(&e.key));
                walk(file, &e.value, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

fn path_of(steps: &[Step<'_>]) -> Path {
    steps.iter().fold(Path::root(), |p, s| match s {
        Step::Key(k) => p.key(k),
        Step::Index(i) => p.index(*i),
    })
}

fn refuse(
    file: &SourceFile,
    text: &str,
    span: Span,
    what: impl FnOnce() -> String,
) -> Option<Diagnostic> {
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
            format!("{} contains U+{:04X}, {why}", what(), c as u32),
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
