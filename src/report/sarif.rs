//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning accepts it — repository-relative URIs,
//! line/column regions, rule metadata with help text and `security-severity`, and waived findings
//! as `suppressions` (shown as dismissed, never hidden).

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{Value, json};

use super::sarif_run::{artifact_uri, invocations};
use super::{LintReport, position};
use crate::policy::pack::Severity;

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

pub(super) fn render(report: &LintReport<'_>) -> String {
    let mut text = Vec::new();
    let _ = write(report, &mut text);
    String::from_utf8(text).unwrap_or_default()
}

/// The document serialised straight into `out`, without first building it as one string.
pub(super) fn write(report: &LintReport<'_>, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let rules: Vec<Value> = report
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
    let doc = Document {
        report,
        rules: json!(rules),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}

/// The SARIF document, serialised as `json!` would print it (keys sorted, as serde_json's maps
/// keep them) but with each result built only while it is written, so memory holds one result
/// tree at a time rather than one per finding.
struct Document<'r, 'a> {
    report: &'r LintReport<'a>,
    rules: Value,
}

impl Serialize for Document<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut doc = serializer.serialize_map(Some(3))?;
        doc.serialize_entry("$schema", "https://json.schemastore.org/sarif-2.1.0.json")?;
        doc.serialize_entry("runs", &[Run(self)])?;
        doc.serialize_entry("version", "2.1.0")?;
        doc.end()
    }
}

struct Run<'d, 'r, 'a>(&'d Document<'r, 'a>);

impl Serialize for Run<'_, '_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut run = serializer.serialize_map(Some(5))?;
        run.serialize_entry("automationDetails", &json!({ "id": "twinstack/lint/" }))?;
        run.serialize_entry("columnKind", "unicodeCodePoints")?;
        run.serialize_entry("invocations", &invocations(self.0.report))?;
        run.serialize_entry("results", &Results(self.0.report))?;
        run.serialize_entry(
            "tool",
            &json!({ "driver": {
                "name": "twinstack",
                "rules": self.0.rules,
                "version": env!("CARGO_PKG_VERSION"),
            }}),
        )?;
        run.end()
    }
}

struct Results<'r, 'a>(&'r LintReport<'a>);

impl Serialize for Results<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let report = self.0;
        let index = |id: &str| report.rules.iter().position(|(_, r)| r.id == id);
        let mut seq = serializer.serialize_seq(None)?;
        for file in &report.files {
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
                if let Some(i) = index(&f.rule) {
                    result["ruleIndex"] = json!(i);
                }
                if let Some(w) = &f.waived {
                    result["suppressions"] = json!([{ "kind": "inSource", "status": "accepted", "justification": format!("{} (waiver expires {})", w.reason, w.expires) }]);
                }
                seq.serialize_element(&result)?;
            }
        }
        seq.end()
    }
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
