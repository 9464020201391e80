//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning accepts it — repository-relative URIs,
//! line/column regions, rule metadata with help text and `security-severity`, and waived findings
//! as `suppressions` (shown as dismissed, never hidden).

use serde_json::{Value, json};

use super::sarif_run::{artifact_uri, invocations};
use super::stream::{Finish, indented, split_at_marker, write_array};
use super::{FileResult, position};
use crate::policy::pack::Severity;
use crate::spool::Spool;

/// GitHub reads `security-severity` (0.0-10.0) to rank alerts as critical/high/medium/low.
fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// Where `results` goes in the document.
const RESULTS: &str = "\u{1}results\u{1}";
const TAG: u8 = 0;

/// The file's results, each spooled as its rule id, a NUL, and the result as compact JSON
/// without `ruleIndex`: the index is into the rules of every pack the run enabled, known only
/// at the end.
pub(super) fn file(file: &FileResult, spool: &mut Spool) {
    let uri = artifact_uri(&file.file);
    for f in &file.evaluation.findings {
        let (line, col) = position(&file.file, f);
        let (end_line, end_col) = file.file.line_col(f.span.end.max(f.span.start));
        let mut result = json!({
            "ruleId": f.rule,
            "level": level(f.severity),
            "message": { "text": f.message },
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": { "uri": uri },
                    "region": { "startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col.max(col) },
                },
                "logicalLocations": [{ "fullyQualifiedName": f.path, "kind": "member" }],
            }],
            "partialFingerprints": { "twinstackFinding/v1": fingerprint(&uri, &f.rule, &f.path) },
            "properties": {
                "security-severity": security_severity(f.severity),
                "pack": f.pack,
                "rules": f.rules,
                "controls": f.controls,
            },
        });
        if let Some(w) = &f.waived {
            result["suppressions"] = json!([{ "kind": "inSource", "status": "accepted", "justification": format!("{} (waiver expires {})", w.reason, w.expires) }]);
        }
        let mut record = f.rule.as_bytes().to_vec();
        record.push(0);
        if serde_json::to_writer(&mut record, &result).is_ok() {
            spool.push(TAG, &record);
        }
    }
}

/// The document: invocations, the spooled results with their rule indexes, rule metadata.
pub(super) fn finish(
    w: &mut Finish<'_, '_, '_>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let rules: Vec<Value> = w
        .end
        .rules
        .iter()
        .map(|(pack, rule)| {
            let controls = rule.controls.join("; ");
            json!({
                "id": rule.id,
                "name": rule.id.split('-').map(|w| w[..1].to_uppercase() + &w[1..].to_lowercase()).collect::<String>(),
                "shortDescription": { "text": rule.title },
                "fullDescription": { "text": rule.description.trim() },
                "help": {
                    "text": format!("{}\n\nRemediation: {}\nControls: {controls}", rule.description.trim(), rule.remediation.trim()),
                    "markdown": format!("{}\n\n**Remediation:** {}\n\n**Controls:** {controls}\n\nPack: `{}`", rule.description.trim(), rule.remediation.trim(), pack.def.pack),
                },
                "defaultConfiguration": { "level": level(rule.severity) },
                "properties": {
                    "tags": std::iter::once("compliance".to_owned()).chain(std::iter::once(pack.def.pack.clone())).collect::<Vec<_>>(),
                    "security-severity": security_severity(rule.severity),
                    "precision": "very-high",
                    "controls": rule.controls,
                },
            })
        })
        .collect();
    // Keys sorted, as serde_json's maps keep them.
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{
            "automationDetails": { "id": "twinstack/lint/" },
            "columnKind": "unicodeCodePoints",
            "invocations": invocations(w.end.errors),
            "results": RESULTS,
            "tool": { "driver": {
                "name": "twinstack",
                "rules": rules,
                "version": env!("CARGO_PKG_VERSION"),
            }},
        }],
        "version": "2.1.0",
    });
    let mut text = serde_json::to_string_pretty(&doc).map_err(std::io::Error::other)?;
    text.push('\n');
    let parts = split_at_marker(&text, RESULTS);
    let index = |id: &[u8]| w.end.rules.iter().position(|(_, r)| r.id.as_bytes() == id);
    let indent = parts.1.clone();
    write_array(w.spool, TAG, &parts, out, |record, out| {
        let nul = record.iter().position(|b| *b == 0).unwrap_or(record.len());
        let mut result: Value = serde_json::from_slice(&record[(nul + 1).min(record.len())..])
            .map_err(std::io::Error::other)?;
        if let Some(i) = index(&record[..nul]) {
            result["ruleIndex"] = json!(i);
        }
        let pretty = serde_json::to_string_pretty(&result).map_err(std::io::Error::other)?;
        out.write_all(indented(&pretty, &indent).as_bytes())
    })
}

/// A stable id for a finding across runs, so code scanning tracks it as lines move.
fn fingerprint(uri: &str, rule: &str, path: &str) -> String {
    // FNV-1a: small, stable across platforms and versions (std's hasher is not).
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in uri
        .bytes()
        .chain([0])
        .chain(rule.bytes())
        .chain([0])
        .chain(path.bytes())
    {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}
