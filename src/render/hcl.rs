//! A thin layer over hcl-rs for writing Terraform: blocks built in Rust, formatted by hcl-rs,
//! with `=` aligned as `terraform fmt` does, and a one-line comment above each block naming the
//! blueprint fields it comes from.
//!
//! The injection rule: text from a blueprint only ever enters as [`Expression::String`] (via
//! [`lit`]), which hcl-rs escapes (`"`, `\`, newlines, `${` → `$${`, `%{` → `%%{`). [`expr`]
//! parses HCL source and is only given twinstack's own text plus catalog-validated identifiers
//! (region codes, model ids), each checked by [`safe`] first.

use std::str::FromStr;

use hcl::expr::{Expression, FuncCall, Object, ObjectKey};
use hcl::{Block, BlockBuilder, Body, Identifier};

/// A literal string, escaped by hcl-rs.
#[must_use]
pub fn lit(s: impl Into<String>) -> Expression {
    Expression::String(s.into())
}

/// An identifier-safe value for interpolation into twinstack's own HCL source: letters, digits
/// and `._:/*-` only (region codes, model ids, resource names). Anything else is a bug upstream.
///
/// # Errors
/// The offending value.
pub fn safe(s: &str) -> Result<&str, String> {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "._:/*-".contains(c))
    {
        Ok(s)
    } else {
        Err(format!(
            "value `{}` is not safe to interpolate into HCL",
            s.escape_default()
        ))
    }
}

/// Parses an HCL expression written by twinstack (references, function calls, templates).
///
/// # Errors
/// The source, when it does not parse (a twinstack bug, caught by the golden tests).
pub fn expr(src: &str) -> Result<Expression, String> {
    Expression::from_str(src).map_err(|e| format!("invalid HCL expression `{src}`: {e}"))
}

/// `jsonencode(<object>)`, for IAM and resource policies.
#[must_use]
pub fn jsonencode(value: Expression) -> Expression {
    FuncCall::builder("jsonencode").arg(value).build().into()
}

/// An object with keys in the given order; keys that are identifiers stay bare.
#[must_use]
pub fn obj<K: AsRef<str>>(items: impl IntoIterator<Item = (K, Expression)>) -> Expression {
    let mut o = Object::new();
    for (k, v) in items {
        let k = k.as_ref();
        let key = match Identifier::new(k) {
            Ok(id) if !k.contains('-') => ObjectKey::Identifier(id),
            _ => ObjectKey::Expression(lit(k)),
        };
        o.insert(key, v);
    }
    Expression::Object(o)
}

/// A list.
#[must_use]
pub fn list(items: impl IntoIterator<Item = Expression>) -> Expression {
    Expression::Array(items.into_iter().collect())
}

/// A list of literal strings.
#[must_use]
pub fn strings<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> Expression {
    list(items.into_iter().map(|s| lit(s.as_ref())))
}

/// A top-level block with its provenance comment and any inline Checkov skips.
pub struct TopBlock {
    pub comment: String,
    pub block: Block,
    /// `(check id, reason)`: written as `#checkov:skip=ID:reason` inside the block.
    pub skips: Vec<(String, String)>,
}

/// Builds a block: `B::new("resource").label("aws_kms_key").label("main")`.
pub struct B(BlockBuilder);

impl B {
    #[must_use]
    pub fn new(identifier: &str) -> Self {
        B(Block::builder(identifier))
    }

    #[must_use]
    pub fn resource(kind: &str, name: &str) -> Self {
        B(Block::builder("resource").add_label(kind).add_label(name))
    }

    #[must_use]
    pub fn data(kind: &str, name: &str) -> Self {
        B(Block::builder("data").add_label(kind).add_label(name))
    }

    #[must_use]
    pub fn label(self, label: &str) -> Self {
        B(self.0.add_label(label))
    }

    #[must_use]
    pub fn a(self, key: &str, value: impl Into<Expression>) -> Self {
        B(self.0.add_attribute((key, value.into())))
    }

    /// An attribute only when the value is present.
    #[must_use]
    pub fn opt(self, key: &str, value: Option<impl Into<Expression>>) -> Self {
        match value {
            Some(v) => self.a(key, v),
            None => self,
        }
    }

    #[must_use]
    pub fn b(self, block: B) -> Self {
        B(self.0.add_block(block.0.build()))
    }

    #[must_use]
    pub fn blocks(self, blocks: impl IntoIterator<Item = B>) -> Self {
        blocks.into_iter().fold(self, B::b)
    }

    #[must_use]
    pub fn build(self) -> Block {
        self.0.build()
    }
}

/// Formats top-level blocks: header, then each block with its comment, separated by blank lines.
///
/// # Errors
/// A formatting error from hcl-rs.
pub fn format_file(header: &str, blocks: &[TopBlock]) -> Result<String, String> {
    let mut out = String::from(header);
    for top in blocks {
        out.push('\n');
        for line in top.comment.lines() {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
        let body = Body::builder()
            .add_block(meta_arguments_in_place(top.block.clone()))
            .build();
        let text = hcl::format::to_string(&body).map_err(|e| e.to_string())?;
        let mut lines: Vec<String> = align(&text).lines().map(str::to_owned).collect();
        if !top.skips.is_empty() && !lines.is_empty() {
            let skips = top
                .skips
                .iter()
                .map(|(id, why)| format!("  #checkov:skip={id}:{why}"));
            lines.splice(1..1, skips);
        }
        out.push_str(&lines.join("\n"));
        out.push('\n');
    }
    Ok(out)
}

/// Terraform's style: `count`, `for_each` and `provider` first, `depends_on` and `lifecycle` last.
fn meta_arguments_in_place(mut block: Block) -> Block {
    let rank = |s: &hcl::Structure| match s {
        hcl::Structure::Attribute(a) => match a.key.as_str() {
            "count" | "for_each" => 0,
            "provider" => 1,
            "depends_on" => 3,
            _ => 2,
        },
        hcl::Structure::Block(b) if b.identifier.as_str() == "lifecycle" => 3,
        hcl::Structure::Block(_) => 2,
    };
    block.body.0.sort_by_key(rank);
    block
}

/// Aligns `=` in runs of consecutive single-line attributes, as `terraform fmt` (hclwrite) does:
/// a line whose value opens a multi-line expression (`tags = {`) is not aligned and ends the run.
#[must_use]
pub fn align(text: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let mut i = 0;
    while i < lines.len() {
        let mut j = i;
        while j < lines.len() && attribute(&lines[j]).is_some() && !opens_multiline(&lines[j]) {
            j += 1;
        }
        if j > i {
            let width = lines[i..j]
                .iter()
                .filter_map(|l| attribute(l))
                .map(|(ind, key)| ind + key.len())
                .max()
                .unwrap_or(0);
            for line in &mut lines[i..j] {
                if let Some((ind, key)) = attribute(line) {
                    let rest = line[ind + key.len()..]
                        .trim_start()
                        .strip_prefix('=')
                        .unwrap_or("")
                        .trim_start()
                        .to_owned();
                    let pad = width - ind - key.len();
                    *line = format!("{}{key}{} = {rest}", " ".repeat(ind), " ".repeat(pad));
                }
            }
            i = j;
        } else {
            i += 1;
        }
    }
    let mut s = lines.join("\n");
    s.push('\n');
    s
}

/// `(indentation, key)` of a `key = value` line.
fn attribute(line: &str) -> Option<(usize, &str)> {
    let indent = line.len() - line.trim_start().len();
    let rest = &line[indent..];
    let eq = rest.find(" = ")?;
    let key = &rest[..eq];
    let quoted = key.len() >= 2
        && key.starts_with('"')
        && key.ends_with('"')
        && !key[1..key.len() - 1].contains('"');
    (quoted
        || (!key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')))
    .then_some((indent, key))
}

/// Whether an attribute's value continues on the next lines (`{`, `[`, `(` left open).
fn opens_multiline(line: &str) -> bool {
    let trimmed = line.trim_end();
    trimmed.ends_with('{')
        || trimmed.ends_with('[')
        || trimmed.ends_with('(')
        || trimmed.ends_with("<<EOT")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_runs_of_attributes() {
        let text = "resource \"x\" \"y\" {\n  a = 1\n  long_name = 2\n  tags = {\n    \"k\" = \"v\"\n    kk = 1\n  }\n  z = 3\n}\n";
        assert_eq!(
            align(text),
            "resource \"x\" \"y\" {\n  a         = 1\n  long_name = 2\n  tags = {\n    \"k\" = \"v\"\n    kk  = 1\n  }\n  z = 3\n}\n"
        );
    }

    #[test]
    fn safe_refuses_hcl_syntax() {
        assert!(safe("us-east-1").is_ok());
        assert!(safe("anthropic.claude-3-5-sonnet-20241022-v2:0").is_ok());
        assert!(safe("x\"}").is_err());
        assert!(safe("${x}").is_err());
    }
}
