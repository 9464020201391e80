//! `--format json`: the documented contract (README "Cost estimate" and BLUEPRINT.md): per
//! blueprint and cloud, totals and every line.

use serde_json::json;

use crate::cost::Bill;

#[must_use]
pub fn render(bills: &[Bill]) -> String {
    let doc = json!({
        "tool": { "name": "twinstack", "version": env!("CARGO_PKG_VERSION") },
        "blueprints": bills.iter().map(|b| json!({
            "blueprint": b.blueprint,
            "file": b.file,
            "total": b.total(),
            "clouds": b.clouds,
        })).collect::<Vec<_>>(),
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}
