//! `--format json`: the lint contract of BLUEPRINT.md, plus `errors` for unreadable blueprints.

use serde::Serialize;

use super::{LintReport, Summary, position, relative_uri};

#[derive(Serialize)]
struct Document<'a> {
    tool: Tool,
    summary: Summary,
    findings: Vec<JsonFinding<'a>>,
    errors: Vec<JsonError>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    pack: &'a str,
    severity: &'a str,
    waived: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    waiver_reason: Option<&'a str>,
    file: String,
    path: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
    controls: &'a [String],
    remediation: &'a str,
    /// Every rule that judged this path (the first is `rule`).
    rules: &'a [std::sync::Arc<str>],
    /// Each rule's own severity, message and controls.
    reasons: &'a [crate::policy::engine::Reason],
    /// The rule id the waiver named, when waived.
    #[serde(skip_serializing_if = "Option::is_none")]
    waived_by: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonError {
    file: String,
    code: String,
    line: Option<usize>,
    column: Option<usize>,
    message: String,
}

pub(super) fn render(report: &LintReport<'_>) -> String {
    let mut text = Vec::new();
    let _ = write(report, &mut text);
    String::from_utf8(text).unwrap_or_default()
}

/// The document serialised straight into `out`, without first building it as one string.
pub(super) fn write(report: &LintReport<'_>, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut findings = Vec::new();
    for file in &report.files {
        for f in &file.evaluation.findings {
            let (line, column) = position(&file.file, f);
            findings.push(JsonFinding {
                rule: &f.rule,
                pack: &f.pack,
                severity: f.severity.as_str(),
                waived: f.waived.is_some(),
                waiver_reason: f.waived.as_ref().map(|w| w.reason.as_str()),
                file: relative_uri(&file.file),
                path: &f.path,
                line,
                column,
                message: &f.message,
                controls: &f.controls,
                remediation: &f.remediation,
                rules: &f.rules,
                reasons: &f.reasons,
                waived_by: f.waived.as_ref().map(|w| w.rule.as_str()),
            });
        }
    }
    let errors = report
        .errors
        .iter()
        .flat_map(|e| {
            e.diagnostics.iter().map(|d| {
                let at = d.span().map(|s| e.file.line_col(s.start));
                JsonError {
                    file: relative_uri(&e.file),
                    code: d.code.clone(),
                    line: at.map(|a| a.0),
                    column: at.map(|a| a.1),
                    message: d.message.clone(),
                }
            })
        })
        .collect();
    let doc = Document {
        tool: Tool {
            name: "twinstack",
            version: env!("CARGO_PKG_VERSION"),
        },
        summary: report.summary(),
        findings,
        errors,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}
