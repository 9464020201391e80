//! `--format json`: the documented contract (README "Cost estimate" and BLUEPRINT.md): per
//! blueprint and cloud, totals and every line. Written one bill at a time, so a large run never
//! holds the whole document as a tree and as text beside the bills (keys sorted, as serde_json's
//! maps print them).

use std::io::Write;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
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
    serde_json::to_writer_pretty(&mut *out, &Document(bills))?;
    out.write_all(b"\n")
}

struct Document<'a>(&'a [Bill]);

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut doc = serializer.serialize_map(Some(2))?;
        doc.serialize_entry("blueprints", &Blueprints(self.0))?;
        doc.serialize_entry(
            "tool",
            &json!({ "name": "twinstack", "version": env!("CARGO_PKG_VERSION") }),
        )?;
        doc.end()
    }
}

struct Blueprints<'a>(&'a [Bill]);

impl Serialize for Blueprints<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for b in self.0 {
            seq.serialize_element(&json!({
                "blueprint": b.blueprint,
                "file": b.file,
                "total": b.total(),
                "clouds": b.clouds,
            }))?;
        }
        seq.end()
    }
}
