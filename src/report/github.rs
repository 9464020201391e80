//! `--format github`: workflow commands that GitHub Actions turns into annotations on the diff.

use super::stream::Finish;
use super::{FileResult, position, relative_uri};
use crate::policy::pack::Severity;
use crate::spool::Spool;

const TAG: u8 = 0;

/// One annotation per finding of the file.
pub(super) fn file(file: &FileResult, spool: &mut Spool) {
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
        let line = format!(
            "::{level} file={},line={line},col={col},title={}::{}\n",
            property(&relative_uri(&file.file)),
            property(&title),
            data(&body)
        );
        spool.push(TAG, line.as_bytes());
    }
}

/// The findings' annotations, one per diagnostic of a file that did not load, the summary.
pub(super) fn finish(
    w: &mut Finish<'_, '_, '_>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    w.spool.copy(TAG, out)?;
    let mut out_text = String::new();
    for e in w.end.errors {
        for d in &e.diagnostics {
            let at = d.span().map(|s| e.file.line_col(s.start)).unwrap_or((1, 1));
            out_text.push_str(&format!(
                "::error file={},line={},col={},title={}::{}\n",
                property(&relative_uri(&e.file)),
                at.0,
                at.1,
                property(&d.code),
                data(&d.message)
            ));
        }
    }
    out_text.push_str(&super::human::summary_line(w.tally, w.end.errors.len()));
    out.write_all(out_text.as_bytes())
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
