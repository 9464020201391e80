//! `--format json`: the lint contract of BLUEPRINT.md, plus `errors` for unreadable blueprints.

use serde::Serialize;

use super::stream::{Finish, indented, split_at_marker, write_array};
use super::{FileResult, Summary, position, relative_uri};
use crate::spool::Spool;

#[derive(Serialize)]
struct Document<'a> {
    tool: Tool,
    summary: Summary,
    /// The placeholder the spooled findings replace.
    findings: &'a str,
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

/// Where `findings` goes in the document; a JSON string no finding can hold unescaped.
const FINDINGS: &str = "\u{1}findings\u{1}";
/// The indent of a finding: an element of the document's `findings` array.
const ELEMENT_INDENT: &str = "    ";
const TAG: u8 = 0;

/// One file's findings, pretty-printed as elements of `findings`.
pub(super) fn file(file: &FileResult, spool: &mut Spool) {
    for f in &file.evaluation.findings {
        let (line, column) = position(&file.file, f);
        let finding = JsonFinding {
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
        };
        let pretty = serde_json::to_string_pretty(&finding).unwrap_or_default();
        spool.push(TAG, indented(&pretty, ELEMENT_INDENT).as_bytes());
    }
}

/// The document: the summary, the spooled findings, the files that did not load.
pub(super) fn finish(
    w: &mut Finish<'_, '_, '_>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let errors = w
        .end
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
        summary: w.summary(),
        findings: FINDINGS,
        errors,
    };
    let mut text = serde_json::to_string_pretty(&doc).map_err(std::io::Error::other)?;
    text.push('\n');
    let parts = split_at_marker(&text, FINDINGS);
    debug_assert_eq!(parts.1, ELEMENT_INDENT);
    write_array(w.spool, TAG, &parts, out, |element, out| {
        out.write_all(element)
    })
}
