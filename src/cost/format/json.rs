//! `--format json`: the documented contract (README "Cost estimate" and BLUEPRINT.md): per
//! blueprint and cloud, totals and every line. Written one bill at a time ([`element`]), so a
//! large run never holds the whole document as a tree or as text (keys sorted, as serde_json's
//! maps print them; the bytes are those of the whole document pretty-printed at once).

use std::io::Write;

use serde_json::json;

use crate::cost::Bill;

#[must_use]
pub fn render(bills: &[Bill]) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = write(bills, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// The document, written to `out`.
///
/// # Errors
/// Writing to `out` failed.
pub fn write(bills: &[Bill], out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(HEADER.as_bytes())?;
    for (i, b) in bills.iter().enumerate() {
        out.write_all(element(b, i == 0).as_bytes())?;
    }
    out.write_all(footer(!bills.is_empty()).as_bytes())
}

/// What the document starts with: the `blueprints` array opened.
pub const HEADER: &str = "{\n  \"blueprints\": [";

/// One bill as an element of the `blueprints` array, with the separator before it.
#[must_use]
pub fn element(b: &Bill, first: bool) -> String {
    let value = json!({
        "blueprint": b.blueprint,
        "file": b.file,
        "total": b.total(),
        "clouds": b.clouds,
    });
    let text = serde_json::to_string_pretty(&value).unwrap_or_default();
    // JSON strings escape their newlines, so every line break is the formatter's.
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    out.push_str(if first { "\n" } else { ",\n" });
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("    ");
        out.push_str(line);
    }
    out
}

/// The `blueprints` array closed (`any`: it has elements), then `tool`.
#[must_use]
pub fn footer(any: bool) -> String {
    let tool = serde_json::to_string_pretty(
        &json!({ "name": "twinstack", "version": env!("CARGO_PKG_VERSION") }),
    )
    .unwrap_or_default()
    .replace('\n', "\n  ");
    format!(
        "{}],\n  \"tool\": {tool}\n}}\n",
        if any { "\n  " } else { "" }
    )
}
