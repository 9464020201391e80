//! A thin layer over hcl-rs for writing Terraform: blocks built in Rust, formatted by hcl-rs,
//! with `=` aligned as `terraform fmt` does, and a one-line comment above each block naming the
//! blueprint fields it comes from.
//!
//! The injection rule: text from a blueprint only ever enters through [`lit`], which escapes
//! `"`, `\`, newlines, `${` → `$${` and `%{` → `%%{`. Strings with a `$` or `%` are escaped
//! here rather than by hcl-rs, whose marker escaping reads characters in pairs and so leaves the
//! `${` in `$${` or `%${` unescaped (a live interpolation). [`expr`]
//! parses HCL source and is only given twinstack's own text plus catalog-validated identifiers
//! (region codes, model ids), each checked by [`safe`] first.

use std::str::FromStr;

use hcl::expr::{Expression, FuncCall, Object, ObjectKey, TemplateExpr, Traversal, Variable};
use hcl::{Block, BlockBuilder, Body, Identifier};

/// A literal string: whatever it holds, Terraform reads back exactly it.
#[must_use]
pub fn lit(s: impl Into<String>) -> Expression {
    let s = s.into();
    if s.contains(['$', '%']) {
        Expression::TemplateExpr(Box::new(TemplateExpr::QuotedString(escape_literal(&s))))
    } else {
        Expression::String(s)
    }
}

/// The body of a quoted HCL string that reads as `s`: quotes, backslashes and control
/// characters escaped, and every `${` and `%{` doubled, wherever it starts.
fn escape_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
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

/// An HCL expression written by twinstack (references, function calls, templates). References
/// and `"…${…}…"` templates are built directly; anything else is parsed.
///
/// # Errors
/// The source, when it does not parse (a twinstack bug, caught by the golden tests).
pub fn expr(src: &str) -> Result<Expression, String> {
    if let Some(inner) = src.strip_prefix('"').and_then(|s| s.strip_suffix('"'))
        && !inner.contains(['"', '\\', '\n'])
    {
        return Ok(Expression::TemplateExpr(Box::new(
            TemplateExpr::QuotedString(inner.to_owned()),
        )));
    }
    if let Some(traversal) = reference(src) {
        return Ok(traversal);
    }
    parsed(src)
}

/// Expressions twinstack writes repeat from blueprint to blueprint (Terraform addresses inside a
/// root module are the same in every one), and parsing is the dear part: each thread keeps what
/// it parsed, up to [`PARSED_KEPT`] sources, then starts again, so memory stays flat.
fn parsed(src: &str) -> Result<Expression, String> {
    thread_local! {
        static PARSED: std::cell::RefCell<std::collections::HashMap<String, Expression>> =
            std::cell::RefCell::default();
    }
    if let Some(hit) = PARSED.with_borrow(|m| m.get(src).cloned()) {
        return Ok(hit);
    }
    let e =
        Expression::from_str(src).map_err(|e| format!("invalid HCL expression `{src}`: {e}"))?;
    PARSED.with_borrow_mut(|m| {
        if m.len() >= PARSED_KEPT {
            m.clear();
        }
        m.insert(src.to_owned(), e.clone());
    });
    Ok(e)
}

/// How many parsed expressions a thread keeps.
const PARSED_KEPT: usize = 4096;

/// `a.b[0].c` or `a.b[*].c` as a traversal, without the parser; `None` if it is anything else.
fn reference(src: &str) -> Option<Expression> {
    let mut parts = src.split('.');
    let first = parts.next()?;
    if !is_identifier(first) {
        return None;
    }
    let mut builder = Traversal::builder(Variable::unchecked(first));
    let mut any = false;
    for part in parts {
        let (name, mut rest) = part
            .find('[')
            .map_or((part, ""), |i| (&part[..i], &part[i..]));
        if !is_identifier(name) {
            return None;
        }
        builder = builder.attr(Identifier::unchecked(name));
        any = true;
        while let Some(after) = rest.strip_prefix('[') {
            let close = after.find(']')?;
            builder = match &after[..close] {
                "*" => builder.full_splat(),
                n => builder.index(n.parse::<u64>().ok()?),
            };
            rest = &after[close + 1..];
        }
        if !rest.is_empty() {
            return None;
        }
    }
    any.then(|| builder.build().into())
}

/// An attribute name: the ASCII identifiers twinstack writes are taken as they are; anything
/// else goes through hcl-rs's conversion (which sanitises it), as before. The check is the
/// cheap part: hcl-rs's conversion walks Unicode tables and allocates for every attribute.
fn ident(key: &str) -> Identifier {
    if is_identifier(key) {
        Identifier::unchecked(key)
    } else {
        Identifier::from(key)
    }
}

fn is_identifier(s: &str) -> bool {
    // Bytes, not chars: every accepted character is ASCII, and a multi-byte character's bytes
    // are all >= 0x80, so they fail the test as the character would.
    let mut bytes = s.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
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
        let key = if k.contains('-') {
            ObjectKey::Expression(lit(k))
        } else if is_identifier(k) {
            ObjectKey::Identifier(Identifier::unchecked(k))
        } else {
            match Identifier::new(k) {
                Ok(id) => ObjectKey::Identifier(id),
                Err(_) => ObjectKey::Expression(lit(k)),
            }
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
        B(Block::builder(ident(identifier)))
    }

    #[must_use]
    pub fn resource(kind: &str, name: &str) -> Self {
        B(Block::builder(Identifier::unchecked("resource"))
            .add_label(kind)
            .add_label(name))
    }

    #[must_use]
    pub fn data(kind: &str, name: &str) -> Self {
        B(Block::builder(Identifier::unchecked("data"))
            .add_label(kind)
            .add_label(name))
    }

    #[must_use]
    pub fn label(self, label: &str) -> Self {
        B(self.0.add_label(label))
    }

    #[must_use]
    pub fn a(self, key: &str, value: impl Into<Expression>) -> Self {
        B(self.0.add_attribute((ident(key), value.into())))
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
pub fn format_file(header: &str, blocks: Vec<TopBlock>) -> Result<String, String> {
    let mut out = String::from(header);
    for top in blocks {
        out.push('\n');
        for line in top.comment.lines() {
            out.push_str("# ");
            out.push_str(&crate::visible::escape(line));
            out.push('\n');
        }
        let body = Body::builder()
            .add_block(meta_arguments_in_place(top.block))
            .build();
        let text = align(&hcl::format::to_string(&body).map_err(|e| e.to_string())?);
        match text.split_once('\n') {
            Some((first, rest)) if !top.skips.is_empty() => {
                out.push_str(first);
                out.push('\n');
                for (id, why) in &top.skips {
                    out.push_str(&format!("  #checkov:skip={id}:{why}\n"));
                }
                out.push_str(rest);
            }
            _ => out.push_str(&text),
        }
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
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut i = 0;
    while i < lines.len() {
        let mut j = i;
        let mut width = 0;
        while let Some((indent, key)) = lines
            .get(j)
            .and_then(|l| attribute(l))
            .filter(|_| !opens_multiline(lines[j]))
        {
            width = width.max(indent + key.len());
            j += 1;
        }
        if j == i {
            out.push_str(lines[i]);
            out.push('\n');
            i += 1;
            continue;
        }
        for line in &lines[i..j] {
            if let Some((indent, key)) = attribute(line) {
                let rest = line[indent + key.len()..]
                    .trim_start()
                    .strip_prefix('=')
                    .unwrap_or("")
                    .trim_start();
                out.push_str(&line[..indent + key.len()]);
                out.extend(std::iter::repeat_n(' ', width - indent - key.len()));
                out.push_str(" = ");
                out.push_str(rest);
                out.push('\n');
            }
        }
        i = j;
    }
    out
}

/// `(indentation, key)` of a `key = value` line: an identifier or a quoted key, then ` = `.
fn attribute(line: &str) -> Option<(usize, &str)> {
    let bytes = line.as_bytes();
    let indent = bytes.iter().take_while(|b| **b == b' ').count();
    let key_end = match bytes.get(indent)? {
        b'"' => indent + 1 + bytes[indent + 1..].iter().position(|b| *b == b'"')? + 1,
        b if b.is_ascii_alphabetic() || *b == b'_' => {
            indent
                + bytes[indent..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_' || **b == b'-')
                    .count()
        }
        _ => return None,
    };
    line[key_end..]
        .starts_with(" = ")
        .then(|| (indent, &line[indent..key_end]))
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
    #[test]
    fn literals_read_back_exactly_even_after_dollars_and_percents() {
        for text in [
            "${$${",
            "%${x}",
            "a $${b} c",
            "%%{d}",
            "$$",
            "100%",
            "x\"y\\z",
            "${",
            "$",
        ] {
            let body = hcl::Body::builder()
                .add_attribute(("v", super::lit(text)))
                .build();
            let written = hcl::format::to_string(&body).unwrap();
            let read: hcl::Body = hcl::from_str(&written).unwrap();
            let value = read.attributes().next().unwrap().expr().clone();
            assert_eq!(value, hcl::Expression::String(text.to_owned()), "{written}");
        }
    }

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
    fn references_and_templates_are_built_like_the_parser_would() {
        for src in [
            "aws_kms_key.main.arn",
            "data.aws_availability_zones.available.names[0]",
            "aws_bedrockagent_knowledge_base.main[0].arn",
            "aws_x.y[*].arn",
        ] {
            assert_eq!(
                expr(src).unwrap(),
                Expression::from_str(src).unwrap(),
                "{src}"
            );
        }
        let template = "\"arn:${data.aws_partition.current.partition}:iam::aws:policy/x\"";
        let body = format!("a = {template}\n");
        assert_eq!(
            hcl::format::to_string(
                &hcl::Body::builder()
                    .add_attribute(("a", expr(template).unwrap()))
                    .build()
            )
            .unwrap(),
            body
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
