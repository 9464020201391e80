//! `--format markdown`: a pull-request comment — a verdict line, a table of findings, and the
//! waived ones folded away.

use std::fmt::Write as _;

use super::{LintReport, position, relative_uri};
use crate::policy::pack::Severity;

pub(super) fn render(report: &LintReport<'_>) -> String {
    let s = report.summary();
    let mut out = String::from("## twinstack lint\n\n");
    let verdict = if report.has_gating_findings() || !report.errors.is_empty() {
        "❌"
    } else {
        "✅"
    };
    let _ = writeln!(
        out,
        "{verdict} **{} finding{}** · {} waived · {} checks passed · {} blueprint{}\n",
        s.failed,
        if s.failed == 1 { "" } else { "s" },
        s.waived,
        s.passed,
        s.files,
        if s.files == 1 { "" } else { "s" }
    );
    for e in &report.errors {
        for d in &e.diagnostics {
            let at = d
                .span()
                .map(|sp| e.file.line_col(sp.start))
                .map_or_else(String::new, |(l, c)| format!(":{l}:{c}"));
            let _ = writeln!(
                out,
                "- ⛔ `{}{at}` could not be loaded: {}",
                cell(&relative_uri(&e.file)),
                cell(&d.message)
            );
        }
    }
    if !report.errors.is_empty() {
        out.push('\n');
    }
    let mut rows = Vec::new();
    let mut waived = Vec::new();
    for file in &report.files {
        for f in &file.evaluation.findings {
            let (line, col) = position(&file.file, f);
            let place = format!(
                "`{}:{line}:{col}`<br>`{}`",
                cell(&relative_uri(&file.file)),
                cell(&f.path)
            );
            match &f.waived {
                None => rows.push((
                    f.severity,
                    format!(
                        "| {} {} | `{}` | {place} | {}<br><sub>{}</sub> |",
                        icon(f.severity),
                        f.severity,
                        f.rule,
                        cell(&f.message),
                        cell(&super::human::controls_by_pack(f))
                    ),
                )),
                Some(w) => waived.push(format!(
                    "| `{}` | {place} | {} | {} |",
                    f.rule,
                    cell(&w.reason),
                    w.expires
                )),
            }
        }
    }
    rows.sort_by_key(|r| std::cmp::Reverse(r.0));
    if !rows.is_empty() {
        out.push_str("| Severity | Rule | Where | Finding |\n|---|---|---|---|\n");
        rows.iter().for_each(|(_, r)| {
            out.push_str(r);
            out.push('\n');
        });
        out.push('\n');
    }
    if !waived.is_empty() {
        let _ = writeln!(
            out,
            "<details><summary>Waived ({})</summary>\n\n| Rule | Where | Reason | Expires |\n|---|---|---|---|",
            waived.len()
        );
        waived.iter().for_each(|r| {
            out.push_str(r);
            out.push('\n');
        });
        out.push_str("\n</details>\n\n");
    }
    let _ = writeln!(
        out,
        "<sub>twinstack {} · run `twinstack explain RULE` for a rule's documentation</sub>",
        env!("CARGO_PKG_VERSION")
    );
    out
}

fn icon(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "🟥",
        Severity::High => "🔴",
        Severity::Medium => "🟠",
        Severity::Low => "🟡",
        Severity::Info => "🔵",
    }
}

/// Text safe inside a table cell: no pipes, newlines, HTML or backtick breaks.
fn cell(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace('`', "'")
        .replace(['\n', '\r'], " ")
}
