//! Builds a [`Node`] tree from `saphyr-parser` events, refusing hostile input on the way.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span as EventSpan};

use super::scalar::{is_out_of_range_int, resolve_plain};
use super::{Entry, Node, Span, Value};
use crate::diagnostic::Diagnostic;

/// Bounds that keep a hostile file from exhausting time or memory.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Deepest nesting of lists and mappings.
    pub max_depth: usize,
    /// Most nodes in the tree, counting every expansion of an alias.
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_depth: 64,
            max_nodes: 100_000,
        }
    }
}

/// Parses one YAML document. All errors that do not stop the parser (duplicate keys, unsupported
/// tags, non-finite numbers) are collected; a syntax error or a broken limit ends the parse.
///
/// # Errors
/// The diagnostics found, never empty.
pub fn parse(text: &str, limits: Limits) -> Result<Node, Vec<Diagnostic>> {
    if let Some(d) = yaml_1_1_directive(text) {
        return Err(vec![d]);
    }
    let mut builder = Builder {
        offsets: Offsets::new(text),
        limits,
        ..Builder::default()
    };
    for event in Parser::new_from_str(text) {
        match event {
            Ok((event, span)) => {
                if let Err(fatal) = builder.event(event, span) {
                    builder.errors.push(fatal);
                    return Err(builder.errors);
                }
            }
            Err(e) => {
                let at = builder.offsets.byte(e.marker().index());
                builder.errors.push(
                    Diagnostic::error("yaml::syntax", format!("invalid YAML: {}", e.info()))
                        .with_label(Span::new(at, at), "here")
                        .with_help(
                            "check indentation, brackets and quotes here and on the line before",
                        ),
                );
                return Err(builder.errors);
            }
        }
    }
    match (builder.root, builder.errors.is_empty()) {
        (Some(root), true) => Ok(root),
        (_, false) => Err(builder.errors),
        (None, true) => Err(vec![
            Diagnostic::error("yaml::empty", "the file holds no YAML document")
                .with_label(Span::default(), "empty")
                .with_help("a blueprint starts with `version: 1`"),
        ]),
    }
}

/// Maps the parser's character indices to byte offsets.
#[derive(Default)]
struct Offsets {
    /// Byte offset of each character; empty when the text is ASCII (index == offset).
    table: Vec<usize>,
    len: usize,
}

impl Offsets {
    fn new(text: &str) -> Self {
        let table = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices().map(|(i, _)| i).collect()
        };
        Self {
            table,
            len: text.len(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        if self.table.is_empty() {
            char_index.min(self.len)
        } else {
            self.table.get(char_index).copied().unwrap_or(self.len)
        }
    }

    fn span(&self, span: EventSpan) -> Span {
        Span::new(self.byte(span.start.index()), self.byte(span.end.index()))
    }
}

enum Frame {
    Seq {
        start: usize,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        start: usize,
        anchor: usize,
        entries: Vec<Entry>,
        key: Option<(String, Span)>,
        seen: HashMap<String, Span>,
    },
}

/// A `%YAML 1.1` (or 1.0) directive: the file asks for 1.1 rules (`no` is false, `0777` is
/// octal), which twinstack does not apply; reading it as 1.2 silently would change its meaning.
fn yaml_1_1_directive(text: &str) -> Option<Diagnostic> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed.starts_with("---") || trimmed == "..." {
            return None;
        }
        if let Some(version) = trimmed.strip_prefix("%YAML") {
            let version = version.trim();
            if version != "1.2" {
                let span = Span::new(offset, offset + trimmed.len());
                return Some(
                    Diagnostic::error(
                        "yaml::version",
                        format!("the file declares YAML {version}; twinstack reads YAML 1.2"),
                    )
                    .with_label(span, "this directive")
                    .with_help(
                        "remove the directive (or write `%YAML 1.2`) and check values YAML 1.1 reads \
                         differently: yes/no/on/off are strings in 1.2, 0777 is a decimal number",
                    ),
                );
            }
        }
        offset += line.len();
    }
    None
}

#[derive(Default)]
struct Builder {
    offsets: Offsets,
    limits: Limits,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Node, usize)>,
    nodes: usize,
    documents: usize,
    root: Option<Node>,
    errors: Vec<Diagnostic>,
}

impl Builder {
    fn event(&mut self, event: Event<'_>, span: EventSpan) -> Result<(), Diagnostic> {
        let span = self.offsets.span(span);
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(Diagnostic::error(
                        "yaml::multiple-documents",
                        "a blueprint file holds one YAML document",
                    )
                    .with_label(span, "a second document starts here")
                    .with_help("split the documents into separate files"));
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                self.count(1, span)?;
                // A scalar in key position is a key: keep its text as written.
                if let Some(Frame::Map {
                    key: key @ None, ..
                }) = self.stack.last_mut()
                {
                    *key = Some((text.into_owned(), span));
                    return Ok(());
                }
                let value = self.scalar(&text, style, tag.as_deref(), span);
                self.complete(Node { value, span }, anchor);
            }
            Event::SequenceStart(anchor, _) => {
                self.open(span)?;
                self.stack.push(Frame::Seq {
                    start: span.start,
                    anchor,
                    items: Vec::new(),
                });
            }
            Event::MappingStart(anchor, _) => {
                self.open(span)?;
                self.stack.push(Frame::Map {
                    start: span.start,
                    anchor,
                    entries: Vec::new(),
                    key: None,
                    seen: HashMap::new(),
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let node = match self.stack.pop() {
                    Some(Frame::Seq {
                        start,
                        anchor,
                        items,
                    }) => {
                        let end = items
                            .last()
                            .map_or(span.end, |n| n.span.end.max(span.start));
                        (
                            Node {
                                value: Value::Seq(items),
                                span: Span::new(start, end),
                            },
                            anchor,
                        )
                    }
                    Some(Frame::Map {
                        start,
                        anchor,
                        entries,
                        ..
                    }) => {
                        let end = entries
                            .last()
                            .map_or(span.end, |e| e.value.span.end.max(span.start));
                        (
                            Node {
                                value: Value::Map(entries),
                                span: Span::new(start, end),
                            },
                            anchor,
                        )
                    }
                    None => return Ok(()),
                };
                self.complete(node.0, node.1);
            }
            Event::Alias(id) => {
                let Some((node, size)) = self.anchors.get(&id).cloned() else {
                    return Err(
                        Diagnostic::error("yaml::alias", "alias to an unknown anchor")
                            .with_label(span, "here"),
                    );
                };
                self.count(size, span)?;
                if let Some(Frame::Map { key: None, .. }) = self.stack.last() {
                    self.errors.push(
                        Diagnostic::error("yaml::complex-key", "a mapping key must be plain text")
                            .with_label(span, "alias used as a key"),
                    );
                    if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                        *key = Some((String::new(), span));
                    }
                    return Ok(());
                }
                self.complete(Node { span, ..node }, 0);
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
        Ok(())
    }

    fn open(&mut self, span: Span) -> Result<(), Diagnostic> {
        self.count(1, span)?;
        if self.stack.len() >= self.limits.max_depth {
            return Err(Diagnostic::error(
                "yaml::too-deep",
                format!("nesting deeper than {} levels", self.limits.max_depth),
            )
            .with_label(span, "too deep")
            .with_help("a blueprint is a few levels deep; this file is not one"));
        }
        if let Some(Frame::Map { key: None, .. }) = self.stack.last() {
            self.errors.push(
                Diagnostic::error("yaml::complex-key", "a mapping key must be plain text")
                    .with_label(span, "a list or mapping used as a key"),
            );
        }
        Ok(())
    }

    fn count(&mut self, nodes: usize, span: Span) -> Result<(), Diagnostic> {
        self.nodes = self.nodes.saturating_add(nodes);
        if self.nodes > self.limits.max_nodes {
            return Err(Diagnostic::error(
                "yaml::too-large",
                format!("the document expands to more than {} values", self.limits.max_nodes),
            )
            .with_label(span, "limit reached here")
            .with_help(if self.anchors.is_empty() {
                "split the file: a blueprint is a workload, not a fleet"
            } else {
                "aliases that repeat aliases grow exponentially (an alias bomb); write the values out"
            }));
        }
        Ok(())
    }

    fn scalar(
        &mut self,
        text: &str,
        style: ScalarStyle,
        tag: Option<&saphyr_parser::Tag>,
        span: Span,
    ) -> Value {
        let value = match (tag, style) {
            (None, ScalarStyle::Plain) => resolve_plain(text),
            (None, _) => Value::String(text.to_owned()),
            (Some(tag), _) if tag.is_yaml_core_schema() => match tag.suffix.as_str() {
                "str" => Value::String(text.to_owned()),
                "int" | "float" | "bool" | "null" => resolve_plain(text),
                other => {
                    self.errors.push(
                        Diagnostic::error(
                            "yaml::tag",
                            format!("the tag `!!{other}` is not supported"),
                        )
                        .with_label(span, "tagged value")
                        .with_help("remove the tag; blueprints use plain YAML values"),
                    );
                    Value::Null
                }
            },
            (Some(tag), _) => {
                self.errors.push(
                    Diagnostic::error(
                        "yaml::tag",
                        format!("the tag `{}{}` is not supported", tag.handle, tag.suffix),
                    )
                    .with_label(span, "tagged value")
                    .with_help("remove the tag; blueprints use plain YAML values"),
                );
                Value::Null
            }
        };
        if matches!(value, Value::Float(_)) && is_out_of_range_int(text) {
            self.errors.push(
                Diagnostic::error(
                    "yaml::number-range",
                    format!(
                        "`{text}` is out of range: whole numbers go from {} to {}",
                        i64::MIN,
                        i64::MAX
                    ),
                )
                .with_label(span, "too large to read exactly")
                .with_help("check the number; quote it if you mean the text"),
            );
            return Value::Null;
        }
        if let Value::Float(f) = value
            && !f.is_finite()
        {
            self.errors.push(
                Diagnostic::error(
                    "yaml::not-finite",
                    format!("`{text}` is not a finite number"),
                )
                .with_label(span, "infinite or not a number")
                .with_help("quote it if you mean the text"),
            );
            return Value::Null;
        }
        value
    }

    fn complete(&mut self, node: Node, anchor: usize) {
        if anchor != 0 {
            let size = count_nodes(&node);
            self.anchors.insert(anchor, (node.clone(), size));
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries, key, seen, ..
            }) => match key.take() {
                // A list or mapping in key position was reported by `open`; its value is dropped.
                None => *key = Some((String::new(), node.span)),
                Some((name, key_span)) => {
                    if let Some(first) = seen.get(&name) {
                        self.errors.push(
                            Diagnostic::error(
                                "yaml::duplicate-key",
                                format!("duplicate key `{name}`"),
                            )
                            .with_label(key_span, "defined again here")
                            .with_label(*first, "first defined here")
                            .with_help("a key may appear once in a mapping; remove one of them"),
                        );
                    } else {
                        seen.insert(name.clone(), key_span);
                        entries.push(Entry {
                            key: name,
                            key_span,
                            value: node,
                        });
                    }
                }
            },
        }
    }
}

fn count_nodes(node: &Node) -> usize {
    1 + match &node.value {
        Value::Seq(items) => items.iter().map(count_nodes).sum(),
        Value::Map(entries) => entries.iter().map(|e| 1 + count_nodes(&e.value)).sum(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Node {
        parse(text, Limits::default()).expect("parses")
    }

    fn codes(text: &str) -> Vec<String> {
        parse(text, Limits::default())
            .expect_err("fails")
            .into_iter()
            .map(|d| d.code)
            .collect()
    }

    #[test]
    fn spans_point_at_values() {
        let text = "a: 1\nb:\n  c: héllo\n  d: [x, y]\n";
        let root = ok(text);
        let c = root.at(&crate::yaml::Path::parse("b.c")).unwrap();
        assert_eq!(&text[c.span.start..c.span.end], "héllo");
        let y = root.at(&crate::yaml::Path::parse("b.d[1]")).unwrap();
        assert_eq!(&text[y.span.start..y.span.end], "y");
    }

    #[test]
    fn refuses_duplicates_bombs_depth_and_documents() {
        assert_eq!(codes("a: 1\na: 2\n"), ["yaml::duplicate-key"]);
        let bomb = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n";
        assert_eq!(codes(bomb), ["yaml::too-large"]);
        assert_eq!(codes(&"[".repeat(100)), ["yaml::too-deep"]);
        assert_eq!(codes("a: 1\n---\nb: 2\n"), ["yaml::multiple-documents"]);
        assert_eq!(codes(""), ["yaml::empty"]);
        assert_eq!(codes("a: .inf\n"), ["yaml::not-finite"]);
        assert_eq!(codes("a: 99999999999999999999\n"), ["yaml::number-range"]);
        assert_eq!(codes("a: !custom x\n"), ["yaml::tag"]);
        assert_eq!(codes("? [a]\n: 1\n"), ["yaml::complex-key"]);
        assert_eq!(codes("a: [1\n"), ["yaml::syntax"]);
    }

    #[test]
    fn small_aliases_expand() {
        let root = ok("base: &b {x: 1}\nother: *b\n");
        assert_eq!(
            root.at(&crate::yaml::Path::parse("other.x")).unwrap().value,
            Value::Int(1)
        );
    }
}
