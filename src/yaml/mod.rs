//! A YAML tree that remembers where every key and value came from.
//!
//! `serde_yaml` gives no spans for values, yet every diagnostic and every lint finding must point
//! at the exact line and column of the value it is about. So blueprints and policy packs are read
//! here first, with `saphyr-parser`'s event stream, into a small [`Node`] tree that carries a byte
//! [`Span`] for every key and value. The same pass refuses what a strict loader must refuse —
//! duplicate keys, alias bombs, very deep nesting, more than one document — and resolves plain
//! scalars by the YAML 1.2 core schema (so `no` stays a string and `2027-03-31` stays a date string).
//!
//! Typed structs are then produced from the tree through `serde_json::Value` (see
//! [`Node::to_json`]), after JSON Schema validation has reported every error with its location.

mod parse;
mod path;
mod scalar;
pub mod text;

pub use parse::{Limits, parse};
pub use path::{Path, PathSeg};

/// A byte range in the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    #[must_use]
    pub fn new(start: usize, end: usize) -> Self {
        Self {
            start,
            end: end.max(start),
        }
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// A YAML value with the span it was written at.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

/// One key of a mapping, in source order.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

/// Where a path lands in the source: the value's span and, for a mapping entry, its key's span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located {
    pub key: Option<Span>,
    pub value: Span,
    /// `false` when the path does not exist and this is its nearest present ancestor.
    pub exact: bool,
}

impl Located {
    /// The span a finding should underline: the value itself, or for a missing setting the key of
    /// the nearest present parent (the value of a whole section would underline many lines).
    #[must_use]
    pub fn primary(&self) -> Span {
        if self.exact {
            self.value
        } else {
            self.key.unwrap_or(self.value)
        }
    }
}

impl Node {
    /// The entries of a mapping node, or `None`.
    #[must_use]
    pub fn entries(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The value under `key` of a mapping node.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries()?.iter().find(|e| e.key == key)
    }

    /// A short name of the node's type, as a user would say it.
    #[must_use]
    pub fn type_name(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a number",
            Value::String(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// Finds `path`, or its nearest present ancestor (then `exact` is false).
    #[must_use]
    pub fn locate(&self, path: &Path) -> Located {
        let mut here = Located {
            key: None,
            value: self.span,
            exact: true,
        };
        let mut node = self;
        for seg in path.segments() {
            let next = match (seg, &node.value) {
                (PathSeg::Key(k), Value::Map(entries)) => entries
                    .iter()
                    .find(|e| &e.key == k)
                    .map(|e| (Some(e.key_span), &e.value)),
                (PathSeg::Index(i), Value::Seq(items)) => items.get(*i).map(|n| (None, n)),
                _ => None,
            };
            match next {
                Some((key, child)) => {
                    // A list item has no key of its own: its first key stands for it.
                    let key = key.or_else(|| child.entries()?.first().map(|e| e.key_span));
                    here = Located {
                        key,
                        value: child.span,
                        exact: true,
                    };
                    node = child;
                }
                None => {
                    return Located {
                        exact: false,
                        ..here
                    };
                }
            }
        }
        here
    }

    /// The node at `path`, if present.
    #[must_use]
    pub fn at(&self, path: &Path) -> Option<&Node> {
        let mut node = self;
        for seg in path.segments() {
            node = match (seg, &node.value) {
                (PathSeg::Key(k), Value::Map(entries)) => {
                    &entries.iter().find(|e| &e.key == k)?.value
                }
                (PathSeg::Index(i), Value::Seq(items)) => items.get(*i)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// The tree as JSON, for schema validation and typed deserialization.
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            // Non-finite floats are refused by the parser, so `from_f64` cannot fail here.
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::String(s) => J::String(s.clone()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => J::Object(
                entries
                    .iter()
                    .map(|e| (e.key.clone(), e.value.to_json()))
                    .collect(),
            ),
        }
    }
}
