//! `--format github`: workflow commands that GitHub Actions turns into annotations on the diff.

use super::{LintReport, position, relative_uri};
use crate::policy::pack::Severity;

pub(super) fn render(report: &LintReport<'_>) -> String {
    let mut out = String::new();
    for file in &report.files {
        for f in &file.evaluation.findings {
            let (line, col) = position(&file.file, f);
            let level = match (&f.waived, f.severity) {
                (Some(_), _) | (None, Severity::Low | Severity::Info) => "notice",
                (None, Severity::Critical | Severity::High) => "error",
                (None, Severity::Medium) => "warning",
            };
            let title = match &f.waived {
                Some(_) => format!("{} ({}, waived)", f.rule, f.severity),
                None => format!("{} ({})", f.rule, f.severity),
            };
            let body = match &f.waived {
                Some(w) => format!("{}\nWaived until {}: {}", f.message, w.expires, w.reason),
                None => format!(
                    "{}\n{}\n{}",
                    f.message,
                    f.remediation,
                    super::human::controls_by_pack(f)
                ),
            };
            out.push_str(&format!(
                "::{level} file={},line={line},col={col},title={}::{}\n",
                property(&relative_uri(&file.file)),
                property(&title),
                data(&body)
            ));
        }
    }
    for e in &report.errors {
        for d in &e.diagnostics {
            let at = d.span().map(|s| e.file.line_col(s.start)).unwrap_or((1, 1));
            out.push_str(&format!(
                "::error file={},line={},col={},title={}::{}\n",
                property(&relative_uri(&e.file)),
                at.0,
                at.1,
                property(&d.code),
                data(&d.message)
            ));
        }
    }
    out.push_str(&super::human::summary_line(report));
    out
}

/// Escapes a workflow-command message.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow-command property value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}
