//! The blueprint reference (`docs/blueprint.md`), written from the JSON Schema.
//!
//! Why from the schema: the schema is derived from the Rust types the loader reads, so a
//! reference built from it cannot drift from what twinstack accepts. `tests/docs.rs` fails when
//! the checked-in file differs (`TWINSTACK_UPDATE_DOCS=1 cargo test --test docs` rewrites it).

use std::fmt::Write as _;

use serde_json::Value as Json;

/// One field of the reference table.
struct Row {
    path: String,
    kind: String,
    required: bool,
    default: Option<String>,
    limits: Vec<String>,
    description: String,
}

/// Follows `$ref` (directly or as the only `allOf` entry) to the definition it names.
fn target<'a>(schema: &'a Json, node: &'a Json) -> &'a Json {
    let reference = node.get("$ref").or_else(|| {
        node.get("allOf")
            .and_then(Json::as_array)
            .filter(|a| a.len() == 1)
            .and_then(|a| a[0].get("$ref"))
    });
    reference
        .and_then(Json::as_str)
        .and_then(|r| r.strip_prefix("#/definitions/"))
        .and_then(|name| schema.get("definitions")?.get(name))
        .map_or(node, |def| target(schema, def))
}

fn text(v: &Json) -> String {
    match v {
        Json::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
    }
}

/// "string", "one of `a` \| `b`", "list of …", "map of string".
fn kind(schema: &Json, node: &Json) -> String {
    let node = target(schema, node);
    if let Some(values) = node.get("enum").and_then(Json::as_array) {
        return values.iter().map(text).collect::<Vec<_>>().join(" \\| ");
    }
    match node.get("type").and_then(Json::as_str) {
        Some("array") => match node.get("items") {
            Some(items) => format!("list of {}", kind(schema, items)),
            None => "list".to_owned(),
        },
        Some("object") => match node.get("additionalProperties") {
            Some(Json::Object(values)) => {
                format!("map of {}", kind(schema, &Json::Object(values.clone())))
            }
            _ => "mapping".to_owned(),
        },
        Some(t) => t.to_owned(),
        None => "value".to_owned(),
    }
}

fn limits(schema: &Json, node: &Json) -> Vec<String> {
    let node_here = node;
    let node = target(schema, node);
    let mut out = Vec::new();
    let get = |k: &str| node_here.get(k).or_else(|| node.get(k));
    if let (Some(lo), Some(hi)) = (get("minimum"), get("maximum")) {
        out.push(format!("{lo} to {hi}"));
    } else if let Some(lo) = get("minimum") {
        out.push(format!("at least {lo}"));
    }
    match (get("minLength"), get("maxLength")) {
        (Some(lo), Some(hi)) => out.push(format!("{lo} to {hi} characters")),
        (Some(lo), None) if lo != 1 => out.push(format!("at least {lo} characters")),
        (Some(_), None) => out.push("not empty".to_owned()),
        (None, Some(hi)) => out.push(format!("at most {hi} characters")),
        (None, None) => {}
    }
    match (get("minItems"), get("maxItems")) {
        (Some(lo), Some(hi)) => out.push(format!("{lo} to {hi} items")),
        (Some(lo), None) => out.push(format!(
            "at least {lo} item{}",
            if lo == 1 { "" } else { "s" }
        )),
        (None, Some(hi)) => out.push(format!("at most {hi} items")),
        (None, None) => {}
    }
    if get("uniqueItems") == Some(&Json::Bool(true)) {
        out.push("no repeats".to_owned());
    }
    if get("minProperties").is_some() {
        out.push("at least one key".to_owned());
    }
    if let Some(p) = get("pattern").and_then(Json::as_str) {
        out.push(format!("matches `{p}`"));
    }
    if let Some(f) = get("format").and_then(Json::as_str) {
        out.push(format!("format {f}"));
    }
    if let Some(items) = node.get("items") {
        out.extend(
            limits(schema, items)
                .into_iter()
                .map(|l| format!("each {l}")),
        );
    }
    out
}

fn one_line(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

/// Every field below `node` (an object schema), depth first, in the schema's key order.
fn rows(schema: &Json, node: &Json, prefix: &str, out: &mut Vec<Row>) {
    let node = target(schema, node);
    let Some(properties) = node.get("properties").and_then(Json::as_object) else {
        return;
    };
    let required: Vec<&str> = node
        .get("required")
        .and_then(Json::as_array)
        .map(|r| r.iter().filter_map(Json::as_str).collect())
        .unwrap_or_default();
    for (key, field) in properties {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        let resolved = target(schema, field);
        out.push(Row {
            path: path.clone(),
            kind: kind(schema, field),
            required: required.contains(&key.as_str()),
            default: field.get("default").filter(|d| !d.is_object()).map(text),
            limits: limits(schema, field),
            description: field
                .get("description")
                .or_else(|| resolved.get("description"))
                .and_then(Json::as_str)
                .map(one_line)
                .unwrap_or_default(),
        });
        if resolved.get("properties").is_some() {
            rows(schema, resolved, &path, out);
        } else if let Some(items) = resolved.get("items")
            && target(schema, items).get("properties").is_some()
        {
            rows(schema, items, &format!("{path}[]"), out);
        }
    }
}

/// The reference in Markdown.
#[must_use]
pub fn markdown(schema: &Json) -> String {
    let mut out = String::new();
    out.push_str("# Blueprint reference\n\n");
    out.push_str(
        "<!-- Generated from the blueprint JSON Schema (`twinstack schema`) by \
         `TWINSTACK_UPDATE_DOCS=1 cargo test --test docs`; do not edit by hand. -->\n\n",
    );
    out.push_str(
        "Every field twinstack reads in a blueprint (format version 1). The same schema is in \
         `blueprints/blueprint.schema.json`; with the modeline \
         `# yaml-language-server: $schema=./blueprint.schema.json` editors complete and check \
         blueprints as you type. `twinstack init` writes a first blueprint (see the README's \
         [Quick start](../README.md#quick-start)); the examples in `blueprints/` show each field \
         in use. A field marked required must be present when its section is; the others may be \
         left out, and then take the secure default shown.\n\n",
    );
    let mut all = Vec::new();
    rows(schema, schema, "", &mut all);
    let sections: Vec<&str> = {
        let mut s: Vec<&str> = Vec::new();
        for row in &all {
            let top = row.path.split(['.', '[']).next().unwrap_or_default();
            if !s.contains(&top) {
                s.push(top);
            }
        }
        s
    };
    for section in sections {
        let members: Vec<&Row> = all
            .iter()
            .filter(|r| r.path.split(['.', '[']).next() == Some(section))
            .collect();
        let _ = writeln!(out, "## `{section}`\n");
        if let Some(head) = members.first() {
            let _ = writeln!(out, "{}\n", head.description);
        }
        out.push_str("| field | type | required | default | limits | meaning |\n");
        out.push_str("|---|---|---|---|---|---|\n");
        for r in members {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | {} |",
                r.path,
                r.kind,
                if r.required { "yes" } else { "" },
                r.default.as_deref().unwrap_or(""),
                r.limits.join("; ").replace('|', "\\|"),
                r.description
            );
        }
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}
