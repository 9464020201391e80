//! `--format human`: a code frame per finding, grouped by file, then waived findings in one line
//! each, then (over several files) the findings per rule, then a summary line.

use std::fmt::Write as _;

use super::statistics::{statistics, table};
use super::{LintReport, position, relative_uri};
use crate::diagnostic::{Diagnostic, Level, Style, render as render_diagnostics};
use crate::policy::Finding;
use crate::policy::pack::Severity;

pub(super) fn render(report: &LintReport<'_>, style: Style) -> String {
    let mut out = render_findings(report, style);
    let waived: Vec<String> = report
        .files
        .iter()
        .flat_map(|file| {
            file.evaluation.findings.iter().filter_map(move |f| {
                let w = f.waived.as_ref()?;
                let (line, col) = position(&file.file, f);
                Some(format!(
                    "  waived {} at {}:{line}:{col} until {}: {}\n",
                    f.rule,
                    relative_uri(&file.file),
                    w.expires,
                    w.reason
                ))
            })
        })
        .collect();
    if !waived.is_empty() {
        out.push_str("Waived findings:\n");
        waived.iter().for_each(|w| out.push_str(w));
        out.push('\n');
    }
    let counts = statistics(report);
    if report.files.len() + report.errors.len() > 1 && !counts.is_empty() {
        out.push_str("Findings by rule:\n");
        out.push_str(&table(&counts));
        out.push('\n');
    }
    out.push_str(&summary_line(report));
    out
}

/// The code frames of the findings that are not waived, file by file: all `--quiet` prints.
pub(super) fn render_findings(report: &LintReport<'_>, style: Style) -> String {
    let mut out = String::new();
    for file in &report.files {
        let shown: Vec<Diagnostic> = file
            .evaluation
            .findings
            .iter()
            .filter(|f| f.waived.is_none())
            .map(diagnostic)
            .collect();
        if !shown.is_empty() {
            out.push_str(&render_diagnostics(&file.file, &shown, style));
            out.push('\n');
        }
    }
    out
}

/// A finding leads with its one-line message and, under it, the rule, severity and title; then
/// the frame. There is no code line above the message, so the message is the first thing read.
fn diagnostic(f: &Finding) -> Diagnostic {
    let level = match f.severity {
        Severity::Critical | Severity::High => Level::Error,
        Severity::Medium => Level::Warning,
        Severity::Low | Severity::Info => Level::Advice,
    };
    Diagnostic::error(
        "",
        format!("{}\n{} ({}): {}", f.message, f.rule, f.severity, f.title),
    )
    .with_level(level)
    .with_label(f.span, "")
    .with_help(format!("{}\n{}", f.remediation, controls_by_pack(f)))
}

/// "[hipaa: 45 CFR 164.312(b)] [gdpr: GDPR Art. 30]": each framework's controls once.
pub(super) fn controls_by_pack(f: &Finding) -> String {
    let mut packs: Vec<(&str, Vec<&str>)> = Vec::new();
    for r in &f.reasons {
        let slot = match packs.iter().position(|(p, _)| **p == *r.pack) {
            Some(i) => &mut packs[i].1,
            None => {
                packs.push((&r.pack, Vec::new()));
                &mut packs.last_mut().expect("pushed").1
            }
        };
        for c in r.controls.iter() {
            if !slot.contains(&c.as_str()) {
                slot.push(c);
            }
        }
    }
    if packs.is_empty() {
        return format!("[{}: {}]", f.pack, f.controls.join("; "));
    }
    packs
        .iter()
        .map(|(p, c)| format!("[{p}: {}]", c.join("; ")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// "4 blueprints, 52 rules: 2 findings (1 high, 1 medium), 1 waived, 140 checks passed."
pub(super) fn summary_line(report: &LintReport<'_>) -> String {
    let s = report.summary();
    let mut by_severity = String::new();
    for severity in [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ] {
        let n = report
            .files
            .iter()
            .flat_map(|f| &f.evaluation.findings)
            .filter(|f| f.waived.is_none() && f.severity == severity)
            .count();
        if n > 0 {
            let sep = if by_severity.is_empty() { "" } else { ", " };
            let _ = write!(by_severity, "{sep}{n} {severity}");
        }
    }
    let findings = match s.failed {
        0 => "no findings".to_owned(),
        1 => format!("1 finding ({by_severity})"),
        n => format!("{n} findings ({by_severity})"),
    };
    let errors = if report.errors.is_empty() {
        String::new()
    } else {
        format!(" ({} could not be loaded)", report.errors.len())
    };
    format!(
        "{} blueprint{}{errors}: {findings}, {} waived, {} checks passed.\n",
        s.files,
        if s.files == 1 { "" } else { "s" },
        s.waived,
        s.passed
    )
}
