//! `--format human`: a code frame per finding, grouped by file, then waived findings in one line
//! each, then (over several files) the findings per rule, then a summary line.

use std::fmt::Write as _;

use super::statistics::table;
use super::stream::{Finish, Tally};
use super::{FileResult, position, relative_uri};
use crate::diagnostic::{Diagnostic, Level, Style, render as render_diagnostics};
use crate::policy::Finding;
use crate::policy::pack::Severity;
use crate::spool::Spool;

const FRAMES: u8 = 0;
const WAIVED: u8 = 1;

/// One file's part: the code frames of its findings that are not waived, and a line for each
/// waived one.
pub(super) fn file(file: &FileResult, style: Style, spool: &mut Spool) {
    let shown: Vec<Diagnostic> = file
        .evaluation
        .findings
        .iter()
        .filter(|f| f.waived.is_none())
        .map(diagnostic)
        .collect();
    if !shown.is_empty() {
        let mut frames = render_diagnostics(&file.file, &shown, style);
        frames.push('\n');
        spool.push(FRAMES, frames.as_bytes());
    }
    for f in &file.evaluation.findings {
        if let Some(w) = &f.waived {
            let (line, col) = position(&file.file, f);
            let text = format!(
                "  waived {} at {}:{line}:{col} until {}: {}\n",
                f.rule,
                relative_uri(&file.file),
                w.expires,
                w.reason
            );
            spool.push(WAIVED, text.as_bytes());
        }
    }
}

/// The frames, the waived findings, the findings per rule (over several files), the summary.
pub(super) fn finish(
    w: &mut Finish<'_, '_, '_>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    w.spool.copy(FRAMES, out)?;
    if w.tally.waived > 0 {
        out.write_all(b"Waived findings:\n")?;
        w.spool.copy(WAIVED, out)?;
        out.write_all(b"\n")?;
    }
    let counts = w.tally.statistics();
    if w.tally.loaded + w.end.errors.len() > 1 && !counts.is_empty() {
        out.write_all(b"Findings by rule:\n")?;
        out.write_all(table(&counts).as_bytes())?;
        out.write_all(b"\n")?;
    }
    out.write_all(summary_line(w.tally, w.end.errors.len()).as_bytes())
}

/// `--quiet`: the code frames of the findings that are not waived, file by file.
pub(super) fn finish_quiet(
    w: &mut Finish<'_, '_, '_>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    w.spool.copy(FRAMES, out)
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

/// "4 blueprints: 2 findings (1 high, 1 medium), 1 waived, 140 checks passed."
pub(super) fn summary_line(tally: &Tally, unloadable: usize) -> String {
    let s = tally.summary(unloadable);
    let mut by_severity = String::new();
    for severity in [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ] {
        let n = tally.open(severity);
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
    let errors = if unloadable == 0 {
        String::new()
    } else {
        format!(" ({unloadable} could not be loaded)")
    };
    format!(
        "{} blueprint{}{errors}: {findings}, {} waived, {} checks passed.\n",
        s.files,
        if s.files == 1 { "" } else { "s" },
        s.waived,
        s.passed
    )
}
